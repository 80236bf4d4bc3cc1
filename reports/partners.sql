-- title: Partners
-- description: Every partner but China, most engaged first: how many facts it takes part in, the earliest date any of them allows and the latest ('..' when one goes on, as "since 2015" does), and what kind of partner it is. `apsc report partner --param name=…` lists one partner's facts.
-- Each link table joins its own fact table by key: through the fact_partners
-- and facts views, SQLite would copy every fact once per link table. An open
-- range ("since 2015") has no last date: it goes on ('..').
WITH engagement (partner_id, date_start, date_last) AS (
    SELECT l.partner_id, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM meeting_partners l JOIN meetings f ON f.id = l.meeting_id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM exercise_partners l JOIN exercises f ON f.id = l.exercise_id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM agreement_partners l JOIN agreements f ON f.id = l.agreement_id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM operation_partners l JOIN operations f ON f.id = l.operation_id
    UNION ALL
    SELECT l.partner_id, f.date_start,
           CASE WHEN f.date_edtf LIKE '%/..' THEN '..' ELSE coalesce(f.date_end, f.date_start) END
      FROM statement_partners l JOIN statements f ON f.id = l.statement_id
)
-- CAST gives the view's column a numeric type, so a value bound as text
-- (`WHERE total >= :n` with --param n=4) compares as a number in any tool.
SELECT p.name AS partner,
       CAST(count(e.partner_id) AS INTEGER) AS total,
       min(e.date_start) AS first,
       CASE WHEN max(e.date_last = '..') THEN '..'
            ELSE max(e.date_last) END AS last,
       p.kind
  FROM partners p
  LEFT JOIN engagement e ON e.partner_id = p.id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, p.name
