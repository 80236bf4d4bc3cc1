//! `apsc report NAME`: run one canned report, its parameters checked before
//! anything runs and resolved (a partner by any alias, an area by id, section
//! or name). Without a name, the list of reports.

use std::ffi::OsStr;
use std::path::Path;

use clap::Args;
use clap::builder::{PossibleValue, TypedValueParser};

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
    #[arg(value_name = "NAME", value_parser = Offered(report_names), hide_possible_values = true)]
    pub name: Option<String>,

    /// A parameter of the report; repeatable
    #[arg(
        long = "param",
        short = 'p',
        value_name = "NAME=VALUE",
        hide_possible_values = true
    )]
    #[arg(value_parser = Offered(param_values).map(|pair| params::parse_pair(&pair)).try_map(|r| r))]
    pub params: Vec<(String, String)>,

    /// Print the report's SQL instead of running it
    #[arg(long)]
    pub sql: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// A value parser that takes any text, as the command checks it itself,
/// and offers values for shell completion.
#[derive(Clone)]
struct Offered(fn() -> Vec<String>);

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(PossibleValue::new)))
    }
}

fn report_names() -> Vec<String> {
    reports::all().iter().map(|r| r.name.to_string()).collect()
}

/// `name=` a partner and `area=` an area, by their ids in the built-in seed.
fn param_values() -> Vec<String> {
    let seed = crate::seed::SeedDir::embedded();
    let ids = |(param, file): (&str, &str)| {
        let text = String::from_utf8_lossy(seed.get(file).unwrap_or_default()).into_owned();
        let ids = text.lines().skip(1).filter_map(|l| l.split(',').next());
        ids.map(|id| format!("{param}={id}")).collect::<Vec<_>>()
    };
    [("name", "partners.csv"), ("area", "areas.csv")]
        .into_iter()
        .flat_map(ids)
        .collect()
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
