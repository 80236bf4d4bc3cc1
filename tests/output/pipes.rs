//! A closed pipe on stdout (`apsc ... | head`) is success, with no message, for
//! every command that prints.

use crate::util::TestDir;

#[test]
fn a_closed_pipe_is_not_an_error() {
    let t = TestDir::new();
    t.seeded();
    // Text in every row: JSON writes text through serde_json, whose own
    // error must still read as the closed pipe it is. Six hundred kilobytes: far
    // more than a pipe holds.
    for format in ["csv", "tsv", "json", "jsonl", "markdown", "table"] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_apsc"))
            .args(["--db", t.db().to_str().unwrap(), "sql", "--format", format])
            .arg("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) SELECT x, printf('%.300c', 'y') AS padding FROM c")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{format}: {:?} {stderr}",
            output.status
        );
        assert!(output.stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn a_closed_pipe_is_success_for_every_command_that_prints() {
    let t = TestDir::new();
    t.seeded();
    let commands: &[&[&str]] = &[
        &["reports"],
        &["report", "overview"],
        &["sql", "SELECT 1"],
        &["show", "ROK"],
        &["cite", "meetings/china-asean-le-dialogue"],
        &["codebook"],
        &["schema"],
        &["check"],
        &["search", "disaster"],
        &["completions", "bash"],
        &["seed"],
        &["--help"],
    ];
    for args in commands {
        // The reading end is closed before apsc writes a byte.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let run = t.apsc_with(args, |cmd| {
            cmd.stdout(writer);
        });
        let stderr = run.stderr();
        assert_eq!(run.code(), 0, "{args:?}: {stderr}");
        for word in ["internal error", "pipe", "Broken"] {
            assert!(!stderr.contains(word), "{args:?}: {stderr}");
        }
    }
}
