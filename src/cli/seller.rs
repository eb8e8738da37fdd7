//! `cadence seller add|list`: the team the cadence is built around.

use super::SellerCommand;
use crate::store::{NewSeller, Store};
use chrono::NaiveDate;
use std::fmt;
use std::io::Write;

#[derive(Debug)]
pub struct BadDate(pub String);

impl fmt::Display for BadDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "'{}' is not a date: expected YYYY-MM-DD, such as 2024-03-18",
            self.0
        )
    }
}

impl std::error::Error for BadDate {}

pub fn run(
    store: &Store,
    today: NaiveDate,
    command: &SellerCommand,
    out: &mut impl Write,
) -> color_eyre::Result<()> {
    match command {
        SellerCommand::Add {
            name,
            started,
            motivation,
        } => {
            let started_on = match started {
                Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| BadDate(text.clone()))?,
                None => today,
            };
            store.add_seller(&NewSeller {
                name,
                started_on,
                motivation: motivation.as_deref().unwrap_or(""),
            })?;
            writeln!(out, "Added {} (started {started_on})", name.trim())?;
        }
        SellerCommand::List => {
            let sellers = store.sellers()?;
            if sellers.is_empty() {
                writeln!(
                    out,
                    "No sellers yet: cadence seller add \"NAME\" --started YYYY-MM-DD"
                )?;
            }
            for s in sellers {
                let email = s.email.map(|e| format!("{e}  ")).unwrap_or_default();
                writeln!(
                    out,
                    "{} started {}  {email}{}",
                    crate::text::cell(&s.name, 24),
                    s.started_on,
                    s.motivation
                )?;
            }
        }
    }
    Ok(())
}
