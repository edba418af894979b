//! Use cases for disclosure scheme applications (issue 11, journeys 2 and 3;
//! CSO-1..5, DVDS-1..6). Any practitioner of an agency that reaches the
//! subject's record records one (in practice the police); only that agency
//! sees it and its steps, as it names the applicant and those at risk. A
//! subject not yet on the registry is created with the minimum details.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::{Actor, RecordAction};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disclosure_schemes::{Application, ApplicationInput, StageInput};
use mappa_domain::ids::{ItemId, NominalId};
use mappa_store::AuditEntry;

impl App {
    /// The applications about a record that the caller's agency handles.
    pub async fn applications(&self, actor: &Actor, id: NominalId) -> Result<Vec<Application>> {
        let granted = self.authorise(actor, id, RecordAction::View).await?;
        let list = self.store.applications(&granted, actor.agency_id).await?;
        let entry = AuditEntry::new(AuditAction::ApplicationsView, "nominal", id).nominal(id);
        self.store.audit_only(&self.ctx(actor), entry).await?;
        Ok(list)
    }

    /// Records an application. The subject is `subject_nominal_id` (within
    /// the caller's reach) or a new record from `subject`; not both.
    pub async fn record_application(&self, actor: &Actor, input: &ApplicationInput) -> Result<Application> {
        let subject = match (&input.subject_nominal_id, &input.subject) {
            (Some(_), Some(_)) => {
                return Err(ValidationErrors::single(
                    "subject",
                    "both_subjects",
                    "Give either the existing record or the new person's details, not both",
                )
                .into());
            }
            (None, None) => {
                return Err(ValidationErrors::single(
                    "subject_nominal_id",
                    "required",
                    "Find the person the application is about, or give their details",
                )
                .into());
            }
            (Some(raw), None) => raw.trim().parse::<NominalId>().map_err(|_| AppError::NotFound)?,
            (None, Some(new)) => {
                // Checked first, so that a bad application leaves no new record behind.
                input.parse(self.today())?;
                new.parse(self.today()).map_err(|e| prefix(e, "subject"))?;
                self.create_nominal(actor, new).await?.id
            }
        };
        let granted = self.authorise(actor, subject, RecordAction::Contribute).await?;
        let v = input.parse(self.today())?;
        Ok(self.store.record_application(&self.ctx(actor), &granted, &v, (actor.user_id, actor.agency_id)).await?)
    }

    /// Records a step of an application the caller's agency handles.
    pub async fn record_application_stage(
        &self,
        actor: &Actor,
        app: ItemId,
        input: &StageInput,
    ) -> Result<Application> {
        let (agency, current) = self.store.application(app).await?.ok_or(AppError::NotFound)?;
        if agency != actor.agency_id {
            return Err(AppError::NotFound);
        }
        let granted = self.authorise(actor, current.subject_nominal_id, RecordAction::Contribute).await?;
        let today = self.today();
        Ok(self.store.record_stage(&self.ctx(actor), &granted, app, |a| input.parse(a, today), actor.user_id).await?)
    }
}

/// A new subject's errors named under `subject.`.
fn prefix(mut e: ValidationErrors, under: &str) -> ValidationErrors {
    for f in &mut e.0 {
        f.field = format!("{under}.{}", f.field);
    }
    e
}
