//! The form of each engagement and the unnamed parties it rests on, pinned
//! against the words of the sentences: the rule of `facts_long.form` worked
//! out again here from the links, and the cases the text settles.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::seed_problems::edit;
use crate::util::{TestDir, restored_text};

/// The form and unnamed parties of one fact, and its quote.
fn form_of(conn: &Connection, fact_type: &str, id: &str) -> (String, Option<String>, String) {
    conn.query_row(
        "SELECT DISTINCT form, unnamed_parties, quote FROM facts_long
          WHERE fact_type = ?1 AND fact_id = ?2",
        [fact_type, id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .unwrap_or_else(|e| panic!("{fact_type}/{id}: {e}"))
}

#[test]
fn the_forms_the_text_settles() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let cases = [
        // China hosted it; the ARF convened it: many parties through its convener.
        (
            "meeting",
            "arf-ism-ct-tc-13",
            "hosted the 13th ARF Inter-Sessional Meeting",
            "multilateral",
        ),
        (
            "meeting",
            "ct-consultation-us",
            "bilateral anti-terrorism consultations with the US",
            "bilateral",
        ),
        (
            "exercise",
            "china-japan-rok-tabletop-3",
            "the Third China-Japan-ROK Tabletop Exercise",
            "trilateral",
        ),
        (
            "agreement",
            "judicial-assistance-extradition-treaties",
            "123 judicial assistance and extradition treaties with 70 countries",
            "multilateral",
        ),
    ];
    for (fact_type, id, words, form) in cases {
        let (got, _, quote) = form_of(&conn, fact_type, id);
        assert!(quote.contains(words), "{id}: {quote:?} lacks {words:?}");
        assert!(restored_text().contains(&quote));
        assert_eq!(got, form, "{fact_type}/{id}");
    }
    let role: String = conn
        .query_row(
            "SELECT partner_role FROM facts_long WHERE fact_id = 'arf-ism-ct-tc-13' AND partner_id = 'arf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(role, "convener");
    let (_, unnamed, _) = form_of(
        &conn,
        "agreement",
        "judicial-assistance-extradition-treaties",
    );
    assert_eq!(unnamed.as_deref(), Some("70 countries"));
}

#[test]
fn groups_the_text_does_not_name_are_unnamed_parties_not_partners() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let cases = [
        (
            "statement",
            "disaster-relief-future-cooperation",
            "relevant parties",
        ),
        (
            "operation",
            "terrorism-related-human-smuggling",
            "neighboring countries",
        ),
        (
            "operation",
            "southeast-asia-joint-actions",
            "Southeast Asian countries",
        ),
        (
            "statement",
            "call-for-international-cooperation",
            "all countries",
        ),
        (
            "statement",
            "extradition-treaties-encouraged",
            "countries concerned",
        ),
        ("statement", "npt-goals", "all parties"),
    ];
    for (fact_type, id, group) in cases {
        let (form, unnamed, quote) = form_of(&conn, fact_type, id);
        assert!(quote.contains(group), "{id}: {quote:?}");
        assert_eq!(unnamed.as_deref(), Some(group), "{fact_type}/{id}");
        assert_eq!(form, "multilateral", "{fact_type}/{id}");
    }
    let mut stmt = conn
        .prepare("SELECT lower(name) FROM partners UNION SELECT lower(alias) FROM partner_aliases")
        .unwrap();
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut stmt = conn
        .prepare("SELECT DISTINCT unnamed_parties, quote FROM facts_long WHERE unnamed_parties IS NOT NULL")
        .unwrap();
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() >= 10);
    for (parties, quote) in rows {
        for party in parties.split("; ") {
            assert!(quote.contains(party), "{party:?} not in {quote:?}");
            assert!(
                !names.contains(&party.to_lowercase()),
                "{party:?} is a partner"
            );
        }
    }
}

#[test]
fn every_form_follows_the_rule_from_the_links() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT fact_type || '/' || fact_id, partner_kind, unnamed_parties, form FROM facts_long")
        .unwrap();
    type Row = (String, Option<String>, Option<String>, String);
    let rows: Vec<Row> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut facts: HashMap<&str, (usize, usize, bool, &str)> = HashMap::new();
    for (key, kind, unnamed, form) in &rows {
        let entry = facts.entry(key).or_insert((0, 0, unnamed.is_some(), form));
        match kind.as_deref() {
            Some("country") => entry.0 += 1,
            Some(_) => entry.1 += 1,
            None => {}
        }
        assert_eq!(entry.3, form, "{key}: one form on every row");
    }
    for (key, (countries, others, unnamed, form)) in facts {
        let rule = match (countries, others, unnamed) {
            (0, 0, false) => "unilateral",
            (1, 0, false) => "bilateral",
            (2, 0, false) => "trilateral",
            _ => "multilateral",
        };
        assert_eq!(form, rule, "{key}");
    }
}

#[test]
fn an_unnamed_party_must_be_words_of_the_quote() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    edit(&dir.join("agreements.csv"), |text| {
        text.replacen(",70 countries\n", ",seventy countries\n", 1)
            .replacen(",70 countries\r\n", ",seventy countries\r\n", 1)
    });
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .stderr_has("`unnamed_parties` \"seventy countries\" is not words of the quote");
}
