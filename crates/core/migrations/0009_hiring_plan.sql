-- 0009: hiring plans as a demand driver. An onboarding kit lists what one new starter
-- in a department needs (a headset, a keyboard, a mouse...); the plan says how many
-- start in each department each month. Kit demand = starters × kit quantities, shown
-- beside the forecast and added to it.

CREATE TABLE onboarding_kits (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    department TEXT NOT NULL UNIQUE COLLATE NOCASE  -- '*' for every department
) STRICT;

CREATE TABLE onboarding_kit_lines (
    kit_id   INTEGER NOT NULL REFERENCES onboarding_kits(id) ON DELETE CASCADE,
    item_id  INTEGER NOT NULL REFERENCES stock_items(id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
    PRIMARY KEY (kit_id, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX onboarding_kit_lines_by_item ON onboarding_kit_lines (item_id);

-- New starters per department and month (`month` is the first day, YYYY-MM-01).
CREATE TABLE hiring_plan (
    department TEXT NOT NULL COLLATE NOCASE,
    month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-01'),
    starters   INTEGER NOT NULL CHECK (starters BETWEEN 0 AND 100000),
    PRIMARY KEY (department, month)
) STRICT, WITHOUT ROWID;
