//! The canned reports: one `.sql` file each in `reports/`, compiled in, whose
//! header comments give the title, description and parameters. The same SQL
//! runs behind `apsc report` and, for reports that need no parameter, behind
//! the `report_<name>` views written into the database for other tools.

use anyhow::Context;
use rusqlite::Connection;

use crate::error;
use crate::params::Params;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_reports.rs"));
}

/// What a parameter's value names, and so how it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Any text.
    Text,
    /// A partner by id, name or alias; bound as the partner's id.
    Partner,
    /// An area by id, section or name; bound as the area's id.
    Area,
}

impl ParamKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParamKind::Text => "text",
            ParamKind::Partner => "partner",
            ParamKind::Area => "area",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub required: bool,
    pub kind: ParamKind,
    pub description: String,
}

impl Param {
    /// `name (required)` or `name (optional)`, for listings.
    pub fn label(&self) -> String {
        format!(
            "{} ({})",
            self.name,
            if self.required {
                "required"
            } else {
                "optional"
            }
        )
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

    /// The parameters, one line each, for listings.
    pub fn params_summary(&self) -> String {
        self.params
            .iter()
            .map(|p| format!("{}: {}", p.label(), p.description))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The SQL of the view: optional parameters become NULL.
    pub fn view_sql(&self) -> String {
        let mut sql = self.sql.to_string();
        for param in &self.params {
            sql = replace_parameter(&sql, &param.name, "NULL");
        }
        sql
    }
}

/// Parse one report file's header.
fn parse(name: &'static str, sql: &'static str) -> Report {
    let mut title = String::new();
    let mut description = String::new();
    let mut params = Vec::new();
    for line in sql.lines().take_while(|l| l.starts_with("--")) {
        let line = line.trim_start_matches("--").trim();
        if let Some(rest) = line.strip_prefix("title:") {
            title = rest.trim().to_string();
        } else if let Some(rest) = line.strip_prefix("description:") {
            description = rest.trim().to_string();
        } else if let Some(rest) = line.strip_prefix("param:") {
            // name (required|optional[, partner|area]): description
            let (head, text) = rest
                .split_once("):")
                .expect("a param line reads `name (flags): text`");
            let (param, flags) = head.split_once('(').expect("a param line has (flags)");
            let flags: Vec<&str> = flags.split(',').map(str::trim).collect();
            let kind = if flags.contains(&"partner") {
                ParamKind::Partner
            } else if flags.contains(&"area") {
                ParamKind::Area
            } else {
                ParamKind::Text
            };
            params.push(Param {
                name: param.trim().to_string(),
                required: flags.contains(&"required"),
                kind,
                description: text.trim().to_string(),
            });
        }
    }
    Report {
        name,
        title,
        description,
        params,
        sql,
    }
}

/// Every report, by name.
pub fn all() -> Vec<Report> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, sql)| parse(name, sql))
        .collect()
}

/// The names closest to `wanted` among `candidates`, best first.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            let candidate = c.to_lowercase();
            // "Korea" should find "Republic of Korea": a whole word inside counts.
            let contained = candidate
                .split(|ch: char| !ch.is_alphanumeric())
                .any(|w| w == wanted)
                || wanted
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w == candidate);
            let score = strsim::jaro_winkler(&wanted, &candidate);
            (if contained { score.max(0.9) } else { score }, c)
        })
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

