//! SQLite's refusal of a seed row, said as a seed problem: which column,
//! its value, and the rule of the schema it breaks.

use rusqlite::types::{ToSqlOutput, ValueRef};

use super::row::Value;

/// The schema's rules whose SQL does not say what to write instead, by how
/// the rule begins (its column first), in words.
const RULES: &[(&str, &str)] = &[
    (
        "id <> '' AND",
        "must be lower-case letters, digits and hyphens",
    ),
    (
        "typeof(value)",
        "is not a number (digits, an optional point, no commas)",
    ),
    ("edition IS NULL", "must be a whole number from 1"),
    ("is_subject IN", "must be 0 or 1"),
];

/// SQLite's refusal of a row as a seed problem: the column and its value,
/// and what the schema asks of it; with the columns the refusal names.
pub(super) fn refusal(refused: &str, values: &[Value<'_>]) -> (String, Vec<String>) {
    let value = |column: &str| {
        let value = match values.iter().find(|(c, _)| *c == column) {
            Some((_, ToSqlOutput::Borrowed(value))) => *value,
            Some((_, ToSqlOutput::Owned(value))) => ValueRef::from(value),
            _ => return "(none)".to_string(),
        };
        match value {
            ValueRef::Text(text) => format!("{:?}", String::from_utf8_lossy(text)),
            value => format!("{value:?}"),
        }
    };
    let last = |column: &str| column.rsplit('.').next().unwrap_or(column).to_string();
    if let Some(column) = refused.strip_prefix("NOT NULL constraint failed: ") {
        let column = last(column);
        return (format!("`{column}` is empty"), vec![column]);
    }
    if let Some(rule) = refused.strip_prefix("CHECK constraint failed: ") {
        // The row's columns the rule names (words of its SQL, not of its
        // quoted literals), its own column last.
        let words: Vec<&str> = (rule.split('\'').step_by(2))
            .flat_map(|sql| sql.split(|ch: char| !ch.is_alphanumeric() && ch != '_'))
            .collect();
        let named: Vec<String> = (values.iter())
            .map(|(c, _)| c.to_string())
            .filter(|c| words.contains(&c.as_str()))
            .collect();
        let column = named.last().cloned().unwrap_or_default();
        if matches!(value(&column).as_str(), "\"\"" | "(none)") {
            return (format!("`{column}` is empty"), vec![column]);
        }
        if let Some((_, words)) = RULES.iter().find(|(start, _)| rule.starts_with(start)) {
            let message = format!("`{column}` {} {words}", value(&column));
            return (message, vec![column]);
        }
        let shown: Vec<String> = named
            .iter()
            .map(|c| format!("`{c}` {}", value(c)))
            .collect();
        let rule = rule.split_whitespace().collect::<Vec<_>>().join(" ");
        let message = format!("{} breaks the schema's rule: {rule}", shown.join(", "));
        return (message, named);
    }
    if let Some(columns) = refused.strip_prefix("UNIQUE constraint failed: ") {
        let columns: Vec<String> = columns.split(", ").map(last).collect();
        if columns == ["is_subject"] {
            let message = "a second subject: only one partner has is_subject = 1";
            return (message.to_string(), columns);
        }
        let values: Vec<String> = columns.iter().map(|c| value(c)).collect();
        let message = format!(
            "duplicate {} {}",
            columns.join(" and "),
            values.join(" and ")
        );
        return (message, columns);
    }
    (
        format!("the database refused the row: {refused}"),
        Vec::new(),
    )
}
