//! The checks of the text: the restoration of the supplied text, passages,
//! sentences and quotes at their recorded offsets, and citation coverage.

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::Connection;

use super::verdict::{Verdict, count, listing, strings, verdict};
use crate::facts::{CodePoints, offset};
use crate::output::grouped;
use crate::seed::{corrections, documents, sha256_hex, text};

pub fn restoration(conn: &Connection) -> anyhow::Result<Verdict> {
    let docs = documents(conn).context("reading the documents")?;
    let mut failures = Vec::new();
    let (mut replaced, mut removed) = (0, 0);
    for doc in &docs {
        let id = &doc.id;
        if sha256_hex(doc.source.as_bytes()) != doc.sha256 {
            failures.push(format!("{id}: source_text does not match source_sha256"));
        }
        let fixes =
            corrections(conn, id).with_context(|| format!("reading the corrections of {id}"))?;
        let pairs: Vec<(&str, &str)> = fixes
            .iter()
            .map(|c| (c.find.as_str(), c.replace_with.as_str()))
            .collect();
        let sql = "SELECT line FROM omissions WHERE document_id = ?1 ORDER BY rowid";
        let lines = strings(conn, sql, [id], &format!("the omissions of {id}"))?;
        let omitted: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (expected, counts, found) = text::restore_document(&doc.source, &pairs, &omitted);
        if expected != doc.text {
            failures.push(format!(
                "{id}: text is not source_text with its corrections applied and omitted lines removed"
            ));
        }
        removed += lines.len();
        let lost = lines.iter().zip(found).filter(|(_, found)| !found);
        failures.extend(
            lost.map(|(line, _)| {
                format!("{id}: omitted line {line:?} is not a line of source_text")
            }),
        );
        for (fix, found) in fixes.iter().zip(counts) {
            replaced += found;
            if found as i64 != fix.occurrences {
                failures.push(format!(
                    "{id}: {:?} occurs {found} times, recorded as {}",
                    fix.find, fix.occurrences
                ));
            }
        }
    }
    if docs.is_empty() {
        failures.push("no documents".to_string());
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (n, s, ss) = (docs.len(), plural(docs.len()), plural(removed));
    let ok = format!(
        "{n} document{s}: source text matches its SHA-256; text = source text with {replaced} \
         corrections applied and {removed} omitted line{ss} removed"
    );
    Ok(verdict(&failures, ok))
}

/// The labels of the rows of `spans` (label, text, whole, s, e, os, oe) whose
/// text is not the characters `s..e` of `whole`, a text that starts at `os`,
/// or that end past `oe`; and how many rows there are.
fn misplaced(conn: &Connection, spans: &str, what: &str) -> anyhow::Result<(Vec<String>, i64)> {
    let sql = format!(
        "SELECT label FROM ({spans}) WHERE s < os OR e > oe OR substr(whole, s - os + 1, e - s) IS NOT text"
    );
    let bad = strings(conn, &sql, [], what)?;
    Ok((
        bad,
        count(conn, &format!("SELECT count(*) FROM ({spans})"), what)?,
    ))
}

/// The labels of the passages not at their offsets in their document, and
/// how many passages there are. Each document is cut here, by code points:
/// SQLite's `substr` would walk it from its start for every passage.
fn misplaced_passages(conn: &Connection) -> rusqlite::Result<(Vec<String>, i64)> {
    let docs: HashMap<String, CodePoints> = documents(conn)?
        .into_iter()
        .map(|d| (d.id, CodePoints::new(d.text)))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT 'passage ' || section || ' ¶' || ordinal, text, document_id, start_offset, end_offset
           FROM passages",
    )?;
    let rows: Vec<(String, String, String, usize, usize)> = stmt
        .query_map([], |r| {
            let (start, end) = (offset(r, 3)?, offset(r, 4)?);
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, start, end))
        })?
        .collect::<Result<_, _>>()?;
    let total = rows.len() as i64;
    let bad = rows.into_iter().filter(|(_, text, doc, start, end)| {
        docs.get(doc).and_then(|d| d.get(*start, *end)) != Some(text.as_str())
    });
    Ok((bad.map(|r| r.0).collect(), total))
}

/// Sentences and quotes are held to the text of their passage, which the
/// passages check holds to the document.
pub fn passages(conn: &Connection) -> anyhow::Result<Verdict> {
    let (mut failures, passages) = misplaced_passages(conn).context("reading the passages")?;
    let (bad_sentences, sentences) = misplaced(
        conn,
        "SELECT 'sentence ' || p.section || ' ¶' || p.ordinal || '.' || s.ordinal AS label,
                s.text AS text, p.text AS whole, s.start_offset AS s, s.end_offset AS e,
                p.start_offset AS os, p.end_offset AS oe
           FROM sentences s JOIN passages p ON p.id = s.passage_id",
        "the sentences",
    )?;
    failures.extend(bad_sentences);
    if passages == 0 {
        failures.push("no passages".to_string());
    }
    let (passages, sentences) = (grouped(passages), grouped(sentences));
    let ok = format!("{passages} passages and {sentences} sentences at their recorded offsets");
    Ok(verdict(&failures, ok))
}

pub fn quotes(conn: &Connection) -> anyhow::Result<Verdict> {
    let (bad, total) = misplaced(
        conn,
        "SELECT q.*, p.text AS whole, p.start_offset AS os, p.end_offset AS oe
           FROM (SELECT fact_table || '/' || fact_id AS label, quote AS text, passage_id,
                        quote_start AS s, quote_end AS e FROM facts
                 UNION ALL
                 SELECT 'figures/' || id, quote, passage_id, quote_start, quote_end FROM figures) q
           JOIN passages p ON p.id = q.passage_id",
        "the quotes",
    )?;
    let detail = match (total, bad.len()) {
        (0, _) => "no quotes".to_string(),
        (_, 0) => format!(
            "{} quotes verbatim at their recorded offsets, each inside its passage",
            grouped(total)
        ),
        (_, n) => format!(
            "{n} of {total} quotes not at their offsets: {}",
            listing(&bad)
        ),
    };
    Ok(Verdict {
        ok: total > 0 && bad.is_empty(),
        detail,
    })
}

pub fn coverage(conn: &Connection) -> anyhow::Result<Verdict> {
    let uncited = strings(
        conn,
        "SELECT p.section || ' ¶' || p.ordinal || '.' || s.ordinal || ' \"' || substr(s.text, 1, 40) || '\"…'
           FROM sentences s JOIN passages p ON p.id = s.passage_id
          WHERE NOT EXISTS (
                SELECT 1 FROM facts f
                 WHERE f.passage_id = s.passage_id
                   AND f.quote_start < s.end_offset AND f.quote_end > s.start_offset)
          ORDER BY s.id",
        [],
        "the sentences no fact cites",
    )?;
    let total = count(conn, "SELECT count(*) FROM sentences", "the sentences")?;
    let cited = total - uncited.len() as i64;
    let percent = 100.0 * cited as f64 / total.max(1) as f64;
    let (cited, sentences) = (grouped(cited), grouped(total));
    let mut detail =
        format!("{cited} of {sentences} sentences cited by a fact or statement ({percent:.1}%)");
    if !uncited.is_empty() {
        detail.push_str(&format!("; not cited: {}", listing(&uncited)));
    }
    Ok(Verdict {
        ok: uncited.is_empty() && total > 0,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use crate::facts::CodePoints;

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
