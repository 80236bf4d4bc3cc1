//! Aligned text tables that fit the terminal: long cells wrap, numeric
//! columns align right; a result too wide for any table is drawn one record
//! at a time, a column per line. The whole result is measured before it is
//! drawn, so this is the one format that holds its rows in memory.

use std::io::{self, IsTerminal, Write};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use rusqlite::types::ValueRef;

use super::{CellOptions, Sink, cell_text};

/// The width to fit when it cannot be measured (output is not a terminal and
/// COLUMNS is not set).
const DEFAULT_WIDTH: u16 = 120;

/// Columns no wider than this are never wrapped.
const KEEP_WIDTH: usize = 20;

/// The narrowest a wrapped column gets, however many columns there are.
const MIN_WRAPPED: usize = 12;

/// How wide to draw each column: `None` keeps a short column's own width
/// (numbers, codes, dates, kinds); the long ones (names, quotes) share what
/// is left, each no wider than it needs. Returns
/// `None` when even the narrowest table would not fit.
fn plan_widths(columns: &[String], rows: &[Vec<String>], width: u16) -> Option<Vec<Option<u16>>> {
    let mut content: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let longest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            content[i] = content[i].max(longest);
        }
    }
    // Each column costs its content plus "│ " and " " of borders and padding.
    let border = 3 * columns.len() + 1;
    let short: usize = content.iter().filter(|w| **w <= KEEP_WIDTH).sum();
    let least: usize = content
        .iter()
        .filter(|w| **w > KEEP_WIDTH)
        .map(|w| (*w).min(MIN_WRAPPED))
        .sum();
    if border + short + least > usize::from(width) {
        return None;
    }
    let mut left = usize::from(width) - border - short;
    let mut long: Vec<usize> = (0..columns.len())
        .filter(|i| content[*i] > KEEP_WIDTH)
        .collect();
    long.sort_by_key(|i| content[*i]);
    let mut plan = vec![None; columns.len()];
    // Shares weighted by the square root of each column's width: a long quote
    // gets more room than a name, but not so much that the name is starved.
    let weight = |i: usize| (content[i] as f64).sqrt();
    for (k, &i) in long.iter().enumerate() {
        let weights: f64 = long[k..].iter().map(|&j| weight(j)).sum();
        let share = (left as f64 * weight(i) / weights) as usize;
        let given = content[i].min(share.max(MIN_WRAPPED));
        left = left.saturating_sub(given);
        plan[i] = Some(given.min(usize::from(u16::MAX)) as u16);
    }
    Some(plan)
}

/// The width to draw tables at: COLUMNS if set, else the terminal's, else 120.
pub fn width() -> u16 {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        && columns >= 20
    {
        return columns;
    }
    if io::stdout().is_terminal() {
        let probe = Table::new();
        if let Some(width) = probe.width() {
            return width;
        }
    }
    DEFAULT_WIDTH
}

pub struct TableSink {
    options: CellOptions,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    numeric: Vec<bool>,
}

impl TableSink {
    pub fn new(options: CellOptions) -> TableSink {
        TableSink {
            options,
            columns: Vec::new(),
            rows: Vec::new(),
            numeric: Vec::new(),
        }
    }
}

impl TableSink {
    /// Draw each row as a block of `column │ value` lines, for results with
    /// more columns than the width can hold side by side.
    fn records(&mut self, out: &mut dyn Write, width: u16) -> io::Result<()> {
        let label = self
            .columns
            .iter()
            .map(|c| c.chars().count())
            .max()
            .unwrap_or(0);
        for (n, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            let title = format!("─[ {} ]", n + 1);
            let rule = usize::from(width).saturating_sub(title.chars().count());
            writeln!(out, "{title}{}", "─".repeat(rule))?;
            let mut block = Table::new();
            block
                .load_style(presets::NOTHING)
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
            for (column, value) in self.columns.iter().zip(row) {
                block.add_row(vec![format!("{column:<label$} │"), value]);
            }
            if let Some(first) = block.column_mut(0) {
                first.set_constraint(ColumnConstraint::ContentWidth);
            }
            for line in block.lines() {
                writeln!(out, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }
}

impl Sink for TableSink {
    fn begin(&mut self, _out: &mut dyn Write, columns: &[String]) -> io::Result<()> {
        self.columns = columns.to_vec();
        self.numeric = vec![true; columns.len()];
        Ok(())
    }

    fn row(
        &mut self,
        _out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()> {
        let mut row = Vec::with_capacity(self.columns.len());
        let mut text = String::new();
        for (i, value) in cells.enumerate() {
            if !matches!(
                value,
                ValueRef::Integer(_) | ValueRef::Real(_) | ValueRef::Null
            ) {
                self.numeric[i] = false;
            }
            cell_text(value, &mut text);
            row.push(std::mem::take(&mut text));
        }
        self.rows.push(row);
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.rows.is_empty() {
            let names = self.columns.join(", ");
            return writeln!(out, "(no rows: {names})");
        }
        let width = width();
        let Some(widths) = plan_widths(&self.columns, &self.rows, width) else {
            return self.records(out, width);
        };
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL)
            .force_no_tty()
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        if self.options.header {
            table.set_header(self.columns.clone());
        }
        table.add_rows(std::mem::take(&mut self.rows));
        for (i, column) in table.column_iter_mut().enumerate() {
            if self.numeric[i] {
                column.set_cell_alignment(CellAlignment::Right);
            }
            column.set_constraint(match widths[i] {
                None => ColumnConstraint::ContentWidth,
                // A fixed width counts the padding on both sides.
                Some(w) => ColumnConstraint::Absolute(Width::Fixed(w + 2)),
            });
        }
        writeln!(out, "{table}")
    }
}
