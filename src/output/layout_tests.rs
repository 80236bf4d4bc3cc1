//! The table layout's tests: plans at given widths, and how text wraps.

use super::*;

fn text(header: &str, cells: &[&str]) -> Measure {
    let mut m = Measure::new(header);
    m.numeric = false;
    for cell in cells {
        m.add(cell);
    }
    m
}

fn wrapped(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    wrap(s, width, &mut lines);
    lines
}

#[test]
fn when_everything_wraps_short_columns_get_their_width_back_first() {
    let column = |natural: usize, word: usize| Measure {
        natural,
        word,
        numeric: false,
        narrow: natural,
        digits: false,
    };
    // A date, a type and a role (short), and four long text columns:
    // too many for the strict plan at 100 columns.
    let columns = [
        column(15, 15),
        column(34, 8),
        column(9, 9),
        column(90, 14),
        column(48, 13),
        column(11, 11),
        column(60, 12),
    ];
    let widths = plan(&columns, 100).expect("a table fits");
    assert_eq!(widths[0], 15, "the date is not broken: {widths:?}");
    assert_eq!(widths[2], 9);
    assert_eq!(widths[5], 11);
    assert!(widths.iter().sum::<usize>() + frame(columns.len()) <= 100);
}

#[test]
fn a_table_that_fits_keeps_every_column_whole() {
    let columns = [text("code", &["rok"]), text("name", &["Republic of Korea"])];
    assert_eq!(plan(&columns, 80), Some(vec![4, 17]));
}

#[test]
fn short_columns_keep_their_width_and_long_text_wraps() {
    let quote = "word ".repeat(60);
    let columns = [
        text("date", &["2015-10-01"]),
        text("area", &["Disaster Relief"]),
        text("quote", &[quote.trim()]),
    ];
    let widths = plan(&columns, 80).unwrap();
    assert_eq!(widths[0], 10);
    assert_eq!(widths[1], 15);
    assert_eq!(widths.iter().sum::<usize>() + frame(3), 80);
}

#[test]
fn long_columns_share_the_room_none_wider_than_it_needs() {
    let columns = [
        text("name", &[&"n".repeat(30)]),
        text("quote", &[&"q ".repeat(200)]),
    ];
    let widths = plan(&columns, 60).unwrap();
    assert_eq!(widths.iter().sum::<usize>() + frame(2), 60);
    assert!(widths[0] >= MIN_WRAPPED && widths[1] >= MIN_WRAPPED);
    let columns = [
        text("name", &["short name here plus"]),
        text("q", &[&"q ".repeat(200)]),
    ];
    let widths = plan(&columns, 100).unwrap();
    assert_eq!(widths[0], 20, "a short column is not cut");
}

#[test]
fn short_text_gives_way_before_the_table_turns_into_records() {
    let columns: Vec<Measure> = (0..6)
        .map(|i| text(&format!("c{i}"), &["some words of text"]))
        .collect();
    // Six 18-wide columns and their frame need 127; 60 forces wrapping.
    let widths = plan(&columns, 60).unwrap();
    assert!(widths.iter().all(|w| *w >= 5), "{widths:?}");
    assert!(widths.iter().sum::<usize>() + frame(6) <= 60);
}

#[test]
fn records_only_when_nothing_narrower_fits() {
    let columns: Vec<Measure> = (0..12)
        .map(|i| text(&format!("c{i}"), &["x".repeat(40).as_str()]))
        .collect();
    assert_eq!(plan(&columns, 80), None);
    let mut numbers = Measure::new("n");
    numbers.add("123456789012345678901234567890");
    assert_eq!(
        plan(&[numbers.clone(), numbers], 40),
        None,
        "numbers never wrap"
    );
}

#[test]
fn a_long_header_over_numbers_wraps_at_its_underscores_before_records() {
    let mut columns = vec![text("partner", &["Association of Southeast Asian Nations"])];
    for name in [
        "disaster_relief",
        "transnational_crime",
        "non_proliferation",
    ] {
        let mut numbers = Measure::new(name);
        numbers.add("12");
        columns.push(numbers);
    }
    // The headers' whole widths and the frame need 13 + 51 + 10 at least.
    let widths = plan(&columns, 60).expect("a table, not records");
    assert!(widths.iter().sum::<usize>() + frame(4) <= 60);
    for (width, part) in widths[1..].iter().zip([9, 14, 11]) {
        assert!(*width >= part, "{widths:?}");
    }
    assert_eq!(
        wrapped("transnational_crime", 14),
        ["transnational_", "crime"]
    );
    // With room, every header keeps its whole width.
    let widths = plan(&columns, 100).unwrap();
    assert_eq!(widths[1..], [15, 19, 17]);
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
    assert_eq!(wrapped("北京上海", 4), ["北京", "上海"]);
    let mut s = String::new();
    pad(&mut s, "北京", 6, false);
    assert_eq!(s, "北京  ");
    s.clear();
    pad(&mut s, "42", 5, true);
    assert_eq!(s, "   42");
}

