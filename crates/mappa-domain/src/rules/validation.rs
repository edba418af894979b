//! Validation of [`Facts`]: every date in range, events not after `as_of` nor
//! before birth, ids unique, and no impossible combination (a caution with a
//! custodial term, a conditional discharge without its period, a
//! `consecutive_to` naming nothing or forming a cycle, an end before a start),
//! and, once those hold, nothing the law rules out: a discharge on review dated
//! before the qualifying date (REV-01, REV-03), which the engine disregards.
//! Problems name the field path and never the value.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::config::RulesConfig;
use super::facts::{Disposal, DisposalKind, FactProblem, Facts, OrderType, ReviewOutcome, Sentence, SentenceType};
use super::notification;
use super::review::apply_review_discharges;

/// Dates outside this range are rejected: they are typing errors, and keeping
/// arithmetic well inside jiff's range means no computation can overflow.
const MIN_YEAR: i16 = 1800;
const MAX_YEAR: i16 = 2200;
/// Longest custodial term accepted (100 years), for the same reason.
const MAX_TERM_MONTHS: i64 = 1200;
const MAX_TERM_DAYS: i64 = 36_600;
/// A conditional discharge lasts at most 3 years.
const MAX_DISCHARGE_MONTHS: i64 = 36;

/// All problems found in `facts`, in field order.
pub(crate) fn problems(facts: &Facts, config: &RulesConfig) -> Vec<FactProblem> {
    let mut v = Validator::default();
    v.validate(facts);
    if v.problems.is_empty() {
        v.law(facts, config);
    }
    v.problems
}

