//! MAPPA eligibility: the one category (CAT-1..4, CAT-X, CONV-10) and the exit
//! date (EXIT-1..3, CONV-11).

use jiff::civil::Date;

use super::assessment::{MappaAssessment, NotificationAssessment};
use super::config::RulesConfig;
use super::explanation::{Step, cite, text};
use super::facts::{Disposal, DisposalKind, Facts, SentenceType};
use super::s82::Term;

/// Whether a disposal is a Category 2 qualifying sentence (CAT-2): murder or a
/// Sch. 15 offence with imprisonment or detention of 12 months or more, life,
/// IPP, a DTO of 12 months or more, or a hospital or guardianship order; or an
/// insanity/disability finding for such an offence with a hospital or
/// guardianship order. Returns the reason in words.
pub fn category_2_qualifying(d: &Disposal, config: &RulesConfig) -> Option<String> {
    use SentenceType as T;
    if !(d.murder || d.schedule_15) {
        return None;
    }
    let offence = if d.murder { "murder" } else { "a Schedule 15 offence" };
    let s = &d.sentence;
    let hospital = matches!(s.kind, T::HospitalOrder | T::HospitalOrderWithRestriction | T::GuardianshipOrder);
    match d.kind {
        DisposalKind::Caution => None,
        DisposalKind::InsanityFinding | DisposalKind::DisabilityFinding => {
            hospital.then(|| text!("{}: {} for {offence} with {}", d.id, d.kind.words(), s.kind.words()))
        }
        DisposalKind::Conviction => {
            let twelve = || Term::of(s).is_some_and(|t| t.at_least(12, d.date));
            let q = match s.kind {
                T::Life | T::Ipp => true,
                T::Imprisonment | T::Detention | T::Dto => twelve(),
                T::SuspendedImprisonment => config.mappa.suspended_sentence_qualifies_for_category_2 && twelve(),
                _ => hospital,
            };
            q.then(|| {
                let term = Term::of(s).map(|t| text!(" of {}", t.words())).unwrap_or_default();
                text!("{}: convicted of {offence} on {}, with {}{term}", d.id, d.date, s.kind.words())
            })
        }
    }
}

