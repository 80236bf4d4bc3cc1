//! A synthetic seed directory, in exactly the format of the real seed in
//! `seed/`, for benchmarks of seeding at 10^3 .. 10^6 facts.
//!
//! The directory holds every file the loader requires plus a source text
//! shaped like the real one: a title line, the chapter heading `VI. ...`, the
//! six numbered section headings of areas.csv, paragraphs of sentences under
//! them and a line of web-page furniture that omissions.csv lists. The
//! supplied text spells "China" with a Cyrillic `і` throughout, and
//! corrections.csv restores it, so the restoration path is exercised; quotes
//! are in the restored form.
//!
//! Every fact quotes one whole sentence of the restored text, and about four
//! facts share each sentence (1 to 8), so the text grows by about 23 bytes per
//! fact. Sentences are ASCII, unique (each carries its own serial number),
//! have no full stop inside but decimal points (`$12.5 million`) and end in
//! `.` before a capital letter, so that the loader cuts them where they were
//! joined. Every sentence is quoted by at least one fact, so `apsc check`
//! finds full coverage (except with zero facts, where one uncited sentence
//! keeps the document non-empty).
//!
//! The output depends only on [`Options`]: [`crate::rng::Rng`] drives every
//! choice, and nothing is iterated out of a hash set.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};
use sha2::{Digest, Sha256};

use crate::csv_out::Out;
use crate::format::{
    AliasRow, AreaRow, CorrectionRow, DocumentRow, FACT_FILES, MentionWaiverRow, OmissionRow,
    PartnerRow, SeedFile,
};
use crate::partners::{Partner, SUBJECT, TOKEN, partners};
use crate::plan::{AREAS, kinds};
use crate::rng::Rng;
use crate::sentences;

pub const SOURCE_FILE: &str = "synthetic-section-vi.txt";
const DOCUMENT_ID: &str = "synthetic-vi";

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
        FACT_FILES.iter().map(|spec| self.rows(spec.file)).sum()
    }
}

/// Write a synthetic seed directory of `options.facts` facts into `dir`,
/// which must be missing or empty.
pub fn generate(dir: &Path, options: &Options) -> anyhow::Result<Stats> {
    prepare(dir)?;
    let kinds = kinds();
    let mut rng = Rng(options.seed);
    let partners = partners(&mut rng, options.facts);
    let partner_rows = write_partners(dir, &partners)?;
    let area_rows = write_areas(dir)?;
    let body = sentences::write(dir, &mut rng, &partners, &kinds, options.facts)?;
    let furniture = format!("Registration Number: {}", 100_000 + rng.below(900_000));
    let mut text = body.text;
    text.push_str(&furniture);
    text.push('\n');
    let source = text.replace(SUBJECT, TOKEN);
    drop(text);

    let mut rows = write_document(dir, &source, &furniture)?;
    rows.push(area_rows);
    rows.extend(partner_rows);
    rows.extend(body.rows);
    // No mention is waived: the generated links are not curated.
    rows.push(Out::create(dir, MentionWaiverRow::FILE, MentionWaiverRow::COLUMNS)?.finish()?);
    let mut total_bytes = 0;
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        total_bytes += entry?.metadata()?.len();
    }
    Ok(Stats {
        rows,
        text_bytes: source.len() as u64,
        paragraphs: body.paragraphs,
        sentences: body.sentences,
        total_bytes,
    })
}

/// Create `dir`, or accept it when it is an empty directory.
fn prepare(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        return fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()));
    }
    if !dir.is_dir() {
        bail!("{} exists and is not a directory", dir.display());
    }
    let mut entries = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    if entries.next().is_some() {
        bail!(
            "{} is not empty: a seed directory is generated into a new or empty one",
            dir.display()
        );
    }
    Ok(())
}

/// partners.csv and partner_aliases.csv; every partner's name is an alias.
fn write_partners(dir: &Path, partners: &[Partner]) -> anyhow::Result<[(&'static str, u64); 2]> {
    let mut partners_out = Out::create(dir, PartnerRow::FILE, PartnerRow::COLUMNS)?;
    let mut aliases_out = Out::create(dir, AliasRow::FILE, AliasRow::COLUMNS)?;
    for (i, p) in partners.iter().enumerate() {
        let is_subject = if i == 0 { "1" } else { "0" };
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
    Ok([partners_out.finish()?, aliases_out.finish()?])
}

fn write_areas(dir: &Path) -> anyhow::Result<(&'static str, u64)> {
    let mut areas_out = Out::create(dir, AreaRow::FILE, AreaRow::COLUMNS)?;
    for (k, (id, name, _)) in AREAS.iter().enumerate() {
        areas_out.row([*id, &format!("VI.{}", k + 1), *name])?;
    }
    areas_out.finish()
}

/// The source text, and documents.csv, corrections.csv and omissions.csv
/// that describe it.
fn write_document(
    dir: &Path,
    source: &str,
    furniture: &str,
) -> anyhow::Result<Vec<(&'static str, u64)>> {
    let path = dir.join(SOURCE_FILE);
    fs::write(&path, source.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    let mut documents_out = Out::create(dir, DocumentRow::FILE, DocumentRow::COLUMNS)?;
    documents_out.row([
        DOCUMENT_ID,
        "China's Policies on Asia-Pacific Security Cooperation (synthetic benchmark text)",
        "apsc seed generator",
        "2017-01-11",
        SOURCE_FILE,
        &format!("{:x}", Sha256::digest(source.as_bytes())),
        "",
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
        furniture,
        "Web-page furniture after the end of the text, not part of it.",
    ])?;
    Ok(vec![
        documents_out.finish()?,
        corrections_out.finish()?,
        omissions_out.finish()?,
    ])
}
