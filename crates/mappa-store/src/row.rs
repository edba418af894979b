//! Reading typed values out of `Any` rows, with errors that name the column.

use crate::error::{Result, StoreError};
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::str::FromStr;

pub(crate) fn text(row: &AnyRow, col: &str) -> Result<String> {
    row.try_get::<String, _>(col).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

pub(crate) fn opt_text(row: &AnyRow, col: &str) -> Result<Option<String>> {
    row.try_get::<Option<String>, _>(col).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

pub(crate) fn int(row: &AnyRow, col: &str) -> Result<i64> {
    row.try_get::<i64, _>(col).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

pub(crate) fn opt_int(row: &AnyRow, col: &str) -> Result<Option<i64>> {
    row.try_get::<Option<i64>, _>(col).map_err(|e| StoreError::Corrupt(format!("{col}: {e}")))
}

pub(crate) fn flag(row: &AnyRow, col: &str) -> Result<bool> {
    Ok(int(row, col)? != 0)
}

pub(crate) fn parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<T> {
    let s = text(row, col)?;
    s.parse().map_err(|_| StoreError::Corrupt(format!("{col}: unparseable value")))
}

pub(crate) fn opt_parsed<T: FromStr>(row: &AnyRow, col: &str) -> Result<Option<T>> {
    match opt_text(row, col)? {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| StoreError::Corrupt(format!("{col}: unparseable value"))),
    }
}

pub(crate) fn date(row: &AnyRow, col: &str) -> Result<Date> {
    parsed(row, col)
}

pub(crate) fn opt_date(row: &AnyRow, col: &str) -> Result<Option<Date>> {
    opt_parsed(row, col)
}

/// A coded value, through the enum's `from_code`.
pub(crate) fn code<T>(row: &AnyRow, col: &str, from: fn(&str) -> Option<T>) -> Result<T> {
    let s = text(row, col)?;
    from(&s).ok_or_else(|| StoreError::Corrupt(format!("{col}: unknown code")))
}

pub(crate) fn small(v: Option<i64>, col: &str) -> Result<Option<u8>> {
    v.map(|n| u8::try_from(n).map_err(|_| StoreError::Corrupt(format!("{col}: out of range")))).transpose()
}

pub(crate) fn b(v: bool) -> i64 {
    i64::from(v)
}
