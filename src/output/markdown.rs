//! GitHub-flavoured Markdown tables, streamed: `|` is escaped and line breaks
//! inside a cell become `<br>`.

use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::{CellOptions, Sink, cell_text};

pub struct MarkdownSink {
    options: CellOptions,
    text: String,
}

impl MarkdownSink {
    pub fn new(options: CellOptions) -> MarkdownSink {
        MarkdownSink {
            options,
            text: String::new(),
        }
    }
}

fn cell(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(b" ")?;
    let mut rest = text;
    while let Some(i) = rest.find(['|', '\n', '\r', '\\']) {
        out.write_all(&rest.as_bytes()[..i])?;
        match rest.as_bytes()[i] {
            b'|' => out.write_all(b"\\|")?,
            b'\\' => out.write_all(b"\\\\")?,
            b'\r' if rest.as_bytes().get(i + 1) == Some(&b'\n') => {}
            _ => out.write_all(b"<br>")?,
        }
        rest = &rest[i + 1..];
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b" |")
}

impl Sink for MarkdownSink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        // A Markdown table cannot do without its header and rule; --no-header
        // leaves the names out but keeps the rule.
        out.write_all(b"|")?;
        for column in columns {
            cell(out, if self.options.header { column } else { "" })?;
        }
        out.write_all(b"\n|")?;
        for _ in columns {
            out.write_all(b" --- |")?;
        }
        out.write_all(b"\n")
    }

    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        out.write_all(b"|")?;
        for value in cells {
            cell_text(value, &mut self.text);
            cell(out, &self.text)?;
        }
        out.write_all(b"\n")
    }

    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
