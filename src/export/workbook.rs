//! `apsc export --xlsx FILE`: one workbook for a spreadsheet user, who need
//! not know SQL. A first sheet says what every other sheet holds (in the
//! words of its notes), its row count and the source document; then a sheet
//! per parameter-free report, the analysis first, and per table, apsc's own
//! last. Each has a frozen, styled header whose cells carry the column notes,
//! an autofilter, widths from its content and long text wrapped. Numbers are
//! numbers (shares shown as percentages), everything else is text (never a
//! formula), NULL is an empty cell. Sheets are streamed to disk as they are
//! written (the writer's constant-memory mode), so a large database never
//! sits in memory whole.

use std::io::{Seek, SeekFrom};
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Workbook, Worksheet};

use super::relation::notes;
use crate::db::catalog;
use crate::output::Target;
use crate::progress::Progress;
use crate::reports;

/// Excel's limits: rows per sheet, and characters per cell.
const MAX_ROWS: u32 = 1_048_576;
const MAX_CELL: usize = 32_767;

/// Integers beyond 2^53 lose digits as spreadsheet numbers: they stay text.
const EXACT: i64 = 1 << 53;

/// Column widths are planned from this many rows.
const SAMPLE: u32 = 1000;

/// The widest a column is drawn; wider text wraps.
const MAX_WIDTH: usize = 60;

/// What was written to one sheet, for the first sheet's list.
pub struct Written {
    pub name: String,
    pub rows: u64,
    /// The sheet holds only the rows Excel takes: its view has more.
    pub cut: bool,
}

impl Written {
    /// What to tell the user about a sheet cut at Excel's row limit.
    pub fn cut_note(&self) -> Option<String> {
        self.cut.then(|| {
            format!(
                "the sheet {} holds its first {} rows, Excel's limit; \
                 `apsc export DIR` writes them all as CSV",
                self.name,
                crate::output::grouped(self.rows)
            )
        })
    }
}

/// The sheets an analysis starts from, in this order, before the other reports.
const FIRST: &str = "report_facts report_overview report_partners report_partner_areas \
                     report_roles report_timeline";

/// Tables that serve apsc or the text's provenance, not an analysis: last.
const LAST: &str = "column_notes corrections documents mention_waivers omissions \
                    report_parameters reports seed_files";

/// Every parameter-free report's view and every table, in the order a
/// reader wants them: [`FIRST`], the other reports, the tables, [`LAST`].
fn sheets(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = reports::all().iter().filter_map(|r| r.view()).collect();
    names.extend(catalog::tables(conn).context("listing the tables")?);
    let (first, last): (Vec<&str>, Vec<&str>) =
        (FIRST.split(' ').collect(), LAST.split(' ').collect());
    names.sort_by_key(|name| match first.iter().position(|f| f == name) {
        Some(i) => i,
        None if last.contains(&name.as_str()) => first.len() + 2,
        None => first.len() + usize::from(!name.starts_with("report_")),
    });
    Ok(names)
}

/// Write the workbook to `path` (through [`Target`], so links, FIFOs and
/// `-` work as everywhere else).
/// `progress` counts the sheets. Returns the sheets after the first, About.
pub fn write(conn: &Connection, path: &Path, progress: &Progress) -> anyhow::Result<Vec<Written>> {
    // The sheets are written to temporary files (in `TMPDIR`, else `/tmp`)
    // before they are compressed into one: say plainly, before any work,
    // when none can be made there.
    let temp = tempfile::tempfile().map_err(|e| {
        crate::error::file(format!(
            "cannot make the workbook's temporary files in {}: {e}; set TMPDIR to a folder \
             that exists and has room (a few times the workbook's size)",
            std::env::temp_dir().display()
        ))
    })?;
    let mut workbook = Workbook::new();
    // The first sheet is written last, when the counts are known, and moved first.
    workbook.add_worksheet().set_name("About")?;
    let mut written = Vec::new();
    let sheets = sheets(conn)?;
    progress.set(0, sheets.len() as u64 + 1);
    for name in sheets {
        progress.step(format!("writing the sheet {name}"));
        let worksheet = workbook.add_worksheet_with_constant_memory()?;
        worksheet.set_name(&name)?;
        written.push(
            fill(conn, worksheet, &name).with_context(|| format!("writing the sheet {name}"))?,
        );
        progress.inc(1);
    }
    describe(conn, workbook.worksheet_from_index(0)?, &written)?;
    progress.step(format!("compressing the sheets into {}", path.display()));
    save(&mut workbook, temp, path)?;
    progress.inc(1);
    Ok(written)
}

