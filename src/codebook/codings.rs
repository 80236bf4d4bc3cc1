//! The codebook's rules for the codings comparisons rest on: the form of an
//! engagement with every fact whose form its links alone would not give,
//! engagements apart from statements, dates inferred from a paragraph's
//! frame, the text's limits, and the sources of what comes from outside it.

use std::fmt::Write as _;

use rusqlite::Connection;

use super::markdown::{note, table, value};

/// Where the identifiers and memberships come from, with versions and dates.
const SOURCES: &str = include_str!("../../schema/sources.md");

pub fn write(conn: &Connection, out: &mut String) -> anyhow::Result<()> {
    writeln!(
        out,
        "### Form\n\n- `form`: {}\n\nThe form is read from the sentence, not counted from the links: a conference China \
         attends is multilateral though no member is named; a China-X dialogue is bilateral \
         even when X is an organisation; a set of bilateral treaties is bilateral. Every fact \
         whose form its links alone would not give, and why (`form_note`; `apsc check` fails \
         a departure without one):\n",
        note(conn, "facts_long", "form")?
    )?;
    table(
        conn,
        out,
        "| fact | form | why |\n| --- | --- | --- |",
        "SELECT '`' || fact_table || '/' || fact_id || '`', form, form_note FROM facts
          WHERE form_note IS NOT NULL ORDER BY passage_id, quote_start",
    )?;
    writeln!(
        out,
        "### Engagements and statements\n\n- `is_engagement`: {}\n\nReports count engagements, and statements apart: `report \
         partners` and `partner-areas` in a column of their own, `report roles` in rows of \
         their own (`statement_form`). A statement keeps a partner link only where it \
         addresses that partner; a link that repeated an engagement's is waived instead, \
         with the engagement named (`mention_waivers`).\n",
        note(conn, "facts_long", "is_engagement")?
    )?;
    writeln!(
        out,
        "### Dates from a paragraph's frame\n\n{} A fact keeps `date_edtf` for its own words; a date it takes from the sentence that \
         opens its paragraph is a context date (`context_dates`, and `context_edtf` in \
         `facts_long`), inferred and marked so. The frames found by reading the opening \
         sentence of every paragraph:\n",
        note(conn, "context_dates", "")?
    )?;
    table(
        conn,
        out,
        "| frame | date | basis | facts |\n| --- | --- | --- | ---: |",
        "SELECT frame, '`' || date_edtf || '`', basis, count(*) FROM context_dates
          GROUP BY frame, date_edtf, basis ORDER BY min(frame_start), basis",
    )?;
    Ok(writeln!(
        out,
        "- `basis`: {}\n\n### The text's limits\n\n{}\n\n{SOURCES}",
        note(conn, "context_dates", "basis")?,
        limits(conn)?
    )?)
}

/// What the supplied copy holds, said where the counts are compared: the
/// paragraphs and sentences of each area, and that VI.6 stops after its first.
pub fn limits(conn: &Connection) -> anyhow::Result<String> {
    let held =
        "SELECT group_concat(section || ' ' || paragraphs || iif(paragraphs = 1, ' paragraph, ',
                ' paragraphs, ') || sentences || ' sentences', '; ' ORDER BY section)
           FROM (SELECT p.section, count(DISTINCT p.id) AS paragraphs, count(s.id) AS sentences
                   FROM passages p JOIN sentences s ON s.passage_id = p.id GROUP BY p.section)";
    let held = value(conn, held)?;
    Ok(format!(
        "The supplied copy starts at section VI and holds {held}. Its copy of VI.6 holds the \
         first paragraph only and ends there, so VI.6's counts cover one paragraph and are not \
         comparable with the other areas'."
    ))
}
