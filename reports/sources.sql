-- title: Sources
-- description: Each passage of the text with the facts that cite it: where every row of the knowledge base comes from.
SELECT p.section,
       p.ordinal AS paragraph,
       CAST((SELECT count(*) FROM facts f WHERE f.passage_id = p.id) AS INTEGER) AS facts,
       CAST((SELECT count(*) FROM figures g WHERE g.passage_id = p.id) AS INTEGER) AS figures,
       (SELECT group_concat(ref, ', ')
          FROM (SELECT f.fact_table || '/' || f.fact_id AS ref FROM facts f
                 WHERE f.passage_id = p.id ORDER BY f.quote_start, f.fact_table, f.fact_id)) AS cited_by,
       p.text
  FROM passages p
 ORDER BY p.id
