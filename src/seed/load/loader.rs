//! The loader's state and what every seed file shares: reading a CSV file
//! with its header checked against its table, a row's fields by column,
//! vocabulary terms, and writing a row.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use csv::StringRecord;
use rusqlite::types::Null;
use rusqlite::{Connection, Statement, ToSql};

use super::super::directory::SeedDir;
use super::super::files::{
    DERIVED_COLUMNS, OPTIONAL_COLUMNS, OPTIONAL_FILES, SEED_FILES, seed_tables,
};
use super::lines::Lines;
use super::refusal::refusal;
use super::row::{Row, Value};
use crate::error::Problem;

/// A fact file written by an earlier apsc (`seed --dump`) also has the
/// bounds, which the schema now derives from `date_edtf`: they are read
/// past, so that such a folder still loads.
fn former_bound(header: &str, columns: &[&str]) -> bool {
    ["date_start", "date_end"].contains(&header) && columns.contains(&"date_edtf")
}

/// A table the seed writes: its columns (not the generated ones), each with
/// whether it may be NULL, and the one INSERT that gives each a value,
/// prepared once for the load.
struct Table<'c> {
    columns: Vec<(String, bool)>,
    insert: Statement<'c>,
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
    tables: HashMap<&'static str, Table<'c>>,
    pub(super) problems: Vec<Problem>,
    /// The vocabularies the schema defines, by domain.
    vocab: HashMap<String, Vec<String>>,
    pub(super) areas: Keys,
    pub(super) partners: Keys,
    /// The id of the partner whose policy the text states.
    pub(super) subject: Option<String>,
    /// Lower-cased alias, id or name to partner id.
    pub(super) partner_names: HashMap<String, String>,
    pub(super) facts: HashMap<&'static str, Keys>,
}

