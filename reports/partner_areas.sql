-- title: Partners by area
-- description: Every partner but China that takes part in a fact, with how many engagements (meetings, exercises, agreements, operations) it takes part in in each area of section VI (a column per area, in the order of the sections: relief VI.1, terrorism VI.2, crime VI.3, cyber VI.4, maritime VI.5, nonprolif VI.6) and in all, then how many statements (positions, not engagements) name it, counted apart; partners in the order of their engagements. The supplied copy of VI.6 holds one paragraph, so nonprolif is not comparable with the other areas. `apsc report partner-areas` runs it too.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
-- Each fact table is read in its own order and joined to its own link table
-- (CROSS JOIN keeps that order), and the counts are taken per partner before
-- the partners are joined: each table is read once, in order, and the links
-- are sorted once, by partner.
WITH engagement AS (
    SELECT l.partner_id, f.area_id, 1 AS engaged
      FROM meetings f CROSS JOIN meeting_partners l ON l.meeting_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id, 1
      FROM exercises f CROSS JOIN exercise_partners l ON l.exercise_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id, 1
      FROM agreements f CROSS JOIN agreement_partners l ON l.agreement_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id, 1
      FROM operations f CROSS JOIN operation_partners l ON l.operation_id = f.id
    UNION ALL
    SELECT l.partner_id, f.area_id, 0
      FROM statements f CROSS JOIN statement_partners l ON l.statement_id = f.id
),
counted AS (
    SELECT partner_id,
           sum(engaged AND area_id = 'disaster-relief') AS relief,
           sum(engaged AND area_id = 'counter-terrorism') AS terrorism,
           sum(engaged AND area_id = 'transnational-crime') AS crime,
           sum(engaged AND area_id = 'cyber-security') AS cyber,
           sum(engaged AND area_id = 'maritime-security') AS maritime,
           sum(engaged AND area_id = 'non-proliferation') AS nonprolif,
           sum(engaged) AS engagements,
           sum(NOT engaged) AS statements
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
       CAST(c.engagements AS INTEGER) AS total,
       CAST(c.statements AS INTEGER) AS statements
  FROM counted c
  JOIN partners p ON p.id = c.partner_id
 WHERE p.is_subject = 0
 ORDER BY total DESC, statements DESC, p.name
