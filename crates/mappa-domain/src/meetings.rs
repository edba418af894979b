//! Level 2 and 3 meetings: the agenda, invitations and attendance per agency
//! per case (MTG-1, MTG-2, MIN-1, MIN-7; seed 004 on attendance).

use crate::coded_enum;
use crate::error::ValidationErrors;
use crate::ids::{MeetingCaseId, MeetingId, NominalId, PanelId, ReferralId};
use crate::record::UserRef;
use crate::values::{optional_text, parse_date};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// How an invited agency took part in the discussion of a case.
    AttendanceStatus {
        Present = "present" : "Present",
        ApologiesWithReport = "apologies_with_report" : "Apologies, with a written report",
        Apologies = "apologies" : "Apologies, without a report",
        Absent = "absent" : "Absent",
    }
);

coded_enum!(
    /// Why a case is on the agenda.
    AgendaKind {
        NewReferral = "new_referral" : "New referral",
        Review = "review" : "Review",
    }
);

/// A meeting as scheduled.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    pub panel_id: Option<String>,
    /// YYYY-MM-DD: today or later.
    pub date: Option<String>,
}

/// A meeting input checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMeeting {
    pub panel: PanelId,
    pub date: Date,
}

impl MeetingInput {
    /// A new meeting is today or later: meetings already held are recorded
    /// by the coordinator on the day, not scheduled afterwards.
    pub fn parse(&self, today: Date) -> Result<ValidMeeting, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let panel = match self.panel_id.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => {
                e.add("panel_id", "required", "Select the panel");
                None
            }
            Some(raw) => match raw.parse::<PanelId>() {
                Ok(p) => Some(p),
                Err(_) => {
                    e.add("panel_id", "unknown_panel", "Select a panel from the list");
                    None
                }
            },
        };
        let date = match self.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => {
                e.add("date", "required", "Enter the date of the meeting");
                None
            }
            Some(raw) => match e.take(parse_date("date", "date of the meeting", raw)) {
                Some(d) if d < today => {
                    e.add("date", "date_in_past", "The date of a new meeting must be today or in the future");
                    None
                }
                d => d,
            },
        };
        match (panel, date) {
            (Some(panel), Some(date)) if e.is_empty() => Ok(ValidMeeting { panel, date }),
            _ => Err(e),
        }
    }
}

/// A case to list on a meeting's agenda, with the agencies invited to discuss it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    pub nominal_id: Option<String>,
    /// Codes of the agencies invited for this case.
    #[serde(default)]
    pub invited_agencies: Vec<String>,
}

/// An agenda input checked; agencies are still codes to look up.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidAgenda {
    pub nominal: NominalId,
    pub agencies: Vec<String>,
}
redacted_debug!(ValidAgenda);

impl AgendaInput {
    pub fn parse(&self) -> Result<ValidAgenda, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let nominal = match self.nominal_id.as_deref().map(str::trim) {
            None | Some("") => {
                e.add("nominal_id", "required", "Select the person to discuss");
                None
            }
            Some(raw) => Some(raw.parse::<NominalId>().unwrap_or_default()),
        };
        let mut agencies: Vec<String> = Vec::new();
        for (i, raw) in self.invited_agencies.iter().enumerate() {
            match crate::agency::parse_agency_code(&format!("invited_agencies[{i}]"), raw) {
                Ok(c) if !agencies.contains(&c) => agencies.push(c),
                Ok(_) => {}
                Err(f) => e.0.push(f),
            }
        }
        match nominal {
            Some(nominal) if e.is_empty() => Ok(ValidAgenda { nominal, agencies }),
            _ => Err(e),
        }
    }
}

/// One agency's attendance as submitted.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceEntryInput {
    /// The agency's code.
    pub agency: Option<String>,
    pub status: Option<String>,
    /// Who attended, when present.
    pub attendee: Option<String>,
    /// Their grade or rank (LVL-4: managers at Level 2, senior managers at Level 3).
    pub grade: Option<String>,
}

/// Attendance for one case of a meeting.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    #[serde(default)]
    pub attendance: Vec<AttendanceEntryInput>,
    /// MIN-1: the confidentiality and diversity statement was read (or the
    /// displayed copy pointed to) at the start of the meeting.
    pub statement_read: Option<bool>,
}

/// One agency's attendance checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAttendance {
    pub agency: String,
    pub status: AttendanceStatus,
    pub attendee: Option<String>,
    pub grade: Option<String>,
}

