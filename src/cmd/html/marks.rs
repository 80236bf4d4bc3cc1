//! Where the marks go: a paragraph cut into plain stretches and cited
//! sentences, each sentence with the facts whose quotes it holds (a
//! paragraph holds few sentences and quotes, so every sentence is asked of
//! every quote); and a mark as the page shows it.

use maud::{Markup, html};

use crate::facts::{Fact, TABLES};

/// Whether `a` and `b` share a character.
fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    b.0 < a.1 && a.0 < b.1
}

/// Cut a passage (`start..end`) into stretches, each with the facts whose
/// quotes it holds (none for plain text). A cited stretch is a whole
/// sentence (`units`) that a quote overlaps; a quote that overlaps no
/// sentence is a stretch of its own; stretches that overlap are merged.
/// `quotes` are (start, end, fact); a stretch lists its facts in the order
/// of `quotes`.
pub fn cut(
    passage: (usize, usize),
    units: &[(usize, usize)],
    quotes: &[(usize, usize, usize)],
) -> Vec<(usize, usize, Vec<usize>)> {
    let quoted = |u| quotes.iter().any(|&(qs, qe, _)| overlaps(u, (qs, qe)));
    let mut cited: Vec<(usize, usize)> = units.iter().copied().filter(|&u| quoted(u)).collect();
    for &(qs, qe, _) in quotes {
        if !units.iter().any(|&u| overlaps(u, (qs, qe))) {
            cited.push((qs, qe));
        }
    }
    cited.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in cited {
        let (s, e) = (s.max(passage.0), e.min(passage.1));
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ if s < e => merged.push((s, e)),
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(2 * merged.len() + 1);
    let mut at = passage.0;
    for (s, e) in merged {
        if at < s {
            out.push((at, s, Vec::new()));
        }
        let held = |&(qs, qe, f): &(usize, usize, usize)| overlaps((s, e), (qs, qe)).then_some(f);
        out.push((s, e, quotes.iter().filter_map(held).collect()));
        at = e;
    }
    if at < passage.1 {
        out.push((at, passage.1, Vec::new()));
    }
    out
}

/// A cited sentence: `data-facts` lists its facts' ids, comma-separated, so
/// that other tools can read them; it is coloured by the type most of its
/// facts share.
pub fn mark(all: &[Fact], id: &str, text: &str, facts: &[usize]) -> Markup {
    let keys: Vec<String> = facts.iter().map(|&f| all[f].key()).collect();
    let count = |t: &str| facts.iter().filter(|&&f| *all[f].table == *t).count();
    let types: Vec<&str> = TABLES.iter().copied().filter(|t| count(t) > 0).collect();
    // On a tie, the type that comes first in TABLES.
    let main = types.iter().copied().rev().max_by_key(|t| count(t));
    let main = main.unwrap_or("statements");
    let names: Vec<&str> = facts.iter().map(|&f| all[f].name.as_str()).collect();
    html! {
        mark id=(id) class={ "t-" (main) } tabindex="0" data-facts=(keys.join(","))
            data-types=(types.join(" ")) title=(names.join("; ")) { (text) }
    }
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn a_quote_marks_its_whole_sentence_and_plain_text_stays_between() {
        // Sentences 0..10 and 11..20; one quote inside the second.
        let pieces = cut((0, 20), &[(0, 10), (11, 20)], &[(12, 15, 7)]);
        assert_eq!(
            pieces,
            vec![(0, 11, vec![]), (11, 20, vec![7])],
            "the uncited sentence and the space are plain"
        );
    }

    #[test]
    fn a_quote_over_two_sentences_marks_both_and_sharing_facts_merge() {
        let pieces = cut(
            (0, 30),
            &[(0, 10), (11, 20), (21, 30)],
            &[(0, 20, 1), (5, 9, 2)],
        );
        assert_eq!(
            pieces,
            vec![
                (0, 10, vec![1, 2]),
                (10, 11, vec![]),
                (11, 20, vec![1]),
                (20, 30, vec![])
            ]
        );
    }

    #[test]
    fn a_quote_outside_every_sentence_is_marked_as_it_is() {
        let pieces = cut((0, 20), &[], &[(3, 8, 0), (6, 12, 1)]);
        assert_eq!(
            pieces,
            vec![(0, 3, vec![]), (3, 12, vec![0, 1]), (12, 20, vec![])]
        );
    }

    #[test]
    fn a_stretch_lists_its_facts_in_the_order_of_the_quotes() {
        // The later quote comes first in the list, and keeps its place.
        let pieces = cut((0, 10), &[(0, 10)], &[(6, 8, 4), (1, 3, 9)]);
        assert_eq!(pieces, vec![(0, 10, vec![4, 9])]);
    }
}
