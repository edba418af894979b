//! Applications for review of indefinite notification requirements (SOA 2003
//! ss91A–91F; rules.md §3.7, REV-01..REV-10): the application received in
//! writing (REV-02), then its stages in order (REV-06), each with its date:
//! acknowledgement, consultation of the responsible bodies and of victims, the
//! risk assessment against the s91D factors (REV-05), the decision (continue,
//! with a further review period, REV-04, or discharge), an appeal (REV-08) and
//! its outcome, and closure.
//!
//! Everything here is pure: the caller passes today's date and the rules
//! configuration (decision weeks, appeal days and the longest further period
//! are configuration because rules.md marks them UNCONFIRMED).

use crate::coded_enum;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::ItemId;
use crate::rules::{
    NotificationAssessment, ReviewDecision, ReviewOutcome, RulesConfig, further_review_date, review_appeal_deadline,
    review_decision_due,
};
use crate::values::{optional_text, parse_code, parse_past_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest free-text field (reasons, notes) in characters.
const MAX_TEXT: usize = 4000;
/// Default further review period in years (REV-04).
pub const DEFAULT_FURTHER_REVIEW_YEARS: u8 = 8;

coded_enum!(
    /// The stages of a review after the application is received (REV-06), in
    /// the order they happen.
    ReviewStage {
        Acknowledged = "acknowledged" : "Application acknowledged",
        BodiesConsulted = "bodies_consulted" : "Responsible bodies consulted",
        VictimsConsulted = "victims_consulted" : "Victims consulted",
        RiskAssessed = "risk_assessed" : "Risk assessment done",
        Decided = "decided" : "Decision made",
        AppealLodged = "appeal_lodged" : "Appeal lodged",
        AppealDecided = "appeal_decided" : "Appeal decided",
        Closed = "closed" : "Closed",
    }
);

coded_enum!(
    /// Bodies the chief officer consults before deciding (REV-05's "information
    /// from responsible bodies"; REV-06 stage 1 notice to responsible bodies).
    ConsultedBody {
        Probation = "probation" : "Probation service",
        Prison = "prison" : "Prison service",
        YouthJustice = "youth_justice" : "Youth justice service",
        Health = "health" : "Health (including mental health)",
        ChildrensServices = "childrens_services" : "Children's services",
        AdultSocialCare = "adult_social_care" : "Adult social care",
        Housing = "housing" : "Housing",
        OtherPoliceForce = "other_police_force" : "Another police force",
        Other = "other" : "Another body",
    }
);

coded_enum!(
    /// Whether victims were consulted before the decision (REV-05 victim
    /// submissions; REV-06 stage 3).
    VictimConsultation {
        Consulted = "consulted" : "Victims consulted",
        NotApplicable = "not_applicable" : "Not applicable",
    }
);

coded_enum!(
    /// The factors the chief officer must consider (s91D; REV-05).
    ReviewFactor {
        ResponsibleBodiesInformation = "responsible_bodies_information" : "Information from the responsible bodies",
        RiskOfSexualHarm = "risk_of_sexual_harm" : "The risk of sexual harm the offender poses",
        EffectOnOffender = "effect_on_offender" : "The effect on the offender of continuing the requirements",
        Seriousness = "seriousness" : "The seriousness of the offence",
        TimeSinceOffending = "time_since_offending" : "The time since the offender last offended",
        NotificationBreaches = "notification_breaches" : "Any breach of the notification requirements (SOA 1997 s3, SOA 2003 s91)",
        AgeAtQualifyingDate = "age_at_qualifying_date" : "The offender's age on the qualifying date",
        AgeAtOffence = "age_at_offence" : "The offender's age when the offence was committed",
        VictimAge = "victim_age" : "The age of any victim and the age difference with the offender",
        MappaRiskAssessments = "mappa_risk_assessments" : "Risk assessments by the MAPPA responsible bodies (CJA 2003 s325)",
        VictimSubmissions = "victim_submissions" : "Submissions from victims",
        OtherConvictions = "other_convictions" : "Other convictions or findings, including in Scotland",
        OtherInformation = "other_information" : "Any other information relevant to the risk",
    }
);

coded_enum!(
    /// The chief officer's determination (REV-04; the engine's `ReviewOutcome`).
    DecisionOutcome {
        Continue = "continue" : "Continue the notification requirements",
        Discharge = "discharge" : "Discharge the notification requirements",
    }
);

coded_enum!(
    /// The magistrates' court's decision on an appeal (REV-08).
    AppealOutcome {
        Upheld = "upheld" : "Decision upheld: the requirements continue",
        Allowed = "allowed" : "Appeal allowed: the requirements are discharged",
    }
);

/// One s91D factor as considered, with any notes.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FactorNote {
    pub factor: ReviewFactor,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// What a stage records besides its date.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum StageDetails {
    Acknowledged,
    BodiesConsulted {
        bodies: Vec<ConsultedBody>,
    },
    VictimsConsulted {
        victims: VictimConsultation,
        /// Why victim consultation does not apply (required then).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    RiskAssessed {
        factors: Vec<FactorNote>,
    },
    Decided {
        outcome: DecisionOutcome,
        reasons: String,
        /// Further review period in years when continued (REV-04).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        further_review_years: Option<u8>,
        /// The day the offender was given notice of the determination.
        notice_date: Date,
    },
    AppealLodged,
    AppealDecided {
        outcome: AppealOutcome,
    },
    Closed,
}

