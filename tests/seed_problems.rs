//! Bad seeds: every kind of broken seed directory is reported as
//! file:line, all problems of one run together, and nothing is loaded.

use std::fs;
use std::path::Path;

use crate::util::TestDir;

pub(crate) fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = fs::read_to_string(path).unwrap();
    fs::write(path, change(text)).unwrap();
}

/// The 1-based line of the first line holding `needle`.
fn line_of(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in {}", path.display()))
        + 1
}

/// What a seed of `dir` says as it is refused (exit 3, messages only).
fn refused(t: &TestDir, dir: &Path) -> String {
    t.apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .clean_stderr()
        .stderr()
}

/// Replace the `n`th field (0-based) of the line holding `id` (a simple CSV
/// line up to that field).
fn set_field(path: &Path, id: &str, n: usize, value: &str) {
    edit(path, |text| {
        text.lines()
            .map(|line| {
                if line.starts_with(&format!("{id},")) {
                    let mut fields: Vec<String> =
                        line.splitn(n + 2, ',').map(String::from).collect();
                    fields[n] = value.to_string();
                    fields.join(",")
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    });
}

/// A way to break a seed directory and the problems it must produce.
pub(crate) struct Breakage {
    name: &'static str,
    pub(crate) apply: fn(&Path) -> Vec<String>,
}

pub(crate) const BREAKAGES: &[Breakage] = &[
    Breakage {
        name: "a missing file",
        apply: |dir| {
            fs::remove_file(dir.join("figures.csv")).unwrap();
            vec!["figures.csv: missing".into()]
        },
    },
    Breakage {
        name: "a misspelt file name",
        apply: |dir| {
            fs::rename(
                dir.join("exercise_partners.csv"),
                dir.join("exercise_partner.csv"),
            )
            .unwrap();
            vec![
                "exercise_partners.csv: missing".into(),
                "exercise_partner.csv: unknown seed file".into(),
            ]
        },
    },
    Breakage {
        name: "a renamed column",
        apply: |dir| {
            edit(&dir.join("meetings.csv"), |t| {
                t.replacen(",quote,", ",qoute,", 1)
            });
            vec![
                "meetings.csv:1: missing column `quote`".into(),
                "meetings.csv:1: unknown column `qoute`".into(),
            ]
        },
    },
    Breakage {
        name: "a missing column",
        apply: |dir| {
            edit(&dir.join("areas.csv"), |t| {
                t.lines()
                    .map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n")
                    .collect()
            });
            vec!["areas.csv:1: missing column `name`".into()]
        },
    },
    Breakage {
        name: "a wrong column count",
        apply: |dir| {
            let path = dir.join("areas.csv");
            let line = line_of(&path, "cyber-security");
            edit(&path, |t| {
                t.replacen("Cyber Security\n", "Cyber Security,extra\n", 1)
            });
            vec![format!("areas.csv:{line}: 4 fields where the header has 3")]
        },
    },
    Breakage {
        name: "a file that is not UTF-8",
        apply: |dir| {
            let path = dir.join("partners.csv");
            let line = line_of(&path, "Nepal");
            let bytes = fs::read(&path).unwrap();
            let text = String::from_utf8(bytes)
                .unwrap()
                .replacen("Nepal", "Nep\u{1}l", 1);
            let bytes: Vec<u8> = text
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xFF } else { b })
                .collect();
            fs::write(&path, bytes).unwrap();
            vec![format!("partners.csv:{line}: not valid UTF-8")]
        },
    },
    Breakage {
        name: "an empty required field",
        apply: |dir| {
            let path = dir.join("meetings.csv");
            let line = line_of(&path, "wic-2,");
            set_field(&path, "wic-2", 1, "");
            vec![format!("meetings.csv:{line}: `name` is empty")]
        },
    },
    Breakage {
        name: "a duplicate key",
        apply: |dir| {
            let path = dir.join("partners.csv");
            let n = fs::read_to_string(&path).unwrap().lines().count();
            edit(&path, |t| t + "nepal,Nepal Again,country,NPX,0,,,,,,,,,\n");
            vec![format!("partners.csv:{}: duplicate id \"nepal\"", n + 1)]
        },
    },
    Breakage {
        name: "an unknown partner",
        apply: |dir| {
            let path = dir.join("meeting_partners.csv");
            let n = fs::read_to_string(&path).unwrap().lines().count();
            edit(&path, |t| t + "wic-2,Atlantis,participant,\n");
            vec![format!(
                "meeting_partners.csv:{}: unknown partner \"Atlantis\"",
                n + 1
            )]
        },
    },
    Breakage {
        name: "a link to an unknown fact",
        apply: |dir| {
            let path = dir.join("operation_partners.csv");
            let n = fs::read_to_string(&path).unwrap().lines().count();
            edit(&path, |t| t + "no-such-operation,Laos,participant,\n");
            vec![format!(
                "operation_partners.csv:{}: unknown operation_id \"no-such-operation\"",
                n + 1
            )]
        },
    },
    Breakage {
        name: "a quote that is not in the text",
        apply: |dir| {
            let path = dir.join("statements.csv");
            let line = line_of(&path, "cyber-security-importance");
            edit(&path, |t| {
                t.replacen(
                    "cyber security is acquiring greater importance",
                    "cyber security is acquiring great importance",
                    1,
                )
            });
            vec![format!(
                "statements.csv:{line}: the quote is not in the text: it departs from the text at \" importance."
            )]
        },
    },
    Breakage {
        name: "a quote with the spam token",
        apply: |dir| {
            let path = dir.join("meetings.csv");
            let line = line_of(&path, "wic-2,");
            edit(&path, |t| {
                t.replacen(
                    "China also hosted the Second World",
                    "皇冠体育app also hosted the Second World",
                    1,
                )
            });
            vec![format!("meetings.csv:{line}: the quote is not in the text")]
        },
    },
    Breakage {
        name: "a month that does not exist",
        apply: |dir| {
            let path = dir.join("operations.csv");
            let line = line_of(&path, "vietnam-airplane-rescue");
            edit(&path, |t| t.replacen(",2016-06,", ",2016-13,", 1));
            vec![format!(
                "operations.csv:{line}: `date_edtf` \"2016-13\" is not EDTF: \"2016-13\" is not a date"
            )]
        },
    },
    Breakage {
        name: "an end before its start",
        apply: |dir| {
            let path = dir.join("operations.csv");
            let line = line_of(&path, "gulf-of-aden-escorts");
            edit(&path, |t| {
                t.replacen(
                    ",From December 2008 to January 2016,2008-12/2016-01,",
                    ",From December 2008 to January 2016,2008-12/2007,",
                    1,
                )
            });
            vec![format!(
                "operations.csv:{line}: `date_edtf` \"2008-12/2007\" ends (2007) before it starts (2008-12)"
            )]
        },
    },
    Breakage {
        name: "a value outside its vocabulary",
        apply: |dir| {
            let path = dir.join("meetings.csv");
            let line = line_of(&path, "wic-2,");
            edit(&path, |t| {
                t.replacen(",cyber-security,host,2,", ",cyber-security,boss,2,", 1)
            });
            vec![format!(
                "meetings.csv:{line}: `china_role` \"boss\" is not one of"
            )]
        },
    },
    Breakage {
        name: "an unknown area",
        apply: |dir| {
            let path = dir.join("meetings.csv");
            let line = line_of(&path, "wic-2,");
            edit(&path, |t| {
                t.replacen(
                    ",conference,cyber-security,host,2,",
                    ",conference,cyberspace,host,2,",
                    1,
                )
            });
            vec![format!(
                "meetings.csv:{line}: unknown area_id \"cyberspace\""
            )]
        },
    },
    Breakage {
        name: "a correction whose find does not occur",
        apply: |dir| {
            let path = dir.join("corrections.csv");
            let n = fs::read_to_string(&path).unwrap().lines().count();
            edit(&path, |t| {
                t + "white-paper-2017-vi,Chna,China,a typo that is not there\n"
            });
            vec![format!(
                "corrections.csv:{}: `find` \"Chna\" does not occur",
                n + 1
            )]
        },
    },
    Breakage {
        name: "an omitted line that is not in the text",
        apply: |dir| {
            edit(&dir.join("omissions.csv"), |t| {
                t.replace("Registration Number: 130349", "Registration Number: 999")
            });
            vec!["omissions.csv:2: \"Registration Number: 999\" is not a whole line".into()]
        },
    },
    Breakage {
        name: "an edited source text",
        apply: |dir| {
            edit(&dir.join("white-paper-2017-section-vi.txt"), |t| {
                t.replacen("Disaster Relief", "Disaster relief", 1)
            });
            vec!["documents.csv:2: source_sha256 does not match".into()]
        },
    },
    Breakage {
        name: "a row breaking three of the schema's rules",
        apply: |dir| {
            let path = dir.join("partners.csv");
            let line = line_of(&path, "afghanistan,");
            edit(&path, |t| {
                t.replacen(
                    "afghanistan,Afghanistan,country,AFG,0,AF,004,700,",
                    "Afghanistan,Afghanistan,country,AFG,1,AF,004,70x,",
                    1,
                )
            });
            let at = format!("partners.csv:{line}:");
            vec![
                format!("{at} `id` \"Afghanistan\" must be lower-case letters, digits and hyphens"),
                format!("{at} a second subject: only one partner has is_subject = 1"),
                format!("{at} `kind` \"country\", `cow_code` \"70x\" breaks the schema's rule"),
            ]
        },
    },
    Breakage {
        name: "a figure whose words are not in its quote",
        apply: |dir| {
            let path = dir.join("figures.csv");
            let line = line_of(&path, "escort-missions");
            edit(&path, |t| {
                t.replacen(",909,909,", ",909,nine hundred and nine,", 1)
            });
            vec![format!(
                "figures.csv:{line}: `value_text` \"nine hundred and nine\" is not in the quote"
            )]
        },
    },
];

/// Apply one breakage to a fresh copy, seed it, and check the problems and
/// that the database did not change.
fn check_breakage(t: &TestDir, breakage: &Breakage) {
    let dir = t
        .path()
        .join(format!("seed-{}", breakage.name.replace(' ', "-")));
    fs::rename(t.seed_copy(), &dir).unwrap();
    let expected = (breakage.apply)(&dir);
    let before = fs::read(t.db()).unwrap();
    let run = t
        .apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3)
        .clean_stderr()
        .stderr_has("nothing was loaded");
    for problem in &expected {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with(problem.as_str())),
            "{}: no line starts with {problem:?}\nstderr:\n{}",
            breakage.name,
            run.stderr()
        );
    }
    assert_eq!(
        fs::read(t.db()).unwrap(),
        before,
        "{}: the database changed",
        breakage.name
    );
}

