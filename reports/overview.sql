-- title: Overview
-- description: Per area of section VI, how many meetings, exercises, agreements, operations, statements and figures the knowledge base holds, with a total row.
SELECT section, area, meetings, exercises, agreements, operations, statements, figures
FROM (
    SELECT a.section,
           a.name AS area,
           (SELECT count(*) FROM meetings x WHERE x.area_id = a.id) AS meetings,
           (SELECT count(*) FROM exercises x WHERE x.area_id = a.id) AS exercises,
           (SELECT count(*) FROM agreements x WHERE x.area_id = a.id) AS agreements,
           (SELECT count(*) FROM operations x WHERE x.area_id = a.id) AS operations,
           (SELECT count(*) FROM statements x WHERE x.area_id = a.id) AS statements,
           (SELECT count(*) FROM figures g JOIN passages p ON p.id = g.passage_id
             WHERE p.section = a.section) AS figures,
           0 AS is_total
      FROM areas a
    UNION ALL
    SELECT NULL, 'All areas',
           (SELECT count(*) FROM meetings),
           (SELECT count(*) FROM exercises),
           (SELECT count(*) FROM agreements),
           (SELECT count(*) FROM operations),
           (SELECT count(*) FROM statements),
           (SELECT count(*) FROM figures),
           1
)
ORDER BY is_total, section