impl StageDetails {
    pub fn stage(&self) -> ReviewStage {
        match self {
            StageDetails::Acknowledged => ReviewStage::Acknowledged,
            StageDetails::BodiesConsulted { .. } => ReviewStage::BodiesConsulted,
            StageDetails::VictimsConsulted { .. } => ReviewStage::VictimsConsulted,
            StageDetails::RiskAssessed { .. } => ReviewStage::RiskAssessed,
            StageDetails::Decided { .. } => ReviewStage::Decided,
            StageDetails::AppealLodged => ReviewStage::AppealLodged,
            StageDetails::AppealDecided { .. } => ReviewStage::AppealDecided,
            StageDetails::Closed => ReviewStage::Closed,
        }
    }
}

impl fmt::Debug for StageDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StageDetails({} {{ .. }})", self.stage().code())
    }
}

/// A stage checked and ready to store.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ValidStage {
    pub id: ItemId,
    /// 1 for the first stage after the application, and so on.
    pub position: u32,
    pub date: Date,
    #[serde(flatten)]
    pub details: StageDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl fmt::Debug for ValidStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidStage").field("id", &self.id).field("stage", &self.details.stage()).finish_non_exhaustive()
    }
}

/// A stage as stored, with who recorded it.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StageRecord {
    pub id: ItemId,
    pub position: u32,
    pub date: Date,
    #[serde(flatten)]
    pub details: StageDetails,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl fmt::Debug for StageRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StageRecord")
            .field("id", &self.id)
            .field("stage", &self.details.stage())
            .finish_non_exhaustive()
    }
}

/// A review application as stored, with its stages in order.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReviewApplication {
    pub id: ItemId,
    /// The day the written application was received (REV-02).
    pub received: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
    pub stages: Vec<StageRecord>,
}

impl fmt::Debug for ReviewApplication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReviewApplication")
            .field("id", &self.id)
            .field("stages", &self.stages.len())
            .finish_non_exhaustive()
    }
}

/// A new application checked and ready to store.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct ValidApplication {
    pub id: ItemId,
    pub received: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl fmt::Debug for ValidApplication {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidApplication").field("id", &self.id).finish_non_exhaustive()
    }
}

/// A submitted application (`POST .../review-applications`).
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewApplicationInput {
    /// The day the application was received (ISO date).
    pub received: Option<String>,
    /// The application was made in writing (REV-02): must be true.
    pub in_writing: Option<bool>,
    pub notes: Option<String>,
}

redacted_debug!(ReviewApplicationInput);

impl ReviewApplicationInput {
    /// Checks the application: a real, past date of receipt and an application
    /// in writing (REV-02). Eligibility (REV-01, REV-03) is [`check_eligibility`].
    pub fn parse(&self, id: ItemId, today: Date) -> Result<ValidApplication, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let received = match self.received.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(raw) => e.take(parse_past_date("received", "date the application was received", raw, today)),
            None => {
                e.add("received", "required", "Enter the date the application was received");
                None
            }
        };
        if self.in_writing != Some(true) {
            e.add("in_writing", "not_in_writing", "An application for review must be made in writing (REV-02)");
        }
        let notes = e.take(optional_text("notes", "notes", self.notes.as_deref(), MAX_TEXT)).flatten();
        match received {
            Some(received) if e.is_empty() => Ok(ValidApplication { id, received, notes }),
            _ => Err(e),
        }
    }
}

