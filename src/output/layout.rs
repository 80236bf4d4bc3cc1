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

/// ...nor than this; and as a last resort, before the table gives up and
/// prints one record at a time, any text column may be this narrow, its
/// longer words broken (a matrix of numbers under long headers reads better
/// as a table than as records).
const MIN_LOOSE: usize = 6;

/// What the planner knows of one column from the rows it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The widest line of any cell, the header's included.
    pub natural: usize,
    /// The widest single word (run of non-spaces).
    pub word: usize,
    /// Only numbers or NULL so far: aligned right, and never wrapped.
    pub numeric: bool,
    /// The narrowest a column of numbers may be drawn: its widest value, or
    /// the widest part of its header broken after a `_` or `-`
    /// (`transnational_` of `transnational_crime`), as [`wrap`] breaks it.
    pub narrow: usize,
    /// A cell holds a digit: ids, codes, dates and counts, which grow
    /// longer as they are numbered on.
    pub digits: bool,
}

impl Measure {
    /// A column that so far holds only its header.
    pub fn new(header: &str) -> Measure {
        let mut measure = Measure {
            natural: 0,
            word: 0,
            numeric: true,
            narrow: 0,
            digits: false,
        };
        measure.add(header);
        measure.narrow = header_part(header);
        measure.digits = false;
        measure
    }

    /// Take one cell's text into account.
    pub fn add(&mut self, text: &str) {
        self.digits |= text.bytes().any(|b| b.is_ascii_digit());
        for line in text.split('\n') {
            let width = self::width(line);
            self.natural = self.natural.max(width);
            self.narrow = self.narrow.max(width);
            for word in line.split(' ') {
                self.word = self.word.max(self::width(word));
            }
        }
    }
}

/// The widest part of a header broken after each `-` or `_` (not a leading one).
fn header_part(header: &str) -> usize {
    let (mut widest, mut part) = (0, 0);
    for (i, c) in header.chars().enumerate() {
        part += c.width().unwrap_or(0);
        if matches!(c, '-' | '_') && i > 0 {
            widest = widest.max(part);
            part = 0;
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
    for stage in [Stage::Strict, Stage::Loose, Stage::Tight] {
        let mut widths: Vec<usize> = columns.iter().map(|c| least(c, stage)).collect();
        if widths.iter().sum::<usize>() <= room {
            if stage == Stage::Tight {
                // Text whose words are broken gets the room first.
                widths = fill(columns, widths, room, true);
            } else if stage == Stage::Loose {
                restore_short(columns, &mut widths, room);
            }
            return Some(fill(columns, widths, room, false));
        }
    }
    None
}

/// Widths planned from the first rows of a longer result: the rows not yet
/// seen may be wider (an id or a count that reaches more digits:
/// `statement-1` early, `statement-300698` late), so each column is given
/// headroom, up to half its width again (two columns at least), in turns
/// (those holding digits first, then from the left): from the room the
/// table does not need, and for the short columns (ids, codes, dates,
/// counts), which would otherwise break, from long text, which wraps
/// anyway, down to [`MIN_WRAPPED`] and giving up at most a quarter of its
/// width, so that its rows do not take many more lines.
pub fn headroom(columns: &[Measure], widths: &mut [usize], total: usize) {
    let Some(room) = total.checked_sub(frame(widths.len())) else {
        return;
    };
    let caps: Vec<usize> = widths.iter().map(|w| w + (w / 2).max(2)).collect();
    let mut spare: Vec<usize> = widths.iter().map(|w| w / 4).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    let short = |i: usize| columns[i].natural <= KEEP_WIDTH;
    let mut order: Vec<usize> = (0..widths.len()).collect();
    order.sort_by_key(|&i| !columns[i].digits);
    loop {
        let mut given = 0;
        for &i in &order {
            if widths[i] >= caps[i] {
                continue;
            }
            if left > 0 {
                left -= 1;
            } else if let Some(d) = short(i).then(|| donor(columns, widths, &spare)).flatten() {
                widths[d] -= 1;
                spare[d] -= 1;
            } else {
                continue;
            }
            widths[i] += 1;
            given += 1;
        }
        if given == 0 {
            return;
        }
    }
}

/// The long text column that can best give up a column of width: the
/// widest of those already wrapping, if any is wider than [`MIN_WRAPPED`]
/// and has width to spare.
fn donor(columns: &[Measure], widths: &[usize], spare: &[usize]) -> Option<usize> {
    (0..widths.len())
        .filter(|&i| {
            let c = &columns[i];
            !c.numeric && c.natural > KEEP_WIDTH && widths[i] > MIN_WRAPPED && spare[i] > 0
        })
        .max_by_key(|&i| widths[i])
}

/// When text has had to wrap everywhere, give the short columns (dates,
/// types, roles) their own width back first, cheapest first, as far as the
/// room allows: a date broken over two lines reads worse than a long name
/// wrapped once more.
fn restore_short(columns: &[Measure], widths: &mut [usize], room: usize) {
    let mut short: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].natural <= KEEP_WIDTH && widths[i] < columns[i].natural)
        .collect();
    short.sort_by_key(|&i| columns[i].natural - widths[i]);
    for i in short {
        let used: usize = widths.iter().sum();
        let more = columns[i].natural - widths[i];
        if used + more <= room {
            widths[i] = columns[i].natural;
        }
    }
}

/// The stages of planning, each letting columns be narrower than the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Long text wraps; numbers and short text keep their width.
    Strict,
    /// Short text wraps too, down to its longest word; a header over
    /// numbers wraps where it has a `_` or `-`.
    Loose,
    /// Text may break inside its words.
    Tight,
}

/// The narrowest a column may be drawn at one stage of planning.
fn least(column: &Measure, stage: Stage) -> usize {
    if column.numeric && stage != Stage::Strict {
        // Numbers never wrap, but a long header may, where it has a `_`.
        return column.narrow.min(column.natural);
    }
    if column.numeric || (stage == Stage::Strict && column.natural <= KEEP_WIDTH) {
        return column.natural;
    }
    let (floor, cap) = match stage {
        Stage::Strict => (MIN_WRAPPED, KEEP_WIDTH),
        Stage::Loose => (MIN_LOOSE, LOOSE_WORD),
        Stage::Tight => (MIN_LOOSE, MIN_LOOSE),
    };
    column.natural.min(column.word.clamp(floor, cap))
}

/// Share the room left over between the columns that would take more, in
/// parts weighted by the square root of each one's width (a long quote gets
/// more than a name, but not so much that the name is starved), none wider
/// than it needs.
fn fill(columns: &[Measure], mut widths: Vec<usize>, room: usize, text_only: bool) -> Vec<usize> {
    let mut left = room - widths.iter().sum::<usize>();
    let weight = |i: usize| (columns[i].natural as f64).sqrt();
    loop {
        let open: Vec<usize> = (0..columns.len())
            .filter(|&i| widths[i] < columns[i].natural && !(text_only && columns[i].numeric))
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
        // A line holds at most `width` columns, each at most four bytes:
        // room enough that no line grows its string.
        let room = line.len().min(4 * width);
        let mut current = String::with_capacity(room);
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
                lines.push(std::mem::replace(&mut current, String::with_capacity(room)));
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
#[path = "layout_tests.rs"]
mod tests;
