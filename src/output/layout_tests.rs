//! The table layout's tests: plans at given widths, and how text wraps.

use super::*;

fn column(header: &str, cells: &[&str]) -> Measure {
    let mut m = Measure::new(header);
    for cell in cells {
        m.add(cell, false);
    }
    m
}

fn numbers(header: &str, cells: &[&str]) -> Measure {
    let mut m = Measure::new(header);
    for cell in cells {
        m.add(cell, true);
    }
    m
}

fn wrapped(s: &str, width: usize) -> Vec<String> {
    wrap(s, width)
}

#[test]
fn a_table_that_fits_keeps_every_column_whole() {
    let columns = [
        column("code", &["rok"]),
        column("name", &["Republic of Korea"]),
    ];
    assert_eq!(plan(&columns, 80), Some(vec![4, 17]));
}

#[test]
fn a_word_is_never_broken_while_an_empty_column_has_room_to_give() {
    // show ROK at 100 columns: four empty date columns, a role whose
    // longest word is `counterpart`, a long name.
    let mut columns = vec![
        column("fact", &["meetings/ct-consultation-rok"]),
        column("role", &["counterpart"]),
        column(
            "name",
            &["Bilateral anti-terrorism consultations with the ROK"],
        ),
    ];
    for header in ["date_text", "date_edtf", "date_start", "date_end"] {
        columns.push(column(header, &[""]));
    }
    let widths = plan(&columns, 100).expect("a table fits");
    assert_eq!(widths[0], 28, "the id whole: {widths:?}");
    assert_eq!(widths[1], 11, "counterpart whole: {widths:?}");
    assert!(widths[3..].iter().all(|w| *w >= 5), "{widths:?}");
    assert!(
        widths[3..].iter().sum::<usize>() < 36,
        "the empty columns shrink"
    );
    assert_eq!(widths.iter().sum::<usize>() + frame(columns.len()), 100);
}

#[test]
fn short_columns_get_their_width_back_before_long_text_gets_more() {
    let quote = "word ".repeat(60);
    let columns = [
        column("date", &["2015-10-01"]),
        column("area", &["Disaster Relief"]),
        column("quote", &[quote.trim()]),
    ];
    assert_eq!(plan(&columns, 80), Some(vec![10, 15, 80 - frame(3) - 25]));
}

#[test]
fn long_columns_share_the_room_none_wider_than_it_needs() {
    let name = "name ".repeat(6);
    let quote = "q ".repeat(200);
    let columns = [column("name", &[name.trim()]), column("quote", &[&quote])];
    let widths = plan(&columns, 60).unwrap();
    assert_eq!(widths.iter().sum::<usize>() + frame(2), 60);
    assert!(widths[0] < widths[1] && widths[0] > 4, "{widths:?}");
    let widths = plan(&columns, 200).unwrap();
    assert_eq!(widths[0], 29, "no wider than it needs");
}

#[test]
fn records_when_a_word_would_have_to_break() {
    let columns: Vec<Measure> = (0..4)
        .map(|i| column(&format!("c{i}"), &["an-identifier-eighteen"]))
        .collect();
    assert!(plan(&columns, 4 * 22 + frame(4)).is_some());
    assert_eq!(plan(&columns, 4 * 22 + frame(4) - 1), None);
    let wide = numbers("n", &["123456789012345678901234567890"]);
    assert_eq!(plan(&[wide.clone(), wide], 40), None, "numbers never wrap");
}

#[test]
fn a_long_header_over_numbers_wraps_at_its_underscores_before_records() {
    let mut columns = vec![column(
        "partner",
        &["Association of Southeast Asian Nations"],
    )];
    for name in [
        "disaster_relief",
        "transnational_crime",
        "non_proliferation",
    ] {
        columns.push(numbers(name, &["12"]));
    }
    let widths = plan(&columns, 60).expect("a table, not records");
    assert!(widths.iter().sum::<usize>() + frame(4) <= 60);
    for (width, part) in widths[1..].iter().zip([9, 14, 11]) {
        assert!(*width >= part, "{widths:?}");
    }
    assert_eq!(
        wrapped("transnational_crime", 14),
        ["transnational_", "crime"]
    );
    let widths = plan(&columns, 100).unwrap();
    assert_eq!(widths[1..], [15, 19, 17], "with room, whole headers");
}

#[test]
fn wrapping_breaks_between_words() {
    assert_eq!(
        wrapped("Disaster Relief Exercise", 10),
        ["Disaster", "Relief", "Exercise"]
    );
    assert_eq!(wrapped("a b c d", 3), ["a b", "c d"]);
    assert_eq!(wrapped("fits", 10), ["fits"]);
}

#[test]
fn a_word_breaks_only_when_it_alone_is_too_wide() {
    assert_eq!(
        wrapped("abcdefghijklmnopqrstuvwxy z", 10),
        ["abcdefghij", "klmnopqrst", "uvwxy z"]
    );
}

#[test]
fn a_word_too_wide_breaks_after_a_hyphen_or_underscore() {
    assert_eq!(
        wrapped("refinery_schema_history x", 10),
        ["refinery_", "schema_", "history x"]
    );
    assert_eq!(
        wrapped("disaster-relief work", 12),
        ["disaster-", "relief work"]
    );
}

#[test]
fn line_breaks_in_a_cell_are_kept() {
    assert_eq!(wrapped("one\ntwo three", 5), ["one", "two", "three"]);
}

#[test]
fn wide_characters_count_twice() {
    assert_eq!(Measure::new("北京").natural, 4);
    assert_eq!(Measure::new("e\u{301}te").natural, 3);
    assert_eq!(wrapped("北京上海", 4), ["北京", "上海"]);
}