/// A submitted s91D factor.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorInput {
    pub factor: Option<String>,
    pub notes: Option<String>,
}

/// A submitted stage (`POST .../review-applications/{app_id}/stages`):
/// `stage` and `date` always; the other fields only for the stages they
/// belong to (anything else is refused as `not_applicable`).
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewStageInput {
    pub stage: Option<String>,
    pub date: Option<String>,
    pub notes: Option<String>,
    /// `bodies_consulted`: the bodies consulted.
    pub bodies: Option<Vec<String>>,
    /// `victims_consulted`: `consulted` or `not_applicable`.
    pub victims: Option<String>,
    /// `victims_consulted` when not applicable: why.
    pub reason: Option<String>,
    /// `risk_assessed`: every s91D factor, each with optional notes.
    pub factors: Option<Vec<FactorInput>>,
    /// `decided`: `continue` or `discharge`; `appeal_decided`: `upheld` or `allowed`.
    pub outcome: Option<String>,
    /// `decided`: the reasons for the determination.
    pub reasons: Option<String>,
    /// `decided` to continue: the further review period in years (default 8).
    pub further_review_years: Option<i64>,
    /// `decided`: the day the offender was given notice.
    pub notice_date: Option<String>,
}

redacted_debug!(ReviewStageInput);

impl ReviewApplication {
    /// The latest decision (REV-04), if one has been made.
    pub fn decision(&self) -> Option<(&StageRecord, DecisionOutcome, Option<u8>, Date)> {
        self.stages.iter().rev().find_map(|s| match &s.details {
            StageDetails::Decided { outcome, further_review_years, notice_date, .. } => {
                Some((s, *outcome, *further_review_years, *notice_date))
            }
            _ => None,
        })
    }

    fn last(&self) -> Option<&StageRecord> {
        self.stages.last()
    }

    /// The date of the latest stage, or of receipt when there is none.
    pub fn latest_date(&self) -> Date {
        self.last().map_or(self.received, |s| s.date)
    }

    /// Open until it is closed.
    pub fn is_open(&self) -> bool {
        !matches!(self.last().map(|s| s.details.stage()), Some(ReviewStage::Closed))
    }

    /// The stages that may be recorded next (REV-06): one after another up to
    /// the decision; then an appeal only against a decision to continue
    /// (REV-08), its outcome, and closure.
    pub fn next_stages(&self) -> Vec<ReviewStage> {
        use ReviewStage::*;
        match self.last().map(|s| (s.details.stage(), &s.details)) {
            None => vec![Acknowledged],
            Some((Acknowledged, _)) => vec![BodiesConsulted],
            Some((BodiesConsulted, _)) => vec![VictimsConsulted],
            Some((VictimsConsulted, _)) => vec![RiskAssessed],
            Some((RiskAssessed, _)) => vec![Decided],
            Some((Decided, StageDetails::Decided { outcome: DecisionOutcome::Continue, .. })) => {
                vec![AppealLodged, Closed]
            }
            Some((Decided, _)) => vec![Closed],
            Some((AppealLodged, _)) => vec![AppealDecided],
            Some((AppealDecided, _)) => vec![Closed],
            Some((Closed, _)) => vec![],
        }
    }

    /// The deadlines and status a page shows, with the arithmetic explained.
    pub fn status(&self, today: Date, config: &RulesConfig) -> ReviewStatus {
        let due = review_decision_due(self.received, config);
        let decision = self.decision();
        let decided = decision.is_some();
        let decision_due = due.value;
        let mut explanation: Vec<String> = due.explanation.iter().map(|s| s.text.clone()).collect();
        let mut appeal_deadline = None;
        let mut further = None;
        if let Some((stage, DecisionOutcome::Continue, years, notice)) = decision {
            let a = review_appeal_deadline(notice, config);
            appeal_deadline = a.value;
            explanation.extend(a.explanation.iter().map(|s| s.text.clone()));
            let years = years.unwrap_or(DEFAULT_FURTHER_REVIEW_YEARS);
            further = further_review_date(stage.date, years);
            if let Some(d) = further {
                explanation.push(format!(
                    "REV-04: the requirements were continued on {}; the further qualifying date is the day after a period of {years} years beginning with that day: {d}.",
                    stage.date
                ));
            }
        }
        let appeal_open = matches!(self.last().map(|s| s.details.stage()), Some(ReviewStage::Decided))
            && appeal_deadline.is_some_and(|d| today <= d);
        ReviewStatus {
            open: self.is_open(),
            next_stages: self.next_stages(),
            decision_due,
            decision_overdue: !decided && self.is_open() && decision_due.is_some_and(|d| today > d),
            appeal_deadline,
            appeal_open,
            further_review_date: further,
            explanation,
        }
    }

