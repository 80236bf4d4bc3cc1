//! The canned reports: one `.sql` file each in `reports/`, compiled in, whose
//! header comments give the title, description and parameters. The same SQL
//! runs behind `apsc report` and, for reports that need no parameter, behind
//! the `report_<name>` views written into the database for other tools.

use anyhow::Context;
use rusqlite::Connection;

use crate::error;
use crate::lookup;
use crate::params::Params;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_reports.rs"));
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub required: bool,
    /// What the value names, and so how it is checked: `text` (any),
    /// `partner` (by id, name or alias) or `area` (by id, section or name),
    /// the latter two bound as the id.
    pub kind: &'static str,
    pub description: String,
}

impl Param {
    /// `name (required)` or `name (optional)`, for listings.
    pub fn label(&self) -> String {
        let given = ["optional", "required"][usize::from(self.required)];
        format!("{} ({given})", self.name)
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub name: &'static str,
    pub title: String,
    pub description: String,
    pub params: Vec<Param>,
    /// The whole file, header comments included.
    pub sql: &'static str,
}

impl Report {
    /// The name of the view that runs this report, if it needs no parameter.
    pub fn view(&self) -> Option<String> {
        (!self.params.iter().any(|p| p.required)).then(|| format!("report_{}", self.name))
    }

    /// The SQL of the view: each optional parameter `:name` becomes NULL.
    ///
    /// A plain text replacement, not a parser: the report files are ours,
    /// and SQLite checks the result twice over. A view may hold no parameter,
    /// so one left behind fails `CREATE VIEW`, and a name mangled by the
    /// replacement (`:name_x`) fails to compile; the tests check that each
    /// view gives the rows its report gives.
    pub fn view_sql(&self) -> String {
        self.params.iter().fold(self.sql.to_string(), |sql, param| {
            sql.replace(&format!(":{}", param.name), "NULL")
        })
    }
}

/// Parse one report file's header.
fn parse(name: &'static str, sql: &'static str) -> Report {
    let (title, description) = (String::new(), String::new());
    let mut report = Report {
        name,
        title,
        description,
        params: Vec::new(),
        sql,
    };
    for line in sql.lines().take_while(|l| l.starts_with("--")) {
        let line = line.trim_start_matches("--").trim();
        let field = |key: &str| Some(line.strip_prefix(key)?.trim().to_string());
        if let Some(title) = field("title:") {
            report.title = title;
        } else if let Some(description) = field("description:") {
            report.description = description;
        } else if let Some(param) = field("param:") {
            // name (required|optional[, partner|area]): description
            let (head, text) =
                (param.split_once("):")).expect("a param line reads `name (flags): text`");
            let (param, flags) = head.split_once('(').expect("a param line has (flags)");
            let flags: Vec<&str> = flags.split(',').map(str::trim).collect();
            let named = ["partner", "area"].into_iter().find(|k| flags.contains(k));
            report.params.push(Param {
                name: param.trim().to_string(),
                required: flags.contains(&"required"),
                kind: named.unwrap_or("text"),
                description: text.trim().to_string(),
            });
        }
    }
    report
}

/// Every report, by name.
pub fn all() -> Vec<Report> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, sql)| parse(name, sql))
        .collect()
}

/// The report called `name`, or a usage error that lists the near ones.
pub fn find(name: &str) -> anyhow::Result<Report> {
    let reports = all();
    // A report's name is a SQL name (`partner_areas`); a hyphen reads as well.
    let wanted = name.replace('-', "_");
    if let Some(report) = reports.iter().find(|r| r.name == wanted) {
        return Ok(report.clone());
    }
    let names: Vec<&str> = reports.iter().map(|r| r.name).collect();
    Err(error::usage(format!(
        "no report called {name:?}{} (`apsc reports` lists them: {})",
        lookup::suggest(name, names.iter().copied()),
        names.join(", ")
    )))
}

