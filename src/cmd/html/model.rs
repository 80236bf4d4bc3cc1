//! What the reading view shows, read from the database: the document and how
//! it was restored, its text cut into headings and paragraphs, each cited
//! sentence a mark that knows its facts, and the partners and facts beside.

use std::collections::HashMap;

use anyhow::Context;
use maud::{Markup, PreEscaped, Render, html};
use rusqlite::Connection;

use super::marks::{cut, mark};
use crate::facts::{self, CodePoints, Fact, Figure, Partner, json_rows};
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
    let omissions = "SELECT json_quote(line) FROM omissions WHERE document_id = ?1 ORDER BY line";
    let omissions: Vec<String> =
        json_rows(conn, omissions, [&document.id]).context("reading the omissions")?;
    let facts = facts::load(conn, None)?;
    let mut fact_marks = vec![None; facts.len()];
    let (paper, marks) = paper(conn, &document, &omissions, &facts, &mut fact_marks)?;
    let areas = "SELECT json_array(id, section, name) FROM areas ORDER BY section";
    Ok(Page {
        document,
        corrections,
        omissions,
        paper,
        facts,
        fact_marks,
        marks,
        partners: facts::partners(conn)?,
        areas: json_rows(conn, areas, []).context("reading the areas")?,
        loose_figures: json_rows(conn, LOOSE_FIGURES, [])
            .context("reading the figures no fact holds")?,
        limits: crate::codebook::limits(conn)?,
    })
}

/// The figures that no fact holds (neither its own fact nor, counted
/// across facts, a fact whose quote shares its sentence), with where they
/// stand.
const LOOSE_FIGURES: &str = "
    SELECT json_array(p.section, p.ordinal,
                      json_object('value_text', g.value_text, 'metric', g.metric))
      FROM figures g JOIN passages p ON p.id = g.passage_id
     WHERE NOT EXISTS (SELECT 1 FROM facts f
                        WHERE f.fact_table = g.fact_table AND f.fact_id = g.fact_id)
       AND NOT EXISTS (SELECT 1 FROM facts f
                        WHERE g.fact_table IS NULL AND f.passage_id = g.passage_id
                          AND g.quote_start < f.quote_end AND f.quote_start < g.quote_end)
     ORDER BY g.passage_id, g.quote_start, instr(g.quote, g.value_text), g.id";

/// The passages of a document, in the order of the text, each with its
/// sentences: (id, section, paragraph, start, end, [(start, end)]).
type Passage = (i64, String, i64, usize, usize, Vec<(usize, usize)>);
const PASSAGES: &str = "
    SELECT json_array(p.id, p.section, p.ordinal, p.start_offset, p.end_offset,
               json((SELECT json_group_array(json_array(s.start_offset, s.end_offset)
                                             ORDER BY s.start_offset)
                       FROM sentences s WHERE s.passage_id = p.id)))
      FROM passages p WHERE p.document_id = ?1 ORDER BY p.start_offset";

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
    let passages: Vec<Passage> =
        json_rows(conn, PASSAGES, [&document.id]).context("reading the passages")?;
    let (mut paper, mut marks, mut at) = (String::new(), 0, 0);
    for (id, section, ordinal, start, end, sentences) in passages {
        headings(text.slice(at, start), omissions).render_to(&mut paper);
        let quotes = quotes.get(&id).map_or(&[][..], Vec::as_slice);
        let mut pieces = Vec::new();
        let before = marks;
        for (start, end, cited) in cut((start, end), &sentences, quotes) {
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
    let heading = |l: &&str| !l.trim().is_empty() && !omissions.iter().any(|o| o == l);
    let lines: Vec<&str> = gap.split('\n').filter(heading).collect();
    html! {
        @if let Some((last, above)) = lines.split_last() {
            @for line in above { h2 { (line) } }
            h3 { (last) }
        }
    }
}
