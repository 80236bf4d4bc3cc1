//! The codings from beyond a fact's own words, pinned against the text and
//! the seed files: one-off events dated as sets, dates inferred from a
//! paragraph's frame, identifiers that join other datasets, memberships and
//! the engagements they expand into; and `apsc check` holding each.

use rusqlite::Connection;

use crate::util::{TestDir, number, restored_text, seed_rows, strings};

fn one(conn: &Connection, sql: &str) -> String {
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[test]
fn one_off_events_since_2015_are_sets_and_a_named_year_is_its_year() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    // "Since 2015 China has hosted the Asia-Pacific Heads of Maritime
    // Administrations Conference, ...": each held once, some time from 2015
    // to the paper (published 2017-01-11).
    assert!(
        restored_text().contains("Since 2015 China has hosted the Asia-Pacific Heads of Maritime")
    );
    for id in ["ap-heads-maritime-admin", "lighthouse-training-course"] {
        let date = one(
            &conn,
            &format!(
                "SELECT date_edtf || ' ' || date_start || ' ' || date_end FROM meetings WHERE id = '{id}'"
            ),
        );
        assert_eq!(date, "[2015..2017-01] 2015 2017-01", "{id}");
    }
    // "the multitask exercise "Cooperation for Law Enforcement 2015"".
    assert!(restored_text().contains("\"Cooperation for Law Enforcement 2015\""));
    let named = one(
        &conn,
        "SELECT date_edtf || '|' || coalesce(date_end, '') FROM exercises
          WHERE id = 'npcgf-cooperation-for-law-enforcement-2015'",
    );
    assert_eq!(named, "2015|");
    // What goes on since 2015 stays open.
    assert!(restored_text().contains(
        "Since 2015 China has continued to promote cyber security within the UN framework"
    ));
    let open = one(
        &conn,
        "SELECT date_edtf FROM statements WHERE id = 'cyber-security-in-un'",
    );
    assert_eq!(open, "2015/..");
}

#[test]
fn a_frame_dates_the_facts_of_its_paragraph_as_inferred_and_apart() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let frame = "Since 2015 the Chinese government has been actively involved in and promoted \
                 exchanges and cooperation on disaster relief in the Asia-Pacific region.";
    assert!(restored_text().contains(frame));
    // Every event of the next sentence takes the frame's date; its own stays empty.
    let framed = strings(
        &conn,
        "SELECT c.fact_table || '/' || c.fact_id FROM context_dates c
           JOIN facts f ON f.fact_table = c.fact_table AND f.fact_id = c.fact_id
          WHERE c.frame = ?1 AND f.date_edtf IS NULL ORDER BY 1",
        [frame],
    );
    assert_eq!(framed.len(), 8, "{framed:?}");
    assert!(framed.contains(&"meetings/amcdrr".to_string()));
    let row = one(
        &conn,
        "SELECT context_edtf || ' ' || context_start || ' ' || context_end || ' ' || coalesce(date_edtf, '-')
           FROM facts_long WHERE fact_type = 'meeting' AND fact_id = 'amcdrr'",
    );
    assert_eq!(row, "[2015..2017-01] 2015 2017-01 -");
    // The frame is quoted where it stands in the text, opening the paragraph.
    let placed = number(
        &conn,
        "SELECT count(*) FROM context_dates c JOIN documents d
          WHERE substr(d.text, c.frame_start + 1, c.frame_end - c.frame_start) = c.frame",
    );
    assert_eq!(placed, number(&conn, "SELECT count(*) FROM context_dates"));
    // The seed's rows are the table's.
    assert_eq!(seed_rows("context_dates.csv").len() as i64, placed);
    let bases = strings(
        &conn,
        "SELECT DISTINCT basis FROM context_dates ORDER BY 1",
        [],
    );
    assert_eq!(bases, ["frame", "paragraph"]);
}