impl Report {
    /// Refuse a parameter the report does not take and a required one not
    /// given, before anything is opened or run.
    pub fn check_params(&self, given: &Params) -> anyhow::Result<()> {
        let names: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        if let Some(name) = given.names().find(|n| !names.contains(n)) {
            let takes = if names.is_empty() {
                "it takes none".to_string()
            } else {
                let labels: Vec<String> = self.params.iter().map(Param::label).collect();
                format!("it takes: {}", labels.join(", "))
            };
            return Err(error::usage(format!(
                "report {} has no parameter {name:?}; {takes}{}",
                self.name,
                lookup::suggest(name, names.iter().copied())
            )));
        }
        let unset = |p: &&Param| p.required && given.get(&p.name).is_none();
        if let Some(missing) = self.params.iter().find(unset) {
            return Err(error::usage(format!(
                "report {} needs --param {}=VALUE ({})",
                self.name, missing.name, missing.description
            )));
        }
        Ok(())
    }

    /// Resolve partner and area names among the given parameters, checked
    /// with [`Report::check_params`], to ids. Returns what to bind.
    pub fn resolve(&self, conn: &Connection, given: &Params) -> anyhow::Result<Params> {
        let mut bound = Params::default();
        for param in &self.params {
            let Some(value) = given.get(&param.name) else {
                continue;
            };
            let value = match param.kind {
                "partner" => lookup::partner_id(conn, value)?,
                "area" => lookup::area_id(conn, value)?,
                _ => value.to_string(),
            };
            bound.insert(&param.name, &value);
        }
        Ok(bound)
    }
}

/// Write the catalog and the views: drop every `report_*` view, create one per
/// report that needs no parameter, and rewrite `reports` and
/// `report_parameters`. Runs inside the caller's transaction.
pub fn install(conn: &Connection) -> anyhow::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE 'report\\_%' ESCAPE '\\'",
    )?;
    let old = stmt.query_map([], |row| row.get::<_, String>(0))?;
    for view in old.collect::<Result<Vec<_>, _>>()? {
        conn.execute(&format!("DROP VIEW \"{view}\""), [])?;
    }
    conn.execute("DELETE FROM report_parameters", [])?;
    conn.execute("DELETE FROM reports", [])?;
    let mut insert_report = conn.prepare(
        "INSERT INTO reports (name, title, description, parameters, view, sql) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_param = conn.prepare(
        "INSERT INTO report_parameters (report, name, required, kind, description) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for report in all() {
        let view = report.view();
        let params: Vec<String> = (report.params.iter())
            .map(|p| format!("{}: {}", p.label(), p.description))
            .collect();
        if let Some(view) = &view {
            conn.execute(&format!("CREATE VIEW {view} AS\n{}", report.view_sql()), [])
                .with_context(|| format!("creating the view {view}"))?;
        }
        insert_report.execute(rusqlite::params![
            report.name,
            report.title,
            report.description,
            params.join("\n"),
            view,
            report.sql,
        ])?;
        for param in &report.params {
            insert_param.execute(rusqlite::params![
                report.name,
                param.name,
                param.required,
                param.kind,
                param.description,
            ])?;
        }
    }
    Ok(())
}

/// Whether the database's catalog holds exactly this binary's reports.
pub fn is_current(conn: &Connection) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("SELECT name, sql FROM reports ORDER BY name")?;
    let stored = stmt.query_map([], |row| Ok([row.get::<_, String>(0)?, row.get(1)?]))?;
    let stored: Vec<[String; 2]> = stored.collect::<Result<_, _>>()?;
    let mut ours: Vec<[&str; 2]> = all().iter().map(|r| [r.name, r.sql]).collect();
    ours.sort();
    let stored = stored
        .iter()
        .map(|[name, sql]| [name.as_str(), sql.as_str()]);
    Ok(ours.into_iter().eq(stored))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_has_a_title_and_a_description() {
        for report in all() {
            assert!(!report.title.is_empty(), "{} has no title", report.name);
            assert!(
                !report.description.is_empty(),
                "{} has no description",
                report.name
            );
        }
    }
}
