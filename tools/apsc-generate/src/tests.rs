//! The generator's tests: the same options give the same bytes, and the
//! partners stay distinct. That what it writes loads into apsc without a
//! problem, at every size, is apsc's tests' to prove (tests/seed.rs).

use std::collections::HashSet;
use std::fs;
use std::path::Path;

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
    // Eighteen CSV files and the source text.
    assert_eq!(files_a.len(), 19);
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
