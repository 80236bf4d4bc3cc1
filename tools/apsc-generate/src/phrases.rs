//! The wording of the synthetic text: how a kind of fact and a role read in a
//! sentence, dates as the text writes them, and the numbers sentences state
//! with how figures.csv records them.

use crate::format::MONTHS;
use crate::rng::Rng;

/// How the text names a kind of fact.
pub fn label(kind: &str) -> &str {
    match kind {
        "ministerial-meeting" => "ministerial meeting",
        "working-group" => "working group",
        "expert-group" => "expert group",
        "training-course" => "training course",
        "tabletop-exercise" => "tabletop exercise",
        "multitask-exercise" => "multitask exercise",
        "memorandum" => "memorandum of understanding",
        "mechanism" => "cooperation mechanism",
        "code-of-conduct" => "code of conduct",
        "relief" => "relief operation",
        "rescue" => "rescue operation",
        "search" => "search operation",
        "escort" => "escort mission",
        "joint-operation" => "joint operation",
        "joint-action" => "joint action",
        "law-enforcement" => "law-enforcement operation",
        "exchanges" => "exchange programme",
        "capacity-building" => "capacity-building programme",
        "funding" => "funding programme",
        "position" | "commitment" | "call" | "assessment" | "summary" | "context" => "initiative",
        other => other,
    }
}

/// The verb of a sentence led by a fact with this role (or statement kind).
pub fn verb(role_or_kind: &str) -> &str {
    match role_or_kind {
        "host" => "hosted",
        "co-host" => "co-hosted",
        "participant" => "took part in",
        "party" => "joined",
        "signatory" => "signed",
        "implementer" => "implemented",
        "promoter" => "promoted",
        "supporter" => "supported",
        "provider" => "provided support to",
        "operator" => "carried out",
        "facilitator" => "facilitated",
        "position" => "set out its position in",
        "commitment" => "committed itself to",
        "call" => "called for",
        "assessment" => "reported the results of",
        "summary" => "advanced",
        _ => "responded to",
    }
}

const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// A date as a sentence opens with it, and its EDTF form.
pub struct DatePhrase {
    pub text: String,
    pub edtf: String,
}

pub fn date_phrase(rng: &mut Rng) -> DatePhrase {
    let year = rng.range(2008, 2016);
    let month = rng.range(1, 12);
    let name = MONTHS[month as usize - 1];
    let (text, edtf) = match rng.below(6) {
        0 => (format!("In {year}"), format!("{year}")),
        1 => (format!("In {name} {year}"), format!("{year}-{month:02}")),
        2 => {
            let day = rng.range(1, 28);
            (
                format!("On {day} {name} {year}"),
                format!("{year}-{month:02}-{day:02}"),
            )
        }
        3 => (format!("Since {year}"), format!("{year}/..")),
        4 => {
            let end_year = year + rng.below(3);
            let end_month = if end_year == year {
                rng.range(month, 12)
            } else {
                rng.range(1, 12)
            };
            let end_name = MONTHS[end_month as usize - 1];
            (
                format!("From {name} {year} to {end_name} {end_year}"),
                format!("{year}-{month:02}/{end_year}-{end_month:02}"),
            )
        }
        // A range of years, worded as the text words its ranges.
        _ => {
            let end_year = year + rng.range(1, 3);
            (
                format!("From {year} to {end_year}"),
                format!("{year}/{end_year}"),
            )
        }
    };
    DatePhrase { text, edtf }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number the sentence states, with how figures.csv records it.
pub struct Figure {
    /// Appended to the sentence before its full stop.
    pub phrase: String,
    pub metric: &'static str,
    pub value: String,
    pub value_text: String,
    pub unit: &'static str,
    pub qualifier: &'static str,
}

pub fn figure(rng: &mut Rng) -> Figure {
    // A count, possibly qualified: (value, value_text, qualifier).
    let count = |rng: &mut Rng, lo: u64, hi: u64| -> (String, String, &'static str) {
        let n = rng.range(lo, hi);
        match rng.below(4) {
            0 => {
                let n = n.div_ceil(100) * 100;
                (n.to_string(), format!("over {}", thousands(n)), "over")
            }
            1 => {
                let n = n.div_ceil(100) * 100;
                (
                    n.to_string(),
                    format!("more than {}", thousands(n)),
                    "more than",
                )
            }
            _ => (n.to_string(), thousands(n), ""),
        }
    };
    let kind = rng.below(6);
    let (value, value_text, qualifier) = match kind {
        0 => count(rng, 20, 12_000),
        1 => count(rng, 5, 7_000),
        2 => count(rng, 10, 25_000),
        3 => {
            let n = rng.range(2, 12);
            (n.to_string(), NUMBER_WORDS[n as usize].to_string(), "")
        }
        4 => {
            let (whole, tenth) = (rng.range(1, 90), rng.below(10));
            let text = if tenth == 0 {
                format!("${whole} million")
            } else {
                format!("${whole}.{tenth} million")
            };
            ((whole * 1_000_000 + tenth * 100_000).to_string(), text, "")
        }
        _ => {
            let (whole, tenth) = (rng.range(1, 500), rng.range(1, 9));
            let text = format!("{whole}.{tenth}");
            (text.clone(), text, "")
        }
    };
    let v = &value_text;
    let (phrase, metric, unit) = match kind {
        0 => (
            format!(", involving {v} personnel"),
            "personnel involved",
            "personnel",
        ),
        1 => (
            format!(", escorting {v} vessels"),
            "vessels escorted",
            "vessels",
        ),
        2 => (format!(", solving {v} cases"), "cases solved", "cases"),
        3 => (
            format!(", joined by {v} countries"),
            "countries taking part",
            "countries",
        ),
        4 => (format!(", with funding of {v}"), "funding provided", "USD"),
        _ => (
            format!(", delivering {v} tonnes of supplies"),
            "relief supplies delivered",
            "tonnes",
        ),
    };
    Figure {
        phrase,
        metric,
        value,
        value_text,
        unit,
        qualifier,
    }
}

/// 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st.
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The word with its first letter in capitals.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}
