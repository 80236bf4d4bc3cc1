//! The curation of the seed, pinned against the words of the sentences each
//! judgement rests on: the text says it, so the knowledge base says it.

use rusqlite::Connection;

use crate::util::{TestDir, restored_text};

fn one(conn: &Connection, sql: &str, params: &[&str]) -> String {
    conn.query_row(sql, rusqlite::params_from_iter(params), |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql} {params:?}: {e}"))
}

fn role(conn: &Connection, fact_table: &str, fact_id: &str, partner: &str) -> Option<String> {
    conn.query_row(
        "SELECT role FROM fact_partners WHERE fact_table = ?1 AND fact_id = ?2 AND partner_id = ?3",
        [fact_table, fact_id, partner],
        |r| r.get(0),
    )
    .ok()
}

fn seeded() -> (TestDir, Connection, String) {
    let t = TestDir::new();
    t.seeded();
    let conn = t.conn();
    (t, conn, restored_text())
}

#[test]
fn a_meeting_theme_the_text_gives_is_its_own_column() {
    let (_t, conn, text) = seeded();
    assert!(text.contains(
        "China-ASEAN Ministerial Dialogue on Law Enforcement and Security Cooperation with the theme \"Security for Prosperity\""
    ));
    let theme = one(
        &conn,
        "SELECT theme FROM meetings WHERE id = 'china-asean-le-dialogue'",
        &[],
    );
    assert_eq!(theme, "Security for Prosperity");
}

#[test]
fn the_observation_station_has_the_role_of_its_sibling_in_the_sentence() {
    let (_t, conn, text) = seeded();
    assert!(text.contains(
        "The construction of the China-Indonesia Center for the Oceans and Climate, and the Joint Oceanic Observation Station proceeded"
    ));
    let role_of = |id: &str| {
        one(
            &conn,
            "SELECT china_role FROM operations WHERE id = ?1",
            &[id],
        )
    };
    assert_eq!(
        role_of("joint-oceanic-observation-station"),
        role_of("china-indonesia-oceans-climate-center")
    );
    let note = one(
        &conn,
        "SELECT note FROM operations WHERE id = 'joint-oceanic-observation-station'",
        &[],
    );
    assert!(
        note.contains("Indonesia"),
        "the ambiguity is recorded: {note}"
    );
}

#[test]
fn member_states_named_as_a_group_are_coded_as_their_organisation_visibly() {
    let (_t, conn, text) = seeded();
    assert!(text.contains("China and other SCO member states have jointly submitted"));
    assert_eq!(
        role(
            &conn,
            "agreements",
            "code-of-conduct-information-security",
            "sco"
        )
        .as_deref(),
        Some("member-states")
    );
    assert!(text.contains("China and the ASEAN countries conducted a series of exchanges"));
    assert_eq!(
        role(
            &conn,
            "operations",
            "china-asean-maritime-exchanges",
            "asean"
        )
        .as_deref(),
        Some("member-states")
    );
}

#[test]
fn the_un_covers_both_the_forum_and_the_wsis_meeting_it_names() {
    let (_t, conn, text) = seeded();
    assert!(text.contains(
        "the UN internet Governance Forum and the High-Level Meeting on the Overall Review"
    ));
    assert!(role(&conn, "meetings", "wsis-review-hlm", "un").is_some());
    assert!(role(&conn, "meetings", "un-igf", "un").is_some());
}

#[test]
fn the_counter_terrorism_exchanges_count_once_on_their_engagements() {
    let (_t, conn, text) = seeded();
    assert!(text.contains(
        "by taking an active part in the APEC Counterterrorism Working Group, the Global Counterterrorism Forum and the ASEAN plus China Meeting"
    ));
    // Each format is an engagement of its own, linked there; the statement
    // holds only what taking part achieved, and repeats no link.
    for (meeting, partner, as_) in [
        ("apec-ctwg", "apec", "convener"),
        ("gctf", "gctf", "convener"),
        ("asean-china-mm-transnational-crime", "asean", "counterpart"),
    ] {
        assert_eq!(
            role(&conn, "meetings", meeting, partner).as_deref(),
            Some(as_),
            "{meeting}"
        );
        assert_eq!(
            role(&conn, "statements", "counter-terrorism-exchanges", partner),
            None
        );
    }
    let waived = one(
        &conn,
        "SELECT CAST(count(*) AS TEXT) FROM mention_waivers WHERE fact_id = 'gctf'",
        &[],
    );
    assert_eq!(
        waived, "0",
        "the forum's own fact links it, and waives nothing"
    );
}

#[test]
fn the_safe_mekong_operation_was_by_china_and_three_parties() {
    let (_t, conn, text) = seeded();
    assert!(
        text.contains(
            "the Second Safe Mekong Joint Operation by China, Laos, Myanmar and Thailand"
        )
    );
    let china = one(
        &conn,
        "SELECT china_role FROM operations WHERE id = 'safe-mekong-joint-operation-2'",
        &[],
    );
    assert_eq!(china, "party");
    for partner in ["laos", "myanmar", "thailand"] {
        assert_eq!(
            role(
                &conn,
                "operations",
                "safe-mekong-joint-operation-2",
                partner
            )
            .as_deref(),
            Some("party")
        );
    }
}

