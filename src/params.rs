//! `--param NAME=VALUE`: parsed by clap, checked against a statement's named
//! parameters (`:name`, `@name`, `$name`, or `?N` by number) before anything
//! runs, and bound, never spliced into SQL: a plain number as a number, as the
//! sqlite3 shell's `.parameter set` does, anything else (or a value in single
//! quotes, without them) as text.

use std::collections::BTreeSet;

use rusqlite::Statement;
use rusqlite::types::Value;

use crate::error;

/// clap's value parser for one `--param`: `NAME=VALUE`, the name without its
/// `:`, `@` or `$`.
pub fn parse_pair(flag: &str) -> Result<(String, String), String> {
    let Some((name, value)) = flag.split_once('=') else {
        return Err("needs the form NAME=VALUE".to_string());
    };
    let name = name.trim_start_matches([':', '@', '$']);
    if name.is_empty() {
        return Err("has no name before =".to_string());
    }
    Ok((name.to_string(), value.to_string()))
}

/// The `--param` flags, in the order given, each name once.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The flags as clap parsed them; a name given twice is a usage error.
    pub fn new(pairs: &[(String, String)]) -> anyhow::Result<Params> {
        for (i, (name, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(n, _)| n == name) {
                let message = format!("--param {name} is given twice; give each parameter once");
                return Err(error::usage(message));
            }
        }
        Ok(Params(pairs.to_vec()))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        let found = self.0.iter().find(|(n, _)| n == name);
        found.map(|(_, v)| v.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    pub fn insert(&mut self, name: &str, value: &str) {
        self.0.retain(|(n, _)| n != name);
        self.0.push((name.to_string(), value.to_string()));
    }

    /// Bind every parameter the statement has; one without a value is NULL,
    /// as a report's optional parameters are. Ad-hoc SQL is checked with
    /// [`Params::check`] first, so none is missing there.
    pub fn bind(&self, stmt: &mut Statement<'_>) -> anyhow::Result<()> {
        for (index, name) in names_in(stmt) {
            stmt.raw_bind_parameter(index, self.get(&name).map_or(Value::Null, typed))?;
        }
        Ok(())
    }

    /// Before anything runs: every parameter of the statements has a value,
    /// and, when `all` are the whole SQL, every `--param` given is used (one
    /// that is not is most likely a typo).
    pub fn check(&self, statements: &[Statement<'_>], all: bool) -> anyhow::Result<()> {
        let mut used = BTreeSet::new();
        for stmt in statements {
            for (index, name) in names_in(stmt) {
                if self.get(&name).is_none() {
                    return Err(error::usage(format!(
                        "the SQL has a parameter {} with no value: pass --param {name}=VALUE",
                        stmt.parameter_name(index).unwrap_or("?")
                    )));
                }
                used.insert(name);
            }
        }
        match self.names().find(|n| !used.contains(*n)) {
            Some(unused) if all => Err(error::usage(format!(
                "--param {unused} matches no parameter in the SQL"
            ))),
            _ => Ok(()),
        }
    }
}

/// A value as it is bound: a plain number (digits, a sign, a point, an
/// exponent) as an integer or a real, as SQLite would read it in SQL; a value
/// in single quotes as the text between them; anything else as text.
pub fn typed(value: &str) -> Value {
    if let Some(text) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        return Value::Text(text.to_string());
    }
    let plain = value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().all(|b| b"0123456789+-.eE".contains(&b));
    match (value.parse::<i64>(), value.parse::<f64>()) {
        (Ok(integer), _) if plain => Value::Integer(integer),
        (_, Ok(real)) if plain && real.is_finite() => Value::Real(real),
        _ => Value::Text(value.to_string()),
    }
}

/// Each parameter of a statement: its index and its name without the sigil
/// (the number, for `?N` and `?`).
fn names_in(stmt: &Statement<'_>) -> Vec<(usize, String)> {
    let name = |index: usize| match stmt.parameter_name(index) {
        Some(name) if !name.starts_with('?') => name[1..].to_string(),
        _ => index.to_string(),
    };
    (1..=stmt.parameter_count()).map(|i| (i, name(i))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn a_pair_is_name_equals_value() {
        assert_eq!(parse_pair("a=1"), Ok(("a".into(), "1".into())));
        assert_eq!(parse_pair(":a=x=y"), Ok(("a".into(), "x=y".into())));
        assert_eq!(parse_pair("a="), Ok(("a".into(), String::new())));
        assert!(parse_pair("a").is_err());
        assert!(parse_pair("=1").is_err());
        assert!(parse_pair(":=1").is_err());
    }

    fn is_usage(err: &anyhow::Error) -> bool {
        error::is_kind(err, |e| matches!(e, error::Error::Usage(_)))
    }

    #[test]
    fn a_plain_number_binds_as_a_number_and_anything_else_as_text() {
        assert_eq!(typed("5"), Value::Integer(5));
        assert_eq!(typed("-12"), Value::Integer(-12));
        assert_eq!(typed("2.5"), Value::Real(2.5));
        assert_eq!(typed("1e3"), Value::Real(1000.0));
        assert_eq!(typed("'5'"), Value::Text("5".into()));
        for text in [
            "ROK", "5 ", "0x10", "inf", "NaN", "1e999", "1-2", "VI.4", "", "'",
        ] {
            assert_eq!(typed(text), Value::Text(text.into()), "{text}");
        }
    }

    #[test]
    fn a_name_given_twice_is_refused() {
        let twice = [("a".to_string(), "1".to_string()), ("a".into(), "2".into())];
        assert!(is_usage(&Params::new(&twice).unwrap_err()));
    }

    #[test]
    fn parameters_are_checked_before_anything_runs() -> anyhow::Result<()> {
        let conn = Connection::open_in_memory()?;
        let stmts = [conn.prepare("SELECT :a, ?2")?];
        let given = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            Params::new(&pairs)
        };
        given(&[("a", "1"), ("2", "x")])?.check(&stmts, true)?;
        assert!(is_usage(
            &given(&[("a", "1")])?.check(&stmts, true).unwrap_err()
        ));
        let extra = given(&[("a", "1"), ("2", "x"), ("b", "2")])?;
        assert!(is_usage(&extra.check(&stmts, true).unwrap_err()));
        Ok(())
    }
}
