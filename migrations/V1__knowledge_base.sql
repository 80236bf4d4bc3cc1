-- The knowledge base: documents and their passages, the six areas, the partners,
-- the facts (meetings, exercises, agreements, operations, statements, figures)
-- and the vocabularies their CHECK constraints enforce.
--
-- Plain SQLite (no STRICT tables) so that any SQLite 3.31+ tool can open the file.
-- Offsets are 0-based code-point offsets into documents.text, end exclusive:
--   substr(d.text, p.start_offset + 1, p.end_offset - p.start_offset) = p.text
-- Dates are ISO 8601 with only the precision the text gives: '2015', '2015-10', '2016-05-01'.
-- length() and GLOB stop at a NUL character, so the checks compare whole
-- values (IS) or byte lengths as well: '2015' followed by a NUL is no date.

-- Every controlled term, with what it means. The CHECK constraints below list the
-- same terms; the seeder validates against this table so that a bad value is
-- reported as file:line before anything is written. The CHECKs are written as
-- chains of OR, not as IN lists: SQLite builds a temporary index for an IN
-- list every time such a CHECK runs, which made loading twice as slow.
CREATE TABLE vocabulary (
    domain  TEXT NOT NULL,
    term    TEXT NOT NULL,
    meaning TEXT NOT NULL,
    PRIMARY KEY (domain, term)
);

INSERT INTO vocabulary (domain, term, meaning) VALUES
    ('partner_kind', 'country', 'a sovereign state; iso3 holds its ISO 3166-1 alpha-3 code'),
    ('partner_kind', 'organization', 'an international or regional organisation'),
    ('partner_kind', 'forum', 'a standing international forum, process or grouping'),

    ('china_role', 'host', 'China hosted it'),
    ('china_role', 'co-host', 'China hosted it together with a partner'),
    ('china_role', 'participant', 'China took part in it'),
    ('china_role', 'party', 'China is one of the sides that held or formed it'),
    ('china_role', 'signatory', 'China signed or concluded it'),
    ('china_role', 'implementer', 'China implements it'),
    ('china_role', 'co-sponsor', 'China submitted it jointly with others'),
    ('china_role', 'promoter', 'China worked to bring it about'),
    ('china_role', 'supporter', 'China supports it'),
    ('china_role', 'facilitator', 'China facilitated it'),
    ('china_role', 'provider', 'China provided aid, teams, equipment or funds'),
    ('china_role', 'operator', 'China carried it out on its own'),

    ('partner_role', 'co-host', 'the partner hosted it together with China'),
    ('partner_role', 'participant', 'the partner took part in it with China'),
    ('partner_role', 'counterpart', 'the other side of a bilateral or China-X format'),
    ('partner_role', 'party', 'one of the parties that formed it with China'),
    ('partner_role', 'signatory', 'the partner signed it with China'),
    ('partner_role', 'co-sponsor', 'the partner submitted it jointly with China'),
    ('partner_role', 'convener', 'the organisation or forum that convenes it'),
    ('partner_role', 'framework', 'the organisation or forum under whose framework it stands'),
    ('partner_role', 'body', 'a body established under it'),
    ('partner_role', 'recipient', 'the partner received it'),
    ('partner_role', 'requester', 'the partner asked for it'),

    ('meeting_kind', 'meeting', 'a meeting'),
    ('meeting_kind', 'ministerial-meeting', 'a meeting at ministerial level'),
    ('meeting_kind', 'high-level-meeting', 'a high-level meeting'),
    ('meeting_kind', 'conference', 'a conference'),
    ('meeting_kind', 'forum', 'a forum'),
    ('meeting_kind', 'dialogue', 'a dialogue'),
    ('meeting_kind', 'consultation', 'a consultation'),
    ('meeting_kind', 'working-group', 'a working group'),
    ('meeting_kind', 'expert-group', 'a group of experts'),
    ('meeting_kind', 'training-course', 'a training course'),

    ('exercise_kind', 'exercise', 'an exercise'),
    ('exercise_kind', 'drill', 'a drill'),
    ('exercise_kind', 'tabletop-exercise', 'a tabletop exercise'),
    ('exercise_kind', 'multitask-exercise', 'a multitask exercise'),

    ('agreement_kind', 'treaty', 'a treaty'),
    ('agreement_kind', 'convention', 'a convention'),
    ('agreement_kind', 'agreement', 'an agreement'),
    ('agreement_kind', 'memorandum', 'a memorandum of understanding'),
    ('agreement_kind', 'mechanism', 'a standing cooperation mechanism'),
    ('agreement_kind', 'code-of-conduct', 'a code of conduct'),

    ('operation_kind', 'relief', 'disaster relief: supplies, teams, equipment'),
    ('operation_kind', 'rescue', 'a rescue'),
    ('operation_kind', 'search', 'a search'),
    ('operation_kind', 'escort', 'naval escorts'),
    ('operation_kind', 'joint-operation', 'a named joint operation'),
    ('operation_kind', 'joint-action', 'joint actions with partners'),
    ('operation_kind', 'law-enforcement', 'law-enforcement cooperation'),
    ('operation_kind', 'expedition', 'a scientific expedition'),
    ('operation_kind', 'project', 'a construction or research project'),
    ('operation_kind', 'exchanges', 'a series of exchanges and cooperative events'),
    ('operation_kind', 'capacity-building', 'support for a partner''s capacity'),
    ('operation_kind', 'funding', 'money provided'),

    ('statement_kind', 'position', 'what China holds or believes'),
    ('statement_kind', 'commitment', 'what China will do or stands ready to do'),
    ('statement_kind', 'call', 'what China calls on or encourages others to do'),
    ('statement_kind', 'assessment', 'what the text says cooperation achieved'),
    ('statement_kind', 'summary', 'a general account of China''s activity'),
    ('statement_kind', 'context', 'the setting the text describes'),

    ('fact_table', 'meetings', 'a row of meetings'),
    ('fact_table', 'exercises', 'a row of exercises'),
    ('fact_table', 'agreements', 'a row of agreements'),
    ('fact_table', 'operations', 'a row of operations'),
    ('fact_table', 'statements', 'a row of statements'),

    ('figure_qualifier', 'over', 'the true number is above the value'),
    ('figure_qualifier', 'more than', 'the true number is above the value');

