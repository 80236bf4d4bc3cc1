-- V7: the groups a fact's sentence names without naming their members
-- (unnamed_parties), and one tidy table for analysis, facts_long: a row per
-- fact and partner (a partnerless fact keeps one row, its partner columns
-- NULL), with plain column names, where the fact stands in the text, China's
-- role and its group, and the form of the engagement.
--
-- form: unilateral when the fact has no partner and no unnamed party;
-- bilateral when its one partner is a country and it names no unnamed party;
-- trilateral when its partners are exactly two countries and it names no
-- unnamed party; multilateral otherwise (more countries, or any
-- organisation, forum or unnamed group).

ALTER TABLE meetings ADD COLUMN unnamed_parties TEXT
    CHECK (unnamed_parties IS NULL OR unnamed_parties <> '');
ALTER TABLE exercises ADD COLUMN unnamed_parties TEXT
    CHECK (unnamed_parties IS NULL OR unnamed_parties <> '');
ALTER TABLE agreements ADD COLUMN unnamed_parties TEXT
    CHECK (unnamed_parties IS NULL OR unnamed_parties <> '');
ALTER TABLE operations ADD COLUMN unnamed_parties TEXT
    CHECK (unnamed_parties IS NULL OR unnamed_parties <> '');
ALTER TABLE statements ADD COLUMN unnamed_parties TEXT
    CHECK (unnamed_parties IS NULL OR unnamed_parties <> '');

CREATE VIEW facts_long AS
WITH fact_rows AS (
    SELECT 'meetings' AS fact_table, 'meeting' AS fact_type, id, name, kind, edition, area_id,
           china_role, date_text, date_edtf, date_start, date_end, unnamed_parties, quote,
           passage_id, quote_start
      FROM meetings
    UNION ALL
    SELECT 'exercises', 'exercise', id, name, kind, edition, area_id, china_role, date_text,
           date_edtf, date_start, date_end, unnamed_parties, quote, passage_id, quote_start
      FROM exercises
    UNION ALL
    SELECT 'agreements', 'agreement', id, name, kind, NULL, area_id, china_role, date_text,
           date_edtf, date_start, date_end, unnamed_parties, quote, passage_id, quote_start
      FROM agreements
    UNION ALL
    SELECT 'operations', 'operation', id, name, kind, edition, area_id, china_role, date_text,
           date_edtf, date_start, date_end, unnamed_parties, quote, passage_id, quote_start
      FROM operations
    UNION ALL
    SELECT 'statements', 'statement', id, topic, kind, NULL, area_id, NULL, date_text,
           date_edtf, date_start, date_end, unnamed_parties, quote, passage_id, quote_start
      FROM statements
),
links AS (
    SELECT l.fact_table, l.fact_id, l.partner_id, l.role, p.name, p.kind, p.iso3
      FROM fact_partners l
      JOIN partners p ON p.id = l.partner_id
),
shapes AS (
    SELECT f.fact_table, f.id,
           (SELECT count(*) FROM links l
             WHERE l.fact_table = f.fact_table AND l.fact_id = f.id AND l.kind = 'country')
               AS countries,
           (SELECT count(*) FROM links l
             WHERE l.fact_table = f.fact_table AND l.fact_id = f.id AND l.kind <> 'country')
               AS others
      FROM fact_rows f
)
SELECT f.fact_type,
       f.id AS fact_id,
       f.name,
       f.kind,
       CAST(f.edition AS INTEGER) AS edition,
       f.area_id,
       a.name AS area,
       p.section,
       CAST(p.ordinal AS INTEGER) AS paragraph,
       CAST((SELECT s.ordinal FROM sentences s
              WHERE s.passage_id = f.passage_id
                AND s.start_offset <= f.quote_start AND f.quote_start < s.end_offset)
            AS INTEGER) AS sentence,
       f.china_role,
       CASE WHEN f.china_role IN ('host', 'co-host') THEN 'host'
            WHEN f.china_role = 'participant' THEN 'participant'
            ELSE 'other' END AS china_role_group,
       f.date_text,
       f.date_edtf,
       f.date_start,
       f.date_end,
       l.partner_id,
       l.name AS partner,
       l.kind AS partner_kind,
       l.iso3,
       l.role AS partner_role,
       CASE WHEN sh.countries + sh.others = 0 AND f.unnamed_parties IS NULL THEN 'unilateral'
            WHEN sh.others = 0 AND f.unnamed_parties IS NULL AND sh.countries = 1 THEN 'bilateral'
            WHEN sh.others = 0 AND f.unnamed_parties IS NULL AND sh.countries = 2 THEN 'trilateral'
            ELSE 'multilateral' END AS form,
       f.unnamed_parties,
       f.quote
  FROM fact_rows f
  JOIN areas a ON a.id = f.area_id
  JOIN passages p ON p.id = f.passage_id
  JOIN shapes sh ON sh.fact_table = f.fact_table AND sh.id = f.id
  LEFT JOIN links l ON l.fact_table = f.fact_table AND l.fact_id = f.id
 ORDER BY p.id, f.quote_start, f.fact_type, f.id, l.name;