impl AttendanceInput {
    pub fn parse(&self) -> Result<(Vec<ValidAttendance>, Option<bool>), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let mut out: Vec<ValidAttendance> = Vec::new();
        for (i, a) in self.attendance.iter().enumerate() {
            let f = |x: &str| format!("attendance[{i}].{x}");
            let agency = match a.agency.as_deref() {
                Some(raw) => e.take(crate::agency::parse_agency_code(&f("agency"), raw)),
                None => {
                    e.add(f("agency"), "required", "Select the agency");
                    None
                }
            };
            let status = e.take(crate::values::required_code(
                &f("status"),
                "attendance",
                a.status.as_deref(),
                AttendanceStatus::from_code,
            ));
            let attendee = e.take(optional_text(&f("attendee"), "who attended", a.attendee.as_deref(), 200)).flatten();
            let grade = e.take(optional_text(&f("grade"), "their grade or rank", a.grade.as_deref(), 200)).flatten();
            if status == Some(AttendanceStatus::Present) && attendee.is_none() {
                e.add(f("attendee"), "required", "Enter who attended for the agency");
            }
            if status.is_some_and(|s| s != AttendanceStatus::Present) && (attendee.is_some() || grade.is_some()) {
                e.add(f("attendee"), "not_applicable", "Only an agency that was present has an attendee");
            }
            if let (Some(agency), Some(status)) = (agency, status) {
                if out.iter().any(|o| o.agency == agency) {
                    e.add(f("agency"), "duplicate", "Each agency's attendance is given once");
                }
                out.push(ValidAttendance { agency, status, attendee, grade });
            }
        }
        e.into_result((out, self.statement_read))
    }
}

/// An agency invited to discuss a case, and how it attended once recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Invitation {
    pub agency: String,
    pub agency_name: String,
    pub status: Option<AttendanceStatus>,
    pub attendee: Option<String>,
    pub grade: Option<String>,
}

/// A case on a meeting's agenda.
#[derive(Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgendaCase {
    pub id: MeetingCaseId,
    pub meeting_id: MeetingId,
    pub nominal_id: NominalId,
    pub person: String,
    pub kind: AgendaKind,
    pub referral_id: Option<ReferralId>,
    /// MIN-7: meetings about the same person are numbered in order.
    pub meeting_number: u32,
    pub invited: Vec<Invitation>,
    /// Whether minutes exist, and whether the chair has approved them.
    pub minutes: Option<crate::minutes::MinutesStatus>,
}
redacted_debug!(AgendaCase);

/// A meeting with its panel and agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: MeetingId,
    pub panel_id: PanelId,
    pub panel: String,
    pub level: u8,
    pub area: String,
    pub unit: Option<String>,
    pub chair: Option<UserRef>,
    pub date: Date,
    /// MIN-1: who recorded that the statement was read, and when.
    pub statement_read: bool,
    pub scheduled_by: UserRef,
    pub cases: Vec<AgendaCase>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        jiff::civil::date(2026, 12, 2)
    }

    #[test]
    fn a_new_meeting_is_today_or_later() {
        let m = |d: &str| MeetingInput { panel_id: Some(PanelId::new().to_string()), date: Some(d.into()) };
        assert!(m("2026-12-02").parse(today()).is_ok());
        let e = m("2026-12-01").parse(today()).unwrap_err();
        assert_eq!((e.first().unwrap().field.as_str(), e.first().unwrap().code), ("date", "date_in_past"));
        assert_eq!(m("2026-02-30").parse(today()).unwrap_err().first().unwrap().code, "invalid_date");
    }

    #[test]
    fn attendance_names_who_was_present() {
        let a = |status: &str, attendee: Option<&str>| AttendanceInput {
            attendance: vec![AttendanceEntryInput {
                agency: Some("hsg".into()),
                status: Some(status.into()),
                attendee: attendee.map(str::to_string),
                grade: None,
            }],
            statement_read: Some(true),
        };
        assert_eq!(a("present", Some("A. Officer")).parse().unwrap().0[0].agency, "HSG");
        assert_eq!(a("present", None).parse().unwrap_err().first().unwrap().code, "required");
        assert!(a("apologies_with_report", None).parse().is_ok());
        assert_eq!(a("late", None).parse().unwrap_err().first().unwrap().code, "invalid_choice");
    }
}
