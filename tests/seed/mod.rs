//! The seeder: idempotent reloads, rebuilds, loading an edited directory, and
//! validation that reports every problem of a broken seed as file:line while
//! leaving the database exactly as it was. Seed files with a byte-order mark
//! or CRLF line ends have a module of their own.

mod line_ends;

use std::fs;

use crate::seed_problems::{BREAKAGES, edit};
use crate::util::{TestDir, dump, tables};

fn all_rows(t: &TestDir) -> Vec<(String, Vec<String>)> {
    let conn = t.conn();
    tables(&conn)
        .into_iter()
        .filter(|table| table != "refinery_schema_history")
        .map(|table| {
            let rows = dump(&conn, &table);
            (table, rows)
        })
        .collect()
}

#[test]
fn any_command_creates_a_missing_database_and_says_so() {
    let t = TestDir::new();
    assert!(!t.db().exists());
    t.apsc(&["sql", "SELECT count(*) AS n FROM partners"])
        .success()
        .stderr_has("created")
        .stderr_has("from the built-in seed");
    assert!(t.db().exists());
    // Once created, nothing more is said.
    let again = t.apsc(&["sql", "SELECT 1"]).success();
    assert_eq!(again.stderr(), "");
}

#[test]
fn seeding_twice_gives_the_same_rows() {
    let t = TestDir::new();
    t.seeded();
    let first = all_rows(&t);
    assert!(
        first
            .iter()
            .any(|(table, rows)| table == "meetings" && !rows.is_empty())
    );
    t.apsc(&["seed"])
        .success()
        .stderr_has("apsc: loaded the built-in seed");
    assert_eq!(all_rows(&t), first);
    t.apsc(&["seed", "--reset"]).success();
    assert_eq!(all_rows(&t), first);
}

#[test]
fn a_seed_directory_on_disk_loads_the_same_rows_as_the_built_in_one() {
    let t = TestDir::new();
    t.seeded();
    let built_in = all_rows(&t);
    let copy = t.seed_copy();
    let from = ["seed", "--from", copy.to_str().unwrap()];
    t.apsc(&from).success().stderr_has("seed directory");
    assert_eq!(all_rows(&t), built_in);
    // A seed dumped by an earlier apsc has `date_start` and `date_end` in
    // its fact files: read past, whatever they hold, as the schema derives
    // both from `date_edtf`. The files' hashes in `seed_files` differ.
    let with_bounds = |file: &str| {
        edit(&copy.join(file), |text| {
            let (head, rows) = text.split_once('\n').unwrap();
            let rows = rows.lines().map(|row| format!("1900,no date,{row}\n"));
            format!("date_start,date_end,{head}\n{}", rows.collect::<String>())
        })
    };
    for file in [
        "meetings",
        "exercises",
        "operations",
        "agreements",
        "statements",
    ] {
        with_bounds(&format!("{file}.csv"));
    }
    t.apsc(&from).success();
    let facts = |rows: Vec<(String, Vec<String>)>| {
        rows.into_iter()
            .filter(|(table, _)| table != "seed_files")
            .collect::<Vec<_>>()
    };
    assert_eq!(facts(all_rows(&t)), facts(built_in));
    // In any other file they are unknown columns.
    with_bounds("partners.csv");
    let refused = t.apsc(&from).code_is(3);
    refused.stderr_has("partners.csv:1: unknown column `date_start`");
}

