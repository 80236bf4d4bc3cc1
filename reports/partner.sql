-- title: One partner
-- description: Every fact that involves one partner, in date order, with its id (as `apsc show` takes it), China's role, the partner's role, the date in EDTF and the section. For China itself, every fact.
-- param: name (required, partner): the partner, by name, id or any alias: ROK, the US, SCO
WITH target AS (
    SELECT id FROM partners WHERE id = :name COLLATE NOCASE OR name = :name COLLATE NOCASE
    UNION
    SELECT partner_id FROM partner_aliases WHERE alias = :name
    UNION
    SELECT id FROM partners WHERE iso3 = upper(:name)
)
SELECT rtrim(f.fact_table, 's') AS type,
       f.fact_table || '/' || f.fact_id AS fact,
       f.name,
       f.china_role,
       fp.role AS partner_role,
       f.date_edtf AS date,
       a.section
  FROM facts f
  JOIN areas a ON a.id = f.area_id
  LEFT JOIN fact_partners fp
         ON fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id
        AND fp.partner_id IN (SELECT id FROM target)
 WHERE fp.partner_id IS NOT NULL
    OR EXISTS (SELECT 1 FROM partners p JOIN target t ON t.id = p.id WHERE p.is_subject = 1)
 ORDER BY f.date_start IS NULL, f.date_start, a.section, f.fact_table, f.name
