//! Crash safety: a seed killed at any moment, readers during a seed, and a
//! seed onto a full disk each leave the database whole, holding exactly the
//! old data or exactly the new.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::Instant;

use rusqlite::Connection;

use crate::util::TestDir;

/// What identifies a load: the seed files it came from (name and digest)
/// and how many rows each table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    seed_files: Vec<(String, String)>,
    counts: Vec<(String, i64)>,
}

const COUNTED: &[&str] = &[
    "documents",
    "passages",
    "sentences",
    "partners",
    "partner_aliases",
    "meetings",
    "exercises",
    "agreements",
    "operations",
    "statements",
    "meeting_partners",
    "operation_partners",
    "statement_partners",
    "figures",
];

fn fingerprint(db: &Path) -> Fingerprint {
    let conn = Connection::open(db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "integrity_check after a kill");
    let mut stmt = conn
        .prepare("SELECT name, sha256 FROM seed_files ORDER BY name")
        .unwrap();
    let seed_files = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let counts = COUNTED
        .iter()
        .map(|t| {
            (
                t.to_string(),
                conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
                    .unwrap(),
            )
        })
        .collect();
    Fingerprint { seed_files, counts }
}

/// A seeded database, a generated seed of `facts` facts beside it, and the
/// bytes of the database before anything else happens to it.
fn prepare(t: &TestDir, facts: u64) -> (PathBuf, Vec<u8>) {
    t.seeded();
    let dir = t.path().join("generated");
    apsc_generate::generate(&dir, &apsc_generate::Options { facts, seed: 1 }).unwrap();
    (dir, fs::read(t.db()).unwrap())
}

