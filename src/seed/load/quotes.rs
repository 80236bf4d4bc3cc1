//! Placing quotes: where in which document's passages a fact's or a
//! figure's quote stands, or, when it is not in the text, where it departs
//! from it.

use super::super::text::QuoteFinder;
use super::documents::Doc;
use super::row::Value;

const NOT_IN_ONE_PARAGRAPH: &str = "not inside one paragraph \
    (headings, title lines and omitted lines are not quotable)";

/// Where a quote was found: passage and code-point offsets.
pub(super) struct Found {
    pub(super) passage_id: i64,
    pub(super) start: i64,
    pub(super) end: i64,
}

impl Found {
    /// Where a quote not found stands: a place the schema accepts, so that
    /// the rest of its row is checked; a load with a problem never commits.
    pub(super) const NOWHERE: Found = Found {
        passage_id: 0,
        start: 0,
        end: 1,
    };

    /// The columns that place a `quote` or a `frame`, with their values.
    pub(super) fn columns(&self, quoted: &str) -> [Value<'static>; 3] {
        let (start, end) = match quoted {
            "frame" => ("frame_start", "frame_end"),
            _ => ("quote_start", "quote_end"),
        };
        [
            ("passage_id", self.passage_id.into()),
            (start, self.start.into()),
            (end, self.end.into()),
        ]
    }
}

/// Finds quotes across all documents.
pub(super) struct Quotes<'d> {
    docs: &'d [Doc],
    finders: Vec<QuoteFinder<'d>>,
    /// Quotes looked for, and those not in any text.
    sought: u64,
    missing: u64,
}

impl<'d> Quotes<'d> {
    pub(super) fn new(docs: &'d [Doc]) -> Quotes<'d> {
        let finders = (docs.iter())
            .map(|doc| QuoteFinder::new(&doc.text, doc.sentences.iter().copied()))
            .collect();
        Quotes {
            docs,
            finders,
            sought: 0,
            missing: 0,
        }
    }

    /// When most quotes are not in the text, what differs is the text (or
    /// its restoration), not each quote: a line that says so, to put first.
    pub(super) fn most_missing(&self) -> Option<String> {
        (self.missing >= 10 && self.missing * 2 > self.sought).then(|| {
            format!(
                "{} of {} quotes are not in the restored text: when most are missing, the \
                 text or its restoration is what differs (the source file, its line endings \
                 or encoding, corrections.csv, omissions.csv), not each quote",
                self.missing, self.sought
            )
        })
    }

    pub(super) fn find(&mut self, quote: &str) -> Result<Found, String> {
        self.sought += 1;
        let found = self.place(quote);
        if found.is_err() {
            self.missing += 1;
        }
        found
    }

    fn place(&mut self, quote: &str) -> Result<Found, String> {
        for (doc, finder) in self.docs.iter().zip(self.finders.iter_mut()) {
            let Some(at) = finder.find(quote) else {
                continue;
            };
            let end = at + quote.len();
            let i = doc.passages.partition_point(|&(start, _, _)| start <= at);
            return match i.checked_sub(1).map(|i| doc.passages[i]) {
                Some((_, passage_end, passage_id)) if end <= passage_end => Ok(Found {
                    passage_id,
                    start: doc.offsets.chars(at) as i64,
                    end: doc.offsets.chars(end) as i64,
                }),
                _ => Err(format!(
                    "the quote is in {} but {NOT_IN_ONE_PARAGRAPH}",
                    doc.id
                )),
            };
        }
        Err(self.explain_missing(quote))
    }

    /// Say where a quote stops matching the text, to make a typo easy to find.
    pub(super) fn explain_missing(&self, quote: &str) -> String {
        let mut best = 0;
        for doc in self.docs {
            // The longest prefix of the quote that occurs in the text.
            let (mut lo, mut hi) = (0usize, quote.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                let mid = (mid..=hi)
                    .find(|&m| quote.is_char_boundary(m))
                    .unwrap_or(hi);
                if doc.text.contains(&quote[..mid]) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                    while !quote.is_char_boundary(hi) {
                        hi -= 1;
                    }
                }
            }
            best = best.max(lo);
        }
        if best == 0 {
            "the quote is not in the text (quotes are verbatim from the restored text)".to_string()
        } else {
            let tail: String = quote[best..].chars().take(30).collect();
            format!("the quote is not in the text: it departs from the text at {tail:?}")
        }
    }
}
