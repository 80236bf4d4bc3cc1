-- title: Roles and forms by area
-- description: Per area of section VI, its facts counted by China's role, grouped (host: host or co-host; participant; other), and by the form of the engagement (unilateral, bilateral, trilateral, multilateral): one row per area, grouping (counted_by: role or form) and category, with the count and its share of the area's facts; each grouping's shares sum to 1.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
-- One pass over the facts (fact_forms, a row per fact) counts every area's
-- groups at once.
WITH counted AS (
    SELECT area_id,
           count(*) AS total,
           sum(china_role_group = 'host') AS host,
           sum(china_role_group = 'participant') AS participant,
           sum(china_role_group = 'other') AS other,
           sum(form = 'unilateral') AS unilateral,
           sum(form = 'bilateral') AS bilateral,
           sum(form = 'trilateral') AS trilateral,
           sum(form = 'multilateral') AS multilateral
      FROM fact_forms
     GROUP BY area_id
),
groups (by, grp, ord) AS (
    VALUES ('role', 'host', 1), ('role', 'participant', 2), ('role', 'other', 3),
           ('form', 'unilateral', 4), ('form', 'bilateral', 5), ('form', 'trilateral', 6),
           ('form', 'multilateral', 7)
),
counts AS (
    SELECT a.id AS area_id, a.section, g.by, g.grp, g.ord,
           coalesce(CASE g.grp
                     WHEN 'host' THEN c.host
                     WHEN 'participant' THEN c.participant
                     WHEN 'other' THEN c.other
                     WHEN 'unilateral' THEN c.unilateral
                     WHEN 'bilateral' THEN c.bilateral
                     WHEN 'trilateral' THEN c.trilateral
                     WHEN 'multilateral' THEN c.multilateral
                    END, 0) AS facts,
           coalesce(c.total, 0) AS area_facts
      FROM areas a
     CROSS JOIN groups g
      LEFT JOIN counted c ON c.area_id = a.id
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