#[test]
fn an_edited_seed_directory_is_what_gets_loaded() {
    let t = TestDir::new();
    t.seeded();
    let copy = t.seed_copy();
    edit(&copy.join("partner_aliases.csv"), |text| {
        text + "Korea,rok,added by hand\n"
    });
    t.apsc(&["seed", "--from", copy.to_str().unwrap()])
        .success();
    let partner: String = t
        .conn()
        .query_row(
            "SELECT partner_id FROM partner_aliases WHERE alias = 'Korea'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(partner, "rok");
}

#[test]
fn reset_rebuilds_a_database_whose_data_was_changed() {
    let t = TestDir::new();
    t.seeded();
    let before = all_rows(&t);
    t.conn()
        .execute("DELETE FROM meeting_partners", [])
        .unwrap();
    t.conn().execute("CREATE TABLE scratch (x)", []).unwrap();
    t.apsc(&["seed", "--reset"]).success();
    assert_eq!(all_rows(&t), before);
}

#[test]
fn a_bad_seed_into_a_new_database_leaves_no_file() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    (BREAKAGES[0].apply)(&dir);
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3);
    // Nothing was loaded, so nothing was created: a later command would
    // otherwise fill the empty file from the built-in seed, not the user's.
    assert!(!t.db().exists(), "a database was left behind");
    let journal = t.path().join("apsc.db-journal");
    assert!(!journal.exists());
}

/// What apsc-generate writes loads with full validation and passes every
/// check: the files in the seed format, every quote a whole sentence of the
/// restored text, dates in its words, links by id and by alias.
#[test]
fn a_generated_seed_directory_loads_and_passes_check() {
    let t = TestDir::new();
    let dir = t.path().join("generated");
    let options = apsc_generate::Options {
        facts: 1500,
        seed: 7,
    };
    let stats = apsc_generate::generate(&dir, &options).unwrap();
    assert_eq!(stats.facts(), 1500);
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .success()
        .stderr_has("1,500 facts");
    // Every check holds, the mentions check with it: a partner a generated
    // quote names is linked to its facts. The benchmarks time `check` on
    // these seeds, and a failing check would stop them.
    t.apsc(&["check", "--format", "csv"])
        .checks_hold_but(&[])
        .success();
    let conn = t.conn();
    let count = |sql: &str| crate::util::number(&conn, sql);
    for (file, rows) in &stats.rows {
        let table = file.strip_suffix(".csv").unwrap();
        assert_eq!(
            count(&format!("SELECT count(*) FROM {table}")),
            *rows as i64,
            "{file}"
        );
    }
    assert_eq!(count("SELECT count(*) FROM facts"), 1500);
    assert_eq!(
        count("SELECT count(*) FROM sentences"),
        stats.sentences as i64
    );
    assert_eq!(
        count("SELECT count(*) FROM passages"),
        stats.paragraphs as i64
    );
    assert!(stats.rows("figures.csv") > 100);
    // Every quote is a whole sentence, every sentence is quoted.
    for sql in [
        "SELECT count(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = f.quote)",
        "SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.quote = s.text)",
        "SELECT count(*) FROM figures g WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = g.quote)",
        "SELECT count(*) FROM facts WHERE instr(quote, date_text) = 0",
        "SELECT count(*) FROM passages WHERE text LIKE 'Registration Number%'",
    ] {
        assert_eq!(count(sql), 0, "{sql}");
    }
    // Some dates are ranges and some days; the correction applied.
    assert!(count("SELECT count(*) FROM facts WHERE date_end IS NOT NULL") > 0);
    assert!(count("SELECT count(*) FROM facts WHERE length(date_start) = 10") > 0);
    assert!(count("SELECT occurrences FROM corrections") > 6);
    let links = fs::read_to_string(dir.join("meeting_partners.csv")).unwrap();
    let reference = |line: &str| line.split(',').nth(1).unwrap().to_string();
    let by_alias = |l: &&str| reference(l).chars().any(|c| c.is_ascii_uppercase());
    assert!(links.lines().skip(1).any(|l| by_alias(&l)));
    assert!(links.lines().skip(1).any(|l| !by_alias(&l)));
}

/// A generated seed of a handful of facts, or none, loads too.
#[test]
fn tiny_generated_seeds_load() {
    let t = TestDir::new();
    for facts in [0, 1, 7] {
        let dir = t.path().join(facts.to_string());
        apsc_generate::generate(&dir, &apsc_generate::Options { facts, seed: 3 }).unwrap();
        t.apsc(&["seed", "--from", dir.to_str().unwrap()])
            .success()
            .stderr_has(&format!(": {facts} facts ("));
    }
}