CREATE TABLE documents (
    id            TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    title         TEXT NOT NULL CHECK (title <> ''),
    publisher     TEXT NOT NULL CHECK (publisher <> ''),
    published     TEXT NOT NULL CHECK (
        (length(published) = 4 AND date(published || '-01-01') IS published || '-01-01')
        OR (length(published) = 7 AND date(published || '-01') IS published || '-01')
        OR (length(published) = 10 AND date(published) IS published)),
    source_file   TEXT NOT NULL,
    source_text   TEXT NOT NULL,
    text          TEXT NOT NULL,
    source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64 AND source_sha256 NOT GLOB '*[^0-9a-f]*'
        AND length(CAST(source_sha256 AS BLOB)) = 64)
);

-- One declared correction of the supplied text: every occurrence of "from" becomes "to".
CREATE TABLE corrections (
    document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    "from"      TEXT NOT NULL CHECK ("from" <> ''),
    "to"        TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason <> ''),
    occurrences INTEGER NOT NULL CHECK (occurrences > 0),
    PRIMARY KEY (document_id, "from")
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

-- Written as content="passages" so that Datasette finds it for ?_search=.
CREATE VIRTUAL TABLE passages_fts USING fts5 (
    text,
    content="passages",
    content_rowid="id",
    tokenize="porter unicode61"
);

