//! The curation: each fact's date in EDTF agreeing with the words of the
//! text, in the seed and in the file (`apsc check`'s "dates"); every partner
//! a quote names linked or waived ("mentions"); and a version 4 database
//! upgraded to version 5 with its dates in EDTF.

use std::fs;
use std::path::Path;

use apsc::cmd::check::curation::unlinked_mentions;
use rusqlite::Connection;

use crate::seed_problems::edit;
use crate::util::{TestDir, restored_text, source_text};

/// The 1-based line of the first line of `path` holding `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    let text = fs::read_to_string(path).unwrap();
    1 + text.lines().position(|l| l.contains(needle)).unwrap()
}

/// Seed `dir` and expect it refused with lines starting with each of `wanted`.
fn refused_with(t: &TestDir, dir: &Path, wanted: &[String]) {
    let run = t
        .apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .clean_stderr();
    for problem in wanted {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with(problem.as_str())),
            "no line starts with {problem:?}\n{}",
            run.stderr()
        );
    }
}

#[test]
fn a_seed_date_must_say_in_edtf_what_its_words_say() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // "Since 2015 China has hosted the Asia-Pacific Heads of Maritime ..."
    assert!(restored_text().contains("Since 2015 China has hosted"));
    let meetings = dir.join("meetings.csv");
    let since = line_of(&meetings, ",Since 2015,[2015..2017-01],");
    edit(&meetings, |t| {
        t.replacen(",Since 2015,[2015..2017-01],", ",Since 2015,2015,", 1)
    });
    // "From December 2008 to January 2016 Chinese fleets ... as escorts"
    assert!(restored_text().contains("From December 2008 to January 2016 Chinese fleets"));
    let operations = dir.join("operations.csv");
    let escorts = line_of(&operations, "gulf-of-aden-escorts");
    edit(&operations, |t| t.replacen(",2008-12/2016-01,", ",,", 1));
    refused_with(
        &t,
        &dir,
        &[
            format!(
                "meetings.csv:{since}: `date_edtf` \"2015\" is a single date, but `date_text` \
                 \"Since 2015\" calls for an open interval (…/..) or one of a set ([…..…]): \
                 it begins \"Since\"; it should be \"2015/..\" for what goes on, or \"[2015..]\" \
                 for an event held once since"
            ),
            format!(
                "operations.csv:{escorts}: `date_edtf` is empty; `date_text` \"From December 2008 \
                 to January 2016\" calls for a closed interval (…/…) in EDTF"
            ),
        ],
    );
}

#[test]
fn a_waiver_names_a_fact_that_exists_and_says_why() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let waivers = "fact_table,fact_id,name,reason\n\
                   meetings,no-such-meeting,the US,a reason\n\
                   exercises,arf-direx-4,Malaysia,\n\
                   treaties,npt,P5,a reason\n";
    fs::write(dir.join("mention_waivers.csv"), waivers).unwrap();
    refused_with(
        &t,
        &dir,
        &[
            "mention_waivers.csv:2: unknown fact_id \"no-such-meeting\"".into(),
            "mention_waivers.csv:3: `reason` is empty".into(),
            "mention_waivers.csv:4: `fact_table` \"treaties\" is not one of".into(),
        ],
    );
}

/// The row a check printed, from `apsc check --format csv`.
fn check_row(t: &TestDir, check: &str) -> String {
    let out = t.apsc(&["check", "--format", "csv"]).stdout();
    out.lines()
        .find(|l| l.starts_with(&format!("{check},")))
        .unwrap_or_else(|| panic!("no {check} row:\n{out}"))
        .trim_end()
        .to_string()
}

