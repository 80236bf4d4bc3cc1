//! The partner network, the Datasette metadata and the workbook, read back
//! by an XML parser and by the real tools: networkx, Graphviz, Datasette,
//! LibreOffice. The graphs and the Datasette metadata have modules of their
//! own; here, the helpers that run the tools, and the workbook.

mod datasette;
mod graphs;

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::export::csv_rows;
use crate::util::{TestDir, missing};

/// Whether an outside tool can run; if not, skipped or, under CI, failed
/// (see [`missing`]).
pub fn have(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing(&format!("{program} {args:?} does not run here"));
    }
    ok
}

pub fn tool_script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools")
        .join(name)
        .display()
        .to_string()
}

pub fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("running a tool");
    succeeded(cmd, out)
}

/// [`run`], or None where the program is not installed (skipped, or under
/// CI failed: see [`missing`]); asked for its version first, a tool as
/// slow to start as LibreOffice would start twice.
pub fn run_if_installed(cmd: &mut Command) -> Option<String> {
    match cmd.output() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            missing(&format!("{cmd:?}: {e}"));
            None
        }
        out => Some(succeeded(cmd, out.expect("running a tool"))),
    }
}

fn succeeded(cmd: &Command, out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{cmd:?} failed\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every export written to stdout (a link to this process's fd 1, as
/// `/dev/stdout` is) holds only what it exports: the message that it was
/// written goes to stderr.
#[test]
fn an_export_to_stdout_is_not_mixed_with_its_message() {
    let t = TestDir::new();
    t.seeded();
    let link = t.path().join("stdout.json");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let link = link.to_str().unwrap();
    let graph = t.apsc(&["export", "--graph", link]).success();
    let parsed: Value = serde_json::from_str(&graph.stdout()).expect("the graph alone");
    let nodes = parsed["nodes"].as_array().unwrap().len();
    assert!(
        graph
            .stderr()
            .contains(&format!("apsc: wrote {nodes} nodes and")),
        "{}",
        graph.stderr()
    );
    let meta = t.apsc(&["export", "--datasette", link]).success();
    let parsed: Value = serde_json::from_str(&meta.stdout()).expect("the metadata alone");
    assert!(parsed["databases"].is_object(), "{parsed}");
    assert!(meta.stderr().contains("apsc: wrote Datasette metadata"));
}

#[test]
fn libreoffice_reads_the_workbook_back_as_the_reports_print() {
    let t = TestDir::new();
    t.seeded_then(&["export", "--xlsx", "book.xlsx"]);
    // A profile of its own, kept between runs: made anew, it is a third of
    // LibreOffice's time.
    let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join("libreoffice-profile");
    let converted = run_if_installed(
        Command::new("soffice")
            .current_dir(t.path())
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to"])
            .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
            .arg("book.xlsx"),
    );
    if converted.is_none() {
        return;
    }
    for report in ["partners", "overview", "timeline", "figures", "sources"] {
        let csv = t
            .apsc(&["report", report, "--format", "csv"])
            .success()
            .stdout();
        let sheet = fs::read_to_string(t.path().join(format!("book-report_{report}.csv")))
            .unwrap_or_else(|e| panic!("LibreOffice wrote no sheet for {report}: {e}"));
        assert_eq!(csv_rows(&sheet), csv_rows(&csv), "report {report}");
    }
}
