-- The catalog of canned reports, so that a person who opens the file in any
-- SQLite tool finds them: each report's title, description, parameters and
-- SQL, and the view (report_<name>) that runs it when it needs no parameter.
-- apsc rewrites these rows and views whenever it seeds or migrates.

CREATE TABLE reports (
    name        TEXT PRIMARY KEY CHECK (name <> '' AND name NOT GLOB '*[^a-z0-9_]*'
        AND length(CAST(name AS BLOB)) = length(name)),
    title       TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    view        TEXT,
    sql         TEXT NOT NULL
);

CREATE TABLE report_parameters (
    report      TEXT NOT NULL REFERENCES reports (name) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    required    INTEGER NOT NULL CHECK (required IN (0, 1)),
    kind        TEXT NOT NULL CHECK (kind IN ('text', 'partner', 'area')),
    description TEXT NOT NULL,
    PRIMARY KEY (report, name)
);
