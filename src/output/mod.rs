//! The one renderer: any rows, from any query, to any format, on stdout or in
//! a file. Every command that prints rows takes [`OutputArgs`]; rows stream
//! to the output one at a time (a table holds its rows, to plan its widths).

mod args;
mod card;
pub(crate) mod delimited;
mod json;
mod layout;
mod markdown;
pub mod pending;
mod sink;
mod table;
mod target;
mod text;
pub(crate) use text::{Blob, cell_text};

use std::io::{self, Write};
use std::time::Duration;

use anyhow::Context;
use rusqlite::types::{Value, ValueRef};

use crate::error;
use crate::progress::Progress;

pub use args::{CellArgs, Format, OutputArgs};
pub use card::Emphasis;
pub use sink::Sink;
pub use target::{Target, protect_database, write_file};

/// A count as messages write it, its thousands grouped: `1,048,575`.
pub fn grouped(n: impl TryInto<u64>) -> String {
    n.try_into()
        .map_or("?".into(), |n| indicatif::HumanCount(n).to_string())
}

const ABANDONED: &str = "the output was abandoned after an error";

/// Prints result sets. Several result sets may go to one printer only for
/// the table format (each its own table); the other formats take one.
pub struct Printer {
    format: Format,
    cells: CellArgs,
    /// Held by a sink while it prints; gone after an error (and a file
    /// being written beside its name with it).
    target: Option<Target>,
    width: usize,
    terminal: bool,
}

