//! `apsc generate` (hidden): write a synthetic seed directory of N facts in
//! the real seed format, for benchmarks and for testing the seeder at scale.

use std::path::Path;
use std::path::PathBuf;

use clap::Args;

use crate::seed::generate::{self, Options};

const EXAMPLES: &str = "\
Examples:
  apsc generate --facts 100000 /tmp/seed-1e5
  apsc seed --from /tmp/seed-1e5 --db /tmp/big.db

The same --facts and --seed always give the same bytes.";

/// Write a synthetic seed directory (for benchmarks).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct GenerateArgs {
    /// The directory to write; it must not exist or be empty
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// How many facts (meetings, exercises, agreements, operations, statements)
    #[arg(long, value_name = "N")]
    pub facts: u64,

    /// Seed of the pseudo-random choices
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,
}

pub fn run(_db: &Path, args: &GenerateArgs) -> anyhow::Result<()> {
    let stats = generate::generate(
        &args.dir,
        &Options {
            facts: args.facts,
            seed: args.seed,
        },
    )?;
    println!(
        "wrote {} facts, {} sentences and {} bytes to {}",
        stats.facts(),
        stats.sentences,
        stats.total_bytes,
        args.dir.display()
    );
    Ok(())
}
