//! What the generator writes about: the six areas with their topics, and per
//! fact file its share of the facts and the roles China and the partners
//! take. The files' columns and the kinds are the seed format's
//! ([`crate::format`]).

use crate::format::{FACT_FILES, FactFile};
use crate::rng::Rng;

/// The six areas: id, heading (= areas.csv name) and topics for sentences.
pub const AREAS: [(&str, &str, [&str; 5]); 6] = [
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

/// How the facts of one fact file are made up.
pub struct FactPlan {
    /// The file's format, shared with the loader.
    pub file: &'static FactFile,
    pub id_prefix: &'static str,
    /// Per cent of all facts.
    pub share: u64,
    /// China's roles; empty for statements, which have none.
    pub china_roles: &'static [&'static str],
    pub country_roles: &'static [&'static str],
    pub body_roles: &'static [&'static str],
}

/// One plan per fact file, in the order of [`FACT_FILES`].
pub const PLANS: [FactPlan; 5] = [
    FactPlan {
        file: &FACT_FILES[0],
        id_prefix: "meeting",
        share: 30,
        china_roles: &["host", "co-host", "participant"],
        country_roles: &["co-host", "participant", "counterpart"],
        body_roles: &["convener", "framework"],
    },
    FactPlan {
        file: &FACT_FILES[1],
        id_prefix: "exercise",
        share: 10,
        china_roles: &["host", "co-host", "participant", "party"],
        country_roles: &["co-host", "participant", "counterpart"],
        body_roles: &["convener", "framework"],
    },
    FactPlan {
        file: &FACT_FILES[2],
        id_prefix: "agreement",
        share: 10,
        china_roles: &["signatory", "party", "implementer", "promoter", "supporter"],
        country_roles: &["party", "signatory", "counterpart"],
        body_roles: &["framework", "body", "party"],
    },
    FactPlan {
        file: &FACT_FILES[3],
        id_prefix: "operation",
        share: 20,
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
    FactPlan {
        file: &FACT_FILES[4],
        id_prefix: "statement",
        share: 30,
        china_roles: &[],
        country_roles: &["counterpart", "co-sponsor", "participant"],
        body_roles: &["framework", "counterpart"],
    },
];

/// Pick a fact file by its share of the facts.
pub fn pick_plan(rng: &mut Rng) -> usize {
    let mut r = rng.below(100);
    for (i, plan) in PLANS.iter().enumerate() {
        if r < plan.share {
            return i;
        }
        r -= plan.share;
    }
    PLANS.len() - 1
}

/// The kinds of each fact file, in the order of [`FACT_FILES`], sorted as
/// the schema's vocabulary lists them.
pub fn kinds() -> Vec<Vec<String>> {
    let sorted = |kinds: &[&str]| {
        let mut kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
        kinds.sort();
        kinds
    };
    FACT_FILES.iter().map(|file| sorted(file.kinds)).collect()
}
