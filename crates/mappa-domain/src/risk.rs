//! Risk assessments and police home visits (rules.md §7).
//!
//! Four tools are recorded: OASys risk of serious harm (§7.2), Risk Matrix 2000
//! (RM-2..RM-4), ARMS (ARMS-1..ARMS-5) and OSP (RM-5, RM-6). Where the scoring is
//! UNCONFIRMED (RM-4 bands, RM-6 thresholds, ARMS-5 factor names) the result is
//! entered as a category, never computed from points.
//!
//! The police visit schedule (VIS-1, VIS-2, CONV-12) follows from the stored
//! assessments and visits through [`current_level`] and [`visit_schedule`],
//! which use the rules engine's [`next_visit_due`] for the intervals.

use crate::coded_enum;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::ItemId;
use crate::rules::{RoshLevel, RulesConfig, Step, add_months, next_visit_due};
use crate::values::{optional_text, parse_code, parse_date, parse_past_date, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The visit regime's source (rules.md S47), as the rules engine cites it.
const CITE_VISITS: &str = "NPCC visit regime (2017) and reactive management; local policy";
const CITE_RISK: &str = "OASys RoSH (PC 36/2006); Risk Matrix 2000; ARMS (PI 15/2015)";

coded_enum!(
    /// The assessment tool (rules.md §7).
    RiskTool {
        OasysRosh = "oasys_rosh" : "OASys risk of serious harm (RoSH)",
        Rm2000 = "rm2000" : "Risk Matrix 2000",
        Arms = "arms" : "Active Risk Management System (ARMS)",
        Osp = "osp" : "OASys Sexual reoffending Predictor (OSP)",
    }
);

coded_enum!(
    /// The four levels shared by RoSH (§7.2), RM2000 categories (RM-4) and
    /// OSP/C (RM-6). OSP/I stops at High. Every RoSH level is about serious
    /// harm (RISK-0): harm that is life-threatening and/or traumatic, from
    /// which recovery is expected to be difficult or impossible.
    RiskLevel {
        Low = "low" : "Low",
        Medium = "medium" : "Medium",
        High = "high" : "High",
        VeryHigh = "very_high" : "Very High",
    }
);

coded_enum!(
    /// Where the person was when assessed: in custody RoSH is assessed as
    /// though release could be imminent (§7.2 rules).
    RiskSetting {
        Community = "community" : "Community",
        Custody = "custody" : "Custody",
    }
);

coded_enum!(
    /// Who the risk of serious harm is to (OASys RoSH).
    RiskGroup {
        Children = "children" : "Children",
        Public = "public" : "Public",
        KnownAdult = "known_adult" : "Known adult",
        Staff = "staff" : "Staff",
        Prisoners = "prisoners" : "Prisoners",
    }
);

coded_enum!(
    /// ARMS factors (ARMS-2: 7 risk indicators and 4 protective factors; the
    /// areas of ARMS-3). The exact names are UNCONFIRMED (ARMS-5): this one list
    /// is the only place they are written.
    ArmsFactor {
        SexualPreoccupation = "sexual_preoccupation" : "Sexual preoccupation",
        OffenceRelatedSexualInterest = "offence_related_sexual_interest" : "Offence-related sexual interest",
        Opportunity = "opportunity" : "Opportunity to offend, unsupervised access",
        PornographyUse = "pornography_use" : "Pornography use, including illegal content",
        RelationshipInstability = "relationship_instability" : "Relationship instability",
        EmotionalRegulation = "emotional_regulation" : "Emotional regulation and impulsivity",
        NonCompliance = "non_compliance" : "Non-compliance with orders or supervision",
        PositiveRoutine = "positive_routine" : "Positive routine and purposeful activity",
        SocialInvestment = "social_investment" : "Social investment and pro-social relationships",
        CommitmentToDesist = "commitment_to_desist" : "Commitment to desist, motivation to change",
        CoOperation = "co_operation" : "Co-operation with police and probation",
    }
);

impl ArmsFactor {
    /// Protective factors (ARMS-2: the last four); the rest are risk indicators.
    pub fn is_protective(self) -> bool {
        matches!(
            self,
            ArmsFactor::PositiveRoutine
                | ArmsFactor::SocialInvestment
                | ArmsFactor::CommitmentToDesist
                | ArmsFactor::CoOperation
        )
    }
}

coded_enum!(
    /// How one ARMS factor was marked.
    FactorStatus {
        Present = "present" : "Present",
        NotPresent = "not_present" : "Not present",
        NotAssessed = "not_assessed" : "Not assessed",
    }
);

coded_enum!(
    /// ARMS output: the priority for work, not a risk level (ARMS-4).
    ArmsPriority {
        Low = "low" : "Low priority",
        Medium = "medium" : "Medium priority",
        High = "high" : "High priority",
    }
);

impl RiskLevel {
    /// The rules engine's RoSH level for the same category.
    pub fn rosh(self) -> RoshLevel {
        match self {
            RiskLevel::Low => RoshLevel::Low,
            RiskLevel::Medium => RoshLevel::Medium,
            RiskLevel::High => RoshLevel::High,
            RiskLevel::VeryHigh => RoshLevel::VeryHigh,
        }
    }
}

/// The level of risk of serious harm to one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RiskToGroup {
    pub group: RiskGroup,
    pub level: RiskLevel,
}

/// One ARMS factor and its marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FactorRating {
    pub factor: ArmsFactor,
    pub protective: bool,
    pub status: FactorStatus,
}

