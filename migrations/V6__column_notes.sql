-- What every table, view and column holds, in words, for anyone who opens
-- the file: apsc writes these rows from schema/columns.csv whenever it
-- writes the report views, and the Datasette metadata and the codebook read
-- them. The column "" holds the note on the table or view itself.
CREATE TABLE column_notes (
    table_name  TEXT NOT NULL CHECK (table_name <> ''),
    column_name TEXT NOT NULL,
    note        TEXT NOT NULL CHECK (note <> ''),
    PRIMARY KEY (table_name, column_name)
);
