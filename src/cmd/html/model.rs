//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use std::collections::HashMap;

use anyhow::Context;
use maud::{Markup, PreEscaped, Render, html};
use rusqlite::Connection;

use super::marks::{cut, mark};
use crate::facts::{self, CodePoints, Fact, Figure, Partner};
use crate::seed::{self, Correction, Document};

/// Everything on the page.
pub struct Page {
    pub document: Document,
    pub corrections: Vec<Correction>,
    /// Lines of the text left out as not part of the paper.
    pub omissions: Vec<String>,
    /// The paper's headings and paragraphs, each cited sentence a mark.
    pub paper: Markup,
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
    /// What the supplied copy holds, and that VI.6's copy stops early.
    pub limits: String,
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
    let (paper, marks) = paper(conn, &document, &omissions, &facts, &mut fact_marks)?;
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()
        .context("reading the areas")?;
    Ok(Page {
        document,
        corrections,
        omissions,
        paper,
        facts,
        fact_marks,
        marks,
        partners: facts::partners(conn)?,
        areas,
        loose_figures: loose_figures(conn)?,
        limits: crate::codebook::limits(conn)?,
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

/// The text as headings and paragraphs, and how many marks: the lines
/// between passages are headings, less the lines left out as not part of
/// the paper. Only the text's own words go inside: numbers and labels are
/// drawn by the style, so the text of the paper section is the paper. Each
/// fact's first mark goes into `fact_marks`.
fn paper(
    conn: &Connection,
    document: &Document,
    omissions: &[String],
    facts: &[Fact],
    fact_marks: &mut [Option<String>],
) -> anyhow::Result<(Markup, usize)> {
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
    let (mut paper, mut marks, mut at) = (String::new(), 0, 0);
    for (id, section, ordinal, start, end) in passages {
        headings(text.slice(at, start), omissions).render_to(&mut paper);
        let units: Vec<(usize, usize)> = sentences
            .query_map([id], |row| {
                Ok((facts::offset(row, 0)?, facts::offset(row, 1)?))
            })?
            .collect::<Result<_, _>>()
            .context("reading the sentences")?;
        let quotes = quotes.get(&id).map_or(&[][..], Vec::as_slice);
        let mut pieces = Vec::new();
        let before = marks;
        for (start, end, cited) in cut((start, end), &units, quotes) {
            let piece = text.slice(start, end);
            if cited.is_empty() {
                pieces.push(html! { (piece) });
                continue;
            }
            marks += 1;
            let id = format!("m{id}-{}", marks - before);
            for &f in &cited {
                fact_marks[f].get_or_insert_with(|| id.clone());
            }
            pieces.push(mark(facts, &id, piece, &cited));
        }
        html! {
            p class="passage" id={ "p-" (section) "-" (ordinal) } data-label={ (section) " ¶" (ordinal) } {
                @for piece in &pieces { (piece) }
            }
        }
        .render_to(&mut paper);
        at = end;
    }
    headings(text.slice(at, usize::MAX), omissions).render_to(&mut paper);
    Ok((PreEscaped(paper), marks))
}

/// The headings in the text between two paragraphs: the last its section's,
/// the others above it.
fn headings(gap: &str, omissions: &[String]) -> Markup {
    let lines: Vec<&str> = gap
        .split('\n')
        .filter(|l| !l.trim().is_empty() && !omissions.iter().any(|o| o == l))
        .collect();
    html! {
        @if let Some((last, above)) = lines.split_last() {
            @for line in above { h2 { (line) } }
            h3 { (last) }
        }
    }
}
