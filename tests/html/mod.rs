//! `apsc html`: the reading view, parsed with an HTML parser and checked
//! against the seed files and the text: marks exactly where the quotes are,
//! the paper verbatim, every card and partner. The drawings and the partner
//! index, and what keeps the page safe, have modules of their own.

mod drawings;
mod safety;

use scraper::{ElementRef, Html, Selector};

use crate::util::{
    SOURCE_SHA256, TOKEN, TestDir, restored_text, seed_facts, seed_links, seed_rows, source_text,
};

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text(el: ElementRef) -> String {
    el.text().collect()
}

/// The page `apsc html` writes from the built-in seed, made once per test
/// run (see [`TestDir::seeded_then`]), as text and parsed.
pub fn page(t: &TestDir) -> (String, Html) {
    t.seeded_then(&["html", "-o", "paper.html"]);
    read_page(t)
}

/// The page `apsc html` writes from this test's own database.
fn own_page(t: &TestDir) -> (String, Html) {
    t.apsc(&["html", "-o", "paper.html"])
        .success()
        .clean_stderr();
    read_page(t)
}

fn read_page(t: &TestDir) -> (String, Html) {
    let html = std::fs::read_to_string(t.path().join("paper.html")).unwrap();
    let doc = Html::parse_document(&html);
    (html, doc)
}

/// Each mark as (its fact ids, its text).
fn marks(doc: &Html) -> Vec<(Vec<String>, String)> {
    doc.select(&sel("mark"))
        .map(|m| {
            let ids = m
                .value()
                .attr("data-facts")
                .expect("every mark lists its facts");
            (ids.split(',').map(String::from).collect(), text(m))
        })
        .collect()
}

#[test]
fn every_fact_is_marked_exactly_where_its_quote_is() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    let marks = marks(&doc);
    let restored = restored_text();
    for (_, text) in &marks {
        assert!(
            restored.contains(text.as_str()),
            "a mark's text is not the text: {text}"
        );
        assert!(!text.contains(TOKEN), "{text}");
    }
    for fact in seed_facts() {
        let mine: Vec<&String> = marks
            .iter()
            .filter(|(ids, _)| ids.contains(&fact.key))
            .map(|(_, text)| text)
            .collect();
        assert!(!mine.is_empty(), "{} is in no mark", fact.key);
        // Its mark holds the quote, or the quote spans its marks.
        let holds = mine.len() == 1 && mine[0].contains(&fact.quote);
        let spans = mine.iter().all(|m| fact.quote.contains(m.as_str()));
        assert!(holds || spans, "{}: {mine:?}", fact.key);
    }
    // No mark claims a fact whose quote it does not touch.
    let facts = seed_facts();
    for (ids, text) in &marks {
        for id in ids {
            let fact = facts.iter().find(|f| &f.key == id).expect("a known fact");
            assert!(
                text.contains(&fact.quote) || fact.quote.contains(text.as_str()),
                "{id} in {text}"
            );
        }
    }
}

#[test]
fn the_paper_section_reads_as_the_restored_text() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    let omitted: Vec<String> = seed_rows("omissions.csv")
        .into_iter()
        .map(|o| o["line"].clone())
        .collect();
    let restored = restored_text();
    let expected: Vec<&str> = restored
        .lines()
        .filter(|l| !omitted.iter().any(|o| o == l))
        .collect();
    let paper = doc.select(&sel("main#paper")).next().expect("the paper");
    let blocks: Vec<String> = paper
        .children()
        .filter_map(ElementRef::wrap)
        .map(|el| {
            assert!(
                ["h2", "h3", "p"].contains(&el.value().name()),
                "only headings and paragraphs in the paper: {}",
                el.value().name()
            );
            text(el)
        })
        .collect();
    assert_eq!(blocks.join("\n"), expected.join("\n"));
    // The paragraphs are the passages, each exactly once.
    let passages: Vec<String> = paper.select(&sel("p.passage")).map(text).collect();
    let lines: Vec<String> = crate::util::paragraphs().into_iter().map(|p| p.2).collect();
    assert_eq!(passages, lines);
}

