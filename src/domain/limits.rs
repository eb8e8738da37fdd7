//! How long a name, a title or a one-line field may be: far above any real one, far below
//! what would make a list or an idle cockpit slow (a 5 MB seller name from a roster is
//! laid out on every frame). Every write of these fields, from the cockpit's forms, the
//! command line and the imports, goes through [`check`]. Notes have no limit here.

use std::fmt;

/// A field with a length limit, in characters (what the manager counts, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field in the product's words, as a message names it.
    pub name: &'static str,
    pub max: usize,
}

pub const SELLER_NAME: Field = Field {
    name: "a seller's name",
    max: 100,
};
pub const MOTIVATION: Field = Field {
    name: "what motivates a seller",
    max: 500,
};
pub const EMAIL: Field = Field {
    name: "an email address",
    max: 254,
};
/// Long enough for the 2,000-character titles the cockpit is proved to keep.
pub const ACTION_TITLE: Field = Field {
    name: "an action item's title",
    max: 2000,
};
pub const AGENDA_TITLE: Field = Field {
    name: "an agenda item's title",
    max: 2000,
};
pub const REASON: Field = Field {
    name: "a reason",
    max: 500,
};

pub const OBSERVATION: Field = Field {
    name: "an observation",
    max: 2000,
};
/// Who scored a call, as a colleague's scorecard names them.
pub const ASSESSOR: Field = Field {
    name: "an assessor's name",
    max: 100,
};
pub const RUBRIC_NAME: Field = Field {
    name: "a rubric's name",
    max: 200,
};
pub const CRITERION_NAME: Field = Field {
    name: "a criterion's name",
    max: 200,
};

/// A text longer than its field allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLong {
    pub field: Field,
    pub found: usize,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} may be at most {} characters; this one has {}",
            self.field.name, self.field.max, self.found
        )
    }
}

impl std::error::Error for TooLong {}

/// `text` if it fits `field`; otherwise how long it is, for the message.
pub fn check(field: Field, text: &str) -> Result<&str, TooLong> {
    // Bytes bound characters from above: most texts need no count at all.
    if text.len() <= field.max {
        return Ok(text);
    }
    let found = text.chars().count();
    if found <= field.max {
        Ok(text)
    } else {
        Err(TooLong { field, found })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_fits_up_to_its_limit_counted_in_characters() {
        assert_eq!(
            check(SELLER_NAME, &"a".repeat(100)),
            Ok("a".repeat(100).as_str())
        );
        // 100 CJK characters are 300 bytes, and fit.
        assert!(check(SELLER_NAME, &"王".repeat(100)).is_ok());
        let refused = check(SELLER_NAME, &"a".repeat(101)).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "a seller's name may be at most 100 characters; this one has 101"
        );
    }
}
