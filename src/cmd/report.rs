//! `apsc report NAME`: run one canned report, with its parameters checked and
//! resolved (a partner by any alias, an area by id, section or name).

use clap::Args;
use std::path::Path;

use crate::db;
use crate::output::OutputArgs;
use crate::params::Params;
use crate::reports;

const EXAMPLES: &str = "\
Examples:
  apsc report partners
  apsc report partner --param name=ROK
  apsc report statements --param area=cyber-security --format markdown
  apsc report timeline --format csv -o timeline.csv
  apsc report hosted --sql          print the report's SQL

`apsc reports` lists the reports and their parameters.";

/// Run a canned report.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    /// The report to run (see `apsc reports`)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// A parameter of the report; repeatable
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Print the report's SQL instead of running it
    #[arg(long)]
    pub sql: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(db_path: &Path, args: &ReportArgs) -> anyhow::Result<()> {
    let report = reports::find(&args.name)?;
    if args.sql {
        print!("{}", report.sql);
        return Ok(());
    }
    let given = Params::parse(&args.params)?;
    let mut printer = args.output.printer()?;
    let conn = db::open_read(db_path)?;
    let bound = reports::resolve(&conn, &report, &given)?;
    let mut stmt = conn.prepare(report.sql)?;
    bound.bind_or_null(&mut stmt)?;
    printer.statement(&mut stmt)?;
    printer.finish()
}