fn did_you_mean(options: &[&str]) -> String {
    match options {
        [] => String::new(),
        [one] => format!("; did you mean {one:?}?"),
        many => format!(
            "; did you mean one of {}?",
            many.iter()
                .map(|o| format!("{o:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The report called `name`, or a usage error that lists the near ones.
pub fn find(name: &str) -> anyhow::Result<Report> {
    let reports = all();
    if let Some(report) = reports.iter().find(|r| r.name == name) {
        return Ok(report.clone());
    }
    let names: Vec<&str> = reports.iter().map(|r| r.name).collect();
    Err(error::usage(format!(
        "no report called {name:?}{} (`apsc reports` lists them: {})",
        did_you_mean(&nearest(name, names.iter().copied())),
        names.join(", ")
    )))
}

/// Check the given parameters against the report's, and resolve partner and
/// area names to ids. Returns what to bind.
pub fn resolve(conn: &Connection, report: &Report, given: &Params) -> anyhow::Result<Params> {
    for name in given.names() {
        if !report.params.iter().any(|p| p.name == name) {
            let known = if report.params.is_empty() {
                "it takes none".to_string()
            } else {
                format!(
                    "it takes: {}",
                    report
                        .params
                        .iter()
                        .map(|p| p.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            return Err(error::usage(format!(
                "report {} has no parameter {name:?}; {known}",
                report.name
            )));
        }
    }
    let mut bound = Params::default();
    for param in &report.params {
        let Some(value) = given.get(&param.name) else {
            if param.required {
                return Err(error::usage(format!(
                    "report {} needs --param {}=VALUE ({})",
                    report.name, param.name, param.description
                )));
            }
            continue;
        };
        let value = match param.kind {
            ParamKind::Text => value.to_string(),
            ParamKind::Partner => partner_id(conn, value)?,
            ParamKind::Area => area_id(conn, value)?,
        };
        bound.insert(&param.name, &value);
    }
    Ok(bound)
}

/// The id of the partner a name, id or alias denotes (any case).
pub fn partner_id(conn: &Connection, name: &str) -> anyhow::Result<String> {
    let found: Option<String> = conn
        .query_row(
            "SELECT id FROM partners WHERE id = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
             UNION SELECT partner_id FROM partner_aliases WHERE alias = ?1
             UNION SELECT id FROM partners WHERE iso3 = upper(?1)
             LIMIT 1",
            [name],
            |row| row.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if let Some(id) = found {
        return Ok(id);
    }
    let mut stmt =
        conn.prepare("SELECT name FROM partners UNION SELECT alias FROM partner_aliases")?;
    let names: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Err(error::usage(format!(
        "no partner called {name:?}{} (`apsc report partners` lists them)",
        did_you_mean(&nearest(name, names.iter().map(String::as_str)))
    )))
}

/// The id of the area an id, section or name denotes (any case).
pub fn area_id(conn: &Connection, name: &str) -> anyhow::Result<String> {
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas: Vec<(String, String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<Result<_, _>>()?;
    if let Some((id, _, _)) = areas.iter().find(|(id, section, area)| {
        [id, section, area]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(name))
    }) {
        return Ok(id.clone());
    }
    // Suggest by id, section or name, each area once, by its id.
    let names = areas
        .iter()
        .flat_map(|(id, section, area)| [id.as_str(), section.as_str(), area.as_str()]);
    let mut suggested: Vec<&str> = Vec::new();
    for near in nearest(name, names) {
        let (id, _, _) = areas
            .iter()
            .find(|(id, section, area)| [id, section, area].iter().any(|s| *s == near))
            .expect("a suggestion is one of the areas");
        if !suggested.contains(&id.as_str()) {
            suggested.push(id);
        }
    }
    Err(error::usage(format!(
        "no area called {name:?}{} (the areas are: {})",
        did_you_mean(&suggested),
        areas
            .iter()
            .map(|(id, _, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Replace the named parameter `:name` (or `@name`, `$name`) with `literal`
/// wherever it stands as a parameter: not inside strings, quoted identifiers
/// or comments.
pub fn replace_parameter(sql: &str, name: &str, literal: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                while i < bytes.len() && bytes[i] != b']' {
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b':' | b'@' | b'$' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                if &sql[start..end] == name {
                    out.push_str(&sql[copied..i]);
                    out.push_str(literal);
                    copied = end;
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    out
}

/// Write the catalog and the views: drop every `report_*` view, create one per
/// report that needs no parameter, and rewrite `reports` and
/// `report_parameters`. Runs inside the caller's transaction.
pub fn install(conn: &Connection) -> anyhow::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'view' AND name LIKE 'report\\_%' ESCAPE '\\'",
    )?;
    let old: Vec<String> = stmt
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    for view in old {
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
        if let Some(view) = &view {
            conn.execute(&format!("CREATE VIEW {view} AS\n{}", report.view_sql()), [])
                .with_context(|| format!("creating the view {view}"))?;
        }
        insert_report.execute(rusqlite::params![
            report.name,
            report.title,
            report.description,
            report.params_summary(),
            view,
            report.sql,
        ])?;
        for param in &report.params {
            insert_param.execute(rusqlite::params![
                report.name,
                param.name,
                param.required,
                param.kind.as_str(),
                param.description,
            ])?;
        }
    }
    Ok(())
}

/// Whether the database's catalog holds exactly this binary's reports.
pub fn is_current(conn: &Connection) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("SELECT name, sql FROM reports ORDER BY name")?;
    let stored: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut ours: Vec<(String, String)> = all()
        .into_iter()
        .map(|r| (r.name.to_string(), r.sql.to_string()))
        .collect();
    ours.sort();
    Ok(stored == ours)
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

    #[test]
    fn parameters_are_replaced_only_where_they_are_parameters() {
        let sql = "SELECT ':area', \":area\", :area, @area -- :area\n/* :area */ WHERE x = :area_id OR y = :area";
        assert_eq!(
            replace_parameter(sql, "area", "NULL"),
            "SELECT ':area', \":area\", NULL, NULL -- :area\n/* :area */ WHERE x = :area_id OR y = NULL"
        );
    }

    #[test]
    fn nearest_names_come_first() {
        assert_eq!(
            nearest("partnr", ["partner", "partners", "timeline"]),
            vec!["partner", "partners"]
        );
        assert!(nearest("zzz", ["partner", "timeline"]).is_empty());
        assert_eq!(
            nearest("Korea", ["Republic of Korea", "Kenya", "Japan"])[0],
            "Republic of Korea"
        );
    }
}
