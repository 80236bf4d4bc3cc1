-- The baseline for the seeding benchmark: the seed files' tables with apsc's
-- keys and indexes, for the sqlite3 shell's .import to load. Columns are
-- those of the CSV files, in their order; there are no CHECK constraints and
-- iso3 is not UNIQUE, because .import writes an empty field as '' and not
-- NULL, which apsc's CHECKs on optional columns (edition, iso3, dates) and
-- the uniqueness of codes would refuse.

CREATE TABLE documents (id TEXT PRIMARY KEY, title, publisher, published, source_file, source_sha256, url);
CREATE TABLE corrections (document_id, find, replace_with, reason, PRIMARY KEY (document_id, find));
CREATE TABLE omissions (document_id, line, reason, PRIMARY KEY (document_id, line));
CREATE TABLE areas (id TEXT PRIMARY KEY, section UNIQUE, name);
CREATE TABLE partners (id TEXT PRIMARY KEY, name UNIQUE, kind, iso3, is_subject, iso_alpha2, iso_numeric, cow_code, cow_abbrev,
    m49_region_code, m49_region, m49_subregion_code, m49_subregion, wikidata);
CREATE TABLE partner_aliases (alias TEXT PRIMARY KEY COLLATE NOCASE, partner_id, note);
CREATE INDEX partner_aliases_partner ON partner_aliases (partner_id);

CREATE TABLE meetings (id TEXT PRIMARY KEY, name, kind, area_id, china_role, edition, date_text, date_edtf, theme, quote, note,
    unnamed_parties, form, form_note);
CREATE TABLE exercises (id TEXT PRIMARY KEY, name, kind, area_id, china_role, edition, date_text, date_edtf, quote, note,
    unnamed_parties, form, form_note);
CREATE TABLE agreements (id TEXT PRIMARY KEY, name, kind, area_id, china_role, date_text, date_edtf, quote, note,
    unnamed_parties, form, form_note);
CREATE TABLE operations (id TEXT PRIMARY KEY, name, kind, area_id, china_role, edition, date_text, date_edtf, quote, note,
    unnamed_parties, form, form_note);
CREATE TABLE statements (id TEXT PRIMARY KEY, area_id, kind, topic, date_text, date_edtf, quote, note,
    unnamed_parties, form, form_note);

CREATE TABLE meeting_partners (meeting_id, partner_id, role, note, PRIMARY KEY (meeting_id, partner_id)) WITHOUT ROWID;
CREATE INDEX meeting_partners_partner ON meeting_partners (partner_id);
CREATE TABLE exercise_partners (exercise_id, partner_id, role, note, PRIMARY KEY (exercise_id, partner_id)) WITHOUT ROWID;
CREATE INDEX exercise_partners_partner ON exercise_partners (partner_id);
CREATE TABLE agreement_partners (agreement_id, partner_id, role, note, PRIMARY KEY (agreement_id, partner_id)) WITHOUT ROWID;
CREATE INDEX agreement_partners_partner ON agreement_partners (partner_id);
CREATE TABLE operation_partners (operation_id, partner_id, role, note, PRIMARY KEY (operation_id, partner_id)) WITHOUT ROWID;
CREATE INDEX operation_partners_partner ON operation_partners (partner_id);
CREATE TABLE statement_partners (statement_id, partner_id, role, note, PRIMARY KEY (statement_id, partner_id)) WITHOUT ROWID;
CREATE INDEX statement_partners_partner ON statement_partners (partner_id);

CREATE TABLE figures (id TEXT PRIMARY KEY, fact_table, fact_id, metric, value, value_text, unit, qualifier, quote, note, same_as);
CREATE INDEX figures_fact ON figures (fact_table, fact_id);

CREATE TABLE mention_waivers (fact_table, fact_id, name, reason, PRIMARY KEY (fact_table, fact_id, name));
