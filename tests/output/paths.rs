//! What `-o PATH` does with each kind of path: a FIFO, a character device
//! and stdout are written through, a link is followed, a file is replaced
//! whole keeping its mode, a folder and a missing folder are refused, and so
//! are the database being read and its journal.

use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::Command;

use crate::util::TestDir;

const QUERY: &str = "SELECT 'a' AS x UNION ALL SELECT 'b'";
const CSV: &str = "x\r\na\r\nb\r\n";

fn csv_to(t: &TestDir, path: &Path) -> crate::util::Run {
    t.apsc(&[
        "sql",
        "--format",
        "csv",
        "-o",
        path.to_str().unwrap(),
        QUERY,
    ])
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status().unwrap();
    assert!(status.success(), "{program} {args:?}: {status:?}");
}

#[test]
fn regression_a_fifo_is_written_into_not_replaced() {
    let t = TestDir::new();
    t.seeded();
    let fifo = t.path().join("pipe");
    run("mkfifo", &[fifo.to_str().unwrap()]);
    // Held open for reading and writing, the FIFO accepts apsc's output
    // without a reader thread; the marker written after it shows where it
    // ends, and would be all there is if apsc wrote somewhere else.
    let mut end = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&fifo)
        .unwrap();
    csv_to(&t, &fifo).success();
    end.write_all(b"END").unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    while !got.ends_with(b"END") {
        let n = end.read(&mut buf).unwrap();
        got.extend_from_slice(&buf[..n]);
    }
    assert_eq!(String::from_utf8(got).unwrap(), format!("{CSV}END"));
    assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn regression_a_link_to_a_file_is_followed_and_kept() {
    let t = TestDir::new();
    t.seeded();
    let real = t.path().join("real.csv");
    fs::write(&real, "old").unwrap();
    let link = t.path().join("link.csv");
    symlink("real.csv", &link).unwrap();
    csv_to(&t, &link).success();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&real).unwrap(), CSV);
    // A link to a file not yet there creates the file, not a file over the link.
    let dangling = t.path().join("dangling.csv");
    symlink("new.csv", &dangling).unwrap();
    csv_to(&t, &dangling).success();
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(t.path().join("new.csv")).unwrap(), CSV);
}

#[test]
fn regression_a_link_to_stdout_writes_to_stdout() {
    let t = TestDir::new();
    t.seeded();
    let link = t.path().join("out");
    symlink("/proc/self/fd/1", &link).unwrap();
    let out = csv_to(&t, &link).success().stdout();
    assert_eq!(out, CSV);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let out = t
        .apsc(&["sql", "--format", "csv", "-o", "-", QUERY])
        .success()
        .stdout();
    assert_eq!(out, CSV, "- is stdout");
}

#[test]
fn regression_stdout_redirected_to_a_file_is_written_not_replaced() {
    let t = TestDir::new();
    t.seeded();
    // `apsc -o /dev/stdout >> log`: the output lands where stdout is, after
    // what the file held, and the file stays the same file.
    let log = t.path().join("log.csv");
    fs::write(&log, "before\n").unwrap();
    let stdout = OpenOptions::new().append(true).open(&log).unwrap();
    let link = t.path().join("out");
    symlink("/proc/self/fd/1", &link).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_apsc"))
        .args([
            "sql",
            "--format",
            "csv",
            "-o",
            link.to_str().unwrap(),
            QUERY,
        ])
        .env("APSC_DB", t.db())
        .stdout(stdout)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(fs::read_to_string(&log).unwrap(), format!("before\n{CSV}"));
}

#[test]
fn regression_a_replaced_file_keeps_its_mode() {
    let t = TestDir::new();
    t.seeded();
    for mode in [0o600, 0o640, 0o664] {
        let path = t.path().join(format!("mode{mode:o}.csv"));
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        csv_to(&t, &path).success();
        let got = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(got, mode, "{mode:o} came back {got:o}");
        assert_eq!(fs::read_to_string(&path).unwrap(), CSV);
    }
}

#[test]
fn regression_a_character_device_is_written_through() {
    let t = TestDir::new();
    t.seeded();
    if !crate::util::running_as_root() {
        crate::util::missing("root, to make a device node (mknod)");
        return;
    }
    // A null device of the test's own, inside its own folder.
    let null = t.path().join("null");
    run("mknod", &[null.to_str().unwrap(), "c", "1", "3"]);
    csv_to(&t, &null).success();
    assert!(fs::metadata(&null).unwrap().file_type().is_char_device());
}

#[test]
fn a_folder_or_a_missing_folder_is_a_clear_error() {
    let t = TestDir::new();
    t.seeded();
    let folder = t.path().join("folder");
    fs::create_dir(&folder).unwrap();
    csv_to(&t, &folder).code_is(2).stderr_has("is a folder");
    assert!(folder.is_dir());
    let missing = t.path().join("nowhere").join("out.csv");
    csv_to(&t, &missing)
        .code_is(5)
        .stderr_has("the folder")
        .stderr_has("nowhere does not exist");
}

#[test]
fn a_new_file_appears_whole_with_no_temporary_left() {
    let t = TestDir::new();
    t.seeded();
    let path = t.path().join("new.csv");
    csv_to(&t, &path).success();
    assert_eq!(fs::read_to_string(&path).unwrap(), CSV);
    let names: Vec<String> = fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_socket_is_written_into() {
    let t = TestDir::new();
    t.seeded();
    let path = t.path().join("sock");
    let listener = match std::os::unix::net::UnixListener::bind(&path) {
        Ok(listener) => listener,
        Err(err) => {
            crate::util::missing(&format!("a socket at {}: {err}", path.display()));
            return;
        }
    };
    // The connection waits in the backlog, and the output in the socket's
    // buffer, until apsc has finished.
    csv_to(&t, &path).success();
    let (mut stream, _) = listener.accept().unwrap();
    let mut got = String::new();
    stream.read_to_string(&mut got).unwrap();
    assert_eq!(got, CSV);
    assert!(fs::metadata(&path).unwrap().file_type().is_socket());
}

#[test]
fn o_onto_the_database_being_read_or_its_journal_is_refused() {
    let t = TestDir::new();
    t.seeded();
    let before = fs::read(t.db()).unwrap();
    let db = t.db().to_str().unwrap().to_string();
    let journal = format!("{db}-journal");
    let link = t.path().join("link.csv");
    std::os::unix::fs::symlink(t.db(), &link).unwrap();
    for out in [
        db.as_str(),
        "apsc.db",
        journal.as_str(),
        link.to_str().unwrap(),
    ] {
        t.apsc(&["report", "overview", "-o", out, "--format", "csv"])
            .code_is(2)
            .stderr_has("is the database");
    }
    assert_eq!(
        fs::read(t.db()).unwrap(),
        before,
        "the database is as it was"
    );
    assert!(!t.path().join("apsc.db-journal").exists());
    t.apsc(&["report", "overview"]).success();
}
