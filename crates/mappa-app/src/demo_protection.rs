//! The demo's public protection work (issue 11): two potentially dangerous
//! people (one review overdue), MAPPA disclosure decisions, a transfer to
//! Kent awaiting its answer and one between London boroughs for the police
//! supervisor to answer. Synthetic.

use crate::App;
use crate::error::{AppError, Result};
use mappa_domain::disclosure_schemes::{ApplicationInput, StageInput};
use mappa_domain::disclosures::DisclosureInput;
use mappa_domain::ids::UserId;
use mappa_domain::mappa_case::DecisionInput;
use mappa_domain::nominal::NominalInput;
use mappa_domain::pdp::PdpInput;
use mappa_domain::sfo::{SfoInput, SfoStepInput};
use mappa_domain::transfers::TransferInput;

/// Invented people outside MAPPA: (surname, forenames, born, gender, reasons, months ago).
const PDPS: &[(&str, &str, &str, &str, &str, i64)] = &[
    (
        "Voskuijlen",
        "Ardal",
        "1984-07-19",
        "male",
        "Three domestic abuse charges against two former partners in two years, none ending in a MAPPA-qualifying conviction; new partner has two young children.",
        2,
    ),
    (
        "Thrane-Okoro",
        "Bex",
        "1991-02-03",
        "female",
        "Community mental health nurse reports violent fantasies about a named neighbour; not engaging with treatment.",
        13,
    ),
];

/// Invented Category 2 cases for the disclosures and transfers: (surname, forenames, born).
const CASES: &[(&str, &str, &str)] = &[
    ("Kettleborough", "Dane", "1979-11-02"),
    ("Ashbury-Nwosu", "Rhys", "1986-05-27"),
    ("Pellingham", "Corey", "1990-09-14"),
    ("Ferreira-Haldane", "Luke", "1983-03-08"),
];

impl App {
    /// Adds the demo's PDPs, disclosures and transfers as the police manager.
    pub(crate) async fn load_protection_demo(&self, manager: UserId) -> Result<()> {
        let manager = self.store.actor(manager).await?.ok_or_else(|| AppError::Internal("demo user".into()))?;
        let today = self.today();
        self.add_area("KNT", "Kent", &[("MAI".into(), "Maidstone".into()), ("CAN".into(), "Canterbury".into())])
            .await?;
        self.place_agency("POL-KNT", "KNT", None).await?;

        for (surname, forenames, born, gender, reasons, months) in PDPS {
            let input = NominalInput {
                surname: Some(surname.to_string()),
                forenames: Some(forenames.to_string()),
                date_of_birth: Some(born.to_string()),
                gender: Some(gender.to_string()),
                ..NominalInput::default()
            };
            let person = self.create_nominal(&manager, &input).await?;
            let on = today.checked_sub(jiff::Span::new().months(*months)).unwrap_or(today);
            let pdp = PdpInput {
                reasons: Some(reasons.to_string()),
                officer: Some(manager.username.clone()),
                recorded_on: Some(on.to_string()),
            };
            self.record_pdp(&manager, person.id, &pdp).await?;
        }

        // Four Category 2 cases of their own, whatever the demo's size.
        let mut ours = Vec::new();
        for (surname, forenames, born) in CASES {
            let input = NominalInput {
                surname: Some(surname.to_string()),
                forenames: Some(forenames.to_string()),
                date_of_birth: Some(born.to_string()),
                gender: Some("male".into()),
                ..NominalInput::default()
            };
            let id = self.create_nominal(&manager, &input).await?.id;
            for (kind, value) in [("category", 2), ("level", 2)] {
                let d = DecisionInput {
                    kind: Some(kind.into()),
                    value: Some(value),
                    rationale: Some("On licence for a violent offence; needs multi-agency management".into()),
                    effective_date: None,
                };
                self.record_decision(&manager, id, &d).await?;
            }
            ours.push(id);
        }
        let days_ago = |d: i64| today.checked_sub(jiff::Span::new().days(d)).unwrap_or(today).to_string();
        if let [first, second, third, fourth, ..] = ours[..] {
            let disclose = DisclosureInput {
                decision: Some("disclose".into()),
                decided_on: Some(days_ago(20)),
                recipient: Some("Jan Mereweather, new partner".into()),
                recipient_kind: Some("partner".into()),
                information: Some(
                    "His conviction for a violent offence against a former partner, and his licence conditions".into(),
                ),
                reasonable: Some("She has two children and he stays at her home at weekends".into()),
                necessary: Some("She cannot protect herself or the children without knowing".into()),
                lawful: Some("Common law power to disclose to prevent harm; MAPPA Guidance chapter 10".into()),
                proportionate: Some("Told to her alone, in person, limited to the index offence".into()),
                by_whom: Some("Police and probation jointly".into()),
                method: Some("in_person".into()),
                disclosed_on: Some(days_ago(14)),
                undertaking_signed_on: Some(days_ago(14)),
                offender_told: Some(true),
                ..DisclosureInput::default()
            };
            self.record_disclosure(&manager, first, &disclose).await?;
            let not = DisclosureInput {
                decision: Some("not_disclose".into()),
                decided_on: Some(days_ago(5)),
                recipient: Some("Manager, Riverside Car Wash".into()),
                recipient_kind: Some("employer".into()),
                recipient_organisation: Some("Riverside Car Wash".into()),
                reasonable: Some("The work brings no contact with children or vulnerable adults".into()),
                necessary: Some("Not necessary: the licence conditions manage the risk at work".into()),
                lawful: Some("No pressing need that would justify it".into()),
                proportionate: Some("Disclosure would cost him the job for no gain in safety".into()),
                ..DisclosureInput::default()
            };
            self.record_disclosure(&manager, second, &not).await?;
            let kent = TransferInput {
                to_area: Some("KNT".into()),
                to_unit: Some("MAI".into()),
                reason: Some("Moved to Maidstone to live with his mother after his tenancy ended".into()),
            };
            self.request_transfer(&manager, third, &kent).await?;
            let borough = TransferInput {
                to_area: Some("LDN".into()),
                to_unit: Some("HAC".into()),
                reason: Some("Moved from Camden to a hostel in Hackney".into()),
            };
            // The police cover all of London: the supervisor answers this one.
            self.request_transfer(&manager, fourth, &borough).await?;
            self.load_applications_demo(&manager, second).await?;
            self.load_sfo_demo(&manager, first).await?;
        }
        Ok(())
    }
}

