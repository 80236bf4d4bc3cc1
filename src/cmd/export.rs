//! `apsc export`: the knowledge base for other tools: a folder of CSV files
//! with a README and a Frictionless `datapackage.json`, or the partner network
//! as a graph file.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{ArgGroup, Args};

use crate::db;
use crate::error;
use crate::export::{datasette, folder, graph, workbook};
use crate::output::{CellArgs, Target, grouped};
use crate::progress::Progress;

const EXAMPLES: &str = "\
Examples:
  apsc export out/                       CSV files, README.md, CODEBOOK.md, datapackage.json
  apsc export out/ --excel               for Excel: byte-order mark, formulas neutralised
  apsc export --graph partners.graphml   the partner network for Gephi, networkx, yEd
  apsc export --graph net.gexf --graph-form projected
  apsc export --graph net.json --through-memberships
  apsc export --graph net.dot            for Graphviz: dot -Tsvg net.dot > net.svg
  apsc export --graph net.json           node-link JSON for networkx and d3
  apsc export --xlsx apsc.xlsx           one workbook for Excel or LibreOffice
  apsc export --datasette meta.json      then: datasette apsc.db -m meta.json

Each file is written whole or not at all. DIR must be new, empty, or a folder
apsc exported to before (there, files with other names are left alone).
--xlsx and --datasette take a name that ends in .xlsx and .json, or none.";

/// Export the knowledge base for other tools.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
#[command(group(ArgGroup::new("target").required(true).args(["dir", "graph", "xlsx", "datasette"])))]
pub struct ExportArgs {
    /// The folder to write CSV files, README.md, CODEBOOK.md and datapackage.json into
    /// (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write the partner network to FILE instead; the extension picks the
    /// format: .graphml, .gexf, .dot (Graphviz) or .json (node-link)
    #[arg(long, value_name = "FILE")]
    pub graph: Option<PathBuf>,

    /// Write a workbook to FILE instead: a sheet per report and per table,
    /// and a first sheet that says what each holds
    #[arg(long, value_name = "FILE.xlsx")]
    pub xlsx: Option<PathBuf>,

    /// Write Datasette metadata to FILE instead: descriptions of every table
    /// and column, the reports as canned queries, full-text search
    #[arg(long, value_name = "FILE.json")]
    pub datasette: Option<PathBuf>,

    /// Which network: partners and facts (bipartite, the default), or
    /// partners linked by the facts they share (projected)
    #[arg(long, value_enum, ignore_case = true)]
    pub graph_form: Option<graph::Form>,

    /// Let an organisation a fact names also link the members it reaches
    /// (memberships from outside the text), marked `via` it, apart from
    /// the text's own links
    #[arg(long)]
    pub through_memberships: bool,

    /// Give the tidy table (report_facts.csv) a column with each row's
    /// citation, as `apsc cite` writes it
    #[arg(long, conflicts_with_all = ["graph", "xlsx", "datasette"])]
    pub citations: bool,

    #[command(flatten)]
    pub cells: CellArgs,
}

pub fn run(db_path: &Path, args: &ExportArgs) -> anyhow::Result<()> {
    if (args.graph_form.is_some() || args.through_memberships) && args.graph.is_none() {
        return Err(error::usage(
            "--graph-form and --through-memberships shape the network that --graph FILE \
             writes; give --graph FILE too",
        ));
    }
    if let Some(path) = &args.graph {
        return export_graph(db_path, path, args);
    }
    // A folder named like a file is a forgotten flag: `export out.xlsx`.
    // The graph's own writer decides which names are graphs.
    let flag = |dir: &Path| {
        let ext = dir.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some("--xlsx"),
            "json" => Some("--datasette"),
            _ => graph::writer(dir).is_ok().then_some("--graph"),
        }
    };
    if let Some((dir, flag)) = (args.dir.as_deref()).and_then(|d| Some((d, flag(d)?)))
        && !dir.is_dir()
    {
        let dir = dir.display();
        return Err(error::usage(format!(
            "{dir} names a file, but DIR is the folder to export CSV files to; \
             for that file, give {flag} {dir}"
        )));
    }
    let (xlsx, datasette) = (args.xlsx.as_deref(), args.datasette.as_deref());
    if let Some(path) = xlsx {
        check_extension(path, "--xlsx", "a workbook", "xlsx")?;
    }
    if let Some(path) = datasette {
        check_extension(path, "--datasette", "JSON", "json")?;
    }
    let conn = db::open_read(db_path)?;
    if let Some(path) = xlsx {
        let progress = Progress::new("sheets written", None);
        let sheets = workbook::write(&conn, path, &progress)?;
        progress.finish();
        for note in sheets.iter().filter_map(workbook::Written::cut_note) {
            eprintln!("apsc: {note}");
        }
        // The About sheet, then one per report.
        let (count, path) = (sheets.len() + 1, path.display());
        eprintln!("apsc: wrote {count} sheets to {path}");
    } else if let Some(path) = datasette {
        datasette::write(&conn, db_path, path)?;
        let (path, db) = (path.display(), db_path.display());
        eprintln!(
            "apsc: wrote Datasette metadata to {path}; serve it with: datasette {db} -m {path}"
        );
    } else {
        let dir = args.dir.as_deref().expect("clap requires DIR or --graph");
        let progress = Progress::new("files written", None);
        let exported = folder::write(&conn, dir, &args.cells, args.citations, &progress)?;
        progress.finish();
        let (count, dir) = (exported.len(), dir.display());
        eprintln!(
            "apsc: exported {count} files, README.md, CODEBOOK.md and datapackage.json to {dir}"
        );
    }
    Ok(())
}

/// Refuse a name whose extension says another format than the one
/// written (`--xlsx apsc.csv`); a name without one (`-`, a FIFO) is taken.
fn check_extension(path: &Path, flag: &str, format: &str, wanted: &str) -> anyhow::Result<()> {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if !ext.eq_ignore_ascii_case(wanted) => Err(error::usage(format!(
            "{flag} writes {format}, but {} ends in .{ext}: name it .{wanted}",
            path.display()
        ))),
        _ => Ok(()),
    }
}

fn export_graph(db_path: &Path, path: &Path, args: &ExportArgs) -> anyhow::Result<()> {
    let write = graph::writer(path)?;
    let form = args.graph_form.unwrap_or(graph::Form::Bipartite);
    let conn = db::open_read(db_path)?;
    let progress = Progress::new("nodes and edges written", None);
    progress.step(format!("exporting the graph to {}", path.display()));
    let network = graph::load(&conn, form, args.through_memberships, progress.clone())
        .context("reading the graph")?;
    let mut file = Target::open(path)?;
    let (nodes, edges) = write(&network, &mut file)?;
    file.commit()?;
    progress.finish();
    let alone = graph::facts_without_partners(&conn).context("counting the facts")?;
    let alone = (form == graph::Form::Bipartite && alone > 0).then(|| {
        format!(
            "; {} facts have no partner besides China, so no edge",
            grouped(alone)
        )
    });
    let (nodes, edges, path) = (grouped(nodes), grouped(edges), path.display());
    let alone = alone.unwrap_or_default();
    eprintln!("apsc: wrote {nodes} nodes and {edges} edges to {path}{alone}");
    Ok(())
}
