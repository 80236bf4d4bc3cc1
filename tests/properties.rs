//! Properties over generated inputs, run in-process against the library:
//! any text survives a CSV round trip, Excel neutralisation leaves no cell a
//! spreadsheet would run as a formula and loses nothing, and the date and
//! EDTF parsers accept exactly what the schema's CHECK constraints accept.

use apsc::dates::{Edtf, PartialDate};
use std::sync::{Arc, Mutex};

use apsc::output::{CellArgs, Format, Printer, Target};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rusqlite::Connection;
use rusqlite::types::Value;

/// The UTF-8 byte-order mark that `--bom` and `--excel` put first.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The characters neutralisation guards against at the start of a cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Characters that break naive CSV writers and readers, or that spreadsheets
/// treat specially: quoting, line ends, NUL, formula starts, a stray BOM,
/// right-to-left text and its control marks, emoji with joiners, CJK.
fn awkward_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '"', ',', '\r', '\n', '\0', '\t', ';', '\'', '\\', ' ', '#', '=', '+', '-', '@', '|',
            '\u{feff}', '\u{200f}', '\u{202e}', '\u{200d}', '\u{fe0f}', 'ש', 'ل', '😀', '🏳', '北',
            '✓', 'a', '1',
        ]),
        any::<char>(),
    ]
}

/// Text of any kind, but mostly made of the awkward characters.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(awkward_char(), 0..40).prop_map(String::from_iter),
        1 => any::<String>(),
        1 => Just(String::new()),
    ]
}

/// The default configuration, with failing inputs kept beside this file in
/// `properties.proptest-regressions` and replayed first on every run. Named
/// explicitly because proptest's default looks for a `lib.rs` or `main.rs`
/// above the source file, which an integration test does not have.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// What the printer writes, kept in memory.
#[derive(Clone, Default)]
struct Memory(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Memory {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Print one row of two text cells under the header `a,b`.
fn csv_bytes(options: CellArgs, a: &str, b: &str) -> Vec<u8> {
    let memory = Memory::default();
    let target = Target::new(Box::new(memory.clone()), "memory".into());
    let mut printer = Printer::new(Format::Csv, options, target);
    let row = [Value::Text(a.to_string()), Value::Text(b.to_string())];
    printer
        .rows(&["a", "b"], [row])
        .expect("printing to memory");
    printer.finish().expect("printing to memory");
    memory.0.lock().unwrap().clone()
}

/// Read CSV back as the header and every record, with the csv crate's own
/// (independent) parser.
fn read_back(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(String::from)
        .collect();
    let records = reader
        .records()
        .map(|record| {
            record
                .expect("well-formed CSV")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    (header, records)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_round_trips_any_text(a in cell_text(), b in cell_text()) {
        let options = CellArgs::default();
        let bytes = csv_bytes(options, &a, &b);
        let (header, records) = read_back(&bytes);
        prop_assert_eq!(header, ["a", "b"]);
        prop_assert_eq!(records, vec![vec![a, b]]);
    }

    #[test]
    fn excel_cells_never_start_a_formula_and_lose_nothing(a in cell_text(), b in cell_text()) {
        // --excel alone brings the byte-order mark.
        let options = CellArgs { excel: true, ..CellArgs::default() };
        let bytes = csv_bytes(options, &a, &b);
        prop_assert!(bytes.starts_with(BOM), "no byte-order mark");
        // Read from past the mark, so that the assertion above is what checks
        // it, whatever the reader would do with a mark of its own accord.
        let (header, records) = read_back(&bytes[BOM.len()..]);
        prop_assert_eq!(&header, &["a", "b"]);
        prop_assert_eq!(records.len(), 1);
        prop_assert_eq!(records[0].len(), 2);
        for (cell, original) in records[0].iter().zip([&a, &b]) {
            prop_assert!(
                !cell.starts_with(FORMULA_STARTS),
                "{:?} came out as {:?}, which a spreadsheet would run", original, cell
            );
            if original.starts_with(FORMULA_STARTS) {
                prop_assert_eq!(cell.strip_prefix('\''), Some(original.as_str()));
            } else {
                prop_assert_eq!(cell, original);
            }
        }
    }
}

/// A database migrated with the real migrations, holding one document whose
/// `published` date the candidates replace.
fn schema_with_one_document() -> Connection {
    let mut conn = Connection::open_in_memory().expect("an in-memory database");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("foreign keys on");
    apsc::db::migrate(&mut conn).expect("the migrations run");
    conn.execute(
        "INSERT INTO documents (id, title, publisher, published, source_file, source_text, text, source_sha256)
         VALUES ('doc', 'Title', 'Publisher', '2017-01-11', 'doc.txt', 'text', 'text', ?1)",
        [&"0".repeat(64)],
    )
    .expect("a valid document");
    conn
}

/// Whether the CHECK on `documents.published` lets `candidate` in.
fn schema_accepts(conn: &Connection, candidate: &str) -> bool {
    accepts(conn, "UPDATE documents SET published = ?1", [candidate])
}

/// Whether the schema's CHECKs let an update of one row through. The update
/// is always rolled back, so every candidate meets the same row.
fn accepts(conn: &Connection, update: &str, params: impl rusqlite::Params) -> bool {
    conn.execute_batch("SAVEPOINT candidate")
        .expect("a savepoint");
    let result = conn.execute(update, params);
    conn.execute_batch("ROLLBACK TO candidate; RELEASE candidate")
        .expect("rolling back");
    match result {
        Ok(1) => true,
        Ok(n) => panic!("the update touched {n} rows, not one"),
        Err(err) if err.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            false
        }
        Err(err) => panic!("the update failed for another reason: {err}"),
    }
}

/// Strings near the date forms: four digits, then up to two parts of one to
/// three digits, so that short, long, zero and out-of-range months and days
/// all come up, sometimes followed by something that is not part of a date.
fn date_like() -> impl Strategy<Value = String> {
    let suffix = prop_oneof![
        4 => Just(String::new()),
        1 => prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec!['\0', ' ', '\n', 'T', 'Z', ':', '-', '0', '١', '２']),
                any::<char>(),
            ],
            1..4,
        )
        .prop_map(String::from_iter),
    ];
    ("[0-9]{4}(-[0-9]{1,3}(-[0-9]{1,3})?)?", suffix).prop_map(|(date, suffix)| date + &suffix)
}

