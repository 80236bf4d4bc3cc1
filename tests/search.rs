//! `apsc search`: words searched as whole words, FTS5 syntax behind --fts,
//! exclusion, areas, limits, partner names and every output format. Every
//! expected count comes from the source text itself, read here as words.

mod expected;

use std::collections::BTreeSet;

use crate::util::{TestDir, seed_dir};
use expected::{expected, shell_words};

/// The rows of a CSV search result.
fn rows(out: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(out.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("search prints CSV")
}

/// The passages a search printed, as (section, paragraph).
fn found(t: &TestDir, args: &[&str]) -> BTreeSet<(String, i64)> {
    let mut all = vec!["search", "--format", "csv", "--limit", "0"];
    all.extend_from_slice(args);
    let run = t.apsc(&all).success().clean_stderr();
    rows(&run.stdout())
        .iter()
        .map(|r| (r[0].to_string(), r[1].parse().unwrap()))
        .collect()
}

/// A usage error: exit code 2 and one clear line on stderr.
#[track_caller]
fn one_line_usage_error(t: &TestDir, args: &[&str], says: &str) {
    let run = t.apsc(args).code_is(2).clean_stderr().stderr_has(says);
    let err = run.stderr();
    assert!(
        err.starts_with("apsc: ") && err.trim_end().lines().count() == 1,
        "{args:?} should fail with one line, not:\n{err}"
    );
    assert!(run.stdout().is_empty(), "{args:?} printed rows");
}

#[test]
fn hyphenated_area_names_are_words_not_fts5_syntax() {
    let t = TestDir::new();
    t.seeded();
    // The text writes both "Non-Proliferation" and "nonproliferation".
    for (typed, one_word) in [
        ("counter-terrorism", "counterterrorism"),
        ("non-proliferation", "nonproliferation"),
    ] {
        let want = expected(|p| p.holds_any(&[typed, one_word]));
        assert!(!want.is_empty(), "{typed} is in the text");
        assert_eq!(found(&t, &[typed]), want, "search {typed}");
    }
}

#[test]
fn an_apostrophe_is_part_of_the_word_not_fts5_syntax() {
    let t = TestDir::new();
    t.seeded();
    let want = expected(|p| p.holds("China's"));
    assert!(!want.is_empty());
    assert_eq!(found(&t, &["China's"]), want);
}

#[test]
fn us_finds_the_word_us_not_use_or_used_by_stemming() {
    let t = TestDir::new();
    t.seeded();
    let want = expected(|p| p.holds("US"));
    let stems = expected(|p| p.holds_any(&["use", "used"]) && !p.holds("US"));
    assert!(!want.is_empty() && !stems.is_empty(), "the text has both");
    assert_eq!(found(&t, &["US"]), want);
    let out = t
        .apsc(&["search", "US", "--format", "json", "--limit", "0"])
        .success()
        .stdout();
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    for row in rows.as_array().unwrap() {
        let snippet = row["snippet"].as_str().unwrap();
        assert!(!snippet.contains("[use"), "{snippet}");
    }
}

#[test]
fn not_and_prefixes_are_words_unless_fts_is_asked_for() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&["search", "NOT Mekong", "--format", "csv"])
        .success()
        .stderr_has("--not WORD");
    let want = expected(|p| p.holds("not") && p.holds("Mekong"));
    assert_eq!(rows(&run.stdout()).len(), want.len());
    // A prefix is syntax too: searched as typed, with a word on how to ask for it.
    let run = t
        .apsc(&["search", "extradit*", "--format", "csv"])
        .success()
        .stderr_has("--fts");
    assert_eq!(
        rows(&run.stdout()).len(),
        expected(|p| p.holds("extradit")).len()
    );
    one_line_usage_error(&t, &["search", "--fts", "NOT Mekong"], "double quotes");
    one_line_usage_error(
        &t,
        &["search", "--fts", "counter-terrorism"],
        "not a valid FTS5 query",
    );
}

#[test]
fn a_word_can_be_left_out_with_not_or_a_leading_minus() {
    let t = TestDir::new();
    t.seeded();
    let with = expected(|p| p.holds("cyber"));
    let want = expected(|p| p.holds("cyber") && !p.holds("BRICS"));
    assert!(!want.is_empty() && want.len() < with.len());
    assert_eq!(found(&t, &["cyber", "--not", "BRICS"]), want);
    assert_eq!(found(&t, &["cyber -BRICS"]), want);
    assert_eq!(found(&t, &["cyber", "--", "-BRICS"]), want);
    // A phrase left out is the phrase, not each of its words.
    let want = expected(|p| p.holds("cooperation") && !p.holds("cyber security"));
    assert_eq!(found(&t, &["cooperation", "--not", "cyber security"]), want);
    assert_eq!(found(&t, &["cooperation -\"cyber security\""]), want);
}

