//! The text of a cell in each format: how NULL, numbers and blobs read, which
//! characters are escaped before they reach a terminal, and the Excel guard.

use std::borrow::Cow;
use std::fmt::Write as _;

use rusqlite::types::ValueRef;

/// How a blob is shown in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blob {
    /// `x'0a1b'`, SQLite's own literal (CSV, TSV): the bytes, readable back.
    Hex,
    /// `<blob 12 bytes>`, which no text cell can be taken for (table, Markdown).
    Size,
}

/// The text of a cell: NULL is empty, a real is written as Rust writes it
/// (shortest form that reads back), text is lossless UTF-8 where it is valid.
pub fn cell_text(value: ValueRef<'_>, blob: Blob, buf: &mut String) {
    buf.clear();
    match value {
        ValueRef::Null => {}
        ValueRef::Integer(i) => {
            let _ = write!(buf, "{i}");
        }
        ValueRef::Real(x) => {
            let _ = write!(buf, "{x}");
        }
        ValueRef::Text(t) => buf.push_str(&String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => match blob {
            Blob::Hex => {
                buf.push_str("x'");
                for byte in b {
                    let _ = write!(buf, "{byte:02x}");
                }
                buf.push('\'');
            }
            Blob::Size => {
                let _ = write!(
                    buf,
                    "<blob {} byte{}>",
                    b.len(),
                    if b.len() == 1 { "" } else { "s" }
                );
            }
        },
    }
}

/// True for a character that must not reach a terminal as it is: every C0
/// control but newline, DEL, every C1 control, and the Unicode marks that
/// reorder text on screen (bidirectional embeddings, overrides, isolates
/// and the directional marks).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\x09' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text with every unsafe character shown as an escape: `\t`, `\r`,
/// `\x1b` for the other ASCII controls, `\u{202e}` for the rest. Newlines
/// are kept; the table breaks a cell's line there. Borrows when nothing
/// needs escaping, which is nearly always.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether text begins as a spreadsheet formula would: `=`, `+`, `-`, `@`,
/// a tab or a carriage return.
pub fn formula_start(text: &[u8]) -> bool {
    text.first().is_some_and(|b| b"=+-@\t\r".contains(b))
}

/// OWASP's advice against CSV injection: a text cell that a spreadsheet would
/// run as a formula gets a leading apostrophe. Numbers are left alone.
pub fn neutralize(value: ValueRef<'_>, text: &mut String) {
    let is_number = matches!(value, ValueRef::Integer(_) | ValueRef::Real(_));
    if !is_number && formula_start(text.as_bytes()) {
        text.insert(0, '\'');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_carriage_returns_are_shown_not_run() {
        assert_eq!(visible("\x1b[2Jgone"), "\\x1b[2Jgone");
        assert_eq!(visible("a\rb"), "a\\rb");
        assert_eq!(visible("a\tb"), "a\\tb");
        assert_eq!(visible("bell\x07 del\x7f"), "bell\\x07 del\\x7f");
        assert_eq!(visible("csi\u{9b}31m"), "csi\\u{9b}31m");
    }

    #[test]
    fn bidirectional_controls_are_shown_not_run() {
        for (c, shown) in [
            ('\u{202e}', "\\u{202e}"),
            ('\u{202a}', "\\u{202a}"),
            ('\u{2066}', "\\u{2066}"),
            ('\u{2069}', "\\u{2069}"),
            ('\u{200e}', "\\u{200e}"),
            ('\u{200f}', "\\u{200f}"),
            ('\u{061c}', "\\u{61c}"),
        ] {
            assert_eq!(visible(&format!("a{c}b")), format!("a{shown}b"));
        }
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in ["plain", "two\nlines", "北京 ✓", "Côte d’Ivoire", "a\\x1b"] {
            assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn blobs_read_as_blobs() {
        let mut buf = String::new();
        cell_text(ValueRef::Blob(b"\x00\xffA"), Blob::Hex, &mut buf);
        assert_eq!(buf, "x'00ff41'");
        cell_text(ValueRef::Blob(b"abc"), Blob::Size, &mut buf);
        assert_eq!(buf, "<blob 3 bytes>");
        cell_text(ValueRef::Blob(b"a"), Blob::Size, &mut buf);
        assert_eq!(buf, "<blob 1 byte>");
        cell_text(ValueRef::Null, Blob::Size, &mut buf);
        assert_eq!(buf, "");
    }
}
