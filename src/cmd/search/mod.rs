//! `apsc search`: full-text search over the passages (FTS5, ranked by bm25),
//! with a highlighted snippet and the facts that cite each passage. The words
//! typed are searched as whole words; FTS5 syntax only with `--fts`. A word
//! that names a partner also finds every other name the text uses for it.
//! When nothing matches, a word the text never uses gets a "did you mean",
//! as names do elsewhere in apsc: a misspelling ("terorism"), or a word the
//! text writes as two ("cybersecurity" for "cyber security").

mod terms;

use clap::Args;
use rusqlite::Connection;
use std::path::Path;

use crate::db;
use crate::error;
use crate::lookup;
use crate::output::OutputArgs;

use terms::Piece;

const EXAMPLES: &str = "\
Examples:
  apsc search Mekong
  apsc search human smuggling                 passages with both words
  apsc search '\"joint operation\"'             a phrase: double quotes, inside the shell's quotes
  apsc search cyber --not BRICS               passages with cyber but not BRICS
  apsc search 'cyber -BRICS'                  the same: -WORD, quoted so that it is not an option
  apsc search counter-terrorism --area VI.2   only in one area (id, section or name)
  apsc search ROK                             every name the text uses for the ROK
  apsc search --fts 'extradit* OR smuggl*' --limit 0

TERMS are words, matched whole and regardless of case or accents: US finds
\"US\" and \"us\", not \"use\". Punctuation is part of what is searched, never
syntax: China's, counter-terrorism, and AND, OR, NOT are words like any other.
A hyphenated word also finds it written as one (non-proliferation finds
nonproliferation). A word or phrase that names a partner also finds the other
names the text uses for it. Curly quotes (“a phrase”, ‘a phrase’) group a
phrase as straight ones do. When nothing matches, a word the text never uses
gets the nearest words of the text.

With --fts, TERMS are one SQLite FTS5 query, run as typed (no partner names
added): words (AND is implied), OR, NOT between two terms, \"phrases\",
prefix*, NEAR(a b, 5) and parentheses.";

/// Search the text of the paper.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct SearchArgs {
    /// Words to find; "a phrase" in double quotes; -WORD in a quoted query leaves WORD out
    #[arg(value_name = "TERMS", required = true, num_args = 1..)]
    pub terms: Vec<String>,

    /// Leave out passages that hold this word or phrase (repeatable)
    #[arg(long = "not", value_name = "WORD")]
    pub not: Vec<String>,

    /// Read TERMS as an SQLite FTS5 query (OR, NOT, NEAR, prefix*) instead of as words
    #[arg(long)]
    pub fts: bool,

    /// Only passages of this area: its id, section or name (`apsc report overview` lists them)
    #[arg(long, value_name = "AREA")]
    pub area: Option<String>,

    /// Show at most N passages, best first; 0 shows all (how many more there are goes to stderr)
    #[arg(long, value_name = "N", default_value_t = 10, allow_negative_numbers = true,
          value_parser = |n: &str| n.parse::<u64>().map_err(|_| "give how many to show, 0 for all"))]
    pub limit: u64,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// The passages a query matches, in the one area if `:area` is not NULL.
const MATCHING: &str = "
  FROM passages_fts
  JOIN passages p ON p.id = passages_fts.rowid
 WHERE passages_fts MATCH :query
   AND (:area IS NULL OR p.section = (SELECT section FROM areas WHERE id = :area))";

/// One row per passage: where it is, how well it matches, the hit in its
/// context, and the facts that cite it.
const COLUMNS: &str = "
SELECT p.section,
       p.ordinal AS paragraph,
       round(bm25(passages_fts), 3) + 0.0 AS rank,
       snippet(passages_fts, 0, '[', ']', '…', 20) AS snippet,
       (SELECT group_concat(ref, ', ')
          FROM (SELECT f.fact_table || '/' || f.fact_id AS ref FROM facts f
                 WHERE f.passage_id = p.id ORDER BY f.quote_start, f.fact_table, f.fact_id)) AS cited_by";

/// The names of the partner that `name` (a partner's name or alias, any
/// case) denotes, as the passages write them, shortest first. Not ids or ISO
/// codes: "can" is a word, not Canada.
const PARTNER_NAMES: &str = "
WITH partner AS (SELECT partner_id AS id FROM partner_aliases WHERE alias = :name
                 UNION SELECT id FROM partners WHERE name = :name COLLATE NOCASE
                 LIMIT 1)
SELECT n FROM (SELECT name AS n FROM partners WHERE id IN partner
               UNION SELECT alias FROM partner_aliases WHERE partner_id IN partner)
 WHERE EXISTS (SELECT 1 FROM passages WHERE instr(lower(text), lower(n)) > 0)
 ORDER BY length(n), n";

