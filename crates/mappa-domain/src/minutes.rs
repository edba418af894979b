//! Minutes of a Level 2 or 3 meeting for one case (MAPPA B) and its risk
//! management plan (MTG-1, MTG-3, MTG-9, MIN-1..7, LVL-5). A draft belongs to
//! the coordinator and the chair; the chair's approval freezes it.

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::{ActionId, MeetingCaseId, NominalId};
use crate::record::UserRef;
use crate::values::{optional_text, parse_date, required_code, required_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// MIN-2, MIN-4: the handling statement every approved copy carries (2012
/// wording "RESTRICTED", mapped to OFFICIAL-SENSITIVE under the Government
/// Security Classifications; the mapping is UNCONFIRMED in rules.md).
pub const HANDLING_STATEMENT: &str = "OFFICIAL-SENSITIVE (formerly RESTRICTED). These minutes are closed under the Freedom of Information Act 2000, sections 30(1)(b), 38, 40 and 41. Share them within your own agency only as necessary; sharing them outside your agency needs the meeting's agreement or the chair's approval (MAPPA D).";

/// MIN-1: the confidentiality and diversity statement read at the start.
pub const STATEMENT: &str = "The information discussed at this meeting is shared for the purpose of protecting the public and is confidential to the agencies present. Decisions take account of the rights of the person under Article 8 of the European Convention on Human Rights and of the diversity of everyone involved (MAPPA D).";

coded_enum!(
    /// A draft belongs to the coordinator and chair; approved minutes are frozen.
    MinutesStatus {
        Draft = "draft" : "Draft",
        Approved = "approved" : "Approved",
    }
);

coded_enum!(
    /// The four headings of a risk management plan.
    Pillar {
        Supervision = "supervision" : "Supervision",
        MonitoringAndControl = "monitoring_and_control" : "Monitoring and control",
        InterventionsAndTreatment = "interventions_and_treatment" : "Interventions and treatment",
        VictimSafetyPlanning = "victim_safety_planning" : "Victim safety planning",
    }
);

coded_enum!(
    /// The seven resettlement pathways.
    Pathway {
        Accommodation = "accommodation" : "Accommodation",
        EducationTrainingEmployment = "education_training_employment" : "Education, training and employment",
        Health = "health" : "Health",
        DrugsAlcohol = "drugs_alcohol" : "Drugs and alcohol",
        FinanceBenefitDebt = "finance_benefit_debt" : "Finance, benefit and debt",
        ChildrenFamilies = "children_families" : "Children and families",
        AttitudesThinkingBehaviour = "attitudes_thinking_behaviour" : "Attitudes, thinking and behaviour",
    }
);

coded_enum!(
    /// What the meeting decided about the level (LVL-0: reconsidered regularly).
    LevelDecision {
        Stay = "stay" : "Stay at this level",
        Up = "up" : "Move up to level 3",
        Down = "down" : "Move down to level 2",
        Level1 = "level_1" : "Manage at level 1",
        Exit = "exit" : "Exit MAPPA",
    }
);

coded_enum!(
    /// MTG-9: whether disclosure was agreed.
    DisclosureDecision {
        Agreed = "agreed" : "Disclosure agreed",
        NotAgreed = "not_agreed" : "Disclosure not agreed",
    }
);

coded_enum!(
    /// Where an action stands.
    ActionStatus {
        Open = "open" : "Open",
        Done = "done" : "Done",
        Cancelled = "cancelled" : "Cancelled",
    }
);

impl LevelDecision {
    /// The level after the decision, from `level`; None for exit, or for a
    /// move the level does not allow (up from 3, down from 2).
    pub fn apply(self, level: u8) -> Option<Option<u8>> {
        match (self, level) {
            (LevelDecision::Stay, l) => Some(Some(l)),
            (LevelDecision::Up, 2) => Some(Some(3)),
            (LevelDecision::Down, 3) => Some(Some(2)),
            (LevelDecision::Level1, _) => Some(Some(1)),
            (LevelDecision::Exit, _) => Some(None),
            _ => None,
        }
    }

    /// The case leaves multi-agency management (its MAPPA shares end).
    pub fn leaves_meetings(self) -> bool {
        matches!(self, LevelDecision::Level1 | LevelDecision::Exit)
    }
}

/// What one agency shared, or declined to share and why (MIN-6).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedInformation {
    pub agency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<String>,
    #[serde(default)]
    pub declined: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined_reason: Option<String>,
}

