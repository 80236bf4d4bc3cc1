//! Checking that stored text stands at its recorded offsets in its document,
//! in time linear in the rows: each document's text is read once, with a
//! sparse index from character offsets to byte offsets, instead of SQLite's
//! `substr` on the whole document for every row (which walks the text from
//! its start each time, and made the check quadratic).

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::Connection;

/// Every this many characters the index keeps a byte offset.
const STRIDE: usize = 256;

/// A document's text with the byte offset of every `STRIDE`th character.
struct Indexed {
    text: String,
    chars: usize,
    marks: Vec<usize>,
}

impl Indexed {
    fn new(text: String) -> Indexed {
        let marks = text
            .char_indices()
            .step_by(STRIDE)
            .map(|(byte, _)| byte)
            .collect();
        let chars = text.chars().count();
        Indexed { text, chars, marks }
    }

    /// The byte offset of character `n`; `n` may be one past the last.
    fn byte(&self, n: usize) -> Option<usize> {
        if n == self.chars {
            return Some(self.text.len());
        }
        let mark = *self.marks.get(n / STRIDE)?;
        let (offset, _) = self.text[mark..].char_indices().nth(n % STRIDE)?;
        Some(mark + offset)
    }

    /// Characters `start..end` (0-based, end exclusive), if they exist.
    fn slice(&self, start: i64, end: i64) -> Option<&str> {
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        if end < start || end > self.chars {
            return None;
        }
        self.text.get(self.byte(start)?..self.byte(end)?)
    }
}

/// Every document's text, by id.
fn documents(conn: &Connection) -> anyhow::Result<HashMap<String, Indexed>> {
    let mut stmt = conn
        .prepare("SELECT id, text FROM documents")
        .context("reading the documents")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .context("reading the documents")?;
    let mut docs = HashMap::new();
    for row in rows {
        let (id, text) = row.context("reading the documents")?;
        docs.insert(id, Indexed::new(text));
    }
    Ok(docs)
}

/// Run `sql`, whose rows are (label, text, document_id, start, end,
/// outer_start, outer_end), and return the labels of the rows whose text is
/// not the document's characters `start..end`, or that stand outside
/// `outer_start..outer_end` (a quote outside its passage); and how many rows
/// there were.
pub fn misplaced(conn: &Connection, sql: &str, what: &str) -> anyhow::Result<(Vec<String>, u64)> {
    let docs = documents(conn)?;
    let mut stmt = conn
        .prepare(sql)
        .with_context(|| format!("reading {what}"))?;
    let mut rows = stmt.query([]).with_context(|| format!("reading {what}"))?;
    let mut bad = Vec::new();
    let mut total = 0;
    while let Some(row) = rows.next().with_context(|| format!("reading {what}"))? {
        total += 1;
        let read = || -> rusqlite::Result<(String, bool)> {
            let label: String = row.get(0)?;
            let text: String = row.get(1)?;
            let doc: String = row.get(2)?;
            let (start, end): (i64, i64) = (row.get(3)?, row.get(4)?);
            let (outer_start, outer_end): (i64, i64) = (row.get(5)?, row.get(6)?);
            let inside = start >= outer_start && end <= outer_end;
            let at = docs.get(&doc).and_then(|d| d.slice(start, end)) == Some(text.as_str());
            Ok((label, inside && at))
        };
        let (label, ok) = read().with_context(|| format!("reading {what}"))?;
        if !ok {
            bad.push(label);
        }
    }
    Ok((bad, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_count_characters_not_bytes_across_index_marks() {
        let text: String = (0..1000)
            .map(|i| if i % 3 == 0 { 'é' } else { 'a' })
            .collect();
        let doc = Indexed::new(text.clone());
        for (start, end) in [
            (0, 0),
            (0, 1),
            (255, 257),
            (256, 512),
            (700, 1000),
            (999, 1000),
        ] {
            let expected: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(
                doc.slice(start as i64, end as i64),
                Some(expected.as_str()),
                "{start}..{end}"
            );
        }
        assert_eq!(doc.slice(999, 1001), None);
        assert_eq!(doc.slice(-1, 3), None);
        assert_eq!(doc.slice(5, 4), None);
    }
}
