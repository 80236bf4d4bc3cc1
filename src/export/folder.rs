//! `apsc export DIR`: every table and every parameter-free report as a CSV
//! file, a README that says what each holds and where it came from, and a
//! Frictionless `datapackage.json` that describes them.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;

use super::datapackage::{self, EXCEL_NOTE, Exported};
use crate::db::catalog;
use crate::error;
use crate::output::{CellArgs, Format, Printer, Target, write_file};
use crate::progress::Progress;
use crate::reports;

/// Whether apsc exported to `dir` before: its `datapackage.json` is apsc's.
fn exported_before(dir: &Path) -> bool {
    let package = std::fs::read(dir.join("datapackage.json")).unwrap_or_default();
    serde_json::from_slice::<serde_json::Value>(&package)
        .is_ok_and(|p| p["name"] == "apsc" && p["profile"] == "tabular-data-package")
}

/// Refuse a folder that holds files apsc did not write: an export goes into
/// a new or empty folder, or one it exported to before, and never replaces
/// a file of the user's.
fn check_folder(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(error::usage(format!(
            "{} is a file, not a folder: give a folder to export into (it is created if missing)",
            dir.display()
        )));
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        // Missing, it is created; unreadable, creating a file in it says why.
        return Ok(());
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() || exported_before(dir) {
        return Ok(());
    }
    names.sort();
    let more = (names.len() > 3).then(|| format!(" and {} more", names.len() - 3));
    Err(error::usage(format!(
        "{} already holds files apsc did not write ({}{}); apsc exports only into a new or \
         empty folder, or one it exported to before: choose another folder",
        dir.display(),
        names[..names.len().min(3)].join(", "),
        more.unwrap_or_default()
    )))
}

/// Export `relation` (a table, or a view) to `path` as CSV; returns how
/// many rows it wrote.
fn export_one(
    conn: &Connection,
    path: &Path,
    cells: &CellArgs,
    relation: &str,
) -> anyhow::Result<u64> {
    let context = || format!("exporting {}", path.display());
    let mut printer = Printer::new(Format::Csv, cells.clone(), Target::open(path)?);
    let sql = format!("SELECT * FROM {}", catalog::quoted(relation));
    let mut stmt = conn.prepare(&sql).with_context(context)?;
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let mut rows = stmt.raw_query();
    let written = printer
        .print(&names, |sink| {
            let mut n = 0;
            while let Some(row) = rows.next()? {
                let cells: Vec<_> = (0..names.len()).map(|i| row.get_ref_unwrap(i)).collect();
                sink.row(&cells)?;
                n += 1;
            }
            Ok(n)
        })
        .with_context(context)?;
    printer.finish()?;
    Ok(written)
}

/// The tidy table with a citation per row, as `apsc cite` writes it plainly:
/// a temporary view, so a read-only file serves it too. The citation is a
/// subquery, not a join: SQLite drops the order of a view it joins, and the
/// rows keep the order `facts_long` gives them.
const CITED: &str = "
CREATE TEMP VIEW facts_cited AS
SELECT fl.fact_type || 's/' || fl.fact_id AS fact, fl.*,
       (SELECT c.reference FROM citations c
         WHERE c.fact_table = fl.fact_type || 's' AND c.fact_id = fl.fact_id) AS citation
  FROM facts_long fl";