/// The disclosure considered at the meeting (MTG-9).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DisclosureInput {
    pub considered: Option<bool>,
    pub decision: Option<String>,
    pub reason: Option<String>,
    /// To whom (if agreed).
    #[serde(alias = "to_whom")]
    pub recipient: Option<String>,
    /// By whom (if agreed).
    pub by_whom: Option<String>,
    /// How: in person, by letter (if agreed).
    #[serde(alias = "how")]
    pub method: Option<String>,
    /// When, YYYY-MM-DD (if agreed).
    pub when: Option<String>,
}

/// An action as written in the minutes.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionInput {
    /// The action's id, to keep an action of an earlier draft.
    pub id: Option<String>,
    pub description: Option<String>,
    /// The owning agency's code.
    pub owner_agency: Option<String>,
    pub due_date: Option<String>,
    pub pillar: Option<String>,
}

/// The minutes of one case as submitted (MAPPA B).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesInput {
    /// Sections carried over from the referral where still current (MIN-7).
    pub offender_details: Option<String>,
    pub index_offence: Option<String>,
    pub relevant_dates: Option<String>,
    /// What each agency shared or declined to share (MIN-6).
    #[serde(default)]
    pub information_shared: Vec<SharedInformation>,
    /// The risk assessment: risk of serious harm, to whom.
    pub risk_assessment: Option<String>,
    /// The risk management plan under its four headings.
    pub supervision: Option<String>,
    pub monitoring_and_control: Option<String>,
    pub interventions_and_treatment: Option<String>,
    pub victim_safety_planning: Option<String>,
    /// The seven resettlement pathways, by code.
    #[serde(default)]
    pub pathways: std::collections::BTreeMap<String, String>,
    pub diversity: Option<String>,
    pub victims_views: Option<String>,
    pub disclosure: Option<DisclosureInput>,
    pub level_decision: Option<String>,
    #[serde(alias = "rationale")]
    pub level_rationale: Option<String>,
    /// LVL-5: for a Level 3 case, whether referral as a Critical Public
    /// Protection Case was considered.
    pub cppc_considered: Option<bool>,
    /// YYYY-MM-DD after the meeting; by default the configured interval
    /// (MTG-3: 8 weeks at Level 3, 16 at Level 2).
    pub next_review_date: Option<String>,
    /// MIN-5: codes of agencies the meeting agreed may also have the minutes.
    #[serde(default)]
    pub onward_sharing_agreed: Vec<String>,
    #[serde(default)]
    pub actions: Vec<ActionInput>,
}

/// The disclosure decision as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Disclosure {
    pub decision: DisclosureDecision,
    pub reason: String,
    pub recipient: Option<String>,
    pub by_whom: Option<String>,
    pub method: Option<String>,
    pub when: Option<Date>,
}

/// An action checked; the agency is still a code to look up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAction {
    pub id: Option<ActionId>,
    pub description: String,
    pub owner_agency: String,
    pub due_date: Date,
    pub pillar: Pillar,
}