fn spawn(t: &TestDir, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_apsc"))
        .current_dir(t.path())
        .env("APSC_DB", t.db())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Put the old database back, with no journal beside it.
fn restore(t: &TestDir, old: &[u8]) {
    let _ = fs::remove_file(journal(t));
    fs::write(t.db(), old).unwrap();
}

fn journal(t: &TestDir) -> PathBuf {
    t.path().join("apsc.db-journal")
}

/// Kill `apsc ARGS` at evenly spread moments of an uninterrupted run, many
/// times; after each kill the database is whole and holds the old load or
/// the new one. Returns (kills, of which left the old data).
fn kill_at_every_moment(t: &TestDir, args: &[&str], old: &[u8], kills: u32) -> (u32, u32) {
    let started = Instant::now();
    let status = spawn(t, args).wait().unwrap();
    assert!(status.success());
    let took = started.elapsed();
    eprintln!("{args:?} took {took:?}");
    let new = fingerprint(&t.db());
    restore(t, old);
    let old_print = fingerprint(&t.db());
    assert_ne!(new, old_print);
    let mut kept_old = 0;
    for k in 1..=kills {
        restore(t, old);
        let mut child = spawn(t, args);
        thread::sleep(took * k / (kills + 1));
        child.kill().unwrap();
        child.wait().unwrap();
        // Half the time apsc itself meets what the killed writer left behind
        // (a hot journal to roll back); half the time the check looks first,
        // so that nothing apsc does afterwards can hide a half-done load.
        let apsc_first = k % 2 == 0;
        if apsc_first {
            t.apsc(&["sql", "SELECT count(*) FROM seed_files"])
                .success();
        }
        let now = fingerprint(&t.db());
        if !apsc_first {
            t.apsc(&["sql", "SELECT count(*) FROM seed_files"])
                .success();
        }
        assert!(
            now == old_print || now == new,
            "kill {k} of {args:?} left a mix: {now:?}"
        );
        if now == old_print {
            kept_old += 1;
        }
    }
    (kills, kept_old)
}

/// Kills per command: spread over a run, a few land before the transaction,
/// most while rows go in, and one or two after the commit.
const KILLS: u32 = 8;

/// Facts in the generated seed of the kill and reader tests: enough for a
/// run of many writes (about 80 ms of CPU in a debug build), and no more,
/// since every kill and every read costs a share of a run.
const FACTS: u64 = 1000;

#[test]
fn a_seed_or_reset_killed_at_any_moment_leaves_the_old_data_or_the_new() {
    let t = TestDir::new();
    let (dir, old) = prepare(&t, FACTS);
    let dir = dir.to_str().unwrap();
    for args in [
        &["seed", "--from", dir][..],
        &["seed", "--reset", "--from", dir],
    ] {
        let (kills, kept_old) = kill_at_every_moment(&t, args, &old, KILLS);
        eprintln!(
            "{args:?}: {kills} kills, {kept_old} left the old data, {} the new",
            kills - kept_old
        );
        assert!(kept_old > 0, "no kill of {args:?} landed before the commit");
    }
}

#[test]
fn readers_during_a_seed_see_the_old_data_or_the_new_and_never_fail() {
    let t = TestDir::new();
    let (dir, _) = prepare(&t, FACTS);
    let total = |t: &TestDir| {
        t.apsc(&["report", "overview", "--format", "csv"])
            .success()
            .stdout()
    };
    let before = total(&t);
    let mut writer = spawn(&t, &["seed", "--from", dir.to_str().unwrap()]);
    let mut seen = Vec::new();
    while writer.try_wait().unwrap().is_none() {
        let run = t.apsc(&["report", "overview", "--format", "csv"]);
        assert_eq!(
            run.code(),
            0,
            "a reader failed during the seed: {}",
            run.stderr()
        );
        seen.push(run.stdout());
    }
    assert!(writer.wait().unwrap().success());
    let after = total(&t);
    assert_ne!(before, after);
    assert!(
        seen.len() >= 3,
        "only {} reads overlapped the seed",
        seen.len()
    );
    for read in &seen {
        assert!(
            *read == before || *read == after,
            "a reader saw a mix:\n{read}"
        );
    }
}

/// A size-capped tmpfs mounted for the test, unmounted when it ends.
struct TinyDisk {
    path: PathBuf,
}

impl TinyDisk {
    fn mount(under: &Path, bytes: u64) -> Option<TinyDisk> {
        let path = under.join("tiny");
        fs::create_dir_all(&path).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(TinyDisk { path })
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_seed_onto_a_full_disk_fails_cleanly_and_keeps_the_old_database() {
    let t = TestDir::new();
    let (dir, old) = prepare(&t, 1500);
    // Room for the old database and some, but not for the new one; and, on
    // the second disk, not even for the journal of the change.
    for spare in [400 * 1024, 16 * 1024] {
        let size = (old.len() as u64 + spare).div_ceil(4096) * 4096;
        let Some(disk) = TinyDisk::mount(t.path(), size) else {
            crate::util::missing("cannot mount a size-capped tmpfs here (needs root and `mount`)");
            return;
        };
        let db = disk.path.join("apsc.db");
        for args in [vec!["seed"], vec!["seed", "--reset"]] {
            fs::write(&db, &old).unwrap();
            let mut full: Vec<&str> = vec!["--db", db.to_str().unwrap()];
            full.extend(args.iter().copied());
            full.extend(["--from", dir.to_str().unwrap()]);
            let run = t.apsc(&full).clean_stderr();
            assert_eq!(
                run.code(),
                4,
                "{args:?} with {spare} bytes spare: {}",
                run.stderr()
            );
            assert!(run.stderr().contains("full"), "{}", run.stderr());
            assert_eq!(
                fs::read(&db).unwrap(),
                old,
                "{args:?} with {spare} bytes spare changed the database"
            );
            assert!(
                !disk.path.join("apsc.db-journal").exists()
                    || fs::metadata(disk.path.join("apsc.db-journal"))
                        .unwrap()
                        .len()
                        == 0
            );
            let conn = Connection::open(&db).unwrap();
            let ok: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok");
        }
        drop(disk);
    }
}
