//! `apsc manpage DIR`: the manual pages in roff, generated from the same clap
//! definitions that parse the command line: `apsc.1`, and `apsc-NAME.1` for
//! each subcommand, which `apsc.1` refers to (as git's pages do).

use std::fs;
use std::path::PathBuf;

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
        let why = "is a file, not a folder: give a folder to write the pages into";
        return Err(error::usage(format!("{} {why}", dir.display())));
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    // `apsc help` is clap's, with no page of its own: the top page lists only
    // the commands that have one.
    let command = command.disable_help_subcommand(true);
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
    for (name, command) in &pages {
        let path = dir.join(format!("{name}.1"));
        let page = page(name, command).with_context(|| format!("rendering {}", path.display()))?;
        fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
    }
    let (n, dir) = (pages.len(), dir.display());
    eprintln!("apsc: wrote {n} manual pages to {dir}");
    Ok(())
}

/// One page. clap_mangen would fill the after-help text into one paragraph,
/// examples and all; it is set here instead, before the VERSION section, line
/// by line as `--help` shows it: a block led by a one-word heading
/// (`Examples:`) is a section of its own, other blocks are NOTES.
fn page(name: &str, command: &clap::Command) -> std::io::Result<String> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone().after_help(None::<&str>))
        .title(name)
        .render(&mut roff)?;
    let mut page = String::from_utf8(roff).expect("clap_mangen writes UTF-8");
    let Some(after) = command.get_after_help() else {
        return Ok(page);
    };
    let mut roff = roff::Roff::new();
    let mut notes = false;
    for block in after.to_string().split("\n\n") {
        let mut lines = block.lines().peekable();
        match lines.peek().and_then(|l| l.strip_suffix(':')) {
            Some(heading) if !heading.contains(' ') => {
                roff.control("SH", [heading.to_uppercase().as_str()]);
                lines.next();
            }
            _ if !notes => {
                roff.control("SH", ["NOTES"]);
                notes = true;
            }
            _ => {
                roff.control("PP", []);
            }
        }
        roff.control("nf", []);
        for line in lines {
            roff.text([roff::roman(line.strip_prefix("  ").unwrap_or(line))]);
        }
        roff.control("fi", []);
    }
    let at = page.find("\n.SH VERSION").map_or(page.len(), |i| i + 1);
    page.insert_str(at, &roff.render());
    Ok(page)
}
