-- title: Partners
-- description: Every partner but China, most engaged first: how many facts it takes part in, the earliest date any of them allows and the latest ('..' when one goes on, as "since 2015" does), and what kind of partner it is. `apsc report partner --param name=…` lists one partner's facts.
-- Each fact table is read in its own order and joined to its own link table
-- (CROSS JOIN keeps that order), and the counts are taken per partner before
-- the partners are joined: each table is read once, in order, and the links
-- are sorted once, by partner.
WITH engagement AS (
    SELECT l.partner_id, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM meetings f CROSS JOIN meeting_partners l ON l.meeting_id = f.id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM exercises f CROSS JOIN exercise_partners l ON l.exercise_id = f.id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM agreements f CROSS JOIN agreement_partners l ON l.agreement_id = f.id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM operations f CROSS JOIN operation_partners l ON l.operation_id = f.id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           -- An open range ("since 2015") has no last date: it goes on.
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..'
                ELSE coalesce(f.date_end, f.date_start) END AS date_last
      FROM statements f CROSS JOIN statement_partners l ON l.statement_id = f.id
),
counted AS (
    SELECT partner_id, count(*) AS total, min(date_start) AS first,
           CASE WHEN max(date_last = '..') THEN '..' ELSE max(date_last) END AS last
      FROM engagement
     GROUP BY partner_id
)
-- CAST gives the view's column a numeric type, so a value bound as text
-- (`WHERE total >= :n` with --param n=4) compares as a number in any tool.
SELECT p.name AS partner,
       CAST(coalesce(c.total, 0) AS INTEGER) AS total,
       c.first,
       c.last,
       p.kind
  FROM partners p
  LEFT JOIN counted c ON c.partner_id = p.id
 WHERE p.is_subject = 0
 ORDER BY total DESC, p.name
