-- title: Roles and forms by area
-- description: Per area of section VI, its engagements (meetings, exercises, agreements, operations) counted by China's role, grouped (host: host or co-host; participant; other), and by their form coded from the text (unilateral, bilateral, trilateral, multilateral, unstated); then its statements, positions rather than engagements, counted apart by the form of the cooperation they speak of. One row per area, grouping (counted_by: role, form or statement_form) and category, with the count and its share of the area's engagements (or statements); each grouping's shares sum to 1. The supplied copy of VI.6 holds one paragraph and ends there, so VI.6's counts are not comparable with the other areas'.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
WITH fact AS (
    SELECT DISTINCT fact_type, fact_id, area_id, is_engagement, china_role_group, form
      FROM facts_long
),
-- The categories of each grouping, in the order of the rows.
groups AS (
    SELECT 'role' AS by, value AS grp, key AS ord FROM json_each('["host", "participant", "other"]')
    UNION ALL
    SELECT b.value, c.value, 3 + 5 * b.key + c.key
      FROM json_each('["form", "statement_form"]') b,
           json_each('["unilateral", "bilateral", "trilateral", "multilateral", "unstated"]') c
)
SELECT section, area, counted_by, category,
       CAST(facts AS INTEGER) AS facts,
       CAST(round(1.0 * facts / nullif(area_facts, 0), 3) AS REAL) AS share
  FROM (SELECT a.section, a.id AS area, g.by AS counted_by, g.grp AS category, g.ord,
               count(*) FILTER (WHERE g.grp = CASE g.by WHEN 'role' THEN f.china_role_group ELSE f.form END) AS facts,
               count(f.fact_id) AS area_facts
          FROM areas a, groups g
          LEFT JOIN fact f ON f.area_id = a.id AND f.is_engagement = (g.by <> 'statement_form')
         GROUP BY a.id, g.ord)
 ORDER BY section, ord
