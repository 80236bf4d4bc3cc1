//! Where the marks go: a paragraph cut into plain stretches and cited
//! sentences, each sentence with the facts whose quotes it holds.
//!
//! The cut takes time in proportion to the sentences and quotes of the
//! paragraph (times a logarithm) and to the marks it makes: every question
//! of overlap is answered by a binary search over spans sorted by start,
//! each with the furthest end reached so far.

/// Spans sorted by start, each with the furthest end of the spans up to and
/// including it: the spans that start before a point are a prefix, and one
/// of them reaches past another point exactly when the prefix's furthest
/// end does.
struct Reach {
    starts: Vec<usize>,
    furthest: Vec<usize>,
}

impl Reach {
    fn new(spans: impl Iterator<Item = (usize, usize)>) -> Reach {
        let mut spans: Vec<(usize, usize)> = spans.collect();
        spans.sort_unstable();
        let mut furthest = Vec::with_capacity(spans.len());
        let mut most = 0;
        for &(_, e) in &spans {
            most = most.max(e);
            furthest.push(most);
        }
        Reach {
            starts: spans.iter().map(|&(s, _)| s).collect(),
            furthest,
        }
    }

    /// Whether any span overlaps `s..e`: starts before `e` and ends after `s`.
    fn overlaps(&self, (s, e): (usize, usize)) -> bool {
        let before = self.starts.partition_point(|&start| start < e);
        before > 0 && self.furthest[before - 1] > s
    }
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
    let quoted = Reach::new(quotes.iter().map(|&(qs, qe, _)| (qs, qe)));
    let sentences = Reach::new(units.iter().copied());
    let mut cited: Vec<(usize, usize)> = units
        .iter()
        .copied()
        .filter(|&u| quoted.overlaps(u))
        .collect();
    for &(qs, qe, _) in quotes {
        if !sentences.overlaps((qs, qe)) {
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
    // The merged stretches are apart and in order, so those a quote overlaps
    // are a run: from the first that ends after the quote's start, while
    // they start before its end.
    let mut facts: Vec<Vec<usize>> = vec![Vec::new(); merged.len()];
    for &(qs, qe, f) in quotes {
        let first = merged.partition_point(|&(_, e)| e <= qs);
        for (i, &(s, _)) in merged.iter().enumerate().skip(first) {
            if s >= qe {
                break;
            }
            facts[i].push(f);
        }
    }
    let mut out = Vec::with_capacity(2 * merged.len() + 1);
    let mut at = passage.0;
    for ((s, e), facts) in merged.into_iter().zip(facts) {
        if at < s {
            out.push((at, s, Vec::new()));
        }
        out.push((s, e, facts));
        at = e;
    }
    if at < passage.1 {
        out.push((at, passage.1, Vec::new()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Reach, cut};

    /// The cut as its definition reads, asking every sentence of every
    /// quote: slow, and plain enough to hold the fast one to.
    fn cut_by_definition(
        passage: (usize, usize),
        units: &[(usize, usize)],
        quotes: &[(usize, usize, usize)],
    ) -> Vec<(usize, usize, Vec<usize>)> {
        let overlaps = |(s, e): (usize, usize), (qs, qe): (usize, usize)| qs < e && s < qe;
        let mut cited: Vec<(usize, usize)> = units
            .iter()
            .copied()
            .filter(|&u| quotes.iter().any(|&(qs, qe, _)| overlaps(u, (qs, qe))))
            .collect();
        for &(qs, qe, _) in quotes {
            if !units.iter().any(|&u| overlaps(u, (qs, qe))) {
                cited.push((qs, qe));
            }
        }
        cited.sort();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in cited {
            let (s, e) = (s.max(passage.0), e.min(passage.1));
            match merged.last_mut() {
                Some(last) if s < last.1 => last.1 = last.1.max(e),
                _ if s < e => merged.push((s, e)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        let mut at = passage.0;
        for (s, e) in merged {
            if at < s {
                out.push((at, s, Vec::new()));
            }
            let facts = quotes
                .iter()
                .filter(|&&(qs, qe, _)| overlaps((s, e), (qs, qe)))
                .map(|&(_, _, f)| f)
                .collect();
            out.push((s, e, facts));
            at = e;
        }
        if at < passage.1 {
            out.push((at, passage.1, Vec::new()));
        }
        out
    }

    /// A small linear congruential generator: the same cases on every run.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

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

    #[test]
    fn reach_finds_an_early_span_that_runs_past_later_ones() {
        // 0..50 starts first and reaches furthest; 10..12 and 20..22 do not.
        let reach = Reach::new([(20, 22), (0, 50), (10, 12)].into_iter());
        assert!(reach.overlaps((40, 45)), "inside the long span only");
        assert!(!reach.overlaps((50, 60)), "touching its end is not overlap");
        assert!(!reach.overlaps((70, 80)));
        let short = Reach::new([(10, 12), (20, 22)].into_iter());
        assert!(!short.overlaps((12, 20)), "between the spans");
        assert!(short.overlaps((11, 11)), "an empty span inside one");
        assert!(!short.overlaps((0, 10)), "ends where the first starts");
        assert!(!Reach::new(std::iter::empty()).overlaps((0, 10)));
    }

    #[test]
    fn the_cut_agrees_with_its_definition_on_many_paragraphs() {
        let mut rng = Lcg(17);
        for case in 0..3000 {
            let len = 1 + rng.below(80);
            let passage = (rng.below(10), 10 + len);
            // Sentences in order, apart or (now and then) overlapping, some
            // reaching outside the passage; quotes anywhere, some empty.
            let mut units = Vec::new();
            let mut at = rng.below(12);
            while at < passage.1 + 5 && units.len() < 12 {
                let end = at + 1 + rng.below(15);
                units.push((at, end));
                at = if rng.below(6) == 0 {
                    at + rng.below(end - at)
                } else {
                    end + rng.below(3)
                };
            }
            let quotes: Vec<(usize, usize, usize)> = (0..rng.below(10))
                .map(|f| {
                    let s = rng.below(passage.1 + 8);
                    (s, s + rng.below(20), f)
                })
                .collect();
            assert_eq!(
                cut(passage, &units, &quotes),
                cut_by_definition(passage, &units, &quotes),
                "case {case}: {passage:?} {units:?} {quotes:?}"
            );
        }
    }
}
