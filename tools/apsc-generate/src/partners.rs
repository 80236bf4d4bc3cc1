//! The synthetic partners: the subject (China) first, then invented
//! countries, organisations and forums, with ISO-like codes and aliases; ids,
//! names and aliases all distinct without regard to case, as the loader
//! requires.

use std::collections::HashSet;

use crate::rng::Rng;

/// The subject, the first partner, whom the text names throughout.
pub const SUBJECT: &str = "China";
/// "China" with a Cyrillic small letter byelorussian-ukrainian i (U+0456):
/// how the supplied text spells it, which corrections.csv restores.
pub const TOKEN: &str = "Ch\u{456}na";

pub struct Partner {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub iso3: Option<String>,
    /// Aliases other than the name, with their notes.
    pub aliases: Vec<(String, &'static str)>,
}

/// Partners besides the subject: 20 + N/1000, with at most this many.
pub const MAX_OTHERS: u64 = 26_000;
/// Every three-letter code but CHN.
const MAX_COUNTRIES: u64 = 26 * 26 * 26 - 1;

const COUNTRY_ENDINGS: &[&str] = &["nia", "ria", "land", "stan", "via", "ssa", "dor"];
const FORMAL: &[&str] = &["Republic of", "Kingdom of", "Federation of", "State of"];
const ORGANIZATIONS: &[&str] = &[
    "Cooperation Organization",
    "Regional Organization",
    "Security Council",
    "Development Bank",
    "Union",
];
const FORUMS: &[&str] = &[
    "Forum",
    "Regional Forum",
    "Security Dialogue",
    "Maritime Forum",
    "Coast Guard Forum",
    "Process",
];

/// A pronounceable, capitalised stem of two or three syllables.
fn stem(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "tr",
        "sh",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea"];
    let syllables = rng.range(2, 3);
    let mut out = String::new();
    for _ in 0..syllables {
        out.push_str(rng.pick(ONSETS));
        out.push_str(rng.pick(VOWELS));
    }
    let mut chars = out.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    first.into_iter().chain(chars).collect()
}

fn slug(name: &str) -> String {
    name.to_ascii_lowercase().replace(' ', "-")
}

/// The names, ids and codes handed out so far.
#[derive(Default)]
struct Taken {
    /// Lower-cased ids, names and aliases.
    names: HashSet<String>,
    codes: HashSet<String>,
    /// Position in a walk through all 26^3 codes.
    walk: u64,
}

impl Taken {
    /// The next free three-letter code: 7919 is prime to 26^3 = 2^3 * 13^3,
    /// so the walk visits every code.
    fn next_code(&mut self) -> String {
        loop {
            let k = (self.walk * 7919 + 4242) % (26 * 26 * 26);
            self.walk += 1;
            let code: String = [k / 676, k / 26 % 26, k % 26]
                .iter()
                .map(|&d| (b'A' + d as u8) as char)
                .collect();
            if !self.codes.contains(&code) {
                return code;
            }
        }
    }

    /// A new name of this kind, with its id.
    fn name(&mut self, rng: &mut Rng, kind: &str) -> (String, String) {
        loop {
            let stem = stem(rng);
            let name = match kind {
                "country" => format!("{stem}{}", rng.pick(COUNTRY_ENDINGS)),
                "organization" => format!("{stem} {}", rng.pick(ORGANIZATIONS)),
                _ => format!("{stem} {}", rng.pick(FORUMS)),
            };
            let id = slug(&name);
            if !self.names.contains(&name.to_lowercase()) && !self.names.contains(&id) {
                self.names.insert(name.to_lowercase());
                self.names.insert(id.clone());
                return (name, id);
            }
        }
    }

    /// A country's code (its name's first letters when free) and, half the
    /// time, a formal name as an alias.
    fn country(&mut self, rng: &mut Rng, partner: &mut Partner) {
        let prefix = partner.name[..3].to_ascii_uppercase();
        let code = if self.codes.contains(&prefix) {
            self.next_code()
        } else {
            prefix
        };
        self.codes.insert(code.clone());
        partner.iso3 = Some(code);
        if rng.chance(50) {
            let formal = format!("{} {}", rng.pick(FORMAL), partner.name);
            if self.names.insert(formal.to_lowercase()) {
                partner.aliases.push((formal, "formal name"));
            }
        }
    }

    /// An organisation's or forum's abbreviation: its initials, or its stem
    /// in capitals with the other initials.
    fn body(&mut self, partner: &mut Partner) {
        let name = &partner.name;
        let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
        let first_word = name.split(' ').next().unwrap_or_default();
        let stem_first = format!("{}{}", first_word.to_ascii_uppercase(), &initials[1..]);
        if let Some(abbreviation) = [initials, stem_first]
            .into_iter()
            .find(|a| !self.names.contains(&a.to_lowercase()))
        {
            self.names.insert(abbreviation.to_lowercase());
            partner.aliases.push((abbreviation, "abbreviation"));
        }
    }
}

fn subject() -> Partner {
    Partner {
        id: SUBJECT.to_ascii_lowercase(),
        name: SUBJECT.to_string(),
        kind: "country",
        iso3: Some("CHN".to_string()),
        aliases: vec![
            (
                TOKEN.to_string(),
                "the spelling of \"China\" in the supplied copy of the text, with a Cyrillic i",
            ),
            (
                "the Chinese government".to_string(),
                "as the text writes it",
            ),
        ],
    }
}

/// The subject first, then countries, then organisations and forums.
pub fn partners(rng: &mut Rng, facts: u64) -> Vec<Partner> {
    let others = (20 + facts / 1000).min(MAX_OTHERS);
    let countries = (others * 2 / 3).min(MAX_COUNTRIES);
    let subject = subject();
    let mut taken = Taken::default();
    taken.names.insert(subject.id.clone());
    for (alias, _) in &subject.aliases {
        taken.names.insert(alias.to_lowercase());
    }
    taken.codes.insert("CHN".to_string());
    let mut out = vec![subject];
    for i in 0..others {
        let kind = if i < countries {
            "country"
        } else if rng.chance(50) {
            "organization"
        } else {
            "forum"
        };
        let (name, id) = taken.name(rng, kind);
        let mut partner = Partner {
            id,
            name,
            kind,
            iso3: None,
            aliases: Vec::new(),
        };
        if kind == "country" {
            taken.country(rng, &mut partner);
        } else {
            taken.body(&mut partner);
        }
        out.push(partner);
    }
    out
}
