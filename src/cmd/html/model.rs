//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use std::collections::HashMap;

use anyhow::Context;
use rusqlite::Connection;

use super::marks::cut;
use crate::facts::{self, CodePoints, Fact, Figure, Partner};
use crate::seed::{self, Correction, Document};

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
    /// How many marks the text holds.
    pub marks: usize,
    pub partners: Vec<Partner>,
    /// (id, section, name), by section.
    pub areas: Vec<(String, String, String)>,
    /// Figures no fact holds (none in a fully cited text), with the passage
    /// they are in, as (section, paragraph, figure).
    pub loose_figures: Vec<(String, i64, Figure)>,
}

/// Read the page's contents from the database.
pub fn load(conn: &Connection) -> anyhow::Result<Page> {
    let document = (seed::documents(conn).context("reading the document")?)
        .into_iter()
        .next()
        .context("the database holds no document")?;
    let corrections = seed::corrections(conn, &document.id).context("reading the corrections")?;
    let mut stmt =
        conn.prepare("SELECT line FROM omissions WHERE document_id = ?1 ORDER BY line")?;
    let omissions: Vec<String> = stmt
        .query_map([&document.id], |row| row.get(0))?
        .collect::<Result<_, _>>()
        .context("reading the omissions")?;
    let facts = facts::load(conn, None)?;
    let mut fact_marks = vec![None; facts.len()];
    let (blocks, marks) = blocks(conn, &document, &omissions, &facts, &mut fact_marks)?;
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
        marks,
        partners: facts::partners(conn, None)?,
        areas,
        loose_figures: loose_figures(conn)?,
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

/// The text cut into headings and paragraphs, and how many marks: the lines
/// between passages are headings (the last before a paragraph its
/// section's, the others above it), less the lines left out as not part of
/// the paper. Each fact's first mark goes into `fact_marks`.
fn blocks(
    conn: &Connection,
    document: &Document,
    omissions: &[String],
    facts: &[Fact],
    fact_marks: &mut [Option<String>],
) -> anyhow::Result<(Vec<Block>, usize)> {
    let text = CodePoints::new(document.text.clone());
    let mut quotes: HashMap<i64, Vec<(usize, usize, usize)>> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        let quote = (f.quote_start, f.quote_end, i);
        quotes.entry(f.passage_id).or_default().push(quote);
    }
    let mut stmt = conn.prepare(
        "SELECT id, section, ordinal, start_offset, end_offset FROM passages
          WHERE document_id = ?1 ORDER BY start_offset",
    )?;
    let passages: Vec<(i64, String, i64, usize, usize)> = stmt
        .query_map([&document.id], |row| {
            let (start, end) = (facts::offset(row, 3)?, facts::offset(row, 4)?);
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, start, end))
        })?
        .collect::<Result<_, _>>()
        .context("reading the passages")?;
    let mut sentences = conn.prepare(
        "SELECT start_offset, end_offset FROM sentences WHERE passage_id = ?1 ORDER BY start_offset",
    )?;
    let (mut blocks, mut marks, mut at) = (Vec::new(), 0, 0);
    for (id, section, ordinal, start, end) in passages {
        headings(text.slice(at, start), omissions, &mut blocks);
        let units: Vec<(usize, usize)> = sentences
            .query_map([id], |row| {
                Ok((facts::offset(row, 0)?, facts::offset(row, 1)?))
            })?
            .collect::<Result<_, _>>()
            .context("reading the sentences")?;
        let quotes = quotes.get(&id).map_or(&[][..], Vec::as_slice);
        let before = marks;
        let pieces = cut((start, end), &units, quotes)
            .into_iter()
            .map(|(start, end, cited)| {
                let text = text.slice(start, end).to_string();
                if cited.is_empty() {
                    return Piece::Plain(text);
                }
                marks += 1;
                let mark = format!("m{id}-{}", marks - before);
                for &f in &cited {
                    fact_marks[f].get_or_insert_with(|| mark.clone());
                }
                Piece::Mark {
                    id: mark,
                    text,
                    facts: cited,
                }
            })
            .collect();
        blocks.push(Block::Paragraph {
            section,
            ordinal,
            pieces,
        });
        at = end;
    }
    headings(text.slice(at, usize::MAX), omissions, &mut blocks);
    Ok((blocks, marks))
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
