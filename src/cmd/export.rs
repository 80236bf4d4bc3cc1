//! `apsc export DIR`: every table and every report as a CSV file, with a
//! README that says what each file holds and where it came from.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use rusqlite::Connection;

use crate::db;
use crate::error;
use crate::output::{CellArgs, Format, OutputArgs, PendingFile};
use crate::reports;

const EXAMPLES: &str = "\
Examples:
  apsc export out/
  apsc export out/ --excel        for Excel: byte-order mark, formulas neutralised

Each file is written whole or not at all; files already in DIR with other
names are left alone.";

/// Export every table and report as CSV.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ExportArgs {
    /// The directory to write into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    #[command(flatten)]
    pub cells: CellArgs,
}

/// One exported file, for the README.
struct Exported {
    file: String,
    rows: u64,
    holds: String,
}

fn export_one(
    conn: &Connection,
    path: PathBuf,
    cells: &CellArgs,
    sql: &str,
) -> anyhow::Result<u64> {
    let output = OutputArgs {
        format: Some(Format::Csv),
        output: Some(path.clone()),
        cells: cells.clone(),
    };
    let mut printer = output.printer()?;
    let mut stmt = conn.prepare(sql)?;
    let rows = printer
        .statement(&mut stmt)
        .with_context(|| format!("exporting {}", path.display()))?;
    printer.finish()?;
    Ok(rows)
}

/// The tables worth exporting: not SQLite's, the full-text index's or the
/// migration history's.
fn tables(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master
          WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND name NOT LIKE 'passages\\_fts%' ESCAPE '\\' AND name <> 'refinery_schema_history'
          ORDER BY name",
    )?;
    let names = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(names)
}

pub fn run(db_path: &Path, args: &ExportArgs) -> anyhow::Result<()> {
    if args.dir.exists() && !args.dir.is_dir() {
        return Err(error::usage(format!(
            "{} is a file, not a folder: give a folder to export into (it is created if missing)",
            args.dir.display()
        )));
    }
    let conn = db::open_read(db_path)?;
    fs::create_dir_all(&args.dir).with_context(|| format!("creating {}", args.dir.display()))?;
    let mut exported = Vec::new();
    for table in tables(&conn)? {
        let file = format!("{table}.csv");
        let rows = export_one(
            &conn,
            args.dir.join(&file),
            &args.cells,
            &format!("SELECT * FROM \"{table}\""),
        )?;
        exported.push(Exported {
            file,
            rows,
            holds: format!("the table `{table}`"),
        });
    }
    let mut skipped = Vec::new();
    for report in reports::all() {
        let Some(view) = report.view() else {
            skipped.push(report.name);
            continue;
        };
        let file = format!("{view}.csv");
        let rows = export_one(&conn, args.dir.join(&file), &args.cells, &report.view_sql())?;
        exported.push(Exported {
            file,
            rows,
            holds: format!("report `{}`: {}", report.name, report.title),
        });
    }
    write_readme(&conn, &args.dir, &exported, &skipped)?;
    println!(
        "exported {} files and README.md to {}",
        exported.len(),
        args.dir.display()
    );
    Ok(())
}

fn write_readme(
    conn: &Connection,
    dir: &Path,
    exported: &[Exported],
    skipped: &[&str],
) -> anyhow::Result<()> {
    let mut text = String::from("# apsc export\n\n");
    let mut stmt = conn.prepare(
        "SELECT title, publisher, published, source_file, source_sha256 FROM documents ORDER BY id",
    )?;
    let docs: Vec<(String, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    writeln!(
        text,
        "Exported by apsc {} from its knowledge base of:\n",
        env!("CARGO_PKG_VERSION")
    )?;
    for (title, publisher, published, file, sha) in docs {
        writeln!(
            text,
            "- *{title}*, {publisher}, {published} (source file `{file}`, SHA-256 `{sha}`)"
        )?;
    }
    text.push_str(
        "\nEvery fact row carries `quote`, the verbatim sentence it comes from, and the \
         passage it stands in. CSV files follow RFC 4180 (UTF-8, CRLF line ends, a header row); \
         an empty cell is NULL. `seed_files.csv` names the seed files the data was loaded from, \
         with their SHA-256.\n\n| file | rows | holds |\n| --- | ---: | --- |\n",
    );
    for e in exported {
        writeln!(text, "| {} | {} | {} |", e.file, e.rows, e.holds)?;
    }
    if !skipped.is_empty() {
        writeln!(
            text,
            "\nNot exported, because they need a parameter: {} (run `apsc report NAME --param ...`).",
            skipped.join(", ")
        )?;
    }
    let path = dir.join("README.md");
    let mut file = PendingFile::create(&path)?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    file.commit()
}