#[test]
fn fts_mode_takes_fts5_syntax() {
    let t = TestDir::new();
    t.seeded();
    let want = expected(|p| {
        p.words
            .iter()
            .any(|w| w.starts_with("extradit") || w.starts_with("smuggl"))
    });
    assert!(!want.is_empty());
    assert_eq!(found(&t, &["--fts", "extradit* OR smuggl*"]), want);
    let want = expected(|p| p.holds("Mekong") && !p.holds("Thailand"));
    assert_eq!(found(&t, &["--fts", "Mekong NOT Thailand"]), want);
    assert_eq!(found(&t, &["--fts", "Mekong", "--not", "Thailand"]), want);
}

#[test]
fn results_past_the_limit_are_counted_on_stderr() {
    let t = TestDir::new();
    t.seeded();
    let all = expected(|p| p.holds("cooperation")).len();
    assert!(all > 10, "enough passages to pass the default limit");
    let run = t
        .apsc(&["search", "cooperation", "--format", "csv"])
        .success();
    assert_eq!(rows(&run.stdout()).len(), 10);
    assert!(
        run.stderr()
            .contains(&format!("10 of {all} passages shown, {} more", all - 10)),
        "{}",
        run.stderr()
    );
    let run = t
        .apsc(&["search", "cooperation", "--format", "csv", "--limit", "3"])
        .success()
        .stderr_has(&format!("3 of {all}"));
    assert_eq!(rows(&run.stdout()).len(), 3);
    let run = t
        .apsc(&["search", "cooperation", "--format", "csv", "--limit", "0"])
        .success();
    assert_eq!(rows(&run.stdout()).len(), all);
    assert!(!run.stderr().contains("shown"), "{}", run.stderr());
}

#[test]
fn an_area_narrows_the_search_by_id_section_or_name() {
    let t = TestDir::new();
    t.seeded();
    let want = expected(|p| p.holds("cooperation") && p.section == "VI.4");
    assert!(!want.is_empty());
    for area in ["cyber-security", "VI.4", "cyber security"] {
        assert_eq!(found(&t, &["cooperation", "--area", area]), want, "{area}");
    }
    let mekong = expected(|p| p.holds("Mekong"));
    assert!(mekong.iter().all(|(section, _)| section != "VI.4"));
    assert!(found(&t, &["Mekong", "--area", "VI.4"]).is_empty());
    one_line_usage_error(
        &t,
        &["search", "Mekong", "--area", "cyber-securty"],
        "did you mean \"cyber-security\"",
    );
}

#[test]
fn bad_queries_are_one_line_usage_errors() {
    let t = TestDir::new();
    one_line_usage_error(&t, &["search", ""], "nothing to search for");
    one_line_usage_error(&t, &["search", "  "], "nothing to search for");
    one_line_usage_error(&t, &["search", "...", "?!"], "nothing to search for");
    one_line_usage_error(&t, &["search", "--fts", " "], "nothing to search for");
    one_line_usage_error(&t, &["search", "Mekong", "--limit", "-1"], "--limit");
    one_line_usage_error(&t, &["search", "--", "-Mekong"], "only leaves words out");
    assert!(
        !t.db().exists(),
        "a query with nothing to search for creates no database"
    );
    t.seeded();
    one_line_usage_error(&t, &["search", "Mekong", "--area", "nowhere"], "no area");
}

#[test]
fn a_partner_is_found_by_every_name_the_text_uses() {
    let t = TestDir::new();
    t.seeded();
    let aliases: Vec<String> = csv::Reader::from_path(seed_dir().join("partner_aliases.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[1] == "rok")
        .map(|r| r[0].to_string())
        .collect();
    let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
    assert!(aliases.contains(&"Republic of Korea") && aliases.contains(&"ROK"));
    let want = expected(|p| p.holds_any(&aliases));
    assert!(!want.is_empty());
    for typed in ["ROK", "Republic of Korea", "\"South Korea\""] {
        let run = t
            .apsc(&["search", typed, "--format", "csv", "--limit", "0"])
            .success()
            .stderr_has("names a partner");
        assert_eq!(rows(&run.stdout()).len(), want.len(), "{typed}");
    }
}

#[test]
fn an_iso_code_that_is_also_a_word_is_searched_as_the_word() {
    let t = TestDir::new();
    t.seeded();
    // CAN is Canada's ISO code; "can" is not a name the text uses for it.
    assert!(!expected(|p| p.holds("Canada")).is_empty());
    let run = t
        .apsc(&["search", "can", "--format", "csv"])
        .success()
        .clean_stderr();
    assert!(!run.stderr().contains("names a partner"));
    assert_eq!(
        rows(&run.stdout()).len(),
        expected(|p| p.holds("can")).len()
    );
}

#[test]
fn searching_for_the_spam_token_is_not_searching_for_china() {
    let t = TestDir::new();
    t.seeded();
    // The token is no alias of China: no search expands it to China's names.
    assert!(!expected(|p| p.holds_any(&["China"])).is_empty());
    let run = t
        .apsc(&["search", "皇冠体育app", "--format", "csv", "--limit", "0"])
        .success()
        .stderr_has("is not in the text");
    assert!(rows(&run.stdout()).is_empty());
}

#[test]
fn each_passage_shows_the_hit_and_the_facts_that_cite_it() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&["search", "Mekong", "--format", "json"])
        .success()
        .stdout();
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), expected(|p| p.holds("Mekong")).len());
    let conn = t.conn();
    for row in rows {
        assert!(
            row["snippet"].as_str().unwrap().contains("[Mekong]"),
            "{row}"
        );
        let cited: BTreeSet<String> = row["cited_by"]
            .as_str()
            .unwrap()
            .split(", ")
            .map(String::from)
            .collect();
        let mut stmt = conn
            .prepare(
                "SELECT f.fact_table || '/' || f.fact_id FROM facts f
                   JOIN passages p ON p.id = f.passage_id WHERE p.section = ?1 AND p.ordinal = ?2",
            )
            .unwrap();
        let citing: BTreeSet<String> = stmt
            .query_map(
                rusqlite::params![row["section"].as_str(), row["paragraph"].as_i64()],
                |r| r.get(0),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!citing.is_empty());
        assert_eq!(cited, citing, "{row}");
    }
    let ranks: Vec<f64> = rows.iter().map(|r| r["rank"].as_f64().unwrap()).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "best (lowest bm25) first: {ranks:?}"
    );
}

