-- The outbox for the team server: one row per change the org may see, appended by triggers in
-- the same transaction as the change, so no write path can forget it. A row holds the kind and
-- the local id only, never the text: `team push` reads what may leave from the current rows.
-- Rows are never updated or deleted; app_state 'team_pushed_seq' is how far the server has
-- committed, and 'team_pushed_at' when.
CREATE TABLE team_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('seller', 'meeting', 'action', 'scorecard', 'note')),
    local_id INTEGER NOT NULL,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TRIGGER team_outbox_no_update BEFORE UPDATE ON team_outbox BEGIN
    SELECT RAISE(ABORT, 'the team outbox is append-only');
END;
CREATE TRIGGER team_outbox_no_delete BEFORE DELETE ON team_outbox BEGIN
    SELECT RAISE(ABORT, 'the team outbox is append-only');
END;

INSERT OR IGNORE INTO app_state (key, value) VALUES ('team_pushed_seq', '0');

CREATE TRIGGER team_seller_added AFTER INSERT ON sellers BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('seller', NEW.id);
END;
CREATE TRIGGER team_seller_changed AFTER UPDATE OF name, started_on ON sellers BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('seller', NEW.id);
END;
CREATE TRIGGER team_seller_removed AFTER DELETE ON sellers BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('seller', OLD.id);
END;

-- With a trigger on meetings, SQLite plans the foreign-key checks of every row that points
-- at a meeting when one is added: each needs an index, or adding a meeting reads the years.
CREATE INDEX meetings_rescheduled_from ON meetings(rescheduled_from);
CREATE INDEX scorecards_meeting ON scorecards(meeting_id);
CREATE INDEX agenda_requests_used_in ON agenda_requests(used_in);

CREATE TRIGGER team_meeting_added AFTER INSERT ON meetings BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', NEW.id);
END;
CREATE TRIGGER team_meeting_changed AFTER UPDATE OF seller_id, kind, starts_at, minutes, status,
    cancel_reason ON meetings BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', NEW.id);
END;
CREATE TRIGGER team_meeting_removed AFTER DELETE ON meetings BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', OLD.id);
END;

-- A live 1:1's clock (banked_ms, running_since, current_item, the draft) changes every few
-- seconds and is none of the org's business: only its shape and its landing are.
CREATE TRIGGER team_one_on_one_added AFTER INSERT ON one_on_ones BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', NEW.meeting_id);
END;
CREATE TRIGGER team_one_on_one_changed AFTER UPDATE OF purposes, state, no_actions, rating,
    actual_minutes ON one_on_ones BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', NEW.meeting_id);
END;
CREATE TRIGGER team_one_on_one_removed AFTER DELETE ON one_on_ones BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('meeting', OLD.meeting_id);
END;

-- An action also changes its 1:1's action count.
CREATE TRIGGER team_action_added AFTER INSERT ON action_items BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('action', NEW.id);
    INSERT INTO team_outbox (kind, local_id)
        SELECT 'meeting', NEW.meeting_id WHERE NEW.meeting_id IS NOT NULL;
END;
CREATE TRIGGER team_action_changed AFTER UPDATE OF seller_id, owner, due_on, status, meeting_id,
    closed_at ON action_items BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('action', NEW.id);
    INSERT INTO team_outbox (kind, local_id)
        SELECT 'meeting', OLD.meeting_id
        WHERE OLD.meeting_id IS NOT NULL AND OLD.meeting_id IS NOT NEW.meeting_id;
END;
CREATE TRIGGER team_action_removed AFTER DELETE ON action_items BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('action', OLD.id);
    INSERT INTO team_outbox (kind, local_id)
        SELECT 'meeting', OLD.meeting_id WHERE OLD.meeting_id IS NOT NULL;
END;

-- A scorecard leaves once finished; its marks, evidence and observations with it.
CREATE TRIGGER team_scorecard_added AFTER INSERT ON scorecards BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.id);
END;
CREATE TRIGGER team_scorecard_changed AFTER UPDATE ON scorecards
    WHEN NEW.state = 'finished' OR OLD.state = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.id);
END;
CREATE TRIGGER team_scorecard_removed AFTER DELETE ON scorecards BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', OLD.id);
END;
CREATE TRIGGER team_score_added AFTER INSERT ON scores
    WHEN (SELECT state FROM scorecards WHERE id = NEW.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.scorecard_id);
END;
CREATE TRIGGER team_score_changed AFTER UPDATE ON scores
    WHEN (SELECT state FROM scorecards WHERE id = NEW.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.scorecard_id);
END;
CREATE TRIGGER team_score_removed AFTER DELETE ON scores
    WHEN (SELECT state FROM scorecards WHERE id = OLD.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', OLD.scorecard_id);
END;
CREATE TRIGGER team_observation_added AFTER INSERT ON observations
    WHEN (SELECT state FROM scorecards WHERE id = NEW.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.scorecard_id);
END;
CREATE TRIGGER team_observation_changed AFTER UPDATE ON observations
    WHEN (SELECT state FROM scorecards WHERE id = NEW.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', NEW.scorecard_id);
END;
CREATE TRIGGER team_observation_removed AFTER DELETE ON observations
    WHEN (SELECT state FROM scorecards WHERE id = OLD.scorecard_id) = 'finished' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('scorecard', OLD.scorecard_id);
END;

-- Shared notes (agenda_items.notes); private_notes has no trigger, and never leaves. Notes
-- typed in a live 1:1 are saved every few seconds: they are recorded once, when it lands,
-- and each later edit after that.
CREATE TRIGGER team_notes_landed AFTER UPDATE OF state ON one_on_ones
    WHEN NEW.state = 'landed' AND OLD.state IS NOT 'landed' BEGIN
    INSERT INTO team_outbox (kind, local_id)
        SELECT 'note', id FROM agenda_items WHERE meeting_id = NEW.meeting_id AND notes <> ''
        ORDER BY id;
END;
CREATE TRIGGER team_note_added AFTER INSERT ON agenda_items WHEN NEW.notes <> ''
    AND (SELECT state FROM one_on_ones WHERE meeting_id = NEW.meeting_id) = 'landed' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('note', NEW.id);
END;
CREATE TRIGGER team_note_changed AFTER UPDATE OF notes ON agenda_items
    WHEN NEW.notes IS NOT OLD.notes
    AND (SELECT state FROM one_on_ones WHERE meeting_id = NEW.meeting_id) = 'landed' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('note', NEW.id);
END;
CREATE TRIGGER team_note_removed AFTER DELETE ON agenda_items WHEN OLD.notes <> '' BEGIN
    INSERT INTO team_outbox (kind, local_id) VALUES ('note', OLD.id);
END;

-- Everything already in the file is a change the server has not seen.
INSERT INTO team_outbox (kind, local_id) SELECT 'seller', id FROM sellers ORDER BY id;
INSERT INTO team_outbox (kind, local_id) SELECT 'meeting', id FROM meetings ORDER BY id;
INSERT INTO team_outbox (kind, local_id) SELECT 'action', id FROM action_items ORDER BY id;
INSERT INTO team_outbox (kind, local_id)
    SELECT 'scorecard', id FROM scorecards WHERE state = 'finished' ORDER BY id;
INSERT INTO team_outbox (kind, local_id)
    SELECT 'note', id FROM agenda_items WHERE notes <> '' ORDER BY id;