impl Printer {
    pub fn new(format: Format, cells: CellArgs, target: Target) -> Printer {
        Printer {
            format,
            cells,
            width: table::width(target.width),
            terminal: target.terminal,
            target: Some(target),
        }
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Hear how long each write took: the time spent waiting on a slow
    /// reader, which a time limit must not count.
    pub fn set_write_timer(&mut self, timer: impl FnMut(Duration) + 'static) {
        if let Some(target) = self.target.as_mut() {
            target.timer = Some(Box::new(timer));
        }
    }

    /// The file this printer writes whole or not at all (`-o FILE`), if any.
    pub fn whole_file(&self) -> Option<&str> {
        let target = self.target.as_ref()?;
        target.temp.as_ref().map(|_| target.name.as_str())
    }

    /// Write text as it is (a report's SQL), to the same place rows go.
    pub fn text(&mut self, text: &str) -> anyhow::Result<()> {
        let target = self.target.as_mut().context(ABANDONED)?;
        Ok(target.write_all(text.as_bytes())?)
    }

    /// Print one result set: `each` feeds the rows to the sink, and counts them.
    pub fn print(
        &mut self,
        columns: &[String],
        each: impl FnOnce(&mut dyn Sink<Target>) -> anyhow::Result<u64>,
    ) -> anyhow::Result<u64> {
        let target = self.target.take().context(ABANDONED)?;
        let name = target.name.clone();
        // A failed write names the output; an error from the query keeps its words.
        let writing = |err: anyhow::Error| match err.is::<io::Error>() {
            true => err.context(format!("writing {name}")),
            false => err,
        };
        let mut sink = self.sink(target, columns).map_err(|e| writing(e.into()))?;
        let n = each(sink.as_mut());
        if n.is_err() {
            // The error is the news; one in drawing the rows so far is not.
            let _ = sink.cut();
            return n.map_err(writing);
        }
        self.target = Some(sink.end().map_err(|e| writing(e.into()))?);
        n
    }

    /// The sink for this printer's format, its header written.
    fn sink(&self, out: Target, columns: &[String]) -> io::Result<Box<dyn Sink<Target>>> {
        let (cells, header) = (&self.cells, !self.cells.no_header);
        Ok(match self.format {
            Format::Table => Box::new(table::TableSink::new(out, header, self.width, columns)),
            Format::Csv => Box::new(delimited::DelimitedSink::new(out, false, cells, columns)?),
            Format::Tsv => Box::new(delimited::DelimitedSink::new(out, true, cells, columns)?),
            Format::Json => Box::new(json::JsonSink::new(out, false, columns)?),
            Format::Jsonl => Box::new(json::JsonSink::new(out, true, columns)?),
            Format::Markdown => Box::new(markdown::MarkdownSink::new(out, header, columns)?),
        })
    }

    /// Run a prepared statement, its parameters bound, and print its rows.
    pub fn statement(&mut self, stmt: &mut rusqlite::Statement<'_>) -> anyhow::Result<u64> {
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        // A slow query counts the rows read on stderr until the output shows
        // them: the first on a terminal, the last for a table or a file; not
        // into a pipe, whose reader may draw on the same terminal (`| less`).
        let progress = match self.target.as_ref().is_some_and(|t| t.piped) {
            true => Progress::hidden(),
            false => Progress::new("rows read", None),
        };
        progress.step("running the query");
        let until_last = !self.terminal || self.format == Format::Table;
        let (mut rows, width) = (stmt.raw_query(), columns.len());
        // The progress line goes with the closure, before the sink ends or
        // cuts what it holds.
        self.print(&columns, move |sink| {
            let mut n = 0;
            while let Some(row) = rows.next()? {
                match until_last {
                    true => progress.inc(1),
                    false => progress.finish(),
                }
                let cells: Vec<ValueRef> = (0..width).map(|i| row.get_ref_unwrap(i)).collect();
                sink.row(&cells)?;
                n += 1;
            }
            Ok(n)
        })
    }

    /// Print rows that are already in memory.
    pub fn rows<R: AsRef<[Value]>>(
        &mut self,
        columns: &[&str],
        rows: impl IntoIterator<Item = R>,
    ) -> anyhow::Result<u64> {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        self.print(&columns, |sink| {
            rows.into_iter().try_fold(0, |n, row| {
                sink.row(&row.as_ref().iter().map(ValueRef::from).collect::<Vec<_>>())?;
                Ok(n + 1)
            })
        })
    }

    /// Print one record as a card in a table or Markdown, as
    /// one row in the data formats, which keep the value exact. Emphasis is
    /// bold on a terminal unless NO_COLOR is set.
    pub fn card(
        &mut self,
        fields: &[(&str, Value)],
        emphasis: Option<Emphasis>,
    ) -> anyhow::Result<()> {
        match self.format {
            Format::Table => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let bold = self.terminal && !no_color;
                let target = self.target.as_mut().context(ABANDONED)?;
                card::table(target, fields, emphasis, self.width, bold)?;
            }
            Format::Markdown => {
                self.rows(&["field", "value"], card::markdown_rows(fields, emphasis))?;
            }
            _ => {
                let (columns, row): (Vec<&str>, Vec<Value>) = fields.iter().cloned().unzip();
                self.rows(&columns, [row])?;
            }
        }
        Ok(())
    }

    /// Flush everything; a file output moves into place only now.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.target.take().context(ABANDONED)?.commit()
    }
}

impl OutputArgs {
    /// Open the output: stdout, or FILE by the rules of [`Target::open`].
    pub fn printer(&self) -> anyhow::Result<Printer> {
        let format = self.resolve_format()?;
        let cells = &self.cells;
        if (cells.bom || cells.excel) && !matches!(format, Format::Csv | Format::Tsv) {
            let message = "--bom and --excel apply to csv and tsv output only";
            return Err(error::usage(message));
        }
        let output = self.output.as_deref();
        let target = output.map_or_else(|| Ok(Target::stdout()), Target::open)?;
        Ok(Printer::new(format, cells.clone(), target))
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    #[test]
    fn the_write_timer_hears_of_every_write_to_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut printer = Printer::new(
            Format::Csv,
            CellArgs::default(),
            Target::open(&path).unwrap(),
        );
        let writes = Rc::new(Cell::new(0));
        let heard = Rc::clone(&writes);
        printer.set_write_timer(move |_took| heard.set(heard.get() + 1));
        let row = [Value::Integer(1)];
        printer.rows(&["n"], [&row[..]]).unwrap();
        printer.finish().unwrap();
        assert!(writes.get() >= 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "n\r\n1\r\n");
    }
}
