//! The source text: kept byte for byte, restored through the declared
//! corrections, cut into the paragraphs the file really has.

use sha2::{Digest, Sha256};

use crate::util::{FURNITURE, SOURCE_SHA256, TOKEN, TestDir, restored_text, source_text};

#[test]
fn the_seed_carries_the_supplied_text_byte_for_byte() {
    let digest = Sha256::digest(source_text().as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, SOURCE_SHA256);
    assert_eq!(source_text().matches(TOKEN).count(), 48);
}

#[test]
fn the_database_keeps_the_source_and_restores_china() {
    let t = TestDir::new();
    t.seeded();
    let (source, text, sha): (String, String, String) = t
        .conn()
        .query_row(
            "SELECT source_text, text, source_sha256 FROM documents",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(source, source_text());
    assert_eq!(sha, SOURCE_SHA256);
    assert_eq!(text, restored_text());
    assert!(!text.contains(TOKEN));
    // The paper ends with its last paragraph, without the web page's furniture.
    assert!(source.contains(FURNITURE));
    assert!(!text.contains("Registration Number"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("peaceful use of nuclear power.\"")
    );
    assert_eq!(text.matches("China").count(), 48);
    let (from, to, occurrences): (String, String, i64) = t
        .conn()
        .query_row(
            "SELECT find, replace_with, occurrences FROM corrections",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (from.as_str(), to.as_str(), occurrences),
        (TOKEN, "China", 48)
    );
}

#[test]
fn the_token_is_only_in_the_source_text_and_its_correction() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut hits = Vec::new();
    for table in crate::util::tables(&conn) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns: Vec<String> = stmt.column_names().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for (i, column) in columns.iter().enumerate() {
                if let Ok(Some(value)) = row.get::<_, Option<String>>(i)
                    && value.contains(TOKEN)
                {
                    hits.push(format!("{table}.{column}"));
                }
            }
        }
    }
    hits.sort();
    hits.dedup();
    assert_eq!(
        hits,
        ["corrections.find", "documents.source_text"],
        "the token is no alias of China"
    );
}

/// The paragraphs of the restored text, found here by reading the file:
/// every line after the chapter heading that is not a numbered heading and
/// not the registration line.
pub fn paragraphs(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut in_chapter = false;
    for line in text.lines() {
        if line.starts_with("VI. ") {
            in_chapter = true;
            continue;
        }
        if !in_chapter || line.trim().is_empty() || line.starts_with("Registration Number") {
            continue;
        }
        let number: String = line.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !number.is_empty() && line[number.len()..].starts_with(". ") {
            section = format!("VI.{number}");
            continue;
        }
        out.push((section.clone(), line.to_string()));
    }
    out
}

#[test]
fn passages_are_the_paragraphs_of_the_text() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT section, text FROM passages ORDER BY id")
        .unwrap();
    let passages: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected = paragraphs(&restored_text());
    assert_eq!(passages, expected);
    assert!(
        passages
            .iter()
            .all(|(_, text)| !text.contains("Registration Number"))
    );
    assert!(
        source_text()
            .trim_end()
            .ends_with("Registration Number: 130349")
    );
}

#[test]
fn passage_offsets_point_into_the_restored_text() {
    let t = TestDir::new();
    t.seeded();
    let text: Vec<char> = restored_text().chars().collect();
    let conn = t.conn();
    let mut stmt = conn
        .prepare("SELECT text, start_offset, end_offset FROM passages")
        .unwrap();
    let rows: Vec<(String, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty());
    for (passage, start, end) in rows {
        let slice: String = text[start as usize..end as usize].iter().collect();
        assert_eq!(slice, passage);
    }
}

#[test]
fn full_text_search_finds_restored_words_only() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let hits: i64 = conn
        .query_row(
            "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'Mekong'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let expected = paragraphs(&restored_text())
        .iter()
        .filter(|(_, p)| p.contains("Mekong"))
        .count();
    assert_eq!(hits as usize, expected);
    assert!(expected > 0);
    let token_hits: i64 = conn
        .query_row(
            "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH '\"皇冠体育app\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(token_hits, 0);
}

#[test]
fn check_finds_a_text_that_still_carries_an_omitted_line() {
    let t = TestDir::new();
    t.seeded();
    let ok = t.apsc(&["check", "--format", "csv"]).stdout();
    assert!(ok.contains("restoration,ok,"), "{ok}");
    assert!(ok.contains("and 1 omitted line removed"), "{ok}");
    // The furniture put back after the paper's last line, as the supplied text has it.
    t.conn()
        .execute(
            "UPDATE documents SET text = text || ?1",
            [format!("{FURNITURE}\n")],
        )
        .unwrap();
    let run = t.apsc(&["check", "--format", "csv"]).code_is(1);
    assert!(
        run.stdout().contains(
            "restoration,FAILED,white-paper-2017-vi: text is not source_text with its corrections applied and omitted lines removed"
        ),
        "{}",
        run.stdout()
    );
}