#[test]
fn the_training_course_and_tabletop_exercise_are_one_hosted_event() {
    let (_t, conn, text) = seeded();
    let named = "the Asia-Pacific Mass Rescue Operation Training Course and Tabletop Exercise";
    assert!(text.contains(named));
    let kinds: Vec<(String, String, String, String)> = conn
        .prepare(
            "SELECT fact_table, fact_id, kind, china_role FROM facts
              WHERE name LIKE 'Asia-Pacific Mass Rescue Operation%' ORDER BY fact_table",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let one_event = (
        "exercises".to_string(),
        "ap-mass-rescue-course-and-tabletop-exercise".to_string(),
        "tabletop-exercise".to_string(),
        "host".to_string(),
    );
    assert_eq!(kinds, [one_event]);
    let name = one(
        &conn,
        "SELECT name FROM exercises WHERE id = 'ap-mass-rescue-course-and-tabletop-exercise'",
        &[],
    );
    assert!(named.ends_with(&name), "{name}");
}

#[test]
fn roles_follow_what_the_text_says_china_did() {
    let (_t, conn, text) = seeded();
    // "supported the capacity building and development of the Information
    // Sharing Center under the ... Agreement": the support, not the agreement.
    assert!(text.contains(
        "China has vigorously supported the capacity building and development of the Information Sharing Center under the Regional Cooperation Agreement"
    ));
    let supported = one(
        &conn,
        "SELECT CAST(count(*) AS TEXT) FROM agreements WHERE name LIKE '%Piracy%' AND china_role = 'supporter'",
        &[],
    );
    assert_eq!(supported, "0");
    assert_eq!(
        role(&conn, "operations", "isc-capacity-building", "isc").as_deref(),
        Some("recipient")
    );
    // "implemented the outcomes of all the review conferences": the outcomes.
    assert!(
        text.contains("China has earnestly implemented the outcomes of all the review conferences")
    );
    let npt = one(
        &conn,
        "SELECT name || '|' || china_role FROM agreements WHERE id = 'npt-review-conference-outcomes'",
        &[],
    );
    assert!(
        npt.starts_with("Outcomes of the review conferences") && npt.ends_with("|implementer"),
        "{npt}"
    );
    // A side of a joint undertaking is a party, as in the parallel ones.
    assert!(
        text.contains(
            "China has continued its cooperation with Australia and Malaysia in the search"
        )
    );
    assert!(
        text.contains("China has cooperated with a number of neighboring countries in combating")
    );
    for (table, id) in [
        ("operations", "mh370-search"),
        ("operations", "terrorism-related-human-smuggling"),
    ] {
        let china = one(
            &conn,
            &format!("SELECT china_role FROM {table} WHERE id = ?1"),
            &[id],
        );
        assert_eq!(china, "party", "{id}");
    }
    for partner in ["australia", "malaysia"] {
        assert_eq!(
            role(&conn, "operations", "mh370-search", partner).as_deref(),
            Some("party")
        );
    }
    // Every organisation's name is spelled out, P5 too.
    let p5 = one(&conn, "SELECT name FROM partners WHERE id = 'p5'", &[]);
    assert!(p5.contains("(P5)") && p5.len() > "P5".len(), "{p5}");
}

#[test]
fn the_three_countries_figure_counts_the_three_the_sentence_names() {
    let (_t, conn, text) = seeded();
    assert!(text.contains(
        "when Malaysia, Myanmar and Sri Lanka were hit by devastating floods, China immediately provided relief supplies to the three countries"
    ));
    let (table, id) = conn
        .query_row(
            "SELECT fact_table, fact_id FROM figures WHERE value_text = 'three' AND unit = 'countries'",
            [],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .unwrap();
    // The statement holding the figure repeats no link: each country is
    // linked once, on the relief operation of the same sentence.
    assert_eq!(
        (table.as_str(), id.as_str()),
        ("statements", "flood-relief-three-countries")
    );
    let links = one(
        &conn,
        "SELECT CAST(count(*) AS TEXT) FROM fact_partners WHERE fact_table = ?1 AND fact_id = ?2",
        &[&table, &id],
    );
    assert_eq!(links, "0");
    let partners = one(
        &conn,
        "SELECT group_concat(fact_id || ':' || partner_id, ',') FROM (SELECT fact_id, partner_id
           FROM fact_partners WHERE fact_table = 'operations' AND fact_id LIKE 'flood-relief-%'
          ORDER BY fact_id)",
        &[],
    );
    assert_eq!(
        partners,
        "flood-relief-malaysia:malaysia,flood-relief-myanmar:myanmar,flood-relief-sri-lanka:sri-lanka"
    );
}

#[test]
fn every_changed_judgement_says_why_in_a_note() {
    let (_t, conn, _) = seeded();
    for (table, id) in [
        ("operations", "joint-oceanic-observation-station"),
        ("operations", "safe-mekong-joint-operation-2"),
        ("operations", "isc-capacity-building"),
        ("agreements", "npt-review-conference-outcomes"),
        ("agreements", "untoc"),
        ("meetings", "gctf"),
        ("exercises", "ap-mass-rescue-course-and-tabletop-exercise"),
        ("operations", "mh370-search"),
        ("operations", "terrorism-related-human-smuggling"),
        ("statements", "flood-relief-three-countries"),
        ("meetings", "china-sea-marine-forum-3"),
        ("statements", "cyberspace-regime"),
    ] {
        let note: Option<String> = conn
            .query_row(
                &format!("SELECT note FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            note.is_some_and(|n| n.len() > 20),
            "{table}/{id} has no note"
        );
    }
}
