//! What a search must find, worked out from the source text without apsc:
//! the text's paragraphs as lower-case words, and the shell words of the
//! examples in the help.

use std::collections::BTreeSet;

use crate::text::paragraphs;
use crate::util::restored_text;

/// A passage of the restored text: its section, paragraph number, words.
pub struct Passage {
    pub section: String,
    pub paragraph: i64,
    pub words: Vec<String>,
}

/// The text's paragraphs as lower-case words: runs of letters and digits,
/// which is how a whole-word search that ignores case reads them.
fn passages() -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    for (section, text) in paragraphs(&restored_text()) {
        let paragraph = out.iter().filter(|p| p.section == section).count() as i64 + 1;
        out.push(Passage {
            section,
            paragraph,
            words: words(&text),
        });
    }
    out
}

/// Lower-case runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Passage {
    /// Whether the passage holds these words one after another.
    pub fn holds(&self, phrase: &str) -> bool {
        let phrase = words(phrase);
        self.words.windows(phrase.len()).any(|w| w == phrase)
    }

    pub fn holds_any(&self, phrases: &[&str]) -> bool {
        phrases.iter().any(|p| self.holds(p))
    }

    fn key(&self) -> (String, i64) {
        (self.section.clone(), self.paragraph)
    }
}

/// The passages, as (section, paragraph), that satisfy `wanted`.
pub fn expected(wanted: impl Fn(&Passage) -> bool) -> BTreeSet<(String, i64)> {
    passages()
        .iter()
        .filter(|p| wanted(p))
        .map(Passage::key)
        .collect()
}

/// The shell words of an example line: single quotes group, as in sh.
pub fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                }
                started = false;
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}
