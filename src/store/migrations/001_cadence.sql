-- Sellers, cadence rules and the meetings they produce.
-- 'cadc': marks the file as cadence's, so another program's SQLite file is never taken over.
PRAGMA application_id = 1667327075;

CREATE TABLE sellers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    started_on TEXT NOT NULL,
    motivation TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cadence_rules (
    id INTEGER PRIMARY KEY,
    seller_id INTEGER REFERENCES sellers(id),
    kind TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('weekly', 'biweekly', 'monthly', 'quarterly')),
    nth INTEGER CHECK (nth IS NULL OR nth = -1 OR nth BETWEEN 1 AND 5),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    local_time TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    time_zone TEXT NOT NULL,
    -- Days the rule can fall on (and the phase of biweekly and quarterly rules).
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    -- The instants the rule applies between: an edit ends one version and starts the next,
    -- so history keeps the rule as it was.
    effective_from TEXT NOT NULL,
    effective_until TEXT
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    rule_id INTEGER REFERENCES cadence_rules(id),
    occurs_on TEXT,
    seller_id INTEGER REFERENCES sellers(id),
    kind TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    status TEXT NOT NULL CHECK (status IN ('planned', 'held', 'canceled', 'rescheduled')),
    cancel_reason TEXT,
    rescheduled_to TEXT,
    rescheduled_from INTEGER REFERENCES meetings(id),
    CHECK (status <> 'canceled' OR length(trim(cancel_reason)) > 0),
    CHECK (status <> 'rescheduled' OR rescheduled_to IS NOT NULL)
);

-- One meeting per rule and day: expanding a week twice adds nothing.
CREATE UNIQUE INDEX meetings_occurrence ON meetings(rule_id, occurs_on) WHERE rule_id IS NOT NULL;
CREATE INDEX meetings_starts_at ON meetings(starts_at);
CREATE INDEX meetings_seller ON meetings(seller_id, starts_at);

CREATE TABLE app_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