-- The sentences of each passage, so that citation coverage is a query away.
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
    kind       TEXT NOT NULL CHECK (
        kind = 'country' OR kind = 'organization' OR kind = 'forum'),
    iso3       TEXT UNIQUE CHECK (
        (kind = 'country' AND length(iso3) = 3 AND iso3 NOT GLOB '*[^A-Z]*'
            AND length(CAST(iso3 AS BLOB)) = 3)
        OR (kind <> 'country' AND iso3 IS NULL)),
    is_subject INTEGER NOT NULL DEFAULT 0 CHECK (is_subject IN (0, 1))
);

-- At most one subject: the country whose policies the documents state.
CREATE UNIQUE INDEX partners_one_subject ON partners (is_subject) WHERE is_subject = 1;

CREATE TABLE partner_aliases (
    alias      TEXT PRIMARY KEY COLLATE NOCASE CHECK (alias <> ''),
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    note       TEXT
);
CREATE INDEX partner_aliases_partner ON partner_aliases (partner_id);

-- The fact tables share one shape: a name, a kind, the area, China's role, the
-- date as the text gives it, and the quote with its passage and offsets.
CREATE TABLE meetings (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (
        kind = 'meeting' OR kind = 'ministerial-meeting' OR kind = 'high-level-meeting'
        OR kind = 'conference' OR kind = 'forum' OR kind = 'dialogue'
        OR kind = 'consultation' OR kind = 'working-group' OR kind = 'expert-group'
        OR kind = 'training-course'),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL CHECK (
        china_role = 'host' OR china_role = 'co-host' OR china_role = 'participant'
        OR china_role = 'party' OR china_role = 'signatory' OR china_role = 'implementer'
        OR china_role = 'co-sponsor' OR china_role = 'promoter' OR china_role = 'supporter'
        OR china_role = 'facilitator' OR china_role = 'provider' OR china_role = 'operator'),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    date_start  TEXT CHECK (date_start IS NULL
        OR (length(date_start) = 4 AND date(date_start || '-01-01') IS date_start || '-01-01')
        OR (length(date_start) = 7 AND date(date_start || '-01') IS date_start || '-01')
        OR (length(date_start) = 10 AND date(date_start) IS date_start)),
    date_end    TEXT CHECK (date_end IS NULL
        OR (length(date_end) = 4 AND date(date_end || '-01-01') IS date_end || '-01-01')
        OR (length(date_end) = 7 AND date(date_end || '-01') IS date_end || '-01')
        OR (length(date_end) = 10 AND date(date_end) IS date_end)),
    date_text   TEXT,
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND
        substr(date_end, 1, min(length(date_end), length(date_start)))
            >= substr(date_start, 1, min(length(date_end), length(date_start))))),
    CHECK ((date_start IS NULL) = (date_text IS NULL))
);

CREATE TABLE exercises (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (
        kind = 'exercise' OR kind = 'drill' OR kind = 'tabletop-exercise'
        OR kind = 'multitask-exercise'),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL CHECK (
        china_role = 'host' OR china_role = 'co-host' OR china_role = 'participant'
        OR china_role = 'party' OR china_role = 'signatory' OR china_role = 'implementer'
        OR china_role = 'co-sponsor' OR china_role = 'promoter' OR china_role = 'supporter'
        OR china_role = 'facilitator' OR china_role = 'provider' OR china_role = 'operator'),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    date_start  TEXT CHECK (date_start IS NULL
        OR (length(date_start) = 4 AND date(date_start || '-01-01') IS date_start || '-01-01')
        OR (length(date_start) = 7 AND date(date_start || '-01') IS date_start || '-01')
        OR (length(date_start) = 10 AND date(date_start) IS date_start)),
    date_end    TEXT CHECK (date_end IS NULL
        OR (length(date_end) = 4 AND date(date_end || '-01-01') IS date_end || '-01-01')
        OR (length(date_end) = 7 AND date(date_end || '-01') IS date_end || '-01')
        OR (length(date_end) = 10 AND date(date_end) IS date_end)),
    date_text   TEXT,
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND
        substr(date_end, 1, min(length(date_end), length(date_start)))
            >= substr(date_start, 1, min(length(date_end), length(date_start))))),
    CHECK ((date_start IS NULL) = (date_text IS NULL))
);

