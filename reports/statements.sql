-- title: Statements
-- description: China's stated positions, commitments and calls, and the text's assessments, summaries and context, in the order of the text.
-- param: area (optional, area): only this area, by id, section or name: cyber-security, VI.4, Cyber Security
SELECT a.name AS area,
       s.kind,
       s.topic,
       s.date_text,
       s.quote
  FROM statements s
  JOIN areas a ON a.id = s.area_id
 WHERE :area IS NULL OR s.area_id = :area
 ORDER BY s.passage_id, s.quote_start, s.id