/// A tool's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "tool", rename_all = "snake_case")]
pub enum RiskResult {
    /// OASys RoSH (§7.2): the overall level, the level to each group, and the setting.
    OasysRosh { overall: RiskLevel, setting: RiskSetting, risk_to: Vec<RiskToGroup> },
    /// Risk Matrix 2000 categories (RM-2, RM-4): entered, never scored.
    Rm2000 { sexual: Option<RiskLevel>, violent: Option<RiskLevel>, combined: Option<RiskLevel> },
    /// ARMS (ARMS-2..ARMS-4): factors and the priority for work.
    Arms { priority: ArmsPriority, factors: Vec<FactorRating> },
    /// OSP/C and OSP/I categories (RM-5, RM-6 UNCONFIRMED).
    Osp { contact: Option<RiskLevel>, images: Option<RiskLevel> },
}

impl RiskResult {
    pub fn tool(&self) -> RiskTool {
        match self {
            RiskResult::OasysRosh { .. } => RiskTool::OasysRosh,
            RiskResult::Rm2000 { .. } => RiskTool::Rm2000,
            RiskResult::Arms { .. } => RiskTool::Arms,
            RiskResult::Osp { .. } => RiskTool::Osp,
        }
    }

    /// The level this result sets for the visit schedule, with its source; see
    /// [`current_level`] for why only these two do.
    pub fn schedule_level(&self) -> Option<(LevelSource, RiskLevel)> {
        match self {
            RiskResult::OasysRosh { overall, .. } => Some((LevelSource::OasysRosh, *overall)),
            RiskResult::Rm2000 { combined: Some(c), .. } => Some((LevelSource::Rm2000Combined, *c)),
            _ => None,
        }
    }

    /// One line for lists.
    pub fn summary(&self) -> String {
        let opt = |name: &str, l: &Option<RiskLevel>| l.map(|l| format!("{name} {}", l.label()));
        match self {
            RiskResult::OasysRosh { overall, setting, .. } => {
                format!("RoSH {} ({})", overall.label(), setting.label().to_lowercase())
            }
            RiskResult::Rm2000 { sexual, violent, combined } => {
                [opt("RM2000/S", sexual), opt("RM2000/V", violent), opt("RM2000/C", combined)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ")
            }
            RiskResult::Arms { priority, factors } => {
                let present =
                    |p: bool| factors.iter().filter(|f| f.protective == p && f.status == FactorStatus::Present).count();
                format!(
                    "{}; {} risk and {} protective factors present",
                    priority.label(),
                    present(false),
                    present(true)
                )
            }
            RiskResult::Osp { contact, images } => {
                [opt("OSP/C", contact), opt("OSP/I", images)].into_iter().flatten().collect::<Vec<_>>().join(", ")
            }
        }
    }
}

/// Which series of assessments sets the schedule's level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelSource {
    /// The OASys RoSH overall level (preferred).
    OasysRosh = 1,
    /// RM2000/C, used only for someone with no RoSH assessment recorded.
    Rm2000Combined = 2,
}

impl LevelSource {
    /// The number stored with an assessment (lower wins).
    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(LevelSource::OasysRosh),
            2 => Some(LevelSource::Rm2000Combined),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LevelSource::OasysRosh => "OASys RoSH overall level",
            LevelSource::Rm2000Combined => "Risk Matrix 2000 combined category (RM2000/C)",
        }
    }
}

/// A risk assessment as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RiskAssessment {
    pub id: ItemId,
    pub date: Date,
    pub assessor_name: String,
    pub assessor_agency: String,
    pub notes: Option<String>,
    #[serde(flatten)]
    pub result: RiskResult,
}

impl fmt::Debug for RiskAssessment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RiskAssessment {{ tool: {}, .. }}", self.result.tool())
    }
}

/// A submitted assessment. Only the fields of the chosen tool may be given.
/// `risk_to` maps a group code to a level code; `factors` an ARMS factor code
/// to a marking. Assessor name and agency default to the signed-in user.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessmentInput {
    pub tool: Option<String>,
    pub date: Option<String>,
    pub assessor_name: Option<String>,
    pub assessor_agency: Option<String>,
    pub notes: Option<String>,
    /// OASys RoSH overall level.
    pub overall: Option<String>,
    /// OASys RoSH: community or custody.
    pub setting: Option<String>,
    /// OASys RoSH: group code → level code.
    pub risk_to: Option<BTreeMap<String, String>>,
    pub rm2000_s: Option<String>,
    pub rm2000_v: Option<String>,
    pub rm2000_c: Option<String>,
    /// ARMS priority for work (ARMS-4).
    pub priority: Option<String>,
    /// ARMS factor code → present / not_present / not_assessed.
    pub factors: Option<BTreeMap<String, String>>,
    pub osp_c: Option<String>,
    pub osp_i: Option<String>,
}

redacted_debug!(RiskAssessmentInput);

fn level(e: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>) -> Option<RiskLevel> {
    e.take(parse_code(field, label, raw, RiskLevel::from_code)).flatten()
}

