-- 0008: planning, first part — the forecasting method a user chose for an item over
-- the one back-testing picked. (Classification thresholds live in `settings`.)

CREATE TABLE forecast_overrides (
    item_id INTEGER PRIMARY KEY REFERENCES stock_items(id),
    method  TEXT NOT NULL CHECK (method IN ('moving_average', 'exponential_smoothing', 'holt_winters', 'croston')),
    set_at  TEXT NOT NULL,
    actor   TEXT NOT NULL
) STRICT;