/// Assesses MAPPA eligibility as of `facts.as_of`.
///
/// Two things the engine deliberately never does:
/// * CAT-2a: disqualification from working with children (enacted s327(5),
///   since repealed) is not a ground for Category 2; a record imported with
///   that old wording keeps it only as text, and the category comes from the
///   disposals as the law now stands.
/// * PDP-1 to PDP-4: a potentially dangerous person is, by definition, not in
///   any MAPPA category, and being one rests on a police judgement of a
///   present likelihood of serious harm with no statutory framework (PDP-2,
///   PDP-3), not on facts the engine can count; so no PDP ever gets a category
///   here. PDP-5's named officer is the manager of the person's record.
pub fn assess_mappa(facts: &Facts, config: &RulesConfig, notification: &NotificationAssessment) -> MappaAssessment {
    let as_of = facts.as_of;
    let mut steps = Vec::with_capacity(6);
    let mut candidates: Vec<(u8, Option<Date>)> = Vec::new();

    // Category 1 (CAT-1, EXIT-1).
    if notification.subject {
        steps.push(Step::new(
            "CAT-1",
            cite::CJA_327_2,
            text!(
                "On {as_of} the person is subject to the SOA 2003 notification requirements, so qualifies for Category 1; eligibility lasts until the notification period ends ({}) (EXIT-1).",
                notification.ends.map_or_else(|| "no end date: indefinite".to_string(), |e| e.to_string())
            ),
        ));
        candidates.push((1, notification.ends));
    }

    // Category 2 (CAT-2, EXIT-2, CONV-11).
    let led = facts.licence.and_then(|l| l.led);
    let sed = facts.licence.and_then(|l| l.sed);
    let mut best2: Option<(Option<Date>, String)> = None;
    for d in &facts.disposals {
        let Some(reason) = category_2_qualifying(d, config) else {
            continue;
        };
        let hospital = matches!(
            d.sentence.kind,
            SentenceType::HospitalOrder | SentenceType::HospitalOrderWithRestriction | SentenceType::GuardianshipOrder
        );
        let (exit, how) = match (led, hospital, d.sentence.order_ends) {
            (Some(led), _, _) => (Some(led), text!("the licence expiry date {led}")),
            (None, true, Some(e)) => (Some(e), text!("the end of the order on {e}")),
            (None, true, None) => (None, "the end of the order, which is not recorded".to_string()),
            (None, false, _) => (None, "the licence expiry date, which is not recorded".to_string()),
        };
        let text =
            text!("{reason}: a Category 2 qualifying sentence; eligibility lasts until {how} (EXIT-2, CONV-11).");
        let later = match (&best2, exit) {
            (None, _) => true,
            (Some((None, _)), _) => false,
            (Some((Some(_), _)), None) => true,
            (Some((Some(a), _)), Some(b)) => b > *a,
        };
        if later {
            best2 = Some((exit, text));
        }
    }
    if let Some((exit, text)) = best2 {
        steps.push(Step::new("CAT-2", cite::CJA_327_3, text));
        if let Some(sed) = sed {
            steps.push(Step::new(
                "EXIT-2",
                cite::MAPPA_FAQ,
                text!("The sentence expiry date {sed} is shown for information; Category 2 ends with the licence, not the sentence (CONV-11)."),
            ));
        }
        if exit.is_some_and(|e| e < as_of) {
            steps.push(Step::new(
                "EXIT-2",
                cite::MAPPA_FAQ,
                text!(
                    "Category 2 eligibility ended on {} (before {as_of}).",
                    exit.map_or_else(String::new, |e| e.to_string())
                ),
            ));
        } else {
            candidates.push((2, exit));
        }
    }

    // Category 4 (CAT-4, CONV-10): definition UNCONFIRMED, from configuration.
    if let Some(d) =
        facts.disposals.iter().filter(|d| d.terrorism && d.kind != DisposalKind::Caution).max_by_key(|d| d.date)
    {
        if config.mappa.category_4_adopted {
            let ended = led.is_some_and(|l| l < as_of);
            steps.push(
                Step::new(
                    "CAT-4",
                    cite::MAPPA_CAT4,
                    text!(
                        "{}: a terrorism {} on {}; the area has adopted the 2024 guidance with Category 4 (configuration: mappa.category_4_adopted = true). The statutory definition of Category 4 is UNCONFIRMED; eligibility is taken to last until the licence expiry date ({}).",
                        d.id,
                        d.kind.words(),
                        d.date,
                        led.map_or_else(|| "not recorded".to_string(), |l| l.to_string())
                    ),
                )
                .with_config("mappa.category_4_adopted"),
            );
            if !ended {
                candidates.push((4, led));
            }
        } else {
            steps.push(
                Step::new(
                    "CONV-10",
                    cite::MAPPA_CAT4,
                    text!("{}: a terrorism offence, but the area has not adopted Category 4 (configuration: mappa.category_4_adopted = false).", d.id),
                )
                .with_config("mappa.category_4_adopted"),
            );
        }
    }

    // Category 3 (CAT-3, EXIT-3).
    if let Some(c3) = facts.category_3_decision {
        let has_index =
            facts.disposals.iter().any(|d| matches!(d.kind, DisposalKind::Conviction | DisposalKind::Caution));
        if !has_index {
            steps.push(Step::new(
                "CAT-3",
                cite::CJA_325,
                "A Category 3 decision is recorded, but Category 3 needs a conviction or caution (the index offence); none is recorded.",
            ));
        } else if c3.date > as_of || c3.ended.is_some_and(|e| e < as_of) {
            steps.push(Step::new(
                "EXIT-3",
                cite::MAPPA_FAQ,
                text!(
                    "The Category 3 decision of {} is not in effect on {as_of}{}.",
                    c3.date,
                    c3.ended.map_or_else(String::new, |e| text!(" (it ended on {e})"))
                ),
            ));
        } else {
            steps.push(Step::new(
                "CAT-3",
                cite::CJA_325,
                text!(
                    "A multi-agency decision on {} that the person, convicted or cautioned, may cause serious harm and needs active multi-agency management: Category 3 until a decision that the risk has reduced (EXIT-3){}.",
                    c3.date,
                    c3.ended.map_or_else(String::new, |e| text!("; it ends on {e}"))
                ),
            ));
            candidates.push((3, c3.ended));
        }
    }

    // CAT-X / CONV-10: one category, in the order 1, 2, 4, 3.
    let rank = |c: u8| match c {
        1 => 0,
        2 => 1,
        4 => 2,
        _ => 3,
    };
    candidates.sort_by_key(|(c, _)| rank(*c));
    let chosen = candidates.first().copied();
    match chosen {
        Some((cat, exit)) => {
            let others: Vec<String> = candidates.iter().skip(1).map(|(c, _)| c.to_string()).collect();
            steps.push(Step::new(
                "CAT-X",
                cite::MAPPA_A,
                if others.is_empty() {
                    text!("The person is MAPPA-eligible in Category {cat}.")
                } else {
                    text!(
                        "The person also qualifies for Category {}, but a case has only one category, chosen in the order 1, 2, 4, 3 (CONV-10): Category {cat}.",
                        others.join(" and ")
                    )
                },
            ));
            MappaAssessment { eligible: true, category: Some(cat), exit_date: exit, explanation: steps }
        }
        None => {
            steps.push(Step::new(
                "CAT-X",
                cite::MAPPA_A,
                text!("On {as_of} the person does not qualify for any MAPPA category."),
            ));
            MappaAssessment { eligible: false, category: None, exit_date: None, explanation: steps }
        }
    }
}
