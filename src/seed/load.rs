//! The loader: reads the seed files in dependency order and checks every row,
//! while a writer thread ([`super::write`]) puts the checked rows into the
//! database, all inside one transaction that commits only when no problem was
//! found. Every problem is collected, as `file:line: what is wrong`, so one
//! run reports them all.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;

use csv::StringRecord;
use rusqlite::Connection;
use serde::Deserialize;

use super::hash::{FastMap, FastSet};
use super::write::{self, Out, Val};

use super::rows::{
    AliasRow, AreaRow, CorrectionRow, DocumentRow, FactRow, FigureRow, LinkRow, OmissionRow,
    PartnerRow, SeedFile,
};
use super::text::{self, Offsets, QuoteFinder};
use super::{Problem, Problems, SeedDir, sha256_hex};
use crate::dates::PartialDate;

/// What a successful load wrote: rows per table, in load order.
#[derive(Debug)]
pub struct Summary {
    pub origin: String,
    pub counts: Vec<(&'static str, u64)>,
}

impl Summary {
    pub fn count(&self, table: &str) -> u64 {
        self.counts
            .iter()
            .find(|(t, _)| *t == table)
            .map_or(0, |(_, n)| *n)
    }

    /// Rows of the four event tables and of statements.
    pub fn facts(&self) -> u64 {
        FACTS.iter().map(|spec| self.count(spec.table)).sum()
    }
}

/// How one fact file maps to its table and its partner links.
struct FactSpec {
    table: &'static str,
    file: &'static str,
    columns: &'static [&'static str],
    kind_domain: &'static str,
    link_file: &'static str,
    link_table: &'static str,
    link_column: &'static str,
}

const EVENT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "kind",
    "area_id",
    "china_role",
    "edition",
    "date_start",
    "date_end",
    "date_text",
    "quote",
];

/// The fact tables, in the order they load.
const FACTS: [FactSpec; 5] = [
    FactSpec {
        table: "meetings",
        file: "meetings.csv",
        columns: EVENT_COLUMNS,
        kind_domain: "meeting_kind",
        link_file: "meeting_partners.csv",
        link_table: "meeting_partners",
        link_column: "meeting_id",
    },
    FactSpec {
        table: "exercises",
        file: "exercises.csv",
        columns: EVENT_COLUMNS,
        kind_domain: "exercise_kind",
        link_file: "exercise_partners.csv",
        link_table: "exercise_partners",
        link_column: "exercise_id",
    },
    FactSpec {
        table: "agreements",
        file: "agreements.csv",
        columns: &[
            "id",
            "name",
            "kind",
            "area_id",
            "china_role",
            "date_start",
            "date_end",
            "date_text",
            "quote",
        ],
        kind_domain: "agreement_kind",
        link_file: "agreement_partners.csv",
        link_table: "agreement_partners",
        link_column: "agreement_id",
    },
    FactSpec {
        table: "operations",
        file: "operations.csv",
        columns: EVENT_COLUMNS,
        kind_domain: "operation_kind",
        link_file: "operation_partners.csv",
        link_table: "operation_partners",
        link_column: "operation_id",
    },
    FactSpec {
        table: "statements",
        file: "statements.csv",
        columns: &[
            "id",
            "area_id",
            "kind",
            "topic",
            "date_start",
            "date_end",
            "date_text",
            "quote",
        ],
        kind_domain: "statement_kind",
        link_file: "statement_partners.csv",
        link_table: "statement_partners",
        link_column: "statement_id",
    },
];

/// Every file a seed directory must have.
pub fn seed_files() -> Vec<&'static str> {
    let mut files = vec![
        DocumentRow::FILE,
        CorrectionRow::FILE,
        OmissionRow::FILE,
        AreaRow::FILE,
        PartnerRow::FILE,
        AliasRow::FILE,
    ];
    for spec in &FACTS {
        files.push(spec.file);
        files.push(spec.link_file);
    }
    files.push(FigureRow::FILE);
    files
}

/// The tables the seed owns, children first: the order to empty them in.
const OWNED_TABLES: &[&str] = &[
    "figures",
    "meeting_partners",
    "exercise_partners",
    "agreement_partners",
    "operation_partners",
    "statement_partners",
    "meetings",
    "exercises",
    "agreements",
    "operations",
    "statements",
    "partner_aliases",
    "partners",
    "areas",
    "sentences",
    "passages",
    "omissions",
    "corrections",
    "documents",
    "seed_files",
];

/// Load `seed` into the database, replacing what an earlier seed loaded.
/// On any problem nothing is written and the error is [`Problems`].
pub fn load(conn: &mut Connection, seed: &SeedDir) -> anyhow::Result<Summary> {
    let mut settings = LoadSettings::apply(conn)?;
    let vocab = vocabulary(settings.conn)?;
    let statements = statements();
    let conn: &mut Connection = settings.conn;
    let (to_writer, from_loader) = mpsc::sync_channel(4);
    let (give_back, returned) = mpsc::channel();
    let (written, (mut problems, counts)) = thread::scope(|scope| {
        let writer =
            scope.spawn(|| write::run(conn, &statements, OWNED_TABLES, from_loader, give_back));
        let checked = check(seed, vocab, Out::new(to_writer, returned));
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, checked)
    });
    problems.extend(written?);
    if !problems.is_empty() {
        return Err(Problems(problems).into());
    }
    settings.restore()?;
    Ok(Summary {
        origin: seed.origin.clone(),
        counts,
    })
}

