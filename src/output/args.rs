//! What the command line says of an output: its format (`--format`, else
//! the `-o` file's extension), its file, and the flags that shape cells.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::error;

/// The formats rows print in; a file's extension may name one by its name or
/// an alias (`.txt`, `.tab`, `.ndjson`, `.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns that fit the terminal (COLUMNS, else the terminal's
    /// width, else 120 for a file), long text wrapped, no word broken; control
    /// characters shown escaped (\x1b, \r, \u{202e}); a blob reads `<blob N bytes>`
    #[value(alias = "txt")]
    Table,
    /// RFC 4180: CRLF line ends, quotes only where needed, UTF-8, data exact;
    /// a blob is written as SQLite's hex literal x'0a1b'
    Csv,
    /// Tab-separated; tab, newline, carriage return and backslash escaped as
    /// \t \n \r \\; a blob is written as x'0a1b'
    #[value(alias = "tab")]
    Tsv,
    /// One JSON array of objects; a repeated column name gets a number (a,
    /// a_2); a blob is {"$base64": true, "encoded": "..."}
    Json,
    /// One JSON object per line, keys and blobs as for json
    #[value(alias = "ndjson")]
    Jsonl,
    /// A GitHub-flavoured Markdown table; control characters and blobs shown
    /// as in a table
    #[value(alias = "md")]
    Markdown,
}

/// The output flags every row-printing command shares.
#[derive(Debug, Clone, Default, Args)]
pub struct OutputArgs {
    /// Output format, in any case [default: table, or what the -o file's extension says]
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<Format>,

    /// Write to FILE instead of stdout: a file is replaced only when the
    /// command succeeds, keeping its mode; a FIFO or device is written
    /// through; - is stdout
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

impl OutputArgs {
    /// The format to use: the flag, else the file's extension, else a table.
    pub(super) fn resolve_format(&self) -> anyhow::Result<Format> {
        let Some(path) = &self.output else {
            return Ok(self.format.unwrap_or(Format::Table));
        };
        let shown = path.display();
        if path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/') {
            let message = format!("{shown} is a folder; give the name of a file to write");
            return Err(error::usage(message));
        }
        let ext = path.extension().map(|e| e.to_string_lossy());
        let named = ext.and_then(|e| Format::from_str(&e, true).ok());
        let message = match (self.format, named) {
            // A .txt file (a table's) takes any format: it says only "text".
            (Some(given), Some(named)) if given != named && named != Format::Table => {
                let given = format!("{given:?}").to_lowercase();
                format!(
                    "--format {given} does not match the name {shown}; name the file for the \
                     format or leave --format out"
                )
            }
            (Some(format), _) | (None, Some(format)) => return Ok(format),
            // No extension at all (`-`, a FIFO, `results`): a table, as on a
            // terminal. An extension apsc does not know is more likely a typo.
            (None, None) if path.extension().is_none() => return Ok(Format::Table),
            (None, None) => format!(
                "cannot tell the format from the name {shown}; name it .csv, .tsv, .json, \
                 .jsonl, .md or .txt, or pass --format (table, csv, tsv, json, jsonl, markdown)"
            ),
        };
        Err(error::usage(message))
    }
}
