//! `apsc manpage DIR`: the manual pages in roff, generated from the same clap
//! definitions that parse the command line: `apsc.1`, and `apsc-NAME.1` for
//! each subcommand, which `apsc.1` refers to (as git's pages do).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;

use crate::error;

const EXAMPLES: &str = "\
Examples:
  apsc manpage man/ && man man/apsc.1
  apsc manpage ~/.local/share/man/man1";

/// Write the manual pages (roff) into a folder.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ManpageArgs {
    /// The folder to write apsc.1 and apsc-NAME.1 into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(command: clap::Command, args: &ManpageArgs) -> anyhow::Result<()> {
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(error::usage(format!(
            "{} is a file, not a folder: give a folder to write the pages into",
            dir.display()
        )));
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut pages = vec![("apsc".to_string(), command.clone())];
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("apsc-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("apsc {}", sub.get_name()))
            .version(env!("CARGO_PKG_VERSION"));
        pages.push((name, page));
    }
    for (name, page) in &pages {
        write_page(dir, name, page)?;
    }
    eprintln!(
        "apsc: wrote {} manual pages to {}",
        pages.len(),
        dir.display()
    );
    Ok(())
}

fn write_page(dir: &Path, name: &str, command: &clap::Command) -> anyhow::Result<()> {
    let path = dir.join(format!("{name}.1"));
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .title(name)
        .render(&mut roff)
        .with_context(|| format!("rendering {}", path.display()))?;
    fs::write(&path, roff).with_context(|| format!("writing {}", path.display()))
}
