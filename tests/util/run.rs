//! One finished run of the binary, with assertions whose failures show the
//! command, its exit status, stdout and stderr; and its output parsed as
//! JSON or CSV, so that tests compare values rather than text.

use std::process::Output;

use super::CURATION_CHECKS;

/// One finished run of the binary.
pub struct Run {
    /// The command as a shell would need it typed.
    pub(super) shown: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    /// The command as a shell would need it typed.
    pub fn describe_command(&self) -> &str {
        &self.shown
    }

    /// The command, its exit status and both outputs, for a failure message.
    pub fn describe(&self) -> String {
        format!(
            "command: {}\nstatus: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.shown,
            self.output.status,
            shortened(&self.stdout()),
            shortened(&self.stderr())
        )
    }

    /// Assert exit code 0, and return the run.
    #[track_caller]
    pub fn success(self) -> Run {
        assert!(
            self.output.status.success(),
            "expected success\n{}",
            self.describe()
        );
        self
    }

    /// Assert a given exit code, and return the run.
    #[track_caller]
    pub fn code_is(self, code: i32) -> Run {
        assert_eq!(
            self.code(),
            code,
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    /// Assert stderr holds `needle`.
    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr().contains(needle),
            "stderr lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Assert stdout holds `needle`.
    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout().contains(needle),
            "stdout lacks {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// Assert that `apsc check --format csv` found every check holding but
    /// the curation checks ([`CURATION_CHECKS`]), and return the run.
    #[track_caller]
    pub fn checks_hold(self) -> Run {
        self.checks_hold_but(&CURATION_CHECKS)
    }

    /// The same, letting the named checks fail.
    #[track_caller]
    pub fn checks_hold_but(self, allowed: &[&str]) -> Run {
        assert!(
            matches!(self.code(), 0 | 1),
            "check did not run\n{}",
            self.describe()
        );
        let out = self.stdout();
        let rows: Vec<(&str, &str)> = out
            .lines()
            .skip(1)
            .map(|line| {
                let mut cells = line.splitn(3, ',');
                (cells.next().unwrap(), cells.next().unwrap_or_default())
            })
            .collect();
        assert!(rows.len() >= 10, "too few checks\n{}", self.describe());
        for (check, result) in rows {
            if !allowed.contains(&check) {
                assert_eq!(result, "ok", "{check} failed\n{}", self.describe());
            }
        }
        self
    }

    /// No panic, no backtrace, no Rust debug output: what a user must never see.
    #[track_caller]
    pub fn clean_stderr(self) -> Run {
        let err = self.stderr();
        for bad in [
            "panicked",
            "RUST_BACKTRACE",
            "stack backtrace",
            "internal error",
        ] {
            assert!(
                !err.contains(bad),
                "stderr shows {bad:?}\n{}",
                self.describe()
            );
        }
        self
    }

    /// Stdout parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout())
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }

    /// Stdout parsed as JSON Lines: one JSON document a line.
    #[track_caller]
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout()
            .lines()
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line).unwrap_or_else(|e| {
                    panic!("line {} is not JSON: {e}\n{}", i + 1, self.describe())
                })
            })
            .collect()
    }

    /// Stdout parsed as CSV with a header row: the header, then the rows.
    #[track_caller]
    pub fn csv(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let out = self.stdout();
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let mut rows = Vec::new();
        let header = reader.headers().cloned().and_then(|header| {
            for record in reader.records() {
                rows.push(record?.iter().map(String::from).collect());
            }
            Ok(header.iter().map(String::from).collect())
        });
        match header {
            Ok(header) => (header, rows),
            Err(e) => panic!("stdout is not CSV: {e}\n{}", self.describe()),
        }
    }
}

/// Output cut to a readable length for a failure message.
fn shortened(text: &str) -> String {
    const MAX: usize = 6000;
    match text.char_indices().nth(MAX) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}\n… ({} more bytes)", &text[..cut], text.len() - cut),
    }
}
