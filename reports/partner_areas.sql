-- title: Partners by area
-- description: Every partner but China that takes part in a fact, with how many facts it takes part in in each area of section VI (a column per area, in the order of the sections: relief VI.1, terrorism VI.2, crime VI.3, cyber VI.4, maritime VI.5, nonprolif VI.6) and in all; partners in the order of their totals. `apsc report partner-areas` runs it too.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
-- Each fact table is read in its own order and joined to its own link table
-- (CROSS JOIN keeps that order), and the counts are taken per partner before
-- the partners are joined: each table is read once, in order, and the links
-- are sorted once, by partner.
WITH engagement AS (
    SELECT l.partner_id, f.area_id
      FROM meetings f CROSS JOIN meeting_partners l ON l.meeting_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id
      FROM exercises f CROSS JOIN exercise_partners l ON l.exercise_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id
      FROM agreements f CROSS JOIN agreement_partners l ON l.agreement_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id
      FROM operations f CROSS JOIN operation_partners l ON l.operation_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id
      FROM statements f CROSS JOIN statement_partners l ON l.statement_id = f.id
),
counted AS (
    SELECT partner_id,
           sum(area_id = 'disaster-relief') AS relief,
           sum(area_id = 'counter-terrorism') AS terrorism,
           sum(area_id = 'transnational-crime') AS crime,
           sum(area_id = 'cyber-security') AS cyber,
           sum(area_id = 'maritime-security') AS maritime,
           sum(area_id = 'non-proliferation') AS nonprolif,
           count(*) AS total
      FROM engagement
     GROUP BY partner_id
)
SELECT p.name AS partner,
       CAST(c.relief AS INTEGER) AS relief,
       CAST(c.terrorism AS INTEGER) AS terrorism,
       CAST(c.crime AS INTEGER) AS crime,
       CAST(c.cyber AS INTEGER) AS cyber,
       CAST(c.maritime AS INTEGER) AS maritime,
       CAST(c.nonprolif AS INTEGER) AS nonprolif,
       CAST(c.total AS INTEGER) AS total
  FROM counted c
  JOIN partners p ON p.id = c.partner_id
 WHERE p.is_subject = 0
 ORDER BY total DESC, p.name
