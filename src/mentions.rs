//! Finding the partners a quote names: one matcher of every partner name and
//! alias, run once over a quote, in time linear in its words. Names match as
//! whole words, ignoring case and what stands between the words: "US" never
//! matches inside "USA", "ROK" matches in "China-Japan-ROK". At each word the
//! longest name wins: "ASEAN Regional Forum" is the forum, not ASEAN.
//!
//! A sentence often holds several facts. [`about_fact`] judges a fact on the
//! clause holding its name (the text lists its facts with commas and ", and
//! "), or on the whole sentence when the name does not occur; a name inside
//! another fact's name ("Japan" in "the Third China-Japan-ROK Tabletop
//! Exercise") is that fact's. `cmd::check::curation` handles partners that a
//! sentence names once for several facts; `mention_waivers` carries the
//! mentions that are rightly not links, each with why.

use std::collections::HashMap;
use std::ops::Range;

/// The words of a text (runs of letters and digits): each one's byte range
/// and its lower-cased form.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let words = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    // Each word is a slice of `text`: its offset is how far into it it starts.
    let at = |word: &str| word.as_ptr() as usize - text.as_ptr() as usize;
    words
        .map(|w| (at(w)..at(w) + w.len(), w.to_lowercase()))
        .collect()
}

/// Every name of every partner, as words, keyed by its first word.
pub struct Matcher<P> {
    by_first: HashMap<String, Vec<(Vec<String>, P)>>,
}

/// A name found in a text: where, and whose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention<P> {
    pub span: Range<usize>,
    pub partner: P,
}

impl<P: Clone> Matcher<P> {
    /// A matcher of `names`: (name, partner) pairs. A name without a word
    /// (punctuation only) can never match and is left out.
    pub fn new<'n>(names: impl IntoIterator<Item = (&'n str, P)>) -> Matcher<P> {
        let mut by_first: HashMap<String, Vec<(Vec<String>, P)>> = HashMap::new();
        for (name, partner) in names {
            let words: Vec<String> = words(name).into_iter().map(|(_, w)| w).collect();
            if let Some(first) = words.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push((words, partner));
            }
        }
        for names in by_first.values_mut() {
            names.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        }
        Matcher { by_first }
    }

    /// Every name in `text`, leftmost first, the longest at each word.
    pub fn find(&self, text: &str) -> Vec<Mention<P>> {
        let words = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // Whether the name's words stand at word i.
            let same = |name: &[String]| words[i..i + name.len()].iter().map(|(_, w)| w).eq(name);
            let at = |name: &[String]| i + name.len() <= words.len() && same(name);
            let mut names = self.by_first.get(&words[i].1).into_iter().flatten();
            let Some((name, partner)) = names.find(|(name, _)| at(name)) else {
                i += 1;
                continue;
            };
            let end = i + name.len();
            let (span, partner) = (words[i].0.start..words[end - 1].0.end, partner.clone());
            out.push(Mention { span, partner });
            i = end;
        }
        out
    }
}

/// Where the fact called `name` is named in `quote`, ignoring case.
pub fn name_span(quote: &str, name: &str) -> Option<Range<usize>> {
    let lower = quote.to_lowercase();
    let wanted = name.to_lowercase();
    // Lower-casing keeps byte offsets only when it keeps lengths.
    if lower.len() != quote.len() || wanted.is_empty() {
        return None;
    }
    let at = lower.find(&wanted)?;
    Some(at..at + wanted.len())
}

/// The clause of `quote` around `span`: cut at ";" and "," (", and " among
/// them), which part a sentence's items and clauses.
pub fn clause(quote: &str, span: &Range<usize>) -> Range<usize> {
    let cut = |c: char| c == ';' || c == ',';
    let start = quote[..span.start].rfind(cut).map_or(0, |at| at + 1);
    let end = quote[span.end..]
        .find(cut)
        .map_or(quote.len(), |at| span.end + at);
    start..end
}