fn present(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl RiskAssessmentInput {
    /// Validates an assessment: the date is not in the future (RISK-0a: an
    /// assessment records what was assessed), the tool's result is complete,
    /// and no other tool's fields are given. `assessor` is (name, agency) of
    /// the signed-in user, used when the input leaves them blank.
    pub fn parse(&self, id: ItemId, today: Date, assessor: (&str, &str)) -> Result<RiskAssessment, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let tool = e.take(required_code("tool", "assessment tool", self.tool.as_deref(), RiskTool::from_code));
        let date = match self.date.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(raw) => e.take(parse_past_date("date", "date of the assessment", raw, today)),
            None => {
                e.add("date", "required", "Enter the date of the assessment");
                None
            }
        };
        let name = self.assessor_name.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(assessor.0);
        let assessor_name = e.take(required_text("assessor_name", "the assessor's name", Some(name), 200));
        let agency = self.assessor_agency.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(assessor.1);
        let assessor_agency = e.take(required_text("assessor_agency", "the assessor's agency", Some(agency), 200));
        let notes = e.take(optional_text("notes", "notes", self.notes.as_deref(), 5000)).flatten();
        let result = tool.and_then(|t| self.parse_result(&mut e, t));
        match (date, assessor_name, assessor_agency, result) {
            (Some(date), Some(assessor_name), Some(assessor_agency), Some(result)) if e.is_empty() => {
                Ok(RiskAssessment { id, date, assessor_name, assessor_agency, notes, result })
            }
            _ => Err(e),
        }
    }

    fn parse_result(&self, e: &mut ValidationErrors, tool: RiskTool) -> Option<RiskResult> {
        // Fields of other tools are refused rather than dropped: a result
        // typed under the wrong tool would otherwise vanish silently.
        let fields: [(&str, bool, RiskTool); 10] = [
            ("overall", present(&self.overall), RiskTool::OasysRosh),
            ("setting", present(&self.setting), RiskTool::OasysRosh),
            ("risk_to", self.risk_to.as_ref().is_some_and(|m| !m.is_empty()), RiskTool::OasysRosh),
            ("rm2000_s", present(&self.rm2000_s), RiskTool::Rm2000),
            ("rm2000_v", present(&self.rm2000_v), RiskTool::Rm2000),
            ("rm2000_c", present(&self.rm2000_c), RiskTool::Rm2000),
            ("priority", present(&self.priority), RiskTool::Arms),
            ("factors", self.factors.as_ref().is_some_and(|m| !m.is_empty()), RiskTool::Arms),
            ("osp_c", present(&self.osp_c), RiskTool::Osp),
            ("osp_i", present(&self.osp_i), RiskTool::Osp),
        ];
        for (field, given, owner) in fields {
            if given && owner != tool {
                e.add(field, "not_for_tool", format!("This field belongs to {}, not {}", owner.label(), tool.label()));
            }
        }
        let before = e.0.len();
        let result = match tool {
            RiskTool::OasysRosh => {
                let overall = e.take(required_code(
                    "overall",
                    "overall risk of serious harm",
                    self.overall.as_deref(),
                    RiskLevel::from_code,
                ));
                let setting = e.take(required_code(
                    "setting",
                    "setting (community or custody)",
                    self.setting.as_deref(),
                    RiskSetting::from_code,
                ));
                let mut risk_to = Vec::new();
                for (g, l) in self.risk_to.iter().flatten() {
                    let field = format!("risk_to.{g}");
                    let Some(group) = RiskGroup::from_code(g) else {
                        e.add(field, "invalid_choice", "Select who the risk is to from the list");
                        continue;
                    };
                    if let Some(level) = level(e, &field, "risk level", Some(l)) {
                        risk_to.push(RiskToGroup { group, level });
                    }
                }
                risk_to.sort_by_key(|r| r.group);
                if let Some(o) = overall
                    && risk_to.iter().any(|r| r.level > o)
                {
                    e.add(
                        "overall",
                        "below_group_level",
                        "The overall level must be at least the highest level to any group",
                    );
                }
                match (overall, setting) {
                    (Some(overall), Some(setting)) => Some(RiskResult::OasysRosh { overall, setting, risk_to }),
                    _ => None,
                }
            }
            RiskTool::Rm2000 => {
                let sexual = level(e, "rm2000_s", "RM2000/S category", self.rm2000_s.as_deref());
                let violent = level(e, "rm2000_v", "RM2000/V category", self.rm2000_v.as_deref());
                let combined = level(e, "rm2000_c", "RM2000/C category", self.rm2000_c.as_deref());
                if e.0.len() == before && sexual.is_none() && violent.is_none() && combined.is_none() {
                    e.add("rm2000_s", "required", "Enter at least one Risk Matrix 2000 category");
                }
                Some(RiskResult::Rm2000 { sexual, violent, combined })
            }
            RiskTool::Arms => {
                let priority = e.take(required_code(
                    "priority",
                    "priority for work",
                    self.priority.as_deref(),
                    ArmsPriority::from_code,
                ));
                let given = self.factors.clone().unwrap_or_default();
                for code in given.keys() {
                    if ArmsFactor::from_code(code).is_none() {
                        e.add(format!("factors.{code}"), "invalid_choice", "Select the ARMS factors from the list");
                    }
                }
                // Every factor is kept, unmarked ones as "not assessed", so the
                // record shows what was and was not looked at.
                let mut factors = Vec::new();
                for f in ArmsFactor::ALL {
                    let field = format!("factors.{}", f.code());
                    let status = match e.take(parse_code(
                        &field,
                        "marking",
                        given.get(f.code()).map(String::as_str),
                        FactorStatus::from_code,
                    )) {
                        Some(s) => s.unwrap_or(FactorStatus::NotAssessed),
                        None => continue,
                    };
                    factors.push(FactorRating { factor: *f, protective: f.is_protective(), status });
                }
                priority.map(|priority| RiskResult::Arms { priority, factors })
            }
            RiskTool::Osp => {
                let contact = level(e, "osp_c", "OSP/C category", self.osp_c.as_deref());
                let images = level(e, "osp_i", "OSP/I category", self.osp_i.as_deref());
                if images == Some(RiskLevel::VeryHigh) {
                    e.add("osp_i", "invalid_choice", "OSP/I is low, medium or high (RM-6)");
                }
                if e.0.len() == before && contact.is_none() && images.is_none() {
                    e.add("osp_c", "required", "Enter the OSP/C or OSP/I category");
                }
                Some(RiskResult::Osp { contact, images })
            }
        };
        result.filter(|_| e.0.len() == before)
    }
}

