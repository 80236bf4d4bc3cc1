//! The text of a cell in each format: how NULL, numbers and blobs read, which
//! characters are escaped before they reach a terminal.

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

/// The text of a cell: NULL is empty, a real is written as SQLite writes it
/// (see [`real`]), text is lossless UTF-8 where it is valid.
pub fn cell_text(value: ValueRef<'_>, blob: Blob) -> String {
    match value {
        ValueRef::Null => String::new(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(x) => real(x),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) if blob == Blob::Hex => {
            let hex: String = b.iter().map(|b| format!("{b:02x}")).collect();
            format!("x'{hex}'")
        }
        ValueRef::Blob([_]) => "<blob 1 byte>".to_string(),
        ValueRef::Blob(b) => format!("<blob {} bytes>", b.len()),
    }
}

/// A real as SQLite's `%!.17g` writes it (`1.5e+300`, `100.0`, `1.0e-05`,
/// `0.1`), in the shortest digits that read back: where SQLite writes 17
/// (`0.33333333333333332`), this may write fewer (`0.3333333333333333`).
fn real(x: f64) -> String {
    // NaN as it is; SQLite's `Inf` where Rust writes `inf`.
    if !x.is_finite() {
        return x.to_string().replace("inf", "Inf");
    }
    // Rust writes the shortest digits that read back: `1.5e300` as `{:e}`,
    // `0.0001` in plain notation as `{}`.
    let exponent = format!("{x:e}");
    let (mantissa, exp) = exponent.split_once('e').unwrap_or((&exponent, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (digits, exponent) = match (-4..=16).contains(&exp) {
        true => (x.to_string(), String::new()),
        false => (mantissa.to_string(), format!("e{exp:+03}")),
    };
    let point = if digits.contains('.') { "" } else { ".0" };
    format!("{digits}{point}{exponent}")
}

/// True for a character that must not reach a terminal as it is: every C0
/// control but newline, DEL, every C1 control, and the Unicode marks that
/// reorder text on screen (bidirectional embeddings, overrides, isolates
/// and the directional marks).
fn is_unsafe(c: char) -> bool {
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
        let _ = match c {
            '\t' => write!(out, "\\t"),
            '\r' => write!(out, "\\r"),
            c if !is_unsafe(c) => write!(out, "{c}"),
            c if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
            c => write!(out, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(out)
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
    fn reals_read_as_sqlite_writes_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sqlite = |x: f64| -> String {
            conn.query_row("SELECT CAST(?1 AS TEXT)", [x], |r| r.get(0))
                .unwrap()
        };
        for x in [
            1.5e300,
            -1.5e300,
            0.0,
            100.0,
            0.1,
            0.1 + 0.2,
            1e-4,
            1e-5,
            1.234e-5,
            123.456,
            1e16,
            1e17,
            9.9e16,
            2.5e-300,
            1.7976931348623157e308,
            0.042,
            -3.5,
        ] {
            assert_eq!(cell_text(ValueRef::Real(x), Blob::Hex), sqlite(x), "{x:e}");
        }
        // Where SQLite writes 17 digits, the shortest that read back to the
        // same number.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..2000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if !x.is_finite() {
                continue;
            }
            let buf = cell_text(ValueRef::Real(x), Blob::Hex);
            let theirs = sqlite(x);
            assert_eq!(buf.parse::<f64>().unwrap(), x, "{buf} for {theirs}");
            assert!(buf.len() <= theirs.len(), "{buf} for {theirs}");
        }
    }

    #[test]
    fn blobs_read_as_blobs() {
        let text = |v| cell_text(v, Blob::Size);
        assert_eq!(
            cell_text(ValueRef::Blob(b"\x00\xffA"), Blob::Hex),
            "x'00ff41'"
        );
        assert_eq!(text(ValueRef::Blob(b"abc")), "<blob 3 bytes>");
        assert_eq!(text(ValueRef::Blob(b"a")), "<blob 1 byte>");
        assert_eq!(text(ValueRef::Null), "");
    }
}