/// The bold, shaded header row.
fn header() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE7F0))
        .set_align(FormatAlign::Top)
}

/// Save through a temporary file, then copy into the output: the writer
/// needs a `Send` sink, and the output may be a pipe.
fn save(workbook: &mut Workbook, mut temp: std::fs::File, path: &Path) -> anyhow::Result<()> {
    let writing = || format!("writing {}", path.display());
    workbook.save_to_writer(&mut temp).with_context(writing)?;
    let mut target = Target::open(path)?;
    (temp.seek(SeekFrom::Start(0)))
        .and_then(|_| std::io::copy(&mut temp, &mut target))
        .with_context(writing)?;
    target.commit()
}

/// The text a cell shows: NULL empty, a blob as `x'…'` (as in CSV), text
/// cut to what a cell can hold.
fn cell_text(value: ValueRef<'_>) -> String {
    let text = match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!(
            "x'{}'",
            b.iter().map(|b| format!("{b:02x}")).collect::<String>()
        ),
    };
    if text.chars().count() <= MAX_CELL {
        return text;
    }
    let note = "… [cut: longer than a spreadsheet cell holds; see the CSV export]";
    let kept: String = text.chars().take(MAX_CELL - note.chars().count()).collect();
    kept + note
}

/// Widths from the first rows: each column as wide as its header and
/// content, at most [`MAX_WIDTH`]; columns that reach it wrap.
fn plan_widths(conn: &Connection, sql: &str) -> anyhow::Result<Vec<usize>> {
    let mut stmt = conn.prepare(&format!("{sql} LIMIT {SAMPLE}"))?;
    let mut widths: Vec<usize> = stmt.column_names().map(|c| c.chars().count()).collect();
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        for (i, width) in widths.iter_mut().enumerate() {
            let text = cell_text(row.get_ref(i)?);
            let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            *width = (*width).max(longest);
        }
    }
    Ok(widths.into_iter().map(|w| w.clamp(6, MAX_WIDTH)).collect())
}

