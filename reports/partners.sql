-- title: Partners
-- description: Every partner but China, most engaged first: how many engagements (meetings, exercises, agreements, operations) it takes part in, and apart from them how many statements (positions, not engagements) name it; the earliest date any of its engagements allows and the latest ('..' when one goes on, as "since 2015" does); what kind of partner it is; and identifiers from outside the text that join other datasets (ISO 3166-1 alpha-3, Correlates of War, Wikidata). `apsc report partner --param name=…` lists one partner's facts.
-- CAST gives the view's column a numeric type, so a value bound as text
-- (`WHERE total >= :n` with --param n=4) compares as a number in any tool.
SELECT p.name AS partner,
       CAST(count(*) FILTER (WHERE engaged) AS INTEGER) AS total,
       CAST(count(*) FILTER (WHERE NOT engaged) AS INTEGER) AS statements,
       min(date_start) FILTER (WHERE engaged) AS first,
       -- An open range ("since 2015") has no last date: it goes on.
       CASE WHEN max(date_edtf LIKE '%/..') FILTER (WHERE engaged) THEN '..'
            ELSE max(coalesce(date_end, date_start)) FILTER (WHERE engaged) END AS last,
       p.kind,
       p.iso3,
       p.cow_code,
       p.wikidata
  FROM partners p
  -- CROSS JOIN reads the facts in turn; SQLite would otherwise copy them all to look each up.
  LEFT JOIN (SELECT l.partner_id, l.fact_table <> 'statements' AS engaged, f.date_start, f.date_end, f.date_edtf
               FROM facts f CROSS JOIN fact_partners l USING (fact_table, fact_id)) ON partner_id = p.id
 WHERE p.is_subject = 0
 GROUP BY p.id
 ORDER BY total DESC, statements DESC, p.name
