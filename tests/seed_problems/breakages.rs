//! The catalogue of ways to break a seed directory, each with the problems, as
//! file:line, that it must produce.

use std::fs;
use std::path::Path;

use super::{edit, line_of, set_field};

/// A way to break a seed directory and the problems it must produce.
pub(crate) struct Breakage {
    pub(crate) name: &'static str,
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
