//! What leaves the machine for the team server, per kind: the one list `team status` shows,
//! the README repeats and the server's tables hold. Private notes are never on it.

/// One kind of record and the fields of it the org may see.
pub struct Kind {
    pub name: &'static str,
    pub fields: &'static str,
}

/// Always sent: figures and states, no free text.
pub const ALWAYS: &[Kind] = &[
    Kind {
        name: "sellers",
        fields: "name, start date",
    },
    Kind {
        name: "meetings",
        fields: "kind, seller, planned/held/canceled/missed/moved, reason category, length",
    },
    Kind {
        name: "one_on_ones",
        fields: "purposes, landed with actions (or no actions chosen), feedback asked",
    },
    Kind {
        name: "ratings",
        fields: "the \"was this useful?\" rating",
    },
    Kind {
        name: "scorecards",
        fields: "rubric and version, criterion scores, not observed, took over, strength, focus",
    },
    Kind {
        name: "action_items",
        fields: "owner, due date, done on time, late or dropped (no titles)",
    },
    Kind {
        name: "coach_results",
        fields: "your 1:1s scored by your leader: rubric version, weighted score",
    },
    Kind {
        name: "calibration_scores",
        fields: "your blind scores of the calls your leader publishes",
    },
];

/// Sent only with `[team] share_text = true`.
pub const WITH_SHARE_TEXT: &str = "shared notes, observation text, evidence";

/// Never sent.
pub const NEVER: &str = "private notes";
