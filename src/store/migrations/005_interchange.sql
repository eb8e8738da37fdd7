-- Files to and from other tools: a seller's email (from a roster), and a stable uuid per
-- action item, so a task exported to taskwarrior or todo.txt and imported back updates the
-- same item instead of adding a second one.

ALTER TABLE sellers ADD COLUMN email TEXT;

ALTER TABLE action_items ADD COLUMN uuid TEXT;

-- A random (version 4) uuid in its usual text form.
UPDATE action_items SET uuid =
    lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
    substr(lower(hex(randomblob(2))), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' ||
    lower(hex(randomblob(6)));

CREATE UNIQUE INDEX action_items_uuid ON action_items(uuid);

-- Every way an item is added (the tracker, a landing, a scorecard, an undo redone) gets one,
-- unless the insert brings its own (an import).
CREATE TRIGGER action_items_new_uuid AFTER INSERT ON action_items WHEN NEW.uuid IS NULL
BEGIN
    UPDATE action_items SET uuid =
        lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' ||
        substr(lower(hex(randomblob(2))), 2) || '-' ||
        substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) ||
        '-' || lower(hex(randomblob(6)))
    WHERE id = NEW.id;
END;