/// Read and check every seed file, handing the rows to the writer; tell it
/// to commit only if nothing was wrong. Returns the problems and the counts.
fn check(
    seed: &SeedDir,
    vocab: HashMap<String, Vec<String>>,
    out: Out,
) -> (Vec<Problem>, Vec<(&'static str, u64)>) {
    let mut loader = Loader::new(seed, vocab, out);
    loader.check_file_set();
    let docs = loader.documents();
    let mut finders: Vec<QuoteFinder<'_>> = docs
        .iter()
        .map(|doc| QuoteFinder::new(&doc.text, doc.sentences.iter().copied()))
        .collect();
    let mut quotes = Quotes {
        docs: &docs,
        finders: &mut finders,
    };
    loader.areas(&docs);
    loader.partners();
    loader.aliases();
    for (i, spec) in FACTS.iter().enumerate() {
        loader.facts(i, spec, &mut quotes);
    }
    for (i, spec) in FACTS.iter().enumerate() {
        loader.links(i, spec);
    }
    loader.figures(&mut quotes);
    if loader.ok() {
        loader.record_files();
    }
    let commit = loader.ok();
    loader.out.finish(commit);
    (loader.problems, loader.counts)
}

/// The vocabularies the migrations define, by domain.
fn vocabulary(conn: &Connection) -> anyhow::Result<HashMap<String, Vec<String>>> {
    let mut vocab: HashMap<String, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT domain, term FROM vocabulary ORDER BY domain, term")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        vocab.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(vocab)
}

/// The statements rows go to, by index: the `S_*` constants, then one per
/// fact table and one per link table, in the order of [`FACTS`].
const S_DOCUMENT: usize = 0;
const S_CORRECTION: usize = 1;
const S_OMISSION: usize = 2;
const S_PASSAGE: usize = 3;
const S_SENTENCE: usize = 4;
const S_AREA: usize = 5;
const S_PARTNER: usize = 6;
const S_ALIAS: usize = 7;
const S_FIGURE: usize = 8;
const S_SEED_FILE: usize = 9;
const S_FACT: usize = 10;
const S_LINK: usize = S_FACT + FACTS.len();

fn statements() -> Vec<String> {
    let mut sql: Vec<String> = [
        "INSERT INTO documents (id, title, publisher, published, source_file, source_text, text, source_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT INTO corrections (document_id, \"from\", \"to\", reason, occurrences) VALUES (?1, ?2, ?3, ?4, ?5)",
        "INSERT INTO omissions (document_id, line, reason) VALUES (?1, ?2, ?3)",
        "INSERT INTO passages (id, document_id, section, heading, ordinal, text, start_offset, end_offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        "INSERT INTO sentences (id, passage_id, ordinal, text, start_offset, end_offset)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        "INSERT INTO areas (id, section, name) VALUES (?1, ?2, ?3)",
        "INSERT INTO partners (id, name, kind, iso3, is_subject) VALUES (?1, ?2, ?3, ?4, ?5)",
        "INSERT INTO partner_aliases (alias, partner_id, note) VALUES (?1, ?2, ?3)",
        "INSERT INTO figures (id, fact_table, fact_id, metric, value, value_text, unit, qualifier, quote,
         passage_id, quote_start, quote_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        "INSERT INTO seed_files (name, sha256, rows) VALUES (?1, ?2, ?3)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for spec in &FACTS {
        let columns: Vec<&str> = spec
            .columns
            .iter()
            .copied()
            .chain(["passage_id", "quote_start", "quote_end"])
            .collect();
        let places: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        sql.push(format!(
            "INSERT INTO {} ({}) VALUES ({})",
            spec.table,
            columns.join(", "),
            places.join(", ")
        ));
    }
    for spec in &FACTS {
        sql.push(format!(
            "INSERT INTO {} ({}, partner_id, role) VALUES (?1, ?2, ?3)",
            spec.link_table, spec.link_column
        ));
    }
    sql
}

/// The connection settings a load runs under, restored when it ends however
/// it ends.
struct LoadSettings<'c> {
    conn: &'c mut Connection,
    restored: bool,
}

impl<'c> LoadSettings<'c> {
    fn apply(conn: &'c mut Connection) -> anyhow::Result<LoadSettings<'c>> {
        // Keep every change in memory until commit, so that readers are held
        // off for the commit itself, never for the whole load.
        conn.pragma_update(None, "cache_spill", false)?;
        // Every reference is checked before a row is written, and
        // `check_foreign_keys` checks them all again before commit; checking
        // each row as it goes in as well would only be slower.
        conn.pragma_update(None, "foreign_keys", false)?;
        Ok(LoadSettings {
            conn,
            restored: false,
        })
    }

    fn restore(&mut self) -> rusqlite::Result<()> {
        self.restored = true;
        self.conn.pragma_update(None, "foreign_keys", true)?;
        self.conn.pragma_update(None, "cache_spill", true)
    }
}

impl Drop for LoadSettings<'_> {
    fn drop(&mut self) {
        if !self.restored {
            let _ = self.restore();
        }
    }
}

/// A restored document, with what quotes are checked against.
struct Doc {
    id: String,
    text: String,
    offsets: Offsets,
    /// (byte start, byte end, passage id), in text order.
    passages: Vec<(usize, usize, i64)>,
    /// Byte ranges of every sentence.
    sentences: Vec<(usize, usize)>,
    headings: Vec<text::Heading>,
}

