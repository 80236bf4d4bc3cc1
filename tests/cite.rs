//! `apsc cite`: a fact's quote with its citation in each style, the place it
//! gives checked against the text, and a misspelled id answered with the
//! nearest.

use crate::util::TestDir;

const URL: &str = "http://english.scio.gov.cn/whitepapers/2017-01/20/content_40535681.htm";

/// The sentence at section, paragraph and sentence number, from the tables
/// the text was cut into.
fn sentence_at(t: &TestDir, section: &str, paragraph: i64, sentence: i64) -> String {
    t.conn()
        .query_row(
            "SELECT s.text FROM sentences s JOIN passages p ON p.id = s.passage_id
              WHERE p.section = ?1 AND p.ordinal = ?2 AND s.ordinal = ?3",
            rusqlite::params![section, paragraph, sentence],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn plain_gives_the_quote_and_where_it_stands() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&["cite", "meetings/china-asean-le-dialogue"])
        .success()
        .stdout();
    assert!(out.contains("In October 2015 China hosted the China-ASEAN Ministerial Dialogue"));
    assert!(out.contains("State Council Information Office"));
    assert!(out.contains("China's Policies on Asia-Pacific Security Cooperation"));
    assert!(out.contains("11 January 2017"));
    assert!(out.contains("Cooperation in Combating Transnational Crimes"));
    assert!(out.trim_end().ends_with(URL), "{out}");
    let place = out.split("section ").nth(1).unwrap();
    let numbers: Vec<&str> = place.split(", ").collect();
    let paragraph: i64 = numbers[2].trim_start_matches("paragraph ").parse().unwrap();
    let sentence: i64 = numbers[3]
        .trim_start_matches("sentence ")
        .split('.')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let text = sentence_at(&t, numbers[0], paragraph, sentence);
    assert!(text.starts_with("In October 2015 China hosted"), "{text}");
}

#[test]
fn csl_json_parses_with_the_fields_zotero_and_pandoc_read() {
    let t = TestDir::new();
    t.seeded();
    let run = t
        .apsc(&["cite", "gulf-of-aden-escorts", "--style", "csl-json"])
        .success();
    let value = run.json();
    let items = value.as_array().expect("an array");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item["type"], "report");
    assert_eq!(
        item["title"],
        "China's Policies on Asia-Pacific Security Cooperation"
    );
    assert!(
        item["publisher"]
            .as_str()
            .unwrap()
            .contains("State Council")
    );
    assert_eq!(
        item["issued"]["date-parts"],
        serde_json::json!([[2017, 1, 11]])
    );
    assert_eq!(item["URL"], URL);
    assert!(item["section"].as_str().unwrap().starts_with("VI.5"));
    assert!(
        item["note"]
            .as_str()
            .unwrap()
            .starts_with("From December 2008 to January 2016 Chinese fleets")
    );
}

#[test]
fn bibtex_is_a_techreport_with_its_fields() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&[
            "cite",
            "agreements/untoc",
            "--style",
            "bibtex",
            "-o",
            "ref.bib",
        ])
        .success()
        .stdout();
    assert!(out.is_empty());
    let bib = std::fs::read_to_string(t.path().join("ref.bib")).unwrap();
    assert!(
        bib.starts_with("@techreport{apsc-agreements-untoc,"),
        "{bib}"
    );
    for field in ["author", "title", "institution", "year", "note", "url"] {
        assert!(
            bib.contains(&format!("\n  {field} = {{")),
            "{field} in {bib}"
        );
    }
    assert!(bib.contains(&format!("url = {{{URL}}}")));
    assert!(bib.contains("United Nations Convention Against Transnational Organized Crime"));
}

#[test]
fn a_misspelled_id_gets_did_you_mean() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["cite", "meetings/china-asean-le-dialog"])
        .code_is(2)
        .stderr_has("did you mean \"meetings/china-asean-le-dialogue\"");
    t.apsc(&["cite", "china-asean-le-dialog"])
        .code_is(2)
        .stderr_has("did you mean \"meetings/china-asean-le-dialogue\"");
}

#[test]
fn the_output_name_chooses_the_style_when_style_is_not_given() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["cite", "agreements/untoc", "-o", "c.bib"])
        .success();
    let bib = std::fs::read_to_string(t.path().join("c.bib")).unwrap();
    assert!(bib.starts_with("@techreport{"), "{bib}");
    t.apsc(&["cite", "agreements/untoc", "-o", "CITE.JSON"])
        .success();
    let json = std::fs::read_to_string(t.path().join("CITE.JSON")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value.as_array().expect("an array").len(), 1);
    for name in ["c.txt", "c"] {
        t.apsc(&["cite", "agreements/untoc", "-o", name]).success();
        let text = std::fs::read_to_string(t.path().join(name)).unwrap();
        assert!(text.starts_with('\u{201c}'), "{name}: {text}");
    }
    // A .txt name says only "text": any style may go in it.
    t.apsc(&[
        "cite",
        "agreements/untoc",
        "--style",
        "bibtex",
        "-o",
        "b.txt",
    ])
    .success();
    let bib = std::fs::read_to_string(t.path().join("b.txt")).unwrap();
    assert!(bib.starts_with('@'), "{bib}");
}

#[test]
fn a_style_the_output_name_contradicts_is_refused_and_nothing_written() {
    let t = TestDir::new();
    t.seeded();
    for (style, name) in [
        ("plain", "c.bib"),
        ("csl-json", "c.bib"),
        ("bibtex", "c.json"),
    ] {
        let run = t
            .apsc(&["cite", "agreements/untoc", "--style", style, "-o", name])
            .code_is(2)
            .stderr_has(&format!("--style {style} does not match the name {name}"));
        assert_eq!(run.stderr().lines().count(), 1, "{}", run.stderr());
        assert!(!t.path().join(name).exists(), "{name} written");
    }
}
