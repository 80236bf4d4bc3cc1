//! Fuzz target for the seed loader's per-row parsing and validation: the first
//! byte of the input picks one of the seed's CSV files, the rest replaces that
//! file's contents, and the whole built-in seed is loaded with it. Refusals are
//! expected; a panic, a hang or a crash is a finding.

#![no_main]

use std::cell::RefCell;

use apsc::seed::{self, SeedDir};
use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;

thread_local! {
    /// One migrated database for every input: `load` empties the tables it
    /// owns before it writes, so runs do not see each other's rows, and
    /// migrating per input would cost more than the load itself.
    static DB: RefCell<Connection> = RefCell::new(migrated());

    /// The built-in seed and the names of its CSV files, in the sorted order
    /// `fuzz/run.sh` numbers them in when it writes the starting corpus.
    static SEED: (SeedDir, Vec<String>) = {
        let dir = SeedDir::embedded();
        let csv = dir
            .names()
            .filter(|name| name.ends_with(".csv"))
            .map(String::from)
            .collect();
        (dir, csv)
    };
}

fn migrated() -> Connection {
    let mut conn = Connection::open_in_memory().expect("an in-memory database");
    conn.pragma_update(None, "foreign_keys", true)
        .expect("foreign keys on");
    apsc::db::migrate(&mut conn).expect("the migrations run");
    conn
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, contents)) = data.split_first() else {
        return;
    };
    SEED.with(|(dir, csv)| {
        let name = &csv[usize::from(pick) % csv.len()];
        let dir = dir.with_file(name, contents.to_vec());
        DB.with(|db| {
            // Only a panic matters here; a refused seed is the loader working.
            let _ = seed::load(&mut db.borrow_mut(), &dir, |_| Ok(()));
        });
    });
});