#[test]
fn the_dates_check_catches_a_date_edited_in_another_tool() {
    let t = TestDir::new();
    t.seeded();
    assert!(check_row(&t, "dates").starts_with("dates,ok,"));
    assert!(source_text().contains("Since 2015"));
    let conn = t.conn();
    let (table, id): (String, String) = conn
        .query_row(
            "SELECT fact_table, fact_id FROM facts WHERE date_text = 'Since 2015' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // The schema takes it (a single date equal to date_start); the words do not.
    conn.execute(
        &format!("UPDATE {table} SET date_edtf = '2015' WHERE id = ?1"),
        [&id],
    )
    .unwrap();
    drop(conn);
    let row = check_row(&t, "dates");
    assert!(row.starts_with("dates,FAILED,"), "{row}");
    let wanted = format!("{table}/{id}: `date_edtf` \"\"2015\"\" is a single date");
    assert!(row.contains(&wanted), "{row}");
    assert!(row.contains("it should be \"\"2015/..\"\""), "{row}");
    t.apsc(&["check"]).code_is(1);
}

/// Waive every mention the database at `db` leaves unlinked, in `dir`'s
/// mention_waivers.csv.
fn waive_all(db: &Path, dir: &Path) -> usize {
    let conn = Connection::open(db).unwrap();
    let unlinked = unlinked_mentions(&conn).unwrap().unlinked;
    let mut out = csv::Writer::from_writer(Vec::new());
    for u in &unlinked {
        let reason = "named in the sentence, not a party to this fact";
        out.write_record([&u.fact_table, &u.fact_id, &u.name, reason])
            .unwrap();
    }
    let rows = String::from_utf8(out.into_inner().unwrap()).unwrap();
    edit(&dir.join("mention_waivers.csv"), |t| t + &rows);
    unlinked.len()
}

#[test]
fn the_mentions_check_reports_a_partner_named_but_not_linked() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let seed = |dir: &Path| {
        t.apsc(&["seed", "--from", dir.to_str().unwrap()]).success();
    };
    seed(&dir);
    waive_all(&t.db(), &dir);
    seed(&dir);
    let row = check_row(&t, "mentions");
    assert!(row.starts_with("mentions,ok,"), "{row}");
    t.apsc(&["check"]).success();

    // "co-hosted with Malaysia the Fourth ARF Disaster Relief Exercise": the
    // exercise's clause names Malaysia; without its link, check says so.
    assert!(
        restored_text().contains("co-hosted with Malaysia the Fourth ARF Disaster Relief Exercise")
    );
    edit(&dir.join("exercise_partners.csv"), |t| {
        assert!(t.contains("arf-direx-4,Malaysia,co-host,"));
        t.replace("arf-direx-4,Malaysia,co-host,\n", "")
    });
    seed(&dir);
    let row = check_row(&t, "mentions");
    assert!(row.starts_with("mentions,FAILED,\"1 of "), "{row}");
    assert!(
        row.ends_with("exercises/arf-direx-4 \"\"Malaysia\"\"\""),
        "{row}"
    );
    t.apsc(&["check"]).code_is(1);

    // A waiver with its reason clears it, in the name as the quote writes it.
    assert_eq!(waive_all(&t.db(), &dir), 1);
    seed(&dir);
    assert!(check_row(&t, "mentions").starts_with("mentions,ok,"));
}

#[test]
fn a_partner_inside_another_fact_s_name_is_not_this_fact_s_mention() {
    let t = TestDir::new();
    t.seeded();
    // One sentence names the Eighth SCO Meeting ... and the Third
    // China-Japan-ROK Tabletop Exercise: Japan belongs to the exercise.
    let text = restored_text();
    assert!(text.contains("the Eighth SCO Meeting of Heads of Emergency Prevention and Relief Agencies and the Third China-Japan-ROK Tabletop Exercise"));
    let unlinked = unlinked_mentions(&t.conn()).unwrap().unlinked;
    let of = |id: &str| -> Vec<&str> {
        unlinked
            .iter()
            .filter(|u| u.fact_id == id)
            .map(|u| u.name.as_str())
            .collect()
    };
    assert!(
        !of("sco-emergency-heads-8").contains(&"Japan"),
        "{unlinked:?}"
    );
    assert!(
        !of("china-japan-rok-tabletop-3").contains(&"Japan"),
        "{unlinked:?}"
    );
}

#[test]
fn a_waiver_of_a_fact_that_is_gone_fails_the_foreign_keys_check() {
    let t = TestDir::new();
    t.seeded();
    assert!(check_row(&t, "foreign keys").starts_with("foreign keys,ok,"));
    t.conn()
        .execute(
            "INSERT INTO mention_waivers (fact_table, fact_id, name, reason)
             VALUES ('meetings', 'no-such-meeting', 'the US', 'a reason')",
            [],
        )
        .unwrap();
    let row = check_row(&t, "foreign keys");
    assert!(row.starts_with("foreign keys,FAILED,"), "{row}");
    assert!(
        row.contains("mention waiver 'the US' -> meetings/no-such-meeting"),
        "{row}"
    );
}

