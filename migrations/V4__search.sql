-- Full-text search matches whole words as written, not their stems: with the
-- porter stemmer, a search for "US" found "use" and "used". Case and accents
-- are still ignored (unicode61). The index keeps its name and content table,
-- so Datasette finds it for ?_search= and answers as `apsc search` does.
DROP TABLE passages_fts;

CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text,
    content="passages",
    content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);

-- A database seeded before this migration has passages to index now; a new
-- one is indexed again when it is seeded.
INSERT INTO passages_fts (passages_fts) VALUES ('rebuild');
