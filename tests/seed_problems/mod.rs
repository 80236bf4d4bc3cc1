//! Bad seeds: every kind of broken seed directory is reported as
//! file:line, all problems of one run together, and nothing is loaded. The
//! catalogue of breakages has a module of its own.

mod breakages;

pub(crate) use breakages::{BREAKAGES, Breakage};

use std::fs;
use std::path::Path;

use crate::util::TestDir;

pub(crate) fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, change(text)).unwrap();
}

/// The 1-based line of the first line holding `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {}", path.display()))
        + 1
}

/// Replace the `n`th field (0-based) of the line holding `id` (a simple CSV
/// line up to that field).
fn set_field(path: &Path, id: &str, n: usize, value: &str) {
    edit(path, |text| {
        text.lines()
            .map(|line| {
                if line.starts_with(&format!("{id},")) {
                    let mut fields: Vec<String> =
                        line.splitn(n + 2, ',').map(String::from).collect();
                    fields[n] = value.to_string();
                    fields.join(",")
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
}

/// What a seed of `dir` says as it is refused (exit 3, messages only).
fn refused(t: &TestDir, dir: &Path) -> String {
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .clean_stderr()
        .stderr()
}

/// Apply one breakage to a fresh copy, seed it, and check the problems and
/// that the database did not change.
fn check_breakage(t: &TestDir, breakage: &Breakage) {
    let dir = t
        .path()
        .join(format!("seed-{}", breakage.name.replace(' ', "-")));
    fs::rename(t.seed_copy(), &dir).unwrap();
    let expected = (breakage.apply)(&dir);
    let before = fs::read(t.db()).unwrap();
    let run = t
        .apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .clean_stderr()
        .stderr_has("nothing was loaded");
    for problem in &expected {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with(problem.as_str())),
            "{}: no line starts with {problem:?}\nstderr:\n{}",
            breakage.name,
            run.stderr()
        );
    }
    assert_eq!(
        fs::read(t.db()).unwrap(),
        before,
        "{}: the database changed",
        breakage.name
    );
}

#[test]
fn every_kind_of_bad_seed_is_reported_and_nothing_is_loaded() {
    let t = TestDir::new();
    t.seeded();
    for breakage in BREAKAGES {
        check_breakage(&t, breakage);
    }
}

#[test]
fn all_problems_of_one_seed_are_reported_in_one_run() {
    let t = TestDir::new();
    t.seeded();
    let dir = t.seed_copy();
    let chosen = [
        "an empty required field",
        "an unknown partner",
        "a quote that is not in the text",
        "an end before its start",
        "a duplicate key",
    ];
    let mut expected = Vec::new();
    for breakage in BREAKAGES.iter().filter(|b| chosen.contains(&b.name)) {
        expected.extend((breakage.apply)(&dir));
    }
    let before = fs::read(t.db()).unwrap();
    let run = t
        .apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3);
    for problem in &expected {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with(problem.as_str())),
            "missing {problem:?}\n{}",
            run.stderr()
        );
    }
    assert!(
        run.stderr()
            .contains(&format!("{} problems in the seed", expected.len())),
        "{}",
        run.stderr()
    );
    assert_eq!(fs::read(t.db()).unwrap(), before);
}

#[test]
fn when_most_quotes_are_missing_the_text_is_named_first() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // Without its corrections the supplied text is not the paper's words.
    edit(&dir.join("corrections.csv"), |text| {
        text.lines().next().unwrap().to_string() + "\n"
    });
    let stderr = refused(&t, &dir);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[1].starts_with("documents.csv: ")
            && lines[1].contains("quotes are not in the restored text")
            && lines[1].contains("corrections.csv"),
        "{stderr}"
    );
    // The text saved with CRLF line endings: the digest's problem says so.
    let dir = t.seed_copy();
    let source = dir.join("white-paper-2017-section-vi.txt");
    edit(&source, |text| text.replace('\n', "\r\n"));
    let stderr = refused(&t, &dir);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[1].starts_with("documents.csv:2: source_sha256 does not match")
            && lines[1]
                .ends_with("it was saved with CRLF line endings; save it with LF line endings"),
        "{stderr}"
    );
    // The text is still read: with CRLF the quotes are found, and the
    // digest is the one problem.
    assert_eq!(lines.len(), 2, "{stderr}");
}

