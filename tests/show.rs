//! `apsc show`: a fact's card and a partner's facts, checked against the
//! seed files and the text itself, in every format.

use std::collections::HashMap;

use crate::util::{TestDir, paragraphs, restored_text, seed_facts, seed_links};

const FACT: &str = "meetings/china-asean-le-dialogue";

/// The one record of a CSV output, by column.
fn csv_record(text: &str) -> HashMap<String, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1, "one record: {text}");
    headers
        .iter()
        .zip(records[0].iter())
        .map(|(h, v)| (h.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_fact_card_holds_its_sentence_paragraph_partners_and_date() {
    let t = TestDir::new();
    let out = t
        .apsc(&["show", FACT, "--format", "csv"])
        .success()
        .stdout();
    let card = csv_record(&out);
    let seed = seed_facts().into_iter().find(|f| f.key == FACT).unwrap();
    assert_eq!(card["fact"], FACT);
    assert_eq!(card["type"], "meeting");
    assert_eq!(card["name"], seed.name);
    assert_eq!(card["quote"], seed.quote);
    // The paragraph is the text's own, found by its numbered heading.
    let (section, n, text) = paragraphs()
        .into_iter()
        .find(|(_, _, text)| text.contains(&seed.quote))
        .unwrap();
    assert_eq!(card["passage"], text);
    assert_eq!(
        (card["section"].as_str(), card["paragraph"].as_str()),
        (section.as_str(), n.to_string().as_str())
    );
    // "In October 2015": the words of the quote, and the month they name.
    assert!(seed.quote.starts_with(&card["date_text"]), "{card:?}");
    assert_eq!(card["date_start"], "2015-10");
    assert_eq!(card["date_end"], "");
    let partners = crate::util::seed_rows("partners.csv");
    for (_, partner, role) in seed_links().into_iter().filter(|(f, _, _)| f == FACT) {
        let name = &partners.iter().find(|p| p["id"] == partner).unwrap()["name"];
        assert!(
            card["partners"].contains(&format!("{name} ({role})")),
            "{card:?}"
        );
    }
}

#[test]
fn the_table_card_marks_the_sentence_without_escape_codes_off_a_terminal() {
    let t = TestDir::new();
    let seed = seed_facts().into_iter().find(|f| f.key == FACT).unwrap();
    let out = t.apsc(&["show", FACT]).success().stdout();
    assert!(!out.contains('\x1b'), "{out}");
    // The card wraps lines; joined again, the quote stands between » and «.
    let joined: String = out
        .lines()
        .filter_map(|l| l.split_once(" │ ").map(|(_, v)| v))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.contains(&format!("»{}«", seed.quote)), "{out}");
    assert!(out.starts_with(&format!("─[ {FACT} ]")), "{out}");
}

#[test]
fn a_bare_id_shows_the_same_card_and_markdown_marks_the_sentence() {
    let t = TestDir::new();
    let keyed = t
        .apsc(&["show", FACT, "--format", "json"])
        .success()
        .stdout();
    let bare = t
        .apsc(&["show", "china-asean-le-dialogue", "--format", "json"])
        .success()
        .stdout();
    assert_eq!(keyed, bare);
    let json: serde_json::Value = serde_json::from_str(&keyed).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["fact"], FACT);
    let md = t
        .apsc(&["show", FACT, "--format", "markdown"])
        .success()
        .stdout();
    assert!(md.starts_with("| field | value |\n| --- | --- |\n"), "{md}");
    assert!(md.contains("| passage | "), "{md}");
    assert!(md.contains("»In October 2015 China hosted"), "{md}");
}

#[test]
fn a_partner_shows_its_names_and_every_fact_in_date_order() {
    let t = TestDir::new();
    let out = t
        .apsc(&["show", "the ROK", "--format", "csv"])
        .success()
        .stdout();
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut shown: Vec<String> = rows.iter().map(|r| r[col("fact")].to_string()).collect();
    let mut expected: Vec<String> = seed_links()
        .into_iter()
        .filter(|(_, p, _)| p == "rok")
        .map(|(f, _, _)| f)
        .collect();
    assert!(!expected.is_empty());
    let starts: Vec<&str> = rows.iter().map(|r| &r[col("date_start")]).collect();
    let mut sorted = starts.clone();
    sorted.sort_by_key(|d| (d.is_empty(), d.to_string()));
    assert_eq!(starts, sorted, "date order, undated last");
    shown.sort();
    expected.sort();
    assert_eq!(shown, expected);
    // Every name the seed gives the partner is on the card.
    let names = &rows[0][col("partner_names")];
    for alias in crate::util::seed_rows("partner_aliases.csv")
        .into_iter()
        .filter(|a| a["partner_id"] == "rok")
    {
        assert!(names.contains(&alias["alias"]), "{names}");
    }
    let table = t.apsc(&["show", "ROK"]).success().stdout();
    assert!(table.starts_with("─[ rok ]"), "{table}");
}

#[test]
fn a_misspelled_id_is_offered_the_near_one_and_an_ambiguous_one_names_both() {
    let t = TestDir::new();
    t.apsc(&["show", "china-asean-le-dialog"])
        .code_is(2)
        .clean_stderr()
        .stderr_has(&format!("did you mean \"{FACT}\"?"));
    t.apsc(&["show", "meetings/no-such-thing"])
        .code_is(2)
        .clean_stderr();
    // "gctf" is both a meeting and a partner (the Global Counterterrorism Forum).
    t.apsc(&["show", "gctf"])
        .code_is(2)
        .stderr_has("meetings/gctf")
        .stderr_has("the partner gctf");
    t.apsc(&["show", "meetings/gctf"]).success();
}