/// What to export, each with what it holds: every table, the engagements
/// through memberships, then every report that needs no parameter; and the
/// reports left out, which need one.
type Relations = (Vec<(String, String)>, Vec<&'static str>);
fn relations(conn: &Connection) -> anyhow::Result<Relations> {
    let tables = catalog::tables(conn).context("listing the tables")?;
    let described = |table: String| (format!("the table `{table}`"), table);
    let mut relations: Vec<(String, String)> = tables.into_iter().map(described).collect();
    relations.push(("the view `fact_members`".into(), "fact_members".into()));
    let mut skipped = Vec::new();
    for report in reports::all() {
        match report.view() {
            Some(view) => {
                relations.push((format!("report `{}`: {}", report.name, report.title), view))
            }
            None => skipped.push(report.name),
        }
    }
    Ok((relations, skipped))
}

/// Write every file into `dir` (created if missing); returns what was
/// written. `progress` counts the files.
pub fn write(
    conn: &Connection,
    dir: &Path,
    cells: &CellArgs,
    citations: bool,
    progress: &Progress,
) -> anyhow::Result<Vec<Exported>> {
    check_folder(dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if citations {
        conn.execute_batch(crate::citation::VIEW)
            .and_then(|()| conn.execute_batch(CITED))
            .context("adding the citation column")?;
    }
    let (relations, skipped) = relations(conn)?;
    // Every table and view, then CODEBOOK.md, README.md and datapackage.json.
    progress.set(0, relations.len() as u64 + 3);
    let mut exported = Vec::new();
    for (holds, relation) in relations {
        let file = format!("{relation}.csv");
        progress.step(format!("exporting {file}"));
        let source = match relation.as_str() {
            "report_facts" if citations => "facts_cited".to_string(),
            _ => relation,
        };
        let rows = export_one(conn, &dir.join(&file), cells, &source)?;
        exported.push(Exported {
            file,
            rows,
            holds,
            source,
        });
        progress.inc(1);
    }
    // The codebook counts the rows of every table and view: those just
    // written are not counted again.
    let counted: HashMap<String, u64> = (exported.iter())
        .map(|e| (e.source.clone(), e.rows))
        .collect();
    let codebook =
        crate::codebook::build(conn, &counted).context("reading the database for the codebook")?;
    // Without a header an empty table is an empty file, which the Frictionless
    // tools refuse as a resource ("the source is empty"): the package leaves
    // it out, and the README still lists it with its 0 rows.
    let described: Vec<&Exported> = (exported.iter())
        .filter(|e| e.rows > 0 || !cells.no_header)
        .collect();
    let files = [
        ("CODEBOOK.md", codebook.into_bytes()),
        (
            "README.md",
            readme(conn, &exported, &skipped, cells, citations)?.into_bytes(),
        ),
        (
            "datapackage.json",
            datapackage::build(conn, &described, cells)?,
        ),
    ];
    for (file, bytes) in files {
        progress.step(format!("writing {file}"));
        write_file(&dir.join(file), &bytes)?;
        progress.inc(1);
    }
    Ok(exported)
}

/// README.md: where the files come from, how they are written, and what
/// each holds.
fn readme(
    conn: &Connection,
    exported: &[Exported],
    skipped: &[&str],
    cells: &CellArgs,
    citations: bool,
) -> anyhow::Result<String> {
    let version = env!("CARGO_PKG_VERSION");
    let mut text =
        format!("# apsc export\n\nExported by apsc {version} from its knowledge base of:\n\n");
    for doc in crate::seed::documents(conn).context("reading the documents")? {
        writeln!(
            text,
            "- *{}*, {}, {} (source file `{}`, SHA-256 `{}`)",
            doc.title, doc.publisher, doc.published, doc.source_file, doc.sha256
        )?;
    }
    let cited = " `report_facts.csv` ends in a `citation` column: each row's source cited as \
                 `apsc cite` cites it (publisher, title, date, section, area, paragraph, \
                 sentence, address).";
    let bom = (cells.bom || cells.excel).then_some(" behind a byte-order mark");
    let header = ["a header row", "no header row"][usize::from(cells.no_header)];
    let excel = (cells.excel).then(|| format!("; written for Excel, {EXCEL_NOTE}"));
    writeln!(
        text,
        "\nEvery fact row carries `quote`, the verbatim sentence it comes from, and the \
         passage it stands in.{} CSV files follow RFC 4180 (UTF-8{}, CRLF line ends, {header}){}; \
         an empty cell is NULL. `seed_files.csv` names the seed \
         files the data was loaded from, with their SHA-256. `datapackage.json` describes every \
         file, its columns, types and keys (Frictionless Data Package); `CODEBOOK.md` says what \
         each table, view and column holds.\n\n| file | rows | holds |\n| --- | ---: | --- |",
        if citations { cited } else { "" },
        bom.unwrap_or_default(),
        excel.unwrap_or_default()
    )?;
    for e in exported {
        writeln!(text, "| {} | {} | {} |", e.file, e.rows, e.holds)?;
    }
    if !skipped.is_empty() {
        let skipped = skipped.join(", ");
        writeln!(
            text,
            "\nNot exported, because they need a parameter: {skipped} (run `apsc report NAME --param ...`)."
        )?;
    }
    Ok(text)
}