#[test]
fn an_empty_or_misspelled_term_id_or_partner_says_what_it_could_be() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let meetings = dir.join("meetings.csv");
    // kind is the third field, area_id the fourth.
    set_field(&meetings, "china-asean-le-dialogue", 2, "");
    set_field(&meetings, "mekong-le-ministerial", 2, "conferense");
    set_field(&meetings, "sco-emergency-heads-8", 3, "cyber security");
    let links = dir.join("exercise_partners.csv");
    let malaysia = line_of(&links, ",Malaysia,");
    edit(&links, |t| t.replacen(",Malaysia,", ",Malaysa,", 1));
    let stderr = refused(&t, &dir);
    let at = |id: &str| line_of(&meetings, &format!("{id},"));
    for wanted in [
        format!(
            "meetings.csv:{}: `kind` is empty; it is one of: conference,",
            at("china-asean-le-dialogue")
        ),
        format!(
            "meetings.csv:{}: `kind` \"conferense\" is not one of: conference,",
            at("mekong-le-ministerial")
        ),
        format!(
            "meetings.csv:{}: unknown area_id \"cyber security\"; did you mean \"cyber-security\"?",
            at("sco-emergency-heads-8")
        ),
        format!("exercise_partners.csv:{malaysia}: unknown partner \"Malaysa\""),
    ] {
        assert!(stderr.contains(&wanted), "no {wanted:?}\n{stderr}");
    }
    for wanted in ["did you mean \"conference\"?", "did you mean \"malaysia\"?"] {
        assert!(stderr.contains(wanted), "no {wanted:?}\n{stderr}");
    }
}

#[test]
fn a_wrong_digest_alone_is_one_problem() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let documents = dir.join("documents.csv");
    let line = line_of(&documents, "white-paper-2017-section-vi.txt");
    edit(&documents, |text| {
        let digest = text
            .split(|c: char| !c.is_ascii_hexdigit())
            .find(|w| w.len() == 64)
            .unwrap()
            .to_string();
        text.replace(&digest, &"0".repeat(64))
    });
    let stderr = refused(&t, &dir);
    // The text is checked all the same: nothing else is wrong with it.
    assert!(stderr.starts_with("apsc: seeding"), "{stderr}");
    assert!(stderr.contains("1 problem"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "documents.csv:{line}: source_sha256 does not match"
        )) && stderr.contains("if the text was changed on purpose, give that digest"),
        "{stderr}"
    );
}

/// A seed file saved from a spreadsheet with `;` between fields is told
/// so, once, instead of a missing column for each of its columns.
#[test]
fn a_seed_file_saved_with_semicolons_says_apsc_reads_commas() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    edit(&dir.join("areas.csv"), |text| text.replace(',', ";"));
    let err = refused(&t, &dir);
    assert!(
        err.contains("areas.csv:1: the file separates its fields with `;`")
            && err.contains("apsc reads `,`"),
        "{err}"
    );
    assert!(!err.contains("missing column"), "{err}");
}

/// An unclosed quote is named, with the line it opens on.
#[test]
fn an_unclosed_quote_in_a_seed_file_is_named() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let path = dir.join("partner_aliases.csv");
    let line = 2;
    edit(&path, |text| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[line - 1] = format!("\"Unclosed alias,{}", lines[line - 1]);
        lines.join("\n") + "\n"
    });
    let err = refused(&t, &dir);
    assert!(
        err.contains(&format!(
            "partner_aliases.csv:{line}: the quote `\"Unclosed alias,"
        )) && err.contains("is never closed"),
        "{err}"
    );
    assert!(!err.contains("fields where the header has"), "{err}");
}
