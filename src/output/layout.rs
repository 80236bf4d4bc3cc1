//! Table layout as pure functions: how wide each column is drawn, and how a
//! cell's text wraps to that width. Widths are terminal columns (a CJK
//! character takes two), and the text has already been made safe to show.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Text columns no wider than this keep their width while long ones wrap.
const KEEP_WIDTH: usize = 20;

/// The narrowest a long column is wrapped to before short ones give way.
const MIN_WRAPPED: usize = 12;

/// When short text must wrap too: no column narrower than its longest word
/// up to this width...
const LOOSE_WORD: usize = 10;

/// ...nor than this, before the table gives up and prints one record at a
/// time.
const MIN_LOOSE: usize = 6;

/// What the planner knows of one column from the rows it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The widest line of any cell, the header's included.
    pub natural: usize,
    /// The widest single word (run of non-spaces).
    pub word: usize,
    /// Only numbers or NULL so far: aligned right and never wrapped.
    pub numeric: bool,
}

impl Measure {
    /// A column that so far holds only its header.
    pub fn new(header: &str) -> Measure {
        let mut measure = Measure {
            natural: 0,
            word: 0,
            numeric: true,
        };
        measure.add(header);
        measure
    }

    /// Take one cell's text into account.
    pub fn add(&mut self, text: &str) {
        for line in text.split('\n') {
            self.natural = self.natural.max(self::width(line));
            for word in line.split(' ') {
                self.word = self.word.max(self::width(word));
            }
        }
    }
}

/// The characters a row of `columns` cells spends on borders and padding:
/// `│ ` before the first, ` ┆ ` between, ` │` after the last.
pub fn frame(columns: usize) -> usize {
    3 * columns + 1
}

/// How wide to draw each column in `total` terminal columns, or `None` when
/// not even the narrowest table fits (then records are printed instead).
///
/// A table that fits as it is stays so. Otherwise numbers and short text
/// keep their width and long text shares what is left; if that cannot fit,
/// every text column may wrap, down to its longest word where it can.
pub fn plan(columns: &[Measure], total: usize) -> Option<Vec<usize>> {
    let room = total.checked_sub(frame(columns.len()))?;
    let natural: Vec<usize> = columns.iter().map(|c| c.natural).collect();
    if natural.iter().sum::<usize>() <= room {
        return Some(natural);
    }
    for loose in [false, true] {
        let least: Vec<usize> = columns.iter().map(|c| least(c, loose)).collect();
        if least.iter().sum::<usize>() <= room {
            return Some(fill(columns, least, room));
        }
    }
    None
}

/// The narrowest a column may be drawn at one stage of planning.
fn least(column: &Measure, loose: bool) -> usize {
    if column.numeric || (!loose && column.natural <= KEEP_WIDTH) {
        return column.natural;
    }
    let (floor, cap) = if loose {
        (MIN_LOOSE, LOOSE_WORD)
    } else {
        (MIN_WRAPPED, KEEP_WIDTH)
    };
    column.natural.min(column.word.clamp(floor, cap))
}

/// Share the room left over between the columns that would take more, in
/// parts weighted by the square root of each one's width (a long quote gets
/// more than a name, but not so much that the name is starved), none wider
/// than it needs.
fn fill(columns: &[Measure], mut widths: Vec<usize>, room: usize) -> Vec<usize> {
    let mut left = room - widths.iter().sum::<usize>();
    let weight = |i: usize| (columns[i].natural as f64).sqrt();
    loop {
        let open: Vec<usize> = (0..columns.len())
            .filter(|&i| widths[i] < columns[i].natural)
            .collect();
        if open.is_empty() || left == 0 {
            return widths;
        }
        let budget = left as f64;
        let total: f64 = open.iter().map(|&i| weight(i)).sum();
        for i in open {
            let share = (budget * weight(i) / total) as usize;
            let given = share.max(1).min(columns[i].natural - widths[i]).min(left);
            widths[i] += given;
            left -= given;
        }
    }
}

/// Wrap `text` to lines no wider than `width`: at its own line breaks, then
/// between words; a word is broken only when it alone is wider than the
/// column. Lines are appended to `lines`.
pub fn wrap(text: &str, width: usize, lines: &mut Vec<String>) {
    let width = width.max(1);
    for line in text.split('\n') {
        if self::width(line) <= width {
            lines.push(line.to_string());
            continue;
        }
        let mut current = String::new();
        let mut used = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let w = self::width(word);
            if used > 0 && used + 1 + w <= width {
                current.push(' ');
                current.push_str(word);
                used += 1 + w;
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
            }
            if w <= width {
                current.push_str(word);
                used = w;
                continue;
            }
            let mut rest = word;
            while self::width(rest) > width {
                let cut = cut_point(rest, width);
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
            }
            current.push_str(rest);
            used = self::width(rest);
        }
        lines.push(current);
    }
}

/// Where to break a word wider than `width`: after the last `-` or `_`
/// that fits, else after as many characters as fit (at least one).
fn cut_point(word: &str, width: usize) -> usize {
    let mut used = 0;
    let mut fit = 0;
    let mut after_mark = None;
    for (i, c) in word.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width && fit > 0 {
            break;
        }
        fit = i + c.len_utf8();
        if matches!(c, '-' | '_') && i > 0 {
            after_mark = Some(fit);
        }
    }
    match after_mark {
        Some(cut) if cut < word.len() => cut,
        _ => fit,
    }
}