/// The loader loads the seed only; what the caller adds before commit (the
/// report views) commits with the seed, and a failure there leaves nothing.
#[test]
fn the_loader_installs_no_views_and_commits_with_the_callers_hook() -> anyhow::Result<()> {
    use apsc::seed::{self, SeedDir};
    let views = |conn: &rusqlite::Connection| -> anyhow::Result<i64> {
        Ok(conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name LIKE 'report\\_%' ESCAPE '\\'",
            [],
            |row| row.get(0),
        )?)
    };
    let meetings = |conn: &rusqlite::Connection| -> anyhow::Result<i64> {
        Ok(conn.query_row("SELECT count(*) FROM meetings", [], |row| row.get(0))?)
    };
    let mut conn = rusqlite::Connection::open_in_memory()?;
    apsc::db::migrate(&mut conn)?;
    seed::load(&mut conn, &SeedDir::embedded(), |_| Ok(()))?;
    assert_eq!(views(&conn)?, 0);
    assert!(meetings(&conn)? > 0);

    let mut fresh = rusqlite::Connection::open_in_memory()?;
    apsc::db::migrate(&mut fresh)?;
    let failed = seed::load(&mut fresh, &SeedDir::embedded(), |tx| {
        apsc::reports::install(tx)?;
        anyhow::bail!("the hook failed")
    });
    assert!(failed.is_err());
    assert_eq!(meetings(&fresh)?, 0);
    assert_eq!(views(&fresh)?, 0);

    apsc::db::load_seed(&mut fresh, &SeedDir::embedded())?;
    assert!(views(&fresh)? > 0);
    Ok(())
}

#[test]
fn the_dumped_seed_loads_back_into_the_same_rows() {
    let t = TestDir::new();
    t.seeded();
    let built_in = all_rows(&t);
    assert!(
        built_in
            .iter()
            .any(|(table, rows)| table == "meetings" && !rows.is_empty())
    );
    let dumped = t.path().join("dumped");
    t.apsc(&["seed", "--dump", dumped.to_str().unwrap()])
        .success();
    let other = TestDir::new();
    other
        .apsc(&["seed", "--from", dumped.to_str().unwrap()])
        .success();
    let loaded = all_rows(&other);
    assert_eq!(
        loaded.iter().map(|(table, _)| table).collect::<Vec<_>>(),
        built_in.iter().map(|(table, _)| table).collect::<Vec<_>>()
    );
    for ((table, want), (_, got)) in built_in.iter().zip(&loaded) {
        assert_eq!(got, want, "rows of {table}");
    }
}

/// Status goes to stderr as `apsc: …`, data to stdout: `seed` and
/// `seed --dump` print nothing on stdout.
#[test]
fn seed_and_seed_dump_say_what_they_did_on_stderr_and_print_no_data() {
    let t = TestDir::new();
    let seeded = t.apsc(&["seed"]).success();
    assert_eq!(seeded.stdout(), "");
    assert!(
        seeded
            .stderr()
            .starts_with("apsc: loaded the built-in seed into "),
        "{}",
        seeded.stderr()
    );
    let dumped = t.apsc(&["seed", "--dump", "mine"]).success();
    assert_eq!(dumped.stdout(), "");
    assert!(
        dumped
            .stderr()
            .starts_with("apsc: wrote the built-in seed ("),
        "{}",
        dumped.stderr()
    );
}

/// `apsc seed | true`: a closed pipe on stdout is success, with no message.
#[test]
fn seed_into_a_closed_pipe_succeeds_without_a_message() {
    let t = TestDir::new();
    for args in ["seed", "seed --dump mine"] {
        let script = format!(
            "set -o pipefail; \"$0\" {args} 2>err | true; status=$?; cat err; exit $status"
        );
        let run = std::process::Command::new("bash")
            .current_dir(t.path())
            .env("APSC_DB", t.db())
            .args(["-c", &script, env!("CARGO_BIN_EXE_apsc")])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "apsc {args} | true: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{err}"
        );
    }
}
