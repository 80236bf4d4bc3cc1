//! The curated facts, tested against the text itself: every quote verbatim at
//! its offsets, every sentence cited, every partner link, date and figure
//! supported by the words of its quote.

use rusqlite::Connection;

use crate::util::{TestDir, restored_text};

/// A quoted row: where it comes from, its quote and its offsets.
struct Quoted {
    what: String,
    quote: String,
    start: usize,
    end: usize,
    section: String,
    area_section: Option<String>,
}

fn quoted(conn: &Connection) -> Vec<Quoted> {
    let mut stmt = conn
        .prepare(
            "SELECT f.fact_table || '/' || f.fact_id, f.quote, f.quote_start, f.quote_end, p.section, a.section
               FROM facts f JOIN passages p ON p.id = f.passage_id JOIN areas a ON a.id = f.area_id
             UNION ALL
             SELECT 'figures/' || g.id, g.quote, g.quote_start, g.quote_end, p.section, NULL
               FROM figures g JOIN passages p ON p.id = g.passage_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Quoted {
            what: r.get(0)?,
            quote: r.get(1)?,
            start: r.get::<_, i64>(2)? as usize,
            end: r.get::<_, i64>(3)? as usize,
            section: r.get(4)?,
            area_section: r.get(5)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn every_quote_is_verbatim_at_its_offsets() {
    let t = TestDir::new();
    t.seeded();
    let text: Vec<char> = restored_text().chars().collect();
    let rows = quoted(&t.conn());
    assert!(rows.len() > 50, "only {} quoted rows", rows.len());
    for row in rows {
        let at: String = text[row.start..row.end].iter().collect();
        assert_eq!(at, row.quote, "{} is not at its offsets", row.what);
    }
}

#[test]
fn every_fact_sits_in_the_section_of_its_area() {
    let t = TestDir::new();
    t.seeded();
    for row in quoted(&t.conn()) {
        if let Some(area_section) = &row.area_section {
            assert_eq!(
                &row.section, area_section,
                "{} quotes {} but its area is {}",
                row.what, row.section, area_section
            );
        }
    }
}

/// The sentences of the paper, found here without the program's splitter:
/// a sentence ends at ". " (or '." ') before a capital letter.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_chapter = false;
    for line in text.lines() {
        if line.starts_with("VI. ") {
            in_chapter = true;
            continue;
        }
        let numbered = line
            .split_once(". ")
            .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()));
        if !in_chapter || numbered || line.starts_with("Registration Number") || line.is_empty() {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        for i in 0..chars.len() {
            let stop = chars[i] == '.' || (chars[i] == '"' && i > 0 && chars[i - 1] == '.');
            let next_is_capital = chars.get(i + 1) == Some(&' ')
                && chars.get(i + 2).is_some_and(|c| c.is_uppercase());
            let closing_quote_follows = chars[i] == '.' && chars.get(i + 1) == Some(&'"');
            if stop && next_is_capital && !closing_quote_follows {
                out.push(chars[start..=i].iter().collect());
                start = i + 2;
            }
        }
        out.push(chars[start..].iter().collect());
    }
    out
}

#[test]
fn every_sentence_of_the_paper_is_cited() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn.prepare("SELECT quote FROM facts").unwrap();
    let quotes: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let all = sentences(&restored_text());
    assert_eq!(all.len(), 52, "the paper has 52 sentences");
    let uncited: Vec<&String> = all
        .iter()
        .filter(|s| {
            !quotes
                .iter()
                .any(|q| q.contains(s.as_str()) || s.contains(q.as_str()))
        })
        .collect();
    assert!(uncited.is_empty(), "sentences no fact cites: {uncited:#?}");
    // And the program's own sentence table agrees with this count.
    let n: i64 = conn
        .query_row("SELECT count(*) FROM sentences", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, all.len());
}

/// Every name a partner goes by: id, name, aliases, lower-cased.
fn names_of(conn: &Connection, partner: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT alias FROM partner_aliases WHERE partner_id = ?1 UNION SELECT name FROM partners WHERE id = ?1")
        .unwrap();
    stmt.query_map([partner], |r| r.get::<_, String>(0))
        .unwrap()
        .map(|n| n.unwrap().to_lowercase())
        .collect()
}

#[test]
fn every_partner_link_names_the_partner_in_its_quote() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT fp.fact_table || '/' || fp.fact_id, fp.partner_id, f.quote
               FROM fact_partners fp JOIN facts f ON f.fact_table = fp.fact_table AND f.fact_id = fp.fact_id",
        )
        .unwrap();
    let links: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(links.len() > 40, "only {} partner links", links.len());
    for (fact, partner, quote) in links {
        let quote = quote.to_lowercase();
        let names = names_of(&conn, &partner);
        assert!(
            names.iter().any(|n| quote.contains(n.as_str())),
            "{fact} links {partner}, but its quote names it by none of {names:?}"
        );
    }
}

