-- title: Figures
-- description: Every number the text states, in the order of the text: where it stands, its words, its value, unit and qualifier (over, more than: a lower bound), what it counts and the fact it belongs to.
SELECT p.section,
       g.value_text AS stated,
       g.value,
       g.unit,
       g.qualifier,
       g.metric,
       f.name AS fact
  FROM figures g
  JOIN passages p ON p.id = g.passage_id
  LEFT JOIN facts f ON f.fact_table = g.fact_table AND f.fact_id = g.fact_id
 ORDER BY p.id, g.quote_start, instr(g.quote, g.value_text), g.id
