//! The two drawings of the reading view, drawn here as SVG when the page is
//! written (no chart library runs in the browser): a timeline of the dated
//! facts, and the engagements of each area by type.

use maud::{Markup, html};

use crate::dates::PartialDate;
use crate::facts::{Fact, FactDate};

/// The drawing's width in SVG units; it scales to its column.
const WIDTH: f64 = 360.0;
/// Where labels start; the timeline's axis starts at [`LEFT`], leaving room
/// for the first year's number.
const EDGE: f64 = 4.0;
const LEFT: f64 = 14.0;
const RIGHT: f64 = 16.0;
/// The longest label drawn in full (the full name is in the row's title).
const LABEL: usize = 52;

/// A date as a fraction of years: where its period starts and ends.
fn span(iso: &str) -> Option<(f64, f64)> {
    let d = PartialDate::parse(iso).ok()?;
    let start = f64::from(d.year)
        + f64::from(d.month.unwrap_or(1) - 1) / 12.0
        + f64::from(d.day.unwrap_or(1) - 1) / 365.0;
    let length = match (d.month, d.day) {
        (None, _) => 1.0,
        (Some(_), None) => 1.0 / 12.0,
        (Some(_), Some(_)) => 1.0 / 365.0,
    };
    Some((start, start + length))
}

fn short(name: &str, width: usize) -> String {
    if name.chars().count() <= width {
        return name.to_string();
    }
    let cut: String = name.chars().take(width - 1).collect();
    format!("{}…", cut.trim_end())
}

fn num(x: f64) -> String {
    format!("{x:.1}")
}

/// One dated fact on the timeline: the fact; its own date, or else the one
/// inferred from its paragraph's frame; where that starts and ends; and, for
/// one date of a set (`[2015..2017-01]`), the end of the window it falls in,
/// drawn faint, the event itself a mark at the window's start.
type Row<'a> = (&'a Fact, &'a FactDate, f64, f64, Option<f64>);

/// The timeline: a row per dated fact, in date order, from the earliest
/// date to the paper's own (`published`). A range is a bar; an open range
/// ("since") runs on to the paper's date as a dashed line with an arrow; an
/// event held once within a window is a mark with the window faint beside it;
/// an uncertain date is hatched and its label ends in "?".
pub fn timeline(facts: &[Fact], published: &str) -> Markup {
    let mut rows: Vec<Row> = facts
        .iter()
        .filter_map(|fact| {
            let date = Some(&fact.date)
                .filter(|d| d.is_dated())
                .or(fact.context.as_ref())?;
            let (start, first_end) = span(date.start.as_deref()?)?;
            let last = date.end.as_deref().and_then(span).map(|(_, end)| end);
            let (end, window) = match last {
                Some(last) if date.is_one_of() => (first_end, Some(last)),
                Some(last) => (last, None),
                None => (first_end, None),
            };
            Some((fact, date, start, end, window))
        })
        .collect();
    rows.sort_by(|(.., s0, e0, _), (.., s1, e1, _)| s0.total_cmp(s1).then(e0.total_cmp(e1)));
    let paper = span(published).map_or(2017.0, |(s, _)| s);
    let starts = rows.iter().map(|&(.., start, _, _)| start);
    let ends = rows.iter().map(|&(.., end, window)| window.unwrap_or(end));
    let (from, to) = (
        starts.fold(paper, f64::min).floor(),
        ends.fold(paper, f64::max),
    );
    let x = |t: f64| LEFT + (t - from) / (to - from).max(1.0) * (WIDTH - LEFT - RIGHT);
    let height = 34.0 + 30.0 * rows.len() as f64;
    let years: Vec<i32> = (from as i32..=to.floor() as i32).collect();
    html! {
        svg class="timeline" viewBox={ "0 0 " (WIDTH) " " (num(height)) } role="group"
            aria-labelledby="timeline-title" {
            @for year in &years {
                @let at = num(x(f64::from(*year)));
                line class="tick" x1=(at) x2=(at) y1="0" y2=(num(height - 18.0)) {}
                @if year % 2 == 0 || years.len() <= 6 {
                    text class="year" x=(at) y=(num(height - 4.0)) text-anchor="middle" { (year) }
                }
            }
            @for (i, row) in rows.iter().enumerate() {
                (timeline_row(row, 4.0 + 30.0 * i as f64, &x, paper))
            }
        }
    }
}

