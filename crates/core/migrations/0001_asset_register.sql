-- 0001: the asset register, its reference data and the append-only event log.
-- Shipped migrations are never edited; add a new numbered file instead.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Locations form a tree (site > building > room). `path` is the materialised chain of
-- ids ("/1/4/9/") so a sub-location filter is one indexed prefix range.
CREATE TABLE locations (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES locations(id),
    kind      TEXT NOT NULL CHECK (kind IN ('site', 'building', 'room')),
    name      TEXT NOT NULL,
    path      TEXT NOT NULL UNIQUE,
    UNIQUE (parent_id, name)
) STRICT;

CREATE TABLE categories (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE category_fields (
    id          INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    field_type  TEXT NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'choice')),
    required    INTEGER NOT NULL DEFAULT 0,
    choices     TEXT NOT NULL DEFAULT '[]', -- JSON array of allowed values for 'choice'
    position    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category_id, name)
) STRICT;

CREATE TABLE manufacturers (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE models (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    manufacturer_id INTEGER REFERENCES manufacturers(id),
    category_id     INTEGER REFERENCES categories(id),
    model_number    TEXT
) STRICT;

CREATE TABLE suppliers (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    contact TEXT,
    email   TEXT,
    phone   TEXT
) STRICT;

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    email           TEXT UNIQUE COLLATE NOCASE,
    department      TEXT,
    employee_number TEXT UNIQUE
) STRICT;

-- The register. Names of the model, category and location are copied into the row
-- (`*_name`) so every sort the UI offers is one index scan with keyset pagination;
-- triggers below keep the copies true when a reference is renamed.
CREATE TABLE assets (
    id                  INTEGER PRIMARY KEY,
    tag                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
    serial              TEXT,
    name                TEXT NOT NULL COLLATE NOCASE,
    model_id            INTEGER REFERENCES models(id),
    model_name          TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    category_id         INTEGER NOT NULL REFERENCES categories(id),
    category_name       TEXT NOT NULL COLLATE NOCASE,
    location_id         INTEGER REFERENCES locations(id),
    location_name       TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
    status              TEXT NOT NULL CHECK (status IN
                          ('pending', 'deployable', 'deployed', 'in_repair', 'retired', 'lost_stolen', 'disposed')),
    assigned_to         INTEGER REFERENCES people(id),
    purchase_date       TEXT,    -- YYYY-MM-DD
    purchase_cost_minor INTEGER, -- in minor units of purchase_currency
    purchase_currency   TEXT,
    supplier_id         INTEGER REFERENCES suppliers(id),
    order_reference     TEXT,
    warranty_end        TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    custom_fields       TEXT NOT NULL DEFAULT '{}', -- JSON object keyed by field name
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    -- Sort keys with NULL replaced, as real columns: SQLite seeks a keyset cursor
    -- `(key, id) > (?, ?)` in an index on columns but not in an expression index.
    purchase_date_key   TEXT GENERATED ALWAYS AS (ifnull(purchase_date, '')) VIRTUAL,
    cost_key            INTEGER GENERATED ALWAYS AS (ifnull(purchase_cost_minor, -1)) VIRTUAL,
    CHECK ((purchase_cost_minor IS NULL) = (purchase_currency IS NULL))
) STRICT;

-- One index per sort the register offers; `id` breaks ties so keyset pages are exact.
-- Each also carries the filter columns, so a filtered page is checked inside the index
-- without reading the rows it skips.
CREATE INDEX assets_by_tag      ON assets (tag, id, status, category_id, location_id);
CREATE INDEX assets_by_name     ON assets (name, id, status, category_id, location_id);
CREATE INDEX assets_by_model    ON assets (model_name, id, status, category_id, location_id);
CREATE INDEX assets_by_category ON assets (category_name, id, status, category_id, location_id);
CREATE INDEX assets_by_location ON assets (location_name, id, status, category_id, location_id);
CREATE INDEX assets_by_status   ON assets (status, id, category_id, location_id);
CREATE INDEX assets_by_purchase_date ON assets (purchase_date_key, id, status, category_id, location_id);
CREATE INDEX assets_by_cost     ON assets (cost_key, id, status, category_id, location_id);
-- Filters and the scanner path.
CREATE INDEX assets_serial        ON assets (serial) WHERE serial IS NOT NULL;
CREATE INDEX assets_assigned_to   ON assets (assigned_to, id) WHERE assigned_to IS NOT NULL;
CREATE INDEX assets_category_id   ON assets (category_id, id);
CREATE INDEX assets_location_id   ON assets (location_id, id);
CREATE INDEX assets_model_id      ON assets (model_id);
CREATE INDEX assets_supplier_id   ON assets (supplier_id);

CREATE TRIGGER models_rename AFTER UPDATE OF name ON models BEGIN
    UPDATE assets SET model_name = new.name WHERE model_id = new.id;
END;
CREATE TRIGGER categories_rename AFTER UPDATE OF name ON categories BEGIN
    UPDATE assets SET category_name = new.name WHERE category_id = new.id;
END;
CREATE TRIGGER locations_rename AFTER UPDATE OF name ON locations BEGIN
    UPDATE assets SET location_name = new.name WHERE location_id = new.id;
END;

-- Free-text search over the register, kept in sync by triggers. Prefix indexes for
-- 1-3 characters make an as-you-type prefix one doclist read instead of a merge of
-- every term that starts with it (e.g. every asset number starting with 4).
CREATE VIRTUAL TABLE assets_fts USING fts5 (
    tag, serial, name, model_name, notes,
    content = 'assets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER assets_fts_insert AFTER INSERT ON assets BEGIN
    INSERT INTO assets_fts (rowid, tag, serial, name, model_name, notes)
    VALUES (new.id, new.tag, new.serial, new.name, new.model_name, new.notes);
END;
CREATE TRIGGER assets_fts_delete AFTER DELETE ON assets BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, tag, serial, name, model_name, notes)
    VALUES ('delete', old.id, old.tag, old.serial, old.name, old.model_name, old.notes);
END;
CREATE TRIGGER assets_fts_update AFTER UPDATE OF tag, serial, name, model_name, notes ON assets BEGIN
    INSERT INTO assets_fts (assets_fts, rowid, tag, serial, name, model_name, notes)
    VALUES ('delete', old.id, old.tag, old.serial, old.name, old.model_name, old.notes);
    INSERT INTO assets_fts (rowid, tag, serial, name, model_name, notes)
    VALUES (new.id, new.tag, new.serial, new.name, new.model_name, new.notes);
END;

-- The append-only history of every change: who, when, what, before/after (JSON).
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL, -- RFC 3339, UTC
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL, -- 'asset', 'location', 'category', ...
    entity_id INTEGER NOT NULL,
    action    TEXT NOT NULL, -- 'created', 'updated', 'retired', 'imported', ...
    before    TEXT,
    after     TEXT
) STRICT;
CREATE INDEX events_by_entity ON events (entity, entity_id, id);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events BEGIN
    SELECT RAISE(ABORT, 'the event log is append-only');
END;