/// The minutes' document as stored and shown: every section but the actions,
/// which are kept one by one so that agencies are held to them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MinutesBody {
    pub offender_details: Option<String>,
    pub index_offence: Option<String>,
    pub relevant_dates: Option<String>,
    pub information_shared: Vec<SharedInformation>,
    pub risk_assessment: Option<String>,
    pub supervision: Option<String>,
    pub monitoring_and_control: Option<String>,
    pub interventions_and_treatment: Option<String>,
    pub victim_safety_planning: Option<String>,
    pub pathways: std::collections::BTreeMap<String, String>,
    pub diversity: Option<String>,
    pub victims_views: Option<String>,
    pub disclosure: Option<Disclosure>,
    pub level_decision: Option<LevelDecision>,
    pub level_rationale: Option<String>,
    pub cppc_considered: Option<bool>,
    pub next_review_date: Option<Date>,
    /// MIN-5: agencies the meeting agreed may also have the minutes.
    #[serde(default)]
    pub onward_sharing_agreed: Vec<String>,
}

/// Minutes checked against their meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMinutes {
    pub body: MinutesBody,
    pub actions: Vec<ValidAction>,
}

/// What the minutes are checked against: the meeting's date, the case's level
/// now, and the default review date the rules engine worked out (MTG-3).
#[derive(Clone, Copy, Debug)]
pub struct MinutesContext {
    pub meeting_date: Date,
    pub level: u8,
    pub default_review: Option<Date>,
}

const LONG: usize = 8000;

fn text(e: &mut ValidationErrors, field: &str, label: &str, raw: Option<&str>) -> Option<String> {
    e.take(optional_text(field, label, raw, LONG)).flatten()
}

