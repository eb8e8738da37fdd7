-- A number that changes whenever a cadence rule is added, changed or removed, by any
-- connection or program: a week whose cadence was written is written again only then.
INSERT OR IGNORE INTO app_state (key, value) VALUES ('rules_version', '0');

CREATE TRIGGER cadence_rules_added AFTER INSERT ON cadence_rules BEGIN
    UPDATE app_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rules_version';
END;

CREATE TRIGGER cadence_rules_changed AFTER UPDATE ON cadence_rules BEGIN
    UPDATE app_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rules_version';
END;

CREATE TRIGGER cadence_rules_removed AFTER DELETE ON cadence_rules BEGIN
    UPDATE app_state SET value = CAST(value AS INTEGER) + 1 WHERE key = 'rules_version';
END;
