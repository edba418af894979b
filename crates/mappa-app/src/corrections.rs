//! Mistakes put right: corrections and withdrawals of a record's facts, and
//! the outcome of a visit booked ahead. Only those who may edit the record
//! (decide, for a MAPPA decision) may put its facts right.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::address::AddressInput;
use mappa_domain::corrections::{CorrectionInput, FactKind, WithdrawalInput, kind as parse_kind, reason};
use mappa_domain::disposal::DisposalInput;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::DecisionInput;
use mappa_domain::notifications::NotificationInput;
use mappa_domain::orders::OrderInput;
use mappa_domain::periods::{PeriodInput, PeriodKind};
use mappa_domain::risk::{RiskAssessmentInput, Visit, VisitInput};
use mappa_store::{Replacement, StandingFact};

/// The entry as it should have been, as the kind's own form or body gives it.
pub enum FactInput<'a> {
    Address(&'a AddressInput),
    Disposal(&'a DisposalInput),
    Decision(&'a DecisionInput),
    Notification(&'a NotificationInput),
    /// The kind of period, or None to keep the corrected one's.
    Period(Option<PeriodKind>, &'a PeriodInput),
    Order(&'a OrderInput),
    RiskAssessment(&'a RiskAssessmentInput),
    Visit(&'a VisitInput),
}

impl FactInput<'_> {
    pub fn kind(&self) -> FactKind {
        match self {
            FactInput::Address(_) => FactKind::Address,
            FactInput::Disposal(_) => FactKind::Disposal,
            FactInput::Decision(_) => FactKind::Decision,
            FactInput::Notification(_) => FactKind::Notification,
            FactInput::Period(..) => FactKind::Period,
            FactInput::Order(_) => FactKind::Order,
            FactInput::RiskAssessment(_) => FactKind::RiskAssessment,
            FactInput::Visit(_) => FactKind::Visit,
        }
    }
}

/// What putting right a fact of `kind` needs the caller to be allowed.
fn needed(kind: FactKind) -> RecordAction {
    match kind {
        FactKind::Decision => RecordAction::Decide,
        _ => RecordAction::Edit,
    }
}

fn item_id(raw: Option<&str>, e: &mut ValidationErrors) -> Option<ItemId> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            e.add("item_id", "required", "Enter the id of the entry");
            None
        }
        Some(s) => s.parse().ok().or_else(|| {
            e.add("item_id", "invalid_id", "The id of the entry must be a UUID");
            None
        }),
    }
}

/// Errors of the reason and of the entry's own fields, together.
fn both<T>(
    reason: std::result::Result<String, mappa_domain::FieldError>,
    entry: std::result::Result<T, ValidationErrors>,
) -> Result<(String, T)> {
    match (reason, entry) {
        (Ok(r), Ok(t)) => Ok((r, t)),
        (r, t) => {
            let mut e = ValidationErrors::new();
            if let Err(f) = r {
                e.0.push(f);
            }
            if let Err(v) = t {
                e.0.extend(v.0);
            }
            Err(AppError::Invalid(e))
        }
    }
}

impl App {
    /// Withdraws an entry recorded in error, with the reason.
    pub async fn withdraw_fact(
        &self,
        actor: &Actor,
        id: NominalId,
        kind: FactKind,
        item: ItemId,
        why: Option<&str>,
    ) -> Result<()> {
        let granted = self.authorise(actor, id, needed(kind)).await?;
        let why = reason(why, false).map_err(|f| AppError::Invalid(ValidationErrors(vec![f])))?;
        Ok(self.store.withdraw_fact(&self.ctx(actor), &granted, kind, item, &why, actor.user_id).await?)
    }

    /// A withdrawal as the API gives it.
    pub async fn withdraw_fact_input(&self, actor: &Actor, id: NominalId, input: &WithdrawalInput) -> Result<()> {
        let mut e = ValidationErrors::new();
        let kind = e.take(parse_kind(input.kind.as_deref()));
        let item = item_id(input.item_id.as_deref(), &mut e);
        match (kind, item) {
            (Some(kind), Some(item)) if e.is_empty() => {
                self.withdraw_fact(actor, id, kind, item, input.reason.as_deref()).await
            }
            _ => Err(AppError::Invalid(e)),
        }
    }

    /// Corrects an entry: the old one is withdrawn with the reason and the
    /// corrected one recorded in its place, in one transaction, checked as a
    /// new one of its kind would be. Returns the id of the corrected entry.
    pub async fn correct_fact(
        &self,
        actor: &Actor,
        id: NominalId,
        item: ItemId,
        why: Option<&str>,
        input: FactInput<'_>,
    ) -> Result<ItemId> {
        let kind = input.kind();
        let granted = self.authorise(actor, id, needed(kind)).await?;
        let why = reason(why, true);
        let today = self.today();
        let ctx = self.ctx(actor);
        let by = actor.user_id;
        let store = &self.store;
        let new = ItemId::new();
        let done = match input {
            FactInput::Address(a) => {
                let (why, a) = both(why, a.parse(new, today))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Address(&a), by).await
            }
            FactInput::Disposal(d) => {
                let existing: Vec<ItemId> =
                    store.disposal_ids(&granted).await?.into_iter().filter(|d| *d != item).collect();
                let (why, d) = both(why, d.parse(new, today, &existing))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Disposal(&d), by).await
            }
            FactInput::Decision(d) => {
                let (why, d) = both(why, d.parse(today))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Decision(&d), by).await
            }
            FactInput::Notification(n) => {
                let (why, ()) = both(why, Ok(()))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Notification(n), by).await
            }
            FactInput::Period(k, p) => {
                let (why, ()) = both(why, Ok(()))?;
                let kind = match k {
                    Some(k) => k,
                    None => {
                        let old = store.periods(&granted).await?.into_iter().find(|x| x.id == item);
                        old.ok_or(AppError::NotFound)?.kind
                    }
                };
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Period(kind, p), by).await
            }
            FactInput::Order(o) => {
                let (why, o) = both(why, o.parse(today, &self.rules.orders))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Order(&o), by).await
            }
            FactInput::RiskAssessment(a) => {
                let (why, a) = both(why, a.parse(new, today, (&actor.display_name, &actor.agency_name)))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::RiskAssessment(&a), by).await
            }
            FactInput::Visit(v) => {
                let (why, v) = both(why, v.parse(new, today, &actor.display_name))?;
                store.correct_fact(&ctx, &granted, item, &why, Replacement::Visit(&v), by).await
            }
        };
        Ok(done?)
    }

    /// A correction as the API gives it: the member named by `kind` holds the
    /// corrected entry.
    pub async fn correct_fact_input(&self, actor: &Actor, id: NominalId, input: &CorrectionInput) -> Result<ItemId> {
        let mut e = ValidationErrors::new();
        let kind = e.take(parse_kind(input.kind.as_deref()));
        let item = item_id(input.item_id.as_deref(), &mut e);
        let (Some(kind), Some(item)) = (kind, item) else {
            return Err(AppError::Invalid(e));
        };
        let fact = match kind {
            FactKind::Address => input.address.as_ref().map(FactInput::Address),
            FactKind::Disposal => input.disposal.as_ref().map(FactInput::Disposal),
            FactKind::Decision => input.decision.as_ref().map(FactInput::Decision),
            FactKind::Notification => input.notification.as_ref().map(FactInput::Notification),
            FactKind::Period => input.period.as_ref().map(|p| FactInput::Period(None, p)),
            FactKind::Order => input.order.as_ref().map(FactInput::Order),
            FactKind::RiskAssessment => input.risk_assessment.as_ref().map(FactInput::RiskAssessment),
            FactKind::Visit => input.visit.as_ref().map(FactInput::Visit),
        };
        let Some(fact) = fact else {
            e.add(kind.code(), "required", format!("Give the corrected {} under \"{}\"", kind.label(), kind.code()));
            return Err(AppError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        self.correct_fact(actor, id, item, input.reason.as_deref(), fact).await
    }

    /// The entry a correction form starts from. Opening the form is audited
    /// by the form's own heading read.
    pub async fn standing_fact(
        &self,
        actor: &Actor,
        id: NominalId,
        kind: FactKind,
        item: ItemId,
    ) -> Result<StandingFact> {
        let granted = self.authorise(actor, id, needed(kind)).await?;
        Ok(self.store.standing_fact(&granted, kind, item).await?)
    }

    /// Records what happened at a visit booked ahead, once its day has come
    /// (VIS-1): the outcome, who was present and any concerns.
    pub async fn record_visit_outcome(
        &self,
        actor: &Actor,
        id: NominalId,
        visit: ItemId,
        input: &VisitInput,
    ) -> Result<Visit> {
        let granted = self.authorise(actor, id, RecordAction::Edit).await?;
        let booked = self
            .store
            .visits(&granted)
            .await?
            .into_iter()
            .find(|v| v.id == visit && v.outcome.is_none())
            .ok_or(AppError::NotFound)?;
        if input.outcome.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(AppError::Invalid(ValidationErrors::single(
                "outcome",
                "required",
                "Select what happened at the visit",
            )));
        }
        let made = VisitInput {
            date: Some(booked.date.to_string()),
            kind: Some(booked.kind.code().to_string()),
            officer: input.officer.clone().or(Some(booked.officer.clone())),
            ..input.clone()
        };
        let v = made.parse(visit, self.today(), &actor.display_name)?;
        self.store.record_visit_outcome(&self.ctx(actor), &granted, &v).await?;
        Ok(v)
    }
}