impl MinutesInput {
    pub fn parse(&self, cx: MinutesContext) -> Result<ValidMinutes, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let mut body = MinutesBody {
            offender_details: text(
                &mut e,
                "offender_details",
                "the offender details",
                self.offender_details.as_deref(),
            ),
            index_offence: text(&mut e, "index_offence", "the index offence", self.index_offence.as_deref()),
            relevant_dates: text(&mut e, "relevant_dates", "the relevant dates", self.relevant_dates.as_deref()),
            information_shared: self.shared(&mut e),
            risk_assessment: text(&mut e, "risk_assessment", "the risk assessment", self.risk_assessment.as_deref()),
            supervision: text(&mut e, "supervision", "the supervision plan", self.supervision.as_deref()),
            monitoring_and_control: text(
                &mut e,
                "monitoring_and_control",
                "the monitoring and control plan",
                self.monitoring_and_control.as_deref(),
            ),
            interventions_and_treatment: text(
                &mut e,
                "interventions_and_treatment",
                "the interventions and treatment plan",
                self.interventions_and_treatment.as_deref(),
            ),
            victim_safety_planning: text(
                &mut e,
                "victim_safety_planning",
                "the victim safety plan",
                self.victim_safety_planning.as_deref(),
            ),
            pathways: self.pathways(&mut e),
            diversity: text(&mut e, "diversity", "the diversity considerations", self.diversity.as_deref()),
            victims_views: text(&mut e, "victims_views", "the victims' views", self.victims_views.as_deref()),
            disclosure: self.disclosure(&mut e),
            level_decision: None,
            level_rationale: None,
            cppc_considered: self.cppc_considered,
            next_review_date: None,
            onward_sharing_agreed: Vec::new(),
        };
        for (i, raw) in self.onward_sharing_agreed.iter().enumerate() {
            match crate::agency::parse_agency_code(&format!("onward_sharing_agreed[{i}]"), raw) {
                Ok(c) if !body.onward_sharing_agreed.contains(&c) => body.onward_sharing_agreed.push(c),
                Ok(_) => {}
                Err(f) => e.0.push(f),
            }
        }
        let decision = e.take(required_code(
            "level_decision",
            "level decision",
            self.level_decision.as_deref(),
            LevelDecision::from_code,
        ));
        if let Some(d) = decision
            && d.apply(cx.level).is_none()
        {
            let msg = if d == LevelDecision::Up {
                "The case is already at level 3, so it cannot move up"
            } else {
                "Only a level 3 case moves down to level 2; choose level 1 to manage it at level 1"
            };
            e.add("level_decision", "not_possible_at_level", msg);
        }
        body.level_decision = decision;
        body.level_rationale = e.take(required_text(
            "level_rationale",
            "the rationale for the level decision",
            self.level_rationale.as_deref(),
            LONG,
        ));
        // LVL-5: every Level 3 case is considered for referral as a CPPC.
        let level_after = decision.and_then(|d| d.apply(cx.level)).flatten();
        if (cx.level == 3 || level_after == Some(3)) && self.cppc_considered.is_none() {
            e.add(
                "cppc_considered",
                "required",
                "Say whether referral as a critical public protection case was considered (every level 3 case is)",
            );
        }
        body.next_review_date = self.review_date(&mut e, cx, decision);
        let actions = self.actions(&mut e, cx.meeting_date);
        e.into_result(ValidMinutes { body, actions })
    }

    fn shared(&self, e: &mut ValidationErrors) -> Vec<SharedInformation> {
        let mut out = Vec::with_capacity(self.information_shared.len());
        for (i, s) in self.information_shared.iter().enumerate() {
            let f = |x: &str| format!("information_shared[{i}].{x}");
            let agency = e.take(crate::agency::parse_agency_code(&f("agency"), &s.agency));
            let shared = text(e, &f("shared"), "what was shared", s.shared.as_deref());
            let reason =
                text(e, &f("declined_reason"), "why the agency declined to share", s.declined_reason.as_deref());
            // MIN-6: a refusal to share is recorded too, with its reason.
            if s.declined && reason.is_none() {
                e.add(f("declined_reason"), "required", "Enter why the agency declined to share information");
            }
            if !s.declined && shared.is_none() {
                e.add(f("shared"), "required", "Enter what the agency shared, or record that it declined");
            }
            if let Some(agency) = agency {
                out.push(SharedInformation { agency, shared, declined: s.declined, declined_reason: reason });
            }
        }
        out
    }

    fn pathways(&self, e: &mut ValidationErrors) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for (code, raw) in &self.pathways {
            let field = format!("pathways.{code}");
            if Pathway::from_code(code).is_none() {
                e.add(field, "invalid_choice", "Select a resettlement pathway from the list");
                continue;
            }
            if let Some(t) = text(e, &field, "the pathway's plan", Some(raw)) {
                out.insert(code.clone(), t);
            }
        }
        out
    }

    /// MTG-9: disclosure is considered at every meeting; if agreed, the
    /// minutes say to whom, by whom, how and when.
    fn disclosure(&self, e: &mut ValidationErrors) -> Option<Disclosure> {
        let Some(d) = &self.disclosure else {
            e.add("disclosure", "required", "Record the disclosure considered: every meeting considers it (MTG-9)");
            return None;
        };
        if d.considered != Some(true) {
            e.add("disclosure.considered", "must_be_considered", "Every meeting considers disclosure (MTG-9)");
        }
        let decision = e.take(required_code(
            "disclosure.decision",
            "disclosure decision",
            d.decision.as_deref(),
            DisclosureDecision::from_code,
        ));
        let reason = e.take(required_text(
            "disclosure.reason",
            "the reason for the disclosure decision",
            d.reason.as_deref(),
            LONG,
        ));
        let recipient = text(e, "disclosure.recipient", "to whom", d.recipient.as_deref());
        let by_whom = text(e, "disclosure.by_whom", "by whom", d.by_whom.as_deref());
        let method = text(e, "disclosure.method", "how", d.method.as_deref());
        let when = match d.when.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
            Some(raw) => e.take(parse_date("disclosure.when", "the date of disclosure", raw)),
            None => None,
        };
        if decision == Some(DisclosureDecision::Agreed) {
            for (field, missing, what) in [
                ("disclosure.recipient", recipient.is_none(), "to whom the information is disclosed"),
                ("disclosure.by_whom", by_whom.is_none(), "who discloses it"),
                ("disclosure.method", method.is_none(), "how it is disclosed"),
                ("disclosure.when", when.is_none(), "when it is disclosed"),
            ] {
                if missing {
                    e.add(field, "required", format!("Enter {what} (MTG-9)"));
                }
            }
        }
        Some(Disclosure { decision: decision?, reason: reason?, recipient, by_whom, method, when })
    }

    fn review_date(&self, e: &mut ValidationErrors, cx: MinutesContext, d: Option<LevelDecision>) -> Option<Date> {
        let leaves = d.is_some_and(LevelDecision::leaves_meetings);
        match self.next_review_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(_) if leaves => {
                e.add("next_review_date", "not_applicable", "A case leaving level 2 and 3 has no review meeting");
                None
            }
            Some(raw) => match e.take(parse_date("next_review_date", "the next review date", raw)) {
                Some(r) if r <= cx.meeting_date => {
                    e.add("next_review_date", "not_after_meeting", "The next review date must be after the meeting");
                    None
                }
                r => r,
            },
            None if leaves => None,
            None => cx.default_review,
        }
    }

    fn actions(&self, e: &mut ValidationErrors, meeting: Date) -> Vec<ValidAction> {
        let mut out = Vec::with_capacity(self.actions.len());
        for (i, a) in self.actions.iter().enumerate() {
            let f = |x: &str| format!("actions[{i}].{x}");
            let id = match a.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                Some(raw) => match raw.parse::<ActionId>() {
                    Ok(id) => Some(id),
                    Err(_) => {
                        e.add(f("id"), "unknown_action", "This action is not one of these minutes");
                        None
                    }
                },
                None => None,
            };
            let description =
                e.take(required_text(&f("description"), "what is to be done", a.description.as_deref(), 2000));
            let owner = match a.owner_agency.as_deref() {
                Some(raw) => e.take(crate::agency::parse_agency_code(&f("owner_agency"), raw)),
                None => {
                    e.add(f("owner_agency"), "required", "Select the agency that owns the action");
                    None
                }
            };
            let due = match a.due_date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                None => {
                    e.add(f("due_date"), "required", "Enter the date the action is due");
                    None
                }
                Some(raw) => match e.take(parse_date(&f("due_date"), "the due date", raw)) {
                    Some(d) if d < meeting => {
                        e.add(
                            f("due_date"),
                            "before_meeting",
                            "An action cannot be due before the meeting that agreed it",
                        );
                        None
                    }
                    d => d,
                },
            };
            let pillar =
                e.take(required_code(&f("pillar"), "heading of the plan", a.pillar.as_deref(), Pillar::from_code));
            if let (Some(description), Some(owner_agency), Some(due_date), Some(pillar)) =
                (description, owner, due, pillar)
            {
                out.push(ValidAction { id, description, owner_agency, due_date, pillar });
            }
        }
        out
    }
}