    /// What the rules engine takes from this application (REV-04, EXIT-1): the
    /// determination, dated the day the offender was given notice, or, if an
    /// appeal against it was allowed (REV-08), a discharge dated the day of the
    /// court's decision in its place: the continuation overturned sets no
    /// further qualifying date.
    pub fn review_decisions(&self) -> Vec<ReviewDecision> {
        let mut out = Vec::new();
        for s in &self.stages {
            match &s.details {
                StageDetails::Decided { outcome, further_review_years, notice_date, .. } => {
                    out.push(ReviewDecision {
                        date: *notice_date,
                        outcome: match outcome {
                            DecisionOutcome::Continue => ReviewOutcome::Continued,
                            DecisionOutcome::Discharge => ReviewOutcome::Discharged,
                        },
                        further_review_years: match outcome {
                            DecisionOutcome::Continue => {
                                Some(i64::from(further_review_years.unwrap_or(DEFAULT_FURTHER_REVIEW_YEARS)))
                            }
                            DecisionOutcome::Discharge => None,
                        },
                    });
                }
                StageDetails::AppealDecided { outcome: AppealOutcome::Allowed } => {
                    out.retain(|d| d.outcome != ReviewOutcome::Continued);
                    out.push(ReviewDecision {
                        date: s.date,
                        outcome: ReviewOutcome::Discharged,
                        further_review_years: None,
                    });
                }
                _ => {}
            }
        }
        out
    }
}

/// Where an application stands: deadlines and what may come next.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReviewStatus {
    pub open: bool,
    pub next_stages: Vec<ReviewStage>,
    /// REV-07: when the decision is due (configured weeks from receipt; UNCONFIRMED).
    pub decision_due: Option<Date>,
    /// No decision yet and the due date has passed.
    pub decision_overdue: bool,
    /// REV-08: last day to appeal a decision to continue (configured days; UNCONFIRMED).
    pub appeal_deadline: Option<Date>,
    /// An appeal may still be lodged today.
    pub appeal_open: bool,
    /// REV-04: the further qualifying date after a decision to continue.
    pub further_review_date: Option<Date>,
    /// How the dates were worked out, citing the rules.
    pub explanation: Vec<String>,
}

impl fmt::Debug for ReviewStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReviewStatus")
            .field("open", &self.open)
            .field("next_stages", &self.next_stages)
            .field("decision_overdue", &self.decision_overdue)
            .finish_non_exhaustive()
    }
}

