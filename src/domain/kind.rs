//! Interaction kinds: the recurring management meetings a cadence is made of.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    OneOnOne,
    PipelineReview,
    ForecastReview,
    DealReview,
    JointCall,
    TeamMeeting,
    Qbr,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::OneOnOne,
        Kind::PipelineReview,
        Kind::ForecastReview,
        Kind::DealReview,
        Kind::JointCall,
        Kind::TeamMeeting,
        Kind::Qbr,
    ];

    /// The stable key stored in the database and printed in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Kind::OneOnOne => "one_on_one",
            Kind::PipelineReview => "pipeline_review",
            Kind::ForecastReview => "forecast_review",
            Kind::DealReview => "deal_review",
            Kind::JointCall => "joint_call",
            Kind::TeamMeeting => "team_meeting",
            Kind::Qbr => "qbr",
        }
    }

    pub fn from_key(key: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::OneOnOne => "1:1",
            Kind::PipelineReview => "Pipeline review",
            Kind::ForecastReview => "Forecast review",
            Kind::DealReview => "Deal review",
            Kind::JointCall => "Joint call",
            Kind::TeamMeeting => "Team meeting",
            Kind::Qbr => "QBR",
        }
    }

    /// A label that fits a narrow calendar column.
    pub fn short(self) -> &'static str {
        match self {
            Kind::OneOnOne => "1:1",
            Kind::PipelineReview => "Pipeline",
            Kind::ForecastReview => "Forecast",
            Kind::DealReview => "Deal",
            Kind::JointCall => "Joint",
            Kind::TeamMeeting => "Team",
            Kind::Qbr => "QBR",
        }
    }

    pub fn default_minutes(self) -> u32 {
        match self {
            Kind::OneOnOne => 30,
            Kind::PipelineReview => 45,
            Kind::ForecastReview => 60,
            Kind::DealReview => 30,
            Kind::JointCall => 45,
            Kind::TeamMeeting => 60,
            Kind::Qbr => 120,
        }
    }

    /// Whether a meeting of this kind can be with one seller (`true`) or the whole team
    /// (`false`): a team meeting is with everyone; 1:1s, deal reviews and joint calls are
    /// with one seller; pipeline and forecast reviews and QBRs can be either.
    pub fn accepts(self, with_seller: bool) -> bool {
        match self {
            Kind::TeamMeeting => !with_seller,
            Kind::OneOnOne | Kind::DealReview | Kind::JointCall => with_seller,
            Kind::PipelineReview | Kind::ForecastReview | Kind::Qbr => true,
        }
    }

    /// The rule `accepts` enforces, in words.
    pub fn who_rule(self) -> &'static str {
        match self {
            Kind::TeamMeeting => "A team meeting is with the whole team: pick Whole team.",
            Kind::OneOnOne => "A 1:1 is with one seller: pick who.",
            Kind::DealReview => "A deal review is with one seller: pick who.",
            Kind::JointCall => "A joint call is with one seller: pick who.",
            Kind::PipelineReview | Kind::ForecastReview | Kind::Qbr => {
                "This meeting can be with one seller or the whole team."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_a_meeting_is_with_depends_on_its_kind() {
        assert!(Kind::TeamMeeting.accepts(false) && !Kind::TeamMeeting.accepts(true));
        assert!(Kind::OneOnOne.accepts(true) && !Kind::OneOnOne.accepts(false));
        assert!(Kind::JointCall.accepts(true) && !Kind::JointCall.accepts(false));
        assert!(Kind::Qbr.accepts(true) && Kind::Qbr.accepts(false));
        assert!(Kind::PipelineReview.accepts(false));
    }

    #[test]
    fn keys_round_trip_and_are_unique() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_key(kind.key()), Some(kind));
        }
        assert_eq!(Kind::from_key("lunch"), None);
    }
}
