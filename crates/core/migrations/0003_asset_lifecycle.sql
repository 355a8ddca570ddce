-- 0003: asset lifecycle — a tamper-evident event log, check-outs, maintenance,
-- disposal, per-category depreciation and audit policy, and physical audits.

-- Each event stores sha256(previous event's hash ‖ its own content), so an edit or a
-- deletion behind the app's back breaks the chain at that event. Existing events are
-- hashed by a Rust step that runs after this file (store::MIGRATIONS); the append-only
-- UPDATE trigger is dropped here for that step and recreated by it.
DROP TRIGGER events_append_only_update;
ALTER TABLE events ADD COLUMN hash BLOB;

-- When an asset was last seen by a physical audit; "due for audit" compares it with the
-- category's audit interval.
ALTER TABLE assets ADD COLUMN last_audited_on TEXT; -- YYYY-MM-DD
-- Both carry the status so the dashboard's counts (which leave out disposed assets) are
-- answered from the index alone.
CREATE INDEX assets_audit_due ON assets (category_id, last_audited_on, status);
CREATE INDEX assets_warranty_end ON assets (warranty_end, status) WHERE warranty_end IS NOT NULL;

-- Per-category rules: how assets depreciate and how often they must be audited.
CREATE TABLE category_policies (
    category_id           INTEGER PRIMARY KEY REFERENCES categories(id) ON DELETE CASCADE,
    depreciation_method   TEXT NOT NULL DEFAULT 'none'
                            CHECK (depreciation_method IN ('none', 'straight_line', 'declining_balance')),
    useful_life_months    INTEGER CHECK (useful_life_months BETWEEN 1 AND 600),
    -- Salvage value as a share of cost, in basis points (1000 = 10%).
    salvage_basis_points  INTEGER NOT NULL DEFAULT 0 CHECK (salvage_basis_points BETWEEN 0 AND 10000),
    -- Declining balance: the multiple of the straight-line rate, in percent (200 = double).
    declining_factor_percent INTEGER NOT NULL DEFAULT 200 CHECK (declining_factor_percent BETWEEN 1 AND 1000),
    audit_interval_months INTEGER CHECK (audit_interval_months BETWEEN 1 AND 120),
    CHECK (depreciation_method = 'none' OR useful_life_months IS NOT NULL)
) STRICT;

-- Check-outs: an asset handed to a person, a location, or another asset (a dock goes
-- with its laptop). One open check-out per asset; check-in closes it.
CREATE TABLE checkouts (
    id                 INTEGER PRIMARY KEY,
    asset_id           INTEGER NOT NULL REFERENCES assets(id),
    person_id          INTEGER REFERENCES people(id),
    location_id        INTEGER REFERENCES locations(id),
    parent_asset_id    INTEGER REFERENCES assets(id),
    checked_out_on     TEXT NOT NULL, -- YYYY-MM-DD
    expected_return_on TEXT,
    checked_out_by     TEXT NOT NULL,
    note               TEXT NOT NULL DEFAULT '',
    checked_in_on      TEXT,
    checked_in_by      TEXT,
    condition          TEXT CHECK (condition IN ('good', 'worn', 'damaged', 'faulty')),
    checkin_note       TEXT,
    CHECK ((person_id IS NOT NULL) + (location_id IS NOT NULL) + (parent_asset_id IS NOT NULL) = 1),
    CHECK (parent_asset_id IS NULL OR parent_asset_id <> asset_id),
    CHECK ((checked_in_on IS NULL) = (checked_in_by IS NULL))
) STRICT;
CREATE UNIQUE INDEX checkouts_open ON checkouts (asset_id) WHERE checked_in_on IS NULL;
CREATE INDEX checkouts_by_asset ON checkouts (asset_id, id);
CREATE INDEX checkouts_overdue ON checkouts (expected_return_on) WHERE checked_in_on IS NULL;
CREATE INDEX checkouts_by_person ON checkouts (person_id) WHERE checked_in_on IS NULL;
CREATE INDEX checkouts_by_parent ON checkouts (parent_asset_id) WHERE checked_in_on IS NULL;

-- Repairs, upgrades, calibrations: what was done, by whom, at what cost.
CREATE TABLE maintenance (
    id             INTEGER PRIMARY KEY,
    asset_id       INTEGER NOT NULL REFERENCES assets(id),
    kind           TEXT NOT NULL CHECK (kind IN ('repair', 'upgrade', 'calibration', 'inspection')),
    title          TEXT NOT NULL,
    supplier_id    INTEGER REFERENCES suppliers(id),
    started_on     TEXT NOT NULL,
    completed_on   TEXT,
    cost_minor     INTEGER,
    currency       TEXT,
    notes          TEXT NOT NULL DEFAULT '',
    CHECK ((cost_minor IS NULL) = (currency IS NULL)),
    CHECK (completed_on IS NULL OR completed_on >= started_on)
) STRICT;
CREATE INDEX maintenance_by_asset ON maintenance (asset_id, started_on);

-- How a disposed asset left: it keeps its row and history, this says how and for what.
CREATE TABLE disposals (
    asset_id              INTEGER PRIMARY KEY REFERENCES assets(id),
    method                TEXT NOT NULL CHECK (method IN ('recycle', 'resale', 'donation', 'destruction')),
    disposed_on           TEXT NOT NULL,
    proceeds_minor        INTEGER NOT NULL DEFAULT 0 CHECK (proceeds_minor >= 0),
    disposal_cost_minor   INTEGER NOT NULL DEFAULT 0 CHECK (disposal_cost_minor >= 0),
    currency              TEXT NOT NULL,
    certificate_reference TEXT,
    notes                 TEXT NOT NULL DEFAULT ''
) STRICT;

-- Physical audits. The scope (a location subtree and/or categories) is fixed when the
-- audit starts, and the assets it expects are copied then, so counts stay stable while
-- findings are resolved and the audit can be resumed days later.
CREATE TABLE audits (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    scope_location_id INTEGER REFERENCES locations(id),
    started_at        TEXT NOT NULL, -- RFC 3339, UTC
    started_by        TEXT NOT NULL,
    closed_at         TEXT,
    auditor           TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    CHECK ((closed_at IS NULL) = (auditor IS NULL))
) STRICT;
CREATE TABLE audit_categories (
    audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id),
    PRIMARY KEY (audit_id, category_id)
) WITHOUT ROWID, STRICT;
CREATE TABLE audit_expected (
    audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    asset_id    INTEGER NOT NULL REFERENCES assets(id),
    location_id INTEGER REFERENCES locations(id), -- where the register had it at the start
    PRIMARY KEY (audit_id, asset_id)
) WITHOUT ROWID, STRICT;
-- Every tag read, in order. `asset_id` is NULL for a tag the register does not know.
CREATE TABLE audit_scans (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    code        TEXT NOT NULL COLLATE NOCASE,
    asset_id    INTEGER REFERENCES assets(id),
    location_id INTEGER REFERENCES locations(id), -- the room being audited when scanned
    scanned_at  TEXT NOT NULL,
    UNIQUE (audit_id, code)
) STRICT;
CREATE INDEX audit_scans_by_asset ON audit_scans (audit_id, asset_id);
-- What the auditor decided about a finding (moved, missing, unexpected).
CREATE TABLE audit_resolutions (
    audit_id    INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    code        TEXT NOT NULL COLLATE NOCASE, -- the asset's tag, or the unknown code scanned
    resolution  TEXT NOT NULL CHECK (resolution IN
                  ('location_updated', 'marked_lost', 'asset_added', 'ignored')),
    resolved_at TEXT NOT NULL,
    resolved_by TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (audit_id, code)
) WITHOUT ROWID, STRICT;
