-- title: Organizations and forums
-- description: Each international organisation or forum (SCO, ARF, APEC, ASEAN, BRICS, UN, ...) with the facts it is part of (each by its id, as `apsc show` takes it, and its name), by section, its role in each, China's role and the date in EDTF.
SELECT p.name AS organization,
       a.section,
       rtrim(fp.fact_table, 's') AS type,
       f.fact_table || '/' || f.fact_id AS fact,
       f.name,
       fp.role,
       f.china_role,
       f.date_edtf AS date
  FROM partners p
  JOIN fact_partners fp ON fp.partner_id = p.id
  JOIN facts f ON f.fact_table = fp.fact_table AND f.fact_id = fp.fact_id
  JOIN areas a ON a.id = f.area_id
 WHERE p.kind <> 'country'
 ORDER BY p.name, a.section, f.fact_table, f.name
