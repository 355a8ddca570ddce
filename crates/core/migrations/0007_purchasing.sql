-- 0007: buying stock and assets well — supplier offers, reorder settings, purchase
-- orders with their lines and charges, goods receipts, scorecard weights, and the link
-- from a stockout to the late purchase order behind it.
-- Money is integer minor units in the order's currency; dates are YYYY-MM-DD;
-- timestamps RFC 3339 UTC.

-- What a supplier quotes for a stock item. At most one offer per item is preferred:
-- reorder suggestions go to that supplier.
CREATE TABLE supplier_offers (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES stock_items(id),
    supplier_id     INTEGER NOT NULL REFERENCES suppliers(id),
    supplier_sku    TEXT NOT NULL DEFAULT '',
    price_minor     INTEGER NOT NULL CHECK (price_minor >= 0),
    currency        TEXT NOT NULL,
    lead_time_days  INTEGER NOT NULL CHECK (lead_time_days BETWEEN 0 AND 3650),
    min_order_qty   INTEGER NOT NULL DEFAULT 1 CHECK (min_order_qty >= 1),
    pack_size       INTEGER NOT NULL DEFAULT 1 CHECK (pack_size >= 1),
    preferred       INTEGER NOT NULL DEFAULT 0 CHECK (preferred IN (0, 1)),
    UNIQUE (item_id, supplier_id)
) STRICT;
CREATE UNIQUE INDEX supplier_offers_one_preferred ON supplier_offers (item_id) WHERE preferred = 1;
CREATE INDEX supplier_offers_by_supplier ON supplier_offers (supplier_id, item_id);

-- Reorder rules per item and location. The inputs of the formulas (service level,
-- order cost, holding rate) are kept beside the values so the UI can show how a value
-- was reached; `reserved` is stock set aside (e.g. for announced new starters) that
-- suggestions must not count as available.
CREATE TABLE reorder_settings (
    item_id           INTEGER NOT NULL REFERENCES stock_items(id),
    location_id       INTEGER NOT NULL REFERENCES locations(id),
    reorder_point     INTEGER NOT NULL CHECK (reorder_point >= 0),
    safety_stock      INTEGER NOT NULL CHECK (safety_stock >= 0),
    order_up_to       INTEGER NOT NULL CHECK (order_up_to >= reorder_point),
    reserved          INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    service_level_bp  INTEGER NOT NULL DEFAULT 9500 CHECK (service_level_bp BETWEEN 5000 AND 9999),
    order_cost_minor  INTEGER CHECK (order_cost_minor >= 0),
    holding_rate_bp   INTEGER CHECK (holding_rate_bp BETWEEN 0 AND 100000), -- per year, of unit cost
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (item_id, location_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE purchase_orders (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE COLLATE NOCASE,  -- PO-000123
    supplier_id         INTEGER NOT NULL REFERENCES suppliers(id),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'sent', 'partially_received',
                            'received', 'closed', 'cancelled')),
    currency            TEXT NOT NULL,
    deliver_to_id       INTEGER NOT NULL REFERENCES locations(id),
    -- The day it went to the supplier: actual lead times count from here.
    ordered_on          TEXT,
    approved_by         TEXT,
    freight_minor       INTEGER NOT NULL DEFAULT 0 CHECK (freight_minor >= 0),
    other_charges_minor INTEGER NOT NULL DEFAULT 0 CHECK (other_charges_minor >= 0),
    notes               TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
) STRICT;
CREATE INDEX purchase_orders_by_supplier ON purchase_orders (supplier_id, ordered_on);
CREATE INDEX purchase_orders_by_status ON purchase_orders (status, id);