#[test]
fn every_quote_in_a_card_is_restored_text() {
    let t = TestDir::new();
    let text = restored_text();
    for fact in seed_facts().iter().step_by(7) {
        let out = t
            .apsc(&["show", &fact.key, "--format", "json"])
            .success()
            .stdout();
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let passage = json[0]["passage"].as_str().unwrap();
        assert!(
            text.contains(passage) && passage.contains(&fact.quote),
            "{}",
            fact.key
        );
    }
}

#[test]
fn on_a_terminal_the_sentence_is_bold_and_no_line_ends_bold() {
    let t = TestDir::new();
    t.seeded();
    let bin = env!("CARGO_BIN_EXE_apsc");
    let Some(typed) = crate::util::on_a_terminal(&t, &format!("'{bin}' show {FACT}")) else {
        crate::util::missing("script(1) cannot run a command on a terminal here");
        return;
    };
    assert!(
        typed.contains("\x1b[1mIn October 2015 China hosted"),
        "{typed:?}"
    );
    assert!(!typed.contains('»'), "{typed:?}");
    // No line ends bold: the margin of the next line stays plain.
    for line in typed.lines() {
        let opened = line.rfind("\x1b[1m");
        let closed = line.rfind("\x1b[22m");
        assert!(opened <= closed, "{line:?}");
    }
}

#[test]
fn a_figure_counted_across_facts_is_on_the_card_of_each_fact_in_its_sentence() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let (passage, start, end): (i64, i64, i64) = conn
        .query_row(
            "SELECT passage_id, quote_start, quote_end FROM meetings
              WHERE id = 'china-asean-le-dialogue'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // A count the sentence states across facts: no fact of its own.
    conn.execute(
        "INSERT INTO figures (id, metric, value, value_text, unit, quote, passage_id,
                              quote_start, quote_end)
         VALUES ('across', 'dialogues held', 7, 'seven', 'dialogues', 'seven dialogues', ?1, ?2, ?3)",
        [passage, start, end],
    )
    .unwrap();
    // A fact in another paragraph does not share it.
    let other: String = conn
        .query_row(
            "SELECT fact_table || '/' || fact_id FROM facts WHERE passage_id <> ?1 LIMIT 1",
            [passage],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    let card = csv_record(
        &t.apsc(&["show", FACT, "--format", "csv"])
            .success()
            .stdout(),
    );
    assert!(
        card["figures"].contains("seven (dialogues held)"),
        "{card:?}"
    );
    let card = csv_record(
        &t.apsc(&["show", &other, "--format", "csv"])
            .success()
            .stdout(),
    );
    assert!(!card["figures"].contains("dialogues held"), "{card:?}");
}

/// Every fact as `apsc show` and `apsc html` read them all at once, in the
/// order of the text as SQL sorts it, and each read alone the same.
#[test]
fn every_fact_read_at_once_is_each_fact_read_alone() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let all = apsc::facts::load(&conn, None).unwrap();
    let order = crate::util::strings(
        &conn,
        "SELECT fact_table || '|' || fact_id FROM facts
          ORDER BY passage_id, quote_start, fact_table, fact_id",
        [],
    );
    let keys: Vec<String> = all
        .iter()
        .map(|f| format!("{}|{}", f.table, f.id))
        .collect();
    assert_eq!(keys, order);
    assert!(all.len() > 90, "{}", all.len());
    for fact in &all {
        let alone = apsc::facts::load(&conn, Some((&fact.table, &fact.id))).unwrap();
        assert_eq!(
            format!("{alone:?}"),
            format!("{:?}", [fact]),
            "{}",
            fact.key()
        );
    }
}

#[test]
fn show_and_cite_take_a_fact_by_its_exact_name_in_any_case_and_suggest_names() {
    let t = TestDir::new();
    t.seeded();
    let card = t
        .apsc(&["show", "second SAFE Mekong joint operation"])
        .success()
        .stdout();
    assert!(
        card.starts_with("─[ operations/safe-mekong-joint-operation-2 ]"),
        "{card}"
    );
    t.apsc(&["cite", "Second Safe Mekong Joint Operation"])
        .success()
        .stdout_has("sentence 4.");
    for command in ["show", "cite"] {
        t.apsc(&[command, "Second Safe Mekong Joint Operaton"])
            .code_is(2)
            .stderr_has("did you mean")
            .stderr_has("\"Second Safe Mekong Joint Operation\"");
    }
}

#[test]
fn a_card_gives_the_coded_form_an_inferred_date_and_a_partners_codes() {
    let t = TestDir::new();
    t.seeded();
    let card = csv_record(
        &t.apsc(&["show", "meetings/amcdrr", "--format", "csv"])
            .success()
            .stdout(),
    );
    assert_eq!(card["form"], "multilateral");
    assert!(
        card["form_note"].contains("names none of its members"),
        "{card:?}"
    );
    // No date of its own; one inferred from the paragraph's opening.
    assert_eq!(card["date_edtf"], "");
    assert!(
        card["context_date"].starts_with("[2015..2017-01], inferred"),
        "{card:?}"
    );
    let china = t.apsc(&["show", "china"]).success().stdout();
    assert!(
        china
            .contains("ISO CN CHN 156; COW 710 CHN; M49 Asia 142, Eastern Asia 030; Wikidata Q148"),
        "{china}"
    );
    assert!(
        china.lines().any(|l| l.trim_end() == "members │"),
        "{china}"
    );
    let sco = t.apsc(&["show", "sco"]).success().stdout();
    assert!(
        sco.lines()
            .any(|l| l.starts_with("members") && l.ends_with(" 6")),
        "{sco}"
    );
}
