//! What the user typed, read as words: bare words, "quoted phrases" and
//! -excluded ones, and the FTS5 query that searches for exactly those. Every
//! piece goes to FTS5 in double quotes, so no punctuation is ever syntax.

/// One word or phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The word or phrase, without its quotes or its leading `-`.
    pub text: String,
    /// Typed in double quotes.
    pub quoted: bool,
    /// Typed with a leading `-`: passages that hold it are left out.
    pub excluded: bool,
}

impl Piece {
    /// A piece, or None when it holds no letter or digit: the index splits
    /// text at everything else, so such a piece cannot match.
    fn new(text: &str, quoted: bool, excluded: bool) -> Option<Piece> {
        let text = text
            .chars()
            .any(char::is_alphanumeric)
            .then(|| text.to_string())?;
        Some(Piece {
            text,
            quoted,
            excluded,
        })
    }

    /// A word or phrase to leave out, given on its own.
    pub fn left_out(text: &str) -> Option<Piece> {
        Piece::new(text, true, true)
    }

    /// A bare AND, OR, NOT, prefix* or NEAR(: FTS5 syntax, which is
    /// searched here as typed.
    pub fn looks_like_syntax(&self) -> bool {
        !self.quoted
            && (matches!(self.text.as_str(), "AND" | "OR" | "NOT")
                || self.text.ends_with('*')
                || self.text.starts_with("NEAR("))
    }
}

/// Split a query into pieces, as Datasette reads its search box: whitespace
/// separates words, double quotes group a phrase (an unclosed quote runs to
/// the end), and a leading `-` excludes. Pieces with no letter or digit are
/// left out. Curly quotes are read as straight ones.
pub fn pieces(query: &str) -> Vec<Piece> {
    let query = straight_quotes(query);
    let mut out = Vec::new();
    let mut rest = query.trim_start();
    while !rest.is_empty() {
        let excluded = rest
            .strip_prefix('-')
            .is_some_and(|after| after.starts_with(|c: char| !c.is_whitespace()));
        if excluded {
            rest = &rest[1..];
        }
        let (text, quoted, after) = match rest.strip_prefix('"') {
            Some(inner) => match inner.split_once('"') {
                Some((phrase, after)) => (phrase, true, after),
                None => (inner, true, ""),
            },
            None => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..end], false, &rest[end..])
            }
        };
        out.extend(Piece::new(text, quoted, excluded));
        rest = after.trim_start();
    }
    out
}

/// Whether the character at `i` stands between two letters or digits.
fn inside_word(chars: &[char], i: usize) -> bool {
    i > 0 && chars[i - 1].is_alphanumeric() && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
}

/// The query with the curly quotes a word processor puts in (“a phrase”,
/// ‘a phrase’) made straight double quotes, which group a phrase. A ’ between
/// two letters, or with no ‘ open, is an apostrophe (China’s, members’) and
/// stays: the index splits words at it, as at '.
fn straight_quotes(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut single_open = false;
    let mut out = String::with_capacity(query.len());
    for (i, &c) in chars.iter().enumerate() {
        out.push(match c {
            '“' | '”' | '„' => '"',
            '‘' => {
                single_open = true;
                '"'
            }
            '’' if single_open && !inside_word(&chars, i) => {
                single_open = false;
                '"'
            }
            c => c,
        });
    }
    out
}

/// The ways the text may write a piece: as typed, and, when a hyphen joins
/// two letters or digits, also without it, since the text writes some words
/// both ways ("Non-Proliferation" and "nonproliferation").
pub fn forms(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let joining = |i: usize| chars[i] == '-' && inside_word(&chars, i);
    let joined: String = (0..chars.len())
        .filter(|&i| !joining(i))
        .map(|i| chars[i])
        .collect();
    let mut forms = vec![text.to_string()];
    if joined != text {
        forms.push(joined);
    }
    forms
}

/// An FTS5 string: the text in double quotes, inner quotes doubled. FTS5
/// reads it as the phrase of the words in it, whatever punctuation it holds.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Any one of the names: `"a"`, or `("a" OR "b")`.
pub fn any_of(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
    match &quoted[..] {
        [one] => one.clone(),
        many => format!("({})", many.join(" OR ")),
    }
}