#[test]
fn every_country_joins_other_datasets_and_the_big_organisations_have_wikidata() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    let countries = number(
        &conn,
        "SELECT count(*) FROM partners WHERE kind = 'country'",
    );
    let coded = number(
        &conn,
        "SELECT count(*) FROM partners WHERE kind = 'country' AND iso_alpha2 IS NOT NULL
            AND iso_numeric IS NOT NULL AND cow_code IS NOT NULL AND cow_abbrev IS NOT NULL
            AND m49_region_code IS NOT NULL AND m49_subregion_code IS NOT NULL AND wikidata IS NOT NULL",
    );
    assert_eq!(coded, countries);
    // Values every list of these codes agrees on.
    let china = one(
        &conn,
        "SELECT iso_alpha2 || ' ' || iso_numeric || ' ' || cow_code || ' ' || cow_abbrev || ' '
                || m49_region_code || ' ' || m49_subregion_code || ' ' || wikidata
           FROM partners WHERE id = 'china'",
    );
    assert_eq!(china, "CN 156 710 CHN 142 030 Q148");
    assert_eq!(
        one(
            &conn,
            "SELECT typeof(iso_numeric) FROM partners WHERE id = 'afghanistan'"
        ),
        "text"
    );
    assert_eq!(
        one(
            &conn,
            "SELECT iso_numeric FROM partners WHERE id = 'afghanistan'"
        ),
        "004"
    );
    for (id, q) in [
        ("un", "Q1065"),
        ("eu", "Q458"),
        ("asean", "Q7768"),
        ("sco", "Q485207"),
        ("apec", "Q170481"),
        ("brics", "Q243630"),
    ] {
        assert_eq!(
            one(
                &conn,
                &format!("SELECT wikidata FROM partners WHERE id = '{id}'")
            ),
            q
        );
    }
    // The report carries them.
    let (header, rows) = t.csv(&["report", "partners"]);
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rok = rows.iter().find(|r| r[0] == "Republic of Korea").unwrap();
    assert_eq!(
        (rok[at("iso3")].as_str(), rok[at("cow_code")].as_str()),
        ("KOR", "732")
    );
    // The official names are aliases.
    for (alias, id) in [
        ("ReCAAP Information Sharing Centre", "isc"),
        ("North Pacific Coast Guard Forum", "npcgf"),
    ] {
        let found = one(
            &conn,
            &format!("SELECT partner_id FROM partner_aliases WHERE alias = '{alias}'"),
        );
        assert_eq!(found, id);
    }
}

#[test]
fn memberships_expand_an_engagement_apart_from_its_links() {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    assert_eq!(
        number(&conn, "SELECT count(*) FROM memberships") as usize,
        seed_rows("memberships.csv").len()
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM memberships WHERE organization_id = 'sco'"
        ),
        6
    );
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM memberships WHERE organization_id = 'asean'"
        ),
        10
    );
    // The Eighth SCO Meeting of Heads of Emergency ... Agencies reaches the
    // five members besides China, through the SCO; the text links none.
    let reached = strings(
        &conn,
        "SELECT member || ':' || reached || ':' || linked FROM fact_members
          WHERE fact_type = 'meeting' AND fact_id = 'sco-emergency-heads-8' ORDER BY member",
        [],
    );
    assert_eq!(
        reached,
        [
            "kaz:through sco:0",
            "kgz:through sco:0",
            "russia:through sco:0",
            "tajikistan:through sco:0",
            "uzb:through sco:0"
        ]
    );
    // A framework or a recipient reaches no member: the UN framework of a
    // convention, or of its Group of Governmental Experts (a few governments).
    for fact in [
        "untoc",
        "un-gge-cyber",
        "code-of-conduct-information-security",
    ] {
        let n = number(
            &conn,
            &format!(
                "SELECT count(*) FROM fact_members WHERE fact_id = '{fact}' AND organization_id = 'un'"
            ),
        );
        assert_eq!(n, 0, "{fact}");
    }
    // An organisation that is a member has no country code.
    let eu = number(
        &conn,
        "SELECT count(*) FROM fact_members WHERE member = 'eu' AND member_iso3 IS NOT NULL",
    );
    assert_eq!(eu, 0);
    // Statements are positions, not engagements: never expanded.
    assert_eq!(
        number(
            &conn,
            "SELECT count(*) FROM fact_members WHERE fact_type = 'statement'"
        ),
        0
    );
    // A non-state member is marked as what it is.
    let kinds = strings(
        &conn,
        "SELECT member_kind FROM memberships WHERE organization_id = 'apec' AND member IN ('hkg', 'twn')",
        [],
    );
    assert_eq!(kinds, ["economy", "economy"]);
}

#[test]
fn check_fails_an_identifier_or_context_date_out_of_its_form() {
    let t = TestDir::new();
    t.seeded();
    t.apsc(&["check"]).success();
    let conn = t.conn();
    conn.execute_batch(
        "UPDATE partners SET m49_region_code = NULL, m49_region = NULL WHERE id = 'nepal';
         UPDATE context_dates SET passage_id = passage_id + 1 WHERE fact_id = 'amcdrr';",
    )
    .unwrap();
    t.apsc(&["check", "--format", "csv"])
        .code_is(1)
        .stdout_has("partners/nepal: a country has all its ISO, COW and M49 codes or none")
        .stdout_has("context_dates/meetings/amcdrr: the frame is not in the fact's paragraph");
}
