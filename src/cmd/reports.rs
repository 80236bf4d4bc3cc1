//! `apsc reports`: the catalog of canned reports, their parameters and views.

use clap::Args;
use rusqlite::types::Value;
use std::path::Path;

use crate::output::OutputArgs;
use crate::reports;

const EXAMPLES: &str = "\
Examples:
  apsc reports
  apsc reports --format json

Each report without a required parameter is also a view, report_<name>, in
the database file, for sqlite3, DB Browser, Datasette or Python.";

/// List the canned reports.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportsArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(_db: &Path, args: &ReportsArgs) -> anyhow::Result<()> {
    list(&args.output)
}

/// Print the catalog: what `apsc reports` and `apsc report` alone show.
pub fn list(output: &OutputArgs) -> anyhow::Result<()> {
    let mut printer = output.printer()?;
    let rows = reports::all().into_iter().map(|r| {
        let params: Vec<String> = r.params.iter().map(|p| p.label()).collect();
        let view = r.view().map_or(Value::Null, Value::Text);
        let [name, title, description] = [r.name.into(), r.title, r.description].map(Value::Text);
        vec![
            name,
            title,
            Value::Text(params.join(", ")),
            view,
            description,
        ]
    });
    printer.rows(
        &["name", "title", "parameters", "view", "description"],
        rows.collect::<Vec<_>>(),
    )?;
    printer.finish()
}
