//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use std::collections::HashMap;
use std::rc::Rc;

use anyhow::Context;
use rusqlite::Connection;

use super::marks::cut;
use crate::facts::{self, CodePoints, Fact, Figure, Partner};
use crate::seed;

pub use crate::seed::{Correction, Document};

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
    let document = (seed::documents(conn).context("reading the document")?)
        .into_iter()
        .next()
        .context("the database holds no document")?;
    let document_id = document.id.clone();
    let corrections = seed::corrections(conn, &document_id).context("reading the corrections")?;
    let mut stmt =
        conn.prepare("SELECT line FROM omissions WHERE document_id = ?1 ORDER BY line")?;
    let omissions: Vec<String> = stmt
        .query_map([&document_id], |row| row.get(0))?
        .collect::<Result<_, _>>()
        .context("reading the omissions")?;
    let facts = facts::load(conn, None)?;
    let blocks = blocks(conn, &document_id, &document.text, &omissions, &facts)?;
    let fact_marks = fact_marks(&blocks, facts.len());
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()
        .context("reading the areas")?;
    let loose_figures = loose_figures(conn)?;
    Ok(Page {
        document,
        corrections,
        omissions,
        blocks,
        facts,
        fact_marks,
        partners: facts::partners(conn, None)?,
        areas,
        loose_figures,
    })
}

/// The figures that no fact holds (neither its own fact nor, counted
/// across facts, a fact whose quote shares its sentence), with where they
/// stand.
fn loose_figures(conn: &Connection) -> anyhow::Result<Vec<(String, i64, Figure)>> {
    let mut stmt = conn.prepare(
        "SELECT p.section, p.ordinal, g.value_text, g.metric
           FROM figures g JOIN passages p ON p.id = g.passage_id
          WHERE NOT EXISTS (SELECT 1 FROM facts f
                             WHERE f.fact_table = g.fact_table AND f.fact_id = g.fact_id)
            AND NOT EXISTS (SELECT 1 FROM facts f
                             WHERE g.fact_table IS NULL AND f.passage_id = g.passage_id
                               AND g.quote_start < f.quote_end AND f.quote_start < g.quote_end)
          ORDER BY g.passage_id, g.quote_start, instr(g.quote, g.value_text), g.id",
    )?;
    let rows = stmt.query_map([], |row| {
        let figure = Figure {
            value_text: row.get(2)?,
            metric: row.get(3)?,
        };
        Ok((row.get(0)?, row.get(1)?, figure))
    })?;
    rows.collect::<Result<_, _>>()
        .context("reading the figures no fact holds")
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
    let text = CodePoints::new(text.to_string());
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
        headings(text.slice(at, passage.start), omissions, &mut blocks);
        let units = units.get(&passage.id).map_or(&[][..], Vec::as_slice);
        let quotes = quotes.get(&passage.id).map_or(&[][..], Vec::as_slice);
        let mut marks = 0;
        let pieces = cut((passage.start, passage.end), units, quotes)
            .into_iter()
            .map(|(start, end, cited)| {
                if cited.is_empty() {
                    return Piece::Plain(text.slice(start, end).to_string());
                }
                marks += 1;
                Piece::Mark {
                    id: format!("m{}-{marks}", passage.id).into(),
                    text: text.slice(start, end).to_string(),
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
    headings(text.slice(at, usize::MAX), omissions, &mut blocks);
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
                start: facts::offset(row, 3)?,
                end: facts::offset(row, 4)?,
            })
        })?
        .collect::<Result<_, _>>()
        .context("reading the passages")?;
    let mut stmt = conn.prepare(
        "SELECT passage_id, start_offset, end_offset FROM sentences ORDER BY start_offset",
    )?;
    let sentences: Vec<Sentence> = stmt
        .query_map([], |row| {
            Ok((row.get(0)?, facts::offset(row, 1)?, facts::offset(row, 2)?))
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