// ---------- visits ----------

coded_enum!(
    /// How the visit was arranged.
    VisitKind {
        Planned = "planned" : "Planned",
        Announced = "announced" : "Announced",
        Unannounced = "unannounced" : "Unannounced",
    }
);

coded_enum!(
    /// What happened.
    VisitOutcome {
        SeenAtHome = "seen_at_home" : "Seen at home",
        SeenElsewhere = "seen_elsewhere" : "Seen elsewhere",
        NotAtHome = "not_at_home" : "Not at home",
        RefusedEntry = "refused_entry" : "Refused entry",
        Cancelled = "cancelled" : "Cancelled",
    }
);

impl VisitOutcome {
    /// Whether the visit counts as the last visit for the schedule (VIS-1):
    /// only when the person was seen. An attempt that failed leaves the visit
    /// still due, so an overdue person stays on the list.
    pub fn counts_as_visit(self) -> bool {
        matches!(self, VisitOutcome::SeenAtHome | VisitOutcome::SeenElsewhere)
    }
}

/// A police home visit as stored.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Visit {
    pub id: ItemId,
    pub date: Date,
    pub kind: VisitKind,
    /// None for a visit booked but not yet made.
    pub outcome: Option<VisitOutcome>,
    /// Officers and others present.
    pub present: Option<String>,
    pub concerns: Option<String>,
    pub concerns_raised: bool,
    pub officer: String,
}

impl fmt::Debug for Visit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Visit {{ date: {}, kind: {}, .. }}", self.date, self.kind)
    }
}

impl Visit {
    pub fn counts_as_visit(&self) -> bool {
        self.outcome.is_some_and(VisitOutcome::counts_as_visit)
    }
}

/// A submitted visit. `officer` defaults to the signed-in user.
#[derive(Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    pub date: Option<String>,
    pub kind: Option<String>,
    pub outcome: Option<String>,
    pub present: Option<String>,
    pub concerns: Option<String>,
    #[serde(default)]
    pub concerns_raised: bool,
    pub officer: Option<String>,
}

redacted_debug!(VisitInput);

impl VisitInput {
    /// Validates a visit. A visit with an outcome has happened, so its date is
    /// not after `today`. A visit without an outcome is one booked ahead: its
    /// date is today or later (a past visit must say what happened), and it
    /// carries no concerns yet.
    pub fn parse(&self, id: ItemId, today: Date, officer: &str) -> Result<Visit, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let kind = e.take(required_code("kind", "kind of visit", self.kind.as_deref(), VisitKind::from_code));
        let outcome =
            e.take(parse_code("outcome", "outcome", self.outcome.as_deref(), VisitOutcome::from_code)).flatten();
        let outcome_ok = !e.0.iter().any(|x| x.field == "outcome");
        let date = match self.date.as_deref().filter(|s| !s.trim().is_empty()) {
            None => {
                e.add("date", "required", "Enter the date of the visit");
                None
            }
            Some(raw) if outcome.is_some() => {
                e.take(parse_past_date("date", "date of a visit that happened", raw, today))
            }
            Some(raw) => e.take(parse_date("date", "date of the visit", raw)),
        };
        if outcome.is_none()
            && outcome_ok
            && let Some(d) = date
            && d < today
        {
            e.add("outcome", "required", "Select what happened at the visit");
        }
        let present = e.take(optional_text("present", "who was present", self.present.as_deref(), 1000)).flatten();
        let concerns = e.take(optional_text("concerns", "concerns", self.concerns.as_deref(), 5000)).flatten();
        if outcome.is_none() && outcome_ok && (self.concerns_raised || concerns.is_some()) {
            e.add("concerns", "no_outcome", "Record concerns once the visit has happened and has an outcome");
        }
        if self.concerns_raised && concerns.is_none() && outcome.is_some() {
            e.add("concerns", "required", "Describe the concerns raised");
        }
        let name = self.officer.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or(officer);
        let officer = e.take(required_text("officer", "the visiting officer", Some(name), 200));
        match (kind, date, officer) {
            (Some(kind), Some(date), Some(officer)) if e.is_empty() => {
                Ok(Visit { id, date, kind, outcome, present, concerns, concerns_raised: self.concerns_raised, officer })
            }
            _ => Err(e),
        }
    }
}

// ---------- the visit schedule ----------

/// The level the visit schedule follows, with when it was set and, for Low,
/// since when the person has been continuously Low.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LevelFacts {
    pub level: RiskLevel,
    pub source: LevelSource,
    /// Date of the assessment that set the level.
    pub assessed: Date,
    /// First of the unbroken run of Low assessments ending with the latest
    /// one (VIS-2); None unless the level is Low.
    pub low_since: Option<Date>,
}

