//! Sellers: the manager's direct reports.

use super::{Result, Store, StoreError, bad_row, date_from_sql, date_to_sql};
use crate::domain::limits;
use crate::domain::seller::{NewSeller, Seller, SellerRef};
use rusqlite::{ErrorCode, OptionalExtension, params};

impl Store {
    pub fn add_seller(&self, seller: &NewSeller) -> Result<i64> {
        let name = seller.name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a seller needs a name".into()));
        }
        limits::check(limits::SELLER_NAME, name)?;
        limits::check(limits::MOTIVATION, seller.motivation)?;
        match self.conn.execute(
            "INSERT INTO sellers (name, started_on, motivation) VALUES (?1, ?2, ?3)",
            params![name, date_to_sql(seller.started_on), seller.motivation],
        ) {
            Ok(_) => Ok(self.conn.last_insert_rowid()),
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => Err(
                StoreError::Invalid(format!("there is already a seller named '{name}'")),
            ),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Sets or clears a seller's email.
    pub fn set_seller_email(&self, id: i64, email: Option<&str>) -> Result<()> {
        let email = email.map(str::trim).filter(|e| !e.is_empty());
        if let Some(e) = email
            && !crate::interchange::roster::is_email(e)
        {
            return Err(StoreError::Invalid(format!(
                "'{e}' is not an email address: expected name@example.com"
            )));
        }
        let changed = self
            .conn
            .execute(
                "UPDATE sellers SET email = ?2 WHERE id = ?1",
                params![id, email],
            )
            .map_err(|e| self.err(e))?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!("there is no seller {id}")));
        }
        Ok(())
    }

    /// All sellers, by name, as the cockpit refers to them: ids and names alone, read from
    /// the index of names.
    pub fn seller_refs(&self) -> Result<Vec<SellerRef>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM sellers ORDER BY name COLLATE NOCASE")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| super::in_row("sellers", r, seller_ref))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// All sellers, by name.
    pub fn sellers(&self) -> Result<Vec<Seller>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, name, started_on, motivation, email FROM sellers ORDER BY name COLLATE NOCASE",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| super::in_row("sellers", r, read_seller))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))
    }

    /// The seller with this name, ignoring case; an unknown name lists the known ones.
    pub fn seller_by_name(&self, name: &str) -> Result<SellerRef> {
        let found = self
            .conn
            .query_row(
                "SELECT id, name FROM sellers WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| super::in_row("sellers", r, seller_ref),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match found {
            Some(seller) => Ok(seller),
            None => {
                let known: Vec<String> = self.sellers()?.into_iter().map(|s| s.name).collect();
                Err(StoreError::Invalid(if known.is_empty() {
                    format!(
                        "there is no seller named '{}': add one with `cadence seller add`",
                        name.trim()
                    )
                } else {
                    format!(
                        "there is no seller named '{}'; your sellers are: {}",
                        name.trim(),
                        known.join(", ")
                    )
                }))
            }
        }
    }

    pub fn seller(&self, id: i64) -> Result<SellerRef> {
        self.conn
            .query_row("SELECT id, name FROM sellers WHERE id = ?1", [id], |r| {
                Ok(SellerRef {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::Invalid(format!("there is no seller {id}")))
    }

    pub fn seller_count(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT count(*) FROM sellers", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

fn read_seller(r: &rusqlite::Row) -> rusqlite::Result<Seller> {
    let started: String = r.get(2)?;
    Ok(Seller {
        id: r.get(0)?,
        name: r.get(1)?,
        started_on: date_from_sql(&started).ok_or_else(|| bad_row("start date", &started))?,
        motivation: r.get(3)?,
        email: r.get(4)?,
    })
}

/// A seller as other records point at them, from a row of `id, name`.
fn seller_ref(r: &rusqlite::Row) -> rusqlite::Result<SellerRef> {
    Ok(SellerRef {
        id: r.get(0)?,
        name: r.get(1)?,
    })
}
