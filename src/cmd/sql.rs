//! `apsc sql`: ad-hoc SQL with bound parameters, read-only unless `--write`,
//! under a time limit, printed in any output format.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::{Batch, Connection, Statement};

use crate::db;
use crate::error::{self, Error};
use crate::guard::{self, Guard};
use crate::output::{Format, OutputArgs, Printer};
use crate::params::{self, Params};

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
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    /// Read the SQL from FILE (`-`: from stdin)
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with = "query")]
    pub file: Option<PathBuf>,

    /// Bind a parameter (:NAME, @NAME or $NAME in the SQL; ?N by number);
    /// repeatable; never spliced into the SQL. A plain number (5, -2, 0.25,
    /// 1e3) is bound as a number, anything else as text; quote it to bind a
    /// number as text: --param "id='007'"
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = params::parse_pair)]
    pub params: Vec<(String, String)>,

    /// Allow statements that change the database (all run in one transaction;
    /// VACUUM only alone, outside it)
    #[arg(long)]
    pub write: bool,

    /// Stop a query that runs longer than this many seconds (0: no limit)
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    #[arg(allow_negative_numbers = true)]
    pub timeout: f64,

    #[command(flatten)]
    pub output: OutputArgs,
}

impl SqlArgs {
    fn sql(&self) -> anyhow::Result<String> {
        let stdin = || std::io::read_to_string(std::io::stdin()).context("reading SQL from stdin");
        let sql = match (&self.query, &self.file) {
            (Some(q), _) if q == "-" => stdin()?,
            (None, Some(path)) if path.as_os_str() == "-" => stdin()?,
            (Some(q), _) => q.clone(),
            (None, Some(path)) => std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?,
            (None, None) => {
                return Err(error::usage(
                    "no SQL given: pass it as QUERY, --file FILE, or - to read it from stdin \
                     (apsc sql - < query.sql)",
                ));
            }
        };
        if sql.trim().is_empty() {
            return Err(error::usage("the SQL is empty"));
        }
        Ok(sql)
    }

    fn timeout(&self) -> anyhow::Result<Option<Duration>> {
        let why = match Duration::try_from_secs_f64(self.timeout) {
            _ if self.timeout == 0.0 => return Ok(None),
            Ok(limit) => return Ok(Some(limit)),
            Err(_) if self.timeout > 0.0 => "is too large to count; 0 means no limit",
            Err(_) => "takes a number of seconds, 0 or more",
        };
        Err(error::usage(format!("--timeout {why}")))
    }
}

pub fn run(db_path: &Path, args: &SqlArgs) -> anyhow::Result<()> {
    let sql = args.sql()?;
    let params = Params::new(&args.params)?;
    let timeout = args.timeout()?;
    let mut printer = args.output.printer()?;
    let mut conn = match args.write {
        true => db::open_write(db_path, true)?,
        false => db::open_read(db_path)?,
    };
    let guard = Guard::install(&mut conn, args.write, timeout)?;
    // Each write's wait goes to the guard's clock (a slow reader's time is
    // not the query's); that a write happened at all says whether anything
    // reached the output before an error.
    let count_wait = guard.wait_counter();
    let wrote = Arc::new(AtomicBool::new(false));
    let written = Arc::clone(&wrote);
    printer.set_write_timer(move |took| {
        written.store(true, Ordering::Relaxed);
        count_wait(took);
    });
    let whole_file = printer.whole_file().map(str::to_string);
    let mut run = Run {
        conn: &conn,
        guard: &guard,
        params: &params,
        printer: &mut printer,
    };
    let changed = match run.execute(&sql).map_err(|e| db::in_user_terms(e, db_path)) {
        // Rows had come: a file written whole or not at all is not written;
        // what reached stdout (or a FIFO) cannot be taken back, and is not all.
        Err(err) if wrote.load(Ordering::Relaxed) => {
            return Err(match whole_file {
                Some(name) => err.context(format!("nothing written to {name}")),
                None => err.context("the output is cut short"),
            });
        }
        result => result?,
    };
    printer.finish()?;
    if args.write {
        let s = if changed == 1 { "" } else { "s" };
        eprintln!("apsc: {changed} row{s} changed");
    }
    Ok(())
}

/// One run of ad-hoc SQL under the guard.
struct Run<'a> {
    conn: &'a Connection,
    guard: &'a Guard,
    params: &'a Params,
    printer: &'a mut Printer,
}