CREATE TABLE agreements (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (
        kind = 'treaty' OR kind = 'convention' OR kind = 'agreement' OR kind = 'memorandum'
        OR kind = 'mechanism' OR kind = 'code-of-conduct'),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL CHECK (
        china_role = 'host' OR china_role = 'co-host' OR china_role = 'participant'
        OR china_role = 'party' OR china_role = 'signatory' OR china_role = 'implementer'
        OR china_role = 'co-sponsor' OR china_role = 'promoter' OR china_role = 'supporter'
        OR china_role = 'facilitator' OR china_role = 'provider' OR china_role = 'operator'),
    date_start  TEXT CHECK (date_start IS NULL
        OR (length(date_start) = 4 AND date(date_start || '-01-01') IS date_start || '-01-01')
        OR (length(date_start) = 7 AND date(date_start || '-01') IS date_start || '-01')
        OR (length(date_start) = 10 AND date(date_start) IS date_start)),
    date_end    TEXT CHECK (date_end IS NULL
        OR (length(date_end) = 4 AND date(date_end || '-01-01') IS date_end || '-01-01')
        OR (length(date_end) = 7 AND date(date_end || '-01') IS date_end || '-01')
        OR (length(date_end) = 10 AND date(date_end) IS date_end)),
    date_text   TEXT,
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND
        substr(date_end, 1, min(length(date_end), length(date_start)))
            >= substr(date_start, 1, min(length(date_end), length(date_start))))),
    CHECK ((date_start IS NULL) = (date_text IS NULL))
);

CREATE TABLE operations (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    name        TEXT NOT NULL CHECK (name <> ''),
    kind        TEXT NOT NULL CHECK (
        kind = 'relief' OR kind = 'rescue' OR kind = 'search' OR kind = 'escort'
        OR kind = 'joint-operation' OR kind = 'joint-action' OR kind = 'law-enforcement'
        OR kind = 'expedition' OR kind = 'project' OR kind = 'exchanges'
        OR kind = 'capacity-building' OR kind = 'funding'),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    china_role  TEXT NOT NULL CHECK (
        china_role = 'host' OR china_role = 'co-host' OR china_role = 'participant'
        OR china_role = 'party' OR china_role = 'signatory' OR china_role = 'implementer'
        OR china_role = 'co-sponsor' OR china_role = 'promoter' OR china_role = 'supporter'
        OR china_role = 'facilitator' OR china_role = 'provider' OR china_role = 'operator'),
    edition     INTEGER CHECK (edition IS NULL OR (typeof(edition) = 'integer' AND edition >= 1)),
    date_start  TEXT CHECK (date_start IS NULL
        OR (length(date_start) = 4 AND date(date_start || '-01-01') IS date_start || '-01-01')
        OR (length(date_start) = 7 AND date(date_start || '-01') IS date_start || '-01')
        OR (length(date_start) = 10 AND date(date_start) IS date_start)),
    date_end    TEXT CHECK (date_end IS NULL
        OR (length(date_end) = 4 AND date(date_end || '-01-01') IS date_end || '-01-01')
        OR (length(date_end) = 7 AND date(date_end || '-01') IS date_end || '-01')
        OR (length(date_end) = 10 AND date(date_end) IS date_end)),
    date_text   TEXT,
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND
        substr(date_end, 1, min(length(date_end), length(date_start)))
            >= substr(date_start, 1, min(length(date_end), length(date_start))))),
    CHECK ((date_start IS NULL) = (date_text IS NULL))
);