/// How many terminal columns `text` takes. Printable ASCII, the usual
/// case, takes one a byte, which is much quicker to count than looking
/// every character up.
pub fn width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        UnicodeWidthStr::width(text)
    }
}

/// Spaces to pad with, a slice at a time.
const SPACES: &str = "                                                                ";

/// `text` padded with spaces to `width` terminal columns, on the right or,
/// for numbers, on the left.
pub fn pad(out: &mut String, text: &str, width: usize, right: bool) {
    let gap = width.saturating_sub(self::width(text));
    let spaces = |out: &mut String| {
        let mut left = gap;
        while left > 0 {
            let n = left.min(SPACES.len());
            out.push_str(&SPACES[..n]);
            left -= n;
        }
    };
    if right {
        spaces(out);
        out.push_str(text);
    } else {
        out.push_str(text);
        spaces(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_terminal_columns_with_or_without_the_ascii_shortcut() {
        assert_eq!(width("plain text"), 10);
        assert_eq!(width("中文"), 4);
        assert_eq!(width("e\u{301}te"), 3);
        let mut out = String::new();
        pad(&mut out, "中", 100, true);
        assert_eq!(width(&out), 100);
        assert!(out.ends_with(" 中"));
    }

    fn text(header: &str, cells: &[&str]) -> Measure {
        let mut m = Measure::new(header);
        m.numeric = false;
        for cell in cells {
            m.add(cell);
        }
        m
    }

    fn wrapped(s: &str, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        wrap(s, width, &mut lines);
        lines
    }

    #[test]
    fn a_table_that_fits_keeps_every_column_whole() {
        let columns = [text("code", &["rok"]), text("name", &["Republic of Korea"])];
        assert_eq!(plan(&columns, 80), Some(vec![4, 17]));
    }

    #[test]
    fn short_columns_keep_their_width_and_long_text_wraps() {
        let quote = "word ".repeat(60);
        let columns = [
            text("date", &["2015-10-01"]),
            text("area", &["Disaster Relief"]),
            text("quote", &[quote.trim()]),
        ];
        let widths = plan(&columns, 80).unwrap();
        assert_eq!(widths[0], 10);
        assert_eq!(widths[1], 15);
        assert_eq!(widths.iter().sum::<usize>() + frame(3), 80);
    }

    #[test]
    fn long_columns_share_the_room_none_wider_than_it_needs() {
        let columns = [
            text("name", &[&"n".repeat(30)]),
            text("quote", &[&"q ".repeat(200)]),
        ];
        let widths = plan(&columns, 60).unwrap();
        assert_eq!(widths.iter().sum::<usize>() + frame(2), 60);
        assert!(widths[0] >= MIN_WRAPPED && widths[1] >= MIN_WRAPPED);
        let columns = [
            text("name", &["short name here plus"]),
            text("q", &[&"q ".repeat(200)]),
        ];
        let widths = plan(&columns, 100).unwrap();
        assert_eq!(widths[0], 20, "a short column is not cut");
    }

    #[test]
    fn short_text_gives_way_before_the_table_turns_into_records() {
        let columns: Vec<Measure> = (0..6)
            .map(|i| text(&format!("c{i}"), &["some words of text"]))
            .collect();
        // Six 18-wide columns and their frame need 127; 60 forces wrapping.
        let widths = plan(&columns, 60).unwrap();
        assert!(widths.iter().all(|w| *w >= 5), "{widths:?}");
        assert!(widths.iter().sum::<usize>() + frame(6) <= 60);
    }

    #[test]
    fn records_only_when_nothing_narrower_fits() {
        let columns: Vec<Measure> = (0..12)
            .map(|i| text(&format!("c{i}"), &["x".repeat(40).as_str()]))
            .collect();
        assert_eq!(plan(&columns, 80), None);
        let mut numbers = Measure::new("n");
        numbers.add("123456789012345678901234567890");
        assert_eq!(
            plan(&[numbers.clone(), numbers], 40),
            None,
            "numbers never wrap"
        );
    }

    #[test]
    fn wrapping_breaks_between_words() {
        assert_eq!(
            wrapped("Disaster Relief Exercise", 10),
            ["Disaster", "Relief", "Exercise"]
        );
        assert_eq!(wrapped("a b c d", 3), ["a b", "c d"]);
        assert_eq!(wrapped("fits", 10), ["fits"]);
    }

    #[test]
    fn a_word_breaks_only_when_it_alone_is_too_wide() {
        assert_eq!(
            wrapped("abcdefghijklmnopqrstuvwxy z", 10),
            ["abcdefghij", "klmnopqrst", "uvwxy z"]
        );
    }

    #[test]
    fn a_word_too_wide_breaks_after_a_hyphen_or_underscore() {
        assert_eq!(
            wrapped("refinery_schema_history x", 10),
            ["refinery_", "schema_", "history x"]
        );
        assert_eq!(
            wrapped("disaster-relief work", 12),
            ["disaster-", "relief work"]
        );
    }

    #[test]
    fn line_breaks_in_a_cell_are_kept() {
        assert_eq!(wrapped("one\ntwo three", 5), ["one", "two", "three"]);
    }

    #[test]
    fn wide_characters_count_twice() {
        assert_eq!(Measure::new("北京").natural, 4);
        assert_eq!(wrapped("北京上海", 4), ["北京", "上海"]);
        let mut s = String::new();
        pad(&mut s, "北京", 6, false);
        assert_eq!(s, "北京  ");
        s.clear();
        pad(&mut s, "42", 5, true);
        assert_eq!(s, "   42");
    }
}
