//! The date rules' tests: calendar dates, the EDTF forms, the rules that
//! hold a fact's EDTF to its words, and how a fact's date is shown.

use std::cmp::Ordering;

use super::words::unsaid;
use super::*;

#[test]
fn accepts_the_three_precisions() {
    for s in ["2015", "2015-10", "2016-05-01", "2016-02-29", "0001"] {
        assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
    }
}

#[test]
fn rejects_what_is_not_an_iso_date() {
    for s in [
        "",
        "15",
        "20150",
        "2015-13",
        "2015-00",
        "2015-1",
        "2015-10-1",
        "2015-02-30",
        "2015-02-29",
        "2015-10-01-01",
        "2015/10",
        " 2015",
        "2015 ",
        "2015-",
        "+2015",
        "２０１５",
        "2015-1a",
        "October 2015",
    ] {
        assert!(PartialDate::parse(s).is_err(), "{s:?} was accepted");
    }
}

#[test]
fn compares_at_the_common_precision() {
    let d = |s| PartialDate::parse(s).unwrap();
    assert_eq!(d("2015").cmp_common(&d("2015-10")), Ordering::Equal);
    assert_eq!(d("2008-12").cmp_common(&d("2016-01")), Ordering::Less);
    assert_eq!(d("2015-10").cmp_common(&d("2015-09-30")), Ordering::Greater);
}

#[test]
fn a_date_must_be_in_the_words() {
    let unsaid = |date, words| unsaid(PartialDate::parse(date).unwrap(), words);
    assert_eq!(unsaid("2015-10", "In October 2015"), None);
    assert_eq!(unsaid("2015", "Since 2015"), None);
    assert_eq!(unsaid("2015-10", "in october 2015"), None);
    assert_eq!(unsaid("1999-01", "In October 2015"), Some("1999".into()));
    assert_eq!(
        unsaid("2015-11", "In October 2015"),
        Some("November".into())
    );
    assert_eq!(unsaid("2015", "In 20150"), Some("2015".into()));
    assert_eq!(unsaid("2016-05-01", "On 1 May 2016"), None);
    assert_eq!(unsaid("2016-05-01", "On May 1, 2016"), None);
    assert_eq!(unsaid("2016-05-02", "On 1 May 2016"), Some("day 2".into()));
    assert!(agreement(Some("In October 2015"), Some("2015-10")).is_ok());
    let err = agreement(Some("In October 2015"), Some("1999-01")).unwrap_err();
    assert!(err.contains("`date_edtf` \"1999-01\" says 1999"), "{err}");
    let from = Some("From December 2008 to January 2016");
    let err = agreement(from, Some("2008-12/2016-02")).unwrap_err();
    assert!(err.contains("says February"), "{err}");
    assert!(in_quote(Some("In October 2015"), "In October 2015, China hosted").is_ok());
    assert!(in_quote(Some("In Octobre 2015"), "In October 2015, China hosted").is_err());
    assert!(in_quote(None, "anything").is_ok());
}

#[test]
fn parses_every_form_to_its_shape_and_bounds() {
    use Shape::*;
    for (s, shape, first, last) in [
        ("2015", Single, "2015", None),
        ("2015-10", Single, "2015-10", None),
        ("2016-05-01", Single, "2016-05-01", None),
        ("2015?", Single, "2015", None),
        ("2015-01~", Single, "2015-01", None),
        ("2016-05-01%", Single, "2016-05-01", None),
        ("2015/..", Open, "2015", None),
        ("2015?/..", Open, "2015", None),
        ("2008-12/2016-01", Closed, "2008-12", Some("2016-01")),
        ("2008-12~/2016-01?", Closed, "2008-12", Some("2016-01")),
        ("2015/2016-02-29%", Closed, "2015", Some("2016-02-29")),
        // One of a set: held once, when within the bounds the text does not say.
        ("[2015..2017-01]", Open, "2015", Some("2017-01")),
        ("[2015..]", Open, "2015", None),
    ] {
        let edtf = Edtf::parse(s).unwrap();
        let (start, end) = edtf.bounds();
        assert_eq!(edtf.form().0, shape, "{s}");
        assert_eq!(
            (start.to_string(), end.map(|e| e.to_string())),
            (first.into(), last.map(String::from)),
            "{s}"
        );
    }
    let set = Edtf::parse("[2015..2017-01]").unwrap();
    assert!(matches!(set, Edtf::OneOf(..)));
}

#[test]
fn rejects_what_is_not_one_of_the_forms() {
    // Separated by "|": some have spaces at their ends.
    const MALFORMED: &str = "|..|/..|../2015|2015/|/2015|2015??|2015?~|?2015|~2015|2015 ?\
        |2015-13|2015-02-30|2015-1|15|2015/../..|2015/2016/2017|2015/...|2015/.|2015-10/..?\
        |2015\0|2015\0/..|2015X|2015-10-01T00:00|2015/2016-13|Since 2015| 2015|2015 \
        |2015—2016|2015–2016|201X|2015-21|-2015|Y2015|2015/open|2015-10-01/2015-1\
        |[2015|2015]|[..2015]|[2015]|[2015/2016]|[2015?..2016]|[2015..2016~]|[]|[..]";
    for s in MALFORMED.split('|') {
        assert!(Edtf::parse(s).is_err(), "{s:?} was accepted");
    }
}