/// Which of the `mentions` of a quote count for the fact whose name stands
/// at `own` (if it does): those in the clause around its name, or anywhere
/// when its name does not occur; never one in another fact's name
/// (`others`: overlapping it is enough), unless in its own as well.
pub fn about_fact<'m, P>(
    quote: &str,
    mentions: &'m [Mention<P>],
    own: Option<&Range<usize>>,
    others: &[Range<usize>],
) -> impl Iterator<Item = &'m Mention<P>> {
    let part = own.map_or(0..quote.len(), |own| clause(quote, own));
    let own = own.cloned();
    let overlap = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    mentions.iter().filter(move |m| {
        let in_own = own.as_ref().is_some_and(|own| overlap(&m.span, own));
        let in_other = others.iter().any(|o| overlap(&m.span, o));
        part.start <= m.span.start && m.span.end <= part.end && (in_own || !in_other)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher<&'static str> {
        Matcher::new([
            ("US", "usa"),
            ("the US", "usa"),
            ("ROK", "kor"),
            ("ASEAN", "asean"),
            ("the ASEAN countries", "asean"),
            ("ASEAN Regional Forum", "arf"),
            ("SCO", "sco"),
            ("Asia-Pacific Economic Cooperation", "apec"),
            ("...", "nothing"),
        ])
    }

    fn found(text: &str) -> Vec<(&str, &'static str)> {
        matcher()
            .find(text)
            .into_iter()
            .map(|m| (&text[m.span], m.partner))
            .collect()
    }

    #[test]
    fn matches_whole_words_ignoring_case() {
        assert_eq!(found("with the US and Canada"), [("the US", "usa")]);
        assert_eq!(found("the USA, to use and reuse, US-made"), [("US", "usa")]);
        assert_eq!(found("China-Japan-ROK dialogues"), [("ROK", "kor")]);
        assert_eq!(found("the rok"), [("rok", "kor")]);
        assert_eq!(found("ROKS and SCOs"), []);
    }

    #[test]
    fn prefers_the_longest_name_at_each_word() {
        assert_eq!(
            found("the ASEAN Regional Forum and the ASEAN countries and ASEAN"),
            [
                ("ASEAN Regional Forum", "arf"),
                ("the ASEAN countries", "asean"),
                ("ASEAN", "asean"),
            ]
        );
        assert_eq!(
            found("Asia Pacific Economic Cooperation, Asia-Pacific Economic"),
            [("Asia Pacific Economic Cooperation", "apec")]
        );
    }

    #[test]
    fn a_fact_is_judged_on_the_clause_that_names_it_but_not_other_names() {
        let quote = "China hosted the A Meeting of SCO and the US-ROK Exercise with the US; \
                     co-hosted with ASEAN the B Forum, and joined the SCO C Drill.";
        let all = matcher().find(quote);
        let about = |name: &str, others: &[&str]| -> Vec<&str> {
            let others: Vec<Range<usize>> =
                others.iter().filter_map(|o| name_span(quote, o)).collect();
            about_fact(quote, &all, name_span(quote, name).as_ref(), &others)
                .map(|m| &quote[m.span.clone()])
                .collect()
        };
        let names = [
            "A Meeting of SCO",
            "US-ROK Exercise",
            "B Forum",
            "SCO C Drill",
        ];
        let others = |own: &str| -> Vec<&str> { names.into_iter().filter(|n| *n != own).collect() };
        assert_eq!(
            about("a meeting of sco", &others("A Meeting of SCO")),
            ["SCO", "the US"]
        );
        assert_eq!(
            about("US-ROK Exercise", &others("US-ROK Exercise")),
            ["the US", "ROK", "the US"]
        );
        assert_eq!(about("B Forum", &others("B Forum")), ["ASEAN"]);
        assert_eq!(about("SCO C Drill", &others("SCO C Drill")), ["SCO"]);
        // A fact not named in the quote is judged on all of it, but for
        // other facts' names.
        assert_eq!(about("Elsewhere", &names), ["the US", "ASEAN"]);
    }
}