/// Where a quote was found: passage and code-point offsets.
struct Found {
    passage_id: i64,
    start: i64,
    end: i64,
}

/// Finds quotes across all documents.
struct Quotes<'d, 'f> {
    docs: &'d [Doc],
    finders: &'f mut Vec<QuoteFinder<'d>>,
}

impl Quotes<'_, '_> {
    fn find(&mut self, quote: &str) -> Result<Found, String> {
        for (doc, finder) in self.docs.iter().zip(self.finders.iter_mut()) {
            let Some(at) = finder.find(quote) else {
                continue;
            };
            let end = at + quote.len();
            let i = doc.passages.partition_point(|&(start, _, _)| start <= at);
            return match i.checked_sub(1).map(|i| doc.passages[i]) {
                Some((_, passage_end, passage_id)) if end <= passage_end => Ok(Found {
                    passage_id,
                    start: doc.offsets.chars(at) as i64,
                    end: doc.offsets.chars(end) as i64,
                }),
                _ => Err(format!(
                    "the quote is in {} but not inside one paragraph (headings, title lines and omitted lines are not quotable)",
                    doc.id
                )),
            };
        }
        Err(self.explain_missing(quote))
    }

    /// Say where a quote stops matching the text, to make a typo easy to find.
    fn explain_missing(&self, quote: &str) -> String {
        let mut best = 0;
        for doc in self.docs {
            // The longest prefix of the quote that occurs in the text.
            let (mut lo, mut hi) = (0usize, quote.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let mid = (mid..=hi)
                    .find(|&m| quote.is_char_boundary(m))
                    .unwrap_or(hi);
                if doc.text.contains(&quote[..mid]) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                    while !quote.is_char_boundary(hi) {
                        hi -= 1;
                    }
                }
            }
            best = best.max(lo);
        }
        if best == 0 {
            "the quote is not in the text (quotes are verbatim from the restored text)".to_string()
        } else {
            let tail: String = quote[best..].chars().take(30).collect();
            format!("the quote is not in the text: it departs from the text at {tail:?}")
        }
    }
}

/// A set of keys read from a file, and whether the whole file was readable;
/// references into an unreadable file are not reported a second time.
#[derive(Default)]
struct Keys {
    /// Each id, with its position in its file's rows.
    ids: FastMap<String, u32>,
    complete: bool,
}

impl Keys {
    /// Add an id; false when it was there already.
    fn insert(&mut self, id: &str) -> bool {
        let index = self.ids.len() as u32;
        self.ids.entry(id.to_string()).or_insert(index);
        self.ids.len() as u32 > index
    }

    fn index(&self, id: &str) -> Option<u32> {
        self.ids.get(id).copied()
    }

    fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

struct Loader<'s> {
    seed: &'s SeedDir,
    /// Where checked rows go: the writer thread.
    out: Out,
    problems: Vec<Problem>,
    vocab: HashMap<String, Vec<String>>,
    areas: Keys,
    partners: Keys,
    subject: Option<u32>,
    /// Lower-cased alias, id or name to partner id.
    partner_names: FastMap<String, u32>,
    /// Partner ids by index.
    partner_ids: Vec<String>,
    facts: HashMap<&'static str, Keys>,
    counts: Vec<(&'static str, u64)>,
    next_passage: i64,
    next_sentence: i64,
}

impl<'s> Loader<'s> {
    fn new(seed: &'s SeedDir, vocab: HashMap<String, Vec<String>>, out: Out) -> Self {
        Loader {
            seed,
            out,
            problems: Vec::new(),
            vocab,
            areas: Keys::default(),
            partners: Keys::default(),
            subject: None,
            partner_names: FastMap::default(),
            partner_ids: Vec::new(),
            facts: HashMap::new(),
            counts: Vec::new(),
            next_passage: 1,
            next_sentence: 1,
        }
    }