impl ReviewStageInput {
    /// Checks a stage against the application as it stands (REV-06): the
    /// stage must be one that may come next, its date real, not in the
    /// future and not before the previous stage; each stage's own fields are
    /// checked as its rule requires. Every problem names its field.
    pub fn parse(
        &self,
        id: ItemId,
        app: &ReviewApplication,
        today: Date,
        config: &RulesConfig,
    ) -> Result<ValidStage, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let next = app.next_stages();
        let stage = match e.take(parse_code("stage", "stage", self.stage.as_deref(), ReviewStage::from_code)) {
            Some(Some(s)) => Some(s),
            Some(None) => {
                e.add("stage", "required", "Select the stage to record");
                None
            }
            None => None,
        };
        let stage = match stage {
            Some(s) if next.contains(&s) => Some(s),
            Some(s) => {
                e.add("stage", stage_refusal_code(app, s), stage_refusal(app, s, &next));
                None
            }
            None => None,
        };
        let previous = app.latest_date();
        let date = match self.date.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(raw) => e.take(parse_past_date("date", "date of the stage", raw, today)),
            None => {
                e.add("date", "required", "Enter the date of the stage");
                None
            }
        };
        if let Some(d) = date
            && d < previous
        {
            e.add(
                "date",
                "before_previous_stage",
                format!("Date of the stage must be the same as or after {previous}, the date of the stage before it (REV-06)"),
            );
        }
        let notes = e.take(optional_text("notes", "notes", self.notes.as_deref(), MAX_TEXT)).flatten();
        let Some(stage) = stage else {
            return Err(e);
        };
        let details = self.details(&mut e, stage, app, date, today, config);
        match (date, details) {
            (Some(date), Some(details)) if e.is_empty() => {
                Ok(ValidStage { id, position: app.stages.len() as u32 + 1, date, details, notes })
            }
            _ => Err(e),
        }
    }

    /// Fields that belong to other stages are refused rather than ignored, so
    /// that nothing submitted is silently lost.
    fn refuse_others(&self, e: &mut ValidationErrors, allowed: &[&str]) {
        let given = [
            ("bodies", self.bodies.is_some()),
            ("victims", self.victims.is_some()),
            ("reason", self.reason.is_some()),
            ("factors", self.factors.is_some()),
            ("outcome", self.outcome.is_some()),
            ("reasons", self.reasons.is_some()),
            ("further_review_years", self.further_review_years.is_some()),
            ("notice_date", self.notice_date.is_some()),
        ];
        for (field, present) in given {
            if present && !allowed.contains(&field) {
                e.add(field, "not_applicable", format!("{field} is not recorded at this stage"));
            }
        }
    }

    fn details(
        &self,
        e: &mut ValidationErrors,
        stage: ReviewStage,
        app: &ReviewApplication,
        date: Option<Date>,
        today: Date,
        config: &RulesConfig,
    ) -> Option<StageDetails> {
        match stage {
            ReviewStage::Acknowledged => {
                self.refuse_others(e, &[]);
                Some(StageDetails::Acknowledged)
            }
            ReviewStage::BodiesConsulted => {
                self.refuse_others(e, &["bodies"]);
                let mut bodies = Vec::new();
                for (i, raw) in self.bodies.as_deref().unwrap_or_default().iter().enumerate() {
                    match ConsultedBody::from_code(raw.trim()) {
                        Some(b) if !bodies.contains(&b) => bodies.push(b),
                        Some(_) => {}
                        None => {
                            e.add(format!("bodies[{i}]"), "invalid_choice", "Select the bodies consulted from the list")
                        }
                    }
                }
                if bodies.is_empty() && self.bodies.as_deref().unwrap_or_default().is_empty() {
                    e.add("bodies", "required", "Select the responsible bodies consulted (REV-05, REV-06)");
                }
                Some(StageDetails::BodiesConsulted { bodies })
            }
            ReviewStage::VictimsConsulted => {
                self.refuse_others(e, &["victims", "reason"]);
                let victims = match e.take(parse_code(
                    "victims",
                    "answer",
                    self.victims.as_deref(),
                    VictimConsultation::from_code,
                )) {
                    Some(Some(v)) => Some(v),
                    Some(None) => {
                        e.add("victims", "required", "Select whether victims were consulted");
                        None
                    }
                    None => None,
                };
                let reason = e
                    .take(optional_text(
                        "reason",
                        "the reason victim consultation does not apply",
                        self.reason.as_deref(),
                        MAX_TEXT,
                    ))
                    .flatten();
                if victims == Some(VictimConsultation::NotApplicable) && reason.is_none() {
                    e.add("reason", "required", "Enter why victim consultation does not apply");
                }
                if victims == Some(VictimConsultation::Consulted) && reason.is_some() {
                    e.add("reason", "not_applicable", "A reason is given only when victim consultation does not apply");
                }
                victims.map(|victims| StageDetails::VictimsConsulted { victims, reason })
            }
            ReviewStage::RiskAssessed => {
                self.refuse_others(e, &["factors"]);
                let mut factors: Vec<FactorNote> = Vec::new();
                for (i, f) in self.factors.as_deref().unwrap_or_default().iter().enumerate() {
                    let field = format!("factors[{i}].factor");
                    let factor =
                        match e.take(parse_code(&field, "factor", f.factor.as_deref(), ReviewFactor::from_code)) {
                            Some(Some(v)) => Some(v),
                            Some(None) => {
                                e.add(field.clone(), "required", "Select the factor");
                                None
                            }
                            None => None,
                        };
                    let notes = e
                        .take(optional_text(
                            &format!("factors[{i}].notes"),
                            "notes on the factor",
                            f.notes.as_deref(),
                            MAX_TEXT,
                        ))
                        .flatten();
                    if let Some(factor) = factor {
                        if factors.iter().any(|x| x.factor == factor) {
                            e.add(field, "duplicate", "Each factor is given once");
                        } else {
                            factors.push(FactorNote { factor, notes });
                        }
                    }
                }
                let missing: Vec<&str> = ReviewFactor::ALL
                    .iter()
                    .filter(|f| !factors.iter().any(|x| x.factor == **f))
                    .map(|f| f.code())
                    .collect();
                if !missing.is_empty() {
                    e.add(
                        "factors",
                        "factors_not_considered",
                        format!("Every s91D factor must be considered (REV-05); not yet: {}", missing.join(", ")),
                    );
                }
                factors.sort_by_key(|f| f.factor);
                Some(StageDetails::RiskAssessed { factors })
            }
            ReviewStage::Decided => {
                self.refuse_others(e, &["outcome", "reasons", "further_review_years", "notice_date"]);
                let outcome = match e.take(parse_code(
                    "outcome",
                    "decision",
                    self.outcome.as_deref(),
                    DecisionOutcome::from_code,
                )) {
                    Some(Some(v)) => Some(v),
                    Some(None) => {
                        e.add("outcome", "required", "Select the decision: continue or discharge");
                        None
                    }
                    None => None,
                };
                let reasons = match e.take(optional_text("reasons", "the reasons", self.reasons.as_deref(), MAX_TEXT)) {
                    Some(Some(r)) => Some(r),
                    Some(None) => {
                        let msg = if outcome == Some(DecisionOutcome::Discharge) {
                            "Enter the reasons for discharging the requirements"
                        } else {
                            "Enter the reasons for the decision (the offender is given them with the notice)"
                        };
                        e.add("reasons", "required", msg);
                        None
                    }
                    None => None,
                };
                let max = config.notification.review_further_period_max_years;
                let further_review_years = match (outcome, self.further_review_years) {
                    (Some(DecisionOutcome::Continue), None) => Some(Some(DEFAULT_FURTHER_REVIEW_YEARS.min(max))),
                    (Some(DecisionOutcome::Continue), Some(y)) if y >= 1 && y <= i64::from(max) => Some(Some(y as u8)),
                    (Some(DecisionOutcome::Continue), Some(_)) => {
                        e.add(
                            "further_review_years",
                            "out_of_range",
                            format!("Further review period must be a whole number of years from 1 to {max} (REV-04; configuration: notification.review_further_period_max_years, UNCONFIRMED)"),
                        );
                        None
                    }
                    (Some(DecisionOutcome::Discharge), Some(_)) => {
                        e.add(
                            "further_review_years",
                            "not_applicable",
                            "A further review period is set only when the requirements continue",
                        );
                        None
                    }
                    (_, _) => Some(None),
                };
                let notice_date = match self.notice_date.as_deref().filter(|s| !s.trim().is_empty()) {
                    Some(raw) => {
                        e.take(parse_past_date("notice_date", "date the offender was given notice", raw, today))
                    }
                    None => {
                        e.add(
                            "notice_date",
                            "required",
                            "Enter the date the offender was given notice of the decision",
                        );
                        None
                    }
                };
                if let (Some(d), Some(n)) = (date, notice_date)
                    && n < d
                {
                    e.add(
                        "notice_date",
                        "before_decision",
                        "Date the offender was given notice must be the same as or after the date of the decision",
                    );
                }
                match (outcome, reasons, further_review_years, notice_date) {
                    (Some(outcome), Some(reasons), Some(further_review_years), Some(notice_date)) => {
                        Some(StageDetails::Decided { outcome, reasons, further_review_years, notice_date })
                    }
                    _ => None,
                }
            }
            ReviewStage::AppealLodged => {
                self.refuse_others(e, &[]);
                if let (Some(d), Some((_, _, _, notice))) = (date, app.decision()) {
                    if d < notice {
                        e.add(
                            "date",
                            "before_notice",
                            format!("Date the appeal was lodged must be on or after {notice}, the day the offender was given notice (REV-08)"),
                        );
                    }
                    let deadline = review_appeal_deadline(notice, config).value;
                    if let Some(last) = deadline
                        && d > last
                    {
                        e.add(
                            "date",
                            "appeal_out_of_time",
                            format!(
                                "Date the appeal was lodged must be on or before {last}: {} days beginning with the day of notice (REV-08; configuration: notification.review_appeal_days, UNCONFIRMED)",
                                config.notification.review_appeal_days
                            ),
                        );
                    }
                }
                Some(StageDetails::AppealLodged)
            }
            ReviewStage::AppealDecided => {
                self.refuse_others(e, &["outcome"]);
                match e.take(parse_code("outcome", "appeal outcome", self.outcome.as_deref(), AppealOutcome::from_code))
                {
                    Some(Some(outcome)) => Some(StageDetails::AppealDecided { outcome }),
                    Some(None) => {
                        e.add("outcome", "required", "Select the appeal outcome: upheld or allowed");
                        None
                    }
                    None => None,
                }
            }
            ReviewStage::Closed => {
                self.refuse_others(e, &[]);
                Some(StageDetails::Closed)
            }
        }
    }
}

