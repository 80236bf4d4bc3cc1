//! A generator of synthetic seed directories, in exactly the format of the
//! real seed in `seed/`, for benchmarks of seeding at 10^3 .. 10^6 facts.
//!
//! The generated directory holds every file the loader requires plus a source
//! text shaped like the real one: a title line, the chapter heading `VI. ...`,
//! the six numbered section headings of areas.csv, paragraphs of sentences
//! under them and a line of web-page furniture that omissions.csv lists. The
//! supplied text spells "China" with a Cyrillic `і` throughout, and
//! corrections.csv restores it, so the restoration path is exercised; quotes
//! are in the restored form.
//!
//! Every fact quotes one whole sentence of the restored text, and about four
//! facts share each sentence (1 to 8), so the text grows by about 23 bytes per
//! fact. Sentences are ASCII, unique (each carries its own serial number),
//! have no full stop inside but decimal points (`$12.5 million`) and end in
//! `.` before a capital letter, so that [`super::text::sentences`] cuts them
//! where they were joined. Every sentence is quoted by at least one fact, so
//! `apsc check` finds full coverage (except with zero facts, where one uncited
//! sentence keeps the document non-empty).
//!
//! The output depends only on [`Options`]: a hand-written splitmix64 drives
//! every choice, and nothing is iterated out of a hash set.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{BufWriter, Write as _};
use std::path::Path;

use anyhow::{Context, bail};

use super::rows::{
    AGREEMENT_COLUMNS, AliasRow, AreaRow, CorrectionRow, DocumentRow, EVENT_COLUMNS, FigureRow,
    OmissionRow, PartnerRow, STATEMENT_COLUMNS, SeedFile,
};
use super::sha256_hex;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// Facts in all (meetings, exercises, agreements, operations, statements).
    pub facts: u64,
    /// Seed of the pseudo-random choices: the same options, the same bytes.
    pub seed: u64,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stats {
    /// Data rows (the header row not counted) of every CSV file, in the order
    /// the loader reads them.
    pub rows: Vec<(&'static str, u64)>,
    /// The name of the source text in the directory.
    pub source_file: &'static str,
    /// Bytes of the source text as written (before restoration).
    pub text_bytes: u64,
    /// Paragraphs (passages) and sentences of the text.
    pub paragraphs: u64,
    pub sentences: u64,
    /// Bytes of all files written.
    pub total_bytes: u64,
}

impl Stats {
    /// Data rows written to one CSV file (0 for an unknown name).
    pub fn rows(&self, file: &str) -> u64 {
        self.rows
            .iter()
            .find(|(f, _)| *f == file)
            .map_or(0, |(_, n)| *n)
    }

    /// Rows of the five fact files.
    pub fn facts(&self) -> u64 {
        FACTS.iter().map(|spec| self.rows(spec.file)).sum()
    }
}

const SOURCE_FILE: &str = "synthetic-section-vi.txt";
const DOCUMENT_ID: &str = "synthetic-vi";
/// "China" with a Cyrillic small letter byelorussian-ukrainian i (U+0456).
const TOKEN: &str = "Ch\u{456}na";
const SUBJECT: &str = "China";

/// The six areas: id, heading (= areas.csv name) and topics for sentences.
const AREAS: [(&str, &str, [&str; 5]); 6] = [
    (
        "disaster-relief",
        "Disaster Relief",
        [
            "disaster relief",
            "earthquake response",
            "flood relief",
            "emergency medical aid",
            "disaster risk reduction",
        ],
    ),
    (
        "counter-terrorism",
        "Counter-Terrorism Cooperation",
        [
            "counter-terrorism",
            "terrorist financing",
            "border security",
            "violent extremism online",
            "intelligence sharing",
        ],
    ),
    (
        "transnational-crime",
        "Cooperation in Combating Transnational Crimes",
        [
            "drug trafficking",
            "human smuggling",
            "money laundering",
            "fugitive repatriation",
            "telecom fraud",
        ],
    ),
    (
        "cyber-security",
        "Cyber Security",
        [
            "cyber security",
            "information security",
            "critical infrastructure protection",
            "cybercrime",
            "network incident response",
        ],
    ),
    (
        "maritime-security",
        "Cooperation on Maritime Security",
        [
            "maritime search and rescue",
            "anti-piracy escorts",
            "marine environmental protection",
            "navigation safety",
            "coast guard cooperation",
        ],
    ),
    (
        "non-proliferation",
        "Cooperation in Non-Proliferation and Disarmament",
        [
            "nuclear security",
            "export controls",
            "chemical weapons destruction",
            "mine clearance",
            "arms control",
        ],
    ),
];

/// The column layout of a fact file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Event,
    Agreement,
    Statement,
}

