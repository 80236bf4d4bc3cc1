-- title: Hosted by China
-- description: The meetings, exercises and other facts China hosted or co-hosted, earliest first (by the earliest date each can have; the undated last, in the order of the text), with each one's id (as `apsc show` takes it), the co-hosts, the other partners (convening organisations among them) and the date in EDTF.
SELECT a.section,
       rtrim(f.fact_table, 's') AS type,
       f.fact_table || '/' || f.fact_id AS fact,
       f.name,
       f.china_role,
       (SELECT group_concat(name, '; ')
          FROM (SELECT p.name FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                 WHERE fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id AND fp.role = 'co-host'
                 ORDER BY p.name)) AS co_hosts,
       (SELECT group_concat(name, '; ')
          FROM (SELECT p.name FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                 WHERE fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id AND fp.role <> 'co-host'
                 ORDER BY p.name)) AS other_partners,
       f.date_edtf AS date
  FROM facts f
  JOIN areas a ON a.id = f.area_id
 WHERE f.china_role IN ('host', 'co-host')
 ORDER BY f.date_start IS NULL, f.date_start, f.quote_start, f.quote_end, fact
