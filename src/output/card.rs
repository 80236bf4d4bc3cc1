//! Records and cards. A record is a titled block of `field │ value` lines,
//! values wrapped to the width; a card is one record, or in Markdown a
//! two-column table. A stretch of a card's value may be emphasised (a quote
//! inside its paragraph): bold on a terminal, between `»` and `«` anywhere
//! else, never a raw escape code in a file or pipe.

use std::io::{self, Write};

use rusqlite::types::{Value, ValueRef};
use unicode_width::UnicodeWidthStr;

use super::layout;
use super::text::{Blob, cell_text, visible};

/// A stretch of one field's text to emphasise, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Emphasis {
    /// The index of the field.
    pub field: usize,
    pub start: usize,
    pub end: usize,
}

/// Stand-ins for the start and end of the emphasis while the text is wrapped;
/// the same characters in the data are replaced first, so they cannot forge one.
const OPEN: char = '\u{e000}';
const CLOSE: char = '\u{e001}';

/// The text of each field, made safe to show, the emphasis marked by [`OPEN`]
/// and [`CLOSE`].
fn texts(fields: &[(&str, Value)], emphasis: Option<Emphasis>) -> Vec<String> {
    let safe = |s: &str| visible(s).replace([OPEN, CLOSE], "\u{fffd}");
    let text = |(i, (_, value)): (usize, &(&str, Value))| {
        let text = cell_text(ValueRef::from(value), Blob::Size);
        let Some(e) = emphasis.filter(|e| e.field == i && e.start < e.end) else {
            return safe(&text);
        };
        let at = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
        let (start, end) = (at(e.start), at(e.end));
        let [before, inside, after] = [&text[..start], &text[start..end], &text[end..]].map(safe);
        format!("{before}{OPEN}{inside}{CLOSE}{after}")
    };
    fields.iter().enumerate().map(text).collect()
}

/// Replace the stand-ins in wrapped lines by bold (for a terminal), else by
/// `»`…`«`. Each line opens and closes its own bold, so that the margin of
/// the next line is never bold.
fn style_lines(lines: &mut [String], bold: bool) {
    let (open, close) = match bold {
        true => ("\x1b[1m", "\x1b[22m"),
        false => ("»", "«"),
    };
    let mut inside = false;
    for line in lines {
        let reopen = if inside && bold { open } else { "" };
        inside = line
            .rfind([OPEN, CLOSE])
            .map_or(inside, |i| line[i..].starts_with(OPEN));
        let close_here = if inside && bold { close } else { "" };
        let styled = line.replace(OPEN, open).replace(CLOSE, close);
        *line = format!("{reopen}{styled}{close_here}");
    }
}

/// How wide the names of a record are, and the room they leave its values.
pub fn margins(width: usize, names: &[String]) -> (usize, usize) {
    let label = names.iter().map(|n| n.width()).max().unwrap_or(0);
    (label, width.saturating_sub(label + 3).max(10))
}

/// One record `width` wide: a rule titled `title`, then a `name │ value` line
/// for each field, the values wrapped beside the names (and any emphasis in
/// them shown by `style`).
pub fn record(
    out: &mut impl Write,
    title: &str,
    names: &[String],
    values: &[String],
    width: usize,
    style: &dyn Fn(&mut [String]),
) -> io::Result<()> {
    let title = format!("─[ {title} ]");
    let rule = "─".repeat(width.saturating_sub(title.width()));
    writeln!(out, "{title}{rule}")?;
    let (label, room) = margins(width, names);
    for (name, value) in names.iter().zip(values) {
        let mut lines = layout::wrap(value, room);
        style(&mut lines);
        for (k, line) in lines.iter().enumerate() {
            let name = if k == 0 { name.as_str() } else { "" };
            let gap = " ".repeat(label.saturating_sub(name.width()));
            writeln!(out, "{}", format!("{name}{gap} │ {line}").trim_end())?;
        }
    }
    Ok(())
}

/// Draw a card `width` columns wide, titled with the first field's value.
pub fn table(
    out: &mut impl Write,
    fields: &[(&str, Value)],
    emphasis: Option<Emphasis>,
    width: usize,
    bold: bool,
) -> io::Result<()> {
    let texts = texts(fields, emphasis);
    let names: Vec<String> = fields.iter().map(|(n, _)| visible(n).into()).collect();
    let mut title = [texts.first().cloned().unwrap_or_default()];
    style_lines(&mut title, false);
    let style = |lines: &mut [String]| style_lines(lines, bold);
    record(out, &title[0], &names, &texts, width, &style)
}

/// The card as a two-column Markdown table: its rows, `field` and `value`,
/// ready for the Markdown writer (the emphasis between `»` and `«`).
pub fn markdown_rows(fields: &[(&str, Value)], emphasis: Option<Emphasis>) -> Vec<Vec<Value>> {
    let mut texts = texts(fields, emphasis);
    style_lines(&mut texts, false);
    fields
        .iter()
        .zip(texts)
        .map(|((name, _), text)| vec![Value::Text(name.to_string()), Value::Text(text)])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Vec<(&'static str, Value)> {
        vec![
            ("fact", Value::Text("meetings/m".into())),
            ("passage", Value::Text("One. Two words here. Three.".into())),
        ]
    }

    const TWO: Emphasis = Emphasis {
        field: 1,
        start: 5,
        end: 20,
    };

    #[test]
    fn the_emphasis_reads_as_marks_off_a_terminal() {
        let mut out = Vec::new();
        table(&mut out, &fields(), Some(TWO), 40, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("─[ meetings/m ]"), "{text}");
        assert!(
            text.contains("passage │ One. »Two words here.« Three."),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "{text}");
    }

    #[test]
    fn bold_closes_at_each_line_end_and_reopens() {
        let mut out = Vec::new();
        table(&mut out, &fields(), Some(TWO), 22, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        // No line ends bold, and a line that starts inside the stretch opens it again.
        for line in text.lines() {
            assert!(line.rfind("\x1b[1m") <= line.rfind("\x1b[22m"), "{line:?}");
        }
        assert!(text.contains("│ \x1b[1mwords here.\x1b[22m"), "{text:?}");
        assert!(text.contains("\x1b[1mTwo"), "{text:?}");
    }

    #[test]
    fn names_are_padded_to_the_terminal_columns_they_take() {
        let mut out = Vec::new();
        let names = ["北京".to_string(), "x".to_string()];
        let values = ["a".to_string(), "b c".to_string()];
        record(&mut out, "1", &names, &values, 20, &|_| {}).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            format!("─[ 1 ]{}\n北京 │ a\nx    │ b c\n", "─".repeat(14))
        );
    }

    #[test]
    fn data_cannot_forge_or_run_an_emphasis() {
        let forged = vec![("x", Value::Text(format!("a{OPEN}b\x1b[31m")))];
        let rows = markdown_rows(&forged, None);
        assert_eq!(rows[0][1], Value::Text("a\u{fffd}b\\x1b[31m".into()));
    }
}