/// How one fact file is generated.
struct FactSpec {
    table: &'static str,
    file: &'static str,
    link_file: &'static str,
    link_column: &'static str,
    id_prefix: &'static str,
    shape: Shape,
    /// Per cent of all facts.
    share: u64,
    kinds: &'static [&'static str],
    /// China's roles; empty for statements, which have none.
    china_roles: &'static [&'static str],
    country_roles: &'static [&'static str],
    body_roles: &'static [&'static str],
}

const FACTS: [FactSpec; 5] = [
    FactSpec {
        table: "meetings",
        file: "meetings.csv",
        link_file: "meeting_partners.csv",
        link_column: "meeting_id",
        id_prefix: "meeting",
        shape: Shape::Event,
        share: 30,
        kinds: &[
            "meeting",
            "ministerial-meeting",
            "high-level-meeting",
            "conference",
            "forum",
            "dialogue",
            "consultation",
            "working-group",
            "expert-group",
            "training-course",
        ],
        china_roles: &["host", "co-host", "participant"],
        country_roles: &["co-host", "participant", "counterpart"],
        body_roles: &["convener", "framework"],
    },
    FactSpec {
        table: "exercises",
        file: "exercises.csv",
        link_file: "exercise_partners.csv",
        link_column: "exercise_id",
        id_prefix: "exercise",
        shape: Shape::Event,
        share: 10,
        kinds: &[
            "exercise",
            "drill",
            "tabletop-exercise",
            "multitask-exercise",
        ],
        china_roles: &["host", "co-host", "participant", "party"],
        country_roles: &["co-host", "participant", "counterpart"],
        body_roles: &["convener", "framework"],
    },
    FactSpec {
        table: "agreements",
        file: "agreements.csv",
        link_file: "agreement_partners.csv",
        link_column: "agreement_id",
        id_prefix: "agreement",
        shape: Shape::Agreement,
        share: 10,
        kinds: &[
            "treaty",
            "convention",
            "agreement",
            "memorandum",
            "mechanism",
            "code-of-conduct",
        ],
        china_roles: &["signatory", "party", "implementer", "promoter", "supporter"],
        country_roles: &["party", "signatory", "counterpart"],
        body_roles: &["framework", "body", "party"],
    },
    FactSpec {
        table: "operations",
        file: "operations.csv",
        link_file: "operation_partners.csv",
        link_column: "operation_id",
        id_prefix: "operation",
        shape: Shape::Event,
        share: 20,
        kinds: &[
            "relief",
            "rescue",
            "search",
            "escort",
            "joint-operation",
            "joint-action",
            "law-enforcement",
            "expedition",
            "project",
            "exchanges",
            "capacity-building",
            "funding",
        ],
        china_roles: &[
            "provider",
            "operator",
            "participant",
            "implementer",
            "facilitator",
        ],
        country_roles: &["recipient", "requester", "participant", "counterpart"],
        body_roles: &["framework", "participant"],
    },
    FactSpec {
        table: "statements",
        file: "statements.csv",
        link_file: "statement_partners.csv",
        link_column: "statement_id",
        id_prefix: "statement",
        shape: Shape::Statement,
        share: 30,
        kinds: &[
            "position",
            "commitment",
            "call",
            "assessment",
            "summary",
            "context",
        ],
        china_roles: &[],
        country_roles: &["counterpart", "co-sponsor", "participant"],
        body_roles: &["framework", "counterpart"],
    },
];

