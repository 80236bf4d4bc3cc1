//! GitHub-flavoured Markdown tables, streamed: `|` and `\` are escaped, line
//! breaks inside a cell become `<br>`, control characters are shown escaped
//! as in a table, and a blob reads `<blob N bytes>`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::text::{Blob, cell_text, visible};
use super::{CellOptions, Sink};

pub struct MarkdownSink<W> {
    out: W,
    text: String,
}

impl<W: Write> MarkdownSink<W> {
    pub fn new(
        mut out: W,
        options: CellOptions,
        columns: &[String],
    ) -> io::Result<MarkdownSink<W>> {
        // A Markdown table cannot do without its header and rule; --no-header
        // leaves the names out but keeps the rule.
        out.write_all(b"|")?;
        for column in columns {
            cell(&mut out, if options.header { column } else { "" })?;
        }
        out.write_all(b"\n|")?;
        for _ in columns {
            out.write_all(b" --- |")?;
        }
        out.write_all(b"\n")?;
        Ok(MarkdownSink {
            out,
            text: String::new(),
        })
    }
}

fn cell(out: &mut impl Write, text: &str) -> io::Result<()> {
    out.write_all(b" ")?;
    let shown = visible(text);
    let mut rest: &str = &shown;
    while let Some(i) = rest.find(['|', '\n', '\\']) {
        out.write_all(&rest.as_bytes()[..i])?;
        out.write_all(match rest.as_bytes()[i] {
            b'|' => b"\\|",
            b'\\' => b"\\\\",
            _ => b"<br>",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b" |")
}

impl<W: Write> Sink<W> for MarkdownSink<W> {
    fn row(&mut self, cells: &[ValueRef<'_>]) -> io::Result<()> {
        self.out.write_all(b"|")?;
        for &value in cells {
            cell_text(value, Blob::Size, &mut self.text);
            cell(&mut self.out, &self.text)?;
        }
        self.out.write_all(b"\n")
    }

    fn end(self: Box<Self>) -> io::Result<W> {
        Ok(self.out)
    }
}