#[test]
fn widths_count_terminal_columns_with_or_without_the_ascii_shortcut() {
    assert_eq!(width("plain text"), 10);
    assert_eq!(width("中文"), 4);
    assert_eq!(width("e\u{301}te"), 3);
    let mut out = String::new();
    pad(&mut out, "中", 100, true);
    assert_eq!(width(&out), 100);
    assert!(out.ends_with(" 中"));
}

#[test]
fn headroom_shares_the_spare_room_up_to_half_a_width_more() {
    let columns = [
        text("fact_id", &["statement-1"]),
        text("n", &["12"]),
        text("area", &["cyber"]),
    ];
    // Room for 40 inside the frame of three columns (10 characters).
    let mut widths = vec![11, 4, 6];
    headroom(&columns, &mut widths, 50);
    assert_eq!(widths, vec![16, 6, 9], "each up to half again, at least 2");
    // Less room than that: shared in turns, never past the total.
    let mut widths = vec![11, 4, 6];
    headroom(&columns, &mut widths, 34);
    assert_eq!(widths.iter().sum::<usize>() + frame(3), 34);
    assert_eq!(widths, vec![12, 5, 7]);
    // No room left and no long text to take it from: left alone.
    for total in [31, 20, 5] {
        let mut widths = vec![11, 4, 6];
        headroom(&columns, &mut widths, total);
        assert_eq!(widths, vec![11, 4, 6], "at {total}");
    }
}

#[test]
fn headroom_for_short_columns_comes_from_long_text_that_wraps_anyway() {
    let quote = "word ".repeat(60);
    let columns = [
        text("fact_id", &["agreement-1"]),
        text("name", &[quote.trim()]),
        text("area_id", &["disaster-relief"]),
    ];
    let mut widths = plan(&columns, 80).unwrap();
    assert_eq!(widths.iter().sum::<usize>() + frame(3), 80, "{widths:?}");
    let before = widths.clone();
    assert_eq!(before, vec![11, 44, 15]);
    headroom(&columns, &mut widths, 80);
    // The text gives a quarter of its 44 (11): the id, which holds digits,
    // its full half again (5) first, the area the rest (6 of its 7).
    assert_eq!(widths[0], 11 + 5, "{widths:?}");
    assert_eq!(widths[2], 15 + 6, "{widths:?}");
    assert_eq!(widths[1], 44 - 11, "{widths:?}");
    assert_eq!(widths.iter().sum::<usize>() + frame(3), 80);
    // Never below the narrowest long text is wrapped to.
    let mut narrow = plan(&columns, 50).unwrap();
    headroom(&columns, &mut narrow, 50);
    assert!(narrow[1] >= MIN_WRAPPED, "{narrow:?}");
    assert!(narrow.iter().sum::<usize>() + frame(3) <= 50, "{narrow:?}");
}

#[test]
fn long_text_gives_short_columns_a_quarter_of_its_width_and_ids_come_first() {
    let name = "Meeting 2 on flood relief in the region";
    let columns = [
        text("fact_table", &["meetings"]),
        text("kind", &["working-group"]),
        text("fact_id", &["meeting-1"]),
        text("name", &[name]),
    ];
    // The name wraps at 20 with 4 + 13 + 10 + 20 + frame: no room to spare.
    let mut widths = vec![10, 13, 10, 20];
    let total = widths.iter().sum::<usize>() + frame(4);
    headroom(&columns, &mut widths, total);
    assert_eq!(widths[3], 15, "a quarter of 20 given: {widths:?}");
    // The id gets its share first; the rest goes in turns from the left.
    assert_eq!(widths[2], 12, "{widths:?}");
    assert_eq!(widths[0] + widths[1], 10 + 13 + 3, "{widths:?}");
    assert_eq!(widths.iter().sum::<usize>() + frame(4), total);
}
