//! Aligned text tables, drawn the way psql and the sqlite3 shell's box mode
//! draw them: a rule under the header and none between rows, numbers aligned
//! right, long text wrapped at word boundaries. The widths are planned from
//! the first [`PLAN_ROWS`] rows, which are the only ones held, with headroom
//! for what comes after (see [`layout::headroom`]); later rows stream
//! straight out, a cell wider than planned wrapping. A result too wide for
//! any table is printed one record at a time, a column per line.
//!
//! Every character that could act on a terminal is shown escaped (see
//! [`super::text::visible`]), and a blob reads `<blob N bytes>`.

use std::borrow::Cow;
use std::io::{self, Write};

use rusqlite::types::ValueRef;

use super::layout::{self, Measure};
use super::text::{Blob, cell_text, visible};
use super::{CellOptions, Cells, Sink};

/// How many rows the widths are planned from.
pub const PLAN_ROWS: usize = 1000;

/// The width to draw at when neither COLUMNS nor a terminal says.
pub const DEFAULT_WIDTH: usize = 120;

/// The width to draw tables at: COLUMNS when it is set (to 20 or more), else
/// the width of the terminal the table goes to, else [`DEFAULT_WIDTH`]. A
/// file or a pipe has no terminal width, so a table written with `-o` or
/// into a pipe is laid out the same wherever the command was typed.
pub fn width(terminal: Option<usize>) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
        .or(terminal)
        .unwrap_or(DEFAULT_WIDTH)
}

enum Layout {
    /// Side by side, each column this wide.
    Columns(Vec<usize>),
    /// One record at a time, the names in a margin this wide.
    Records(usize),
}

pub struct TableSink<W> {
    out: W,
    header: bool,
    width: usize,
    /// The column names, made safe to show.
    columns: Vec<String>,
    measures: Vec<Measure>,
    /// The first rows, held until the widths are planned.
    held: Vec<Vec<String>>,
    /// The strings of the row drawn last, to fill with the next.
    spare: Vec<String>,
    layout: Option<Layout>,
    rows: u64,
    text: String,
}

impl<W: Write> TableSink<W> {
    pub fn new(out: W, options: CellOptions, width: usize, columns: &[String]) -> TableSink<W> {
        let columns: Vec<String> = columns.iter().map(|c| visible(c).into_owned()).collect();
        TableSink {
            out,
            header: options.header,
            width,
            measures: columns.iter().map(|c| Measure::new(c)).collect(),
            columns,
            held: Vec::new(),
            spare: Vec::new(),
            layout: None,
            rows: 0,
            text: String::new(),
        }
    }

    /// Draw the rows held (planning the widths from them if no row has
    /// been drawn yet) and the table's bottom line.
    fn close(&mut self) -> io::Result<()> {
        if self.layout.is_none() {
            self.start(false)?;
        }
        if let Some(Layout::Columns(widths)) = self.layout.take() {
            self.rule('└', '─', '┴', '┘', &widths)?;
        }
        Ok(())
    }

    /// Plan the layout from the rows held, then draw them; `more` says that
    /// rows the plan has not seen are still to come.
    fn start(&mut self, more: bool) -> io::Result<()> {
        let layout = match layout::plan(&self.measures, self.width) {
            Some(mut widths) => {
                if more {
                    layout::headroom(&self.measures, &mut widths, self.width);
                }
                self.rule('┌', '─', '┬', '┐', &widths)?;
                if self.header {
                    let names = self.columns.clone();
                    self.line(&names, &vec![false; names.len()], &widths)?;
                    self.rule('╞', '═', '╪', '╡', &widths)?;
                }
                Layout::Columns(widths)
            }
            None => Layout::Records(
                self.columns
                    .iter()
                    .map(|c| layout::width(c))
                    .max()
                    .unwrap_or(0),
            ),
        };
        self.layout = Some(layout);
        for row in std::mem::take(&mut self.held) {
            self.draw(&row)?;
        }
        Ok(())
    }

