-- 0004: software licences — products, licences with their seats, and who or what holds
-- each seat. Keys are stored as entered; the app masks them in lists and never writes
-- them to the event log.

CREATE TABLE software_products (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    publisher TEXT
) STRICT;

CREATE TABLE licences (
    id                 INTEGER PRIMARY KEY,
    product_id         INTEGER NOT NULL REFERENCES software_products(id),
    name               TEXT NOT NULL COLLATE NOCASE,
    licence_key        TEXT,
    seats              INTEGER NOT NULL CHECK (seats >= 0),
    purchase_date      TEXT,
    expiry_date        TEXT,
    cost_minor         INTEGER CHECK (cost_minor >= 0),
    renewal_cost_minor INTEGER CHECK (renewal_cost_minor >= 0),
    currency           TEXT,
    supplier_id        INTEGER REFERENCES suppliers(id),
    notes              TEXT NOT NULL DEFAULT '',
    CHECK ((cost_minor IS NULL AND renewal_cost_minor IS NULL) OR currency IS NOT NULL)
) STRICT;
CREATE INDEX licences_by_product ON licences (product_id);
CREATE INDEX licences_by_expiry ON licences (expiry_date) WHERE expiry_date IS NOT NULL;

-- A seat is held by a person or by an asset (a device licence), never both.
CREATE TABLE licence_seats (
    id          INTEGER PRIMARY KEY,
    licence_id  INTEGER NOT NULL REFERENCES licences(id),
    person_id   INTEGER REFERENCES people(id),
    asset_id    INTEGER REFERENCES assets(id),
    assigned_on TEXT NOT NULL,
    CHECK ((person_id IS NULL) <> (asset_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX licence_seats_person ON licence_seats (licence_id, person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX licence_seats_asset ON licence_seats (licence_id, asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX licence_seats_by_licence ON licence_seats (licence_id);
CREATE INDEX licence_seats_by_person ON licence_seats (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX licence_seats_by_asset ON licence_seats (asset_id) WHERE asset_id IS NOT NULL;
