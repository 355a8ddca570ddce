-- Custom label templates (the built-in ones live in code). Lengths are integer
-- micrometres so a template reads back exactly as it was entered.
CREATE TABLE label_templates (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    page_width_um INTEGER NOT NULL CHECK (page_width_um > 0),
    page_height_um INTEGER NOT NULL CHECK (page_height_um > 0),
    columns INTEGER NOT NULL CHECK (columns > 0),
    rows INTEGER NOT NULL CHECK (rows > 0),
    margin_left_um INTEGER NOT NULL CHECK (margin_left_um >= 0),
    margin_top_um INTEGER NOT NULL CHECK (margin_top_um >= 0),
    pitch_x_um INTEGER NOT NULL CHECK (pitch_x_um >= 0),
    pitch_y_um INTEGER NOT NULL CHECK (pitch_y_um >= 0),
    label_width_um INTEGER NOT NULL CHECK (label_width_um > 0),
    label_height_um INTEGER NOT NULL CHECK (label_height_um > 0),
    thermal INTEGER NOT NULL DEFAULT 0 CHECK (thermal IN (0, 1)),
    dpi INTEGER NOT NULL DEFAULT 300,
    -- Which parts the labels show: JSON {"barcode":true,"qr":true,...}.
    fields TEXT NOT NULL
);
