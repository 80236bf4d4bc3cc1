//! Finding the partners a quote names: one matcher of every partner name and
//! alias, run once over a quote, in time linear in its words.
//!
//! Names match as whole words, ignoring case: a name is a sequence of words
//! (runs of letters and digits), and matches where the quote has the same
//! words, whatever stands between them; so "US" never matches inside "USA"
//! or "use", "the ASEAN countries" matches as a phrase and "ROK" matches in
//! "China-Japan-ROK". Where several names start at one word the longest
//! wins, and the next match starts after it: "ASEAN Regional Forum" is the
//! forum, not ASEAN.
//!
//! [`about_fact`] narrows a quote to the part about one fact. A sentence
//! often holds several facts; when the fact's name occurs in the quote, the
//! part about it is the clause holding the name, cut at ";" and "," (the
//! text lists its facts with commas and ", and "). When the name does not
//! occur (a statement's topic, a name that paraphrases), the whole sentence
//! is judged. Either way a name inside another fact's name in the same quote
//! ("Japan" in "the Third China-Japan-ROK Tabletop Exercise") belongs to that
//! fact, not this one. When the name does not occur, a partner that another
//! fact of the same kind in the sentence links is that fact's: a sentence
//! listing consultations "with the US, Russia, Canada, ..." names each
//! country once for all of them (see `cmd::check::curation`). The rest is
//! for `mention_waivers` to carry: mentions that are rightly not links, each
//! with why.

use std::collections::HashMap;
use std::ops::Range;

/// A word of a text: its byte range and its lower-cased form.
fn words(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, text[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// A name a partner goes by, as words.
struct Name<P> {
    words: Vec<String>,
    partner: P,
}

/// Every name of every partner, keyed by its first word.
pub struct Matcher<P> {
    by_first: HashMap<String, Vec<Name<P>>>,
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
        let mut by_first: HashMap<String, Vec<Name<P>>> = HashMap::new();
        for (name, partner) in names {
            let words: Vec<String> = words(name).into_iter().map(|(_, w)| w).collect();
            if let Some(first) = words.first() {
                by_first
                    .entry(first.clone())
                    .or_default()
                    .push(Name { words, partner });
            }
        }
        for names in by_first.values_mut() {
            names.sort_by_key(|name| std::cmp::Reverse(name.words.len()));
        }
        Matcher { by_first }
    }

    /// Every name in `text`, leftmost first, the longest at each word.
    pub fn find(&self, text: &str) -> Vec<Mention<P>> {
        let words = words(text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let found = self.by_first.get(&words[i].1).and_then(|names| {
                names.iter().find(|name| {
                    let end = i + name.words.len();
                    end <= words.len() && words[i..end].iter().map(|(_, w)| w).eq(name.words.iter())
                })
            });
            match found {
                Some(name) => {
                    let end = i + name.words.len();
                    out.push(Mention {
                        span: words[i].0.start..words[end - 1].0.end,
                        partner: name.partner.clone(),
                    });
                    i = end;
                }
                None => i += 1,
            }
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
    let mut start = 0;
    let mut end = quote.len();
    for delimiter in [";", ","] {
        if let Some(cut) = quote[..span.start].rfind(delimiter) {
            start = start.max(cut + delimiter.len());
        }
        if let Some(cut) = quote[span.end..].find(delimiter) {
            end = end.min(span.end + cut);
        }
    }
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
    let within = |inner: &Range<usize>, outer: &Range<usize>| {
        inner.start >= outer.start && inner.end <= outer.end
    };
    let overlap = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    mentions.iter().filter(move |m| {
        let in_own = own.as_ref().is_some_and(|own| overlap(&m.span, own));
        let in_other = others.iter().any(|o| overlap(&m.span, o));
        within(&m.span, &part) && (in_own || !in_other)
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