impl Run<'_> {
    /// Check the statements, then run them; with `--write` in one
    /// transaction (VACUUM, which cannot run in one, only alone). Returns the
    /// number of rows changed.
    fn execute(&mut self, sql: &str) -> anyhow::Result<u64> {
        let (alone, vacuum) = self.check(sql)?;
        if vacuum {
            self.guard.allow_vacuum(self.conn)?;
        }
        if !self.guard.write || vacuum {
            return self.run_all(sql, alone);
        }
        self.transaction("BEGIN IMMEDIATE")?;
        let result = self.run_all(sql, alone);
        if result.is_ok() {
            self.transaction("COMMIT")
                .context("committing the changes")?;
        } else {
            let _ = self.transaction("ROLLBACK");
        }
        result
    }

    fn transaction(&self, sql: &str) -> anyhow::Result<()> {
        self.guard
            .own_transaction(self.conn, sql)
            .map_err(guard::sql_error)
    }

    /// Prepare every statement before any runs, so that a write after a
    /// SELECT is refused before the SELECT runs, and check them whole. A
    /// statement may need what an earlier one creates (a table): preparing
    /// stops at the first that fails for a reason other than a refusal, and
    /// the rest are checked as the run reaches them. Returns whether the SQL
    /// is one statement, checked whole, and whether that is a VACUUM.
    fn check(&self, sql: &str) -> anyhow::Result<(bool, bool)> {
        let mut statements = Vec::new();
        let mut batch = Batch::new(self.conn, sql);
        let refused = |err: &anyhow::Error| error::is_kind(err, |e| matches!(e, Error::Usage(_)));
        let complete = loop {
            match batch.next().map_err(|e| self.guard.explain(e)) {
                Ok(Some(stmt)) => statements.push(stmt),
                Ok(None) => break true,
                Err(err) if refused(&err) => return Err(err),
                Err(_) => break false,
            }
        };
        if complete && statements.is_empty() {
            let message = "the SQL has no statement, only comments, semicolons or spaces";
            return Err(error::usage(message));
        }
        let alone = complete && statements.len() == 1;
        for stmt in &statements {
            self.judge(stmt, alone)?;
        }
        if complete {
            self.params.check(&statements, true)?;
        }
        let result_sets = statements.iter().filter(|s| s.column_count() > 0).count();
        let format = self.printer.format();
        if result_sets > 1 && format != Format::Table {
            let format = format!("{format:?}").to_lowercase();
            return Err(error::usage(format!(
                "the SQL has {result_sets} statements that return rows, and {format} output \
                 holds one result; run them one at a time, or use --format table",
            )));
        }
        let first = statements.first().and_then(Statement::expanded_sql);
        let vacuum = alone && guard::vacuum(&first.unwrap_or_default()).is_some();
        Ok((alone, vacuum))
    }

    /// Refuse what the authorizer cannot see (VACUUM in the wrong place).
    fn judge(&self, stmt: &Statement<'_>, alone: bool) -> anyhow::Result<()> {
        let sql = stmt.expanded_sql().unwrap_or_default();
        let refusal = guard::vacuum_refusal(&sql, self.guard.write, alone);
        refusal.map_or(Ok(()), |refusal| Err(error::usage(refusal)))
    }

    /// Run the statements one by one: print each one's rows, or count its
    /// changes. Each is checked again as it comes, since the SQL may not have
    /// been checked whole (a statement needing an earlier one's table).
    fn run_all(&mut self, sql: &str, alone: bool) -> anyhow::Result<u64> {
        let (mut changed, mut done) = (0, Vec::new());
        let mut batch = Batch::new(self.conn, sql);
        while let Some(mut stmt) = batch.next().map_err(|e| self.guard.explain(e))? {
            self.judge(&stmt, alone)?;
            self.params.check(std::slice::from_ref(&stmt), false)?;
            self.params.bind(&mut stmt)?;
            if stmt.column_count() == 0 {
                changed += stmt.raw_execute().map_err(|e| self.guard.explain(e))? as u64;
            } else {
                let explain = |err: anyhow::Error| match err.downcast::<rusqlite::Error>() {
                    Ok(err) => self.guard.explain(err),
                    Err(err) => err,
                };
                self.printer.statement(&mut stmt).map_err(explain)?;
            }
            done.push(stmt);
        }
        self.params.check(&done, true)?;
        Ok(changed)
    }
}