fn stage_refusal_code(app: &ReviewApplication, s: ReviewStage) -> &'static str {
    let decided_to_discharge = matches!(app.decision(), Some((_, DecisionOutcome::Discharge, _, _)));
    if s == ReviewStage::AppealLodged && (app.decision().is_none() || decided_to_discharge) {
        "appeal_without_continuation"
    } else if !app.is_open() {
        "application_closed"
    } else {
        "out_of_order"
    }
}

fn stage_refusal(app: &ReviewApplication, s: ReviewStage, next: &[ReviewStage]) -> String {
    match stage_refusal_code(app, s) {
        "appeal_without_continuation" => {
            "An appeal can be lodged only against a decision to continue the requirements (REV-08)".into()
        }
        "application_closed" => "The application is closed: record a new application".into(),
        _ => format!(
            "Stages are recorded in order (REV-06): the next stage is {}",
            next.iter().map(|n| n.code()).collect::<Vec<_>>().join(" or ")
        ),
    }
}

/// Why an application may be made, once [`check_eligibility`] allows it.
#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Eligible {
    /// The qualifying date (REV-03) or further qualifying date (REV-04) that applied.
    pub qualifying_date: Date,
    /// True when it was the further qualifying date after a decision to continue.
    pub further: bool,
}

impl fmt::Debug for Eligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Eligible").field("further", &self.further).finish_non_exhaustive()
    }
}

