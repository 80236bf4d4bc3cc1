//! `--param NAME=VALUE`: parsing the flags and binding them to a statement's
//! named parameters (`:name`, `@name`, `$name`, or `?N` by number). Values are
//! always bound as text, never spliced into SQL.

use std::collections::BTreeSet;

use rusqlite::Statement;

use crate::error;

/// Parsed `--param` flags, in the order given.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(flags: &[String]) -> anyhow::Result<Params> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for flag in flags {
            let Some((name, value)) = flag.split_once('=') else {
                return Err(error::usage(format!(
                    "--param {flag:?} needs the form NAME=VALUE"
                )));
            };
            let name = name.trim_start_matches([':', '@', '$']);
            if name.is_empty() {
                return Err(error::usage(format!(
                    "--param {flag:?} has no name before ="
                )));
            }
            if pairs.iter().any(|(n, _)| n == name) {
                return Err(error::usage(format!("--param {name} is given twice")));
            }
            pairs.push((name.to_string(), value.to_string()));
        }
        Ok(Params { pairs })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(n, _)| n.as_str())
    }

    pub fn insert(&mut self, name: &str, value: &str) {
        self.pairs.retain(|(n, _)| n != name);
        self.pairs.push((name.to_string(), value.to_string()));
    }

    /// Bind every parameter the statement has; one without a value is NULL.
    /// For reports, whose optional parameters default to NULL.
    pub fn bind_or_null(&self, stmt: &mut Statement<'_>) -> anyhow::Result<()> {
        for index in 1..=stmt.parameter_count() {
            let name = stmt
                .parameter_name(index)
                .map_or(index.to_string(), |n| n[1..].to_string());
            stmt.raw_bind_parameter(index, self.get(&name))?;
        }
        Ok(())
    }

    /// Bind every parameter the statement has; a parameter without a value is
    /// an error. Returns the names it used.
    pub fn bind(&self, stmt: &mut Statement<'_>) -> anyhow::Result<BTreeSet<String>> {
        let mut used = BTreeSet::new();
        for index in 1..=stmt.parameter_count() {
            let name = match stmt.parameter_name(index) {
                Some(name) => name[1..].to_string(),
                None => index.to_string(),
            };
            let value = self.get(&name).ok_or_else(|| {
                error::usage(format!(
                    "the SQL has a parameter {} with no value: pass --param {name}=VALUE",
                    stmt.parameter_name(index).unwrap_or("?")
                ))
            })?;
            stmt.raw_bind_parameter(index, value)?;
            used.insert(name);
        }
        Ok(used)
    }

    /// Fail on a `--param` that no statement used: most likely a typo.
    pub fn check_all_used(&self, used: &BTreeSet<String>) -> anyhow::Result<()> {
        if let Some(unused) = self.names().find(|n| !used.contains(*n)) {
            return Err(error::usage(format!(
                "--param {unused} matches no parameter in the SQL"
            )));
        }
        Ok(())
    }
}
