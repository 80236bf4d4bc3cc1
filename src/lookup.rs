//! Names a person types, resolved to ids: a partner by id, name, alias or ISO
//! code; an area by id, section or name; and, when nothing matches, the near
//! names to suggest; a fact by `table/id` or a bare id. `apsc report`,
//! `apsc search`, `apsc show` and `apsc cite` resolve through here.

use rusqlite::{Connection, OptionalExtension};

use crate::error;

/// Words that only join others.
const STOP_WORDS: &str = "a an and the of on in for";

/// Words that say what sort of thing a name is, not which one: two names that
/// share only these ("the ASEAN countries", "Southeast Asian countries") name
/// different things.
const GENERIC_WORDS: &str = "countries country nations states member members organization \
                             organisation forum";

/// The lower-case words of a name, joining words left out.
fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.split(' ').any(|s| s == *w))
        .map(String::from)
        .collect()
}

/// How well `candidate` answers for `wanted`, from 0 to 1; None when it should
/// not be offered at all.
fn closeness(wanted: &str, candidate: &str) -> Option<f64> {
    let (w, c) = (wanted.to_lowercase(), candidate.to_lowercase());
    // A misspelling of the whole name: "Malaysai", "partnr".
    let spelling = strsim::normalized_damerau_levenshtein(&w, &c);
    // Every word typed is a word of the candidate ("Korea" is in "Republic
    // of Korea"), and one of them says which thing it is. So a name for
    // another group is not offered: "Southeast Asian countries" is neither
    // "the ASEAN countries" nor the "Association of Southeast Asian Nations".
    let (wanted_words, candidate_words) = (words(wanted), words(candidate));
    let generic = |word: &String| GENERIC_WORDS.split_whitespace().any(|g| g == word);
    let contained = !wanted_words.iter().all(generic)
        && wanted_words.iter().all(|w| candidate_words.contains(w));
    match (contained, spelling >= 0.75) {
        (true, _) => Some(spelling.max(0.9)),
        (false, true) => Some(spelling),
        (false, false) => None,
    }
}

/// The names closest to `wanted` among `candidates`, best first, at most three.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    nearest_offers(wanted, candidates.into_iter().map(|name| (name, name)))
}

/// What to offer for the (at most three) names closest to `wanted`, best
/// first, each offer once: `candidates` pairs each name with its offer.
fn nearest_offers<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
) -> Vec<&'a str> {
    let scored =
        candidates.filter_map(|(name, offer)| Some((closeness(wanted, name)?, name, offer)));
    let mut scored: Vec<(f64, &str, &str)> = scored.collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    let mut offers = Vec::new();
    for (_, _, offer) in scored.into_iter().take(3) {
        if !offers.contains(&offer) {
            offers.push(offer);
        }
    }
    offers
}

/// `; did you mean "X"?` for the names closest to `wanted`, or nothing.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(&nearest(wanted, candidates))
}

/// `; did you mean "X"?`, or nothing when there is nothing to offer.
pub fn did_you_mean(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("{o:?}")).collect();
    match &quoted[..] {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of {}?", many.join(", ")),
    }
}

/// The id of the partner a name, id, alias or ISO code denotes (any case).
pub fn partner_id(conn: &Connection, name: &str) -> anyhow::Result<String> {
    // Spaces around a name are a slip of the keyboard, not part of it.
    let name = name.trim();
    if let Some(id) = find_partner(conn, name)? {
        return Ok(id);
    }
    let names = partner_names(conn)?;
    Err(error::usage(format!(
        "no partner called {name:?}{} (`apsc report partners` lists them)",
        suggest(name, names.iter().map(String::as_str))
    )))
}

/// The id of the partner a name, id, alias or ISO code denotes (any case),
/// if any does.
pub fn find_partner(conn: &Connection, name: &str) -> anyhow::Result<Option<String>> {
    let sql = "SELECT id FROM partners WHERE id = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE
               UNION SELECT partner_id FROM partner_aliases WHERE alias = ?1
               UNION SELECT id FROM partners WHERE iso3 = upper(?1)
               LIMIT 1";
    Ok(conn.query_row(sql, [name], |row| row.get(0)).optional()?)
}

/// Every name a partner goes by: names and aliases, to suggest from.
pub fn partner_names(conn: &Connection) -> anyhow::Result<Vec<String>> {
    let sql = "SELECT name FROM partners UNION SELECT alias FROM partner_aliases";
    let mut stmt = conn.prepare(sql)?;
    let names = stmt.query_map([], |row| row.get(0))?;
    Ok(names.collect::<Result<_, _>>()?)
}