    fn problem(&mut self, file: &str, line: Option<u64>, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        });
    }

    fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Every required file is there and no CSV file is unknown (a misspelt name).
    fn check_file_set(&mut self) {
        let expected = seed_files();
        for file in &expected {
            if self.seed.get(file).is_none() {
                self.problem(
                    file,
                    None,
                    "missing: every seed directory has this file (a header row is enough)",
                );
            }
        }
        let unknown: Vec<String> = self
            .seed
            .names()
            .filter(|name| name.ends_with(".csv") && !expected.contains(name))
            .map(str::to_string)
            .collect();
        for name in unknown {
            self.problem(
                &name,
                None,
                format!(
                    "unknown seed file; the CSV files are: {}",
                    expected.join(", ")
                ),
            );
        }
    }

    /// Read one CSV file, calling `each` with every record and its line.
    /// Returns false when the file is missing or its header is wrong, in which
    /// case none of its rows were read.
    fn read_csv(
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
                self.problem(file, Some(1), csv_message(&err));
                return false;
            }
        };
        let mut header_ok = true;
        for column in columns {
            if !headers.iter().any(|h| h == *column) {
                self.problem(file, Some(1), format!("missing column `{column}`"));
                header_ok = false;
            }
        }
        let mut seen = FastSet::default();
        for header in headers.iter() {
            if !columns.contains(&header) {
                self.problem(
                    file,
                    Some(1),
                    format!(
                        "unknown column `{header}`; the columns are: {}",
                        columns.join(", ")
                    ),
                );
                header_ok = false;
            } else if !seen.insert(header) {
                self.problem(file, Some(1), format!("column `{header}` appears twice"));
                header_ok = false;
            }
        }
        if !header_ok {
            return false;
        }
        let mut record = StringRecord::new();
        let mut complete = true;
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    each(self, line, &record, &headers);
                }
                Ok(false) => break,
                Err(err) => {
                    let line = err.position().map(|p| p.line());
                    self.problem(file, line, csv_message(&err));
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
    fn parse<'r, T: Deserialize<'r>>(
        &mut self,
        file: &str,
        line: u64,
        record: &'r StringRecord,
        headers: &'r StringRecord,
    ) -> Option<T> {
        match record.deserialize(Some(headers)) {
            Ok(row) => Some(row),
            Err(err) => {
                self.problem(file, Some(line), csv_message(&err));
                None
            }
        }
    }

    /// A required field is present and not blank.
    fn required(&mut self, file: &str, line: u64, column: &str, value: &str) -> bool {
        if value.trim().is_empty() {
            self.problem(file, Some(line), format!("`{column}` is empty"));
            false
        } else {
            true
        }
    }

    /// An id is a lower-case slug: letters, digits and hyphens.
    fn slug(&mut self, file: &str, line: u64, column: &str, value: &str) -> bool {
        if !self.required(file, line, column, value) {
            return false;
        }
        if value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            true
        } else {
            self.problem(
                file,
                Some(line),
                format!("`{column}` {value:?} must be lower-case letters, digits and hyphens"),
            );
            false
        }
    }

    /// A value is one of a vocabulary's terms.
    fn term(&mut self, file: &str, line: u64, column: &str, domain: &str, value: &str) -> bool {
        let terms = self.vocab.get(domain);
        if terms.is_some_and(|terms| terms.iter().any(|t| t == value)) {
            return true;
        }
        let list = terms.map(|terms| terms.join(", ")).unwrap_or_default();
        self.problem(
            file,
            Some(line),
            format!("`{column}` {value:?} is not one of: {list}"),
        );
        false
    }

    fn date(
        &mut self,
        file: &str,
        line: u64,
        column: &str,
        value: Option<&str>,
    ) -> Option<PartialDate> {
        let value = value?;
        match PartialDate::parse(value) {
            Ok(date) => Some(date),
            Err(err) => {
                self.problem(file, Some(line), format!("`{column}`: {err}"));
                None
            }
        }
    }

    fn count(&mut self, table: &'static str, n: u64) {
        self.counts.push((table, n));
    }

    fn documents(&mut self) -> Vec<Doc> {
        struct DocInput {
            line: u64,
            id: String,
            title: String,
            publisher: String,
            published: String,
            source_file: String,
            sha256: String,
            source: Option<String>,
        }
        let mut inputs: Vec<DocInput> = Vec::new();
        let file = DocumentRow::FILE;
        self.read_csv(file, DocumentRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<DocumentRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if inputs.iter().any(|d| d.id == row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            ok &= this.required(file, line, "title", row.title);
            ok &= this.required(file, line, "publisher", row.publisher);
            ok &= this.required(file, line, "published", row.published)
                && this
                    .date(file, line, "published", Some(row.published))
                    .is_some();
            let mut source = None;
            if this.required(file, line, "source_file", row.source_file) {
                match this.seed.get(row.source_file) {
                    None => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "source_file {:?} is not in the seed directory",
                                row.source_file
                            ),
                        );
                        ok = false;
                    }
                    Some(bytes) => {
                        let actual = sha256_hex(bytes);
                        if actual != row.source_sha256 {
                            this.problem(
                                file,
                                Some(line),
                                format!(
                                    "source_sha256 does not match {} (its SHA-256 is {actual})",
                                    row.source_file
                                ),
                            );
                            ok = false;
                        }
                        match std::str::from_utf8(bytes) {
                            Ok(text) => source = Some(text.to_string()),
                            Err(err) => {
                                this.problem(
                                    row.source_file,
                                    None,
                                    format!("not valid UTF-8 (at byte {})", err.valid_up_to()),
                                );
                                ok = false;
                            }
                        }
                    }
                }
            }
            if ok {
                inputs.push(DocInput {
                    line,
                    id: row.id.to_string(),
                    title: row.title.to_string(),
                    publisher: row.publisher.to_string(),
                    published: row.published.to_string(),
                    source_file: row.source_file.to_string(),
                    sha256: row.source_sha256.to_string(),
                    source,
                });
            } else {
                inputs.push(DocInput {
                    line,
                    id: row.id.to_string(),
                    title: String::new(),
                    publisher: String::new(),
                    published: String::new(),
                    source_file: String::new(),
                    sha256: String::new(),
                    source: None,
                });
            }
        });
        if inputs.is_empty() && self.seed.get(file).is_some() {
            self.problem(file, None, "no documents: the seed needs at least one");
        }

        // Corrections and omissions, per document, with their lines.
        let mut corrections: Vec<(u64, String, String, String, String)> = Vec::new();
        let file = CorrectionRow::FILE;
        self.read_csv(
            file,
            CorrectionRow::COLUMNS,
            |this, line, record, headers| {
                let Some(row) = this.parse::<CorrectionRow>(file, line, record, headers) else {
                    return;
                };
                let mut ok = this.required(file, line, "from", row.from);
                ok &= this.required(file, line, "reason", row.reason);
                if !inputs.iter().any(|d| d.id == row.document_id) {
                    this.problem(
                        file,
                        Some(line),
                        format!("unknown document_id {:?}", row.document_id),
                    );
                    ok = false;
                }
                if corrections
                    .iter()
                    .any(|c| c.1 == row.document_id && c.2 == row.from)
                {
                    this.problem(
                        file,
                        Some(line),
                        format!("duplicate correction of {:?}", row.from),
                    );
                    ok = false;
                }
                if ok {
                    corrections.push((
                        line,
                        row.document_id.to_string(),
                        row.from.to_string(),
                        row.to.to_string(),
                        row.reason.to_string(),
                    ));
                }
            },
        );
        let mut omissions: Vec<(u64, String, String, String)> = Vec::new();
        let file = OmissionRow::FILE;
        self.read_csv(file, OmissionRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<OmissionRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.required(file, line, "line", row.line);
            ok &= this.required(file, line, "reason", row.reason);
            if !inputs.iter().any(|d| d.id == row.document_id) {
                this.problem(
                    file,
                    Some(line),
                    format!("unknown document_id {:?}", row.document_id),
                );
                ok = false;
            }
            if ok {
                omissions.push((
                    line,
                    row.document_id.to_string(),
                    row.line.to_string(),
                    row.reason.to_string(),
                ));
            }
        });

        let mut docs = Vec::new();
        let (mut n_passages, mut n_sentences) = (0, 0);
        for input in inputs {
            let Some(source) = input.source else {
                continue;
            };
            let mine: Vec<_> = corrections.iter().filter(|c| c.1 == input.id).collect();
            let pairs: Vec<(&str, &str)> =
                mine.iter().map(|c| (c.2.as_str(), c.3.as_str())).collect();
            let (restored, occurrences) = text::restore(&source, &pairs);
            for (c, n) in mine.iter().zip(&occurrences) {
                if *n == 0 {
                    self.problem(
                        CorrectionRow::FILE,
                        Some(c.0),
                        format!("`from` {:?} does not occur in {}", c.2, input.source_file),
                    );
                }
            }
            let my_omissions: Vec<_> = omissions.iter().filter(|o| o.1 == input.id).collect();
            let omitted: Vec<&str> = my_omissions.iter().map(|o| o.2.as_str()).collect();
            let layout = text::layout(&restored, &omitted);
            for (o, found) in my_omissions.iter().zip(&layout.omitted_found) {
                if !found {
                    self.problem(
                        OmissionRow::FILE,
                        Some(o.0),
                        format!("{:?} is not a whole line of {}", o.2, input.source_file),
                    );
                }
            }
            if layout.passages.is_empty() {
                self.problem(
                    DocumentRow::FILE,
                    Some(input.line),
                    format!(
                        "{} has no paragraphs under a chapter heading (a line such as `VI. Title`)",
                        input.source_file
                    ),
                );
                continue;
            }
            let offsets = Offsets::new(&restored);
            let mut doc = Doc {
                id: input.id.clone(),
                passages: Vec::with_capacity(layout.passages.len()),
                sentences: Vec::new(),
                headings: layout.headings,
                offsets,
                text: String::new(),
            };
            if self.ok() {
                self.out.row(
                    S_DOCUMENT,
                    DocumentRow::FILE,
                    input.line,
                    &[
                        (&input.id).into(),
                        (&input.title).into(),
                        (&input.publisher).into(),
                        (&input.published).into(),
                        (&input.source_file).into(),
                        (&source).into(),
                        (&restored).into(),
                        (&input.sha256).into(),
                    ],
                );
                for (c, n) in mine.iter().zip(&occurrences) {
                    let values = [
                        (&c.1).into(),
                        (&c.2).into(),
                        (&c.3).into(),
                        (&c.4).into(),
                        (*n as i64).into(),
                    ];
                    self.out
                        .row(S_CORRECTION, CorrectionRow::FILE, c.0, &values);
                }
                for o in &my_omissions {
                    let values = [(&o.1).into(), (&o.2).into(), (&o.3).into()];
                    self.out.row(S_OMISSION, OmissionRow::FILE, o.0, &values);
                }
            }
            for passage in &layout.passages {
                let id = self.next_passage;
                self.next_passage += 1;
                let body = &restored[passage.start..passage.end];
                doc.passages.push((passage.start, passage.end, id));
                if self.ok() {
                    let values = [
                        id.into(),
                        (&input.id).into(),
                        (&passage.section).into(),
                        (&passage.heading).into(),
                        i64::from(passage.ordinal).into(),
                        body.into(),
                        (doc.offsets.chars(passage.start) as i64).into(),
                        (doc.offsets.chars(passage.end) as i64).into(),
                    ];
                    self.out
                        .row(S_PASSAGE, DocumentRow::FILE, input.line, &values);
                }
                n_passages += 1;
                for (ordinal, (start, end)) in text::sentences(body).into_iter().enumerate() {
                    let (start, end) = (passage.start + start, passage.start + end);
                    doc.sentences.push((start, end));
                    let sentence_id = self.next_sentence;
                    self.next_sentence += 1;
                    n_sentences += 1;
                    if self.ok() {
                        let values = [
                            sentence_id.into(),
                            id.into(),
                            (ordinal as i64 + 1).into(),
                            (&restored[start..end]).into(),
                            (doc.offsets.chars(start) as i64).into(),
                            (doc.offsets.chars(end) as i64).into(),
                        ];
                        self.out
                            .row(S_SENTENCE, DocumentRow::FILE, input.line, &values);
                    }
                }
            }
            doc.text = restored;
            docs.push(doc);
        }
        self.count("documents", docs.len() as u64);
        self.count("corrections", corrections.len() as u64);
        self.count("omissions", omissions.len() as u64);
        self.count("passages", n_passages);
        self.count("sentences", n_sentences);
        docs
    }

    fn areas(&mut self, docs: &[Doc]) {
        let file = AreaRow::FILE;
        let mut keys = Keys::default();
        let mut sections = FastSet::default();
        keys.complete = self.read_csv(file, AreaRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AreaRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            ok &= this.required(file, line, "name", row.name);
            if this.required(file, line, "section", row.section) {
                if !sections.insert(row.section.to_string()) {
                    this.problem(
                        file,
                        Some(line),
                        format!("section {:?} is listed twice", row.section),
                    );
                    ok = false;
                }
                let heading = docs
                    .iter()
                    .flat_map(|d| &d.headings)
                    .find(|h| h.section == row.section);
                match heading {
                    None => {
                        this.problem(
                            file,
                            Some(line),
                            format!("no document has a section {:?}", row.section),
                        );
                        ok = false;
                    }
                    Some(h) if h.title != row.name => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "name {:?} differs from the heading of {} in the text: {:?}",
                                row.name, row.section, h.title
                            ),
                        );
                        ok = false;
                    }
                    Some(_) => {}
                }
            } else {
                ok = false;
            }
            if ok && this.ok() {
                this.out.row(
                    S_AREA,
                    file,
                    line,
                    &[row.id.into(), row.section.into(), row.name.into()],
                );
            }
        });
        self.count("areas", keys.len() as u64);
        self.areas = keys;
    }

    fn partners(&mut self) {
        let file = PartnerRow::FILE;
        let mut keys = Keys::default();
        let mut names: FastMap<String, u64> = FastMap::default();
        let mut codes: FastMap<String, u64> = FastMap::default();
        let mut subjects = Vec::new();
        keys.complete = self.read_csv(file, PartnerRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<PartnerRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            if this.required(file, line, "name", row.name) {
                if let Some(first) = names.insert(row.name.to_lowercase(), line) {
                    this.problem(file, Some(line), format!("name {:?} is already used at line {first}", row.name));
                    ok = false;
                }
            } else {
                ok = false;
            }
            ok &= this.term(file, line, "kind", "partner_kind", row.kind);
            match (row.kind, row.iso3) {
                ("country", Some(code)) if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) => {
                    if let Some(first) = codes.insert(code.to_string(), line) {
                        this.problem(file, Some(line), format!("iso3 {code:?} is already used at line {first}"));
                        ok = false;
                    }
                }
                ("country", Some(code)) => {
                    this.problem(file, Some(line), format!("iso3 {code:?} is not an ISO 3166-1 alpha-3 code (three capital letters)"));
                    ok = false;
                }
                ("country", None) => {
                    this.problem(file, Some(line), "`iso3` is empty: a country needs its ISO 3166-1 alpha-3 code");
                    ok = false;
                }
                (_, Some(code)) => {
                    this.problem(file, Some(line), format!("iso3 {code:?} given for a {}: only countries have one", row.kind));
                    ok = false;
                }
                (_, None) => {}
            }
            let is_subject = match row.is_subject {
                "0" => false,
                "1" => true,
                other => {
                    this.problem(file, Some(line), format!("`is_subject` {other:?} must be 0 or 1"));
                    ok = false;
                    false
                }
            };
            if is_subject {
                subjects.push((line, row.id.to_string(), this.partner_ids.len() as u32));
            }
            let index = this.partner_ids.len() as u32;
            this.partner_ids.push(row.id.to_string());
            this.partner_names.insert(row.id.to_lowercase(), index);
            this.partner_names.insert(row.name.to_lowercase(), index);
            if ok && this.ok() {
                let values = [row.id.into(), row.name.into(), row.kind.into(), row.iso3.into(), (is_subject as i64).into()];
                this.out.row(S_PARTNER, file, line, &values);
            }
        });
        if keys.complete {
            match subjects.as_slice() {
                [] => self.problem(
                    file,
                    None,
                    "no partner has is_subject = 1: the country whose policy the text states",
                ),
                [(_, _, index)] => self.subject = Some(*index),
                [_, rest @ ..] => {
                    for (line, id, _) in rest {
                        self.problem(
                            file,
                            Some(*line),
                            format!(
                                "{id:?} is a second subject: only one partner has is_subject = 1"
                            ),
                        );
                    }
                }
            }
        }
        self.count("partners", keys.len() as u64);
        self.partners = keys;
    }

    fn aliases(&mut self) {
        let file = AliasRow::FILE;
        let mut seen: FastMap<String, u64> = FastMap::default();
        self.read_csv(file, AliasRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<AliasRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.required(file, line, "alias", row.alias);
            if ok && let Some(first) = seen.insert(row.alias.to_lowercase(), line) {
                this.problem(
                    file,
                    Some(line),
                    format!("alias {:?} is already listed at line {first}", row.alias),
                );
                ok = false;
            }
            if !this.partners.contains(row.partner_id) {
                if this.partners.complete {
                    this.problem(
                        file,
                        Some(line),
                        format!(
                            "unknown partner_id {:?} (aliases name a partner by its id)",
                            row.partner_id
                        ),
                    );
                }
                ok = false;
            }
            if ok {
                let key = row.alias.to_lowercase();
                let target = this.partner_names.get(row.partner_id).copied();
                match (this.partner_names.get(&key).copied(), target) {
                    (Some(other), Some(target)) if other != target => {
                        this.problem(
                            file,
                            Some(line),
                            format!(
                                "alias {:?} is already the id or name of partner {:?}",
                                row.alias, this.partner_ids[other as usize]
                            ),
                        );
                        ok = false;
                    }
                    (_, Some(target)) => {
                        this.partner_names.insert(key, target);
                    }
                    (_, None) => ok = false,
                }
            }
            if ok && this.ok() {
                this.out.row(
                    S_ALIAS,
                    file,
                    line,
                    &[row.alias.into(), row.partner_id.into(), row.note.into()],
                );
            }
        });
        self.count("partner_aliases", seen.len() as u64);
    }

    fn facts(&mut self, index: usize, spec: &FactSpec, quotes: &mut Quotes<'_, '_>) {
        let file = spec.file;
        let has = |column: &str| spec.columns.contains(&column);
        let mut keys = Keys::default();
        keys.complete = self.read_csv(file, spec.columns, |this, line, record, headers| {
            let Some(row) = this.parse::<FactRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            let label = if has("topic") { "topic" } else { "name" };
            ok &= this.required(
                file,
                line,
                label,
                row.name.or(row.topic).unwrap_or_default(),
            );
            ok &= this.term(file, line, "kind", spec.kind_domain, row.kind);
            if !this.areas.contains(row.area_id) {
                if this.areas.complete {
                    this.problem(
                        file,
                        Some(line),
                        format!("unknown area_id {:?}", row.area_id),
                    );
                }
                ok = false;
            }
            if has("china_role") {
                ok &= this.term(
                    file,
                    line,
                    "china_role",
                    "china_role",
                    row.china_role.unwrap_or_default(),
                );
            }
            let edition = match row.edition {
                None => None,
                Some(text) => match text.parse::<i64>() {
                    Ok(n) if n >= 1 && text.bytes().all(|b| b.is_ascii_digit()) => Some(n),
                    _ => {
                        this.problem(
                            file,
                            Some(line),
                            format!("`edition` {text:?} must be a whole number from 1"),
                        );
                        ok = false;
                        None
                    }
                },
            };
            let start = this.date(file, line, "date_start", row.date_start);
            let end = this.date(file, line, "date_end", row.date_end);
            ok &= row.date_start.is_none() || start.is_some();
            ok &= row.date_end.is_none() || end.is_some();
            if let (Some(start), Some(end)) = (start, end)
                && end.cmp_common(&start).is_lt()
            {
                this.problem(
                    file,
                    Some(line),
                    format!("date_end {end} comes before date_start {start}"),
                );
                ok = false;
            }
            if row.date_end.is_some() && row.date_start.is_none() {
                this.problem(file, Some(line), "`date_end` without `date_start`");
                ok = false;
            }
            match (row.date_start.is_some(), row.date_text.is_some()) {
                (true, false) => {
                    this.problem(
                        file,
                        Some(line),
                        "`date_text` is empty: keep the words the text dates it with",
                    );
                    ok = false;
                }
                (false, true) => {
                    this.problem(file, Some(line), "`date_text` without `date_start`");
                    ok = false;
                }
                _ => {}
            }
            let found = if this.required(file, line, "quote", row.quote) {
                match quotes.find(row.quote) {
                    Ok(found) => Some(found),
                    Err(why) => {
                        this.problem(file, Some(line), why);
                        None
                    }
                }
            } else {
                None
            };
            let (true, Some(found)) = (ok, found) else {
                return;
            };
            if !this.ok() {
                return;
            }
            // The values in the order of the statement's columns: the
            // file's, then where the quote was found.
            let mut values = [Val::Null; 13];
            for (slot, column) in values.iter_mut().zip(spec.columns) {
                *slot = match *column {
                    "id" => row.id.into(),
                    "name" => row.name.into(),
                    "topic" => row.topic.into(),
                    "kind" => row.kind.into(),
                    "area_id" => row.area_id.into(),
                    "china_role" => row.china_role.into(),
                    "edition" => edition.into(),
                    "date_start" => row.date_start.into(),
                    "date_end" => row.date_end.into(),
                    "date_text" => row.date_text.into(),
                    "quote" => row.quote.into(),
                    other => unreachable!("no fact column {other}"),
                };
            }
            let n = spec.columns.len();
            values[n] = found.passage_id.into();
            values[n + 1] = found.start.into();
            values[n + 2] = found.end.into();
            this.out.row(S_FACT + index, file, line, &values[..n + 3]);
        });
        self.count(spec.table, keys.len() as u64);
        self.facts.insert(spec.table, keys);
    }

    /// Resolve a partner reference (an id, a name or an alias, any case) to
    /// the partner's index.
    fn resolve_partner(&self, reference: &str) -> Option<u32> {
        if reference
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            self.partner_names.get(&reference.to_lowercase()).copied()
        } else {
            self.partner_names.get(reference).copied()
        }
    }

    fn links(&mut self, index: usize, spec: &FactSpec) {
        let file = spec.link_file;
        let columns = [spec.link_column, "partner_id", "role"];
        let mut seen: FastMap<(u32, u32), u64> = FastMap::default();
        let facts = self.facts.remove(spec.table).unwrap_or_default();
        self.read_csv(file, &columns, |this, line, record, headers| {
            let Some(row) = this.parse::<LinkRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = true;
            if !facts.contains(row.fact_id) {
                if facts.complete {
                    this.problem(file, Some(line), format!("unknown {} {:?}: no such row in {}", spec.link_column, row.fact_id, spec.file));
                }
                ok = false;
            }
            let partner = this.resolve_partner(row.partner_id);
            match &partner {
                None => {
                    if this.partners.complete {
                        this.problem(file, Some(line), format!("unknown partner {:?}: not an id, name or alias in partners.csv or partner_aliases.csv", row.partner_id));
                    }
                    ok = false;
                }
                Some(index) if this.subject == Some(*index) => {
                    this.problem(file, Some(line), format!("{:?} is the subject: its part is the fact's china_role, not a partner link", row.partner_id));
                    ok = false;
                }
                Some(_) => {}
            }
            ok &= this.term(file, line, "role", "partner_role", row.role);
            let (true, Some(partner)) = (ok, partner) else {
                return;
            };
            let fact = facts.index(row.fact_id).expect("checked above");
            if let Some(first) = seen.insert((fact, partner), line) {
                this.problem(file, Some(line), format!("{:?} is already linked to {:?} at line {first}", row.partner_id, row.fact_id));
                return;
            }
            if this.ok() {
                let values = [row.fact_id.into(), (&this.partner_ids[partner as usize]).into(), row.role.into()];
                this.out.row(S_LINK + index, file, line, &values);
            }
        });
        self.facts.insert(spec.table, facts);
        self.count(spec.link_table, seen.len() as u64);
    }

    fn figures(&mut self, quotes: &mut Quotes<'_, '_>) {
        let file = FigureRow::FILE;
        let mut keys = Keys::default();
        self.read_csv(file, FigureRow::COLUMNS, |this, line, record, headers| {
            let Some(row) = this.parse::<FigureRow>(file, line, record, headers) else {
                return;
            };
            let mut ok = this.slug(file, line, "id", row.id);
            if ok && !keys.insert(row.id) {
                this.problem(file, Some(line), format!("duplicate id {:?}", row.id));
                ok = false;
            }
            match (row.fact_table, row.fact_id) {
                (None, None) => {}
                (Some(table), Some(id)) => {
                    if this.term(file, line, "fact_table", "fact_table", table) {
                        let facts = this.facts.get(table);
                        if facts.is_some_and(|f| f.complete && !f.contains(id)) {
                            this.problem(
                                file,
                                Some(line),
                                format!("unknown fact_id {id:?}: no such row in {table}.csv"),
                            );
                            ok = false;
                        }
                    } else {
                        ok = false;
                    }
                }
                _ => {
                    this.problem(
                        file,
                        Some(line),
                        "`fact_table` and `fact_id` go together: give both or neither",
                    );
                    ok = false;
                }
            }
            ok &= this.required(file, line, "metric", row.metric);
            ok &= this.required(file, line, "unit", row.unit);
            let value: Option<Val<'static>> = if let Ok(n) = row.value.parse::<i64>() {
                Some(Val::Int(n))
            } else if let Ok(x) = row.value.parse::<f64>()
                && x.is_finite()
                && row
                    .value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                Some(Val::Real(x))
            } else {
                this.problem(
                    file,
                    Some(line),
                    format!(
                        "`value` {:?} is not a number (digits, an optional point, no commas)",
                        row.value
                    ),
                );
                None
            };
            ok &= value.is_some();
            if let Some(qualifier) = row.qualifier {
                ok &= this.term(file, line, "qualifier", "figure_qualifier", qualifier);
            }
            if this.required(file, line, "value_text", row.value_text)
                && !row.quote.contains(row.value_text)
            {
                this.problem(
                    file,
                    Some(line),
                    format!("`value_text` {:?} is not in the quote", row.value_text),
                );
                ok = false;
            }
            let found = if this.required(file, line, "quote", row.quote) {
                match quotes.find(row.quote) {
                    Ok(found) => Some(found),
                    Err(why) => {
                        this.problem(file, Some(line), why);
                        None
                    }
                }
            } else {
                None
            };
            let (true, Some(found), Some(value)) = (ok, found, value) else {
                return;
            };
            if this.ok() {
                let values = [
                    row.id.into(),
                    row.fact_table.into(),
                    row.fact_id.into(),
                    row.metric.into(),
                    value,
                    row.value_text.into(),
                    row.unit.into(),
                    row.qualifier.into(),
                    row.quote.into(),
                    found.passage_id.into(),
                    found.start.into(),
                    found.end.into(),
                ];
                this.out.row(S_FIGURE, file, line, &values);
            }
        });
        self.count("figures", keys.len() as u64);
    }

    /// Record which files were loaded, with their digests and, for a CSV
    /// file, the rows it put in its table.
    fn record_files(&mut self) {
        for name in self.seed.names() {
            let bytes = self.seed.get(name).unwrap_or_default();
            let rows = name
                .strip_suffix(".csv")
                .and_then(|t| self.counts.iter().find(|(c, _)| *c == t))
                .map(|(_, n)| *n as i64);
            let digest = sha256_hex(bytes);
            self.out.row(
                S_SEED_FILE,
                "seed_files",
                0,
                &[name.into(), (&digest).into(), rows.into()],
            );
        }
    }
}

/// A csv error as a message without the position (the caller prints that).
fn csv_message(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!(
                "not valid UTF-8 (field {}, byte {})",
                err.field() + 1,
                err.valid_up_to()
            )
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("{len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(field) => format!("field {}: {}", field + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => err.to_string(),
    }
}
