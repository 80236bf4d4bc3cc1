//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use anyhow::Context;
use rusqlite::Connection;

use crate::facts::{self, Fact, Partner};

/// The document the page shows.
pub struct Document {
    pub title: String,
    pub publisher: String,
    pub published: String,
    pub source_file: String,
    pub sha256: String,
    /// The restored text.
    pub text: String,
}

/// One declared correction of the supplied text.
pub struct Correction {
    pub from: String,
    pub to: String,
    pub reason: String,
    pub occurrences: i64,
}

/// A block of the paper, in the order of the text.
pub enum Block {
    /// A line between paragraphs: the paper's title, a part or a section.
    Heading { level: u8, text: String },
    /// A paragraph, cut into plain text and marks.
    Paragraph {
        section: String,
        ordinal: i64,
        pieces: Vec<Piece>,
    },
}

/// A stretch of a paragraph.
pub enum Piece {
    Plain(String),
    /// A cited sentence: its element id, its text, and the indexes (into
    /// [`Page::facts`]) of the facts whose quotes it holds.
    Mark {
        id: String,
        text: String,
        facts: Vec<usize>,
    },
}

/// Everything on the page.
pub struct Page {
    pub document: Document,
    pub corrections: Vec<Correction>,
    /// Lines of the text left out as not part of the paper.
    pub omissions: Vec<String>,
    pub blocks: Vec<Block>,
    pub facts: Vec<Fact>,
    /// For each fact, the id of the first mark that holds its quote.
    pub fact_marks: Vec<Option<String>>,
    pub partners: Vec<Partner>,
    /// (id, section, name), by section.
    pub areas: Vec<(String, String, String)>,
}

/// A sentence as (passage, start, end).
type Sentence = (i64, usize, usize);

struct Passage {
    id: i64,
    section: String,
    ordinal: i64,
    start: usize,
    end: usize,
}