/// Real dates at every precision, leap days included, so the accepting side
/// is tried as often as the refusing one.
fn valid_date() -> impl Strategy<Value = String> {
    (
        0u16..=9999,
        prop::option::of((1u8..=12, prop::option::of(1u8..=31))),
    )
        .prop_map(|(year, rest)| match rest {
            None => format!("{year:04}"),
            Some((month, None)) => format!("{year:04}-{month:02}"),
            Some((month, Some(day))) => format!("{year:04}-{month:02}-{day:02}"),
        })
}

thread_local! {
    /// One migrated database for every case: migrating per case would cost
    /// more than all the checks together.
    static SCHEMA: Connection = schema_with_one_document();
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn date_parser_agrees_with_the_schema(
        candidate in prop_oneof![
            3 => date_like(),
            2 => valid_date(),
            1 => any::<String>(),
            1 => "[0-9-]{0,12}",
        ]
    ) {
        let parsed = PartialDate::parse(&candidate);
        let accepted = SCHEMA.with(|conn| schema_accepts(conn, &candidate));
        prop_assert_eq!(
            parsed.is_ok(),
            accepted,
            "the parser says {:?} but the schema {} {:?}",
            parsed,
            if accepted { "accepts" } else { "refuses" },
            candidate
        );
        if let Ok(date) = parsed {
            prop_assert_eq!(date.to_string(), candidate);
        }
    }
}

/// The schema with one document, and one statement quoting it, whose dates
/// the EDTF candidates replace.
fn schema_with_one_statement() -> Connection {
    let conn = schema_with_one_document();
    conn.execute_batch(
        "INSERT INTO areas (id, section, name) VALUES ('area', 'VI.1', 'Area');
         INSERT INTO passages (id, document_id, section, heading, ordinal, text, start_offset, end_offset)
             VALUES (1, 'doc', 'VI.1', 'Area', 1, 'text', 0, 4);
         INSERT INTO statements (id, area_id, kind, topic, quote, passage_id, quote_start, quote_end, form)
             VALUES ('s', 'area', 'position', 'Topic', 'text', 1, 0, 4, 'unstated');",
    )
    .expect("a valid statement");
    conn
}