/// An action of a risk management plan, that its owning agency is held to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Action {
    pub id: ActionId,
    pub meeting_case_id: MeetingCaseId,
    pub nominal_id: NominalId,
    pub description: String,
    pub owner_agency: String,
    pub owner_agency_name: String,
    /// The named person, once the agency has accepted it.
    pub owner_person: Option<String>,
    pub due_date: Date,
    pub pillar: Pillar,
    pub status: ActionStatus,
    /// Open and past its due date.
    pub overdue: bool,
    pub completed_on: Option<Date>,
    pub completed_by: Option<UserRef>,
    pub note: Option<String>,
    pub cancelled_reason: Option<String>,
    /// Done by its due date (for done actions).
    pub on_time: Option<bool>,
}

impl Action {
    /// How it stands, in words: overdue, done on time or late, open, cancelled.
    pub fn standing(&self) -> &'static str {
        match (self.overdue, self.on_time) {
            (true, _) => "Overdue",
            (_, Some(true)) => "Done on time",
            (_, Some(false)) => "Done late",
            _ => self.status.label(),
        }
    }

    /// Works out the derived flags as of `today`.
    pub fn settle(mut self, today: Date) -> Self {
        self.overdue = self.status == ActionStatus::Open && self.due_date < today;
        self.on_time = self.completed_on.map(|c| c <= self.due_date);
        self
    }
}

