-- Scoring calls against rubrics. A scorecard points at the exact rubric version it was
-- scored with, kept here as JSON, so editing a rubric never changes an old scorecard.

CREATE TABLE rubric_versions (
    id INTEGER PRIMARY KEY,
    rubric_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL,
    UNIQUE (rubric_id, version)
);

CREATE TABLE scorecards (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL REFERENCES sellers(id),
    rubric INTEGER NOT NULL REFERENCES rubric_versions(id),
    -- The joint call scored, when it was picked from the calendar.
    meeting_id INTEGER REFERENCES meetings(id),
    -- Who scored: empty for the manager, a name for a colleague's imported scorecard.
    assessor TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'finished')),
    took_over INTEGER NOT NULL DEFAULT 0,
    -- The weighted score so far, kept in step with the marks for lists and trends.
    score REAL,
    strength TEXT,
    focus TEXT,
    finished_at TEXT,
    action_id INTEGER REFERENCES action_items(id),
    CHECK (state = 'live' OR finished_at IS NOT NULL)
);
CREATE INDEX scorecards_seller ON scorecards(seller_id, started_at);
CREATE INDEX scorecards_started ON scorecards(started_at);
CREATE INDEX scorecards_live ON scorecards(state) WHERE state = 'live';

-- One row per criterion touched: a mark (0 = not observed, NULL = none yet) and evidence.
CREATE TABLE scores (
    scorecard_id INTEGER NOT NULL REFERENCES scorecards(id),
    criterion TEXT NOT NULL,
    mark INTEGER CHECK (mark BETWEEN 0 AND 5),
    evidence TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scorecard_id, criterion)
) WITHOUT ROWID;

CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    scorecard_id INTEGER NOT NULL REFERENCES scorecards(id),
    criterion TEXT NOT NULL,
    at_seconds INTEGER NOT NULL CHECK (at_seconds >= 0),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0)
);
CREATE INDEX observations_scorecard ON observations(scorecard_id, id);