/// A start and an end the candidates are built from.
type Bounds = (&'static str, Option<&'static str>);

/// The dates the candidates are built from: valid, end after start.
const BOUNDS: [Bounds; 5] = [
    ("2015", None),
    ("2015-10", None),
    ("2016-05-01", None),
    ("2008-12", Some("2016-01")),
    ("2015", Some("2015-10-02")),
];

/// Strings near the EDTF forms: dates (those of [`BOUNDS`] most often)
/// with or without a qualifier, alone or in an interval, sometimes with
/// more after; now and then any string, or none.
fn edtf_candidates() -> impl Strategy<Value = Option<String>> {
    prop::sample::select(BOUNDS.to_vec()).prop_flat_map(|(start, end)| {
        let other = end.unwrap_or("2016-01");
        let date = prop_oneof![
            3 => Just(start.to_string()),
            2 => Just(other.to_string()),
            1 => date_like(),
        ];
        let qualifier = prop::sample::select(vec!["", "", "?", "~", "%", "??", "!", "?~", " "]);
        let last = prop_oneof![
            2 => Just(String::new()),
            2 => Just("/..".to_string()),
            3 => (date.clone(), qualifier.clone()).prop_map(|(d, q)| format!("/{d}{q}")),
            1 => prop::sample::select(vec!["/", "/../..", "/.", "/...", "../"]).prop_map(String::from),
        ];
        let suffix = prop_oneof![6 => Just(String::new()), 1 => "[\\x00/. ?~%a-]{1,3}"];
        let near = (date, qualifier, last, suffix)
            .prop_map(|(d, q, l, s)| format!("{d}{q}{l}{s}"));
        prop::option::weighted(0.95, prop_oneof![8 => near, 1 => any::<String>()])
    })
}

thread_local! {
    static WITH_STATEMENT: Connection = schema_with_one_statement();
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn edtf_rules_agree_with_the_schema(candidate in edtf_candidates()) {
        // The schema derives the bounds from the EDTF form: it accepts
        // exactly the forms the rules accept, with the bounds they read.
        let derived = WITH_STATEMENT.with(|conn| derived_bounds(conn, candidate.as_deref()));
        prop_assert_eq!(
            derived,
            rules_bounds(candidate.as_deref()),
            "the schema and the rules differ on {:?}",
            candidate
        );
    }
}

/// The bounds the schema derives from `edtf`, or `None` when it refuses it.
/// The update is rolled back, so every candidate meets the same row.
fn derived_bounds(conn: &Connection, edtf: Option<&str>) -> Option<(String, Option<String>)> {
    conn.execute_batch("SAVEPOINT candidate")
        .expect("a savepoint");
    let result = conn.execute(
        "UPDATE statements SET date_text = 'x', date_edtf = ?1",
        [edtf],
    );
    let bounds: (Option<String>, Option<String>) = conn
        .query_row("SELECT date_start, date_end FROM statements", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("the statement's bounds");
    conn.execute_batch("ROLLBACK TO candidate; RELEASE candidate")
        .expect("rolling back");
    match result {
        Ok(_) => Some((bounds.0.expect("a dated statement has a start"), bounds.1)),
        Err(err) if err.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            None
        }
        Err(err) => panic!("the update failed for another reason: {err}"),
    }
}

/// The bounds the rules read from `edtf` when they accept it: one of the
/// forms, an interval ending no earlier than it starts.
fn rules_bounds(edtf: Option<&str>) -> Option<(String, Option<String>)> {
    let (first, last) = Edtf::parse(edtf?).ok()?.bounds();
    if last.is_some_and(|last| last.cmp_common(&first).is_lt()) {
        return None;
    }
    Some((first.to_string(), last.map(|last| last.to_string())))
}
