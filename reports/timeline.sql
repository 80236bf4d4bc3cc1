-- title: Timeline
-- description: Every dated fact in the order of its earliest possible date, with the date in EDTF as the text gives it (2015-10 a month; 2008-12/2016-01 from ... to; 2015/.. since 2015, end open; [2015..2017-01] held once, some time in that window; 2015-01? uncertain; 2015-04~ approximate), the fact's id (as `apsc show` takes it), China's role and the partners involved; the facts the text dates only by the sentence that opens their paragraph ("Since 2015 ...") stand among them by that date, marked in the column dated_by as `inferred: frame` (the frame's words govern the fact) or `inferred: paragraph` (the fact only stands in the paragraph the frame opens, the weaker inference); `text` marks a fact its own words date.
SELECT coalesce(f.date_edtf, c.date_edtf) AS date,
       CASE WHEN f.date_edtf IS NULL THEN 'inferred: ' || c.basis ELSE 'text' END AS dated_by,
       rtrim(f.fact_table, 's') AS type,
       f.fact_table || '/' || f.fact_id AS fact,
       f.name,
       f.china_role,
       (SELECT group_concat(name, '; ')
          FROM (SELECT p.name FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                 WHERE fp.fact_table = f.fact_table AND fp.fact_id = f.fact_id
                 ORDER BY p.name)) AS partners
  FROM facts f
  JOIN areas a ON a.id = f.area_id
  LEFT JOIN context_dates c USING (fact_table, fact_id)
 WHERE coalesce(f.date_start, c.date_start) IS NOT NULL
 ORDER BY coalesce(f.date_start, c.date_start), coalesce(f.date_end, c.date_end, f.date_start, c.date_start),
          dated_by DESC, a.section, f.fact_table, f.name
