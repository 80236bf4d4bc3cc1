//! Checking that stored text stands at its recorded offsets in its document:
//! each document's text is read once and cut by code points in Rust, where
//! SQLite's `substr` would walk the document from its start for every row.

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::Connection;

use crate::facts::CodePoints;

/// Run `sql`, whose rows are (label, text, document_id, start, end,
/// outer_start, outer_end), and return the labels of the rows whose text is
/// not the document's characters `start..end`, or that stand outside
/// `outer_start..outer_end` (a quote outside its passage); and how many rows
/// there were.
pub fn misplaced(conn: &Connection, sql: &str, what: &str) -> anyhow::Result<(Vec<String>, u64)> {
    let run = || -> rusqlite::Result<(Vec<String>, u64)> {
        let mut stmt = conn.prepare("SELECT id, text FROM documents")?;
        let docs: HashMap<String, CodePoints> = stmt
            .query_map([], |r| Ok((r.get(0)?, CodePoints::new(r.get(1)?))))?
            .collect::<Result<_, _>>()?;
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let (mut bad, mut total) = (Vec::new(), 0);
        while let Some(row) = rows.next()? {
            total += 1;
            let (start, end): (i64, i64) = (row.get(3)?, row.get(4)?);
            let (outer_start, outer_end): (i64, i64) = (row.get(5)?, row.get(6)?);
            let inside = start >= outer_start && end <= outer_end;
            let at = docs
                .get(&row.get::<_, String>(2)?)
                .and_then(|doc| doc.get(usize::try_from(start).ok()?, usize::try_from(end).ok()?));
            if !(inside && at == Some(row.get_ref(1)?.as_str()?)) {
                bad.push(row.get(0)?);
            }
        }
        Ok((bad, total))
    };
    run().with_context(|| format!("reading {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_count_characters_not_bytes() {
        let text: String = (0..1000)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let doc = CodePoints::new(text.clone());
        for (start, end) in [(0, 0), (0, 1), (255, 257), (700, 1000), (999, 1000)] {
            let expected: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(
                doc.get(start, end),
                Some(expected.as_str()),
                "{start}..{end}"
            );
        }
        assert_eq!(doc.get(999, 1001), None);
        assert_eq!(doc.get(5, 4), None);
        assert_eq!(doc.slice(990, 2000).chars().count(), 10);
    }
}
