//! One person's dated events as the reports read them, and where the person
//! stood on any day: area, MAPPA category and level, in custody or hospital.

use crate::breaches::{BreachKind, OutcomeKind};
use crate::ids::{AreaId, NominalId};
use crate::mappa_case::DecisionKind;
use crate::orders::OrderKind;
use crate::periods::PeriodKind;
use jiff::civil::Date;

/// A category or level decision as made, effective from its date.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub kind: DecisionKind,
    /// None: the case left MAPPA (category) or has no level.
    pub value: Option<u8>,
    pub effective: Date,
}

/// An accepted transfer: from `on` the case is in `to`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub on: Date,
    pub from: Option<AreaId>,
    pub to: AreaId,
}

/// A period away from liberty in the UK; `to` is the day of release,
/// discharge or return, which is at liberty (CONV-6).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Away {
    pub kind: PeriodKind,
    pub from: Date,
    pub to: Option<Date>,
}

/// A breach with the order it concerns (for breaches of an order) and its
/// dated outcomes.
#[derive(Clone, PartialEq, Eq)]
pub struct Breach {
    pub kind: BreachKind,
    pub order: Option<OrderKind>,
    pub discovered: Date,
    pub outcomes: Vec<(OutcomeKind, Date)>,
}

/// A civil order as made by the court.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Order {
    pub kind: OrderKind,
    pub made: Date,
    /// It restricts foreign travel (SHPO-3).
    pub travel: bool,
}

/// A serious further offence as notified, with the category and level
/// recorded then, and the Board's decision on a Serious Case Review.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Sfo {
    pub notified: Date,
    pub category: Option<u8>,
    pub level: Option<u8>,
    /// The day the Board decided that a review is warranted (SCR-2).
    pub scr_commissioned: Option<Date>,
}

/// Everything the annual report counts about one person.
#[derive(Clone, Default)]
pub struct PersonEvents {
    pub id: NominalId,
    /// The area the case is in today.
    pub area_now: Option<AreaId>,
    /// Accepted transfers, any order.
    pub moves: Vec<Move>,
    /// Category and level decisions in the order they were made.
    pub decisions: Vec<Decision>,
    pub away: Vec<Away>,
    /// Days the person was recalled to custody on licence.
    pub recalls: Vec<Date>,
    pub breaches: Vec<Breach>,
    pub orders: Vec<Order>,
    /// Days the indefinite notification requirements were discharged on
    /// review or appeal (REV-04, REV-08).
    pub revocations: Vec<Date>,
    pub sfos: Vec<Sfo>,
}

redacted_debug!(PersonEvents);

impl PersonEvents {
    /// The area the case was in on `day`: the latest move on or before it,
    /// else where the first later move came from, else today's area.
    pub fn area_on(&self, day: Date) -> Option<AreaId> {
        let before = self.moves.iter().filter(|m| m.on <= day).max_by_key(|m| m.on);
        if let Some(m) = before {
            return Some(m.to);
        }
        match self.moves.iter().min_by_key(|m| m.on) {
            Some(m) => m.from,
            None => self.area_now,
        }
    }

    /// The latest decision of `kind` effective on or before `day` (the later
    /// made wins on the same day).
    fn value_on(&self, kind: DecisionKind, day: Date) -> Option<u8> {
        let mut found: Option<&Decision> = None;
        for d in self.decisions.iter().filter(|d| d.kind == kind && d.effective <= day) {
            if found.is_none_or(|f| d.effective >= f.effective) {
                found = Some(d);
            }
        }
        found.and_then(|d| d.value)
    }

    /// The MAPPA category on `day`, None outside MAPPA.
    pub fn category_on(&self, day: Date) -> Option<u8> {
        self.value_on(DecisionKind::Category, day)
    }

    /// The management level on `day` for a MAPPA case: Level 1 (ordinary
    /// agency management) unless a level has been set.
    pub fn level_on(&self, day: Date) -> Option<u8> {
        self.category_on(day).map(|_| self.value_on(DecisionKind::Level, day).unwrap_or(1))
    }

    /// In custody or detained in hospital on `day` (not living in the
    /// community, seed 003 note (a)). Abroad still counts as the community.
    pub fn detained_on(&self, day: Date) -> bool {
        self.away.iter().any(|a| {
            matches!(a.kind, PeriodKind::Custody | PeriodKind::Hospital)
                && a.from <= day
                && a.to.is_none_or(|to| day < to)
        })
    }

    /// Where the person stood on `day`: (category, level) when a MAPPA case
    /// in `area`.
    pub fn mappa_in(&self, area: AreaId, day: Date) -> Option<(u8, u8)> {
        if self.area_on(day) != Some(area) {
            return None;
        }
        Some((self.category_on(day)?, self.level_on(day)?))
    }

    /// The days from `from` to `to` on which the person's area, category or
    /// level may change, with `from` first: the state is constant between.
    pub fn changes_within(&self, from: Date, to: Date) -> Vec<Date> {
        let mut days: Vec<Date> = std::iter::once(from)
            .chain(self.decisions.iter().map(|d| d.effective))
            .chain(self.moves.iter().map(|m| m.on))
            .filter(|d| from <= *d && *d <= to)
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn decided(kind: DecisionKind, value: Option<u8>, effective: Date) -> Decision {
        Decision { kind, value, effective }
    }

    #[test]
    fn state_on_a_day_comes_from_the_decisions_effective_by_then() {
        let area = AreaId::new();
        let p = PersonEvents {
            area_now: Some(area),
            decisions: vec![
                decided(DecisionKind::Category, Some(1), date(2015, 1, 1)),
                decided(DecisionKind::Level, Some(2), date(2017, 6, 1)),
                decided(DecisionKind::Level, Some(1), date(2018, 1, 1)),
                decided(DecisionKind::Category, None, date(2019, 1, 1)),
            ],
            ..PersonEvents::default()
        };
        assert_eq!(p.mappa_in(area, date(2014, 12, 31)), None);
        assert_eq!(p.mappa_in(area, date(2017, 5, 31)), Some((1, 1)));
        assert_eq!(p.mappa_in(area, date(2017, 6, 1)), Some((1, 2)));
        assert_eq!(p.mappa_in(area, date(2018, 3, 31)), Some((1, 1)));
        assert_eq!(p.mappa_in(area, date(2019, 1, 1)), None);
        assert_eq!(p.changes_within(date(2017, 4, 1), date(2018, 3, 31)).len(), 3);
    }

    #[test]
    fn a_transfer_moves_the_case_from_its_acceptance() {
        let (old, new) = (AreaId::new(), AreaId::new());
        let p = PersonEvents {
            area_now: Some(new),
            moves: vec![Move { on: date(2018, 2, 1), from: Some(old), to: new }],
            ..PersonEvents::default()
        };
        assert_eq!((p.area_on(date(2018, 1, 31)), p.area_on(date(2018, 2, 1))), (Some(old), Some(new)));
    }

    #[test]
    fn conv_6_the_day_of_release_is_in_the_community() {
        let p = PersonEvents {
            away: vec![Away { kind: PeriodKind::Custody, from: date(2018, 1, 1), to: Some(date(2018, 3, 31)) }],
            ..PersonEvents::default()
        };
        assert!(p.detained_on(date(2018, 3, 30)) && !p.detained_on(date(2018, 3, 31)));
        let abroad = PersonEvents {
            away: vec![Away { kind: PeriodKind::Abroad, from: date(2018, 1, 1), to: None }],
            ..PersonEvents::default()
        };
        assert!(!abroad.detained_on(date(2018, 3, 31)));
    }
}
