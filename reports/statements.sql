-- title: Statements
-- description: China's stated positions, commitments and calls, and the text's assessments, summaries and context, in the order of the text, each with its id (as `apsc show` takes it).
-- param: area (optional, area): only this area, by id, section or name: cyber-security, VI.4, Cyber Security
SELECT a.section,
       'statements/' || s.id AS fact,
       s.kind,
       s.topic,
       s.date_edtf AS date,
       s.quote
  FROM statements s
  JOIN areas a ON a.id = s.area_id
 -- An empty area (what a web form sends for a field left blank) is no filter;
 -- an area is matched by id, section or name, as `apsc report` resolves it.
 WHERE coalesce(:area, '') = ''
    OR s.area_id IN (SELECT id FROM areas
                      WHERE id = :area OR section = :area OR name = :area COLLATE NOCASE)
 ORDER BY s.passage_id, s.quote_start, s.id
