//! The seed as the tests read it: straight from the CSV files and the text,
//! never through apsc, so that what apsc shows can be checked against it.

use super::{restored_text, seed_dir};

/// The rows of a seed CSV file, each a map from column to value.
pub fn seed_rows(file: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(seed_dir().join(file)).expect("reading a seed file");
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every fact of the seed as (`table/id`, name or topic, quote, date_text),
/// read straight from the seed files.
pub fn seed_facts() -> Vec<SeedFact> {
    let mut facts = Vec::new();
    for table in [
        "meetings",
        "exercises",
        "agreements",
        "operations",
        "statements",
    ] {
        for row in seed_rows(&format!("{table}.csv")) {
            let name = row
                .get("name")
                .or_else(|| row.get("topic"))
                .unwrap()
                .clone();
            facts.push(SeedFact {
                key: format!("{table}/{}", row["id"]),
                table: table.to_string(),
                area: row["area_id"].clone(),
                name,
                quote: row["quote"].clone(),
                date_edtf: row["date_edtf"].clone(),
                date_text: row["date_text"].clone(),
            });
        }
    }
    facts
}

/// One fact as the seed states it.
#[derive(Debug, Clone)]
pub struct SeedFact {
    pub key: String,
    pub table: String,
    pub area: String,
    pub name: String,
    pub quote: String,
    pub date_edtf: String,
    pub date_text: String,
}

/// The partner id an id or alias in a seed link file stands for.
pub fn seed_partner_id(name: &str) -> String {
    let partners = seed_rows("partners.csv");
    if let Some(p) = partners.iter().find(|p| p["id"] == name) {
        return p["id"].clone();
    }
    seed_rows("partner_aliases.csv")
        .into_iter()
        .find(|a| a["alias"].eq_ignore_ascii_case(name))
        .map(|a| a["partner_id"].clone())
        .unwrap_or_else(|| panic!("{name} is no partner of the seed"))
}

/// Every (fact key, partner id, role) the seed's link files state.
pub fn seed_links() -> Vec<(String, String, String)> {
    let mut links = Vec::new();
    for table in [
        "meetings",
        "exercises",
        "agreements",
        "operations",
        "statements",
    ] {
        let single = table.trim_end_matches('s');
        for row in seed_rows(&format!("{single}_partners.csv")) {
            links.push((
                format!("{table}/{}", row[&format!("{single}_id")]),
                seed_partner_id(&row["partner_id"]),
                row["role"].clone(),
            ));
        }
    }
    links
}

/// The paper's paragraphs as (section `VI.n`, number, text), found in the
/// restored text by its numbered headings.
pub fn paragraphs() -> Vec<(String, usize, String)> {
    let omitted: Vec<String> = seed_rows("omissions.csv")
        .into_iter()
        .map(|o| o["line"].clone())
        .collect();
    let mut out = Vec::new();
    let mut section = None;
    let mut n = 0;
    for line in restored_text().lines() {
        let heading = line
            .split_once(". ")
            .and_then(|(num, _)| num.parse::<u32>().ok());
        if let Some(num) = heading {
            section = Some(format!("VI.{num}"));
            n = 0;
        } else if let Some(section) = &section {
            if omitted.iter().any(|o| o == line) {
                continue;
            }
            n += 1;
            out.push((section.clone(), n, line.to_string()));
        }
    }
    out
}
