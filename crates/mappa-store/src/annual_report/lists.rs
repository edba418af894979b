//! A person's events as the annual report's query lists them: people joined
//! by "~", a person's lists by "|", items by ";", fields by " " (a breach's
//! outcomes by "," and each as `kind@date`), "-" for a field with no value. Every field is a code, a
//! date, a timestamp, an id or a small number, none of which holds a space.

use crate::error::{Result, StoreError};
use jiff::civil::Date;
use mappa_domain::breaches::{BreachKind, OutcomeKind};
use mappa_domain::mappa_case::DecisionKind;
use mappa_domain::orders::OrderKind;
use mappa_domain::periods::PeriodKind;
use mappa_domain::reports::history::{Away, Breach, Decision, Move, Order, PersonEvents, Sfo};
use std::str::FromStr;

fn bad(what: &str) -> StoreError {
    StoreError::Corrupt(format!("{what}: unreadable list"))
}

/// The items of a list, each split into exactly `n` fields.
fn items<'a>(list: &'a str, n: usize, what: &'static str) -> impl Iterator<Item = Result<Vec<&'a str>>> + 'a {
    list.split(';').filter(|i| !i.is_empty()).map(move |i| {
        let f: Vec<&str> = i.split(' ').collect();
        if f.len() == n { Ok(f) } else { Err(bad(what)) }
    })
}

fn value<T: FromStr>(s: &str, what: &str) -> Result<T> {
    s.parse().map_err(|_| bad(what))
}

fn optional<T: FromStr>(s: &str, what: &str) -> Result<Option<T>> {
    if s == "-" { Ok(None) } else { value(s, what).map(Some) }
}

fn coded<T>(s: &str, from: fn(&str) -> Option<T>, what: &str) -> Result<T> {
    from(s).ok_or_else(|| bad(what))
}

/// One person's line: id, area today ("-" for none), then the lists of
/// decisions, periods away, moves, recalls, orders, breaches, revocations
/// and serious further offences, joined by "|".
pub(crate) fn person(line: &str) -> Result<PersonEvents> {
    let f: Vec<&str> = line.split('|').collect();
    let [id, area, d, a, m, r, o, b, v, s] = f[..] else {
        return Err(bad("people"));
    };
    Ok(PersonEvents {
        id: value(id, "people")?,
        area_now: optional(area, "people")?,
        decisions: decisions(d)?,
        away: away(a)?,
        moves: moves(m)?,
        recalls: dates(r)?,
        orders: orders(o)?,
        breaches: breaches(b)?,
        revocations: dates(v)?,
        sfos: sfos(s)?,
    })
}

/// Category and level decisions, in the order they were made: their ids
/// are UUIDv7, which sort by the moment they were made.
pub(crate) fn decisions(list: &str) -> Result<Vec<Decision>> {
    let mut made = Vec::new();
    for f in items(list, 4, "decisions") {
        let f = f?;
        let d = Decision {
            kind: coded(f[1], DecisionKind::from_code, "decisions")?,
            value: optional(f[2], "decisions")?,
            effective: value(f[3], "decisions")?,
        };
        made.push((f[0], d));
    }
    made.sort_by_key(|(id, _)| *id);
    Ok(made.into_iter().map(|(_, d)| d).collect())
}

pub(crate) fn away(list: &str) -> Result<Vec<Away>> {
    items(list, 3, "away")
        .map(|f| {
            let f = f?;
            Ok(Away {
                kind: coded(f[0], PeriodKind::from_code, "away")?,
                from: value(f[1], "away")?,
                to: optional(f[2], "away")?,
            })
        })
        .collect()
}

pub(crate) fn moves(list: &str) -> Result<Vec<Move>> {
    items(list, 3, "moves")
        .map(|f| {
            let f = f?;
            Ok(Move { on: value(f[0], "moves")?, from: optional(f[1], "moves")?, to: value(f[2], "moves")? })
        })
        .collect()
}

pub(crate) fn dates(list: &str) -> Result<Vec<Date>> {
    items(list, 1, "dates").map(|f| value(f?[0], "dates")).collect()
}

pub(crate) fn orders(list: &str) -> Result<Vec<Order>> {
    items(list, 3, "orders")
        .map(|f| {
            let f = f?;
            Ok(Order {
                kind: coded(f[0], OrderKind::from_code, "orders")?,
                made: value(f[1], "orders")?,
                travel: f[2] == "y",
            })
        })
        .collect()
}

/// Breaches with the order breached and the outcomes; the day discovered
/// is the UK calendar day of the moment recorded (CONV-1).
pub(crate) fn breaches(list: &str) -> Result<Vec<Breach>> {
    items(list, 4, "breaches")
        .map(|f| {
            let f = f?;
            let discovered: jiff::Timestamp = value(f[2], "breaches")?;
            let outcomes = f[3]
                .split(',')
                .filter(|o| *o != "-" && !o.is_empty())
                .map(|o| {
                    let (kind, day) = o.split_once('@').ok_or_else(|| bad("breaches"))?;
                    Ok((coded(kind, OutcomeKind::from_code, "breaches")?, value(day, "breaches")?))
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Breach {
                kind: coded(f[0], BreachKind::from_code, "breaches")?,
                // An order of a kind no longer known counts as no order.
                order: OrderKind::from_code(f[1]),
                discovered: crate::audit::london_date(discovered),
                outcomes,
            })
        })
        .collect()
}

pub(crate) fn sfos(list: &str) -> Result<Vec<Sfo>> {
    items(list, 4, "sfos")
        .map(|f| {
            let f = f?;
            Ok(Sfo {
                notified: value(f[0], "sfos")?,
                category: optional(f[1], "sfos")?,
                level: optional(f[2], "sfos")?,
                scr_commissioned: optional(f[3], "sfos")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn lists_read_back_in_the_order_made_with_their_gaps() {
        let d = decisions("01b level 2 2020-02-01;01a category 1 2020-01-01;01c category - 2021-01-01").unwrap();
        assert_eq!(
            d.iter().map(|d| (d.kind, d.value)).collect::<Vec<_>>(),
            [(DecisionKind::Category, Some(1)), (DecisionKind::Level, Some(2)), (DecisionKind::Category, None)]
        );
        let b = breaches("breach_of_order shpo 2025-11-01T23:30:00Z conviction@2025-12-01,charge@2025-11-20").unwrap();
        assert_eq!((b[0].order, b[0].outcomes.len()), (Some(OrderKind::Shpo), 2));
        assert_eq!(b[0].discovered, date(2025, 11, 1), "23:30 UTC in November is 23:30 in London");
        assert!(breaches("failure_to_notify - 2025-06-30T23:30:00Z -").unwrap()[0].outcomes.is_empty());
        assert_eq!(breaches("failure_to_notify - 2025-06-30T23:30:00Z -").unwrap()[0].discovered, date(2025, 7, 1));
        assert!(away("custody 2020-01-01").is_err(), "a short item is refused, not guessed");
        assert_eq!(dates("").unwrap(), vec![]);
    }
}