/// A row at height `y`, placed by `x` (a date in years to the drawing's
/// x), with a line running on to the paper's date when the range is open.
fn timeline_row(row: &Row, y: f64, x: &dyn Fn(f64) -> f64, paper: f64) -> Markup {
    let &(fact, date, start, end, window_end) = row;
    let [x0, x1, window, paper] = [start, end, window_end.unwrap_or(end), paper].map(x);
    let key = fact.key();
    let open = date.is_open();
    // A fact the text does not date is drawn by the date inferred from its
    // paragraph's frame: faint, and saying so.
    let inferred = !fact.date.is_dated();
    // An uncertain date is hatched and marked "?", an approximate one "~".
    let qualifier = date.qualifier();
    let mark = match qualifier {
        "%" => " ?~",
        "" => "",
        q => &format!(" {q}"),
    };
    // The label keeps to its width, " (inferred)" included.
    let suffix = if inferred { " (inferred)" } else { "" };
    let label = format!("{}{mark}{suffix}", short(&fact.name, LABEL - suffix.len()));
    let bar_y = y + 14.0;
    html! {
        a.tl-row.{ "t-" (fact.table) }.open[open].uncertain[!qualifier.is_empty()].inferred[inferred]
            href={ "#" (key) } data-fact=(key) {
            title { (fact.name) " — " (date.label()) " (" (date.iso()) ")" }
            text class="label" x=(num(EDGE)) y=(num(y + 10.0)) { (label) }
            rect class="bar" x=(num(x0)) y=(num(bar_y)) width=(num((x1 - x0).max(3.0)))
                height="8" rx="1.5" {}
            @if window_end.is_some() {
                rect class="window" x=(num(x1)) y=(num(bar_y + 2.0)) width=(num(window - x1))
                    height="4" rx="1" {}
            }
            @if open {
                line class="open-line" x1=(num(x1)) x2=(num(paper)) y1=(num(bar_y + 4.0))
                    y2=(num(bar_y + 4.0)) {}
                path class="arrow" d={ "M" (num(paper)) " " (num(bar_y)) " l6 4 l-6 4 z" } {}
            }
        }
    }
}

/// The fact types the chart counts: every engagement; statements are China's
/// positions, not engagements, and are left out.
pub const ENGAGEMENTS: [&str; 4] = ["meetings", "exercises", "agreements", "operations"];

/// The chart: per area, a bar of its engagements stacked by type.
pub fn chart(facts: &[Fact], areas: &[(String, String, String)]) -> Markup {
    let count = |a: &str, t: &str| {
        facts
            .iter()
            .filter(|f| f.area_id == a && f.table == t)
            .count()
    };
    let counts: Vec<[usize; 4]> = (areas.iter())
        .map(|(id, _, _)| ENGAGEMENTS.map(|t| count(id, t)))
        .collect();
    let most = counts.iter().fold(1, |most, c| most.max(c.iter().sum()));
    let scale = (WIDTH - EDGE - 30.0) / most as f64;
    let height = 40.0 * areas.len() as f64 + 4.0;
    html! {
        svg class="chart" viewBox={ "0 0 " (WIDTH) " " (num(height)) } role="group"
            aria-labelledby="chart-title" {
            @for (i, ((id, section, name), counts)) in areas.iter().zip(&counts).enumerate() {
                @let y = 4.0 + 40.0 * i as f64;
                text class="label" x=(num(EDGE)) y=(num(y + 11.0)) { (section) " " (name) }
                (stack(id, name, counts, y + 16.0, scale))
            }
        }
    }
}

/// One area's bar: a segment per type, its count inside when it fits, the
/// total after it.
fn stack(area: &str, name: &str, counts: &[usize], y: f64, scale: f64) -> Markup {
    let mut x = EDGE;
    let mut segments = Vec::new();
    for (table, n) in ENGAGEMENTS.iter().zip(counts).filter(|(_, n)| **n > 0) {
        let w = *n as f64 * scale;
        segments.push((table, *n, x, w));
        x += w;
    }
    let total: usize = counts.iter().sum();
    html! {
        @for (table, n, x, w) in segments {
            @let noun = if n == 1 { crate::facts::type_name(table) } else { table };
            g class={ "seg t-" (table) } data-type=(table) data-area=(area) {
                title { (name) ": " (n) " " (noun) }
                rect x=(num(x)) y=(num(y)) width=(num(w)) height="16" {}
                @if w >= 14.0 {
                    text class="count" x=(num(x + w / 2.0)) y=(num(y + 12.0))
                        text-anchor="middle" { (n) }
                }
            }
        }
        text class="total" x=(num(x + 4.0)) y=(num(y + 12.0)) { (total) }
    }
}

#[cfg(test)]
mod tests {
    use super::{chart, span, timeline};
    use crate::facts::{Fact, FactDate};

