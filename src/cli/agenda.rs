//! `cadence agenda add --seller NAME "text"`: the seller puts an item on their next 1:1.

use crate::store::Store;
use chrono::{DateTime, Utc};
use std::io::Write;

pub fn add(
    store: &Store,
    seller: &str,
    text: &str,
    now: DateTime<Utc>,
    out: &mut impl Write,
) -> color_eyre::Result<()> {
    let seller = store.add_agenda_request(seller, text, now)?;
    writeln!(out, "Added to {}'s next 1:1: {}", seller.name, text.trim())?;
    Ok(())
}