#[test]
fn every_partner_is_named_in_the_text() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let text = restored_text().to_lowercase();
    let mut stmt = conn.prepare("SELECT id FROM partners").unwrap();
    let ids: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in ids {
        let names = names_of(&conn, &id);
        assert!(
            names.iter().any(|n| text.contains(n.as_str())),
            "partner {id} is not named in the text"
        );
    }
}

#[test]
fn china_is_the_one_subject_and_the_etim_is_no_partner() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let subjects: Vec<String> = conn
        .prepare("SELECT id FROM partners WHERE is_subject = 1")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(subjects, ["china"]);
    let etim: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM partners WHERE name LIKE '%Turkistan%' OR id LIKE '%etim%')
                  + (SELECT count(*) FROM partner_aliases WHERE alias LIKE '%ETIM%' OR alias LIKE '%Turkistan%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(etim, 0);
    let bad_codes: i64 = conn
        .query_row(
            "SELECT count(*) FROM partners WHERE (kind = 'country') <> (iso3 GLOB '[A-Z][A-Z][A-Z]' IS 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bad_codes, 0);
}

#[test]
fn every_date_is_in_the_words_of_its_quote() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare(
            "SELECT fact_table || '/' || fact_id, date_start,
                    CASE WHEN date_edtf NOT GLOB '[[]*' THEN date_end END, date_text, quote
               FROM facts WHERE date_start IS NOT NULL",
        )
        .unwrap();
    let rows: Vec<(String, String, Option<String>, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() >= 10);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    for (fact, start, end, words, quote) in rows {
        assert!(
            quote.contains(&words),
            "{fact}: date_text {words:?} is not in its quote"
        );
        for date in std::iter::once(&start).chain(end.as_ref()) {
            let year = &date[..4];
            assert!(
                words.contains(year),
                "{fact}: year {year} is not in {words:?}"
            );
            if date.len() >= 7 {
                let month = MONTHS[date[5..7].parse::<usize>().unwrap() - 1];
                assert!(words.contains(month), "{fact}: {month} is not in {words:?}");
            }
        }
    }
}

/// The number a figure's words state: digits with commas, "million", or a
/// number word.
fn stated_value(words: &str) -> f64 {
    let words = words
        .trim_start_matches("over ")
        .trim_start_matches("more than ");
    let number_words = [("three", 3.0), ("four", 4.0)];
    if let Some((_, n)) = number_words.iter().find(|(w, _)| *w == words) {
        return *n;
    }
    let digits: String = words
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let base: f64 = digits
        .parse()
        .unwrap_or_else(|_| panic!("no number in {words:?}"));
    if words.ends_with("million") {
        base * 1e6
    } else {
        base
    }
}

#[test]
fn every_figure_states_its_value_in_its_quote() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT id, value, value_text, qualifier, quote FROM figures")
        .unwrap();
    let rows: Vec<(String, f64, String, Option<String>, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rows.len() >= 10);
    for (id, value, words, qualifier, quote) in rows {
        assert!(
            quote.contains(&words),
            "figure {id}: {words:?} is not in its quote"
        );
        assert_eq!(
            stated_value(&words),
            value,
            "figure {id}: {words:?} does not say {value}"
        );
        match qualifier {
            Some(q) => assert!(
                words.starts_with(&q),
                "figure {id}: qualifier {q:?} is not in {words:?}"
            ),
            None => assert!(
                !words.starts_with("over") && !words.starts_with("more than"),
                "figure {id} lacks its qualifier"
            ),
        }
    }
}

#[test]
fn every_number_in_the_text_is_a_figure() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn.prepare("SELECT value_text FROM figures").unwrap();
    let stated: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Numbers written in digits, other than years, ordinals and names.
    let text = restored_text();
    let body = text.as_str();
    let paragraphs: Vec<&str> = body
        .lines()
        .filter(|l| {
            !l.split_once(". ")
                .is_some_and(|(n, _)| n.len() <= 3 && n.chars().all(|c| c.is_ascii_alphanumeric()))
        })
        .collect();
    let mut missing = Vec::new();
    for token in paragraphs
        .join(" ")
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
    {
        let core = token.trim_end_matches([',', '.', ';']);
        let digits: String = core.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            continue;
        }
        let is_year = digits.len() == 4
            && (digits.starts_with("20") || digits.starts_with("19"))
            && !core.contains(',');
        let is_ordinal = core.ends_with("th") || core.ends_with("st");
        let is_name = core.chars().any(|c| c.is_ascii_alphabetic()) && !core.contains('$');
        if is_year || is_ordinal || is_name {
            continue;
        }
        if !stated.iter().any(|s| s.contains(core)) {
            missing.push(core.to_string());
        }
    }
    assert!(missing.is_empty(), "numbers with no figure: {missing:?}");
}
