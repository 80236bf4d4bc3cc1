-- title: Agreements
-- description: Treaties, conventions, agreements, memoranda, mechanisms and codes of conduct, with their parties, China's role and date.
SELECT g.name,
       g.kind,
       a.name AS area,
       g.china_role,
       (SELECT group_concat(label, '; ')
          FROM (SELECT p.name || ' (' || ap.role || ')' AS label
                  FROM agreement_partners ap JOIN partners p ON p.id = ap.partner_id
                 WHERE ap.agreement_id = g.id
                 ORDER BY p.name)) AS parties,
       g.date_start || coalesce('/' || g.date_end, '') AS date,
       g.quote
  FROM agreements g
  JOIN areas a ON a.id = g.area_id
 ORDER BY a.section, g.name
