//! `apsc search`: full-text search over the passages (FTS5, ranked by bm25),
//! with a highlighted snippet and the facts that cite each passage. A query
//! that is a partner's alias searches for every name the text uses for it.

use clap::Args;
use rusqlite::Connection;
use std::path::Path;

use crate::db;
use crate::error;
use crate::output::OutputArgs;
use crate::reports;

const EXAMPLES: &str = "\
Examples:
  apsc search Mekong
  apsc search human smuggling            passages with both words
  apsc search '\"joint operation\"'        a phrase
  apsc search 'extradit*' --limit 3      a prefix
  apsc search ROK                        every name the text uses for the ROK

TERMS use SQLite FTS5 query syntax: AND (the default), OR, NOT, \"phrases\", prefix*.";

/// Search the text of the paper.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SearchArgs {
    /// What to search for (FTS5 query syntax)
    #[arg(value_name = "TERMS", required = true, num_args = 1..)]
    pub terms: Vec<String>,

    /// Show at most this many passages
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: u32,

    #[command(flatten)]
    pub output: OutputArgs,
}

const SEARCH: &str = "
SELECT p.section,
       p.ordinal AS paragraph,
       round(bm25(passages_fts), 3) AS rank,
       snippet(passages_fts, 0, '[', ']', '…', 20) AS snippet,
       (SELECT group_concat(ref, ', ')
          FROM (SELECT f.fact_table || '/' || f.fact_id AS ref FROM facts f
                 WHERE f.passage_id = p.id ORDER BY f.quote_start, f.fact_table, f.fact_id)) AS cited_by
  FROM passages_fts
  JOIN passages p ON p.id = passages_fts.rowid
 WHERE passages_fts MATCH :query
 ORDER BY rank, p.id
 LIMIT :limit";

/// An FTS5 string literal.
fn phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// If the whole query names a partner, the names of it that the text uses,
/// OR-ed; otherwise the query as given.
fn expand(conn: &Connection, query: &str) -> anyhow::Result<String> {
    let Ok(partner) = reports::partner_id(conn, query) else {
        return Ok(query.to_string());
    };
    let mut stmt = conn.prepare(
        "SELECT n FROM (SELECT name AS n FROM partners WHERE id = ?1
                        UNION SELECT alias FROM partner_aliases WHERE partner_id = ?1)
          WHERE EXISTS (SELECT 1 FROM passages WHERE instr(lower(text), lower(n)) > 0)
          ORDER BY length(n), n",
    )?;
    let names: Vec<String> = stmt
        .query_map([&partner], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    if names.is_empty() || (names.len() == 1 && names[0].eq_ignore_ascii_case(query)) {
        return Ok(query.to_string());
    }
    let expanded = names
        .iter()
        .map(|n| phrase(n))
        .collect::<Vec<_>>()
        .join(" OR ");
    eprintln!("apsc: {query:?} names a partner; searching for {expanded}");
    Ok(expanded)
}

pub fn run(db_path: &Path, args: &SearchArgs) -> anyhow::Result<()> {
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    let query = expand(&conn, &args.terms.join(" "))?;
    let mut stmt = conn.prepare(SEARCH)?;
    stmt.raw_bind_parameter(c":query", &query)?;
    stmt.raw_bind_parameter(c":limit", args.limit)?;
    printer.statement(&mut stmt).map_err(|err| {
        // A query FTS5 cannot parse fails as a plain SQL error when it runs.
        let syntax = err
            .downcast_ref::<rusqlite::Error>()
            .filter(|e| e.sqlite_error_code() == Some(rusqlite::ErrorCode::Unknown))
            .map(|e| match e {
                rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
                other => other.to_string(),
            });
        match syntax {
            Some(message) => error::usage(format!(
                "{query:?} is not a valid full-text query ({message}); put words in double quotes to search for them as they are"
            )),
            None => err,
        }
    })?;
    printer.finish()
}
