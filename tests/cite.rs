//! `apsc cite`: a fact's quote with its citation in each style (BibTeX one
//! entry for the paper and each fact's pinpoint), the place it gives checked
//! against the text, and a misspelled id answered with the nearest.

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
    // Several facts: one item each, in the order given.
    let two = t
        .apsc(&[
            "cite",
            "gulf-of-aden-escorts",
            "agreements/untoc",
            "--style",
            "csl-json",
        ])
        .success()
        .json();
    let ids: Vec<&str> = two
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["operations/gulf-of-aden-escorts", "agreements/untoc"]);
}

#[test]
fn bibtex_is_one_entry_for_the_paper_and_each_fact_s_pinpoint() {
    let t = TestDir::new();
    t.seeded();
    let facts = ["agreements/untoc", "meetings/china-asean-le-dialogue"];
    let run = t.apsc(&[
        "cite", facts[0], facts[1], "--style", "bibtex", "-o", "ref.bib",
    ]);
    assert!(run.success().stdout().is_empty());
    let bib = std::fs::read_to_string(t.path().join("ref.bib")).unwrap();
    // One entry, whatever the facts: author-year styles print no 2017a, 2017b.
    let key = "white-paper-2017-vi";
    assert!(bib.starts_with(&format!("@techreport{{{key},")), "{bib}");
    assert_eq!(bib.matches('@').count(), 1, "{bib}");
    let alone = t.apsc(&["cite", facts[1], "--style", "bibtex"]).success();
    let entry = |text: &str| text.split("\n}\n").next().unwrap().to_string();
    assert_eq!(
        entry(&alone.stdout()),
        entry(&bib),
        "the entry differs by fact"
    );
    for field in ["author", "title", "institution", "year", "url"] {
        assert!(
            bib.contains(&format!("\n  {field} = {{")),
            "{field} in {bib}"
        );
    }
    assert!(bib.contains(&format!("url = {{{URL}}}")));
    // Each fact's pinpoint, in the order given, and its quote: the paragraph
    // holds the sentence.
    let pinpoints: Vec<&str> = bib.lines().filter(|l| l.contains("\\cite[")).collect();
    assert_eq!(pinpoints.len(), 2, "{bib}");
    for (fact, line) in facts.iter().zip(pinpoints) {
        let place = line.split_once("\\cite[section ").unwrap().1;
        let (section, rest) = place.split_once(", paragraph ").unwrap();
        let (paragraph, cited) = rest.split_once(']').unwrap();
        assert!(line.starts_with(&format!("% {fact}: ")), "{line}");
        assert_eq!(cited, format!("{{{key}}}"));
        let (table, id) = fact.split_once('/').unwrap();
        let paragraph_text: String = t
            .conn()
            .query_row(
                "SELECT p.text FROM passages p JOIN facts f ON f.passage_id = p.id
                  WHERE p.section = ?1 AND p.ordinal = ?2 AND f.fact_table = ?3 AND f.fact_id = ?4",
                rusqlite::params![section, paragraph.parse::<i64>().unwrap(), table, id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(!paragraph_text.is_empty());
    }
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
