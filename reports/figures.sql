-- title: Figures
-- description: Every number the text states, in its words and as a value with its unit and qualifier, with the fact it belongs to.
SELECT g.value_text AS stated,
       g.value,
       g.unit,
       g.qualifier,
       g.metric,
       substr(g.fact_table, 1, length(g.fact_table) - 1) AS fact_type,
       f.name AS fact,
       p.section
  FROM figures g
  JOIN passages p ON p.id = g.passage_id
  LEFT JOIN facts f ON f.fact_table = g.fact_table AND f.fact_id = g.fact_id
 ORDER BY p.id, g.quote_start, instr(g.quote, g.value_text), g.id
