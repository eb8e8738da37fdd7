-- The organisation's view of every manager's cadence, coaching and calibration.
--
-- Every table but schema_version carries manager_id, and its primary key starts with it, so
-- the tables can be distributed by that key (Citus) or replicated for dashboards. Ids other
-- than manager_id are the manager's own stable local ids, as text, so a push can upsert.
-- Row-level security: a login role (made by `cadence team admin add-manager` or
-- `add-leader`, member of cadence_team) reads and writes the rows of its own manager_id,
-- and reads those of the managers under it in the reporting tree, transitively.

CREATE TABLE schema_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version integer NOT NULL
);
INSERT INTO schema_version (version) VALUES (1);

-- Managers and leaders: one row per person in the reporting tree. role_name is the login
-- role that acts for this row; a leader named before they have a login has none yet.
CREATE TABLE managers (
    manager_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    role_name text UNIQUE,
    kind text NOT NULL CHECK (kind IN ('manager', 'leader')),
    leader_id bigint REFERENCES managers (manager_id),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX managers_by_leader ON managers (leader_id);

CREATE TABLE sellers (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    seller_id text NOT NULL,
    name text NOT NULL,
    started_on date,
    PRIMARY KEY (manager_id, seller_id)
);

-- One occurrence on the calendar; no title, no notes.
CREATE TABLE meetings (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    meeting_id text NOT NULL,
    seller_id text,
    kind text NOT NULL,
    status text NOT NULL CHECK (status IN ('planned', 'held', 'canceled', 'missed', 'moved')),
    reason_category text,
    planned_at timestamptz NOT NULL,
    minutes integer CHECK (minutes > 0),
    PRIMARY KEY (manager_id, meeting_id)
);

-- A 1:1's shape: its purposes, and whether it landed with actions and feedback asked.
CREATE TABLE one_on_ones (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    meeting_id text NOT NULL,
    purposes text[] NOT NULL,
    landed boolean NOT NULL,
    action_count integer NOT NULL DEFAULT 0,
    no_actions_chosen boolean NOT NULL DEFAULT false,
    feedback_asked boolean NOT NULL,
    PRIMARY KEY (manager_id, meeting_id)
);

-- The seller's "was this useful?" answer after a meeting.
CREATE TABLE ratings (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    meeting_id text NOT NULL,
    rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    rated_at timestamptz NOT NULL,
    PRIMARY KEY (manager_id, meeting_id)
);

CREATE TABLE scorecards (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    scorecard_id text NOT NULL,
    seller_id text,
    meeting_id text,
    rubric text NOT NULL,
    rubric_version integer NOT NULL,
    scored_at timestamptz NOT NULL,
    took_over boolean NOT NULL DEFAULT false,
    strength_criterion text,
    focus_criterion text,
    weighted_score numeric(4, 2),
    PRIMARY KEY (manager_id, scorecard_id)
);

-- A score per criterion; NULL with not_observed, which is not zero.
CREATE TABLE criterion_scores (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    scorecard_id text NOT NULL,
    criterion text NOT NULL,
    score smallint CHECK (score BETWEEN 1 AND 5),
    not_observed boolean NOT NULL DEFAULT false,
    CHECK (not_observed = (score IS NULL)),
    PRIMARY KEY (manager_id, scorecard_id, criterion),
    FOREIGN KEY (manager_id, scorecard_id) REFERENCES scorecards (manager_id, scorecard_id)
        ON DELETE CASCADE
);

-- Action items without their titles: who owns them, when due, and how they ended.
CREATE TABLE action_items (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    action_id text NOT NULL,
    seller_id text,
    meeting_id text,
    owner text NOT NULL CHECK (owner IN ('seller', 'manager')),
    due_on date,
    status text NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    closed_on date,
    PRIMARY KEY (manager_id, action_id)
);

-- Coach the coach: the manager's own 1:1s scored by their leader on the manager-1:1 rubric.
CREATE TABLE coach_results (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    result_id text NOT NULL,
    meeting_id text,
    rubric_version integer NOT NULL,
    scored_at timestamptz NOT NULL,
    weighted_score numeric(4, 2),
    PRIMARY KEY (manager_id, result_id)
);

-- A call a leader publishes for every manager under them to score blind; manager_id is the
-- leader's.
CREATE TABLE calibration_calls (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    call_id text NOT NULL,
    rubric text NOT NULL,
    rubric_version integer NOT NULL,
    title text NOT NULL,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (manager_id, call_id)
);

-- One manager's score of a published call; manager_id is the scoring manager's.
CREATE TABLE calibration_scores (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    leader_id bigint NOT NULL,
    call_id text NOT NULL,
    criterion text NOT NULL,
    score smallint CHECK (score BETWEEN 1 AND 5),
    scored_at timestamptz NOT NULL,
    PRIMARY KEY (manager_id, leader_id, call_id, criterion),
    FOREIGN KEY (leader_id, call_id) REFERENCES calibration_calls (manager_id, call_id)
);

-- Shared notes, observation text and evidence: only from a manager who opted in
-- ([team] share_text = true). Private notes never reach the server.
CREATE TABLE shared_texts (
    manager_id bigint NOT NULL REFERENCES managers (manager_id),
    text_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('shared_note', 'observation', 'evidence')),
    about_id text NOT NULL,
    body text NOT NULL,
    PRIMARY KEY (manager_id, text_id)
);

