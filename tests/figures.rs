//! The figures report's place, lower-bound flag and same-amount links,
//! pinned against the words of the text.

use crate::seed_problems::edit;
use crate::util::{TestDir, restored_text};

#[test]
fn figures_know_their_place_their_bounds_and_their_twins() {
    let t = TestDir::new();
    t.seeded();
    let (header, rows) = t.csv(&["report", "figures"]);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (stated, lower, same, id) = (at("stated"), at("lower_bound"), at("same_as"), at("figure"));
    let (section, paragraph, area) = (at("section"), at("paragraph"), at("area"));
    let conn = t.conn();
    for row in &rows {
        // "over 10,000", "more than 9,000": the words make a lower bound.
        let bound = row[stated].starts_with("over ") || row[stated].starts_with("more than ");
        assert_eq!(row[lower], if bound { "1" } else { "0" }, "{row:?}");
        let text: String = conn
            .query_row(
                "SELECT p.text FROM passages p JOIN areas a ON a.section = p.section
                  WHERE p.section = ?1 AND p.ordinal = ?2 AND a.id = ?3",
                [&row[section], &row[paragraph], &row[area]],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            text.contains(&row[stated]),
            "{row:?} is not in its paragraph"
        );
    }
    // "provided A$20 million ($14.8 million)": one amount in two currencies.
    assert!(restored_text().contains("A$20 million ($14.8 million)"));
    let aud = rows.iter().find(|r| r[stated] == "A$20 million").unwrap();
    let usd = rows.iter().find(|r| r[stated] == "$14.8 million").unwrap();
    assert_eq!(aud[same], usd[id]);
    assert_eq!(usd[same], aud[id]);
    let twins = rows.iter().filter(|r| !r[same].is_empty()).count();
    assert_eq!(twins, 2, "only the two currencies state one amount");
}

#[test]
fn same_as_must_name_another_figure() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    edit(&dir.join("figures.csv"), |text| {
        text.replacen(",mh370-funding-usd\n", ",mh370-funding-eur\n", 1)
            .replacen(",mh370-funding-usd\r\n", ",mh370-funding-eur\r\n", 1)
    });
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .stderr_has("`same_as` \"mh370-funding-eur\" is not another figure of figures.csv");
}