    fn fact(id: &str, start: &str, end: Option<&str>, text: &str, edtf: Option<&str>) -> Fact {
        Fact {
            table: "operations".into(),
            id: id.into(),
            name: format!("<{id}>"),
            kind: "relief".into(),
            area_id: "a".into(),
            area: "A".into(),
            section: "VI.1".into(),
            china_role: None,
            theme: None,
            note: None,
            form: "bilateral".into(),
            form_note: None,
            context: None,
            date: FactDate {
                text: Some(text.into()),
                start: Some(start.into()),
                end: end.map(Into::into),
                edtf: edtf.map(Into::into),
            },
            quote: "".into(),
            passage_id: 1,
            paragraph: 1,
            quote_start: 0,
            quote_end: 1,
            partners: Vec::new(),
            figures: Vec::new(),
        }
    }

    #[test]
    fn open_ranges_run_on_and_uncertain_dates_are_marked() {
        let facts = [
            fact("since", "2015", None, "Since 2015", Some("2015/..")),
            fact(
                "doubt",
                "2015-01",
                None,
                "In January 2015",
                Some("2015-01?"),
            ),
            fact(
                "range",
                "2008-12",
                Some("2016-01"),
                "From December 2008",
                Some("2008-12/2016-01"),
            ),
            fact(
                "once",
                "2015",
                Some("2017-01"),
                "Since 2015",
                Some("[2015..2017-01]"),
            ),
        ];
        let svg = timeline(&facts, "2017-01-11").into_string();
        let row = |id: &str| {
            let at = svg.find(&format!("data-fact=\"operations/{id}\"")).unwrap();
            let start = svg[..at].rfind("<a ").unwrap();
            &svg[start..start + svg[start..].find("</a>").unwrap()]
        };
        assert!(row("since").contains("open") && row("since").contains("open-line"));
        assert!(!row("range").contains("open-line") && !row("range").contains("window"));
        // Held once since 2015: a mark for 2015, its window faint, no bar
        // and no line running on to the paper's date.
        let once = row("once");
        assert!(
            once.contains("class=\"window\"") && !once.contains("open"),
            "{once}"
        );
        let attr = |tag: &str, name: &str| -> f64 {
            let at = once.find(&format!("class=\"{tag}\"")).unwrap();
            let key = format!(" {name}=\"");
            let v = &once[at..][once[at..].find(&key).unwrap() + key.len()..];
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        // The mark is the year 2015; the window runs on from it to 2017-01.
        assert!((attr("bar", "x") + attr("bar", "width") - attr("window", "x")).abs() < 0.2);
        assert!(attr("window", "width") > attr("bar", "width"), "{once}");
        assert!(row("doubt").contains("uncertain") && row("doubt").contains("&lt;doubt&gt; ?"));
        assert!(!row("range").contains("uncertain"));
        // The axis runs from the earliest year to the paper's date.
        assert!(svg.contains(">2008<") && !svg.contains(">2018<"), "{svg}");
    }

    #[test]
    fn an_approximate_date_is_labelled_approximate_not_uncertain() {
        let facts = [fact(
            "about",
            "2015-04",
            None,
            "in April 2015",
            Some("2015-04~"),
        )];
        let svg = timeline(&facts, "2017-01-11").into_string();
        assert!(svg.contains("&lt;about&gt; ~<"), "{svg}");
        assert!(!svg.contains("&lt;about&gt; ?"), "{svg}");
        assert!(svg.contains("in April 2015 (approximate)"), "{svg}");
    }

    #[test]
    fn the_chart_counts_each_area_by_type_and_leaves_statements_out() {
        let mut facts = Vec::new();
        for (area, table, n) in [
            ("a", "meetings", 2),
            ("b", "meetings", 1),
            ("a", "operations", 3),
            ("b", "statements", 4),
        ] {
            for i in 0..n {
                let mut f = fact(&format!("{area}{table}{i}"), "2015", None, "2015", None);
                f.area_id = area.into();
                f.table = table.into();
                facts.push(f);
            }
        }
        let areas = [
            ("a".to_string(), "VI.1".to_string(), "Alpha".to_string()),
            ("b".to_string(), "VI.2".to_string(), "Beta".to_string()),
        ];
        let svg = chart(&facts, &areas).into_string();
        let titles: Vec<&str> = svg
            .split("<title>")
            .skip(1)
            .map(|t| &t[..t.find("</title>").unwrap()])
            .collect();
        assert_eq!(
            titles,
            [
                "Alpha: 2 meetings",
                "Alpha: 3 operations",
                "Beta: 1 meeting"
            ]
        );
        let totals: Vec<&str> = svg
            .split("class=\"total\"")
            .skip(1)
            .map(|t| &t[t.find('>').unwrap() + 1..t.find('<').unwrap()])
            .collect();
        assert_eq!(totals, ["5", "1"]);
    }

    #[test]
    fn a_date_spans_its_whole_period() {
        assert_eq!(span("2015"), Some((2015.0, 2016.0)));
        let (start, end) = span("2015-10").unwrap();
        assert!((start - 2015.75).abs() < 1e-9 && (end - 2015.833).abs() < 1e-3);
        assert_eq!(span("someday"), None);
    }
}
