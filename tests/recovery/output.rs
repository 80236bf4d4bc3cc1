//! Output to the paths the user gave: a file where a folder was meant, a folder
//! that is not writable, no extension, and an interrupted write that leaves
//! nothing hidden behind.

use std::fs;

use crate::util::TestDir;

#[test]
fn export_into_a_file_says_it_is_a_file() {
    let t = TestDir::new();
    t.seeded();
    fs::write(t.path().join("afile"), b"keep").unwrap();
    t.apsc(&["export", "afile"])
        .code_is(2)
        .stderr_has("afile is a file, not a folder");
    assert_eq!(fs::read(t.path().join("afile")).unwrap(), b"keep");
}

#[test]
fn a_writable_file_in_a_folder_that_is_not_says_the_folder_must_be_writable() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    // The folder is the test's own, open to all but writable by its owner
    // only; the file is writable by anyone. Run apsc as nobody, who may
    // write the file but not create the journal beside it.
    if !crate::util::running_as_root() {
        crate::util::missing("root, to run apsc as another user");
        return;
    }
    let t = TestDir::open_to_all();
    t.seeded();
    fs::set_permissions(t.db(), fs::Permissions::from_mode(0o666)).unwrap();
    let before = fs::read(t.db()).unwrap();
    let as_nobody = |args: &[&str]| {
        t.apsc_with(args, |cmd| {
            cmd.uid(65534).gid(65534);
        })
    };
    for args in [
        &[
            "sql",
            "--write",
            "UPDATE partners SET name = name WHERE id = 'rok'",
        ][..],
        &["seed"][..],
    ] {
        as_nobody(args)
            .code_is(4)
            .clean_stderr()
            .stderr_has("is not writable, and SQLite keeps a journal file beside the database");
    }
    assert_eq!(fs::read(t.db()).unwrap(), before, "the file changed");
}

#[test]
fn output_without_an_extension_is_a_table_and_a_folder_is_named_as_one() {
    let t = TestDir::new();
    t.seeded();
    let out = t
        .apsc(&["report", "overview", "-o", "-"])
        .success()
        .stdout();
    assert!(
        out.starts_with('┌') && out.contains("Disaster Relief"),
        "{out}"
    );
    t.apsc(&["report", "overview", "-o", "results"]).success();
    let file = fs::read_to_string(t.path().join("results")).unwrap();
    assert!(file.starts_with('┌'), "{file}");
    t.apsc(&["report", "overview", "-o", "results.cvs"])
        .code_is(2)
        .stderr_has("cannot tell the format");
    fs::create_dir(t.path().join("dir")).unwrap();
    for target in ["dir", "dir/", "missing/"] {
        t.apsc(&["report", "overview", "--format", "csv", "-o", target])
            .code_is(2)
            .stderr_has("is a folder");
    }
}

#[test]
fn regression_an_interrupted_output_left_its_hidden_temporary_file() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let t = TestDir::new();
    t.seeded();
    let endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n";
    let child = Command::new(env!("CARGO_BIN_EXE_apsc"))
        .current_dir(t.path())
        .env("APSC_DB", t.db())
        .args([
            "sql",
            endless,
            "--timeout",
            "0",
            "--format",
            "csv",
            "-o",
            "out.csv",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let temp = || {
        fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .any(|n| n.starts_with(".out.csv.apsc-"))
    };
    let started = Instant::now();
    while !temp() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(130),
        "an interrupted command exits 130"
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "apsc: interrupted; nothing written to out.csv\n"
    );
    assert!(!temp(), "the temporary file was left behind");
    assert!(
        !t.path().join("out.csv").exists(),
        "an unfinished file took the name"
    );
}