pub fn run(db_path: &Path, args: &SearchArgs) -> anyhow::Result<()> {
    let typed = args.terms.join(" ");
    // The query is checked before the database is opened (or created).
    let asked = Asked::read(args, &typed)?;
    let conn = db::open_read(db_path)?;
    let query = asked.fts5(&conn)?;
    let area = args.area.as_ref().map(|name| lookup::area_id(&conn, name));
    let area = area.transpose()?;
    // Counting first also finds a query FTS5 cannot read before anything is printed.
    let count = format!("SELECT count(*) {MATCHING}");
    let bound = rusqlite::named_params! {":query": query, ":area": area};
    let total = conn.query_row(&count, bound, |row| row.get(0));
    let total: i64 = total.map_err(|err| not_understood(err, &typed, args.fts))?;
    let mut printer = args.output.printer()?;
    let sql = format!("{COLUMNS} {MATCHING} ORDER BY rank, p.id LIMIT :limit");
    let mut stmt = conn.prepare(&sql)?;
    stmt.raw_bind_parameter(c":query", &query)?;
    stmt.raw_bind_parameter(c":area", &area)?;
    // SQLite reads a negative LIMIT (here for 0) as none.
    let limit = i64::try_from(args.limit)
        .ok()
        .filter(|&n| n > 0)
        .unwrap_or(-1);
    stmt.raw_bind_parameter(c":limit", limit)?;
    let shown = printer.statement(&mut stmt)?;
    printer.finish()?;
    if total == 0 {
        let unknown = unknown_words(&conn, &asked.find)?;
        eprintln!("apsc: no passage matches{unknown}");
    } else if let Some(more) = total.checked_sub(shown as i64).filter(|&m| m > 0) {
        eprintln!(
            "apsc: {shown} of {total} passages shown, {more} more past --limit; --limit 0 shows all"
        );
    }
    Ok(())
}

/// What was asked for: words to `find`, words whose passages are left out
/// (`not`: `--not` and `-WORD`), or, with `--fts`, an FTS5 query as typed
/// (and only words to leave out).
struct Asked {
    fts: Option<String>,
    find: Vec<Piece>,
    not: Vec<Piece>,
}

impl Asked {
    /// Read the terms and `--not`; a query with nothing to search for is a
    /// usage error.
    fn read(args: &SearchArgs, typed: &str) -> anyhow::Result<Asked> {
        let (fts, mut pieces) = match args.fts {
            true if typed.trim().is_empty() => {
                return Err(error::usage("nothing to search for: the query is empty"));
            }
            true => (Some(typed.to_string()), Vec::new()),
            false => (None, terms::pieces(typed)),
        };
        pieces.extend(args.not.iter().filter_map(|w| Piece::left_out(w)));
        if fts.is_none() && pieces.is_empty() {
            return Err(error::usage(format!(
                "nothing to search for in {typed:?}: give a word (punctuation alone is not searched)"
            )));
        }
        if fts.is_none() && pieces.iter().all(|p| p.excluded) {
            return Err(error::usage(format!(
                "{typed:?} only leaves words out; give a word to search for as well (cyber --not BRICS)"
            )));
        }
        if let Some(syntax) = pieces.iter().find(|p| p.looks_like_syntax()) {
            eprintln!(
                "apsc: searching for {:?} as a word; --not WORD leaves a word out, and --fts reads \
                 FTS5 syntax (AND, OR, NOT, prefix*, NEAR)",
                syntax.text
            );
        }
        let (not, find) = pieces.into_iter().partition(|p| p.excluded);
        Ok(Asked { fts, find, not })
    }

    /// The FTS5 query: as typed with `--fts`, else one that finds exactly
    /// the words, each in every way the text writes it.
    fn fts5(&self, conn: &Connection) -> anyhow::Result<String> {
        let (included, excluded) = (&self.find, &self.not);
        if let Some(typed) = &self.fts {
            let left_out: Vec<String> = excluded.iter().map(|p| terms::quote(&p.text)).collect();
            return Ok(match left_out.is_empty() {
                true => typed.clone(),
                false => terms::query(&[format!("({typed})")], &left_out),
            });
        }
        // "Republic of Korea" typed without quotes still names a partner.
        let texts: Vec<&str> = included.iter().map(|p| p.text.as_str()).collect();
        let whole = match texts.len() {
            1 => None,
            _ => partner_names(conn, &texts.join(" "), "searching for")?,
        };
        let included = match whole {
            Some(names) => vec![terms::any_of(&names)],
            None => groups(conn, included, "searching for")?,
        };
        let excluded = groups(conn, excluded, "leaving out")?;
        Ok(terms::query(&included, &excluded))
    }
}

