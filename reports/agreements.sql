-- title: Agreements
-- description: Treaties, conventions, agreements, memoranda, mechanisms and codes of conduct, by section, with each one's id (as `apsc show` takes it), China's role, the parties and their roles, and the date in EDTF.
SELECT a.section,
       'agreements/' || g.id AS fact,
       g.name,
       g.kind,
       g.china_role,
       (SELECT group_concat(label, '; ')
          FROM (SELECT p.name || ' (' || ap.role || ')' AS label
                  FROM agreement_partners ap JOIN partners p ON p.id = ap.partner_id
                 WHERE ap.agreement_id = g.id
                 ORDER BY p.name)) AS parties,
       g.date_edtf AS date
  FROM agreements g
  JOIN areas a ON a.id = g.area_id
 ORDER BY a.section, g.name
