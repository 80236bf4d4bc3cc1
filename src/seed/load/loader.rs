//! The loader's state and what every seed file shares: reading a CSV file
//! with its header checked, vocabulary terms, and writing a row.

use std::collections::{HashMap, HashSet};

use csv::StringRecord;
use rusqlite::types::Null;
use rusqlite::{Connection, ToSql};
use serde::Deserialize;

use super::super::rows::{OPTIONAL_COLUMNS, OPTIONAL_FILES, SEED_FILES};
use super::super::{Problem, SeedDir};
use super::lines::Lines;
use super::refusal::refusal;

/// A fact file written by an earlier apsc (`seed --dump`) also has the
/// bounds, which the schema now derives from `date_edtf`: they are read
/// past, so that such a folder still loads.
fn former_bound(header: &str, columns: &[&str]) -> bool {
    ["date_start", "date_end"].contains(&header) && columns.contains(&"date_edtf")
}

/// The ids read from a file, and whether the whole file was readable;
/// references into an unreadable file are not reported a second time.
#[derive(Default)]
pub(super) struct Keys {
    pub(super) ids: HashSet<String>,
    pub(super) complete: bool,
}

pub(super) struct Loader<'s, 'c> {
    pub(super) seed: &'s SeedDir,
    /// The load's transaction, where checked rows go.
    conn: &'c Connection,
    pub(super) problems: Vec<Problem>,
    pub(super) vocab: HashMap<String, Vec<String>>,
    pub(super) areas: Keys,
    pub(super) partners: Keys,
    /// The id of the partner whose policy the text states.
    pub(super) subject: Option<String>,
    /// Lower-cased alias, id or name to partner id.
    pub(super) partner_names: HashMap<String, String>,
    pub(super) facts: HashMap<&'static str, Keys>,
    pub(super) counts: Vec<(&'static str, u64)>,
}

impl<'s, 'c> Loader<'s, 'c> {
    pub(super) fn new(
        seed: &'s SeedDir,
        vocab: HashMap<String, Vec<String>>,
        conn: &'c Connection,
    ) -> Self {
        // One prepared INSERT per table the seed writes, kept for the load.
        conn.set_prepared_statement_cache_capacity(32);
        Loader {
            seed,
            conn,
            problems: Vec::new(),
            vocab,
            areas: Keys::default(),
            partners: Keys::default(),
            subject: None,
            partner_names: HashMap::new(),
            facts: HashMap::new(),
            counts: Vec::new(),
        }
    }