-- China's stated positions, commitments and calls: what the text says that is not an event.
CREATE TABLE statements (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    area_id     TEXT NOT NULL REFERENCES areas (id),
    kind        TEXT NOT NULL CHECK (
        kind = 'position' OR kind = 'commitment' OR kind = 'call' OR kind = 'assessment'
        OR kind = 'summary' OR kind = 'context'),
    topic       TEXT NOT NULL CHECK (topic <> ''),
    date_start  TEXT CHECK (date_start IS NULL
        OR (length(date_start) = 4 AND date(date_start || '-01-01') IS date_start || '-01-01')
        OR (length(date_start) = 7 AND date(date_start || '-01') IS date_start || '-01')
        OR (length(date_start) = 10 AND date(date_start) IS date_start)),
    date_end    TEXT CHECK (date_end IS NULL
        OR (length(date_end) = 4 AND date(date_end || '-01-01') IS date_end || '-01-01')
        OR (length(date_end) = 7 AND date(date_end || '-01') IS date_end || '-01')
        OR (length(date_end) = 10 AND date(date_end) IS date_end)),
    date_text   TEXT,
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK (date_end IS NULL OR (date_start IS NOT NULL AND
        substr(date_end, 1, min(length(date_end), length(date_start)))
            >= substr(date_start, 1, min(length(date_end), length(date_start))))),
    CHECK ((date_start IS NULL) = (date_text IS NULL))
);

-- Citation lookups (coverage, sources) go from a passage to its facts.
CREATE INDEX meetings_passage ON meetings (passage_id);
CREATE INDEX exercises_passage ON exercises (passage_id);
CREATE INDEX agreements_passage ON agreements (passage_id);
CREATE INDEX operations_passage ON operations (passage_id);
CREATE INDEX statements_passage ON statements (passage_id);
CREATE INDEX sentences_passage ON sentences (passage_id);

