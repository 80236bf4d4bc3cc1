//! The one renderer: any rows, from any query, to any format, on stdout or in
//! a file. Every command that prints rows takes [`OutputArgs`]; rows stream
//! to the output one at a time (the table format aside, which must measure
//! every row before it can draw one).

mod delimited;
mod json;
mod markdown;
mod table;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use rusqlite::types::ValueRef;

use crate::error;

/// The formats rows print in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns that fit the terminal, long text wrapped.
    Table,
    /// RFC 4180: CRLF line ends, quotes only where needed, UTF-8.
    Csv,
    /// Tab-separated; tab, newline, carriage return and backslash escaped as \t \n \r \\.
    Tsv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

impl Format {
    /// The format a file name's extension implies.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "md" | "markdown" => Format::Markdown,
            "txt" => Format::Table,
            _ => return None,
        })
    }
}

/// The output flags every row-printing command shares.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Output format [default: table, or what the -o file's extension says]
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write to FILE instead of stdout (replaced only when the command succeeds)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub cells: CellArgs,
}

/// The flags that shape cells and headers, shared by `export`.
#[derive(Debug, Clone, Default, Args)]
pub struct CellArgs {
    /// Leave out the header row (csv, tsv, markdown, table)
    #[arg(long)]
    pub no_header: bool,

    /// Start CSV or TSV output with a UTF-8 byte-order mark, which Excel needs
    /// to read non-ASCII text
    #[arg(long)]
    pub bom: bool,

    /// For Excel: a byte-order mark, and text cells that begin with = + - @
    /// tab or carriage return prefixed with ' so they are not run as formulas
    #[arg(long)]
    pub excel: bool,
}

/// Options that shape the text of cells, shared by the writers.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellOptions {
    pub header: bool,
    pub bom: bool,
    pub excel: bool,
}

impl OutputArgs {
    /// The format to use: the flag, else the file's extension, else a table.
    pub fn resolve_format(&self) -> anyhow::Result<Format> {
        if let Some(format) = self.format {
            return Ok(format);
        }
        match &self.output {
            None => Ok(Format::Table),
            Some(path) => Format::from_extension(path).ok_or_else(|| {
                error::usage(format!(
                    "cannot tell the format from the name {}; pass --format (table, csv, tsv, json, jsonl, markdown)",
                    path.display()
                ))
            }),
        }
    }

    fn cell_options(&self, format: Format) -> anyhow::Result<CellOptions> {
        let cells = &self.cells;
        let delimited = matches!(format, Format::Csv | Format::Tsv);
        if (cells.bom || cells.excel) && !delimited {
            return Err(error::usage(
                "--bom and --excel apply to csv and tsv output only",
            ));
        }
        Ok(CellOptions {
            header: !cells.no_header,
            bom: cells.bom || cells.excel,
            excel: cells.excel,
        })
    }

    /// Open the output: stdout, or a temporary file beside FILE that replaces
    /// FILE when [`Printer::finish`] succeeds.
    pub fn printer(&self) -> anyhow::Result<Printer> {
        let format = self.resolve_format()?;
        let options = self.cell_options(format)?;
        let target = match &self.output {
            None => Target::Stdout(BufWriter::with_capacity(64 * 1024, io::stdout())),
            Some(path) => Target::File(PendingFile::create(path)?),
        };
        Ok(Printer::new(format, options, target))
    }
}

/// A file that appears under its name only once it is complete.
pub struct PendingFile {
    path: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl PendingFile {
    pub fn create(path: &Path) -> anyhow::Result<PendingFile> {
        let name = path
            .file_name()
            .ok_or_else(|| error::usage(format!("{} is not a file name", path.display())))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".apsc-{}.tmp", std::process::id()));
        let temp = path.with_file_name(temp_name);
        let file = File::create(&temp).with_context(|| format!("creating {}", path.display()))?;
        Ok(PendingFile {
            path: path.to_path_buf(),
            temp,
            file: Some(BufWriter::with_capacity(64 * 1024, file)),
        })
    }

    /// Flush, sync and move into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let file = self.file.take().expect("a pending file is committed once");
        let file = file
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("writing {}", self.path.display()))?;
        file.sync_all()
            .with_context(|| format!("writing {}", self.path.display()))?;
        fs::rename(&self.temp, &self.path)
            .with_context(|| format!("moving the output into {}", self.path.display()))?;
        Ok(())
    }
}

impl Write for PendingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("open until committed").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open until committed").flush()
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if self.file.is_some() {
            self.file = None;
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Where rows go.
pub enum Target {
    Stdout(BufWriter<io::Stdout>),
    File(PendingFile),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(w) => w.write(buf),
            Target::File(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(w) => w.flush(),
            Target::File(w) => w.flush(),
        }
    }
}

