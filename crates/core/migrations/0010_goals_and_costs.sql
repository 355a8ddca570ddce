-- 0010: category goals and inventory costs (issue 7, planning and policy).

-- A category serves assets, stock items or both. Until now there was one list for
-- both, so the stock families showed in the asset form; existing categories are
-- classified by what uses them (unused ones stay 'both').
ALTER TABLE categories ADD COLUMN kind TEXT NOT NULL DEFAULT 'both'
    CHECK (kind IN ('asset', 'stock', 'both'));
UPDATE categories SET kind = 'stock'
 WHERE id IN (SELECT category_id FROM stock_items WHERE category_id IS NOT NULL)
   AND id NOT IN (SELECT category_id FROM assets)
   AND id NOT IN (SELECT category_id FROM models WHERE category_id IS NOT NULL);
UPDATE categories SET kind = 'asset'
 WHERE kind = 'both'
   AND (id IN (SELECT category_id FROM assets)
        OR id IN (SELECT category_id FROM models WHERE category_id IS NOT NULL))
   AND id NOT IN (SELECT category_id FROM stock_items WHERE category_id IS NOT NULL);

-- The goals of a stock category; NULL means no goal for that measure.
CREATE TABLE category_goals (
    category_id               INTEGER PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
    fill_rate_bp              INTEGER CHECK (fill_rate_bp BETWEEN 0 AND 10000),
    max_stockouts_per_quarter INTEGER CHECK (max_stockouts_per_quarter >= 0),
    target_turns_centi        INTEGER CHECK (target_turns_centi > 0),   -- turns a year × 100
    min_days_of_cover         INTEGER CHECK (min_days_of_cover >= 0),
    max_days_of_cover         INTEGER CHECK (max_days_of_cover >= 0),
    max_stock_age_days        INTEGER CHECK (max_stock_age_days > 0),
    CHECK (min_days_of_cover IS NULL OR max_days_of_cover IS NULL OR min_days_of_cover <= max_days_of_cover)
) STRICT;

-- Yearly holding (carrying) rate of a category, applied to its average stock value.
CREATE TABLE category_cost_rates (
    category_id     INTEGER PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
    holding_rate_bp INTEGER NOT NULL CHECK (holding_rate_bp BETWEEN 0 AND 10000)
) STRICT;

-- What a stock room costs to keep a month (rent share, shelving, insurance).
CREATE TABLE location_storage_costs (
    location_id   INTEGER PRIMARY KEY REFERENCES locations(id) ON DELETE CASCADE,
    monthly_minor INTEGER NOT NULL CHECK (monthly_minor >= 0),
    currency      TEXT NOT NULL
) STRICT;

-- What moving stock between locations cost (courier, van), per transfer.
CREATE TABLE transfer_costs (
    transfer_id INTEGER PRIMARY KEY,
    cost_minor  INTEGER NOT NULL CHECK (cost_minor >= 0),
    currency    TEXT NOT NULL
) STRICT;

-- The cost of a stockout, where someone recorded it (expedited freight, lost work).
ALTER TABLE stockouts ADD COLUMN cost_minor INTEGER CHECK (cost_minor >= 0);
ALTER TABLE stockouts ADD COLUMN cost_currency TEXT;
