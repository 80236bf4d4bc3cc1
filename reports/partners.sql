-- title: Partners
-- description: Every partner but China, most engaged first: how many engagements (meetings, exercises, agreements, operations) it takes part in, and apart from them how many statements (positions, not engagements) name it; the earliest date any of its engagements allows and the latest ('..' when one goes on, as "since 2015" does); what kind of partner it is; and identifiers from outside the text that join other datasets (ISO 3166-1 alpha-3, Correlates of War, Wikidata). `apsc report partner --param name=…` lists one partner's facts.
-- Each fact table is read in its own order and joined to its own link table
-- (CROSS JOIN keeps that order), and the counts are taken per partner before
-- the partners are joined: each table is read once, in order, and the links
-- are sorted once, by partner.
WITH engagement AS (
    SELECT l.partner_id, 1 AS engaged, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM meetings f CROSS JOIN meeting_partners l ON l.meeting_id = f.id
    UNION ALL
    SELECT l.partner_id, 1, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM exercises f CROSS JOIN exercise_partners l ON l.exercise_id = f.id
    UNION ALL
    SELECT l.partner_id, 1, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM agreements f CROSS JOIN agreement_partners l ON l.agreement_id = f.id
    UNION ALL
    SELECT l.partner_id, 1, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM operations f CROSS JOIN operation_partners l ON l.operation_id = f.id
    UNION ALL
    SELECT l.partner_id, 0, NULL, NULL
      FROM statement_partners l
),
counted AS (
    SELECT partner_id, sum(engaged) AS engagements, sum(NOT engaged) AS statements,
           min(date_start) AS first,
           CASE WHEN max(date_last = '..') THEN '..' ELSE max(date_last) END AS last
      FROM engagement
     GROUP BY partner_id
)
-- CAST gives the view's column a numeric type, so a value bound as text
-- (`WHERE total >= :n` with --param n=4) compares as a number in any tool.
SELECT p.name AS partner,
       CAST(coalesce(c.engagements, 0) AS INTEGER) AS total,
       CAST(coalesce(c.statements, 0) AS INTEGER) AS statements,
       c.first,
       c.last,
       p.kind,
       p.iso3,
       p.cow_code,
       p.wikidata
  FROM partners p
  LEFT JOIN counted c ON c.partner_id = p.id
 WHERE p.is_subject = 0
 ORDER BY total DESC, statements DESC, p.name