-- A line is for a stock item or for an asset model. `quoted_*` copy the supplier's
-- offer when the line was made, so scorecards compare against what was quoted then.
-- `received_qty` (accepted), `rejected_qty`, `returned_qty`, `last_received_on` and
-- `completed_on` (the receipt date on which accepted reached the ordered quantity) are
-- kept by goods receipts in the same transaction, so scorecards never sum receipts.
-- `supplier_id` and `ordered_on` repeat the order's (fixed once it is sent) so a
-- scorecard over a million lines is one index range per supplier.
CREATE TABLE purchase_order_lines (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL REFERENCES purchase_orders(id),
    line_no            INTEGER NOT NULL,
    supplier_id        INTEGER NOT NULL REFERENCES suppliers(id),
    item_id            INTEGER REFERENCES stock_items(id),
    model_id           INTEGER REFERENCES models(id),
    description        TEXT NOT NULL DEFAULT '',
    quantity           INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_minor   INTEGER NOT NULL CHECK (unit_price_minor >= 0),
    quoted_price_minor INTEGER CHECK (quoted_price_minor >= 0),
    quoted_lead_days   INTEGER CHECK (quoted_lead_days >= 0),
    promised_on        TEXT,
    ordered_on         TEXT,
    received_qty       INTEGER NOT NULL DEFAULT 0 CHECK (received_qty >= 0),
    rejected_qty       INTEGER NOT NULL DEFAULT 0 CHECK (rejected_qty >= 0),
    returned_qty       INTEGER NOT NULL DEFAULT 0 CHECK (returned_qty >= 0),
    first_received_on  TEXT,
    last_received_on   TEXT,
    completed_on       TEXT,
    cancelled          INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    CHECK ((item_id IS NULL) <> (model_id IS NULL)),
    UNIQUE (order_id, line_no)
) STRICT;
-- Covering: a scorecard over a million lines reads only this index, never the rows.
CREATE INDEX purchase_order_lines_scorecard ON purchase_order_lines (supplier_id, promised_on, cancelled, ordered_on,
    quantity, received_qty, rejected_qty, unit_price_minor, quoted_price_minor, quoted_lead_days, last_received_on,
    completed_on);
CREATE INDEX purchase_order_lines_by_item ON purchase_order_lines (item_id, order_id) WHERE item_id IS NOT NULL;

-- A delivery: one or more lines of one order, received on one day at one location.
-- Freight on the delivery (beyond the order's) is allocated over its lines as landed
-- cost; `landed_unit_cost_minor` is what each accepted unit cost with its share.
CREATE TABLE goods_receipts (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE COLLATE NOCASE,        -- GR-000123
    order_id      INTEGER NOT NULL REFERENCES purchase_orders(id),
    received_on   TEXT NOT NULL,
    location_id   INTEGER NOT NULL REFERENCES locations(id),
    delivery_note TEXT,
    freight_minor INTEGER NOT NULL DEFAULT 0 CHECK (freight_minor >= 0),
    created_at    TEXT NOT NULL,
    actor         TEXT NOT NULL
) STRICT;
CREATE INDEX goods_receipts_by_order ON goods_receipts (order_id, received_on);

CREATE TABLE goods_receipt_lines (
    id                     INTEGER PRIMARY KEY,
    receipt_id             INTEGER NOT NULL REFERENCES goods_receipts(id),
    order_line_id          INTEGER NOT NULL REFERENCES purchase_order_lines(id),
    accepted_qty           INTEGER NOT NULL CHECK (accepted_qty >= 0),
    rejected_qty           INTEGER NOT NULL DEFAULT 0 CHECK (rejected_qty >= 0),
    rejection_reason       TEXT,
    freight_share_minor    INTEGER NOT NULL DEFAULT 0 CHECK (freight_share_minor >= 0),
    landed_unit_cost_minor INTEGER,
    movement_id            INTEGER REFERENCES stock_movements(id),
    CHECK (accepted_qty + rejected_qty > 0),
    CHECK ((rejected_qty > 0) = (rejection_reason IS NOT NULL))
) STRICT;
CREATE INDEX goods_receipt_lines_by_order_line ON goods_receipt_lines (order_line_id);
CREATE INDEX goods_receipt_lines_by_receipt ON goods_receipt_lines (receipt_id);

-- Assets a receipt created from an asset-model line.
CREATE TABLE goods_receipt_assets (
    receipt_line_id INTEGER NOT NULL REFERENCES goods_receipt_lines(id),
    asset_id        INTEGER NOT NULL UNIQUE REFERENCES assets(id),
    PRIMARY KEY (receipt_line_id, asset_id)
) STRICT, WITHOUT ROWID;

-- How the supplier score weighs its parts, in percent; one row.
CREATE TABLE scorecard_weights (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    on_time   INTEGER NOT NULL CHECK (on_time >= 0),
    in_full   INTEGER NOT NULL CHECK (in_full >= 0),
    lead_time INTEGER NOT NULL CHECK (lead_time >= 0),
    price     INTEGER NOT NULL CHECK (price >= 0),
    quality   INTEGER NOT NULL CHECK (quality >= 0),
    CHECK (on_time + in_full + lead_time + price + quality = 100)
) STRICT;
INSERT INTO scorecard_weights (id, on_time, in_full, lead_time, price, quality) VALUES (1, 30, 25, 15, 15, 15);

-- Usage of consignment stock per supplier and period (the statement they invoice from).
CREATE INDEX stock_movements_consigned ON stock_movements (owner_supplier_id, at)
    WHERE owner_supplier_id IS NOT NULL;

-- A stockout can name the purchase order line that was due before it and late.
ALTER TABLE stockouts ADD COLUMN late_order_line_id INTEGER REFERENCES purchase_order_lines(id);
