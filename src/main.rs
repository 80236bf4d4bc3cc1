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
    let global = &cli.global;
    let result = match cli.command {
        Command::Seed(args) => cmd::seed::run(global, &args),
        Command::Check(args) => cmd::check::run(global, &args),
        Command::Report(args) => cmd::report::run(global, &args),
        Command::Reports(args) => cmd::reports::run(global, &args),
        Command::Sql(args) => cmd::sql::run(global, &args),
        Command::Search(args) => cmd::search::run(global, &args),
        Command::Export(args) => cmd::export::run(global, &args),
        Command::Schema(args) => cmd::schema::run(global, &args),
        Command::Generate(args) => cmd::generate::run(global, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => error::report(&err),
    }
}