/// A writer of one format. `row` receives the cells of one row in order.
pub trait Sink {
    fn begin(&mut self, out: &mut dyn Write, columns: &[String]) -> io::Result<()>;
    fn row(
        &mut self,
        out: &mut dyn Write,
        cells: &mut dyn Iterator<Item = ValueRef<'_>>,
    ) -> io::Result<()>;
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

fn sink(format: Format, options: CellOptions) -> Box<dyn Sink> {
    match format {
        Format::Table => Box::new(table::TableSink::new(options)),
        Format::Csv => Box::new(delimited::CsvSink::new(options)),
        Format::Tsv => Box::new(delimited::TsvSink::new(options)),
        Format::Json => Box::new(json::JsonSink::array()),
        Format::Jsonl => Box::new(json::JsonSink::lines()),
        Format::Markdown => Box::new(markdown::MarkdownSink::new(options)),
    }
}

/// Told when the printer starts (`true`) and stops (`false`) writing, so a
/// time limit on a query can leave out the time spent waiting for a slow
/// reader of the output.
pub trait WriteWatch: Send + Sync {
    fn writing(&self, busy: bool);
}

/// Prints result sets. Several result sets may go to one printer only for
/// the table format (each its own table); the other formats take one.
pub struct Printer {
    format: Format,
    options: CellOptions,
    target: Target,
    sink: Option<Box<dyn Sink>>,
    watch: Option<std::sync::Arc<dyn WriteWatch>>,
}

impl Printer {
    pub fn new(format: Format, options: CellOptions, target: Target) -> Printer {
        Printer {
            format,
            options,
            target,
            sink: None,
            watch: None,
        }
    }

    /// Tell `watch` whenever this printer writes (see [`WriteWatch`]).
    pub fn watch_writes(&mut self, watch: std::sync::Arc<dyn WriteWatch>) {
        self.watch = Some(watch);
    }

    fn writing(&self, busy: bool) {
        if let Some(watch) = &self.watch {
            watch.writing(busy);
        }
    }

    /// Write text as it is (a report's SQL), to the same place rows go.
    pub fn text(&mut self, text: &str) -> anyhow::Result<()> {
        self.target.write_all(text.as_bytes())?;
        Ok(())
    }

    pub fn format(&self) -> Format {
        self.format
    }

    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        let mut sink = sink(self.format, self.options);
        sink.begin(&mut self.target, columns)?;
        self.sink = Some(sink);
        Ok(())
    }

    fn end(&mut self) -> io::Result<()> {
        if let Some(mut sink) = self.sink.take() {
            sink.end(&mut self.target)?;
        }
        Ok(())
    }

    /// Run a prepared statement, its parameters already bound, and print
    /// every row it returns; returns the number of rows.
    pub fn statement(&mut self, stmt: &mut rusqlite::Statement<'_>) -> anyhow::Result<u64> {
        let columns: Vec<String> = stmt.column_names().map(String::from).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        self.writing(true);
        self.begin(&columns)?;
        self.writing(false);
        let mut n = 0;
        while let Some(row) = rows.next()? {
            self.writing(true);
            let sink = self.sink.as_mut().expect("begun");
            let mut cells = (0..width).map(|i| row.get_ref_unwrap(i));
            sink.row(&mut self.target, &mut cells)?;
            self.writing(false);
            n += 1;
        }
        self.writing(true);
        self.end()?;
        self.writing(false);
        Ok(n)
    }

    /// Print rows that are already in memory.
    pub fn rows<R: AsRef<[rusqlite::types::Value]>>(
        &mut self,
        columns: &[&str],
        rows: impl IntoIterator<Item = R>,
    ) -> anyhow::Result<u64> {
        let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        self.begin(&columns)?;
        let mut n = 0;
        for row in rows {
            let sink = self.sink.as_mut().expect("begun");
            let mut cells = row.as_ref().iter().map(ValueRef::from);
            sink.row(&mut self.target, &mut cells)?;
            n += 1;
        }
        self.end()?;
        Ok(n)
    }

    /// Flush everything; a file output moves into place only now.
    pub fn finish(mut self) -> anyhow::Result<()> {
        self.end()?;
        match self.target {
            Target::Stdout(mut w) => w.flush().context("writing to stdout")?,
            Target::File(file) => file.commit()?,
        }
        Ok(())
    }
}

/// Render rows held in memory to any writer: what [`Printer::rows`] does,
/// without a terminal or a file.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    options: CellOptions,
    columns: &[&str],
    rows: &[Vec<rusqlite::types::Value>],
) -> io::Result<()> {
    let columns: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let mut sink = sink(format, options);
    sink.begin(out, &columns)?;
    for row in rows {
        sink.row(out, &mut row.iter().map(ValueRef::from))?;
    }
    sink.end(out)
}

/// The text of a cell as the delimited and table formats show it: NULL is
/// empty, a blob is lower-case hex.
pub fn cell_text(value: ValueRef<'_>, buf: &mut String) {
    use std::fmt::Write as _;
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
        ValueRef::Blob(b) => {
            for byte in b {
                let _ = write!(buf, "{byte:02x}");
            }
        }
    }
}

/// OWASP's advice against CSV injection: a text cell that a spreadsheet would
/// run as a formula gets a leading apostrophe. Numbers are left alone.
pub fn neutralize(value: ValueRef<'_>, text: &mut String) {
    let is_number = matches!(value, ValueRef::Integer(_) | ValueRef::Real(_));
    if !is_number && text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        text.insert(0, '\'');
    }
}
