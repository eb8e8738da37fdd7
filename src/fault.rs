//! Faults the tests inject into the real binary, to prove promises that only a failure
//! shows: a panic while the manager types, and a writer of typed text that stalls.
//! Read once from `CADENCE_FAULT`; when it is unset (always, outside the tests) each
//! question is one load of a value already read. Nothing here touches the terminal or
//! the store.
//!
//! `CADENCE_FAULT` holds comma-separated faults:
//! - `panic-on=WORD`: the cockpit panics as soon as text being typed contains WORD;
//! - `stall-writer-ms=N`: the writer of typed text waits N ms before each write.

use std::sync::OnceLock;
use std::time::Duration;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Faults {
    pub panic_on: Option<String>,
    pub stall_writer: Option<Duration>,
}

impl Faults {
    /// Reads faults from their text; a fault it does not know is left out.
    pub fn parse(text: &str) -> Faults {
        let mut faults = Faults::default();
        for fault in text.split(',') {
            match fault.trim().split_once('=') {
                Some(("panic-on", word)) if !word.is_empty() => {
                    faults.panic_on = Some(word.to_string());
                }
                Some(("stall-writer-ms", ms)) => {
                    faults.stall_writer = ms.parse().ok().map(Duration::from_millis);
                }
                _ => {}
            }
        }
        faults
    }
}

/// The faults this process was started with.
pub fn injected() -> &'static Faults {
    static FAULTS: OnceLock<Faults> = OnceLock::new();
    FAULTS.get_or_init(|| {
        std::env::var("CADENCE_FAULT")
            .map(|text| Faults::parse(&text))
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_read_from_their_text_and_unknown_ones_left_out() {
        assert_eq!(Faults::parse(""), Faults::default());
        assert_eq!(
            Faults::parse("panic-on=boom, stall-writer-ms=1500,blorp=1"),
            Faults {
                panic_on: Some("boom".into()),
                stall_writer: Some(Duration::from_millis(1500)),
            }
        );
        assert_eq!(
            Faults::parse("panic-on=,stall-writer-ms=x"),
            Faults::default()
        );
    }
}