    pub(super) fn problem(&mut self, file: &str, line: Option<u64>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    pub(super) fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Insert a row into `table`, counting it, and return its rowid (0 when
    /// refused: the load will not commit then); a row SQLite refuses is a
    /// problem at its line, in the words of each rule it breaks. Rows go in
    /// after a problem too (the load will not commit then), so that every
    /// row is held to the schema in the same run; foreign keys are checked at
    /// commit, and the loader names unknown references itself.
    pub(super) fn insert(
        &mut self,
        file: &str,
        line: u64,
        table: &'static str,
        values: &[(&str, &dyn ToSql)],
    ) -> i64 {
        let columns: Vec<&str> = values.iter().map(|(column, _)| *column).collect();
        let marks = vec!["?"; columns.len()].join(", ");
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            columns.join(", ")
        );
        let mut values = values.to_vec();
        let mut emptied: Vec<String> = Vec::new();
        loop {
            let params = rusqlite::params_from_iter(values.iter().map(|(_, value)| value));
            let refused = match (self.conn.prepare_cached(&sql)).and_then(|mut s| s.execute(params))
            {
                Ok(_) if emptied.is_empty() => {
                    *self.count(table) += 1;
                    return self.conn.last_insert_rowid();
                }
                Ok(_) => return 0,
                Err(err) => err.to_string(),
            };
            // The figures' trigger only echoes a fact refused before.
            if !self.ok() && refused.contains("FOREIGN KEY") {
                return 0;
            }
            let (message, named) = refusal(&refused, &values);
            // After a column was emptied below, a rule on it (or one naming
            // no column) is what the emptying broke, not the row.
            let echo = named.is_empty() || named.iter().any(|c| emptied.contains(c));
            if !emptied.is_empty() && echo {
                return 0;
            }
            let was_empty = message.ends_with("is empty");
            self.problem(file, Some(line), message);
            if named.is_empty() {
                return 0;
            }
            // SQLite tells one rule a row breaks: put another value in its
            // column (the last it names, as a rule's own column follows
            // those it depends on) and try again, until every rule is told.
            // An empty column gets a 1, which most rules and NOT NULL take.
            let column = named.last().cloned().unwrap_or_default();
            let stand_in: &dyn ToSql = if was_empty { &1 } else { &Null };
            for (_, value) in values.iter_mut().filter(|(c, _)| *c == column) {
                *value = stand_in;
            }
            emptied.push(column);
        }
    }

    /// The rows written to `table` so far.
    pub(super) fn count(&mut self, table: &'static str) -> &mut u64 {
        if !self.counts.iter().any(|(t, _)| *t == table) {
            self.counts.push((table, 0));
        }
        let i = self.counts.iter().position(|(t, _)| *t == table);
        &mut self.counts[i.unwrap_or_default()].1
    }

    /// Every required file is there and no CSV file is unknown (a misspelt name).
    pub(super) fn check_file_set(&mut self) {
        for file in SEED_FILES.iter().filter(|f| !OPTIONAL_FILES.contains(f)) {
            if self.seed.get(file).is_none() {
                let message =
                    "missing: every seed directory has this file (a header row is enough)";
                self.problem(file, None, message);
            }
        }
        let seed = self.seed;
        for name in seed
            .names()
            .filter(|n| n.ends_with(".csv") && !SEED_FILES.contains(n))
        {
            let message = format!(
                "unknown seed file; the CSV files are: {}",
                SEED_FILES.join(", ")
            );
            self.problem(name, None, message);
        }
    }

    /// Read one CSV file, calling `each` with every record and its line.
    /// Returns false when the file is missing or its header is wrong, in which
    /// case none of its rows were read.
    pub(super) fn read_csv(
        &mut self,
        file: &'static str,
        columns: &[&str],
        mut each: impl FnMut(&mut Self, u64, &StringRecord, &StringRecord),
    ) -> bool {
        let Some(bytes) = self.seed.get(file) else {
            return false;
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(bytes);
        let headers = match reader.headers() {
            Ok(headers) => headers.clone(),
            Err(err) => {
                self.problem(file, Some(1), csv_message(&err, bytes));
                return false;
            }
        };
        if let [only] = headers.iter().collect::<Vec<_>>()[..]
            && only.contains(';')
        {
            let message = "the file separates its fields with `;` (as a spreadsheet saves \
                CSV in many languages); apsc reads `,`: save it as CSV with commas";
            self.problem(file, Some(1), message);
            return false;
        }
        let before = self.problems.len();
        for column in columns.iter().filter(|c| !OPTIONAL_COLUMNS.contains(c)) {
            if !headers.iter().any(|h| h == *column) {
                self.problem(file, Some(1), format!("missing column `{column}`"));
            }
        }
        let mut seen = HashSet::new();
        for header in headers.iter().filter(|h| !former_bound(h, columns)) {
            if !columns.contains(&header) {
                self.problem(
                    file,
                    Some(1),
                    format!(
                        "unknown column `{header}`; the columns are: {}",
                        columns.join(", ")
                    ),
                );
            } else if !seen.insert(header) {
                self.problem(file, Some(1), format!("column `{header}` appears twice"));
            }
        }
        if self.problems.len() > before {
            return false;
        }
        // A file read whole counts its rows, none at all included.
        self.count(file.trim_end_matches(".csv"));
        let mut record = StringRecord::new();
        let mut complete = true;
        let mut lines = Lines::new(bytes);
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {
                    let line = record.position().map_or(0, |p| lines.line(p.byte()));
                    each(self, line, &record, &headers);
                }
                Ok(false) => break,
                Err(err) => {
                    let line = err.position().map(|p| lines.line(p.byte()));
                    self.problem(file, line, csv_message(&err, bytes));
                    complete = false;
                    if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                        break;
                    }
                }
            }
        }
        complete
    }