#[test]
fn every_kind_of_bad_seed_is_reported_and_nothing_is_loaded() {
    let t = TestDir::new();
    t.seeded();
    for breakage in BREAKAGES {
        check_breakage(&t, breakage);
    }
}

#[test]
fn all_problems_of_one_seed_are_reported_in_one_run() {
    let t = TestDir::new();
    t.seeded();
    let dir = t.seed_copy();
    let chosen = [
        "an empty required field",
        "an unknown partner",
        "a quote that is not in the text",
        "an end before its start",
        "a duplicate key",
    ];
    let mut expected = Vec::new();
    for breakage in BREAKAGES.iter().filter(|b| chosen.contains(&b.name)) {
        expected.extend((breakage.apply)(&dir));
    }
    let before = fs::read(t.db()).unwrap();
    let run = t
        .apsc(&["seed", "--from", dir.to_str().unwrap()])
        .code_is(3);
    for problem in &expected {
        assert!(
            run.stderr()
                .lines()
                .any(|l| l.starts_with(problem.as_str())),
            "missing {problem:?}\n{}",
            run.stderr()
        );
    }
    assert!(
        run.stderr()
            .contains(&format!("{} problems in the seed", expected.len())),
        "{}",
        run.stderr()
    );
    assert_eq!(fs::read(t.db()).unwrap(), before);
}

