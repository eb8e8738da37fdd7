-- Running a 1:1 live: its purpose, timer, agenda with notes, the landing, and action items.
CREATE TABLE one_on_ones (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id),
    purposes TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'landed')),
    banked_ms INTEGER NOT NULL DEFAULT 0 CHECK (banked_ms >= 0),
    running_since TEXT,
    current_item INTEGER,
    no_actions INTEGER NOT NULL DEFAULT 0,
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    rating_comment TEXT,
    ended_at TEXT,
    actual_minutes INTEGER,
    -- The landing as entered so far (JSON), until the meeting lands.
    landing_draft TEXT,
    CHECK (state = 'live' OR rating IS NOT NULL)
);
CREATE INDEX one_on_ones_live ON one_on_ones(state) WHERE state = 'live';

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    owner TEXT NOT NULL CHECK (owner IN ('seller', 'manager')),
    source TEXT NOT NULL CHECK (source IN ('seller', 'carried', 'actions', 'template', 'added')),
    carried_from TEXT,
    carried_count INTEGER NOT NULL DEFAULT 0,
    done INTEGER NOT NULL DEFAULT 0,
    booked_ms INTEGER NOT NULL DEFAULT 0 CHECK (booked_ms >= 0),
    notes TEXT NOT NULL DEFAULT '',
    private_notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id, position);

-- Items a seller puts on their next 1:1's agenda beforehand.
CREATE TABLE agenda_requests (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES sellers(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    added_at TEXT NOT NULL,
    used_in INTEGER REFERENCES meetings(id)
);
CREATE INDEX agenda_requests_open ON agenda_requests(seller_id) WHERE used_in IS NULL;

CREATE TABLE action_items (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES sellers(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner TEXT NOT NULL CHECK (owner IN ('seller', 'manager')),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    meeting_id INTEGER REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE INDEX action_items_seller ON action_items(seller_id, status, due_on);
CREATE INDEX action_items_meeting ON action_items(meeting_id);
