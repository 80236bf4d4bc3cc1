-- title: Partners by area
-- description: Every partner but China that takes part in a fact, with how many engagements (meetings, exercises, agreements, operations) it takes part in in each area of section VI (a column per area, in the order of the sections: relief VI.1, terrorism VI.2, crime VI.3, cyber VI.4, maritime VI.5, nonprolif VI.6) and in all, then how many statements (positions, not engagements) name it, counted apart; partners in the order of their engagements. The supplied copy of VI.6 holds one paragraph, so nonprolif is not comparable with the other areas. `apsc report partner-areas` runs it too.
-- CAST gives the view's columns a numeric type, so they compare as numbers in any tool.
SELECT p.name AS partner,
       CAST(sum(engaged AND area_id = 'disaster-relief') AS INTEGER) AS relief,
       CAST(sum(engaged AND area_id = 'counter-terrorism') AS INTEGER) AS terrorism,
       CAST(sum(engaged AND area_id = 'transnational-crime') AS INTEGER) AS crime,
       CAST(sum(engaged AND area_id = 'cyber-security') AS INTEGER) AS cyber,
       CAST(sum(engaged AND area_id = 'maritime-security') AS INTEGER) AS maritime,
       CAST(sum(engaged AND area_id = 'non-proliferation') AS INTEGER) AS nonprolif,
       CAST(sum(engaged) AS INTEGER) AS total,
       CAST(sum(NOT engaged) AS INTEGER) AS statements
  -- CROSS JOIN reads the facts in turn; SQLite would otherwise copy them all to look each up.
  FROM (SELECT l.partner_id, f.area_id, l.fact_table <> 'statements' AS engaged
          FROM facts f CROSS JOIN fact_partners l USING (fact_table, fact_id))
  JOIN partners p ON p.id = partner_id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, statements DESC, p.name
