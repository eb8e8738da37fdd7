-- The action tracker: actions may have no date, a drop keeps its reason, and every change made
-- in the tracker, the review or the command line is journaled so it can be undone and redone.

-- AUTOINCREMENT: an id is never reused, so the journal's rows can only ever mean one item.
CREATE TABLE action_items_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id INTEGER NOT NULL REFERENCES sellers(id),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    owner TEXT NOT NULL CHECK (owner IN ('seller', 'manager')),
    due_on TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    meeting_id INTEGER REFERENCES meetings(id),
    created_at TEXT NOT NULL,
    closed_at TEXT,
    drop_reason TEXT,
    CHECK ((status = 'open') = (closed_at IS NULL))
);
INSERT INTO action_items_new (id, seller_id, title, owner, due_on, status, meeting_id, created_at,
                              closed_at)
    SELECT id, seller_id, title, owner, due_on, status, meeting_id, created_at,
           CASE WHEN status = 'open' THEN NULL ELSE coalesce(closed_at, created_at) END
    FROM action_items;
DROP TABLE action_items;
ALTER TABLE action_items_new RENAME TO action_items;
CREATE INDEX action_items_seller ON action_items(seller_id, status, due_on);
CREATE INDEX action_items_meeting ON action_items(meeting_id);
CREATE INDEX action_items_open ON action_items(due_on) WHERE status = 'open';
CREATE INDEX action_items_closed ON action_items(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX action_items_created ON action_items(created_at);

-- One row per action item changed; the rows of one step are undone and redone together.
-- `before` and `after` are the item's row as JSON; `before` is NULL when the step added it.
-- Rows without a step are history only (an item brought to a 1:1), never undone.
CREATE TABLE action_changes (
    id INTEGER PRIMARY KEY,
    step INTEGER,
    action_id INTEGER NOT NULL,
    at TEXT NOT NULL,
    what TEXT NOT NULL,
    before TEXT,
    after TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX action_changes_step ON action_changes(undone, step) WHERE step IS NOT NULL;
CREATE INDEX action_changes_action ON action_changes(action_id);

-- An agenda request made from an action item ("bring to next 1:1") is the manager's follow-up.
ALTER TABLE agenda_requests ADD COLUMN action_id INTEGER REFERENCES action_items(id);