/// Read the page's contents from the database.
pub fn load(conn: &Connection) -> anyhow::Result<Page> {
    let (document, document_id) = conn
        .query_row(
            "SELECT title, publisher, published, source_file, source_sha256, text, id
               FROM documents ORDER BY id LIMIT 1",
            [],
            |row| {
                Ok((
                    Document {
                        title: row.get(0)?,
                        publisher: row.get(1)?,
                        published: row.get(2)?,
                        source_file: row.get(3)?,
                        sha256: row.get(4)?,
                        text: row.get(5)?,
                    },
                    row.get::<_, String>(6)?,
                ))
            },
        )
        .context("reading the document")?;
    let mut stmt = conn.prepare(
        "SELECT \"from\", \"to\", reason, occurrences FROM corrections
          WHERE document_id = ?1 ORDER BY \"from\"",
    )?;
    let corrections = stmt
        .query_map([&document_id], |row| {
            Ok(Correction {
                from: row.get(0)?,
                to: row.get(1)?,
                reason: row.get(2)?,
                occurrences: row.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()
        .context("reading the corrections")?;
    let mut stmt =
        conn.prepare("SELECT line FROM omissions WHERE document_id = ?1 ORDER BY line")?;
    let omissions: Vec<String> = stmt
        .query_map([&document_id], |row| row.get(0))?
        .collect::<Result<_, _>>()
        .context("reading the omissions")?;
    let facts = facts::load(conn)?;
    let blocks = blocks(conn, &document_id, &document.text, &omissions, &facts)?;
    let fact_marks = fact_marks(&blocks, facts.len());
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()
        .context("reading the areas")?;
    Ok(Page {
        document,
        corrections,
        omissions,
        blocks,
        facts,
        fact_marks,
        partners: facts::partners(conn)?,
        areas,
    })
}

/// For each fact, the first mark that holds it.
fn fact_marks(blocks: &[Block], n: usize) -> Vec<Option<String>> {
    let mut marks = vec![None; n];
    for block in blocks {
        let Block::Paragraph { pieces, .. } = block else {
            continue;
        };
        for piece in pieces {
            if let Piece::Mark { id, facts, .. } = piece {
                for &f in facts {
                    marks[f].get_or_insert_with(|| id.clone());
                }
            }
        }
    }
    marks
}

/// The text cut into headings and paragraphs: the lines between passages are
/// headings (the last before a paragraph its section's, the others above
/// it), less the lines left out as not part of the paper.
fn blocks(
    conn: &Connection,
    document_id: &str,
    text: &str,
    omissions: &[String],
    facts: &[Fact],
) -> anyhow::Result<Vec<Block>> {
    let (passages, sentences) = passages(conn, document_id)?;
    let chars: Vec<char> = text.chars().collect();
    let slice = |start: usize, end: usize| -> String {
        chars[start.min(chars.len())..end.min(chars.len())]
            .iter()
            .collect()
    };
    let mut blocks = Vec::new();
    let mut at = 0;
    for passage in &passages {
        headings(&slice(at, passage.start), omissions, &mut blocks);
        let units: Vec<(usize, usize)> = sentences
            .iter()
            .filter(|(p, _, _)| *p == passage.id)
            .map(|&(_, s, e)| (s, e))
            .collect();
        let quotes: Vec<(usize, usize, usize)> = facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.passage_id == passage.id)
            .map(|(i, f)| (f.quote_start, f.quote_end, i))
            .collect();
        let mut marks = 0;
        let pieces = cut((passage.start, passage.end), &units, &quotes)
            .into_iter()
            .map(|(start, end, cited)| {
                if cited.is_empty() {
                    return Piece::Plain(slice(start, end));
                }
                marks += 1;
                Piece::Mark {
                    id: format!("m{}-{marks}", passage.id),
                    text: slice(start, end),
                    facts: cited,
                }
            })
            .collect();
        blocks.push(Block::Paragraph {
            section: passage.section.clone(),
            ordinal: passage.ordinal,
            pieces,
        });
        at = passage.end;
    }
    headings(&slice(at, chars.len()), omissions, &mut blocks);
    Ok(blocks)
}

/// The document's passages in the order of the text, and every sentence.
fn passages(conn: &Connection, document_id: &str) -> anyhow::Result<(Vec<Passage>, Vec<Sentence>)> {
    let mut stmt = conn.prepare(
        "SELECT id, section, ordinal, start_offset, end_offset FROM passages
          WHERE document_id = ?1 ORDER BY start_offset",
    )?;
    let passages: Vec<Passage> = stmt
        .query_map([document_id], |row| {
            Ok(Passage {
                id: row.get(0)?,
                section: row.get(1)?,
                ordinal: row.get(2)?,
                start: facts::offset(row, "start_offset")?,
                end: facts::offset(row, "end_offset")?,
            })
        })?
        .collect::<Result<_, _>>()
        .context("reading the passages")?;
    let mut stmt = conn.prepare(
        "SELECT passage_id, start_offset, end_offset FROM sentences ORDER BY start_offset",
    )?;
    let sentences: Vec<Sentence> = stmt
        .query_map([], |row| {
            Ok((
                row.get(0)?,
                facts::offset(row, "start_offset")?,
                facts::offset(row, "end_offset")?,
            ))
        })?
        .collect::<Result<_, _>>()
        .context("reading the sentences")?;
    Ok((passages, sentences))
}

/// The headings in the text between two paragraphs.
fn headings(gap: &str, omissions: &[String], blocks: &mut Vec<Block>) {
    let lines: Vec<&str> = gap
        .split('\n')
        .filter(|l| !l.trim().is_empty() && !omissions.iter().any(|o| o == l))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let level = if i + 1 == lines.len() { 3 } else { 2 };
        blocks.push(Block::Heading {
            level,
            text: line.to_string(),
        });
    }
}

/// Cut a passage (`start..end`) into stretches, each with the facts whose
/// quotes it holds (none for plain text). A cited stretch is a whole
/// sentence (`units`) that a quote overlaps; a quote that overlaps no
/// sentence is a stretch of its own; stretches that overlap are merged.
/// `quotes` are (start, end, fact).
pub fn cut(
    passage: (usize, usize),
    units: &[(usize, usize)],
    quotes: &[(usize, usize, usize)],
) -> Vec<(usize, usize, Vec<usize>)> {
    let overlaps = |(s, e): (usize, usize), (qs, qe): (usize, usize)| qs < e && s < qe;
    let mut cited: Vec<(usize, usize)> = units
        .iter()
        .copied()
        .filter(|&u| quotes.iter().any(|&(qs, qe, _)| overlaps(u, (qs, qe))))
        .collect();
    for &(qs, qe, _) in quotes {
        if !units.iter().any(|&u| overlaps(u, (qs, qe))) {
            cited.push((qs, qe));
        }
    }
    cited.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in cited {
        let (s, e) = (s.max(passage.0), e.min(passage.1));
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ if s < e => merged.push((s, e)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut at = passage.0;
    for (s, e) in merged {
        if at < s {
            out.push((at, s, Vec::new()));
        }
        let facts = quotes
            .iter()
            .filter(|&&(qs, qe, _)| overlaps((s, e), (qs, qe)))
            .map(|&(_, _, f)| f)
            .collect();
        out.push((s, e, facts));
        at = e;
    }
    if at < passage.1 {
        out.push((at, passage.1, Vec::new()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn a_quote_marks_its_whole_sentence_and_plain_text_stays_between() {
        // Sentences 0..10 and 11..20; one quote inside the second.
        let pieces = cut((0, 20), &[(0, 10), (11, 20)], &[(12, 15, 7)]);
        assert_eq!(
            pieces,
            vec![(0, 11, vec![]), (11, 20, vec![7])],
            "the uncited sentence and the space are plain"
        );
    }

    #[test]
    fn a_quote_over_two_sentences_marks_both_and_sharing_facts_merge() {
        let pieces = cut(
            (0, 30),
            &[(0, 10), (11, 20), (21, 30)],
            &[(0, 20, 1), (5, 9, 2)],
        );
        assert_eq!(
            pieces,
            vec![
                (0, 10, vec![1, 2]),
                (10, 11, vec![]),
                (11, 20, vec![1]),
                (20, 30, vec![])
            ]
        );
    }

    #[test]
    fn a_quote_outside_every_sentence_is_marked_as_it_is() {
        let pieces = cut((0, 20), &[], &[(3, 8, 0), (6, 12, 1)]);
        assert_eq!(
            pieces,
            vec![(0, 3, vec![]), (3, 12, vec![0, 1]), (12, 20, vec![])]
        );
    }
}