/// REV-01, REV-03, REV-04: an application may be made only by a qualifying
/// relevant offender (subject to indefinite notification requirements, with no
/// SHPO, interim SHPO or SOPO in force) on or after the qualifying date, or
/// after a decision to continue, the further qualifying date. `assessment` is
/// the rules engine's assessment of the person's stored facts; the error names
/// the field `received`.
pub fn check_eligibility(assessment: &NotificationAssessment, received: Date) -> Result<Eligible, FieldError> {
    if !(assessment.subject && assessment.indefinite) {
        return Err(FieldError::new(
            "received",
            "not_indefinite",
            "Only a person subject to indefinite notification requirements may apply for a review (REV-01)",
        ));
    }
    // The engine notes an SHPO, interim SHPO or SOPO in force with a REV-01 step.
    if assessment.explanation.iter().any(|s| s.rule == "REV-01") {
        return Err(FieldError::new(
            "received",
            "order_in_force",
            "A person subject to an SHPO, interim SHPO or SOPO is not a qualifying relevant offender (REV-01)",
        ));
    }
    let (date, further) = match (assessment.review_further_qualifying_date, assessment.review_qualifying_date) {
        (Some(d), _) => (d, true),
        (None, Some(d)) => (d, false),
        (None, None) => {
            return Err(FieldError::new(
                "received",
                "no_qualifying_date",
                "The qualifying date cannot be worked out yet: no notification is recorded since the relevant date (REV-03, CONV-8)",
            ));
        }
    };
    if received < date {
        let rule = if further { "REV-04" } else { "REV-03" };
        let which = if further { "further qualifying date" } else { "qualifying date" };
        return Err(FieldError::new(
            "received",
            "before_qualifying_date",
            format!("Date the application was received is before the {which}, {date} ({rule})"),
        ));
    }
    Ok(Eligible { qualifying_date: date, further })
}

#[cfg(test)]
mod tests;
