-- 0011: the inventory management policy workspace and its generated versions (issue 7).

-- The roles of the responsibilities (RACI) table, in column order.
CREATE TABLE policy_roles (
    id       INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

-- Who does what: one duty (Responsible, Accountable, Consulted, Informed) of a role in
-- an activity; a role without a row has no part in it.
CREATE TABLE policy_raci (
    activity TEXT NOT NULL CHECK (activity IN ('ordering', 'receiving', 'issuing', 'counting', 'disposal', 'policy_review')),
    role_id  INTEGER NOT NULL REFERENCES policy_roles(id) ON DELETE CASCADE,
    duty     TEXT NOT NULL CHECK (duty IN ('R', 'A', 'C', 'I')),
    PRIMARY KEY (activity, role_id)
) STRICT, WITHOUT ROWID;

-- The written protocols, one text each.
CREATE TABLE policy_protocols (
    kind TEXT PRIMARY KEY CHECK (kind IN ('receiving', 'counting', 'disposal', 'consignment')),
    body TEXT NOT NULL
) STRICT;

-- How often the items of each ABC class are counted.
CREATE TABLE policy_counting_cycles (
    abc        TEXT PRIMARY KEY CHECK (abc IN ('A', 'B', 'C')),
    every_days INTEGER NOT NULL CHECK (every_days BETWEEN 1 AND 730)
) STRICT;

-- Free-text sections of the policy, in order.
CREATE TABLE policy_sections (
    id       INTEGER PRIMARY KEY,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL,
    body     TEXT NOT NULL
) STRICT;

-- Each generated version of the policy, kept with the snapshot (JSON) of everything it
-- printed, so an old version prints as it was and the next one can list what changed.
CREATE TABLE policy_versions (
    id             INTEGER PRIMARY KEY,
    version        INTEGER NOT NULL UNIQUE CHECK (version >= 1),
    effective_date TEXT NOT NULL,
    approver       TEXT NOT NULL,
    generated_at   TEXT NOT NULL,
    actor          TEXT NOT NULL,
    snapshot       TEXT NOT NULL
) STRICT;
