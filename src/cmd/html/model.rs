//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use anyhow::Context;
use rusqlite::Connection;

use super::marks::cut;
use crate::facts::{self, Fact, Figure, Partner};

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
        id: Rc<str>,
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
    pub fact_marks: Vec<Option<Rc<str>>>,
    pub partners: Vec<Partner>,
    /// (id, section, name), by section.
    pub areas: Vec<(String, String, String)>,
    /// Figures no fact holds (none in a fully cited text), with the passage
    /// they are in, as (section, paragraph, figure).
    pub loose_figures: Vec<(String, i64, Figure)>,
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
        "SELECT find, replace_with, reason, occurrences FROM corrections
          WHERE document_id = ?1 ORDER BY find",
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
    let facts = facts::load(conn, facts::Which::All)?;
    let blocks = blocks(conn, &document_id, &document.text, &omissions, &facts)?;
    let fact_marks = fact_marks(&blocks, facts.len());
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()
        .context("reading the areas")?;
    let loose_figures = loose_figures(conn, &facts)?;
    Ok(Page {
        document,
        corrections,
        omissions,
        blocks,
        facts,
        fact_marks,
        partners: facts::partners(conn)?,
        areas,
        loose_figures,
    })
}

/// The figures that no fact holds, with where they stand.
fn loose_figures(conn: &Connection, facts: &[Fact]) -> anyhow::Result<Vec<(String, i64, Figure)>> {
    let held: HashSet<&str> = facts
        .iter()
        .flat_map(|f| f.figures.iter().map(|g| g.id.as_str()))
        .collect();
    let mut stmt = conn.prepare("SELECT section, ordinal FROM passages WHERE id = ?1")?;
    let mut loose = Vec::new();
    for figure in facts::figures(conn)? {
        if held.contains(figure.id.as_str()) {
            continue;
        }
        let (section, paragraph) = stmt
            .query_row([figure.passage_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .context("reading a figure's passage")?;
        loose.push((section, paragraph, figure));
    }
    Ok(loose)
}

/// For each fact, the first mark that holds it.
fn fact_marks(blocks: &[Block], n: usize) -> Vec<Option<Rc<str>>> {
    let mut marks = vec![None; n];
    for block in blocks {
        let Block::Paragraph { pieces, .. } = block else {
            continue;
        };
        for piece in pieces {
            if let Piece::Mark { id, facts, .. } = piece {
                for &f in facts {
                    marks[f].get_or_insert_with(|| Rc::clone(id));
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
    let mut text = Reader::new(text);
    // Each passage's sentences in the order of the text, and its quotes in
    // the order of the facts, gathered in one pass over each.
    let mut units: HashMap<i64, Vec<(usize, usize)>> = HashMap::new();
    for &(p, s, e) in &sentences {
        units.entry(p).or_default().push((s, e));
    }
    let mut quotes: HashMap<i64, Vec<(usize, usize, usize)>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        quotes
            .entry(f.passage_id)
            .or_default()
            .push((f.quote_start, f.quote_end, i));
    }
    let mut blocks = Vec::new();
    let mut at = 0;
    for passage in &passages {
        headings(&text.slice(at, passage.start), omissions, &mut blocks);
        let units = units.get(&passage.id).map_or(&[][..], Vec::as_slice);
        let quotes = quotes.get(&passage.id).map_or(&[][..], Vec::as_slice);
        let mut marks = 0;
        let pieces = cut((passage.start, passage.end), units, quotes)
            .into_iter()
            .map(|(start, end, cited)| {
                if cited.is_empty() {
                    return Piece::Plain(text.slice(start, end));
                }
                marks += 1;
                Piece::Mark {
                    id: format!("m{}-{marks}", passage.id).into(),
                    text: text.slice(start, end),
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
    headings(&text.slice(at, usize::MAX), omissions, &mut blocks);
    Ok(blocks)
}

/// The text, cut by code-point offsets: read forward from where the last
/// cut ended, so that cutting it in the order of the text takes one pass
/// over it (a cut behind the last starts again from the beginning).
struct Reader<'a> {
    text: &'a str,
    /// A code-point offset and the byte offset where it stands.
    chars: usize,
    byte: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Reader<'a> {
        Reader {
            text,
            chars: 0,
            byte: 0,
        }
    }

    /// The byte offset of the code point `at`, or the text's length when it
    /// has fewer.
    fn byte_at(&mut self, at: usize) -> usize {
        if at < self.chars {
            (self.chars, self.byte) = (0, 0);
        }
        let rest = &self.text[self.byte..];
        match rest.char_indices().nth(at - self.chars) {
            Some((b, _)) => (self.chars, self.byte) = (at, self.byte + b),
            None => (self.chars, self.byte) = (self.chars + rest.chars().count(), self.text.len()),
        }
        self.byte
    }

    /// The code points `start..end`, as far as the text has them; nothing
    /// when the range is empty or backwards.
    fn slice(&mut self, start: usize, end: usize) -> String {
        if start >= end {
            return String::new();
        }
        let from = self.byte_at(start);
        let to = self.byte_at(end);
        self.text[from..to].to_string()
    }
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

#[cfg(test)]
mod tests {
    use super::Reader;

    #[test]
    fn the_reader_cuts_by_code_points_forward_backward_and_past_the_end() {
        let text = "a—é b\u{1F600}c\nd";
        let chars: Vec<char> = text.chars().collect();
        let by_chars = |s: usize, e: usize| -> String {
            chars[s.min(chars.len())..e.min(chars.len())]
                .iter()
                .collect()
        };
        let mut reader = Reader::new(text);
        let cuts = [
            (0, 2),
            (2, 5),
            (5, 7),
            (1, 4),
            (6, 9),
            (9, 40),
            (3, 40),
            (0, 9),
        ];
        for (s, e) in cuts {
            assert_eq!(reader.slice(s, e), by_chars(s, e), "{s}..{e}");
        }
        assert_eq!(reader.slice(2, 3), "é");
        assert_eq!(reader.slice(5, 6), "\u{1F600}");
        assert_eq!(reader.slice(40, 50), "");
        assert_eq!(reader.slice(4, 2), "", "backwards");
        assert_eq!(reader.slice(0, usize::MAX), text);
    }
}
