-- title: Timeline
-- description: Every dated fact in date order (ISO dates with the precision the text gives; a range as start/end), with the text's own words for the date and the partners involved.
SELECT f.date_start || coalesce('/' || f.date_end, '') AS date,
       f.date_text,
       substr(f.fact_table, 1, length(f.fact_table) - 1) AS type,
       f.name,
       a.name AS area,
       f.china_role,
       (SELECT group_concat(label, '; ')
          FROM (SELECT p.name || ' (' || fp.role || ')' AS label
                  FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                 WHERE fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id
                 ORDER BY p.name)) AS partners
  FROM facts f
  JOIN areas a ON a.id = f.area_id
 WHERE f.date_start IS NOT NULL
 ORDER BY f.date_start, coalesce(f.date_end, f.date_start), a.section, f.fact_table, f.name