/// The FTS5 query: every included group, and none of the excluded ones.
pub fn query(included: &[String], excluded: &[String]) -> String {
    let excluded = excluded.iter().map(|group| format!(" NOT {group}"));
    included.join(" AND ") + &excluded.collect::<String>()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, quoted: bool, excluded: bool) -> Piece {
        Piece {
            text: text.to_string(),
            quoted,
            excluded,
        }
    }

    #[test]
    fn words_phrases_and_exclusions_are_told_apart() {
        assert_eq!(
            pieces(r#" piracy  "joint operation" -Mekong -"Gulf of Aden" China's "#),
            vec![
                piece("piracy", false, false),
                piece("joint operation", true, false),
                piece("Mekong", false, true),
                piece("Gulf of Aden", true, true),
                piece("China's", false, false),
            ]
        );
    }

    #[test]
    fn punctuation_is_part_of_a_word_not_syntax() {
        assert_eq!(
            pieces("counter-terrorism NOT:x (a"),
            vec![
                piece("counter-terrorism", false, false),
                piece("NOT:x", false, false),
                piece("(a", false, false),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(
            pieces(r#"Mekong "joint operation"#),
            vec![
                piece("Mekong", false, false),
                piece("joint operation", true, false)
            ]
        );
    }

    #[test]
    fn pieces_without_a_letter_or_digit_are_left_out() {
        assert!(pieces(r#"... - "" "?!" -- ;"#).is_empty());
        assert!(pieces("").is_empty());
        assert_eq!(pieces("- 2015"), vec![piece("2015", false, false)]);
        assert_eq!(
            pieces("皇冠体育app"),
            vec![piece("皇冠体育app", false, false)]
        );
    }

    #[test]
    fn bare_syntax_is_noticed_quoted_syntax_and_words_are_not() {
        let p = pieces(r#"NOT "OR" or extradit* NEAR(a "b*" a*b"#);
        let noticed: Vec<bool> = p.iter().map(Piece::looks_like_syntax).collect();
        assert_eq!(noticed, [true, false, false, true, true, false, false]);
    }

    #[test]
    fn curly_quotes_group_a_phrase_and_a_curly_apostrophe_stays() {
        let phrase = piece("Security for Prosperity", true, false);
        assert_eq!(pieces("“Security for Prosperity”"), vec![phrase.clone()]);
        assert_eq!(pieces("‘Security for Prosperity’"), vec![phrase.clone()]);
        assert_eq!(
            pieces("China’s members’ -‘Security for Prosperity’"),
            vec![
                piece("China’s", false, false),
                piece("members’", false, false),
                piece("Security for Prosperity", true, true),
            ]
        );
    }

    #[test]
    fn a_hyphenated_word_is_also_searched_written_as_one() {
        assert_eq!(
            forms("non-proliferation"),
            vec!["non-proliferation", "nonproliferation"]
        );
        assert_eq!(
            forms("China-Japan-ROK talks"),
            vec!["China-Japan-ROK talks", "ChinaJapanROK talks"]
        );
        assert_eq!(forms("piracy"), vec!["piracy"]);
        assert_eq!(forms("-x- y - z"), vec!["-x- y - z"]);
    }

    #[test]
    fn quotes_inside_a_piece_are_doubled() {
        assert_eq!(quote(r#"say "hi""#), r#""say ""hi""""#);
        assert_eq!(quote("China's"), r#""China's""#);
    }

    #[test]
    fn the_query_joins_groups_and_excludes_the_rest() {
        let rok = any_of(&["ROK".to_string(), "the ROK".to_string()]);
        assert_eq!(rok, r#"("ROK" OR "the ROK")"#);
        assert_eq!(
            query(&[rok, quote("cyber")], &[quote("Japan")]),
            r#"("ROK" OR "the ROK") AND "cyber" NOT "Japan""#
        );
        assert_eq!(query(&[quote("Mekong")], &[]), r#""Mekong""#);
    }
}
