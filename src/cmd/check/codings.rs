//! The checks of the codings an analyst compares by: each fact's coded form
//! against the form its partner links imply (a departure needs its note),
//! and what comes from beyond the fact's own words: partner identifiers of
//! the right form, memberships of organisations, context dates whose frame
//! opens the fact's paragraph, and sets bounded by the paper's date.

use rusqlite::Connection;

use super::verdict::{Verdict, strings, verdict};

/// The form the links imply, by the rule the codebook states: no partner
/// and no unnamed group, unilateral; any organisation, forum or unnamed
/// group, or more than two countries, multilateral; else one country
/// bilateral, two trilateral. A row per fact whose coded form differs from
/// it without a note, then what a pass says: the counts of facts and of
/// noted departures.
const FORMS: &str = "
WITH linked AS (
    SELECT fact_type || 's' AS fact_table, fact_id, form, unnamed_parties,
           count(partner_id) AS partners, sum(partner_kind <> 'country') AS groups
      FROM facts_long GROUP BY fact_type, fact_id),
judged AS (
    SELECT l.fact_table || '/' || l.fact_id AS fact, l.form, f.form_note,
           CASE WHEN l.partners = 0 AND l.unnamed_parties IS NULL THEN 'unilateral'
                WHEN l.unnamed_parties IS NOT NULL OR l.groups > 0 OR l.partners > 2
                    THEN 'multilateral'
                WHEN l.partners = 1 THEN 'bilateral' ELSE 'trilateral' END AS by_links
      -- By table and id, so that SQLite looks each fact up by its key.
      FROM linked l JOIN facts f USING (fact_table, fact_id))
SELECT fact || ': coded ' || form || ', the links give ' || by_links || ', and no form_note says why',
       0 AS summary
  FROM judged WHERE form <> by_links AND form_note IS NULL
 UNION ALL
SELECT printf('%,d facts, each with a coded form; %,d depart from what their links imply, each '
              || 'with a form_note saying why', count(*), sum(form <> by_links)), 1
  FROM judged
 ORDER BY summary, 1";

pub fn forms(conn: &Connection) -> anyhow::Result<Verdict> {
    let mut failures = strings(conn, FORMS, [], "the forms")?;
    let ok = failures.pop().unwrap_or_default();
    Ok(verdict(&failures, ok))
}

/// A row per problem with what comes from beyond a fact's own words.
const CONTEXT: &str = "
SELECT 'partners/' || id || ': ' || CASE
         WHEN kind = 'country' AND (iso_alpha2 IS NULL) + (iso_numeric IS NULL) + (cow_code IS NULL)
              + (cow_abbrev IS NULL) + (m49_region_code IS NULL) + (m49_subregion_code IS NULL)
              NOT IN (0, 6) THEN 'a country has all its ISO, COW and M49 codes or none'
         WHEN kind <> 'country' AND coalesce(iso_alpha2, iso_numeric, cow_code, cow_abbrev,
              m49_region_code, m49_subregion_code) IS NOT NULL
              THEN 'only a country has ISO, COW and M49 codes'
         WHEN NOT (wikidata GLOB 'Q[1-9]*' AND wikidata NOT GLOB 'Q*[^0-9]*')
              THEN 'wikidata ' || quote(wikidata) || ' is not a Q-id' END
  FROM partners
UNION ALL
SELECT 'memberships/' || m.organization_id || '/' || m.member || ': ' || CASE
         WHEN o.kind = 'country' THEN 'a country has no members'
         WHEN p.kind = 'country' AND m.member_kind <> 'state'
              THEN 'the member is a country partner, so a state' END
  FROM memberships m JOIN partners o ON o.id = m.organization_id
  LEFT JOIN partners p ON p.id = m.member
UNION ALL
SELECT 'context_dates/' || c.fact_table || '/' || c.fact_id || ': ' || CASE
         WHEN f.fact_id IS NULL THEN 'no such fact'
         WHEN f.date_edtf IS NOT NULL THEN 'the fact has its own date, ' || f.date_edtf
         WHEN c.passage_id <> f.passage_id THEN 'the frame is not in the fact''s paragraph'
         WHEN c.frame_start > f.quote_start THEN 'the frame does not open the fact''s paragraph' END
  FROM context_dates c LEFT JOIN facts f ON f.fact_table = c.fact_table AND f.fact_id = c.fact_id
UNION ALL
SELECT f.fact_table || '/' || f.fact_id || ': the set ' || f.date_edtf
       || ' ends after the paper''s date, ' || d.published
  FROM facts f JOIN passages p ON p.id = f.passage_id JOIN documents d ON d.id = p.document_id
 WHERE f.date_edtf GLOB '[[]*' AND f.date_end > substr(d.published, 1, length(f.date_end))";

/// What a pass of the context check says.
const CONTEXT_COUNTED: &str = "
SELECT printf('%,d countries with ISO, COW and M49 codes, %,d partners with a Wikidata id, '
              || '%,d memberships, %,d context dates each framed by its paragraph''s opening',
              (SELECT count(*) FROM partners WHERE kind = 'country' AND cow_code IS NOT NULL),
              (SELECT count(*) FROM partners WHERE wikidata IS NOT NULL),
              (SELECT count(*) FROM memberships), (SELECT count(*) FROM context_dates))";

pub fn context(conn: &Connection) -> anyhow::Result<Verdict> {
    let failures = strings(conn, CONTEXT, [], "identifiers and context")?;
    let ok = strings(conn, CONTEXT_COUNTED, [], "identifiers and context")?.concat();
    Ok(verdict(&failures, ok))
}