/// The id of the area an id, section or name denotes (any case).
pub fn area_id(conn: &Connection, name: &str) -> anyhow::Result<String> {
    let mut stmt = conn.prepare("SELECT id, section, name FROM areas ORDER BY section")?;
    let areas = stmt.query_map([], |row| Ok([row.get(0)?, row.get(1)?, row.get(2)?]))?;
    let areas: Vec<[String; 3]> = areas.collect::<Result<_, _>>()?;
    let is = |area: &[String; 3]| area.iter().any(|s| s.eq_ignore_ascii_case(name));
    // The short names the per-area columns go by (`cyber`, `crime`,
    // `nonprolif`): the one area with a word of its id that starts so.
    let short = name.to_ascii_lowercase();
    let starts = |id: &str| {
        let joined = id.replace('-', "");
        let mut words = id.split('-').chain([joined.as_str()]);
        short.len() >= 3 && words.any(|w| w.starts_with(&short))
    };
    let shorts: Vec<_> = areas.iter().filter(|a| starts(&a[0])).collect();
    let short_match = (shorts.len() == 1).then(|| shorts[0]);
    if let Some(area) = areas.iter().find(|area| is(area)).or(short_match) {
        return Ok(area[0].clone());
    }
    // Suggest by id, section or name, each area once, by its id.
    let names = areas
        .iter()
        .flat_map(|a| a.iter().map(|s| (s.as_str(), a[0].as_str())));
    let ids: Vec<&str> = areas.iter().map(|a| a[0].as_str()).collect();
    Err(error::usage(format!(
        "no area called {name:?}{} (the areas are: {})",
        did_you_mean(&nearest_offers(name, names)),
        ids.join(", ")
    )))
}

/// The facts `wanted` names, as (table, id): `meetings/ID` or `meeting/ID`
/// in any case, or a bare ID, which may be in more than one table, or else
/// a fact's name in any case.
pub fn find_facts(conn: &Connection, wanted: &str) -> anyhow::Result<Vec<(String, String)>> {
    let lower = wanted.trim().to_lowercase();
    let (table, id) = match lower.split_once('/') {
        Some((table, id)) => (Some(table), id),
        None => (None, lower.as_str()),
    };
    let mut stmt = conn.prepare(
        "SELECT fact_table, fact_id FROM facts
          WHERE fact_id = ?2 AND coalesce(?1 IN (fact_table, rtrim(fact_table, 's')), 1)
         UNION ALL
         SELECT fact_table, fact_id FROM facts
          WHERE ?1 IS NULL AND name = ?3 COLLATE NOCASE
            AND NOT EXISTS (SELECT 1 FROM facts WHERE fact_id = ?2)",
    )?;
    let found = stmt.query_map((table, id, wanted.trim()), |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// `; did you mean "X"?` for the fact keys (`meetings/ID`), fact names and
/// `others` nearest `wanted`; a bare id that comes near is offered as its key.
pub fn suggest_facts(conn: &Connection, wanted: &str, others: &[String]) -> anyhow::Result<String> {
    // Each name that may come near, and what to offer for it; an id first.
    let mut stmt = conn.prepare(
        "WITH f AS (SELECT fact_id AS id, fact_table || '/' || fact_id AS key, name FROM facts)
         SELECT id, key FROM f UNION ALL SELECT key, key FROM f UNION ALL SELECT name, name FROM f",
    )?;
    let offers = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let mut names: Vec<(String, String)> = offers.collect::<Result<_, _>>()?;
    names.extend(others.iter().map(|other| (other.clone(), other.clone())));
    let names = names
        .iter()
        .map(|(name, offer)| (name.as_str(), offer.as_str()));
    Ok(did_you_mean(&nearest_offers(wanted, names)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspellings_and_contained_words_are_offered() {
        assert_eq!(
            nearest("partnr", ["partner", "partners", "timeline"]),
            vec!["partner", "partners"]
        );
        assert!(nearest("zzz", ["partner", "timeline"]).is_empty());
        assert_eq!(
            nearest("Korea", ["Republic of Korea", "Kenya", "Japan"]),
            vec!["Republic of Korea"]
        );
        assert_eq!(
            nearest("Malaysai", ["Malaysia", "Myanmar"]),
            vec!["Malaysia"]
        );
    }

    #[test]
    fn a_name_for_another_group_is_not_offered() {
        // The text speaks of "Southeast Asian countries" apart from ASEAN.
        assert!(
            nearest(
                "Southeast Asian countries",
                [
                    "the ASEAN countries",
                    "ASEAN",
                    "Association of Southeast Asian Nations",
                    "SCO member states"
                ]
            )
            .is_empty()
        );
        assert!(nearest("Pacific countries", ["the ASEAN countries"]).is_empty());
    }

    fn areas() -> rusqlite::Result<Connection> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(
            "CREATE TABLE areas (id TEXT, section TEXT, name TEXT);
             INSERT INTO areas VALUES ('cyber-security', 'VI.4', 'Cyber Security');",
        )?;
        Ok(conn)
    }

    #[test]
    fn an_area_is_found_by_id_section_or_name_in_any_case() -> anyhow::Result<()> {
        let conn = areas()?;
        for name in ["cyber-security", "vi.4", "CYBER SECURITY"] {
            assert_eq!(area_id(&conn, name)?, "cyber-security");
        }
        let err = area_id(&conn, "space").unwrap_err();
        assert!(error::is_kind(&err, |e| matches!(
            e,
            error::Error::Usage(_)
        )));
        Ok(())
    }
}