/// Completing or cancelling an action.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionNoteInput {
    /// What was done (completing) or why it is cancelled (cancelling).
    #[serde(alias = "reason")]
    pub note: Option<String>,
}

impl ActionNoteInput {
    pub fn parse(&self, label: &str) -> Result<String, ValidationErrors> {
        required_text("note", label, self.note.as_deref(), 4000).map_err(|f| ValidationErrors(vec![f]))
    }
}

/// The minutes of one case, with their actions.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Minutes {
    pub meeting_case_id: MeetingCaseId,
    pub nominal_id: NominalId,
    pub person: String,
    /// MIN-7: this person's meeting number.
    pub meeting_number: u32,
    pub meeting_date: Date,
    pub version: u32,
    pub status: MinutesStatus,
    pub body: MinutesBody,
    pub actions: Vec<Action>,
    pub written_by: UserRef,
    pub approved_by: Option<UserRef>,
    pub approved_at: Option<jiff::Timestamp>,
    /// MIN-2, MIN-4: printed on every page of an approved copy.
    pub handling_statement: Option<&'static str>,
}
redacted_debug!(Minutes);

#[cfg(test)]
mod tests;

coded_enum!(
    /// Where a request to share minutes beyond the invited agencies stands (MIN-5).
    OnwardShareStatus {
        Requested = "requested" : "Waiting for the chair",
        Approved = "approved" : "Approved",
        Refused = "refused" : "Refused",
    }
);

/// A request to share a case's minutes with an agency that was not invited.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnwardShareInput {
    /// The agency's code.
    pub agency: Option<String>,
    pub reason: Option<String>,
}

impl OnwardShareInput {
    /// The agency's code and the reason, checked.
    pub fn parse(&self) -> Result<(String, String), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let agency = match self.agency.as_deref() {
            Some(raw) => e.take(crate::agency::parse_agency_code("agency", raw)),
            None => {
                e.add("agency", "required", "Select the agency to share the minutes with");
                None
            }
        };
        let reason = e.take(required_text("reason", "why the agency needs the minutes", self.reason.as_deref(), 2000));
        match (agency, reason) {
            (Some(a), Some(r)) if e.is_empty() => Ok((a, r)),
            _ => Err(e),
        }
    }
}

/// The chair's decision on a request.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OnwardDecisionInput {
    /// `approve` or `refuse`.
    pub decision: Option<String>,
    pub reason: Option<String>,
}

impl OnwardDecisionInput {
    /// Whether it is approved, and the reason, checked.
    pub fn parse(&self) -> Result<(bool, String), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let approve = match self.decision.as_deref().map(str::trim) {
            Some("approve") => Some(true),
            Some("refuse") => Some(false),
            Some(_) => {
                e.add("decision", "invalid_choice", "Select approve or refuse");
                None
            }
            None => {
                e.add("decision", "required", "Select approve or refuse");
                None
            }
        };
        let reason = e.take(required_text("reason", "the reason for the decision", self.reason.as_deref(), 2000));
        match (approve, reason) {
            (Some(a), Some(r)) if e.is_empty() => Ok((a, r)),
            _ => Err(e),
        }
    }
}

/// A request to share minutes onward, with its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OnwardShare {
    pub id: crate::ids::ItemId,
    pub agency: String,
    pub agency_name: String,
    pub reason: String,
    pub requested_by: UserRef,
    pub status: OnwardShareStatus,
    pub decided_by: Option<UserRef>,
    pub decision_reason: Option<String>,
}