-- Who is asking. The lookups run as the schema's owner (SECURITY DEFINER) so that the
-- policies on managers do not recurse; the wrappers pass the caller's own role, which a
-- caller cannot choose.
CREATE FUNCTION cadence_member_of(role text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT manager_id FROM public.managers WHERE role_name = role $$;

CREATE FUNCTION cadence_below_of(role text) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$
    WITH RECURSIVE tree (manager_id) AS (
        SELECT m.manager_id FROM public.managers m
        WHERE m.leader_id = (SELECT manager_id FROM public.managers WHERE role_name = role)
        UNION
        SELECT m.manager_id FROM public.managers m JOIN tree t ON m.leader_id = t.manager_id
    )
    SELECT coalesce(array_agg(manager_id), '{}') FROM tree
    $$;

CREATE FUNCTION cadence_above_of(role text) RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$
    WITH RECURSIVE chain (manager_id) AS (
        SELECT m.leader_id FROM public.managers m WHERE m.role_name = role AND m.leader_id IS NOT NULL
        UNION
        SELECT m.leader_id FROM public.managers m JOIN chain c ON m.manager_id = c.manager_id
        WHERE m.leader_id IS NOT NULL
    )
    SELECT coalesce(array_agg(manager_id), '{}') FROM chain
    $$;

CREATE FUNCTION cadence_me() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT public.cadence_member_of(current_user::text) $$;
CREATE FUNCTION cadence_below() RETURNS bigint[] LANGUAGE sql STABLE
    AS $$ SELECT public.cadence_below_of(current_user::text) $$;
CREATE FUNCTION cadence_above() RETURNS bigint[] LANGUAGE sql STABLE
    AS $$ SELECT public.cadence_above_of(current_user::text) $$;

-- The group every login role made by cadence belongs to. Roles are the cluster's, not the
-- database's: it may exist already from another database.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cadence_team') THEN
        CREATE ROLE cadence_team NOLOGIN;
    END IF;
EXCEPTION
    -- Another database's init made it at the same moment: it is there, which is the point.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT SELECT ON schema_version TO cadence_team;

-- Managers: read your own row, your reporting tree, and the leaders above you; no writes.
ALTER TABLE managers ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON managers TO cadence_team;
CREATE POLICY managers_visible ON managers FOR SELECT TO cadence_team USING (
    manager_id = (SELECT cadence_me())
    OR manager_id IN (SELECT unnest(cadence_below()))
    OR manager_id IN (SELECT unnest(cadence_above()))
);

-- Every kind: read and write your own rows, read your tree's.
DO $$
DECLARE
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY['sellers', 'meetings', 'one_on_ones', 'ratings', 'scorecards',
        'criterion_scores', 'action_items', 'coach_results', 'calibration_calls',
        'calibration_scores', 'shared_texts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', kind);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO cadence_team', kind);
        EXECUTE format('CREATE POLICY %I ON %I TO cadence_team '
            'USING (manager_id = (SELECT cadence_me())) '
            'WITH CHECK (manager_id = (SELECT cadence_me()))', kind || '_own', kind);
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO cadence_team '
            'USING (manager_id IN (SELECT unnest(cadence_below())))', kind || '_tree', kind);
    END LOOP;
END
$$;

-- A published calibration call is read by the managers under its leader.
CREATE POLICY calibration_calls_published ON calibration_calls FOR SELECT TO cadence_team
    USING (manager_id IN (SELECT unnest(cadence_above())));
