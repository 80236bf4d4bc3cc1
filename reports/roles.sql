-- title: Roles and forms by area
-- description: Per area of section VI, its engagements (meetings, exercises, agreements, operations) counted by China's role, grouped (host: host or co-host; participant; other), and by their form coded from the text (unilateral, bilateral, trilateral, multilateral, unstated); then its statements, positions rather than engagements, counted apart by the form of the cooperation they speak of. One row per area, grouping (counted_by: role, form or statement_form) and category, with the count and its share of the area's engagements (or statements); each grouping's shares sum to 1. The supplied copy of VI.6 holds one paragraph and ends there, so VI.6's counts are not comparable with the other areas'.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
-- One pass over the facts (a row per fact) counts every area's groups at once.
WITH fact AS (
    SELECT DISTINCT fact_type, fact_id, area_id, is_engagement, china_role_group, form
      FROM facts_long
),
groups (by, grp, ord) AS (
    VALUES ('role', 'host', 1), ('role', 'participant', 2), ('role', 'other', 3),
           ('form', 'unilateral', 4), ('form', 'bilateral', 5), ('form', 'trilateral', 6),
           ('form', 'multilateral', 7), ('form', 'unstated', 8),
           ('statement_form', 'unilateral', 9), ('statement_form', 'bilateral', 10),
           ('statement_form', 'trilateral', 11), ('statement_form', 'multilateral', 12),
           ('statement_form', 'unstated', 13)
),
counts AS (
    SELECT a.id AS area_id, a.section, g.by, g.grp, g.ord,
           (SELECT count(*) FROM fact f
             WHERE f.area_id = a.id AND f.is_engagement = (g.by <> 'statement_form')
               AND g.grp = CASE g.by WHEN 'role' THEN f.china_role_group ELSE f.form END) AS facts,
           (SELECT count(*) FROM fact f
             WHERE f.area_id = a.id AND f.is_engagement = (g.by <> 'statement_form')) AS area_facts
      FROM areas a CROSS JOIN groups g
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