#[test]
fn when_most_quotes_are_missing_the_text_is_named_first() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    // Without its corrections the supplied text is not the paper's words.
    edit(&dir.join("corrections.csv"), |text| {
        text.lines().next().unwrap().to_string() + "\n"
    });
    let stderr = refused(&t, &dir);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[1].starts_with("documents.csv: ")
            && lines[1].contains("quotes are not in the restored text")
            && lines[1].contains("corrections.csv"),
        "{stderr}"
    );
    // The text saved with CRLF line endings: the digest's problem says so.
    let dir = t.seed_copy();
    let source = dir.join("white-paper-2017-section-vi.txt");
    edit(&source, |text| text.replace('\n', "\r\n"));
    let stderr = refused(&t, &dir);
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[1].starts_with("documents.csv:2: source_sha256 does not match")
            && lines[1]
                .ends_with("it was saved with CRLF line endings; save it with LF line endings"),
        "{stderr}"
    );
    // The text is still read: with CRLF the quotes are found, and the
    // digest is the one problem.
    assert_eq!(lines.len(), 2, "{stderr}");
}

#[test]
fn an_empty_or_misspelled_term_id_or_partner_says_what_it_could_be() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let meetings = dir.join("meetings.csv");
    // kind is the third field, area_id the fourth.
    set_field(&meetings, "china-asean-le-dialogue", 2, "");
    set_field(&meetings, "mekong-le-ministerial", 2, "conferense");
    set_field(&meetings, "sco-emergency-heads-8", 3, "cyber security");
    let links = dir.join("exercise_partners.csv");
    let malaysia = line_of(&links, ",Malaysia,");
    edit(&links, |t| t.replacen(",Malaysia,", ",Malaysa,", 1));
    let stderr = refused(&t, &dir);
    let at = |id: &str| line_of(&meetings, &format!("{id},"));
    for wanted in [
        format!(
            "meetings.csv:{}: `kind` is empty; it is one of: conference,",
            at("china-asean-le-dialogue")
        ),
        format!(
            "meetings.csv:{}: `kind` \"conferense\" is not one of: conference,",
            at("mekong-le-ministerial")
        ),
        format!(
            "meetings.csv:{}: unknown area_id \"cyber security\"; did you mean \"cyber-security\"?",
            at("sco-emergency-heads-8")
        ),
        format!("exercise_partners.csv:{malaysia}: unknown partner \"Malaysa\""),
    ] {
        assert!(stderr.contains(&wanted), "no {wanted:?}\n{stderr}");
    }
    for wanted in ["did you mean \"conference\"?", "did you mean \"malaysia\"?"] {
        assert!(stderr.contains(wanted), "no {wanted:?}\n{stderr}");
    }
}

