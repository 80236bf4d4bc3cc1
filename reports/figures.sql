-- title: Figures
-- description: Every number the text states, in the order of the text: where it stands (section, paragraph, area), its words, its value, unit and qualifier, lower_bound (1 when the qualifier, over or more than, makes the value a lower bound), same_as (the figure that states the same amount in another currency), what it counts and the fact it belongs to, by its id (as `apsc show` takes it).
-- CAST gives the view's numeric columns a numeric type, so they compare as numbers in any tool.
SELECT p.section,
       CAST(p.ordinal AS INTEGER) AS paragraph,
       a.id AS area,
       g.value_text AS stated,
       g.value,
       g.unit,
       g.qualifier,
       CAST(coalesce(g.qualifier IN ('over', 'more than'), 0) AS INTEGER) AS lower_bound,
       g.same_as,
       g.id AS figure,
       g.metric,
       g.fact_table || '/' || g.fact_id AS fact
  FROM figures g
  JOIN passages p ON p.id = g.passage_id
  LEFT JOIN areas a USING (section)
 ORDER BY p.id, g.quote_start, instr(g.quote, g.value_text), g.id