/// The level the visit schedule follows (VIS-1, VIS-2; CONV-12), from a
/// person's assessments **newest first** (by date, then by when recorded, as
/// the store lists them).
///
/// Which assessments set the level: the OASys RoSH overall level, because the
/// visit regime's levels are levels of risk of serious harm (§7.2, VIS-1);
/// only for someone with no RoSH assessment at all, the RM2000/C category
/// (RM-2, RM-4), which uses the same four names. ARMS never sets a level: it
/// sets a priority for work (ARMS-4). OSP predicts sexual reoffending, not
/// serious harm, and its bands are UNCONFIRMED (RM-6), so it does not either.
/// `low_since` counts only assessments of the chosen series: a run of Low is
/// broken by any Medium or higher in that series.
pub fn current_level(newest_first: &[RiskAssessment]) -> Option<LevelFacts> {
    let series: Vec<(Date, LevelSource, RiskLevel)> =
        newest_first.iter().filter_map(|a| a.result.schedule_level().map(|(s, l)| (a.date, s, l))).collect();
    let source = series.iter().map(|(_, s, _)| *s).min()?;
    let mut chosen = series.into_iter().filter(|(_, s, _)| *s == source);
    let (assessed, _, level) = chosen.next()?;
    let low_since = (level == RiskLevel::Low).then(|| {
        let mut since = assessed;
        for (d, _, l) in chosen {
            if l != RiskLevel::Low {
                break;
            }
            since = d;
        }
        since
    });
    Some(LevelFacts { level, source, assessed, low_since })
}

/// A person's police visit schedule on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VisitSchedule {
    pub level: Option<RiskLevel>,
    pub level_source: Option<LevelSource>,
    pub level_assessed: Option<Date>,
    pub low_since: Option<Date>,
    /// Date of the last visit at which the person was seen.
    pub last_visit: Option<Date>,
    /// VIS-2: no home visits are scheduled.
    pub reactive_management: bool,
    pub next_due: Option<Date>,
    /// The next visit was due before `as_of`.
    pub overdue: bool,
    pub as_of: Date,
    pub explanation: Vec<Step>,
}

/// The next police home visit (VIS-1, VIS-2, VIS-4; CONV-12): the interval
/// for the latest level (see [`current_level`]) from the last visit at which
/// the person was seen or, with none yet, from the date of the assessment that
/// set the level; none under reactive management (Low continuously for the
/// configured period, 3 years by default). The intervals and the reactive
/// period come from the rules engine's [`next_visit_due`] and configuration.
pub fn visit_schedule(
    level: Option<LevelFacts>,
    last_visit: Option<Date>,
    as_of: Date,
    config: &RulesConfig,
) -> VisitSchedule {
    let Some(f) = level else {
        return VisitSchedule {
            level: None,
            level_source: None,
            level_assessed: None,
            low_since: None,
            last_visit,
            reactive_management: false,
            next_due: None,
            overdue: false,
            as_of,
            explanation: vec![Step::new(
                "VIS-1",
                CITE_VISITS,
                "No OASys RoSH or RM2000/C assessment is recorded, so there is no risk level to set the visit interval: record a risk assessment (RISK-0a).",
            )],
        };
    };
    let mut explanation = vec![Step::new(
        "RISK-0a",
        CITE_RISK,
        format!(
            "The visit level is the {} of {}, recorded on the assessment of {}{}. ARMS sets a priority for work, not a level (ARMS-4).",
            f.source.label(),
            f.level.label(),
            f.assessed,
            f.low_since.map(|s| format!("; assessed Low continuously since {s}")).unwrap_or_default()
        ),
    )];
    let base = last_visit.unwrap_or(f.assessed);
    if last_visit.is_none() {
        explanation.push(Step::new(
            "VIS-1",
            CITE_VISITS,
            format!(
                "No visit at which the person was seen is recorded, so the interval runs from the assessment of {}.",
                f.assessed
            ),
        ));
    }
    let due = next_visit_due(base, f.level.rosh(), f.low_since, as_of, config);
    explanation.extend(due.explanation);
    let reactive = due.value.is_none() && f.level == RiskLevel::Low && f.low_since.is_some();
    VisitSchedule {
        level: Some(f.level),
        level_source: Some(f.source),
        level_assessed: Some(f.assessed),
        low_since: f.low_since,
        last_visit,
        reactive_management: reactive,
        next_due: due.value,
        overdue: due.value.is_some_and(|d| d < as_of),
        as_of,
        explanation,
    }
}

/// Cut-off dates for listing overdue visits in one query: someone at a
/// level is overdue on `as_of` exactly when the date their interval runs
/// from is before that level's cut-off, and is under reactive management when
/// Low since on or before `reactive_low_since` (VIS-1, VIS-2; CONV-12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverdueCutoffs {
    pub very_high: Date,
    pub high: Date,
    pub medium: Date,
    pub low: Date,
    pub reactive_low_since: Option<Date>,
}

impl OverdueCutoffs {
    pub fn for_level(&self, level: RiskLevel) -> Date {
        match level {
            RiskLevel::VeryHigh => self.very_high,
            RiskLevel::High => self.high,
            RiskLevel::Medium => self.medium,
            RiskLevel::Low => self.low,
        }
    }
}

