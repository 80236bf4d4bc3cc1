//! The `apsc` binary: parse the command line, dispatch to the command, and turn
//! the outcome into one line on stderr and a documented exit code.

use std::process::ExitCode;

use apsc::cli::{Cli, Command};
use apsc::{cmd, error};
use clap::Parser;

fn main() -> ExitCode {
    error::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return error::clap_exit(&err),
    };
    let db = cli.global.db.as_path();
    let result = match cli.command {
        Command::Seed(args) => cmd::seed::run(db, &args),
        Command::Check(args) => cmd::check::run(db, &args),
        Command::Report(args) => cmd::report::run(db, &args),
        Command::Reports(args) => cmd::reports::run(db, &args),
        Command::Sql(args) => cmd::sql::run(db, &args),
        Command::Search(args) => cmd::search::run(db, &args),
        Command::Export(args) => cmd::export::run(db, &args),
        Command::Schema(args) => cmd::schema::run(db, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => error::report(&err),
    }
}
