//! The checks of the text: the restoration of the supplied text, passages,
//! sentences and quotes at their recorded offsets, and citation coverage.

use anyhow::Context;
use rusqlite::Connection;

use super::spans::misplaced;
use super::{SHOWN, Verdict, count, listing, strings, verdict};
use crate::output::grouped;
use crate::seed::{corrections, documents, sha256_hex, text};

fn omissions(conn: &Connection, document: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT line FROM omissions WHERE document_id = ?1 ORDER BY rowid")?;
    stmt.query_map([document], |row| row.get(0))?.collect()
}

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
        let lines =
            omissions(conn, id).with_context(|| format!("reading the omissions of {id}"))?;
        let omitted: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (expected, counts, found) = text::restore_document(&doc.source, &pairs, &omitted);
        if expected != doc.text {
            failures.push(format!(
                "{id}: text is not source_text with its corrections applied and omitted lines removed"
            ));
        }
        for (line, found) in lines.iter().zip(found) {
            removed += 1;
            if !found {
                failures.push(format!(
                    "{id}: omitted line {line:?} is not a line of source_text"
                ));
            }
        }
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
    Ok(verdict(&failures, || {
        format!(
            "{} document{}: source text matches its SHA-256; text = source text with {replaced} corrections applied and {removed} omitted line{} removed",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" },
            if removed == 1 { "" } else { "s" }
        )
    }))
}

pub fn passages(conn: &Connection) -> anyhow::Result<Verdict> {
    let (mut failures, passages) = misplaced(
        conn,
        "SELECT 'passage ' || p.section || ' ¶' || p.ordinal, p.text, p.document_id,
                p.start_offset, p.end_offset, p.start_offset, p.end_offset
           FROM passages p",
        "the passages",
    )?;
    let (bad_sentences, sentences) = misplaced(
        conn,
        "SELECT 'sentence ' || p.section || ' ¶' || p.ordinal || '.' || s.ordinal, s.text,
                p.document_id, s.start_offset, s.end_offset, p.start_offset, p.end_offset
           FROM sentences s JOIN passages p ON p.id = s.passage_id",
        "the sentences",
    )?;
    failures.extend(bad_sentences);
    if passages == 0 {
        failures.push("no passages".to_string());
    }
    Ok(verdict(&failures, || {
        format!(
            "{} passages and {} sentences at their recorded offsets",
            grouped(passages),
            grouped(sentences)
        )
    }))
}

pub fn quotes(conn: &Connection) -> anyhow::Result<Verdict> {
    let (bad, total) = misplaced(
        conn,
        "WITH quoted (source, id, quote, passage_id, quote_start, quote_end) AS (
             SELECT fact_table, fact_id, quote, passage_id, quote_start, quote_end FROM facts
             UNION ALL
             SELECT 'figures', id, quote, passage_id, quote_start, quote_end FROM figures
         )
         SELECT q.source || '/' || q.id, q.quote, p.document_id, q.quote_start, q.quote_end,
                p.start_offset, p.end_offset
           FROM quoted q
           JOIN passages p ON p.id = q.passage_id",
        "the quotes",
    )?;
    if total == 0 {
        return Ok(verdict(&["no quotes".to_string()], String::new));
    }
    if !bad.is_empty() {
        return Ok(Verdict {
            ok: false,
            detail: format!(
                "{} of {total} quotes not at their offsets: {}",
                bad.len(),
                listing(&bad[..bad.len().min(SHOWN)], bad.len())
            ),
        });
    }
    Ok(verdict(&bad, || {
        format!(
            "{} quotes verbatim at their recorded offsets, each inside its passage",
            grouped(total)
        )
    }))
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
        "the sentences no fact cites",
    )?;
    let total = count(conn, "SELECT count(*) FROM sentences", "the sentences")?;
    let cited = total - uncited.len() as i64;
    let percent = if total > 0 {
        100.0 * cited as f64 / total as f64
    } else {
        0.0
    };
    let mut detail = format!(
        "{} of {} sentences cited by a fact or statement ({percent:.1}%)",
        grouped(cited),
        grouped(total)
    );
    if !uncited.is_empty() {
        detail.push_str("; not cited: ");
        detail.push_str(&listing(
            &uncited[..uncited.len().min(SHOWN)],
            uncited.len(),
        ));
    }
    Ok(Verdict {
        ok: uncited.is_empty() && total > 0,
        detail,
    })
}