#[test]
fn reads_the_shape_from_the_words() {
    assert_eq!(Shape::of_words("Since 2015"), Shape::Open);
    assert_eq!(Shape::of_words("since 2015"), Shape::Open);
    assert_eq!(
        Shape::of_words("From December 2008 to January 2016"),
        Shape::Closed
    );
    assert_eq!(Shape::of_words("In October 2015"), Shape::Single);
    assert_eq!(Shape::of_words("The year 2015"), Shape::Single);
    assert_eq!(Shape::of_words("From 2015"), Shape::Single);
    assert_eq!(Shape::of_words("Sincerely 2015"), Shape::Single);
    assert_eq!(Shape::of_words(""), Shape::Single);
}

impl FactDate {
    fn new(start: Option<&str>, end: Option<&str>, text: Option<&str>, edtf: Option<&str>) -> Self {
        let owned = |s: Option<&str>| s.map(String::from);
        FactDate {
            text: owned(text),
            edtf: owned(edtf),
            start: owned(start),
            end: owned(end),
        }
    }
}

#[test]
fn accepts_dates_that_agree_with_their_words() {
    let since = Some("Since 2015");
    let from = Some("From December 2008 to January 2016");
    for (text, edtf) in [
        (None, None),
        (since, Some("2015/..")),
        (since, Some("2015~/..")),
        // A set's end is the paper's date, which the words need not say.
        (since, Some("[2015..2017-01]")),
        (since, Some("[2015..]")),
        (from, Some("2008-12/2016-01")),
        (Some("In October 2015"), Some("2015-10")),
        (Some("In January 2015"), Some("2015-01?")),
    ] {
        assert_eq!(agreement(text, edtf), Ok(()), "{text:?} {edtf:?}");
    }
}

#[test]
fn says_what_is_wrong_and_what_it_should_be() {
    let since = Some("Since 2015");
    let from = Some("From December 2008 to January 2016");
    let cases = [
        (
            since,
            Some("2015"),
            "`date_edtf` \"2015\" is a single date, but `date_text` \"Since 2015\" calls for an open interval (…/..) or one of a set ([…..…]): it begins \"Since\"; it should be \"2015/..\" for what goes on, or \"[2015..]\" for an event held once since",
        ),
        (
            since,
            None,
            "`date_edtf` is empty; `date_text` \"Since 2015\" calls for an open interval",
        ),
        (
            Some("In 2015"),
            Some("2015/.."),
            "is an open interval (…/..), but `date_text` \"In 2015\" calls for a single date",
        ),
        (None, Some("2015"), "`date_text` is empty"),
        (
            Some("In 2015"),
            Some("2015??"),
            "`date_edtf` \"2015??\" is not EDTF",
        ),
        (from, Some("2015"), "it needs an end date"),
        (
            from,
            Some("2016-01/2008-12"),
            "`date_edtf` \"2016-01/2008-12\" ends (2008-12) before it starts (2016-01)",
        ),
        (
            since,
            Some("[2016..2017-01]"),
            "says 2016, which `date_text` \"Since 2015\" does not",
        ),
        (
            since,
            Some("[2015..2014]"),
            "ends (2014) before it starts (2015)",
        ),
    ];
    for (text, edtf, wanted) in cases {
        let got = agreement(text, edtf).unwrap_err();
        assert!(got.contains(wanted), "{text:?} {edtf:?}: {got}");
    }
}

/// A fact's date as the database holds it: its EDTF with the bounds the
/// schema derives from it.
fn stored(text: &str, edtf: &str, start: &str, end: Option<&str>) -> FactDate {
    FactDate::new(Some(start), end, Some(text), Some(edtf))
}

#[test]
fn since_opens_a_range_and_a_range_is_closed() {
    assert!(stored("Since 2015", "2015/..", "2015", None).is_open());
    assert_eq!(
        stored("Since 2015", "2015/..", "2015", None).iso(),
        "2015/.."
    );
    assert!(!stored("In October 2015", "2015-10", "2015-10", None).is_open());
    let escorts = stored(
        "From December 2008 to January 2016",
        "2008-12/2016-01",
        "2008-12",
        Some("2016-01"),
    );
    assert!(!escorts.is_open());
    assert_eq!(escorts.iso(), "2008-12/2016-01");
    assert_eq!(FactDate::default().iso(), "");
}

#[test]
fn an_edtf_form_decides_openness_and_uncertainty() {
    let mut d = stored("In January and July 2015", "2015-01?", "2015-01", None);
    assert!(d.qualifier() == "?" && !d.is_open());
    assert_eq!(d.label(), "In January and July 2015 (uncertain)");
    d.edtf = Some("2015/..".into());
    assert!(d.is_open() && d.qualifier().is_empty());
}