/// The cut-offs for `as_of`. Adding months clamps to month end (CONV-2), so
/// the boundary is found by stepping a few days around `as_of` minus the
/// interval rather than by subtracting.
pub fn overdue_cutoffs(as_of: Date, config: &RulesConfig) -> OverdueCutoffs {
    let s = &config.schedules;
    let v = &s.visit_interval_months;
    // Smallest base with base + months >= as_of: bases before it are overdue.
    let cutoff = |months: u32| -> Date {
        let m = i64::from(months);
        let plus = |d: Date| add_months(d, m).unwrap_or(Date::MAX);
        let mut d = add_months(as_of, -m).unwrap_or(Date::MIN);
        while d > Date::MIN && plus(d) >= as_of {
            d = d.yesterday().unwrap_or(Date::MIN);
        }
        while plus(d) < as_of {
            d = d.tomorrow().unwrap_or(Date::MAX);
        }
        d
    };
    // Largest low_since with low_since + months <= as_of.
    let reactive_low_since = s.reactive_management_after_low_months.map(|months| {
        let m = i64::from(months);
        let plus = |d: Date| add_months(d, m).unwrap_or(Date::MAX);
        let mut d = add_months(as_of, -m).unwrap_or(Date::MIN);
        while d < Date::MAX && plus(d) <= as_of {
            d = d.tomorrow().unwrap_or(Date::MAX);
        }
        while d > Date::MIN && plus(d) > as_of {
            d = d.yesterday().unwrap_or(Date::MIN);
        }
        d
    });
    OverdueCutoffs {
        very_high: cutoff(v.very_high),
        high: cutoff(v.high),
        medium: cutoff(v.medium),
        low: cutoff(v.low),
        reactive_low_since,
    }
}

/// Parses an `as_of` query date.
/// What RM-1 needs to know about the person assessed.
pub struct Rm2000Subject<'a> {
    pub gender: Option<crate::nominal::Gender>,
    pub date_of_birth: Option<Date>,
    /// The person's convictions, cautions and findings, as the engine sees them.
    pub disposals: &'a [crate::rules::Disposal],
}

/// RM-1: Risk Matrix 2000 is for men aged 18 or over convicted of a sexual
/// offence, and never for someone only alleged to have offended. A person
/// recorded as female, under 18 on the day assessed, or with no conviction for
/// a Schedule 3 offence on or before that day cannot have an RM2000 score; an
/// unknown gender or date of birth is not held against the assessor. Whether
/// an offence was committed after the age of 16 needs offence dates, which the
/// record does not hold, so it is left to the assessor. The error names the
/// field `tool`.
pub fn check_rm2000_applies(
    person: &Rm2000Subject<'_>,
    assessed_on: Date,
    config: &RulesConfig,
) -> Result<(), FieldError> {
    let refuse = |message: &str| Err(FieldError::new("tool", "rm2000_not_applicable", message));
    if person.gender == Some(crate::nominal::Gender::Female) {
        return refuse("Risk Matrix 2000 is only for men: record the assessment with another tool");
    }
    if person
        .date_of_birth
        .is_some_and(|dob| crate::rules::under_18_on(dob, assessed_on, config.notification.leap_day_birthday))
    {
        return refuse("Risk Matrix 2000 is only for people aged 18 or over on the day of the assessment");
    }
    let convicted = person
        .disposals
        .iter()
        .any(|d| d.kind == crate::rules::DisposalKind::Conviction && d.schedule_3 && d.date <= assessed_on);
    if !convicted {
        return refuse(
            "Risk Matrix 2000 is only for people convicted of a sexual offence: record the conviction first, or use another tool",
        );
    }
    Ok(())
}

