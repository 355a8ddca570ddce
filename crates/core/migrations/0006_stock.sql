-- 0006: consumables and spares — stock items, on-hand balances per item, location and
-- owner, the append-only movement ledger behind them, and stockouts.
-- Quantities are whole units of the item's unit; money is integer minor units with its
-- currency; timestamps are RFC 3339 UTC.

CREATE TABLE stock_items (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL COLLATE NOCASE,
    category_id INTEGER REFERENCES categories(id),
    unit        TEXT NOT NULL DEFAULT 'each',
    barcode     TEXT UNIQUE,
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX stock_items_by_name ON stock_items (name, id);
CREATE INDEX stock_items_by_category ON stock_items (category_id) WHERE category_id IS NOT NULL;

-- What is on hand now, kept by the app in the same transaction as each movement so
-- reading stock never sums the ledger. Stock is ours or a supplier's (consignment
-- stock: theirs until we use it). A NULL cannot be part of a primary key, so the key
-- carries `owner_key` — 0 for our own stock, else the supplier's id — while
-- `owner_supplier_id` keeps the foreign key to the supplier; the CHECK makes them one
-- value. (A bare 0 in a supplier column would have to give up the foreign key.)
CREATE TABLE stock_balances (
    item_id           INTEGER NOT NULL REFERENCES stock_items(id),
    location_id       INTEGER NOT NULL REFERENCES locations(id),
    owner_key         INTEGER NOT NULL DEFAULT 0,
    owner_supplier_id INTEGER REFERENCES suppliers(id),
    on_hand           INTEGER NOT NULL CHECK (on_hand >= 0),
    PRIMARY KEY (item_id, location_id, owner_key),
    CHECK (owner_key = ifnull(owner_supplier_id, 0))
) STRICT, WITHOUT ROWID;
CREATE INDEX stock_balances_by_location ON stock_balances (location_id, item_id);

-- The ledger: every change of stock, signed (+ in, − out). The sign each kind may carry
-- is checked here too; `adjust` and `count` (the variance a count found) go either way.
-- The two legs of a transfer share `transfer_id`, the id of the outgoing leg.
CREATE TABLE stock_movements (
    id                  INTEGER PRIMARY KEY,
    item_id             INTEGER NOT NULL REFERENCES stock_items(id),
    location_id         INTEGER NOT NULL REFERENCES locations(id),
    owner_supplier_id   INTEGER REFERENCES suppliers(id), -- NULL: our own stock
    kind                TEXT NOT NULL CHECK (kind IN ('receive', 'issue', 'transfer_out', 'transfer_in', 'adjust',
                            'count', 'return_to_supplier', 'dispose')),
    quantity            INTEGER NOT NULL CHECK (quantity <> 0),
    unit_cost_minor     INTEGER CHECK (unit_cost_minor >= 0),
    disposal_cost_minor INTEGER CHECK (disposal_cost_minor >= 0),
    currency            TEXT,
    reason              TEXT,
    issued_to           TEXT,    -- a department or cost centre, in words
    person_id           INTEGER REFERENCES people(id),
    reference           TEXT,    -- PO or delivery note number, count sheet, RMA
    transfer_id         INTEGER,
    at                  TEXT NOT NULL,
    actor               TEXT NOT NULL,
    CHECK (CASE kind
        WHEN 'receive' THEN quantity > 0
        WHEN 'transfer_in' THEN quantity > 0
        WHEN 'issue' THEN quantity < 0
        WHEN 'transfer_out' THEN quantity < 0
        WHEN 'return_to_supplier' THEN quantity < 0
        WHEN 'dispose' THEN quantity < 0
        ELSE 1 END),
    CHECK ((transfer_id IS NOT NULL) = (kind IN ('transfer_out', 'transfer_in'))),
    CHECK (disposal_cost_minor IS NULL OR kind = 'dispose'),
    CHECK ((currency IS NOT NULL) = (unit_cost_minor IS NOT NULL OR disposal_cost_minor IS NOT NULL))
) STRICT;
CREATE INDEX stock_movements_ledger ON stock_movements (item_id, location_id, id);
CREATE INDEX stock_movements_by_item_at ON stock_movements (item_id, at);
CREATE INDEX stock_movements_by_transfer ON stock_movements (transfer_id) WHERE transfer_id IS NOT NULL;

CREATE TRIGGER stock_movements_append_only_update BEFORE UPDATE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'the stock ledger is append-only; post a correcting movement instead');
END;
CREATE TRIGGER stock_movements_append_only_delete BEFORE DELETE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'the stock ledger is append-only; post a correcting movement instead');
END;

-- When an issue could not be met (demand_unmet > 0) or an issue emptied the shelf
-- (demand_unmet = 0). The cause is filled in later by whoever looks into it.
CREATE TABLE stockouts (
    id           INTEGER PRIMARY KEY,
    item_id      INTEGER NOT NULL REFERENCES stock_items(id),
    location_id  INTEGER NOT NULL REFERENCES locations(id),
    at           TEXT NOT NULL,
    demand_unmet INTEGER NOT NULL CHECK (demand_unmet >= 0),
    cause        TEXT CHECK (cause IN ('demand_spike', 'late_supplier', 'reorder_point_too_low', 'count_error', 'other')),
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX stockouts_by_item ON stockouts (item_id, location_id, at);
CREATE INDEX stockouts_by_at ON stockouts (at);
