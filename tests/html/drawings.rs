//! The drawings and the partner index against the seed: the timeline's rows and
//! how each is dated, the chart's totals, and every partner with its aliases.

use scraper::Html;

use super::{page, sel, text};
use crate::util::{TestDir, seed_facts, seed_rows};

/// The timeline draws a row for each fact with a date of its own or one
/// inferred from its paragraph's frame, marking the inferred ones, the open
/// ones and the ones held once within a window.
fn the_timeline_follows_the_dates(doc: &Html) {
    // Dates inferred from a paragraph's frame, by fact, from the seed.
    let inferred: std::collections::HashMap<String, String> = seed_rows("context_dates.csv")
        .into_iter()
        .map(|r| {
            (
                format!("{}/{}", r["fact_table"], r["fact_id"]),
                r["date_edtf"].clone(),
            )
        })
        .collect();
    for fact in seed_facts() {
        let row = doc
            .select(&sel(&format!("svg .tl-row[data-fact=\"{}\"]", fact.key)))
            .next();
        let context = inferred
            .get(&fact.key)
            .filter(|_| fact.date_edtf.is_empty());
        assert_eq!(
            row.is_some(),
            !fact.date_edtf.is_empty() || context.is_some(),
            "{}",
            fact.key
        );
        if let (Some(row), Some(context)) = (row, context) {
            // Drawn, but marked as inferred, never as the fact's own date.
            let classes: Vec<&str> = row.value().classes().collect();
            assert!(classes.contains(&"inferred"), "{}", fact.key);
            assert!(
                text(row).contains("(inferred)") && text(row).contains(context.as_str()),
                "{}",
                fact.key
            );
            // Its label keeps to the width of every other (52 characters).
            let label = row.select(&sel("text.label")).next().map(text).unwrap();
            assert!(
                label.ends_with("(inferred)") && label.chars().count() <= 52,
                "{label}"
            );
            continue;
        }
        if let Some(row) = row {
            // "Since" runs on when it goes on ("2015/.."); an event held
            // once since is a mark with its window ("[2015..2017-01]").
            let open = fact.date_edtf.ends_with("/..");
            let one_of = fact.date_edtf.starts_with('[');
            assert!(
                !(open || one_of) || fact.date_text.starts_with("Since"),
                "{}",
                fact.key
            );
            let classes: Vec<&str> = row.value().classes().collect();
            assert_eq!(classes.contains(&"open"), open, "{}", fact.key);
            assert_eq!(row.select(&sel(".open-line")).next().is_some(), open);
            assert_eq!(
                row.select(&sel(".window")).next().is_some(),
                one_of,
                "{}",
                fact.key
            );
        }
    }
}

/// The chart's totals are the engagements of each area in the seed.
fn the_chart_counts_the_engagements_of_each_area(doc: &Html) {
    let totals: Vec<String> = doc.select(&sel("svg.chart .total")).map(text).collect();
    let areas = seed_rows("areas.csv");
    assert_eq!(totals.len(), areas.len());
    let mut by_section: Vec<_> = areas.iter().collect();
    by_section.sort_by_key(|a| a["section"].clone());
    for (area, total) in by_section.iter().zip(&totals) {
        let n = seed_facts()
            .iter()
            .filter(|f| f.area == area["id"] && f.table != "statements")
            .count();
        assert_eq!(total, &n.to_string(), "{}", area["id"]);
    }
}

/// Every partner of the seed is in the index with all of its aliases.
fn the_partner_index_lists_every_partner_with_its_aliases(doc: &Html) {
    for partner in seed_rows("partners.csv") {
        let entry = doc
            .select(&sel(&format!("#partner-{}", partner["id"])))
            .next()
            .unwrap_or_else(|| panic!("{} is not in the index", partner["id"]));
        let shown = text(entry);
        for alias in seed_rows("partner_aliases.csv")
            .into_iter()
            .filter(|a| a["partner_id"] == partner["id"])
        {
            assert!(
                shown.contains(&alias["alias"]),
                "{}: {}",
                partner["id"],
                alias["alias"]
            );
        }
    }
}

#[test]
fn the_drawings_and_the_partner_index_follow_the_seed() {
    let t = TestDir::new();
    let (_, doc) = page(&t);
    the_timeline_follows_the_dates(&doc);
    the_chart_counts_the_engagements_of_each_area(&doc);
    the_partner_index_lists_every_partner_with_its_aliases(&doc);
}
