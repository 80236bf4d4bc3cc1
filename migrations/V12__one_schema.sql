-- The whole schema of an apsc database: the documents and their passages,
-- the six areas, the partners, the facts with their partners and figures,
-- the vocabularies every term column refers to, and the catalog apsc keeps
-- beside the data (reports, column notes, the seed files loaded).
--
-- Plain SQLite (no STRICT tables) so that any SQLite 3.31+ tool opens the file.
-- Offsets are 0-based code-point offsets into documents.text, end exclusive:
--   substr(d.text, p.start_offset + 1, p.end_offset - p.start_offset) = p.text
-- length() stops at a NUL character, so checks that must see a whole value
-- compare byte lengths as well.
--
-- Every object here is parsed by each program that opens the file, so there
-- is nothing that only repeats what a foreign key or CHECK already says, and
-- an index only where a query looks rows up by that column.

-- The vocabularies: each term once, with what it means. Every column that
-- holds a term refers to its table; `vocabulary` lists them all.
CREATE TABLE partner_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE china_roles (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE partner_roles (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE meeting_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE exercise_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE agreement_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE operation_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE statement_kinds (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE fact_tables (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE figure_qualifiers (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));
CREATE TABLE forms (term TEXT PRIMARY KEY NOT NULL CHECK (term <> ''), meaning TEXT NOT NULL CHECK (meaning <> ''));

INSERT INTO partner_kinds (term, meaning) VALUES
    ('country', 'a sovereign state; iso3 holds its ISO 3166-1 alpha-3 code'),
    ('organization', 'an international or regional organisation'),
    ('forum', 'a standing international forum, process or grouping');
INSERT INTO china_roles (term, meaning) VALUES
    ('host', 'China hosted it'),
    ('co-host', 'China hosted it together with a partner'),
    ('participant', 'China took part in it'),
    ('party', 'China is one of the sides that held or formed it'),
    ('signatory', 'China signed or concluded it'),
    ('implementer', 'China implements it'),
    ('co-sponsor', 'China submitted it jointly with others'),
    ('promoter', 'China worked to bring it about'),
    ('supporter', 'China supports it'),
    ('facilitator', 'China facilitated it'),
    ('provider', 'China provided aid, teams, equipment or funds'),
    ('operator', 'China carried it out on its own');
INSERT INTO partner_roles (term, meaning) VALUES
    ('co-host', 'the partner hosted it together with China'),
    ('participant', 'the partner took part in it with China'),
    ('counterpart', 'another side of a bilateral, trilateral or China-X format'),
    ('party', 'one of the parties that formed it with China'),
    ('signatory', 'the partner signed it with China'),
    ('co-sponsor', 'the partner submitted it jointly with China'),
    ('convener', 'the organisation or forum that convenes it'),
    ('framework', 'the organisation or forum under whose framework it stands'),
    ('body', 'a body established under it'),
    ('recipient', 'the partner received it'),
    ('requester', 'the partner asked for it'),
    ('member-states', 'the member states of an organisation, which the text names as a group (''China and other SCO member states'', ''the ASEAN countries''), coded as the organisation');
INSERT INTO meeting_kinds (term, meaning) VALUES
    ('meeting', 'a meeting'),
    ('ministerial-meeting', 'a meeting at ministerial level'),
    ('high-level-meeting', 'a high-level meeting'),
    ('conference', 'a conference'),
    ('forum', 'a forum'),
    ('dialogue', 'a dialogue'),
    ('consultation', 'a consultation'),
    ('working-group', 'a working group'),
    ('expert-group', 'a group of experts'),
    ('training-course', 'a training course');
INSERT INTO exercise_kinds (term, meaning) VALUES
    ('exercise', 'an exercise'),
    ('drill', 'a drill'),
    ('tabletop-exercise', 'a tabletop exercise'),
    ('multitask-exercise', 'a multitask exercise');
INSERT INTO agreement_kinds (term, meaning) VALUES
    ('treaty', 'a treaty'),
    ('convention', 'a convention'),
    ('agreement', 'an agreement'),
    ('memorandum', 'a memorandum of understanding'),
    ('mechanism', 'a standing cooperation mechanism'),
    ('code-of-conduct', 'a code of conduct');
INSERT INTO operation_kinds (term, meaning) VALUES
    ('relief', 'disaster relief: supplies, teams, equipment'),
    ('rescue', 'a rescue'),
    ('search', 'a search'),
    ('escort', 'naval escorts'),
    ('joint-operation', 'a named joint operation'),
    ('joint-action', 'joint actions with partners'),
    ('law-enforcement', 'law-enforcement cooperation'),
    ('expedition', 'a scientific expedition'),
    ('project', 'a construction or research project'),
    ('exchanges', 'a series of exchanges and cooperative events'),
    ('capacity-building', 'support for a partner''s capacity'),
    ('funding', 'money provided');
INSERT INTO statement_kinds (term, meaning) VALUES
    ('position', 'what China holds or believes'),
    ('commitment', 'what China will do or stands ready to do'),
    ('call', 'what China calls on or encourages others to do'),
    ('assessment', 'what the text says cooperation achieved'),
    ('summary', 'a general account of China''s activity'),
    ('context', 'the setting the text describes');
INSERT INTO fact_tables (term, meaning) VALUES
    ('meetings', 'a row of meetings'),
    ('exercises', 'a row of exercises'),
    ('agreements', 'a row of agreements'),
    ('operations', 'a row of operations'),
    ('statements', 'a row of statements');
INSERT INTO figure_qualifiers (term, meaning) VALUES
    ('over', 'the true number is above the value'),
    ('more than', 'the true number is above the value');
INSERT INTO forms (term, meaning) VALUES
    ('unilateral', 'China alone: no other side takes part'),
    ('bilateral', 'China and one other side, a state or an organisation (a China-X format), or a set of such pairs'),
    ('trilateral', 'China and two other sides'),
    ('multilateral', 'China and more sides, named or not: a conference, forum or body of many members'),
    ('unstated', 'the text gives no one form: it does not say who takes part, or names several forms');

CREATE VIEW vocabulary (domain, term, meaning) AS
    SELECT 'partner_kind', term, meaning FROM partner_kinds
    UNION ALL SELECT 'china_role', term, meaning FROM china_roles
    UNION ALL SELECT 'partner_role', term, meaning FROM partner_roles
    UNION ALL SELECT 'meeting_kind', term, meaning FROM meeting_kinds
    UNION ALL SELECT 'exercise_kind', term, meaning FROM exercise_kinds
    UNION ALL SELECT 'agreement_kind', term, meaning FROM agreement_kinds
    UNION ALL SELECT 'operation_kind', term, meaning FROM operation_kinds
    UNION ALL SELECT 'statement_kind', term, meaning FROM statement_kinds
    UNION ALL SELECT 'fact_table', term, meaning FROM fact_tables
    UNION ALL SELECT 'figure_qualifier', term, meaning FROM figure_qualifiers
    UNION ALL SELECT 'form', term, meaning FROM forms;

CREATE TABLE documents (
    id            TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    title         TEXT NOT NULL CHECK (title <> ''),
    publisher     TEXT NOT NULL CHECK (publisher <> ''),
    -- '2017', '2017-01' or '2017-01-11'
    published     TEXT NOT NULL CHECK (length(published) IN (4, 7, 10)
        AND date(published || substr('-01-01', length(published) - 3))
            IS published || substr('-01-01', length(published) - 3)),
    source_file   TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    text          TEXT NOT NULL,
    source_sha256 TEXT NOT NULL CHECK (length(CAST(source_sha256 AS BLOB)) = 64
        AND source_sha256 NOT GLOB '*[^0-9a-f]*'),
    -- Where it is published: the address a citation gives.
    url           TEXT CHECK (url IS NULL OR url LIKE 'http://%' OR url LIKE 'https://%')
);

-- One declared correction of the supplied text: every occurrence of `find`
-- becomes `replace_with`.
CREATE TABLE corrections (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    find         TEXT NOT NULL CHECK (find <> ''),
    replace_with TEXT NOT NULL,
    reason       TEXT NOT NULL CHECK (reason <> ''),
    occurrences  INTEGER NOT NULL CHECK (occurrences > 0),
    PRIMARY KEY (document_id, find)
);

-- Lines of the text that are not part of the paper (web-page furniture).
CREATE TABLE omissions (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    line        TEXT NOT NULL CHECK (line <> ''),
    reason      TEXT NOT NULL CHECK (reason <> ''),
    PRIMARY KEY (document_id, line)
);

CREATE TABLE passages (
    id           INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    section      TEXT NOT NULL CHECK (section <> ''),
    heading      TEXT NOT NULL,
    ordinal      INTEGER NOT NULL CHECK (ordinal >= 1),
    text         TEXT NOT NULL CHECK (text <> ''),
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
    UNIQUE (document_id, section, ordinal)
);

-- Whole words as written, case and accents ignored, no stemming (a search for
-- "US" must not find "use"). Written as content="passages" so that Datasette
-- finds it for ?_search=.
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text,
    content="passages",
    content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);

-- The sentences of each passage, so that citation coverage is a query away.
-- The UNIQUE key also finds a passage's sentences.
CREATE TABLE sentences (
    id           INTEGER PRIMARY KEY,
    passage_id   INTEGER NOT NULL REFERENCES passages (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL CHECK (ordinal >= 1),
    text         TEXT NOT NULL CHECK (text <> ''),
    start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
    end_offset   INTEGER NOT NULL CHECK (end_offset > start_offset),
    UNIQUE (passage_id, ordinal)
);

CREATE TABLE areas (
    id      TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    section TEXT NOT NULL UNIQUE CHECK (section <> ''),
    name    TEXT NOT NULL CHECK (name <> '')
);

CREATE TABLE partners (
    id         TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name       TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind       TEXT NOT NULL REFERENCES partner_kinds (term),
    iso3       TEXT UNIQUE CHECK (
        (kind = 'country' AND length(CAST(iso3 AS BLOB)) = 3 AND iso3 NOT GLOB '*[^A-Z]*')
        OR (kind <> 'country' AND iso3 IS NULL)),
    is_subject INTEGER NOT NULL DEFAULT 0 CHECK (is_subject IN (0, 1)),
    -- Identifiers from outside the text, to join other datasets (sources in
    -- the codebook): ISO 3166-1, Correlates of War, UN M49 and Wikidata.
    iso_alpha2 TEXT UNIQUE CHECK (iso_alpha2 IS NULL OR (kind = 'country' AND iso_alpha2 GLOB '[A-Z][A-Z]')),
    iso_numeric TEXT UNIQUE CHECK (iso_numeric IS NULL OR (kind = 'country' AND iso_numeric GLOB '[0-9][0-9][0-9]')),
    cow_code   INTEGER UNIQUE CHECK (cow_code IS NULL OR (kind = 'country' AND typeof(cow_code) = 'integer')),
    cow_abbrev TEXT UNIQUE CHECK (cow_abbrev IS NULL OR (kind = 'country' AND cow_abbrev GLOB '[A-Z][A-Z][A-Z]')),
    m49_region_code    TEXT CHECK (m49_region_code IS NULL OR m49_region_code GLOB '[0-9][0-9][0-9]'),
    m49_region         TEXT CHECK ((m49_region IS NULL) = (m49_region_code IS NULL)),
    m49_subregion_code TEXT CHECK (m49_subregion_code IS NULL OR m49_subregion_code GLOB '[0-9][0-9][0-9]'),
    m49_subregion      TEXT CHECK ((m49_subregion IS NULL) = (m49_subregion_code IS NULL)),
    wikidata   TEXT UNIQUE CHECK (wikidata IS NULL OR (wikidata GLOB 'Q[1-9]*' AND wikidata NOT GLOB 'Q*[^0-9]*'))
);
-- At most one subject: the country whose policies the documents state.
CREATE UNIQUE INDEX partners_one_subject ON partners (is_subject) WHERE is_subject = 1;

CREATE TABLE partner_aliases (
    alias      TEXT PRIMARY KEY COLLATE NOCASE CHECK (alias <> ''),
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    note       TEXT
);

-- The fact tables share one shape: a name, a kind, the area, China's role, the
-- date, and the quote with its passage and offsets; a curator's note.
-- Reports go from a passage to the facts that cite it: hence each _passage index.
CREATE TABLE meetings (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL REFERENCES meeting_kinds (term),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL REFERENCES china_roles (term),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    -- The date as the text gives it (`date_text`) and in EDTF (`date_edtf`:
    -- `2015`, `2015-10?`, `2008-12/2016-01`, `2015/..`); the ISO bounds are
    -- derived from it, and checked with it, in the one CHECK below.
    date_start  TEXT GENERATED ALWAYS AS (rtrim(substr(ltrim(date_edtf, '['), 1,
        instr(replace(ltrim(date_edtf, '['), '..', '/') || '/', '/') - 1), '?~%')),
    date_end    TEXT GENERATED ALWAYS AS (nullif(nullif(rtrim(substr(replace(trim(date_edtf, '[]'), '..', '/'),
        nullif(instr(replace(trim(date_edtf, '[]'), '..', '/'), '/'), 0) + 1), '?~%/'), ''), '..')),
    date_text   TEXT CHECK ((date_text IS NULL) = (date_edtf IS NULL)),
    date_edtf   TEXT CONSTRAINT date_edtf CHECK (date_edtf IS NULL OR (length(CAST(date_edtf AS BLOB)) = length(date_edtf)
        AND date_edtf NOT GLOB '*[?~%][?~%]*' AND date_edtf NOT GLOB '*..[?~%]*'
        AND length(date_start) IN (4, 7, 10) AND date(date_start || substr('-01-01', length(date_start) - 3))
            IS date_start || substr('-01-01', length(date_start) - 3)
        AND CASE WHEN date_edtf GLOB '[[]*' THEN date_edtf GLOB '[[][0-9]*..*]' AND date_edtf NOT GLOB '*[?~%/]*'
            ELSE replace(date_edtf, '/..', '') NOT GLOB '*[].[]*' AND date_edtf NOT GLOB '*/*/*' END
        AND ((date_end IS NULL AND (instr(date_edtf, '/') = 0 OR date_edtf GLOB '*/..'))
            OR (coalesce(length(date_end), 0) IN (4, 7, 10) AND date(date_end || substr('-01-01', length(date_end) - 3))
                    IS date_end || substr('-01-01', length(date_end) - 3)
                AND substr(date_end, 1, min(length(date_end), length(date_start)))
                    >= substr(date_start, 1, min(length(date_end), length(date_start))))))),
    theme       TEXT CHECK (theme IS NULL OR theme <> ''),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- Groups the quote names without naming their members, separated by '; '.
    unnamed_parties TEXT CHECK (unnamed_parties IS NULL OR unnamed_parties <> ''),
    -- The form coded from the sentence; the note says why where it departs
    -- from what the partner links alone suggest (`check` holds the two).
    form        TEXT NOT NULL REFERENCES forms (term),
    form_note   TEXT CHECK (form_note IS NULL OR form_note <> '')
);
CREATE INDEX meetings_passage ON meetings (passage_id);

CREATE TABLE exercises (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL REFERENCES exercise_kinds (term),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL REFERENCES china_roles (term),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    date_start  TEXT GENERATED ALWAYS AS (rtrim(substr(ltrim(date_edtf, '['), 1,
        instr(replace(ltrim(date_edtf, '['), '..', '/') || '/', '/') - 1), '?~%')),
    date_end    TEXT GENERATED ALWAYS AS (nullif(nullif(rtrim(substr(replace(trim(date_edtf, '[]'), '..', '/'),
        nullif(instr(replace(trim(date_edtf, '[]'), '..', '/'), '/'), 0) + 1), '?~%/'), ''), '..')),
    date_text   TEXT CHECK ((date_text IS NULL) = (date_edtf IS NULL)),
    date_edtf   TEXT CONSTRAINT date_edtf CHECK (date_edtf IS NULL OR (length(CAST(date_edtf AS BLOB)) = length(date_edtf)
        AND date_edtf NOT GLOB '*[?~%][?~%]*' AND date_edtf NOT GLOB '*..[?~%]*'
        AND length(date_start) IN (4, 7, 10) AND date(date_start || substr('-01-01', length(date_start) - 3))
            IS date_start || substr('-01-01', length(date_start) - 3)
        AND CASE WHEN date_edtf GLOB '[[]*' THEN date_edtf GLOB '[[][0-9]*..*]' AND date_edtf NOT GLOB '*[?~%/]*'
            ELSE replace(date_edtf, '/..', '') NOT GLOB '*[].[]*' AND date_edtf NOT GLOB '*/*/*' END
        AND ((date_end IS NULL AND (instr(date_edtf, '/') = 0 OR date_edtf GLOB '*/..'))
            OR (coalesce(length(date_end), 0) IN (4, 7, 10) AND date(date_end || substr('-01-01', length(date_end) - 3))
                    IS date_end || substr('-01-01', length(date_end) - 3)
                AND substr(date_end, 1, min(length(date_end), length(date_start)))
                    >= substr(date_start, 1, min(length(date_end), length(date_start))))))),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- Groups the quote names without naming their members, separated by '; '.
    unnamed_parties TEXT CHECK (unnamed_parties IS NULL OR unnamed_parties <> ''),
    -- The form coded from the sentence; the note says why where it departs
    -- from what the partner links alone suggest (`check` holds the two).
    form        TEXT NOT NULL REFERENCES forms (term),
    form_note   TEXT CHECK (form_note IS NULL OR form_note <> '')
);
CREATE INDEX exercises_passage ON exercises (passage_id);

CREATE TABLE agreements (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL REFERENCES agreement_kinds (term),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL REFERENCES china_roles (term),
    date_start  TEXT GENERATED ALWAYS AS (rtrim(substr(ltrim(date_edtf, '['), 1,
        instr(replace(ltrim(date_edtf, '['), '..', '/') || '/', '/') - 1), '?~%')),
    date_end    TEXT GENERATED ALWAYS AS (nullif(nullif(rtrim(substr(replace(trim(date_edtf, '[]'), '..', '/'),
        nullif(instr(replace(trim(date_edtf, '[]'), '..', '/'), '/'), 0) + 1), '?~%/'), ''), '..')),
    date_text   TEXT CHECK ((date_text IS NULL) = (date_edtf IS NULL)),
    date_edtf   TEXT CONSTRAINT date_edtf CHECK (date_edtf IS NULL OR (length(CAST(date_edtf AS BLOB)) = length(date_edtf)
        AND date_edtf NOT GLOB '*[?~%][?~%]*' AND date_edtf NOT GLOB '*..[?~%]*'
        AND length(date_start) IN (4, 7, 10) AND date(date_start || substr('-01-01', length(date_start) - 3))
            IS date_start || substr('-01-01', length(date_start) - 3)
        AND CASE WHEN date_edtf GLOB '[[]*' THEN date_edtf GLOB '[[][0-9]*..*]' AND date_edtf NOT GLOB '*[?~%/]*'
            ELSE replace(date_edtf, '/..', '') NOT GLOB '*[].[]*' AND date_edtf NOT GLOB '*/*/*' END
        AND ((date_end IS NULL AND (instr(date_edtf, '/') = 0 OR date_edtf GLOB '*/..'))
            OR (coalesce(length(date_end), 0) IN (4, 7, 10) AND date(date_end || substr('-01-01', length(date_end) - 3))
                    IS date_end || substr('-01-01', length(date_end) - 3)
                AND substr(date_end, 1, min(length(date_end), length(date_start)))
                    >= substr(date_start, 1, min(length(date_end), length(date_start))))))),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- Groups the quote names without naming their members, separated by '; '.
    unnamed_parties TEXT CHECK (unnamed_parties IS NULL OR unnamed_parties <> ''),
    -- The form coded from the sentence; the note says why where it departs
    -- from what the partner links alone suggest (`check` holds the two).
    form        TEXT NOT NULL REFERENCES forms (term),
    form_note   TEXT CHECK (form_note IS NULL OR form_note <> '')
);
CREATE INDEX agreements_passage ON agreements (passage_id);

CREATE TABLE operations (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL REFERENCES operation_kinds (term),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL REFERENCES china_roles (term),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    date_start  TEXT GENERATED ALWAYS AS (rtrim(substr(ltrim(date_edtf, '['), 1,
        instr(replace(ltrim(date_edtf, '['), '..', '/') || '/', '/') - 1), '?~%')),
    date_end    TEXT GENERATED ALWAYS AS (nullif(nullif(rtrim(substr(replace(trim(date_edtf, '[]'), '..', '/'),
        nullif(instr(replace(trim(date_edtf, '[]'), '..', '/'), '/'), 0) + 1), '?~%/'), ''), '..')),
    date_text   TEXT CHECK ((date_text IS NULL) = (date_edtf IS NULL)),
    date_edtf   TEXT CONSTRAINT date_edtf CHECK (date_edtf IS NULL OR (length(CAST(date_edtf AS BLOB)) = length(date_edtf)
        AND date_edtf NOT GLOB '*[?~%][?~%]*' AND date_edtf NOT GLOB '*..[?~%]*'
        AND length(date_start) IN (4, 7, 10) AND date(date_start || substr('-01-01', length(date_start) - 3))
            IS date_start || substr('-01-01', length(date_start) - 3)
        AND CASE WHEN date_edtf GLOB '[[]*' THEN date_edtf GLOB '[[][0-9]*..*]' AND date_edtf NOT GLOB '*[?~%/]*'
            ELSE replace(date_edtf, '/..', '') NOT GLOB '*[].[]*' AND date_edtf NOT GLOB '*/*/*' END
        AND ((date_end IS NULL AND (instr(date_edtf, '/') = 0 OR date_edtf GLOB '*/..'))
            OR (coalesce(length(date_end), 0) IN (4, 7, 10) AND date(date_end || substr('-01-01', length(date_end) - 3))
                    IS date_end || substr('-01-01', length(date_end) - 3)
                AND substr(date_end, 1, min(length(date_end), length(date_start)))
                    >= substr(date_start, 1, min(length(date_end), length(date_start))))))),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- Groups the quote names without naming their members, separated by '; '.
    unnamed_parties TEXT CHECK (unnamed_parties IS NULL OR unnamed_parties <> ''),
    -- The form coded from the sentence; the note says why where it departs
    -- from what the partner links alone suggest (`check` holds the two).
    form        TEXT NOT NULL REFERENCES forms (term),
    form_note   TEXT CHECK (form_note IS NULL OR form_note <> '')
);
CREATE INDEX operations_passage ON operations (passage_id);

-- China's stated positions, commitments and calls: what the text says that is not an event.
CREATE TABLE statements (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    kind        TEXT NOT NULL REFERENCES statement_kinds (term),
    topic       TEXT NOT NULL CHECK (topic <> ''),
    date_start  TEXT GENERATED ALWAYS AS (rtrim(substr(ltrim(date_edtf, '['), 1,
        instr(replace(ltrim(date_edtf, '['), '..', '/') || '/', '/') - 1), '?~%')),
    date_end    TEXT GENERATED ALWAYS AS (nullif(nullif(rtrim(substr(replace(trim(date_edtf, '[]'), '..', '/'),
        nullif(instr(replace(trim(date_edtf, '[]'), '..', '/'), '/'), 0) + 1), '?~%/'), ''), '..')),
    date_text   TEXT CHECK ((date_text IS NULL) = (date_edtf IS NULL)),
    date_edtf   TEXT CONSTRAINT date_edtf CHECK (date_edtf IS NULL OR (length(CAST(date_edtf AS BLOB)) = length(date_edtf)
        AND date_edtf NOT GLOB '*[?~%][?~%]*' AND date_edtf NOT GLOB '*..[?~%]*'
        AND length(date_start) IN (4, 7, 10) AND date(date_start || substr('-01-01', length(date_start) - 3))
            IS date_start || substr('-01-01', length(date_start) - 3)
        AND CASE WHEN date_edtf GLOB '[[]*' THEN date_edtf GLOB '[[][0-9]*..*]' AND date_edtf NOT GLOB '*[?~%/]*'
            ELSE replace(date_edtf, '/..', '') NOT GLOB '*[].[]*' AND date_edtf NOT GLOB '*/*/*' END
        AND ((date_end IS NULL AND (instr(date_edtf, '/') = 0 OR date_edtf GLOB '*/..'))
            OR (coalesce(length(date_end), 0) IN (4, 7, 10) AND date(date_end || substr('-01-01', length(date_end) - 3))
                    IS date_end || substr('-01-01', length(date_end) - 3)
                AND substr(date_end, 1, min(length(date_end), length(date_start)))
                    >= substr(date_start, 1, min(length(date_end), length(date_start))))))),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- Groups the quote names without naming their members, separated by '; '.
    unnamed_parties TEXT CHECK (unnamed_parties IS NULL OR unnamed_parties <> ''),
    -- The form coded from the sentence; the note says why where it departs
    -- from what the partner links alone suggest (`check` holds the two).
    form        TEXT NOT NULL REFERENCES forms (term),
    form_note   TEXT CHECK (form_note IS NULL OR form_note <> '')
);
CREATE INDEX statements_passage ON statements (passage_id);

-- Who took part in each fact, in which role, with a curator's note.
CREATE TABLE meeting_partners (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL REFERENCES partner_roles (term),
    note       TEXT,
    PRIMARY KEY (meeting_id, partner_id)
) WITHOUT ROWID;
CREATE TABLE exercise_partners (
    exercise_id TEXT NOT NULL REFERENCES exercises (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL REFERENCES partner_roles (term),
    note       TEXT,
    PRIMARY KEY (exercise_id, partner_id)
) WITHOUT ROWID;
CREATE TABLE agreement_partners (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL REFERENCES partner_roles (term),
    note       TEXT,
    PRIMARY KEY (agreement_id, partner_id)
) WITHOUT ROWID;
CREATE TABLE operation_partners (
    operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL REFERENCES partner_roles (term),
    note       TEXT,
    PRIMARY KEY (operation_id, partner_id)
) WITHOUT ROWID;
CREATE TABLE statement_partners (
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL REFERENCES partner_roles (term),
    note       TEXT,
    PRIMARY KEY (statement_id, partner_id)
) WITHOUT ROWID;

-- Every number the text states. fact_table/fact_id name the fact it belongs to,
-- or are both NULL for a number that counts across several facts.
CREATE TABLE figures (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    fact_table  TEXT REFERENCES fact_tables (term),
    fact_id     TEXT,
    metric      TEXT NOT NULL CHECK (metric <> ''),
    value       NUMERIC NOT NULL CHECK (typeof(value) IN ('integer', 'real')),
    value_text  TEXT NOT NULL CHECK (value_text <> ''),
    unit        TEXT NOT NULL CHECK (unit <> ''),
    qualifier   TEXT REFERENCES figure_qualifiers (term),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    note        TEXT,
    -- The figure stating the same amount in another currency ("A$20 million
    -- ($14.8 million)"), so that a sum counts the amount once.
    same_as     TEXT REFERENCES figures (id) DEFERRABLE INITIALLY DEFERRED
        CHECK (same_as IS NULL OR same_as <> id),
    CHECK ((fact_table IS NULL) = (fact_id IS NULL))
);
CREATE INDEX figures_passage ON figures (passage_id);

-- figures.fact_id names a row of one of five tables, so it cannot be a
-- declared foreign key: these triggers hold it to the same rule.
CREATE TRIGGER figures_fact_insert BEFORE INSERT ON figures
WHEN NEW.fact_table IS NOT NULL AND NOT CASE NEW.fact_table
    WHEN 'meetings' THEN EXISTS (SELECT 1 FROM meetings WHERE id = NEW.fact_id)
    WHEN 'exercises' THEN EXISTS (SELECT 1 FROM exercises WHERE id = NEW.fact_id)
    WHEN 'agreements' THEN EXISTS (SELECT 1 FROM agreements WHERE id = NEW.fact_id)
    WHEN 'operations' THEN EXISTS (SELECT 1 FROM operations WHERE id = NEW.fact_id)
    WHEN 'statements' THEN EXISTS (SELECT 1 FROM statements WHERE id = NEW.fact_id)
    ELSE 0 END
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: figures.fact_id names no row of figures.fact_table');
END;
CREATE TRIGGER figures_fact_update BEFORE UPDATE OF fact_table, fact_id ON figures
WHEN NEW.fact_table IS NOT NULL AND NOT CASE NEW.fact_table
    WHEN 'meetings' THEN EXISTS (SELECT 1 FROM meetings WHERE id = NEW.fact_id)
    WHEN 'exercises' THEN EXISTS (SELECT 1 FROM exercises WHERE id = NEW.fact_id)
    WHEN 'agreements' THEN EXISTS (SELECT 1 FROM agreements WHERE id = NEW.fact_id)
    WHEN 'operations' THEN EXISTS (SELECT 1 FROM operations WHERE id = NEW.fact_id)
    WHEN 'statements' THEN EXISTS (SELECT 1 FROM statements WHERE id = NEW.fact_id)
    ELSE 0 END
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: figures.fact_id names no row of figures.fact_table');
END;

-- The members of each organisation and forum partner on the paper's date
-- (2017-01-11), from outside the text (sources in the codebook). `member`
-- is the member's partner id when it is a partner, else its ISO 3166-1
-- alpha-3 code in lower case; `since` a year or a date, empty when unknown.
CREATE TABLE memberships (
    organization_id TEXT NOT NULL REFERENCES partners (id),
    member      TEXT NOT NULL CHECK (member <> '' AND member NOT GLOB '*[^a-z0-9-]*'),
    member_name TEXT NOT NULL CHECK (member_name <> ''),
    member_kind TEXT NOT NULL CHECK (member_kind IN ('state', 'economy', 'organization')),
    since       TEXT CHECK (since IS NULL OR length(since) IN (4, 10) AND date(since || substr('-01-01', length(since) - 3))
        IS since || substr('-01-01', length(since) - 3)),
    note        TEXT,
    PRIMARY KEY (organization_id, member)
) WITHOUT ROWID;

-- A date a fact takes from the sentence that frames its paragraph ("Since
-- 2015 ..."), inferred, never the fact's own: `basis` is 'frame' where the
-- frame's words govern the fact, 'paragraph' where the fact only stands in
-- the paragraph the frame opens. The frame is quoted and placed like a fact.
CREATE TABLE context_dates (
    fact_table  TEXT NOT NULL REFERENCES fact_tables (term),
    fact_id     TEXT NOT NULL CHECK (fact_id <> ''),
    date_edtf   TEXT NOT NULL CHECK (date_edtf GLOB '[0-9][0-9][0-9][0-9]' OR date_edtf GLOB '[0-9][0-9][0-9][0-9]/..'
        OR date_edtf GLOB '[[][0-9][0-9][0-9][0-9]..[0-9][0-9][0-9][0-9]-[01][0-9]]'),
    date_start  TEXT GENERATED ALWAYS AS (substr(date_edtf, instr(date_edtf, '[') + 1, 4)),
    date_end    TEXT GENERATED ALWAYS AS (CASE WHEN date_edtf GLOB '[[]*' THEN substr(date_edtf, 8, 7) END),
    basis       TEXT NOT NULL CHECK (basis IN ('frame', 'paragraph')),
    frame       TEXT NOT NULL CHECK (frame <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    frame_start INTEGER NOT NULL CHECK (frame_start >= 0),
    frame_end   INTEGER NOT NULL CHECK (frame_end > frame_start),
    note        TEXT,
    PRIMARY KEY (fact_table, fact_id)
);

-- A name a fact's quote gives that is rightly not one of its partners, and why.
CREATE TABLE mention_waivers (
    fact_table TEXT NOT NULL REFERENCES fact_tables (term),
    fact_id    TEXT NOT NULL CHECK (fact_id <> ''),
    name       TEXT NOT NULL CHECK (name <> ''),
    reason     TEXT NOT NULL CHECK (reason <> ''),
    PRIMARY KEY (fact_table, fact_id, name)
);

-- What the last seed loaded: one row per seed file, with its digest and, for
-- a CSV file, the rows it put in its table.
CREATE TABLE seed_files (
    name   TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    rows   INTEGER
);

-- All facts in one shape, and all their partner links.
CREATE VIEW facts (fact_table, fact_id, name, kind, area_id, china_role, date_start, date_end, date_text,
                   date_edtf, theme, quote, passage_id, quote_start, quote_end, note, form, form_note) AS
    SELECT 'meetings', id, name, kind, area_id, china_role, date_start, date_end, date_text, date_edtf, theme,
           quote, passage_id, quote_start, quote_end, note, form, form_note FROM meetings
    UNION ALL
    SELECT 'exercises', id, name, kind, area_id, china_role, date_start, date_end, date_text, date_edtf, NULL,
           quote, passage_id, quote_start, quote_end, note, form, form_note FROM exercises
    UNION ALL
    SELECT 'agreements', id, name, kind, area_id, china_role, date_start, date_end, date_text, date_edtf, NULL,
           quote, passage_id, quote_start, quote_end, note, form, form_note FROM agreements
    UNION ALL
    SELECT 'operations', id, name, kind, area_id, china_role, date_start, date_end, date_text, date_edtf, NULL,
           quote, passage_id, quote_start, quote_end, note, form, form_note FROM operations
    UNION ALL
    SELECT 'statements', id, topic, kind, area_id, NULL, date_start, date_end, date_text, date_edtf, NULL,
           quote, passage_id, quote_start, quote_end, note, form, form_note FROM statements;

CREATE VIEW fact_partners (fact_table, fact_id, partner_id, role, note) AS
    SELECT 'meetings', meeting_id, partner_id, role, note FROM meeting_partners
    UNION ALL SELECT 'exercises', exercise_id, partner_id, role, note FROM exercise_partners
    UNION ALL SELECT 'agreements', agreement_id, partner_id, role, note FROM agreement_partners
    UNION ALL SELECT 'operations', operation_id, partner_id, role, note FROM operation_partners
    UNION ALL SELECT 'statements', statement_id, partner_id, role, note FROM statement_partners;

-- The tidy table: one row per fact and partner (a fact without partners
-- keeps one row), in the order of the text, with the paragraph and sentence
-- its quote starts in, the coded form, whether the fact is an engagement
-- (a statement is a position, not one), and a date inferred from the frame.
CREATE VIEW facts_long AS
SELECT fact_type, fact_id, name, kind, edition, area_id, area, section, paragraph, sentence,
       china_role, china_role_group, is_engagement, date_text, date_edtf, date_start, date_end,
       context_edtf, context_start, context_end, context_basis, partner_id, partner, partner_kind, iso3,
       partner_role, form, unnamed_parties, quote
  FROM (
SELECT x.fact_type, x.fact_id, x.name, x.kind, CAST(x.edition AS INTEGER) AS edition, x.area_id,
       a.name AS area, p.section, CAST(p.ordinal AS INTEGER) AS paragraph,
       CAST((SELECT s.ordinal FROM sentences s
              WHERE s.passage_id = x.passage_id
                AND s.start_offset <= x.quote_start AND x.quote_start < s.end_offset)
            AS INTEGER) AS sentence,
       x.china_role,
       CASE WHEN x.china_role IN ('host', 'co-host') THEN 'host'
            WHEN x.china_role = 'participant' THEN 'participant'
            ELSE 'other' END AS china_role_group,
       CAST(x.fact_type <> 'statement' AS INTEGER) AS is_engagement,
       x.date_text, x.date_edtf, x.date_start, x.date_end,
       c.date_edtf AS context_edtf, c.date_start AS context_start, c.date_end AS context_end, c.basis AS context_basis,
       x.partner_id, q.name AS partner, q.kind AS partner_kind, q.iso3, x.partner_role, x.form,
       x.unnamed_parties, x.quote, p.id AS passage_order, x.quote_start AS quote_order
  FROM (SELECT 'meeting' AS fact_type, f.id AS fact_id, f.name, f.kind, f.edition, f.area_id,
               f.china_role, f.date_text, f.date_edtf, f.date_start, f.date_end, f.unnamed_parties,
               f.quote, f.passage_id, f.quote_start, f.form, l.partner_id, l.role AS partner_role
          FROM meetings f LEFT JOIN meeting_partners l ON l.meeting_id = f.id
        UNION ALL
        SELECT 'exercise', f.id, f.name, f.kind, f.edition, f.area_id, f.china_role, f.date_text,
               f.date_edtf, f.date_start, f.date_end, f.unnamed_parties, f.quote, f.passage_id,
               f.quote_start, f.form, l.partner_id, l.role
          FROM exercises f LEFT JOIN exercise_partners l ON l.exercise_id = f.id
        UNION ALL
        SELECT 'agreement', f.id, f.name, f.kind, NULL, f.area_id, f.china_role, f.date_text,
               f.date_edtf, f.date_start, f.date_end, f.unnamed_parties, f.quote, f.passage_id,
               f.quote_start, f.form, l.partner_id, l.role
          FROM agreements f LEFT JOIN agreement_partners l ON l.agreement_id = f.id
        UNION ALL
        SELECT 'operation', f.id, f.name, f.kind, f.edition, f.area_id, f.china_role, f.date_text,
               f.date_edtf, f.date_start, f.date_end, f.unnamed_parties, f.quote, f.passage_id,
               f.quote_start, f.form, l.partner_id, l.role
          FROM operations f LEFT JOIN operation_partners l ON l.operation_id = f.id
        UNION ALL
        SELECT 'statement', f.id, f.topic, f.kind, NULL, f.area_id, NULL, f.date_text,
               f.date_edtf, f.date_start, f.date_end, f.unnamed_parties, f.quote, f.passage_id,
               f.quote_start, f.form, l.partner_id, l.role
          FROM statements f LEFT JOIN statement_partners l ON l.statement_id = f.id) x
  CROSS JOIN passages p ON p.id = x.passage_id
  JOIN areas a ON a.id = x.area_id
  LEFT JOIN partners q ON q.id = x.partner_id
  LEFT JOIN context_dates c ON c.fact_table = x.fact_type || 's' AND c.fact_id = x.fact_id)
 ORDER BY passage_order, quote_order, fact_type, fact_id, partner;

-- Each engagement an organisation convenes, or joins as a side or as its member
-- states, expanded into its members on the paper's date (never a framework or a
-- recipient): apart from the text's links, which `linked` says a member also has.
CREATE VIEW fact_members AS
SELECT l.fact_type, l.fact_id, l.partner_id AS organization_id, l.partner_role AS organization_role,
       m.member, m.member_name, m.member_kind,
       CASE WHEN m.member_kind <> 'organization' THEN coalesce(q.iso3, upper(m.member)) END AS member_iso3,
       'through ' || l.partner_id AS reached,
       EXISTS (SELECT 1 FROM fact_partners o WHERE o.fact_table = l.fact_type || 's'
                  AND o.fact_id = l.fact_id AND o.partner_id = m.member) AS linked
  FROM facts_long l
  JOIN memberships m ON m.organization_id = l.partner_id
  LEFT JOIN partners q ON q.id = m.member AND m.member_kind = 'state'
 WHERE l.is_engagement = 1 AND m.member <> 'china' AND l.partner_role IN ('convener', 'member-states', 'counterpart');

-- The catalog of canned reports, so that a person who opens the file in any
-- SQLite tool finds them: each report's title, description, parameters and
-- SQL, and the view (report_<name>) that runs it when it needs no parameter.
-- apsc rewrites these rows and views whenever it seeds or finds them old.
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

-- What every table, view and column holds, in words, for anyone who opens
-- the file: apsc writes these rows from schema/columns.csv with the report
-- views. The column "" holds the note on the table or view itself.
CREATE TABLE column_notes (
    table_name  TEXT NOT NULL CHECK (table_name <> ''),
    column_name TEXT NOT NULL,
    note        TEXT NOT NULL CHECK (note <> ''),
    PRIMARY KEY (table_name, column_name)
);
