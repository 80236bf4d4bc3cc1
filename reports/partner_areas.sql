-- title: Partners by area
-- description: Every partner but China that takes part in a fact, with how many facts it takes part in in each area of section VI (a column per area, in the order of the sections: relief VI.1, terrorism VI.2, crime VI.3, cyber VI.4, maritime VI.5, nonprolif VI.6) and in all; partners in the order of their totals. `apsc report partner-areas` runs it too.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
WITH engagement AS (
    SELECT DISTINCT l.partner_id, l.fact_table, l.fact_id, f.area_id
      FROM fact_partners l
      JOIN facts f ON f.fact_table = l.fact_table AND f.fact_id = l.fact_id
)
SELECT p.name AS partner,
       CAST(sum(e.area_id = 'disaster-relief') AS INTEGER) AS relief,
       CAST(sum(e.area_id = 'counter-terrorism') AS INTEGER) AS terrorism,
       CAST(sum(e.area_id = 'transnational-crime') AS INTEGER) AS crime,
       CAST(sum(e.area_id = 'cyber-security') AS INTEGER) AS cyber,
       CAST(sum(e.area_id = 'maritime-security') AS INTEGER) AS maritime,
       CAST(sum(e.area_id = 'non-proliferation') AS INTEGER) AS nonprolif,
       CAST(count(*) AS INTEGER) AS total
  FROM engagement e
  JOIN partners p ON p.id = e.partner_id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, p.name
