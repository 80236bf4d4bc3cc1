//! The rules that hold a date's EDTF to the text's words: the shape the
//! words call for ("Since …", "From … to …"), and nothing stated that the
//! words do not say.

use super::edtf::{Edtf, PartialDate};

/// The months' English names, as the text writes dates ("In October 2015").
#[rustfmt::skip]
pub const MONTHS: [&str; 12] = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
];

/// The shape of date a fact's words call for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Single,
    /// "Since 2015": from a date on, with no end.
    Open,
    /// "From December 2008 to January 2016".
    Closed,
}

impl Shape {
    /// The shape `date_text` calls for: an open interval when it begins
    /// "Since", a closed one for "From … to …", otherwise a single date.
    pub fn of_words(text: &str) -> Shape {
        let begins = |word: &str| {
            text.get(..word.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(word))
        };
        if begins("since ") {
            Shape::Open
        } else if begins("from ") && text.contains(" to ") {
            Shape::Closed
        } else {
            Shape::Single
        }
    }

    /// What the words call for, in words: every EDTF form of this shape.
    fn describe(self) -> String {
        let forms = FORMS.iter().filter(|(shape, _)| *shape == self);
        let forms: Vec<&str> = forms.map(|(_, form)| *form).collect();
        forms.join(" or ")
    }

    fn why(self) -> &'static str {
        match self {
            Shape::Single => "it is neither \"Since …\" nor \"From … to …\"",
            Shape::Open => "it begins \"Since\"",
            Shape::Closed => "it reads \"From … to …\"",
        }
    }
}

/// The EDTF forms by their shape, in words. One of a set is held once
/// since a date: its words read "Since …".
const FORMS: [(Shape, &str); 4] = [
    (Shape::Single, "a single date"),
    (Shape::Open, "an open interval (…/..)"),
    (Shape::Open, "one of a set ([…..…])"),
    (Shape::Closed, "a closed interval (…/…)"),
];

impl Edtf {
    /// Its shape, and its form in words.
    pub fn form(&self) -> (Shape, &'static str) {
        FORMS[match self {
            Edtf::Single(_) => 0,
            Edtf::Interval(_, None) => 1,
            Edtf::OneOf(..) => 2,
            Edtf::Interval(_, Some(_)) => 3,
        }]
    }
}

/// Whether `date_edtf` agrees with `date_text`, the words it says again:
/// both or neither, of the shape the words call for, ending no earlier than
/// it starts, and stating nothing the words do not; if not, what is wrong.
pub fn agreement(text: Option<&str>, edtf: Option<&str>) -> Result<(), String> {
    let (words, edtf_text) = match (text, edtf) {
        (None, None) => return Ok(()),
        (None, Some(_)) => {
            return Err("`date_text` is empty: keep the words the text dates it with".into());
        }
        (Some(words), None) => {
            let shape = Shape::of_words(words).describe();
            let why =
                format!("`date_edtf` is empty; `date_text` {words:?} calls for {shape} in EDTF");
            return Err(why);
        }
        (Some(words), Some(edtf)) => (words, edtf),
    };
    let shape = Shape::of_words(words);
    let edtf = Edtf::parse(edtf_text).map_err(|why| {
        format!(
            "`date_edtf` {edtf_text:?} is not EDTF: {why} \
             (forms: YYYY, YYYY-MM or YYYY-MM-DD, each optionally followed by ?, ~ or %, \
             an interval A/B or A/.., or one of a set [A..B] or [A..])"
        )
    })?;
    let ((first, last), (found, form)) = (edtf.bounds(), edtf.form());
    if found != shape {
        let should = match (shape, last) {
            (Shape::Single, _) => format!("it should be \"{first}\""),
            (Shape::Open, _) => format!(
                "it should be \"{first}/..\" for what goes on, or \"[{first}..]\" \
                 for an event held once since"
            ),
            (Shape::Closed, Some(last)) => format!("it should be \"{first}/{last}\""),
            (Shape::Closed, None) => "it needs an end date".to_string(),
        };
        let (calls_for, why) = (shape.describe(), shape.why());
        return Err(format!(
            "`date_edtf` {edtf_text:?} is {form}, but `date_text` {words:?} calls for {calls_for}: \
             {why}; {should} (a date may end in ?, ~ or %)"
        ));
    }
    if let Some(last) = last
        && last.cmp_common(&first).is_lt()
    {
        return Err(format!(
            "`date_edtf` {edtf_text:?} ends ({last}) before it starts ({first})"
        ));
    }
    // A set's end is the paper's date, which bounds it, not the words'.
    let said_end = last.filter(|_| !matches!(edtf, Edtf::OneOf(..)));
    for date in std::iter::once(first).chain(said_end) {
        if let Some(missing) = unsaid(date, words) {
            return Err(format!(
                "`date_edtf` {edtf_text:?} says {missing}, which `date_text` {words:?} does not: \
                 a date holds what its words say"
            ));
        }
    }
    Ok(())
}

/// `date_text` is words of the fact's quote, verbatim.
pub fn in_quote(date_text: Option<&str>, quote: &str) -> Result<(), String> {
    match date_text {
        Some(words) if !quote.contains(words) => Err(format!(
            "`date_text` {words:?} is not in the quote: keep the words the text dates it with, \
             verbatim"
        )),
        _ => Ok(()),
    }
}

/// What a date (`2015-10`) states that `words` ("In October 2015") do not:
/// its year, its month's name or its day, as the words write them. Nothing
/// when the words say it all.
pub(super) fn unsaid(date: PartialDate, words: &str) -> Option<String> {
    let numbers: Vec<&str> = words
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let year = date.year.to_string();
    if !numbers.contains(&year.as_str()) {
        return Some(year);
    }
    if let Some(month) = date.month {
        let name = MONTHS[usize::from(month) - 1];
        if !words.to_lowercase().contains(&name.to_lowercase()) {
            return Some(name.to_string());
        }
    }
    if let Some(day) = date.day {
        let said = numbers
            .iter()
            .any(|n| n.len() <= 2 && n.parse::<u8>().is_ok_and(|n| n == day));
        if !said {
            return Some(format!("day {day}"));
        }
    }
    None
}
