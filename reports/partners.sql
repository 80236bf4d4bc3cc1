-- title: Partners
-- description: Every partner but China, with the number of facts it takes part in per fact table, the total, and its first and last dated engagement; most engaged first.
WITH engagement AS (
    SELECT fp.partner_id,
           fp.fact_table,
           f.date_start,
           coalesce(f.date_end, f.date_start) AS date_last
      FROM fact_partners fp
      JOIN facts f ON f.fact_table = fp.fact_table AND f.fact_id = fp.fact_id
)
SELECT p.name AS partner,
       p.kind,
       p.iso3,
       count(CASE WHEN e.fact_table = 'meetings' THEN 1 END) AS meetings,
       count(CASE WHEN e.fact_table = 'exercises' THEN 1 END) AS exercises,
       count(CASE WHEN e.fact_table = 'agreements' THEN 1 END) AS agreements,
       count(CASE WHEN e.fact_table = 'operations' THEN 1 END) AS operations,
       count(CASE WHEN e.fact_table = 'statements' THEN 1 END) AS statements,
       count(e.fact_table) AS total,
       min(e.date_start) AS first_dated,
       max(e.date_last) AS last_dated
  FROM partners p
  LEFT JOIN engagement e ON e.partner_id = p.id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, p.name