#[derive(Default)]
struct Validator {
    problems: Vec<FactProblem>,
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(FactProblem { path: path.into(), code: "invalid_fact", message: message.into() });
    }

    fn date(&mut self, path: &str, d: Date) {
        if d.year() < MIN_YEAR || d.year() > MAX_YEAR {
            self.push(path, format!("is outside the supported range (years {MIN_YEAR} to {MAX_YEAR})"));
        }
    }

    fn opt_date(&mut self, path: &str, d: Option<Date>) {
        if let Some(d) = d {
            self.date(path, d);
        }
    }

    /// An event date: not after `as_of`, not before birth.
    fn event(&mut self, path: &str, d: Date, f: &Facts) {
        self.date(path, d);
        if d > f.as_of {
            self.push(path, "is after as_of");
        }
        if d < f.date_of_birth {
            self.push(path, "is before date_of_birth");
        }
    }

    fn id(&mut self, path: String, id: &str, seen: &mut HashSet<String>) {
        if id.trim().is_empty() {
            self.push(path, "must not be empty");
        } else if !seen.insert(id.to_string()) {
            self.push(path, "duplicates another id");
        }
    }

    fn validate(&mut self, f: &Facts) {
        self.date("as_of", f.as_of);
        self.date("date_of_birth", f.date_of_birth);
        if f.date_of_birth > f.as_of {
            self.push("date_of_birth", "is after as_of");
        }

        let mut ids = HashSet::new();
        let disposal_ids: HashMap<&str, &Disposal> = f.disposals.iter().map(|d| (d.id.as_str(), d)).collect();
        for (i, d) in f.disposals.iter().enumerate() {
            let p = format!("disposals[{i}]");
            self.id(format!("{p}.id"), &d.id, &mut ids);
            self.event(&format!("{p}.date"), d.date, f);
            self.sentence(&format!("{p}.sentence"), d.kind, &d.sentence, Some(&d.id), &disposal_ids);
        }
        self.consecutive_cycles(f);

        for (i, c) in f.foreign_convictions.iter().enumerate() {
            let p = format!("foreign_convictions[{i}]");
            self.id(format!("{p}.id"), &c.id, &mut ids);
            self.event(&format!("{p}.date"), c.date, f);
            let no_links = HashMap::new();
            if c.equivalent_sentence.consecutive_to.is_some() {
                self.push(
                    format!("{p}.equivalent_sentence.consecutive_to"),
                    "is not supported for foreign convictions",
                );
            } else {
                self.sentence(&format!("{p}.equivalent_sentence"), c.kind, &c.equivalent_sentence, None, &no_links);
            }
            if let Some(s) = c.notification_order_served {
                let sp = format!("{p}.notification_order_served");
                self.date(&sp, s);
                if s < c.date {
                    self.push(sp, "is before the foreign conviction date");
                }
            }
        }

        for (i, o) in f.orders.iter().enumerate() {
            let p = format!("orders[{i}]");
            self.id(format!("{p}.id"), &o.id, &mut ids);
            self.date(&format!("{p}.made"), o.made);
            if o.made < f.date_of_birth {
                self.push(format!("{p}.made"), "is before date_of_birth");
            }
            if let Some(s) = o.served {
                self.date(&format!("{p}.served"), s);
                if s < o.made {
                    self.push(format!("{p}.served"), "is before the order was made");
                }
            }
            if let Some(e) = o.ends {
                self.date(&format!("{p}.ends"), e);
                if e < o.made {
                    self.push(format!("{p}.ends"), "is before the order was made");
                } else if o.served.is_some_and(|s| e < s) {
                    self.push(format!("{p}.ends"), "is before the order was served");
                }
            }
            if let Some(e) = o.foreign_travel_prohibition_ends {
                let ep = format!("{p}.foreign_travel_prohibition_ends");
                self.date(&ep, e);
                if e < o.made {
                    self.push(ep, "is before the order was made");
                } else if !matches!(
                    o.kind,
                    OrderType::Shpo
                        | OrderType::InterimShpo
                        | OrderType::Sro
                        | OrderType::InterimSro
                        | OrderType::Sopo
                        | OrderType::Fto
                ) {
                    self.push(ep, "applies only to SHPOs, SROs, SOPOs and foreign travel orders");
                }
            }
            for (j, b) in o.breach_convictions.iter().enumerate() {
                let bp = format!("{p}.breach_convictions[{j}]");
                self.event(&bp, *b, f);
                if *b < o.made {
                    self.push(bp, "is before the order was made");
                }
            }
        }

        for (name, list) in [("custody", &f.custody), ("hospital", &f.hospital), ("abroad", &f.abroad)] {
            for (i, iv) in list.iter().enumerate() {
                let p = format!("{name}[{i}]");
                self.date(&format!("{p}.from"), iv.from);
                if iv.from < f.date_of_birth {
                    self.push(format!("{p}.from"), "is before date_of_birth");
                }
                if let Some(to) = iv.to {
                    self.date(&format!("{p}.to"), to);
                    if to < iv.from {
                        self.push(format!("{p}.to"), "is before from");
                    }
                }
            }
        }

        for (i, n) in f.notifications.iter().enumerate() {
            self.event(&format!("notifications[{i}].date"), n.date, f);
        }

        if let Some(l) = &f.licence {
            self.opt_date("licence.led", l.led);
            self.opt_date("licence.sed", l.sed);
        }

        if let Some(c3) = &f.category_3_decision {
            self.event("category_3_decision.date", c3.date, f);
            if let Some(e) = c3.ended {
                self.date("category_3_decision.ended", e);
                if e < c3.date {
                    self.push("category_3_decision.ended", "is before the decision date");
                }
            }
        }

        for (i, r) in f.review_decisions.iter().enumerate() {
            let p = format!("review_decisions[{i}]");
            self.event(&format!("{p}.date"), r.date, f);
            if let Some(y) = r.further_review_years {
                if r.outcome == ReviewOutcome::Discharged {
                    self.push(format!("{p}.further_review_years"), "applies only when the requirements continue");
                } else if !(1..=15).contains(&y) {
                    self.push(format!("{p}.further_review_years"), "must be between 1 and 15");
                }
            }
        }
    }

    /// Combinations that are well formed but that the law rules out, found by
    /// the engine's own reading of the facts.
    fn law(&mut self, f: &Facts, config: &RulesConfig) {
        let mut scratch = Vec::new();
        let (mut periods, _) = notification::periods(f, config, &mut scratch);
        for i in apply_review_discharges(f, config, &mut periods, &mut scratch) {
            self.push(
                format!("review_decisions[{i}].date"),
                "is before the qualifying date for a review (REV-01, REV-03): a discharge can only follow an application made on or after it, so it has no effect",
            );
        }
    }

    fn sentence(
        &mut self,
        p: &str,
        kind: DisposalKind,
        s: &Sentence,
        own_id: Option<&str>,
        disposals: &HashMap<&str, &Disposal>,
    ) {
        use SentenceType as T;
        let finding = matches!(kind, DisposalKind::InsanityFinding | DisposalKind::DisabilityFinding);
        if kind == DisposalKind::Caution {
            if s.term_months.is_some() {
                self.push(format!("{p}.term_months"), "a caution cannot have a custodial term");
            }
            if s.term_days.is_some() {
                self.push(format!("{p}.term_days"), "a caution cannot have a custodial term");
            }
            if s.kind != T::None {
                self.push(format!("{p}.type"), "a caution is not a sentence: use type \"none\" or omit the sentence");
            }
        } else if finding
            && matches!(
                s.kind,
                T::Life
                    | T::Ipp
                    | T::Imprisonment
                    | T::SuspendedImprisonment
                    | T::Detention
                    | T::Dto
                    | T::Fine
                    | T::CommunityOrder
                    | T::ConditionalDischarge
            )
        {
            self.push(
                format!("{p}.type"),
                "a finding of insanity or disability can lead only to a hospital order, a guardianship order, an absolute discharge or a supervision order (type \"none\")",
            );
        }

        match (s.term_months, s.term_days) {
            (Some(_), Some(_)) => self.push(format!("{p}.term_days"), "give term_months or term_days, not both"),
            (None, None) if s.kind.has_term() && kind != DisposalKind::Caution => {
                self.push(format!("{p}.term_months"), "is required for this sentence type (or give term_days)")
            }
            _ => {}
        }
        for (field, value, max) in
            [("term_months", s.term_months, MAX_TERM_MONTHS), ("term_days", s.term_days, MAX_TERM_DAYS)]
        {
            if let Some(v) = value {
                if v <= 0 {
                    self.push(format!("{p}.{field}"), "must be more than 0");
                } else if v > max {
                    self.push(format!("{p}.{field}"), "is implausibly long (more than 100 years)");
                } else if !s.kind.has_term() && kind != DisposalKind::Caution {
                    self.push(
                        format!("{p}.{field}"),
                        "applies only to imprisonment, suspended imprisonment, detention or a DTO",
                    );
                }
            }
        }

        match (s.kind, s.period_months) {
            (T::ConditionalDischarge, None) => {
                self.push(format!("{p}.period_months"), "is required for a conditional discharge")
            }
            (T::ConditionalDischarge, Some(m)) if m <= 0 => {
                self.push(format!("{p}.period_months"), "must be more than 0")
            }
            (T::ConditionalDischarge, Some(m)) if m > MAX_DISCHARGE_MONTHS => {
                self.push(format!("{p}.period_months"), "a conditional discharge lasts at most 3 years (36 months)")
            }
            (T::ConditionalDischarge, Some(_)) | (_, None) => {}
            (_, Some(_)) => self.push(format!("{p}.period_months"), "applies only to a conditional discharge"),
        }

        if s.order_ends.is_some()
            && !matches!(s.kind, T::HospitalOrder | T::HospitalOrderWithRestriction | T::GuardianshipOrder)
        {
            self.push(format!("{p}.order_ends"), "applies only to hospital and guardianship orders");
        }
        if let Some(o) = s.order_ends {
            self.date(&format!("{p}.order_ends"), o);
        }

        if let Some(target) = &s.consecutive_to {
            let cp = format!("{p}.consecutive_to");
            if own_id == Some(target.as_str()) {
                self.push(cp, "names this disposal itself");
            } else {
                match disposals.get(target.as_str()) {
                    None => self.push(cp, "names no disposal in this record"),
                    Some(other) if !other.sentence.kind.has_term() => {
                        self.push(cp, "names a disposal without a custodial term")
                    }
                    Some(_) if !s.kind.has_term() => self.push(cp, "applies only to a custodial term"),
                    Some(_) => {}
                }
            }
        }
    }

    fn consecutive_cycles(&mut self, f: &Facts) {
        let next: HashMap<&str, &str> = f
            .disposals
            .iter()
            .filter_map(|d| d.sentence.consecutive_to.as_deref().map(|t| (d.id.as_str(), t)))
            .collect();
        for (i, d) in f.disposals.iter().enumerate() {
            let mut cur = d.id.as_str();
            for _ in 0..=f.disposals.len() {
                match next.get(cur) {
                    Some(&n) if n == d.id => {
                        if n != cur {
                            self.push(
                                format!("disposals[{i}].sentence.consecutive_to"),
                                "forms a cycle of consecutive sentences",
                            );
                        }
                        break;
                    }
                    Some(&n) => cur = n,
                    None => break,
                }
            }
        }
    }
}