    /// Deserialize a record, reporting a failure as a problem.
    pub(super) fn parse<'r, T: Deserialize<'r>>(
        &mut self,
        file: &str,
        line: u64,
        record: &'r StringRecord,
        headers: &'r StringRecord,
    ) -> Option<T> {
        match record.deserialize(Some(headers)) {
            Ok(row) => Some(row),
            Err(err) => {
                self.problem(file, Some(line), csv_message(&err, b""));
                None
            }
        }
    }

    /// A required field is present and not blank.
    pub(super) fn required(&mut self, file: &str, line: u64, column: &str, value: &str) -> bool {
        if value.trim().is_empty() {
            self.problem(file, Some(line), format!("`{column}` is empty"));
            false
        } else {
            true
        }
    }

    /// A value is one of a vocabulary's terms.
    pub(super) fn term(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        domain: &str,
        value: &str,
    ) -> bool {
        let terms = self.vocab.get(domain);
        if terms.is_some_and(|terms| terms.iter().any(|t| t == value)) {
            return true;
        }
        let list = terms.map(|terms| terms.join(", ")).unwrap_or_default();
        let message = if value.is_empty() {
            format!("`{column}` is empty; it is one of: {list}")
        } else {
            let near =
                crate::lookup::suggest(value, terms.into_iter().flatten().map(String::as_str));
            format!("`{column}` {value:?} is not one of: {list}{near}")
        };
        self.problem(file, Some(line), message);
        false
    }
}

/// A csv error as a message without the position (the caller prints that);
/// `bytes` are the file's, to find a quote left open.
fn csv_message(err: &csv::Error, bytes: &[u8]) -> String {
    match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!(
                "not valid UTF-8 (field {}, byte {})",
                err.field() + 1,
                err.valid_up_to()
            )
        }
        csv::ErrorKind::UnequalLengths {
            expected_len,
            len,
            pos,
        } => {
            let start = pos.as_ref().map_or(0, |p| p.byte() as usize);
            match unclosed_quote(bytes.get(start..).unwrap_or_default()) {
                Some(quoted) => format!(
                    "the quote `{quoted}` is never closed, so the rest of the file was read \
                     as one field: close it (a quote inside a field is written `\"\"`)"
                ),
                None => format!("{len} fields where the header has {expected_len}"),
            }
        }
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!("field {}: {}", field + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => err.to_string(),
    }
}

/// The quote left open, with what follows it on its line, in the bytes of
/// a record and all that follow it: the record's first quote after which
/// the file holds an odd number of them (a closed quote, and a quote
/// escaped as `""`, count two).
fn unclosed_quote(bytes: &[u8]) -> Option<String> {
    let start = bytes.iter().position(|&b| !matches!(b, b'\r' | b'\n'))?;
    let bytes = &bytes[start..];
    let line_end = (bytes.iter().position(|&b| matches!(b, b'\r' | b'\n'))).unwrap_or(bytes.len());
    let mut from_here = bytes.iter().filter(|&&b| b == b'"').count();
    for (i, &b) in bytes[..line_end].iter().enumerate() {
        if b != b'"' {
            continue;
        }
        if from_here % 2 == 1 {
            let rest = String::from_utf8_lossy(&bytes[i..line_end]);
            return Some(rest.chars().take(30).collect());
        }
        from_here -= 1;
    }
    None
}