CREATE TABLE meeting_partners (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    role       TEXT NOT NULL CHECK (
        role = 'co-host' OR role = 'participant' OR role = 'counterpart' OR role = 'party'
        OR role = 'signatory' OR role = 'co-sponsor' OR role = 'convener'
        OR role = 'framework' OR role = 'body' OR role = 'recipient' OR role = 'requester'),
    PRIMARY KEY (meeting_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX meeting_partners_partner ON meeting_partners (partner_id);

CREATE TABLE exercise_partners (
    exercise_id TEXT NOT NULL REFERENCES exercises (id) ON DELETE CASCADE,
    partner_id  TEXT NOT NULL REFERENCES partners (id),
    role        TEXT NOT NULL CHECK (
        role = 'co-host' OR role = 'participant' OR role = 'counterpart' OR role = 'party'
        OR role = 'signatory' OR role = 'co-sponsor' OR role = 'convener'
        OR role = 'framework' OR role = 'body' OR role = 'recipient' OR role = 'requester'),
    PRIMARY KEY (exercise_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX exercise_partners_partner ON exercise_partners (partner_id);

CREATE TABLE agreement_partners (
    agreement_id TEXT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    role         TEXT NOT NULL CHECK (
        role = 'co-host' OR role = 'participant' OR role = 'counterpart' OR role = 'party'
        OR role = 'signatory' OR role = 'co-sponsor' OR role = 'convener'
        OR role = 'framework' OR role = 'body' OR role = 'recipient' OR role = 'requester'),
    PRIMARY KEY (agreement_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX agreement_partners_partner ON agreement_partners (partner_id);

CREATE TABLE operation_partners (
    operation_id TEXT NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    role         TEXT NOT NULL CHECK (
        role = 'co-host' OR role = 'participant' OR role = 'counterpart' OR role = 'party'
        OR role = 'signatory' OR role = 'co-sponsor' OR role = 'convener'
        OR role = 'framework' OR role = 'body' OR role = 'recipient' OR role = 'requester'),
    PRIMARY KEY (operation_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX operation_partners_partner ON operation_partners (partner_id);

CREATE TABLE statement_partners (
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    partner_id   TEXT NOT NULL REFERENCES partners (id),
    role         TEXT NOT NULL CHECK (
        role = 'co-host' OR role = 'participant' OR role = 'counterpart' OR role = 'party'
        OR role = 'signatory' OR role = 'co-sponsor' OR role = 'convener'
        OR role = 'framework' OR role = 'body' OR role = 'recipient' OR role = 'requester'),
    PRIMARY KEY (statement_id, partner_id)
) WITHOUT ROWID;
CREATE INDEX statement_partners_partner ON statement_partners (partner_id);

-- Every number the text states. fact_table/fact_id name the fact it belongs to,
-- or are both NULL for a number that counts across several facts.
CREATE TABLE figures (
    id          TEXT PRIMARY KEY CHECK (id <> '' AND id NOT GLOB '*[^a-z0-9-]*'
        AND length(CAST(id AS BLOB)) = length(id)),
    fact_table  TEXT CHECK (
        fact_table = 'meetings' OR fact_table = 'exercises' OR fact_table = 'agreements'
        OR fact_table = 'operations' OR fact_table = 'statements'),
    fact_id     TEXT,
    metric      TEXT NOT NULL CHECK (metric <> ''),
    value       NUMERIC NOT NULL CHECK (typeof(value) IN ('integer', 'real')),
    value_text  TEXT NOT NULL CHECK (value_text <> ''),
    unit        TEXT NOT NULL CHECK (unit <> ''),
    qualifier   TEXT CHECK (
        qualifier = 'over' OR qualifier = 'more than'),
    quote       TEXT NOT NULL CHECK (quote <> ''),
    passage_id  INTEGER NOT NULL REFERENCES passages (id),
    quote_start INTEGER NOT NULL CHECK (quote_start >= 0),
    quote_end   INTEGER NOT NULL CHECK (quote_end > quote_start),
    CHECK ((fact_table IS NULL) = (fact_id IS NULL))
);
CREATE INDEX figures_fact ON figures (fact_table, fact_id);
CREATE INDEX figures_passage ON figures (passage_id);

-- figures.fact_id cannot be a declared foreign key (it names a row of one of
-- five tables), so triggers hold it to the same rule.
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

-- All facts in one shape, for reports and for anyone who wants them together.
CREATE VIEW facts (fact_table, fact_id, name, kind, area_id, china_role, date_start, date_end, date_text,
                   quote, passage_id, quote_start, quote_end) AS
    SELECT 'meetings', id, name, kind, area_id, china_role, date_start, date_end, date_text,
           quote, passage_id, quote_start, quote_end FROM meetings
    UNION ALL
    SELECT 'exercises', id, name, kind, area_id, china_role, date_start, date_end, date_text,
           quote, passage_id, quote_start, quote_end FROM exercises
    UNION ALL
    SELECT 'agreements', id, name, kind, area_id, china_role, date_start, date_end, date_text,
           quote, passage_id, quote_start, quote_end FROM agreements
    UNION ALL
    SELECT 'operations', id, name, kind, area_id, china_role, date_start, date_end, date_text,
           quote, passage_id, quote_start, quote_end FROM operations
    UNION ALL
    SELECT 'statements', id, topic, kind, area_id, NULL, date_start, date_end, date_text,
           quote, passage_id, quote_start, quote_end FROM statements;

CREATE VIEW fact_partners (fact_table, fact_id, partner_id, role) AS
    SELECT 'meetings', meeting_id, partner_id, role FROM meeting_partners
    UNION ALL
    SELECT 'exercises', exercise_id, partner_id, role FROM exercise_partners
    UNION ALL
    SELECT 'agreements', agreement_id, partner_id, role FROM agreement_partners
    UNION ALL
    SELECT 'operations', operation_id, partner_id, role FROM operation_partners
    UNION ALL
    SELECT 'statements', statement_id, partner_id, role FROM statement_partners;

-- What the last seed loaded: one row per seed file, with its digest and, for
-- a CSV file, the rows it put in its table.
CREATE TABLE seed_files (
    name   TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    rows   INTEGER
);
