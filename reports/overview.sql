-- title: Overview
-- description: Per area of section VI, how many facts (meetings, exercises, agreements, operations and statements) and figures the knowledge base holds; one row per area, so a column sums to the whole. The supplied copy of VI.6 holds one paragraph (3 sentences) and ends there, so VI.6's counts are not comparable with the other areas'.
-- CAST gives the view's columns a numeric type, so a value bound as text
-- compares as a number in any tool.
SELECT a.section,
       a.name AS area,
       CAST((SELECT count(*) FROM facts f WHERE f.area_id = a.id) AS INTEGER) AS facts,
       CAST((SELECT count(*) FROM figures g JOIN passages p ON p.id = g.passage_id
              WHERE p.section = a.section) AS INTEGER) AS figures
  FROM areas a
 ORDER BY a.section