#[test]
fn a_mention_judged_on_the_whole_sentence_says_the_fact_s_name_is_not_in_its_quote() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // The meeting's name, as its quote writes it, narrows the sentence to
    // its clause; renamed, the whole sentence is judged, and Malaysia (the
    // co-host of another fact in it) is this meeting's unlinked mention.
    let name = "Eighth SCO Meeting of Heads of Emergency Prevention and Relief Agencies";
    assert!(restored_text().contains(&format!("hosted the {name}")));
    edit(&dir.join("meetings.csv"), |t| {
        let row = format!("sco-emergency-heads-8,{name},");
        assert!(t.contains(&row));
        t.replace(&row, "sco-emergency-heads-8,SCO emergency heads meeting,")
    });
    t.apsc(&["seed", "--from", dir.to_str().unwrap()]).success();
    let row = check_row(&t, "mentions");
    assert!(row.starts_with("mentions,FAILED,"), "{row}");
    assert!(
        row.contains("meetings/sco-emergency-heads-8 \"\"Malaysia\"\" (name not in quote)"),
        "{row}"
    );
    // The exercise beside it, whose clause now holds the "SCO" of the
    // meeting's name as the text writes it, says whose name is missing.
    assert!(
        row.contains(
            "exercises/china-japan-rok-tabletop-3 \"\"SCO\"\" (in a sentence where the name of \
             meetings/sco-emergency-heads-8 is not)"
        ),
        "{row}"
    );
    assert!(
        row.contains("on the whole sentence when its name is not there"),
        "{row}"
    );
    t.apsc(&["check"]).code_is(1);
}

#[test]
fn a_date_must_be_what_its_words_say_and_its_words_in_the_quote() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // "In October 2015, China and ASEAN ..." dated 2015-10 in the seed.
    let meetings = dir.join("meetings.csv");
    let row = ",In October 2015,2015-10,";
    let dialogue = line_of(&meetings, "china-asean-le-dialogue,");
    let ministerial = line_of(&meetings, "mekong-le-ministerial,");
    edit(&meetings, |t| {
        let t = t.replacen(row, ",In October 2015,1999-01,", 1);
        // The shape agrees; the words are not the quote's.
        assert!(t.contains(row));
        t.replacen(row, ",In Octobre 2015,2015-10,", 1)
    });
    refused_with(
        &t,
        &dir,
        &[
            format!(
                "meetings.csv:{dialogue}: `date_edtf` \"1999-01\" says 1999, which `date_text` \
                 \"In October 2015\" does not: a date holds what its words say"
            ),
            format!(
                "meetings.csv:{ministerial}: `date_text` \"In Octobre 2015\" is not in the quote: \
                 keep the words the text dates it with, verbatim"
            ),
        ],
    );
    // The same dates edited in another tool: check holds them to the words.
    t.seeded();
    let conn = t.conn();
    conn.execute(
        "UPDATE meetings SET date_edtf = '2015-11' WHERE id = 'china-asean-le-dialogue'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE meetings SET date_text = 'In Octobre 2015' WHERE id = 'mekong-le-ministerial'",
        [],
    )
    .unwrap();
    drop(conn);
    let row = check_row(&t, "dates");
    assert!(row.starts_with("dates,FAILED,"), "{row}");
    assert!(
        row.contains("meetings/china-asean-le-dialogue: `date_edtf` \"\"2015-11\"\" says November"),
        "{row}"
    );
    assert!(
        row.contains("meetings/mekong-le-ministerial: `date_text` \"\"In Octobre 2015\"\" is not in the quote"),
        "{row}"
    );
    t.apsc(&["check"]).code_is(1);
}

#[test]
fn a_waiver_that_waives_nothing_fails_the_mentions_check() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // Malaysia is linked to the exercise it co-hosted; Japan is a partner,
    // but in that sentence it is the tabletop exercise's, not this one's.
    assert!(restored_text().contains(
        "and the Third China-Japan-ROK Tabletop Exercise on Disaster Management, co-hosted \
         with Malaysia the Fourth ARF Disaster Relief Exercise"
    ));
    edit(&dir.join("exercise_partners.csv"), |t| {
        assert!(t.contains("arf-direx-4,Malaysia,co-host,"));
        t
    });
    let waivers = dir.join("mention_waivers.csv");
    edit(&waivers, |t| {
        t + "exercises,arf-direx-4,Malaysia,a reason that no longer holds\n\
             exercises,arf-direx-4,Japan,a name this clause does not have\n"
    });
    t.apsc(&["seed", "--from", dir.to_str().unwrap()]).success();
    let row = check_row(&t, "mentions");
    assert!(
        row.starts_with(
            "mentions,FAILED,\"2 waivers of mention_waivers.csv waive nothing: remove the row \
             where the partner is linked, or where its name is not mentioned in that fact's \
             part of the quote: exercises/arf-direx-4 \"\"Japan\"\" (not mentioned there); \
             exercises/arf-direx-4 \"\"Malaysia\"\" (linked)\""
        ),
        "{row}"
    );
    t.apsc(&["check"]).code_is(1);
    // A name no partner goes by is refused when the seed loads.
    edit(&waivers, |t| {
        t + "exercises,arf-direx-4,Atlantis,a name no partner has\n"
    });
    let atlantis = line_of(&waivers, ",Atlantis,");
    refused_with(
        &t,
        &dir,
        &[format!(
            "mention_waivers.csv:{atlantis}: `name` \"Atlantis\" is no partner's name or alias"
        )],
    );
}