/// Fill the sheet `name` from the relation of that name: a header whose
/// cells carry the column notes (shown on hover, so the rows below stay data
/// that filters and pivot tables read), shares as percentages, long text
/// wrapped.
fn fill(conn: &Connection, worksheet: &mut Worksheet, name: &str) -> anyhow::Result<Written> {
    let notes = notes(conn, name)?;
    let sql = format!("SELECT * FROM {}", catalog::quoted(name));
    let widths = plan_widths(conn, &sql)?;
    let mut stmt = conn.prepare(&sql)?;
    let names: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
    for (col, (column, width)) in names.iter().zip(&widths).enumerate() {
        let col = col as u16;
        worksheet.set_column_width(col, (*width + 2) as f64)?;
        worksheet.write_string_with_format(0, col, column, &header())?;
        let note = |column: &str| notes[column].as_str();
        // The first header cell also says what a row of the sheet is.
        let sheet_note = note("")
            .filter(|_| col == 0)
            .map(|n| format!("{n}\n\n{column}: "));
        if let Some(text) = note(column).map(|n| sheet_note.unwrap_or_default() + n) {
            let lines = text.chars().count() as u32 / 40 + 2;
            let text = Note::new(text).add_author_prefix(false).set_width(300);
            worksheet.insert_note(0, col, &text.set_height(15 * lines))?;
        }
        // Rows written without a format take their column's.
        let format = if column == "share" {
            Some(Format::new().set_num_format("0.0%"))
        } else {
            (*width >= MAX_WIDTH).then(|| Format::new().set_text_wrap().set_align(FormatAlign::Top))
        };
        if let Some(format) = format {
            worksheet.set_column_format(col, &format)?;
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    let mut rows = stmt.query([])?;
    let (mut r, mut cut) = (0, false);
    while let Some(row) = rows.next()? {
        if r + 1 == MAX_ROWS {
            cut = true;
            break;
        }
        r += 1;
        // A number as a number, anything else as text.
        for (i, col) in (0..names.len()).zip(0..) {
            match row.get_ref(i)? {
                ValueRef::Null => continue,
                ValueRef::Integer(n) if (-EXACT..=EXACT).contains(&n) => {
                    worksheet.write_number(r, col, n as f64)
                }
                ValueRef::Real(x) if x.is_finite() => worksheet.write_number(r, col, x),
                value => worksheet.write_string(r, col, cell_text(value)),
            }?;
        }
    }
    let last_col = names.len().saturating_sub(1) as u16;
    worksheet.autofilter(0, 0, r, last_col)?;
    let (name, rows) = (name.to_string(), u64::from(r));
    Ok(Written { name, rows, cut })
}

/// The first sheet: the source, then every sheet with what it holds, in the
/// words of its notes.
fn describe(conn: &Connection, sheet: &mut Worksheet, written: &[Written]) -> anyhow::Result<()> {
    let version = format!("written by apsc {}", env!("CARGO_PKG_VERSION"));
    sheet.write_row_with_format(0, 0, ["apsc knowledge base", &version], &header())?;
    let mut r = 0;
    for doc in crate::seed::documents(conn).context("reading the documents")? {
        let source = format!("{}, {}, {}", doc.title, doc.publisher, doc.published);
        let digest = format!("{} (SHA-256 of {})", doc.sha256, doc.source_file);
        sheet.write_row(r + 1, 0, ["source", &source])?;
        sheet.write_row(r + 2, 0, ["source text", &digest])?;
        r += 2;
    }
    let hover = "each column's name carries a note that says what it holds: point at it to read it";
    sheet.write_row(r + 1, 0, ["columns", hover])?;
    r += 3;
    sheet.write_row_with_format(r, 0, ["sheet", "holds", "rows"], &header())?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for w in written {
        let notes = notes(conn, &w.name)?;
        let mut holds = notes[""].as_str().unwrap_or_default().to_string();
        if w.cut {
            holds += " (cut at Excel's row limit; see the CSV export)";
        }
        r += 1;
        sheet.write_string(r, 0, &w.name)?;
        sheet.write_string_with_format(r, 1, holds, &wrap)?;
        sheet.write_number(r, 2, w.rows as f64)?;
    }
    for (col, width) in [24, 90, 10].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_cut_at_the_row_limit_says_so_and_where_the_rest_is() {
        let sheet = |cut| Written {
            name: "report_facts".into(),
            rows: u64::from(MAX_ROWS - 1),
            cut,
        };
        assert_eq!(sheet(false).cut_note(), None);
        let note = sheet(true).cut_note().unwrap();
        assert!(
            note.contains("report_facts holds its first 1,048,575 rows"),
            "{note}"
        );
        assert!(note.contains("apsc export DIR"), "{note}");
    }

    #[test]
    fn a_cell_never_holds_more_than_a_spreadsheet_allows() {
        let long = "x".repeat(MAX_CELL + 10);
        let text = cell_text(ValueRef::Text(long.as_bytes()));
        assert_eq!(text.chars().count(), MAX_CELL);
        assert!(text.ends_with("see the CSV export]"));
        assert_eq!(cell_text(ValueRef::Null), "");
        assert_eq!(cell_text(ValueRef::Blob(&[0xab, 0x01])), "x'ab01'");
    }
}
