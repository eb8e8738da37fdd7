//! Sellers: the manager's direct reports, as cadence names them everywhere.

use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seller {
    pub id: i64,
    pub name: String,
    pub started_on: NaiveDate,
    pub motivation: String,
    /// From a roster import; `None` when never given.
    pub email: Option<String>,
}

/// A seller as other records point at them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SellerRef {
    pub id: i64,
    pub name: String,
}

pub struct NewSeller<'a> {
    pub name: &'a str,
    pub started_on: NaiveDate,
    pub motivation: &'a str,
}
