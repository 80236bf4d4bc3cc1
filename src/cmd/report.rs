//! `apsc report NAME`: run one canned report, its parameters checked before
//! anything runs and resolved (a partner by any alias, an area by id, section
//! or name). Without a name, the list of reports.

use clap::Args;
use std::path::Path;

use crate::db;
use crate::output::{Format, OutputArgs};
use crate::params::{self, Params};
use crate::reports;

const EXAMPLES: &str = "\
Examples:
  apsc report partners
  apsc report partner --param name=ROK
  apsc report statements --param area=cyber-security --format markdown
  apsc report timeline --format csv -o timeline.csv
  apsc report hosted --sql          print the report's SQL

`apsc report` alone (or `apsc reports`) lists the reports and their parameters.";

/// Run a canned report.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    /// The report to run; without one, the list of reports
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// A parameter of the report; repeatable
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = params::parse_pair)]
    pub params: Vec<(String, String)>,

    /// Print the report's SQL instead of running it
    #[arg(long)]
    pub sql: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db_path: &Path, args: &ReportArgs) -> anyhow::Result<()> {
    let Some(name) = &args.name else {
        return super::reports::list(&args.output);
    };
    let report = reports::find(name)?;
    let given = Params::new(&args.params)?;
    report.check_params(&given)?;
    if args.sql {
        // SQL is text whatever the file's name says: no format to infer.
        let mut output = args.output.clone();
        output.format.get_or_insert(Format::Table);
        let mut printer = output.printer()?;
        printer.text(report.sql)?;
        return printer.finish();
    }
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    let bound = report.resolve(&conn, &given)?;
    let mut stmt = conn.prepare(report.sql)?;
    bound.bind(&mut stmt)?;
    printer.statement(&mut stmt)?;
    printer.finish()
}
