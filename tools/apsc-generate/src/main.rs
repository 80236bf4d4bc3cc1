//! The `apsc-generate` command: parse the command line, write the directory,
//! say what was written.

use std::path::PathBuf;
use std::process::ExitCode;

use apsc_generate::{Options, generate};
use clap::Parser;

const EXAMPLES: &str = "\
Examples:
  apsc-generate --facts 100000 /tmp/seed-1e5
  apsc seed --from /tmp/seed-1e5 --db /tmp/big.db

The same --facts and --seed always give the same bytes.";

/// Write a synthetic apsc seed directory (for benchmarks).
#[derive(Debug, Parser)]
#[command(name = "apsc-generate", version, after_help = EXAMPLES)]
struct Args {
    /// The directory to write; it must not exist or be empty
    #[arg(value_name = "DIR")]
    dir: PathBuf,

    /// How many facts (meetings, exercises, agreements, operations, statements)
    #[arg(long, value_name = "N")]
    facts: u64,

    /// Seed of the pseudo-random choices
    #[arg(long, value_name = "N", default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = Options {
        facts: args.facts,
        seed: args.seed,
    };
    match generate(&args.dir, &options) {
        Ok(stats) => {
            println!(
                "wrote {} facts, {} sentences and {} bytes to {}",
                stats.facts(),
                stats.sentences,
                stats.total_bytes,
                args.dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("apsc-generate: {err:#}");
            ExitCode::FAILURE
        }
    }
}