impl<'s, 'c> Loader<'s, 'c> {
    /// A loader writing into `conn`, with the schema's vocabularies and the
    /// columns of every table the seed writes.
    pub(super) fn new(seed: &'s SeedDir, conn: &'c Connection) -> rusqlite::Result<Self> {
        let mut vocab: HashMap<String, Vec<String>> = HashMap::new();
        let mut stmt = conn.prepare("SELECT domain, term FROM vocabulary ORDER BY domain, term")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            vocab.entry(row.get(0)?).or_default().push(row.get(1)?);
        }
        let mut tables = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT name, \"notnull\" = 0 AND pk = 0 FROM pragma_table_xinfo(?1)
              WHERE hidden = 0 ORDER BY cid",
        )?;
        for name in seed_tables() {
            let columns: Vec<(String, bool)> = (stmt
                .query_map([name], |row| Ok((row.get(0)?, row.get(1)?)))?)
            .collect::<Result<_, _>>()?;
            let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
            let marks = vec!["?"; names.len()].join(", ");
            let sql = format!("INSERT INTO {name} ({}) VALUES ({marks})", names.join(", "));
            let insert = conn.prepare(&sql)?;
            tables.insert(name, Table { columns, insert });
        }
        Ok(Loader {
            seed,
            conn,
            tables,
            problems: Vec::new(),
            vocab,
            areas: Keys::default(),
            partners: Keys::default(),
            subject: None,
            partner_names: HashMap::new(),
            facts: HashMap::new(),
        })
    }

    pub(super) fn problem(&mut self, file: &str, line: Option<u64>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    /// A problem of a row, at its line.
    pub(super) fn wrong(&mut self, row: &Row, message: impl Into<String>) {
        self.problem(row.file, Some(row.line), message);
    }

    pub(super) fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Write a row into the table of its file, `given` in place of its fields.
    pub(super) fn write<'a>(
        &mut self,
        row: &'a Row,
        given: impl IntoIterator<Item = Value<'a>>,
    ) -> i64 {
        let table = row.file.trim_end_matches(".csv");
        self.insert(row.file, row.line, table, row.values(given))
    }

    /// Insert a row into `table` and return its rowid (0 when
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
        mut values: Vec<Value<'_>>,
    ) -> i64 {
        let mut emptied: Vec<String> = Vec::new();
        loop {
            let spec = (self.tables.get_mut(table)).expect("a table the seed writes");
            // A column the row does not give is NULL.
            let params = (spec.columns.iter()).map(|(column, _)| {
                let given = values.iter().find(|(c, _)| c == column);
                given.map_or(&Null as &dyn ToSql, |(_, value)| value)
            });
            let refused = match spec.insert.execute(rusqlite::params_from_iter(params)) {
                Ok(_) if emptied.is_empty() => return self.conn.last_insert_rowid(),
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
            for (_, value) in values.iter_mut().filter(|(c, _)| *c == column) {
                *value = if was_empty { 1.into() } else { Null.into() };
            }
            emptied.push(column);
        }
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

    /// Read one CSV file, calling `each` with every row. Returns whether
    /// every row was read: false when the file is missing or its header is
    /// wrong (then no row was read), or a record could not be read.
    pub(super) fn read_csv(
        &mut self,
        file: &'static str,
        mut each: impl FnMut(&mut Self, Row),
    ) -> bool {
        let Some(bytes) = self.seed.get(file) else {
            return false;
        };
        let mut reader = csv::Reader::from_reader(bytes);
        let header = reader.headers().cloned();
        let Some(places) = self.header(file, header, bytes) else {
            return false;
        };
        let mut complete = true;
        let mut lines = Lines::new(bytes);
        for record in reader.into_records() {
            match record {
                Ok(record) => {
                    let line = record.position().map_or(0, |p| lines.line(p.byte()));
                    let columns = Rc::clone(&places);
                    each(
                        self,
                        Row {
                            file,
                            line,
                            record,
                            columns,
                        },
                    );
                }
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

    /// Where each column of a file's table stands in its header (see
    /// [`Row`]), when the header has every column the file must have and
    /// no other.
    fn header(
        &mut self,
        file: &'static str,
        header: csv::Result<StringRecord>,
        bytes: &[u8],
    ) -> Option<Rc<[(String, usize, bool)]>> {
        let headers = header
            .map_err(|err| self.problem(file, Some(1), csv_message(&err, bytes)))
            .ok()?;
        if let [only] = headers.iter().collect::<Vec<_>>()[..]
            && only.contains(';')
        {
            let message = "the file separates its fields with `;` (as a spreadsheet saves \
                CSV in many languages); apsc reads `,`: save it as CSV with commas";
            self.problem(file, Some(1), message);
            return None;
        }
        let all = self.tables[file.trim_end_matches(".csv")].columns.clone();
        let columns: Vec<&str> = (all.iter().map(|(c, _)| c.as_str()))
            .filter(|c| !DERIVED_COLUMNS.contains(c))
            .collect();
        let before = self.problems.len();
        for column in columns.iter().filter(|c| !OPTIONAL_COLUMNS.contains(c)) {
            if !headers.iter().any(|h| h == *column) {
                self.problem(file, Some(1), format!("missing column `{column}`"));
            }
        }
        let mut seen = HashSet::new();
        for header in headers.iter().filter(|h| !former_bound(h, &columns)) {
            if !columns.contains(&header) {
                let known = columns.join(", ");
                let message = format!("unknown column `{header}`; the columns are: {known}");
                self.problem(file, Some(1), message);
            } else if !seen.insert(header) {
                self.problem(file, Some(1), format!("column `{header}` appears twice"));
            }
        }
        let places = (all.iter()).filter_map(|(c, nullable)| {
            Some((c.clone(), headers.iter().position(|h| h == c)?, *nullable))
        });
        (self.problems.len() == before).then(|| places.collect())
    }

    /// A required field is present and not blank.
    pub(super) fn required(&mut self, row: &Row, column: &str) -> bool {
        let blank = row.get(column).trim().is_empty();
        if blank {
            self.wrong(row, format!("`{column}` is empty"));
        }
        !blank
    }

    /// A row's field is one of a vocabulary's terms.
    pub(super) fn term(&mut self, row: &Row, column: &str, domain: &str) -> bool {
        let value = row.get(column);
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
        self.wrong(row, message);
        false
    }
}

/// A csv error as a message without the position (the caller prints that);
/// `bytes` are the file's, to find a quote left open.
fn csv_message(err: &csv::Error, bytes: &[u8]) -> String {
    match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            let (field, byte) = (err.field() + 1, err.valid_up_to());
            format!("not valid UTF-8 (field {field}, byte {byte})")
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