#[test]
fn every_output_format_prints_the_results() {
    let t = TestDir::new();
    t.seeded();
    for format in ["table", "csv", "tsv", "json", "jsonl", "markdown"] {
        t.apsc(&["search", "Mekong", "--format", format])
            .success()
            .stdout_has("[Mekong]")
            .stdout_has("VI.3");
    }
    let file = t.path().join("hits.csv");
    t.apsc(&["search", "Mekong", "-o", file.to_str().unwrap()])
        .success();
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(rows(&text).len(), expected(|p| p.holds("Mekong")).len());
}

#[test]
fn every_example_in_the_help_finds_something() {
    let t = TestDir::new();
    t.seeded();
    let help = t.apsc(&["search", "--help"]).success().stdout();
    let examples: Vec<&str> = help
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("apsc search "))
        .collect();
    assert!(examples.len() >= 5, "{help}");
    for example in examples {
        // The command ends where the comment begins: two spaces or more.
        let command = example.split("  ").next().unwrap();
        let words = shell_words(command);
        let mut args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        args.extend(["--format", "csv"]);
        let run = t.apsc(&args).success().clean_stderr();
        assert!(!rows(&run.stdout()).is_empty(), "{example} finds nothing");
    }
}

/// The one stderr line of a search that finds nothing.
fn nothing_found(t: &TestDir, typed: &str) -> String {
    let err = t.apsc(&["search", typed]).success().clean_stderr().stderr();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("apsc: no passage matches"), "{err}");
    err
}

#[test]
fn a_misspelled_word_gets_the_nearest_words_of_the_text() {
    let t = TestDir::new();
    t.seeded();
    assert!(expected(|p| p.holds("terorism")).is_empty());
    assert!(!expected(|p| p.holds("terrorism")).is_empty());
    let err = nothing_found(&t, "terorism");
    assert!(err.contains(r#""terorism" is not in the text"#), "{err}");
    assert!(err.contains(r#"did you mean"#), "{err}");
    assert!(err.contains(r#""terrorism""#), "{err}");
    // A word of the text is not named; one far from all of them gets no guess.
    let err = nothing_found(&t, "Mekong qqqzzx");
    assert!(!err.contains("Mekong"), "{err}");
    assert!(err.contains(r#""qqqzzx" is not in the text"#), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn a_word_the_text_writes_as_two_gets_the_phrase() {
    let t = TestDir::new();
    t.seeded();
    assert!(expected(|p| p.holds("cybersecurity")).is_empty());
    assert!(!expected(|p| p.holds("cyber security")).is_empty());
    let err = nothing_found(&t, "cybersecurity");
    assert!(err.contains(r#"did you mean "cyber security"?"#), "{err}");
}

#[test]
fn curly_quotes_make_a_phrase_as_straight_ones_do() {
    let t = TestDir::new();
    t.seeded();
    let want = expected(|p| p.holds("Security for Prosperity"));
    assert!(!want.is_empty());
    for curly in ["“Security for Prosperity”", "‘Security for Prosperity’"] {
        assert_eq!(found(&t, &[curly]), want, "{curly}");
    }
    // In another order the words are in the text, the phrase is not.
    let words = expected(|p| p.holds("Security") && p.holds("for") && p.holds("Prosperity"));
    assert!(!words.is_empty() && expected(|p| p.holds("Prosperity for Security")).is_empty());
    assert_eq!(found(&t, &["Prosperity for Security"]), words);
    for curly in ["“Prosperity for Security”", "‘Prosperity for Security’"] {
        assert!(found(&t, &[curly]).is_empty(), "{curly}");
    }
}