    fn rule(
        &mut self,
        left: char,
        fill: char,
        join: char,
        right: char,
        widths: &[usize],
    ) -> io::Result<()> {
        let mut line = String::from(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                line.push(join);
            }
            line.extend(std::iter::repeat_n(fill, w + 2));
        }
        line.push(right);
        writeln!(self.out, "{line}")
    }

    /// One row of cells, each wrapped to its column, side by side.
    fn line(&mut self, cells: &[String], right: &[bool], widths: &[usize]) -> io::Result<()> {
        // Most rows fit their columns on one line: drawn without wrapping.
        let fits = cells
            .iter()
            .zip(widths)
            .all(|(cell, w)| !cell.contains('\n') && layout::width(cell) <= *w);
        if fits {
            let mut text = std::mem::take(&mut self.text);
            text.clear();
            text.push_str("│ ");
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    text.push_str(" ┆ ");
                }
                layout::pad(&mut text, cell, widths[i], right[i]);
            }
            text.push_str(" │\n");
            let written = self.out.write_all(text.as_bytes());
            self.text = text;
            return written;
        }
        let wrapped: Vec<Vec<Cow<'_, str>>> = cells
            .iter()
            .zip(widths)
            .zip(right)
            .map(|((cell, w), numeric)| {
                // A number is never broken over lines: one wider than its
                // column (met after the widths were planned) stands whole.
                // Nor is a cell that fits. Text that comes after the rows
                // planned from held only numbers or nothing (dates under a
                // column empty so far) wraps as text does.
                let number = *numeric && cell.trim().parse::<f64>().is_ok();
                if number || (!cell.contains('\n') && layout::width(cell) <= *w) {
                    return vec![Cow::Borrowed(cell.as_str())];
                }
                let mut lines = Vec::new();
                layout::wrap(cell, *w, &mut lines);
                lines.into_iter().map(Cow::Owned).collect()
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let mut text = String::new();
        for k in 0..height {
            text.clear();
            text.push_str("│ ");
            for (i, lines) in wrapped.iter().enumerate() {
                if i > 0 {
                    text.push_str(" ┆ ");
                }
                let cell = lines.get(k).map(|line| line.as_ref()).unwrap_or("");
                layout::pad(&mut text, cell, widths[i], right[i]);
            }
            text.push_str(" │");
            writeln!(self.out, "{text}")?;
        }
        Ok(())
    }

    fn draw(&mut self, row: &[String]) -> io::Result<()> {
        self.rows += 1;
        match self.layout.take().expect("planned before drawing") {
            Layout::Columns(widths) => {
                let right: Vec<bool> = self.measures.iter().map(|m| m.numeric).collect();
                let drawn = self.line(row, &right, &widths);
                self.layout = Some(Layout::Columns(widths));
                drawn
            }
            Layout::Records(label) => {
                self.layout = Some(Layout::Records(label));
                self.record(row, label)
            }
        }
    }

    /// One row as a block of `name │ value` lines under a numbered rule.
    fn record(&mut self, row: &[String], label: usize) -> io::Result<()> {
        let title = format!("─[ {} ]", self.rows);
        let rule = self.width.saturating_sub(layout::width(&title));
        writeln!(self.out, "{title}{}", "─".repeat(rule))?;
        let room = self.width.saturating_sub(label + 3).max(10);
        let mut lines = Vec::new();
        let mut text = String::new();
        for (name, value) in self.columns.iter().zip(row) {
            lines.clear();
            layout::wrap(value, room, &mut lines);
            for (k, line) in lines.iter().enumerate() {
                text.clear();
                layout::pad(&mut text, if k == 0 { name } else { "" }, label, false);
                text.push_str(" │ ");
                text.push_str(line);
                writeln!(self.out, "{}", text.trim_end())?;
            }
        }
        Ok(())
    }
}

impl<W: Write> Sink<W> for TableSink<W> {
    fn row(&mut self, cells: &mut dyn Cells) -> io::Result<()> {
        // Once the layout is planned, the row's strings are reused from one
        // row to the next (a million rows, a few columns each).
        let mut row = std::mem::take(&mut self.spare);
        let mut n = 0;
        let planning = self.layout.is_none();
        let (text, measures) = (&mut self.text, &mut self.measures);
        cells.each(&mut |value| {
            cell_text(value, Blob::Size, text);
            let shown = visible(text);
            if planning {
                let measure = &mut measures[n];
                measure.numeric &= matches!(
                    value,
                    ValueRef::Integer(_) | ValueRef::Real(_) | ValueRef::Null
                );
                measure.add(&shown);
            }
            match row.get_mut(n) {
                Some(cell) => {
                    cell.clear();
                    cell.push_str(&shown);
                }
                None => row.push(shown.into_owned()),
            }
            n += 1;
            Ok(())
        })?;
        row.truncate(n);
        if !planning {
            let drawn = self.draw(&row);
            self.spare = row;
            return drawn;
        }
        self.held.push(row);
        if self.held.len() >= PLAN_ROWS {
            self.start(true)?;
        }
        Ok(())
    }

    fn end(mut self: Box<Self>) -> io::Result<W> {
        if self.layout.is_none() && self.held.is_empty() {
            writeln!(self.out, "(no rows: {})", self.columns.join(", "))?;
            return Ok(self.out);
        }
        self.close()?;
        Ok(self.out)
    }

    fn silent_rows(&self) -> u64 {
        if self.layout.is_some() {
            0
        } else {
            (PLAN_ROWS - 1 - self.held.len()) as u64
        }
    }

    fn cut(mut self: Box<Self>) -> io::Result<()> {
        if self.layout.is_some() || !self.held.is_empty() {
            self.close()?;
        }
        Ok(())
    }
}