/// How the text names a kind of fact.
fn label(kind: &str) -> &str {
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
fn verb(role_or_kind: &str) -> &str {
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

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

/// splitmix64: small, fast and good enough to make synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

struct Partner {
    id: String,
    name: String,
    kind: &'static str,
    iso3: Option<String>,
    /// Aliases other than the name, with their notes.
    aliases: Vec<(String, &'static str)>,
}

/// Partners besides the subject: 20 + N/1000, with at most this many.
const MAX_OTHERS: u64 = 26_000;
/// Every three-letter code but CHN.
const MAX_COUNTRIES: u64 = 26 * 26 * 26 - 1;

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

/// The subject first, then countries, then organisations and forums; ids,
/// names and aliases all distinct without regard to case.
fn partners(rng: &mut Rng, facts: u64) -> Vec<Partner> {
    let others = (20 + facts / 1000).min(MAX_OTHERS);
    let countries = (others * 2 / 3).min(MAX_COUNTRIES);
    let mut taken: HashSet<String> = HashSet::new();
    let mut codes: HashSet<String> = HashSet::new();
    let subject = Partner {
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
    };
    taken.insert(subject.id.clone());
    for (alias, _) in &subject.aliases {
        taken.insert(alias.to_lowercase());
    }
    codes.insert("CHN".to_string());
    let mut out = vec![subject];
    // A walk through all 26^3 codes: 7919 is prime to 26^3 = 2^3 * 13^3.
    let mut walk = 0u64;
    let mut next_code = |codes: &HashSet<String>| loop {
        let k = (walk * 7919 + 4242) % (26 * 26 * 26);
        walk += 1;
        let code: String = [k / 676, k / 26 % 26, k % 26]
            .iter()
            .map(|&d| (b'A' + d as u8) as char)
            .collect();
        if !codes.contains(&code) {
            return code;
        }
    };
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
    for i in 0..others {
        let country = i < countries;
        let kind = if country {
            "country"
        } else if rng.chance(50) {
            "organization"
        } else {
            "forum"
        };
        let (name, id) = loop {
            let stem = stem(rng);
            let name = match kind {
                "country" => format!("{stem}{}", rng.pick(COUNTRY_ENDINGS)),
                "organization" => format!("{stem} {}", rng.pick(ORGANIZATIONS)),
                _ => format!("{stem} {}", rng.pick(FORUMS)),
            };
            let id = slug(&name);
            if !taken.contains(&name.to_lowercase()) && !taken.contains(&id) {
                taken.insert(name.to_lowercase());
                taken.insert(id.clone());
                break (name, id);
            }
        };
        let mut aliases = Vec::new();
        let mut iso3 = None;
        if country {
            let prefix = name[..3].to_ascii_uppercase();
            let code = if codes.contains(&prefix) {
                next_code(&codes)
            } else {
                prefix
            };
            codes.insert(code.clone());
            iso3 = Some(code);
            if rng.chance(50) {
                let formal = format!("{} {name}", rng.pick(FORMAL));
                if taken.insert(formal.to_lowercase()) {
                    aliases.push((formal, "formal name"));
                }
            }
        } else {
            let initials: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
            let stem_first = format!(
                "{}{}",
                name.split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_uppercase(),
                &initials[1..]
            );
            if let Some(abbreviation) = [initials, stem_first]
                .into_iter()
                .find(|a| !taken.contains(&a.to_lowercase()))
            {
                taken.insert(abbreviation.to_lowercase());
                aliases.push((abbreviation, "abbreviation"));
            }
        }
        out.push(Partner {
            id,
            name,
            kind,
            iso3,
            aliases,
        });
    }
    out
}

/// One CSV file being written.
struct Out {
    file: &'static str,
    writer: csv::Writer<BufWriter<File>>,
    rows: u64,
}

impl Out {
    fn create(dir: &Path, file: &'static str, header: &[&str]) -> anyhow::Result<Out> {
        let path = dir.join(file);
        let handle = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::with_capacity(1 << 16, handle));
        writer
            .write_record(header)
            .with_context(|| format!("writing {}", path.display()))?;
        Ok(Out {
            file,
            writer,
            rows: 0,
        })
    }

    fn row<I, T>(&mut self, record: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(record)
            .with_context(|| format!("writing {}", self.file))?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self) -> anyhow::Result<(&'static str, u64)> {
        let file = self.file;
        let mut inner = self
            .writer
            .into_inner()
            .map_err(|err| anyhow::anyhow!("writing {file}: {}", err.error()))?;
        inner.flush().with_context(|| format!("writing {file}"))?;
        Ok((file, self.rows))
    }
}

/// A date as a sentence opens with it.
struct DatePhrase {
    text: String,
    start: String,
    end: Option<String>,
}

fn date_phrase(rng: &mut Rng) -> DatePhrase {
    let year = rng.range(2008, 2016);
    let month = rng.range(1, 12);
    let name = MONTHS[month as usize - 1];
    match rng.below(6) {
        0 => DatePhrase {
            text: format!("In {year}"),
            start: format!("{year}"),
            end: None,
        },
        1 => DatePhrase {
            text: format!("In {name} {year}"),
            start: format!("{year}-{month:02}"),
            end: None,
        },
        2 => {
            let day = rng.range(1, 28);
            DatePhrase {
                text: format!("On {day} {name} {year}"),
                start: format!("{year}-{month:02}-{day:02}"),
                end: None,
            }
        }
        3 => DatePhrase {
            text: format!("Since {year}"),
            start: format!("{year}"),
            end: None,
        },
        4 => {
            let end_year = year + rng.below(3);
            let end_month = if end_year == year {
                rng.range(month, 12)
            } else {
                rng.range(1, 12)
            };
            DatePhrase {
                text: format!(
                    "From {name} {year} to {} {end_year}",
                    MONTHS[end_month as usize - 1]
                ),
                start: format!("{year}-{month:02}"),
                end: Some(format!("{end_year}-{end_month:02}")),
            }
        }
        _ => {
            let end_year = year + rng.range(1, 3);
            DatePhrase {
                text: format!("Between {year} and {end_year}"),
                start: format!("{year}"),
                end: Some(format!("{end_year}")),
            }
        }
    }
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
struct Figure {
    /// Appended to the sentence before its full stop.
    phrase: String,
    metric: &'static str,
    value: String,
    value_text: String,
    unit: &'static str,
    qualifier: &'static str,
}

fn figure(rng: &mut Rng) -> Figure {
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
fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// One fact of the sentence being written.
struct Fact {
    spec: usize,
    id: String,
    kind: &'static str,
    china_role: &'static str,
}

/// Pick a fact file by its share of the facts.
fn pick_spec(rng: &mut Rng) -> usize {
    let mut r = rng.below(100);
    for (i, spec) in FACTS.iter().enumerate() {
        if r < spec.share {
            return i;
        }
        r -= spec.share;
    }
    FACTS.len() - 1
}

/// Write a synthetic seed directory of `options.facts` facts into `dir`,
/// which must be missing or empty.
pub fn generate(dir: &Path, options: &Options) -> anyhow::Result<Stats> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} exists and is not a directory", dir.display());
        }
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: a seed directory is generated into a new or empty one",
                dir.display()
            );
        }
    } else {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut rng = Rng(options.seed);
    let n = options.facts;

    let partners = partners(&mut rng, n);
    let mut partners_out = Out::create(dir, PartnerRow::FILE, PartnerRow::COLUMNS)?;
    let mut aliases_out = Out::create(dir, AliasRow::FILE, AliasRow::COLUMNS)?;
    for p in &partners {
        let is_subject = if p.id == partners[0].id { "1" } else { "0" };
        partners_out.row([
            p.id.as_str(),
            &p.name,
            p.kind,
            p.iso3.as_deref().unwrap_or_default(),
            is_subject,
        ])?;
        aliases_out.row([p.name.as_str(), &p.id, "name"])?;
        for (alias, note) in &p.aliases {
            aliases_out.row([alias.as_str(), &p.id, note])?;
        }
    }

    let mut areas_out = Out::create(dir, AreaRow::FILE, AreaRow::COLUMNS)?;
    for (k, (id, name, _)) in AREAS.iter().enumerate() {
        areas_out.row([*id, &format!("VI.{}", k + 1), *name])?;
    }

    let mut facts_out = Vec::with_capacity(FACTS.len());
    let mut links_out = Vec::with_capacity(FACTS.len());
    for spec in &FACTS {
        let columns = match spec.shape {
            Shape::Event => EVENT_COLUMNS,
            Shape::Agreement => AGREEMENT_COLUMNS,
            Shape::Statement => STATEMENT_COLUMNS,
        };
        facts_out.push(Out::create(dir, spec.file, columns)?);
        links_out.push(Out::create(
            dir,
            spec.link_file,
            &[spec.link_column, "partner_id", "role"],
        )?);
    }
    let mut figures_out = Out::create(dir, FigureRow::FILE, FigureRow::COLUMNS)?;

    // The restored text; the supplied one differs only in how it spells China.
    let mut text = String::with_capacity((n as usize).saturating_mul(30) + 4096);
    text.push_str("China's Policies on Asia-Pacific Security Cooperation\n");
    text.push_str("VI. China's Participation in Regional Non-Traditional Security Cooperation\n");
    let mut next_id = [0u64; FACTS.len()];
    let (mut serial, mut figures, mut paragraphs) = (0u64, 0u64, 0u64);
    let mut group: Vec<Fact> = Vec::with_capacity(8);
    let mut linked: Vec<usize> = Vec::with_capacity(4);
    let mut sentence = String::with_capacity(256);
    for (k, (area_id, heading, topics)) in AREAS.iter().enumerate() {
        text.push_str(&format!("{}. {heading}\n", k + 1));
        let k = k as u64;
        let mut remaining = n * (k + 1) / 6 - n * k / 6;
        // With no facts at all, one uncited sentence keeps a paragraph.
        let mut filler = n == 0 && k == 0;
        let mut in_paragraph = 0;
        let mut paragraph_len = rng.range(2, 6);
        while remaining > 0 || filler {
            filler = false;
            let size = rng.range(1, 8).min(remaining);
            remaining -= size;
            serial += 1;

            // The facts that quote this sentence; the first leads its wording.
            group.clear();
            let lead_spec = pick_spec(&mut rng);
            for i in 0..size.max(1) {
                let spec = if i == 0 {
                    lead_spec
                } else {
                    pick_spec(&mut rng)
                };
                let s = &FACTS[spec];
                let kind = rng.pick(s.kinds);
                let china_role = if s.china_roles.is_empty() {
                    ""
                } else {
                    rng.pick(s.china_roles)
                };
                let id = if i < size {
                    next_id[spec] += 1;
                    format!("{}-{}", s.id_prefix, next_id[spec])
                } else {
                    String::new()
                };
                group.push(Fact {
                    spec,
                    id,
                    kind,
                    china_role,
                });
            }
            let lead = &group[0];
            let topic = rng.pick(topics);
            let date = rng.chance(40).then(|| date_phrase(&mut rng));
            let formal = rng.chance(25);
            let partner = rng
                .chance(85)
                .then(|| 1 + rng.below(partners.len() as u64 - 1) as usize);
            let figure = rng.chance(45).then(|| figure(&mut rng));

            sentence.clear();
            let subject = match (&date, formal) {
                (Some(date), _) => {
                    sentence.push_str(&date.text);
                    sentence.push(' ');
                    if formal {
                        "the Chinese government"
                    } else {
                        "China"
                    }
                }
                (None, true) => "The Chinese government",
                (None, false) => "China",
            };
            let item = label(lead.kind);
            let verb = verb(if lead.china_role.is_empty() {
                lead.kind
            } else {
                lead.china_role
            });
            sentence.push_str(&format!("{subject} {verb} {item} {serial} on {topic}"));
            if let Some(p) = partner {
                sentence.push_str(" with ");
                sentence.push_str(&partners[p].name);
            }
            if let Some(figure) = &figure {
                sentence.push_str(&figure.phrase);
            }
            sentence.push('.');

            for fact in group.iter().take(size as usize) {
                let spec = &FACTS[fact.spec];
                let dated = date.as_ref().filter(|_| rng.chance(85));
                let (start, end, date_text) = match dated {
                    Some(d) => (d.start.as_str(), d.end.as_deref().unwrap_or(""), &*d.text),
                    None => ("", "", ""),
                };
                let label = label(fact.kind);
                let out = &mut facts_out[fact.spec];
                match spec.shape {
                    Shape::Event => {
                        let edition = rng.chance(25).then(|| rng.range(1, 15));
                        let name = match edition {
                            Some(e) => format!("{} {label} {serial} on {topic}", ordinal(e)),
                            None => format!("{} {serial} on {topic}", capitalize(label)),
                        };
                        let edition = edition.map(|e| e.to_string()).unwrap_or_default();
                        out.row([
                            fact.id.as_str(),
                            &name,
                            fact.kind,
                            area_id,
                            fact.china_role,
                            &edition,
                            start,
                            end,
                            date_text,
                            &sentence,
                        ])?;
                    }
                    Shape::Agreement => {
                        let name = format!("{} {serial} on {topic}", capitalize(label));
                        out.row([
                            fact.id.as_str(),
                            &name,
                            fact.kind,
                            area_id,
                            fact.china_role,
                            start,
                            end,
                            date_text,
                            &sentence,
                        ])?;
                    }
                    Shape::Statement => {
                        let topic = format!(
                            "{} on {topic} under initiative {serial}",
                            capitalize(fact.kind)
                        );
                        out.row([
                            fact.id.as_str(),
                            area_id,
                            fact.kind,
                            &topic,
                            start,
                            end,
                            date_text,
                            &sentence,
                        ])?;
                    }
                }

                // Partner links: the partner the sentence names first, then
                // others, each once; never the subject.
                let wanted = match rng.below(20) {
                    0..=3 => 0,
                    4..=12 => 1,
                    13..=17 => 2,
                    _ => 3,
                }
                .min(partners.len() - 1);
                linked.clear();
                if let Some(p) = partner.filter(|_| wanted > 0) {
                    linked.push(p);
                }
                while linked.len() < wanted {
                    let p = 1 + rng.below(partners.len() as u64 - 1) as usize;
                    if !linked.contains(&p) {
                        linked.push(p);
                    }
                }
                for &p in &linked {
                    let partner = &partners[p];
                    let reference = match rng.below(3) {
                        0 => &partner.id,
                        1 => &partner.name,
                        _ => partner
                            .aliases
                            .first()
                            .map_or(&partner.name, |(alias, _)| alias),
                    };
                    let roles = if partner.kind == "country" {
                        spec.country_roles
                    } else {
                        spec.body_roles
                    };
                    let role = rng.pick(roles);
                    links_out[fact.spec].row([fact.id.as_str(), reference, role])?;
                }
            }

            if let Some(figure) = figure {
                figures += 1;
                let fact = (size > 0 && rng.chance(85)).then(|| &group[rng.below(size) as usize]);
                let (table, fact_id) =
                    fact.map_or(("", ""), |f| (FACTS[f.spec].table, f.id.as_str()));
                figures_out.row([
                    format!("figure-{figures}").as_str(),
                    table,
                    fact_id,
                    figure.metric,
                    &figure.value,
                    &figure.value_text,
                    figure.unit,
                    figure.qualifier,
                    &sentence,
                ])?;
            }

            if in_paragraph > 0 {
                text.push(' ');
            }
            text.push_str(&sentence);
            in_paragraph += 1;
            if in_paragraph == paragraph_len {
                text.push('\n');
                paragraphs += 1;
                in_paragraph = 0;
                paragraph_len = rng.range(2, 6);
            }
        }
        if in_paragraph > 0 {
            text.push('\n');
            paragraphs += 1;
        }
    }
    let furniture = format!("Registration Number: {}", 100_000 + rng.below(900_000));
    text.push_str(&furniture);
    text.push('\n');

    let source = text.replace(SUBJECT, TOKEN);
    let path = dir.join(SOURCE_FILE);
    fs::write(&path, source.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    let sha256 = sha256_hex(source.as_bytes());
    drop(text);

    let mut documents_out = Out::create(dir, DocumentRow::FILE, DocumentRow::COLUMNS)?;
    documents_out.row([
        DOCUMENT_ID,
        "China's Policies on Asia-Pacific Security Cooperation (synthetic benchmark text)",
        "apsc seed generator",
        "2017-01-11",
        SOURCE_FILE,
        &sha256,
    ])?;
    let mut corrections_out = Out::create(dir, CorrectionRow::FILE, CorrectionRow::COLUMNS)?;
    corrections_out.row([
        DOCUMENT_ID,
        TOKEN,
        SUBJECT,
        "The supplied copy spells \"China\" with a Cyrillic i (U+0456) throughout; the text reads \"China\".",
    ])?;
    let mut omissions_out = Out::create(dir, OmissionRow::FILE, OmissionRow::COLUMNS)?;
    omissions_out.row([
        DOCUMENT_ID,
        &furniture,
        "Web-page furniture after the end of the text, not part of it.",
    ])?;

    let mut rows = vec![
        documents_out.finish()?,
        corrections_out.finish()?,
        omissions_out.finish()?,
        areas_out.finish()?,
        partners_out.finish()?,
        aliases_out.finish()?,
    ];
    for (facts, links) in facts_out.into_iter().zip(links_out) {
        rows.push(facts.finish()?);
        rows.push(links.finish()?);
    }
    rows.push(figures_out.finish()?);

    let mut total_bytes = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        total_bytes += entry?.metadata()?.len();
    }
    Ok(Stats {
        rows,
        source_file: SOURCE_FILE,
        text_bytes: source.len() as u64,
        paragraphs,
        sentences: serial,
        total_bytes,
    })
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{SeedDir, load};
    use rusqlite::Connection;

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    fn load_dir(dir: &Path) -> (Connection, crate::seed::Summary) {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        crate::db::migrate(&mut conn).unwrap();
        let seed = SeedDir::read(dir).unwrap();
        let summary = match load(&mut conn, &seed, |_| Ok(())) {
            Ok(summary) => summary,
            Err(err) => panic!("the generated seed does not load: {err}"),
        };
        (conn, summary)
    }

    #[test]
    fn the_same_options_give_the_same_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let options = Options {
            facts: 3000,
            seed: 7,
        };
        let (a, b, c) = (
            tmp.path().join("a"),
            tmp.path().join("b"),
            tmp.path().join("c"),
        );
        let stats_a = generate(&a, &options).unwrap();
        let stats_b = generate(&b, &options).unwrap();
        assert_eq!(stats_a, stats_b);
        let (files_a, files_b) = (files(&a), files(&b));
        assert_eq!(files_a.len(), super::super::load::seed_files().len() + 1);
        for ((name_a, bytes_a), (name_b, bytes_b)) in files_a.iter().zip(&files_b) {
            assert_eq!(name_a, name_b);
            assert!(bytes_a == bytes_b, "{name_a} differs between two runs");
        }
        assert_eq!(files_a.len(), files_b.len());
        // Another seed, other choices.
        generate(&c, &Options { seed: 8, ..options }).unwrap();
        assert_ne!(files(&c), files_a);
    }

    #[test]
    fn a_generated_directory_loads_without_problems() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("seed");
        let options = Options {
            facts: 2000,
            seed: 1,
        };
        let stats = generate(&dir, &options).unwrap();
        for file in super::super::load::seed_files() {
            assert!(dir.join(file).is_file(), "{file} is missing");
        }
        assert_eq!(stats.facts(), 2000);
        let (conn, summary) = load_dir(&dir);
        assert_eq!(summary.facts(), 2000);
        for (file, rows) in &stats.rows {
            let table = file.strip_suffix(".csv").unwrap();
            assert_eq!(summary.count(table), *rows, "rows of {file}");
        }
        assert_eq!(summary.count("sentences"), stats.sentences);
        assert_eq!(summary.count("passages"), stats.paragraphs);
        assert!(stats.rows("figures.csv") > 100);
        assert!(stats.text_bytes < 100 * 2000 / 4);
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
        // Every quote is a whole sentence, every sentence is quoted.
        assert_eq!(
            count(
                "SELECT count(*) FROM facts f
                 WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = f.quote)"
            ),
            0
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM sentences s
                 WHERE NOT EXISTS (SELECT 1 FROM facts f WHERE f.quote = s.text)"
            ),
            0
        );
        assert_eq!(
            count(
                "SELECT count(*) FROM figures g
                 WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.text = g.quote)"
            ),
            0
        );
        // Dates read from the sentence; some facts have them, some ranges.
        assert_eq!(
            count("SELECT count(*) FROM facts WHERE instr(quote, date_text) = 0"),
            0
        );
        assert!(count("SELECT count(*) FROM facts WHERE date_end IS NOT NULL") > 0);
        assert!(count("SELECT count(*) FROM facts WHERE length(date_start) = 10") > 0);
        // The correction applied; the furniture line was left out.
        assert!(count("SELECT occurrences FROM corrections") > 6);
        assert_eq!(
            count("SELECT count(*) FROM passages WHERE text LIKE 'Registration Number%'"),
            0
        );
        assert_eq!(count("SELECT count(*) FROM areas"), 6);
        // Links name partners by id and by alias, never the subject.
        assert_eq!(
            count(
                "SELECT count(*) FROM fact_partners fp JOIN partners p ON p.id = fp.partner_id
                 WHERE p.is_subject = 1"
            ),
            0
        );
        assert!(count("SELECT count(*) FROM partners") >= 21);
        let links = fs::read_to_string(dir.join("meeting_partners.csv")).unwrap();
        assert!(links.lines().skip(1).any(|l| {
            let reference = l.split(',').nth(1).unwrap();
            reference.chars().any(|c| c.is_ascii_uppercase())
        }));
        assert!(links.lines().skip(1).any(|l| {
            let reference = l.split(',').nth(1).unwrap();
            !reference.chars().any(|c| c.is_ascii_uppercase())
        }));
    }

    #[test]
    fn tiny_directories_load_too() {
        let tmp = tempfile::tempdir().unwrap();
        for facts in [0, 1, 5, 7] {
            let dir = tmp.path().join(facts.to_string());
            let stats = generate(&dir, &Options { facts, seed: 3 }).unwrap();
            let (_, summary) = load_dir(&dir);
            assert_eq!(summary.facts(), facts);
            assert_eq!(stats.facts(), facts);
        }
    }

    #[test]
    fn partners_stay_distinct_at_the_cap() {
        let partners = partners(&mut Rng(5), u64::MAX / 2);
        assert_eq!(partners.len() as u64, 1 + MAX_OTHERS);
        let mut names = HashSet::new();
        let mut codes = HashSet::new();
        for p in &partners {
            // Ids, names and aliases resolve without regard to case.
            assert!(names.insert(p.id.to_lowercase()), "{}", p.id);
            if p.name.to_lowercase() != p.id {
                assert!(names.insert(p.name.to_lowercase()), "{}", p.name);
            }
            for (alias, _) in &p.aliases {
                assert!(names.insert(alias.to_lowercase()), "{alias}");
            }
            match (p.kind, &p.iso3) {
                ("country", Some(code)) => {
                    assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()));
                    assert!(codes.insert(code.clone()), "{code}");
                }
                (_, None) => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(codes.len() as u64, 1 + MAX_OTHERS * 2 / 3);
    }

    #[test]
    fn refuses_a_directory_that_is_not_empty() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("x"), "x").unwrap();
        let err = generate(tmp.path(), &Options::default()).unwrap_err();
        assert!(err.to_string().contains("not empty"), "{err}");
    }
}
