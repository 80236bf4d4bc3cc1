-- title: Partners
-- description: Every partner but China, most engaged first: how many facts it takes part in, its first and last dated engagement, and what kind of partner it is. `apsc report partner --param name=…` lists one partner's facts.
WITH engagement AS (
    SELECT fp.partner_id,
           f.date_start,
           coalesce(f.date_end, f.date_start) AS date_last
      FROM fact_partners fp
      JOIN facts f ON f.fact_table = fp.fact_table AND f.fact_id = fp.fact_id
)
-- CAST gives the view's column a numeric type, so a value bound as text
-- (`WHERE total >= :n` with --param n=4) compares as a number in any tool.
SELECT p.name AS partner,
       CAST(count(e.partner_id) AS INTEGER) AS total,
       min(e.date_start) AS first,
       max(e.date_last) AS last,
       p.kind
  FROM partners p
  LEFT JOIN engagement e ON e.partner_id = p.id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, p.name
