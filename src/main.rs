//! The `apsc` binary: parse the command line, dispatch to the command, and turn
//! the outcome into one line on stderr and a documented exit code.

use std::process::ExitCode;

use apsc::cli::{Cli, Command};
use apsc::{cmd, db, error};
use clap::CommandFactory;

fn main() -> ExitCode {
    error::install_panic_hook();
    apsc::output::pending::remove_on_interrupt();
    let cli = match apsc::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // A SQLite error about the file itself (damaged, read-only, a full disk)
    // is said in the user's terms, naming the database, whichever command met it.
    let result = cli.db_path().and_then(|db| {
        // A command that needs no database has none to protect.
        db.iter().for_each(|db| apsc::output::protect_database(db));
        let db = &db.unwrap_or_default();
        let done = match cli.command {
            Command::Seed(args) => cmd::seed::run(db, &args),
            Command::Check(args) => cmd::check::run(db, &args),
            Command::Report(args) => cmd::report::run(db, &args),
            Command::Reports(args) => cmd::reports::run(db, &args),
            Command::Sql(args) => cmd::sql::run(db, &args),
            Command::Search(args) => cmd::search::run(db, &args),
            Command::Show(args) => cmd::show::run(db, &args),
            Command::Cite(args) => cmd::cite::run(db, &args),
            Command::Codebook(args) => cmd::codebook::run(db, &args),
            Command::Html(args) => cmd::html::run(db, &args),
            Command::Export(args) => cmd::export::run(db, &args),
            Command::Schema(args) => cmd::schema::run(db, &args),
            Command::Completions(args) => cmd::completions::run(&mut Cli::command(), &args),
            Command::Manpage(args) => cmd::manpage::run(Cli::command(), &args),
        };
        done.map_err(|e| db::in_user_terms(e, db))
    });
    result.map_or_else(|err| error::report(&err), |()| ExitCode::SUCCESS)
}
