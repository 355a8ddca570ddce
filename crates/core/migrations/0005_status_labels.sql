-- 0005: status labels of the organisation's own ("Awaiting imaging", "Spare pool",
-- "At Dell for repair"), each standing for one of the fixed statuses the lifecycle
-- rules work on. An asset may carry one whose meaning is its status.
CREATE TABLE status_labels (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    meaning  TEXT NOT NULL CHECK (meaning IN
               ('pending', 'deployable', 'deployed', 'in_repair', 'retired', 'lost_stolen', 'disposed')),
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE assets ADD COLUMN status_label_id INTEGER REFERENCES status_labels(id);
CREATE INDEX assets_status_label ON assets (status_label_id) WHERE status_label_id IS NOT NULL;

-- A label describes a status: when a change of status (check-out, disposal, a bulk
-- edit...) does not choose a new label, the old one no longer applies.
CREATE TRIGGER assets_status_label_follows_status AFTER UPDATE OF status ON assets
WHEN new.status <> old.status AND new.status_label_id IS old.status_label_id AND new.status_label_id IS NOT NULL
BEGIN
    UPDATE assets SET status_label_id = NULL WHERE id = new.id;
END;
