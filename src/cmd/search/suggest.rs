//! When a search finds nothing: the words typed that the text never uses,
//! each with the words of the text nearest to it, so that a misspelling
//! ("terorism") or a word the text writes as two ("cybersecurity" for
//! "cyber security") gets a "did you mean", as names do elsewhere in apsc.

use rusqlite::Connection;

use super::terms::{self, Piece};
use crate::lookup;

/// The words the full-text index holds (lower case, accents removed),
/// sorted. A temporary table, so a read-only database can have it.
const VOCABULARY: &str = "
CREATE VIRTUAL TABLE IF NOT EXISTS temp.passage_words USING fts5vocab(main, passages_fts, row)";

/// `; "w" is not in the text; did you mean "x"?` for each word of the
/// searched pieces that no passage holds; empty when the text has them all.
pub fn unknown_words(conn: &Connection, pieces: &[Piece]) -> anyhow::Result<String> {
    let mut unknown: Vec<String> = Vec::new();
    for word in pieces
        .iter()
        .filter(|p| !p.excluded)
        .flat_map(|p| words(&p.text))
    {
        if !unknown.contains(&word) && !in_text(conn, &word)? {
            unknown.push(word);
        }
    }
    if unknown.is_empty() {
        return Ok(String::new());
    }
    conn.execute(VOCABULARY, [])?;
    let vocabulary: Vec<String> = conn
        .prepare("SELECT term FROM temp.passage_words ORDER BY term")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut said = String::new();
    for word in unknown {
        let mut options = in_two(conn, &word.to_lowercase(), &vocabulary)?;
        let near = lookup::nearest(&word, vocabulary.iter().map(String::as_str));
        options.extend(near.into_iter().map(String::from));
        options.truncate(3);
        let options: Vec<&str> = options.iter().map(String::as_str).collect();
        said += &format!(
            "; {word:?} is not in the text{}",
            lookup::did_you_mean(&options)
        );
    }
    Ok(said)
}

/// The words of a piece as the index splits them: runs of letters and
/// digits, as typed.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Whether some passage holds the word or phrase.
fn in_text(conn: &Connection, text: &str) -> anyhow::Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM passages_fts WHERE passages_fts MATCH ?1)",
        [terms::quote(text)],
        |row| row.get(0),
    )?)
}

/// The word split into two words of the text that the text writes one after
/// the other: "cybersecurity" as "cyber security". `word` is in lower case,
/// as the index holds words.
fn in_two(conn: &Connection, word: &str, vocabulary: &[String]) -> anyhow::Result<Vec<String>> {
    let known = |w: &str| vocabulary.binary_search_by(|v| v.as_str().cmp(w)).is_ok();
    let mut out = Vec::new();
    for (at, _) in word.char_indices().skip(1) {
        let (first, second) = word.split_at(at);
        let phrase = format!("{first} {second}");
        if known(first) && known(second) && in_text(conn, &phrase)? {
            out.push(phrase);
        }
    }
    Ok(out)
}
