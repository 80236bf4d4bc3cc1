-- title: Roles and forms by area
-- description: Per area of section VI, its facts counted by China's role, grouped (host: host or co-host; participant; other), and by the form of the engagement (unilateral, bilateral, trilateral, multilateral): one row per area, grouping (counted_by: role or form) and category, with the count and its share of the area's facts; each grouping's shares sum to 1.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
WITH facts_once AS (
    SELECT DISTINCT fact_type, fact_id, area_id, section, china_role_group, form
      FROM facts_long
),
groups (by, grp, ord) AS (
    VALUES ('role', 'host', 1), ('role', 'participant', 2), ('role', 'other', 3),
           ('form', 'unilateral', 4), ('form', 'bilateral', 5), ('form', 'trilateral', 6),
           ('form', 'multilateral', 7)
),
counts AS (
    SELECT a.id AS area_id, a.section, g.by, g.grp, g.ord,
           (SELECT count(*) FROM facts_once f
             WHERE f.area_id = a.id
               AND (CASE g.by WHEN 'role' THEN f.china_role_group ELSE f.form END) = g.grp)
               AS facts,
           (SELECT count(*) FROM facts_once f WHERE f.area_id = a.id) AS area_facts
      FROM areas a
     CROSS JOIN groups g
)
SELECT section,
       area_id AS area,
       by AS counted_by,
       grp AS category,
       CAST(facts AS INTEGER) AS facts,
       CAST(CASE WHEN area_facts = 0 THEN NULL ELSE round(1.0 * facts / area_facts, 3) END AS REAL)
           AS share
  FROM counts
 ORDER BY section, ord
