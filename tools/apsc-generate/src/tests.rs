//! The generator's tests: the same options give the same bytes, and what it
//! writes loads into apsc without a problem, at every size.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use apsc::seed::rows::seed_files;
use apsc::seed::{SeedDir, Summary, load};
use rusqlite::Connection;

use crate::generate::{Options, generate};
use crate::partners::{MAX_OTHERS, partners};
use crate::rng::Rng;

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn load_dir(dir: &Path) -> (Connection, Summary) {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    apsc::db::migrate(&mut conn).unwrap();
    let seed = SeedDir::read(dir).unwrap();
    let summary = match load(&mut conn, &seed, |_| Ok(())) {
        Ok(summary) => summary,
        Err(err) => panic!("the generated seed does not load: {err}"),
    };
    (conn, summary)
}

#[test]
fn the_same_options_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let options = Options {
        facts: 3000,
        seed: 7,
    };
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    let stats_a = generate(&a, &options).unwrap();
    let stats_b = generate(&b, &options).unwrap();
    assert_eq!(stats_a, stats_b);
    let (files_a, files_b) = (files(&a), files(&b));
    assert_eq!(files_a.len(), seed_files().len() + 1);
    for ((name_a, bytes_a), (name_b, bytes_b)) in files_a.iter().zip(&files_b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs between two runs");
    }
    assert_eq!(files_a.len(), files_b.len());
    // Another seed, other choices.
    generate(&c, &Options { seed: 8, ..options }).unwrap();
    assert_ne!(files(&c), files_a);
}

#[test]
fn a_generated_directory_loads_without_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("seed");
    let options = Options {
        facts: 2000,
        seed: 1,
    };
    let stats = generate(&dir, &options).unwrap();
    for file in seed_files() {
        assert!(dir.join(file).is_file(), "{file} is missing");
    }
    assert_eq!(stats.facts(), 2000);
    let (conn, summary) = load_dir(&dir);
    assert_eq!(summary.facts(), 2000);
    for (file, rows) in &stats.rows {
        let table = file.strip_suffix(".csv").unwrap();
        assert_eq!(summary.count(table), *rows, "rows of {file}");
    }
    assert_eq!(summary.count("sentences"), stats.sentences);
    assert_eq!(summary.count("passages"), stats.paragraphs);
    assert!(stats.rows("figures.csv") > 100);
    assert!(stats.text_bytes < 100 * 2000 / 4);
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
    // Every quote is a whole sentence, every sentence is quoted.
    assert_eq!(
        count(
            "SELECT count(*) FROM facts f
             WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = f.quote)"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM sentences s
             WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.quote = s.text)"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT count(*) FROM figures g
             WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = g.quote)"
        ),
        0
    );
    // Dates read from the sentence; some facts have them, some ranges.
    assert_eq!(
        count("SELECT count(*) FROM facts WHERE instr(quote, date_text) = 0"),
        0
    );
    assert!(count("SELECT count(*) FROM facts WHERE date_end IS NOT NULL") > 0);
    assert!(count("SELECT count(*) FROM facts WHERE length(date_start) = 10") > 0);
    // The correction applied; the furniture line was left out.
    assert!(count("SELECT occurrences FROM corrections") > 6);
    assert_eq!(
        count("SELECT count(*) FROM passages WHERE text LIKE 'Registration Number%'"),
        0
    );
    assert_eq!(count("SELECT count(*) FROM areas"), 6);
    // Links name partners by id and by alias, never the subject.
    assert_eq!(
        count(
            "SELECT count(*) FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
             WHERE p.is_subject = 1"
        ),
        0
    );
    assert!(count("SELECT count(*) FROM partners") >= 21);
    let links = fs::read_to_string(dir.join("meeting_partners.csv")).unwrap();
    assert!(links.lines().skip(1).any(|l| {
        let reference = l.split(',').nth(1).unwrap();
        reference.chars().any(|c| c.is_ascii_uppercase())
    }));
    assert!(links.lines().skip(1).any(|l| {
        let reference = l.split(',').nth(1).unwrap();
        !reference.chars().any(|c| c.is_ascii_uppercase())
    }));
}

#[test]
fn tiny_directories_load_too() {
    let tmp = tempfile::tempdir().unwrap();
    for facts in [0, 1, 5, 7] {
        let dir = tmp.path().join(facts.to_string());
        let stats = generate(&dir, &Options { facts, seed: 3 }).unwrap();
        let (_, summary) = load_dir(&dir);
        assert_eq!(summary.facts(), facts);
        assert_eq!(stats.facts(), facts);
    }
}

#[test]
fn partners_stay_distinct_at_the_cap() {
    let partners = partners(&mut Rng(5), u64::MAX / 2);
    assert_eq!(partners.len() as u64, 1 + MAX_OTHERS);
    let mut names = HashSet::new();
    let mut codes = HashSet::new();
    for p in &partners {
        // Ids, names and aliases resolve without regard to case.
        assert!(names.insert(p.id.to_lowercase()), "{}", p.id);
        if p.name.to_lowercase() != p.id {
            assert!(names.insert(p.name.to_lowercase()), "{}", p.name);
        }
        for (alias, _) in &p.aliases {
            assert!(names.insert(alias.to_lowercase()), "{alias}");
        }
        match (p.kind, &p.iso3) {
            ("country", Some(code)) => {
                assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
                assert!(codes.insert(code.clone()), "{code}");
            }
            (_, None) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(codes.len() as u64, 1 + MAX_OTHERS * 2 / 3);
}

#[test]
fn refuses_a_directory_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("x"), "x").unwrap();
    let err = generate(tmp.path(), &Options::default()).unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
}