#[test]
fn every_fact_has_its_card_and_every_mark_links_to_cards() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    for fact in seed_facts() {
        let card = doc
            .select(&sel(&format!("tr[id=\"{}\"]", fact.key)))
            .next()
            .unwrap_or_else(|| panic!("no card for {}", fact.key));
        assert!(text(card).contains(&fact.name), "{}", fact.key);
        assert_eq!(card.value().attr("data-type"), Some(fact.table.as_str()));
        assert_eq!(card.value().attr("data-area"), Some(fact.area.as_str()));
        if !fact.date_text.is_empty() {
            assert!(text(card).contains(&fact.date_text), "{}", fact.key);
        }
        // The card links back to a mark that holds the fact.
        let back = card.select(&sel("td[data-col=source] a")).next().unwrap();
        let mark_id = &back.value().attr("href").unwrap()[1..];
        let mark = doc
            .select(&sel(&format!("mark[id=\"{mark_id}\"]")))
            .next()
            .unwrap();
        assert!(
            mark.value()
                .attr("data-facts")
                .unwrap()
                .split(',')
                .any(|k| k == fact.key)
        );
    }
    // Figures sit in their facts' cards.
    for figure in seed_rows("figures.csv")
        .into_iter()
        .filter(|f| !f["fact_id"].is_empty())
    {
        let key = format!("{}/{}", figure["fact_table"], figure["fact_id"]);
        let card = doc
            .select(&sel(&format!("tr[id=\"{key}\"]")))
            .next()
            .unwrap();
        assert!(text(card).contains(&figure["value_text"]), "{key}");
    }
    // Every id is unique, so that every link has one target.
    let mut ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .map(|e| e.value().id().unwrap())
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
    // Every mark is reachable from the keyboard.
    for mark in doc.select(&sel("mark")) {
        assert_eq!(mark.value().attr("tabindex"), Some("0"));
    }
}

#[test]
fn each_partner_lists_exactly_its_facts_with_its_role_in_each() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    let links = seed_links();
    let facts = seed_facts();
    for partner in seed_rows("partners.csv") {
        let id = &partner["id"];
        let entry = doc
            .select(&sel(&format!("#partner-{id}")))
            .next()
            .unwrap_or_else(|| panic!("{id} is not in the index"));
        let listed: Vec<(String, String)> = entry
            .select(&sel("li[data-fact]"))
            .map(|li| (li.value().attr("data-fact").unwrap().to_string(), text(li)))
            .collect();
        let mut keys: Vec<&str> = listed.iter().map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        let mut expected: Vec<&str> = links
            .iter()
            .filter(|(_, p, _)| p == id)
            .map(|(k, _, _)| k.as_str())
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(keys, expected, "{id}");
        for (key, shown) in &listed {
            assert!(
                links.iter().any(|(k, p, role)| k == key
                    && p == id
                    && shown.contains(&format!(", {role})"))),
                "{id}: {key} without its role: {shown}"
            );
        }
        // The count: every fact for the subject, else the facts listed.
        let count = text(entry.select(&sel("summary .count")).next().unwrap());
        let n = if partner["is_subject"] == "1" {
            facts.len()
        } else {
            expected.len()
        };
        assert_eq!(count, format!("({n})"), "{id}");
    }
}

#[test]
fn the_provenance_names_the_document_its_digest_and_the_corrections() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    let footer = text(doc.select(&sel("#provenance")).next().unwrap());
    let document = &seed_rows("documents.csv")[0];
    for field in ["title", "publisher", "published", "source_file"] {
        assert!(footer.contains(&document[field]), "{field}");
    }
    assert!(footer.contains(SOURCE_SHA256));
    let restored = source_text().matches(TOKEN).count();
    assert_eq!(restored, 48, "the text as supplied");
    assert!(
        footer.contains(&format!("“{TOKEN}” → “China”, {restored} times")),
        "{footer}"
    );
    assert!(footer.contains(&format!("apsc {}", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_page_goes_to_stdout_or_nowhere_on_error() {
    let t = TestDir::new();
    t.apsc(&["html", "-o", "-"])
        .success()
        .stdout_has("<!DOCTYPE html>");
    let missing = t.path().join("no/such/folder/paper.html");
    t.apsc(&["html", "-o", missing.to_str().unwrap()])
        .code_is(5)
        .clean_stderr()
        .stderr_has("does not exist");
}

#[test]
fn the_page_parses_without_an_error() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    assert!(doc.errors.is_empty(), "{:#?}", doc.errors);
}

#[test]
fn the_reading_view_says_the_texts_limits_and_each_facts_coded_form() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    let limits = doc
        .select(&sel("header .limits"))
        .next()
        .map(text)
        .unwrap_or_default();
    assert!(
        limits.contains("VI.6 holds the first paragraph only"),
        "{limits}"
    );
    let row = doc
        .select(&sel("tr[id=\"meetings/amcdrr\"]"))
        .next()
        .unwrap();
    let form = row
        .select(&sel("td[data-col=\"form\"]"))
        .next()
        .map(text)
        .unwrap();
    assert!(form.starts_with("multilateral"), "{form}");
    assert!(
        form.contains("though the text names none of its members"),
        "{form}"
    );
    let date = row
        .select(&sel("td[data-col=\"date\"]"))
        .next()
        .map(text)
        .unwrap();
    assert!(
        date.contains("[2015..2017-01]") && date.contains("inferred"),
        "{date}"
    );
}