impl App {
    /// A grandmother's CSODS application about `subject`, met and checked,
    /// and a DVDS right-to-know case with immediate risk about someone the
    /// registry did not hold.
    async fn load_applications_demo(
        &self,
        manager: &mappa_domain::access::Actor,
        subject: mappa_domain::ids::NominalId,
    ) -> Result<()> {
        let today = self.today();
        let days_ago = |d: i64| today.checked_sub(jiff::Span::new().days(d)).unwrap_or(today).to_string();
        let csods = ApplicationInput {
            scheme: Some("csods".into()),
            route: Some("right_to_ask".into()),
            received: Some(days_ago(12)),
            subject_nominal_id: Some(subject.to_string()),
            applicant: Some("Ros Delamere".into()),
            applicant_relationship: Some("Grandmother".into()),
            children: Some("Two grandchildren, aged 5 and 8".into()),
            contact: Some("He has started a relationship with their mother and collects them from school".into()),
            ..ApplicationInput::default()
        };
        let app = self.record_application(manager, &csods).await?;
        for (stage, ago) in [("initial_contact", 11), ("face_to_face", 6), ("checks", 2)] {
            let step = StageInput { stage: Some(stage.into()), on: Some(days_ago(ago)), ..StageInput::default() };
            self.record_application_stage(manager, app.id, &step).await?;
        }
        let dvds = ApplicationInput {
            scheme: Some("dvds".into()),
            route: Some("right_to_know".into()),
            received: Some(days_ago(1)),
            subject: Some(NominalInput {
                surname: Some("Quenby".into()),
                forenames: Some("Alastair".into()),
                date_of_birth: Some("1982-01-17".into()),
                gender: Some("male".into()),
                ..NominalInput::default()
            }),
            person_at_risk: Some("His partner, who reported threats after a 999 call".into()),
            immediate_risk: true,
            ..ApplicationInput::default()
        };
        self.record_application(manager, &dvds).await?;
        Ok(())
    }
}

impl App {
    /// A serious further offence on a Category 2 case, reviewed, with no
    /// Serious Case Review decided yet (the Board's work, for the coordinator).
    async fn load_sfo_demo(
        &self,
        manager: &mappa_domain::access::Actor,
        subject: mappa_domain::ids::NominalId,
    ) -> Result<()> {
        let today = self.today();
        let days_ago = |d: i64| today.checked_sub(jiff::Span::new().days(d)).unwrap_or(today).to_string();
        let input = SfoInput {
            charged_on: Some(days_ago(30)),
            offence: Some("Wounding with intent (Offences against the Person Act 1861, s.18)".into()),
            notified_on: Some(days_ago(28)),
        };
        let sfo = self.record_sfo(manager, subject, &input).await?;
        let step = SfoStepInput {
            stage: Some("initial_review".into()),
            on: Some(days_ago(20)),
            note: Some("Risk assessment not updated after his relationship began; home visits on schedule.".into()),
            ..SfoStepInput::default()
        };
        self.record_sfo_step(manager, subject, sfo.id, &step).await?;
        Ok(())
    }
}
