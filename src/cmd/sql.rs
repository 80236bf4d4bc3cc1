//! `apsc sql`: ad-hoc SQL with bound parameters, read-only unless `--write`,
//! under a time limit, printed in any output format.

use std::io::Read;
use std::path::Path;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::{Batch, Connection};

use crate::db;
use crate::error;
use crate::guard::{Guard, Mode};
use crate::output::{Format, OutputArgs};
use crate::params::Params;

const EXAMPLES: &str = "\
Examples:
  apsc sql \"SELECT name, kind FROM partners ORDER BY name\"
  apsc sql \"SELECT * FROM meetings WHERE area_id = :area\" --param area=cyber-security
  apsc sql --file query.sql --format csv -o out.csv
  echo \"SELECT count(*) FROM facts\" | apsc sql -
  apsc sql --write \"UPDATE partners SET name = 'ROK' WHERE id = 'rok'\"";

/// Run ad-hoc SQL against the database.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SqlArgs {
    /// The SQL to run; `-` reads it from stdin
    #[arg(value_name = "QUERY", required_unless_present = "file")]
    pub query: Option<String>,

    /// Read the SQL from FILE
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with = "query")]
    pub file: Option<PathBuf>,

    /// Bind a parameter (:NAME, @NAME or $NAME in the SQL; ?N by number);
    /// repeatable; the value is bound as text, never spliced into the SQL
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Allow statements that change the database (all run in one transaction)
    #[arg(long)]
    pub write: bool,

    /// Stop a query that runs longer than this many seconds (0: no limit)
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,

    #[command(flatten)]
    pub output: OutputArgs,
}

impl SqlArgs {
    fn sql(&self) -> anyhow::Result<String> {
        let sql = match (&self.query, &self.file) {
            (Some(q), _) if q == "-" => {
                let mut sql = String::new();
                std::io::stdin()
                    .read_to_string(&mut sql)
                    .context("reading SQL from stdin")?;
                sql
            }
            (Some(q), _) => q.clone(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?,
            (None, None) => return Err(error::usage("give the SQL, --file FILE, or - for stdin")),
        };
        if sql.trim().is_empty() {
            return Err(error::usage("the SQL is empty"));
        }
        Ok(sql)
    }

    fn timeout(&self) -> anyhow::Result<Option<Duration>> {
        if !self.timeout.is_finite() || self.timeout < 0.0 {
            return Err(error::usage(
                "--timeout takes a number of seconds, 0 or more",
            ));
        }
        Ok((self.timeout > 0.0).then(|| Duration::from_secs_f64(self.timeout)))
    }
}

pub fn run(db_path: &Path, args: &SqlArgs) -> anyhow::Result<()> {
    let sql = args.sql()?;
    let params = Params::parse(&args.params)?;
    let timeout = args.timeout()?;
    let mut printer = args.output.printer()?;
    let mode = if args.write {
        Mode::Write
    } else {
        Mode::ReadOnly
    };
    let mut conn = match mode {
        Mode::Write => db::open_write(db_path, true)?,
        Mode::ReadOnly => db::open_read(db_path)?,
    };
    let guard = Guard::install(&mut conn, mode, timeout)?;
    if mode == Mode::Write {
        conn.execute_batch("BEGIN IMMEDIATE")?;
    }
    let result = execute(&conn, &guard, &sql, &params, &mut printer, mode);
    if mode == Mode::Write {
        match &result {
            Ok(_) => conn.execute_batch("COMMIT").context("committing")?,
            Err(_) => {
                let _ = conn.execute_batch("ROLLBACK");
            }
        }
    }
    let changed = result?;
    printer.finish()?;
    if mode == Mode::Write {
        eprintln!(
            "apsc: {changed} row{} changed",
            if changed == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// Prepare every statement (in read-only mode all of them before any runs, so
/// that a write smuggled after a SELECT is refused before the SELECT runs),
/// then run them in order. Returns the number of rows changed.
fn execute(
    conn: &Connection,
    guard: &Guard,
    sql: &str,
    params: &Params,
    printer: &mut crate::output::Printer,
    mode: Mode,
) -> anyhow::Result<u64> {
    let mut batch = Batch::new(conn, sql);
    let mut statements = Vec::new();
    loop {
        match batch.next() {
            Ok(Some(stmt)) => {
                guard.check_statement(&stmt, stmt.expanded_sql().as_deref().unwrap_or(sql))?;
                if mode == Mode::Write {
                    // Later statements may depend on what earlier ones create.
                    statements.push(stmt);
                    break;
                }
                statements.push(stmt);
            }
            Ok(None) => break,
            Err(err) => return Err(guard.explain(err)),
        }
    }
    let result_sets = statements.iter().filter(|s| s.column_count() > 0).count();
    if result_sets > 1 && printer.format() != Format::Table {
        return Err(error::usage(format!(
            "the SQL has {result_sets} statements that return rows; {:?} output takes one",
            printer.format()
        )));
    }
    let mut used = std::collections::BTreeSet::new();
    let mut changed = 0u64;
    let mut pending = statements.into_iter();
    loop {
        let mut stmt = match pending.next() {
            Some(stmt) => stmt,
            None if mode == Mode::Write => match batch.next() {
                Ok(Some(stmt)) => stmt,
                Ok(None) => break,
                Err(err) => return Err(guard.explain(err)),
            },
            None => break,
        };
        used.extend(params.bind(&mut stmt)?);
        if stmt.column_count() > 0 {
            printer
                .statement(&mut stmt)
                .map_err(|e| explain_any(guard, e))?;
        } else {
            changed += stmt.raw_execute().map_err(|e| guard.explain(e))? as u64;
        }
    }
    params.check_all_used(&used)?;
    Ok(changed)
}

/// Route a rusqlite error inside an anyhow error through the guard's explanation.
fn explain_any(guard: &Guard, err: anyhow::Error) -> anyhow::Error {
    match err.downcast::<rusqlite::Error>() {
        Ok(err) => guard.explain(err),
        Err(err) => err,
    }
}