/// Each piece as the FTS5 group of the ways the text may write it.
fn groups(conn: &Connection, pieces: &[Piece], doing: &str) -> anyhow::Result<Vec<String>> {
    let group = |piece: &Piece| {
        let names = partner_names(conn, &piece.text, doing)?;
        let forms = names.unwrap_or_else(|| terms::forms(&piece.text));
        Ok(terms::any_of(&forms))
    };
    pieces.iter().map(group).collect()
}

/// If `name` names a partner, every name the passages use for it (saying so
/// on stderr), unless that is only `name` itself.
fn partner_names(
    conn: &Connection,
    name: &str,
    doing: &str,
) -> anyhow::Result<Option<Vec<String>>> {
    let mut stmt = conn.prepare_cached(PARTNER_NAMES)?;
    let names = stmt.query_map(rusqlite::named_params! {":name": name}, |row| row.get(0))?;
    let names: Vec<String> = names.collect::<Result<_, _>>()?;
    if names.is_empty() || (names.len() == 1 && names[0].eq_ignore_ascii_case(name)) {
        return Ok(None);
    }
    let any: Vec<String> = names.iter().map(|n| terms::quote(n)).collect();
    let any = any.join(" OR ");
    eprintln!("apsc: {name:?} names a partner; {doing} {any}");
    Ok(Some(names))
}

/// A query that FTS5 cannot read fails as a plain SQL error when it runs:
/// with `--fts`, say what to write instead.
fn not_understood(err: rusqlite::Error, typed: &str, fts: bool) -> anyhow::Error {
    match &err {
        rusqlite::Error::SqliteFailure(e, Some(message))
            if fts && e.code == rusqlite::ErrorCode::Unknown =>
        {
            error::usage(format!(
                "{typed:?} is not a valid FTS5 query ({message}): OR and NOT go between two \
                 terms (Mekong NOT piracy), and a word with punctuation goes in double quotes \
                 ('\"counter-terrorism\"'); without --fts the words are searched as typed"
            ))
        }
        _ => anyhow::Error::new(err).context(format!("searching for {typed:?}")),
    }
}

/// The words the full-text index holds (lower case, accents removed),
/// sorted. A temporary table, so a read-only database can have it.
const VOCABULARY: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_words USING fts5vocab(main, passages_fts, row)";

/// `; "w" is not in the text; did you mean "x"?` for each word of the
/// searched pieces that no passage holds; empty when the text has them all.
pub fn unknown_words(conn: &Connection, pieces: &[Piece]) -> anyhow::Result<String> {
    let mut unknown: Vec<&str> = Vec::new();
    // The words as the index splits them: runs of letters and digits.
    let words = pieces.iter().filter(|p| !p.excluded).flat_map(|p| {
        p.text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    });
    for word in words {
        if !unknown.contains(&word) && !in_text(conn, word)? {
            unknown.push(word);
        }
    }
    if unknown.is_empty() {
        return Ok(String::new());
    }
    conn.execute(VOCABULARY, [])?;
    let mut stmt = conn.prepare("SELECT term FROM temp.passage_words ORDER BY term")?;
    let terms = stmt.query_map([], |row| row.get(0))?;
    let vocabulary: Vec<String> = terms.collect::<Result<_, _>>()?;
    let mut said = String::new();
    for word in unknown {
        let two = in_two(conn, &word.to_lowercase(), &vocabulary)?;
        let near = lookup::nearest(word, vocabulary.iter().map(String::as_str));
        let options: Vec<&str> = two.iter().map(String::as_str).chain(near).take(3).collect();
        let near = lookup::did_you_mean(&options);
        said += &format!("; {word:?} is not in the text{near}");
    }
    Ok(said)
}

/// Whether some passage holds the word or phrase.
fn in_text(conn: &Connection, text: &str) -> anyhow::Result<bool> {
    let sql = "SELECT EXISTS (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ?1)";
    Ok(conn.query_row(sql, [terms::quote(text)], |row| row.get(0))?)
}

/// The word split into two words of the text that the text writes one after
/// the other: "cybersecurity" as "cyber security". `word` is in lower case,
/// as the index holds words.
fn in_two(conn: &Connection, word: &str, vocabulary: &[String]) -> anyhow::Result<Vec<String>> {
    let known = |w: &str| vocabulary.binary_search_by(|v| v.as_str().cmp(w)).is_ok();
    let mut out = Vec::new();
    for (at, _) in word.char_indices().skip(1) {
        let (first, second) = word.split_at(at);
        let phrase = format!("{first} {second}");
        if known(first) && known(second) && in_text(conn, &phrase)? {
            out.push(phrase);
        }
    }
    Ok(out)
}
