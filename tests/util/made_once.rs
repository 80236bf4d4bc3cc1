//! What many tests start from and none of them changes, made once per test
//! run by the real binary and copied into each test's directory: copying
//! costs far less than running the same command again in each test.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::TestDir;

impl TestDir {
    /// A database that exists and is seeded: a copy of the one database
    /// that `apsc seed` built for this whole test run (see [`seeded_template`]).
    /// A test of seeding itself runs `apsc seed` instead.
    pub fn seeded(&self) -> &TestDir {
        fs::write(self.db(), seeded_template()).expect("copying the seeded database");
        self
    }

    /// This directory as it is after `apsc ARGS` succeeded in a seeded one:
    /// a copy of every file that one run, made for the whole test run, left.
    pub fn seeded_then(&self, args: &'static [&'static str]) -> &TestDir {
        for (path, bytes) in after(args).iter() {
            let path = self.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, bytes).expect("copying what apsc wrote");
        }
        self
    }
}

/// The bytes of a database that the real binary seeded with `apsc seed`,
/// made once per test run.
pub fn seeded_template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let t = TestDir::new();
        t.apsc(&["seed"])
            .success()
            .clean_stderr()
            .stderr_has("apsc: loaded the built-in seed");
        assert!(
            !t.path().join("apsc.db-journal").exists(),
            "seeding left a journal behind"
        );
        fs::read(t.db()).expect("reading the seeded database")
    })
}

/// Files by their path in a test's directory.
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Every file a seeded directory holds after `apsc ARGS`, made once per
/// test run and ARGS; runs of different ARGS are made at the same time.
fn after(args: &'static [&'static str]) -> Arc<Files> {
    type Made = BTreeMap<&'static [&'static str], Arc<OnceLock<Arc<Files>>>>;
    static MADE: OnceLock<Mutex<Made>> = OnceLock::new();
    let cell = Arc::clone(
        MADE.get_or_init(Default::default)
            .lock()
            .unwrap()
            .entry(args)
            .or_default(),
    );
    let files = cell.get_or_init(|| {
        let t = TestDir::new();
        t.seeded();
        t.apsc(args).success().clean_stderr();
        let mut files = Vec::new();
        files_under(t.path(), Path::new(""), &mut files);
        Arc::new(files)
    });
    Arc::clone(files)
}

fn files_under(root: &Path, under: &Path, files: &mut Files) {
    for entry in fs::read_dir(root.join(under)).unwrap() {
        let path = under.join(entry.unwrap().file_name());
        let full = root.join(&path);
        if full.is_dir() {
            files_under(root, &path, files);
        } else {
            files.push((path, fs::read(&full).unwrap()));
        }
    }
}
