//! Table layout: how wide each column is drawn, planned from all of its rows,
//! and how a value wraps, in terminal columns (a CJK character takes two).
//! A word is never broken: a column is never narrower than its longest word,
//! and its header breaks only after a `_` or `-` (`transnational_` / `crime`).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A short column (a date, a type, a role, a name) gets its whole width
/// back before long text gets more.
const SHORT: usize = 20;

/// The width long text is given first, where there is room for it.
const MIN_LONG: usize = 12;

/// What the planner knows of one column from all of its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The widest line of any cell, the header's included.
    pub natural: usize,
    /// The narrowest with no word broken, nor a part of the header.
    pub least: usize,
    /// Only numbers or NULL: aligned right.
    pub numeric: bool,
    /// Some cell holds something: an empty column's header wraps first.
    pub filled: bool,
}

impl Measure {
    pub fn new(header: &str) -> Measure {
        let natural = header.split('\n').map(str::width).max().unwrap_or(0);
        Measure {
            natural: natural.max(1),
            least: header_part(header).max(1),
            numeric: true,
            filled: false,
        }
    }

    /// Take in one cell's text; `number`: it is a number or NULL.
    pub fn add(&mut self, text: &str, number: bool) {
        self.numeric &= number;
        if text.is_empty() {
            return;
        }
        self.filled = true;
        for line in text.split('\n') {
            self.natural = self.natural.max(line.width());
            for word in line.split(' ') {
                self.least = self.least.max(word.width());
            }
        }
    }
}

/// The widest part of a header broken at spaces and after each `-` or `_`
/// (not a leading one), as [`wrap`] breaks it.
fn header_part(header: &str) -> usize {
    let (mut widest, mut part) = (0, 0);
    for (i, c) in header.chars().enumerate() {
        if c == ' ' || c == '\n' {
            (widest, part) = (widest.max(part), 0);
            continue;
        }
        part += c.width().unwrap_or(0);
        if matches!(c, '-' | '_') && i > 0 {
            (widest, part) = (widest.max(part), 0);
        }
    }
    widest.max(part)
}

/// The characters a row of `columns` cells spends on borders and padding:
/// `│ ` before the first, ` ┆ ` between, ` │` after the last.
pub fn frame(columns: usize) -> usize {
    3 * columns + 1
}

/// How wide to draw each column in `total` terminal columns, or `None` when
/// not even the narrowest table fits. Every column starts at its least
/// width; the short columns that hold something get their whole width back,
/// the cheapest first, so that dates and roles read on one line; long text
/// shares what is left; the headers of empty columns get whatever remains.
pub fn plan(columns: &[Measure], total: usize) -> Option<Vec<usize>> {
    let room = total.checked_sub(frame(columns.len()))?;
    let mut widths: Vec<usize> = columns.iter().map(|c| c.least).collect();
    let mut left = room.checked_sub(widths.iter().sum())?;
    let mut short: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].filled && columns[i].natural <= SHORT)
        .collect();
    short.sort_by_key(|&i| columns[i].natural - widths[i]);
    for i in short {
        let more = columns[i].natural - widths[i];
        if more <= left {
            widths[i] = columns[i].natural;
            left -= more;
        }
    }
    // Long text starts from a readable width before the rest is shared.
    let long = (0..columns.len()).filter(|&i| columns[i].filled && columns[i].natural > SHORT);
    let start: Vec<(usize, usize)> = long
        .map(|i| (i, widths[i].max(MIN_LONG.min(columns[i].natural))))
        .collect();
    let more: usize = start.iter().map(|&(i, w)| w - widths[i]).sum();
    if more <= left {
        start.iter().for_each(|&(i, w)| widths[i] = w);
        left -= more;
    }
    left = share(columns, &mut widths, left, true);
    share(columns, &mut widths, left, false);
    Some(widths)
}

/// Share `left` columns of room between the columns that would take more
/// (with `filled`, only those holding something), weighted by the square
/// root of their width: a long quote gets more than a name, but does not
/// starve it. Returns what is left.
fn share(columns: &[Measure], widths: &mut [usize], mut left: usize, filled: bool) -> usize {
    let weight = |i: usize| (columns[i].natural as f64).sqrt();
    loop {
        let open: Vec<usize> = (0..columns.len())
            .filter(|&i| widths[i] < columns[i].natural && (columns[i].filled || !filled))
            .collect();
        if open.is_empty() || left == 0 {
            return left;
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

/// `text` wrapped to lines no wider than `width`: at its own line breaks,
/// then between words; a word is broken only when it alone is wider than
/// the column, after its last `-` or `_` that fits if it has one.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for line in text.split('\n') {
        if line.width() <= width {
            lines.push(line.to_string());
            continue;
        }
        let mut current = String::new();
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let used = current.width();
            if used > 0 && used + 1 + word.width() <= width {
                current.push(' ');
                current.push_str(word);
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
            }
            let mut rest = word;
            while rest.width() > width {
                let cut = cut_point(rest, width);
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
            }
            current.push_str(rest);
        }
        lines.push(current);
    }
    lines
}

/// Where to break a word wider than `width`: after the last `-` or `_`
/// that fits, else after as many characters as fit (at least one).
fn cut_point(word: &str, width: usize) -> usize {
    let (mut used, mut fit, mut after_mark) = (0, 0, None);
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

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