pub fn parse_as_of(raw: &str) -> Result<Date, FieldError> {
    parse_date("as_of", "the date", raw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde_json::json;

    const TODAY: Date = date(2026, 11, 23);

    fn assessment(v: serde_json::Value) -> Result<RiskAssessment, ValidationErrors> {
        let input: RiskAssessmentInput = serde_json::from_value(v).unwrap();
        input.parse(ItemId::new(), TODAY, ("Dee Signed", "Police"))
    }

    fn rosh(d: Date, l: RiskLevel) -> RiskAssessment {
        RiskAssessment {
            id: ItemId::new(),
            date: d,
            assessor_name: "A".into(),
            assessor_agency: "B".into(),
            notes: None,
            result: RiskResult::OasysRosh { overall: l, setting: RiskSetting::Community, risk_to: vec![] },
        }
    }

    fn rm(d: Date, c: RiskLevel) -> RiskAssessment {
        RiskAssessment {
            result: RiskResult::Rm2000 { sexual: None, violent: None, combined: Some(c) },
            ..rosh(d, RiskLevel::Low)
        }
    }

    fn fields(e: &ValidationErrors) -> Vec<(&str, &str)> {
        e.0.iter().map(|x| (x.field.as_str(), x.code)).collect()
    }

    #[test]
    fn oasys_rosh_with_risk_to_each_group() {
        let a =
            assessment(json!({"tool": "oasys_rosh", "date": "2026-01-05", "overall": "high", "setting": "community",
            "risk_to": {"children": "high", "public": "medium", "staff": "low"}}))
            .unwrap();
        assert_eq!(a.assessor_name, "Dee Signed", "defaults to the signed-in user");
        let RiskResult::OasysRosh { overall, risk_to, .. } = &a.result else { panic!() };
        assert_eq!(*overall, RiskLevel::High);
        assert_eq!(risk_to[0], RiskToGroup { group: RiskGroup::Children, level: RiskLevel::High });
        assert_eq!(a.result.schedule_level(), Some((LevelSource::OasysRosh, RiskLevel::High)));
    }

    #[test]
    fn risk_0a_bad_assessments_name_the_field() {
        let e = assessment(json!({"tool": "oasys_rosh", "date": "2026-11-24", "setting": "community",
            "risk_to": {"aliens": "high", "children": "extreme"}, "rm2000_c": "low"}))
        .unwrap_err();
        let f = fields(&e);
        assert!(f.contains(&("date", "date_in_future")), "{f:?}");
        assert!(f.contains(&("overall", "required")), "{f:?}");
        assert!(f.contains(&("risk_to.aliens", "invalid_choice")), "{f:?}");
        assert!(f.contains(&("risk_to.children", "invalid_choice")), "{f:?}");
        assert!(f.contains(&("rm2000_c", "not_for_tool")), "{f:?}");
        let e = assessment(json!({"date": "2026-01-01"})).unwrap_err();
        assert_eq!(fields(&e), vec![("tool", "required")]);
        let e = assessment(json!({"tool": "oasys_rosh", "date": "2026-01-01", "overall": "low", "setting": "custody",
            "risk_to": {"public": "high"}}))
        .unwrap_err();
        assert_eq!(fields(&e), vec![("overall", "below_group_level")]);
    }

    #[test]
    fn rm_4_categories_are_entered_not_scored() {
        let a = assessment(json!({"tool": "rm2000", "date": "2026-01-05", "rm2000_s": "medium", "rm2000_c": "high"}))
            .unwrap();
        assert_eq!(
            a.result,
            RiskResult::Rm2000 { sexual: Some(RiskLevel::Medium), violent: None, combined: Some(RiskLevel::High) }
        );
        let e = assessment(json!({"tool": "rm2000", "date": "2026-01-05"})).unwrap_err();
        assert_eq!(fields(&e), vec![("rm2000_s", "required")]);
    }

    #[test]
    fn arms_4_sets_a_priority_not_a_level() {
        let a = assessment(json!({"tool": "arms", "date": "2026-01-05", "priority": "high",
            "factors": {"sexual_preoccupation": "present", "positive_routine": "not_present"}}))
        .unwrap();
        let RiskResult::Arms { priority, factors } = &a.result else { panic!() };
        assert_eq!(*priority, ArmsPriority::High);
        assert_eq!(factors.len(), ArmsFactor::ALL.len(), "every ARMS-5 factor is kept");
        assert_eq!(factors.iter().filter(|f| f.protective).count(), 4, "ARMS-2: 4 protective factors");
        assert_eq!(factors.iter().filter(|f| f.status == FactorStatus::NotAssessed).count(), 9);
        assert_eq!(a.result.schedule_level(), None);
        let e = assessment(json!({"tool": "arms", "date": "2026-01-05", "factors": {"luck": "present"}})).unwrap_err();
        assert_eq!(fields(&e), vec![("priority", "required"), ("factors.luck", "invalid_choice")]);
    }

    #[test]
    fn rm_6_osp_categories() {
        let a = assessment(json!({"tool": "osp", "date": "2026-01-05", "osp_c": "very_high", "osp_i": "low"})).unwrap();
        assert_eq!(a.result, RiskResult::Osp { contact: Some(RiskLevel::VeryHigh), images: Some(RiskLevel::Low) });
        let e = assessment(json!({"tool": "osp", "date": "2026-01-05", "osp_i": "very_high"})).unwrap_err();
        assert_eq!(fields(&e), vec![("osp_i", "invalid_choice")]);
    }

    fn visit(v: serde_json::Value) -> Result<Visit, ValidationErrors> {
        let input: VisitInput = serde_json::from_value(v).unwrap();
        input.parse(ItemId::new(), TODAY, "PC Signed")
    }

    #[test]
    fn vis_1_visits_that_happened_are_not_in_the_future_and_booked_ones_are_not_in_the_past() {
        let v = visit(json!({"date": "2026-11-20", "kind": "unannounced", "outcome": "seen_at_home",
            "concerns_raised": true, "concerns": "New partner with children"}))
        .unwrap();
        assert_eq!(v.officer, "PC Signed");
        assert!(v.counts_as_visit());
        let planned = visit(json!({"date": "2027-01-10", "kind": "planned"})).unwrap();
        assert_eq!(planned.outcome, None);
        assert!(!planned.counts_as_visit());
        let e = visit(json!({"date": "2026-11-24", "kind": "planned", "outcome": "not_at_home"})).unwrap_err();
        assert_eq!(fields(&e), vec![("date", "date_in_future")]);
        let e = visit(json!({"date": "2026-11-01", "kind": "planned"})).unwrap_err();
        assert_eq!(fields(&e), vec![("outcome", "required")]);
        let e = visit(json!({"date": "2027-01-10", "kind": "planned", "concerns_raised": true})).unwrap_err();
        assert_eq!(fields(&e), vec![("concerns", "no_outcome")]);
        let e = visit(json!({"kind": "visit", "outcome": "maybe"})).unwrap_err();
        assert_eq!(fields(&e), vec![("kind", "invalid_choice"), ("outcome", "invalid_choice"), ("date", "required")]);
        assert!(!VisitOutcome::NotAtHome.counts_as_visit());
    }

    #[test]
    fn vis_1_the_level_is_the_latest_rosh_falling_back_to_rm2000_c() {
        let list = vec![rm(date(2026, 6, 1), RiskLevel::VeryHigh), rosh(date(2026, 1, 1), RiskLevel::Medium)];
        let f = current_level(&list).unwrap();
        assert_eq!((f.level, f.source, f.assessed), (RiskLevel::Medium, LevelSource::OasysRosh, date(2026, 1, 1)));
        let f = current_level(&list[..1]).unwrap();
        assert_eq!((f.level, f.source), (RiskLevel::VeryHigh, LevelSource::Rm2000Combined));
        let arms = RiskAssessment {
            result: RiskResult::Arms { priority: ArmsPriority::High, factors: vec![] },
            ..rosh(date(2026, 7, 1), RiskLevel::Low)
        };
        assert_eq!(current_level(&[arms]), None, "ARMS-4");
    }

    #[test]
    fn vis_2_low_since_is_the_start_of_the_unbroken_low_run() {
        let list = vec![
            rosh(date(2025, 6, 1), RiskLevel::Low),
            rosh(date(2024, 6, 1), RiskLevel::Low),
            rosh(date(2023, 6, 1), RiskLevel::Medium),
            rosh(date(2022, 6, 1), RiskLevel::Low),
        ];
        assert_eq!(current_level(&list).unwrap().low_since, Some(date(2024, 6, 1)));
        assert_eq!(current_level(&list[2..]).unwrap().low_since, None);
    }

    #[test]
    fn vis_1_intervals_per_level_from_the_last_visit_or_the_assessment() {
        let c = RulesConfig::default();
        let as_of = date(2026, 3, 1);
        let due = |l, last| {
            let f =
                LevelFacts { level: l, source: LevelSource::OasysRosh, assessed: date(2026, 1, 31), low_since: None };
            visit_schedule(Some(f), last, as_of, &c).next_due
        };
        assert_eq!(due(RiskLevel::VeryHigh, None), Some(date(2026, 2, 28)), "from the assessment, clamped (CONV-2)");
        assert_eq!(due(RiskLevel::VeryHigh, Some(date(2026, 2, 10))), Some(date(2026, 3, 10)));
        assert_eq!(due(RiskLevel::High, Some(date(2026, 2, 10))), Some(date(2026, 5, 10)));
        assert_eq!(due(RiskLevel::Medium, Some(date(2026, 2, 10))), Some(date(2026, 8, 10)));
        assert_eq!(due(RiskLevel::Low, Some(date(2026, 2, 10))), Some(date(2027, 2, 10)));
        let f = LevelFacts {
            level: RiskLevel::VeryHigh,
            source: LevelSource::OasysRosh,
            assessed: date(2026, 1, 31),
            low_since: None,
        };
        let s = visit_schedule(Some(f), None, as_of, &c);
        assert!(s.overdue);
        assert_eq!(s.explanation.iter().map(|x| x.rule).collect::<Vec<_>>(), vec!["RISK-0a", "VIS-1", "VIS-1"]);
        let none = visit_schedule(None, None, as_of, &c);
        assert_eq!((none.next_due, none.overdue), (None, false));
    }

    #[test]
    fn vis_2_reactive_management_at_exactly_three_years_low() {
        let c = RulesConfig::default();
        let f = LevelFacts {
            level: RiskLevel::Low,
            source: LevelSource::OasysRosh,
            assessed: date(2025, 1, 1),
            low_since: Some(date(2023, 3, 15)),
        };
        let day_before = visit_schedule(Some(f), Some(date(2025, 6, 1)), date(2026, 3, 14), &c);
        assert!(!day_before.reactive_management);
        assert_eq!(day_before.next_due, Some(date(2026, 6, 1)));
        let on_the_day = visit_schedule(Some(f), Some(date(2025, 6, 1)), date(2026, 3, 15), &c);
        assert!(on_the_day.reactive_management);
        assert_eq!((on_the_day.next_due, on_the_day.overdue), (None, false));
        assert!(on_the_day.explanation.iter().any(|s| s.rule == "VIS-2"));
        // A rise above Low ends reactive management: the latest level rules.
        let high = LevelFacts { level: RiskLevel::High, low_since: None, ..f };
        assert_eq!(
            visit_schedule(Some(high), Some(date(2025, 6, 1)), date(2026, 3, 15), &c).next_due,
            Some(date(2025, 9, 1))
        );
    }

    #[test]
    fn conv_12_overdue_cutoffs_agree_with_the_schedule() {
        let c = RulesConfig::default();
        for as_of in [date(2026, 3, 31), date(2026, 3, 1), date(2024, 2, 29), date(2026, 11, 23)] {
            let cut = overdue_cutoffs(as_of, &c);
            for level in RiskLevel::ALL {
                let mut base = add_months(as_of, -14).unwrap();
                while base <= as_of {
                    let f =
                        LevelFacts { level: *level, source: LevelSource::OasysRosh, assessed: base, low_since: None };
                    let s = visit_schedule(Some(f), None, as_of, &c);
                    assert_eq!(s.overdue, base < cut.for_level(*level), "{as_of} {level} {base}");
                    base = base.tomorrow().unwrap();
                }
            }
            let r = cut.reactive_low_since.unwrap();
            assert!(add_months(r, 36).unwrap() <= as_of && add_months(r.tomorrow().unwrap(), 36).unwrap() > as_of);
        }
    }
}