#[test]
fn a_wrong_digest_alone_is_one_problem() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let documents = dir.join("documents.csv");
    let line = line_of(&documents, "white-paper-2017-section-vi.txt");
    edit(&documents, |text| {
        let digest = text
            .split(|c: char| !c.is_ascii_hexdigit())
            .find(|w| w.len() == 64)
            .unwrap()
            .to_string();
        text.replace(&digest, &"0".repeat(64))
    });
    let stderr = refused(&t, &dir);
    // The text is checked all the same: nothing else is wrong with it.
    assert!(stderr.starts_with("apsc: seeding"), "{stderr}");
    assert!(stderr.contains("1 problem"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "documents.csv:{line}: source_sha256 does not match"
        )) && stderr.contains("if the text was changed on purpose, give that digest"),
        "{stderr}"
    );
}

/// A seed file saved from a spreadsheet with `;` between fields is told
/// so, once, instead of a missing column for each of its columns.
#[test]
fn a_seed_file_saved_with_semicolons_says_apsc_reads_commas() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    edit(&dir.join("areas.csv"), |text| text.replace(',', ";"));
    let err = refused(&t, &dir);
    assert!(
        err.contains("areas.csv:1: the file separates its fields with `;`")
            && err.contains("apsc reads `,`"),
        "{err}"
    );
    assert!(!err.contains("missing column"), "{err}");
}

/// An unclosed quote is named, with the line it opens on.
#[test]
fn an_unclosed_quote_in_a_seed_file_is_named() {
    let t = TestDir::new();
    let dir = t.seed_copy();
    let path = dir.join("partner_aliases.csv");
    let line = 2;
    edit(&path, |text| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines[line - 1] = format!("\"Unclosed alias,{}", lines[line - 1]);
        lines.join("\n") + "\n"
    });
    let err = refused(&t, &dir);
    assert!(
        err.contains(&format!(
            "partner_aliases.csv:{line}: the quote `\"Unclosed alias,"
        )) && err.contains("is never closed"),
        "{err}"
    );
    assert!(!err.contains("fields where the header has"), "{err}");
}
