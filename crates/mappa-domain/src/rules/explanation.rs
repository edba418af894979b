//! Explanations: every computed value carries the steps that produced it, each
//! naming the rule ID from `shared/domain/rules.md`, the legal citation and a
//! plain-English sentence a practitioner can check by hand (architecture
//! principle 3, "the law is code with citations").

use serde::Serialize;

/// `format!` with room for a typical explanation sentence reserved up front:
/// building these strings is most of the engine's work, and growing them
/// step by step costs reallocations and copies.
macro_rules! text {
    ($($arg:tt)*) => {{
        use std::fmt::Write as _;
        let mut s = String::with_capacity(200);
        let _ = write!(s, $($arg)*);
        s
    }};
}
pub(crate) use text;

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Step {
    /// Rule ID from `shared/domain/rules.md` (e.g. `NOTIF-10`, `CONV-6`).
    pub rule: &'static str,
    /// The legal (or policy) source, e.g. "Sexual Offences Act 2003, s.82(1)".
    pub citation: &'static str,
    /// What was decided, naming the facts used, in plain English.
    pub text: String,
    /// Configuration keys whose values this step used. Present only when a
    /// value came from [`crate::rules::RulesConfig`] rather than the law.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub configuration: Vec<&'static str>,
}

impl Step {
    pub fn new(rule: &'static str, citation: &'static str, text: impl Into<String>) -> Self {
        Step { rule, citation, text: text.into(), configuration: Vec::new() }
    }

    /// Marks the step as using a configured value; the text must say so too.
    pub fn with_config(mut self, key: &'static str) -> Self {
        self.configuration.push(key);
        self
    }
}

/// A value together with the explanation of how it was reached.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explained<T> {
    pub value: T,
    pub explanation: Vec<Step>,
}

impl<T> Explained<T> {
    pub fn new(value: T, explanation: Vec<Step>) -> Self {
        Explained { value, explanation }
    }
}

/// Citations used in explanations, kept in one place so that they read the same
/// everywhere and can be corrected once.
pub mod cite {
    pub const SOA_80: &str = "Sexual Offences Act 2003, s.80(1)";
    pub const SOA_SCH3: &str = "Sexual Offences Act 2003, s.80 and Sch. 3";
    pub const SOA_81: &str = "Sexual Offences Act 2003, s.81";
    pub const SOA_82_1: &str = "Sexual Offences Act 2003, s.82(1)";
    pub const SOA_82_2: &str = "Sexual Offences Act 2003, s.82(2)";
    pub const SOA_82_3: &str = "Sexual Offences Act 2003, s.82(3)-(4)";
    pub const SOA_82_6: &str = "Sexual Offences Act 2003, s.82(6)";
    pub const SOA_83_1: &str = "Sexual Offences Act 2003, s.83(1)";
    pub const SOA_83_2: &str = "Sexual Offences Act 2003, s.83(2)-(4)";
    pub const SOA_83_6: &str = "Sexual Offences Act 2003, s.83(6)";
    pub const SOA_84_1: &str = "Sexual Offences Act 2003, s.84(1)";
    pub const SOA_84_1C: &str = "Sexual Offences Act 2003, s.84(1)(c) and (6)";
    pub const SOA_84_2: &str = "Sexual Offences Act 2003, s.84(2)-(4)";
    pub const SOA_85_1: &str = "Sexual Offences Act 2003, s.85(1)";
    pub const SOA_85_3: &str = "Sexual Offences Act 2003, s.85(3)-(4)";
    pub const SOA_85_5: &str =
        "Sexual Offences Act 2003, s.85(5)-(6); SI 2012/1876 (Notification Requirements Regulations 2012)";
    pub const SI_2012_1876: &str =
        "Sexual Offences Act 2003 (Notification Requirements) (England and Wales) Regulations 2012, SI 2012/1876";
    pub const SOA_86: &str =
        "Sexual Offences Act 2003, s.86; Travel Notification Requirements Regulations (as amended by SI 2012/1876)";
    pub const SOA_91: &str = "Sexual Offences Act 2003, s.91(1)";
    pub const SOA_91_2: &str = "Sexual Offences Act 2003, s.91(2)-(3)";
    pub const SOA_91B: &str = "Sexual Offences Act 2003, s.91A-91B";
    pub const SOA_91B_FURTHER: &str = "Sexual Offences Act 2003, s.91B-91C";
    pub const SOA_97: &str = "Sexual Offences Act 2003, ss.97-98";
    pub const SOA_98_EN: &str = "Sexual Offences Act 2003, s.98; Explanatory Notes para 199";
    pub const SOA_103A: &str = "Sexual Offences Act 2003, s.103A";
    pub const SOA_103C: &str = "Sexual Offences Act 2003, s.103C";
    pub const SOA_103D: &str = "Sexual Offences Act 2003, ss.103D-103E";
    pub const SOA_103F: &str = "Sexual Offences Act 2003, s.103F";
    pub const SOA_103G: &str = "Sexual Offences Act 2003, s.103G (by analogy with s.107)";
    pub const SOA_107: &str = "Sexual Offences Act 2003, s.107";
    pub const SOA_107_4: &str = "Sexual Offences Act 2003, s.107(4)-(5) (s.103G for SHPOs by analogy)";
    pub const SOA_107_6: &str = "Sexual Offences Act 2003, s.107(6) (the same scheme for SHPOs)";
    pub const SOA_109: &str = "Sexual Offences Act 2003, s.109";
    pub const SOA_100: &str = "Sexual Offences Act 2003, s.100";
    pub const SOA_117: &str = "Sexual Offences Act 2003, s.117";
    pub const SOA_122A: &str = "Sexual Offences Act 2003, s.122A";
    pub const SOA_122C: &str = "Sexual Offences Act 2003, s.122C";
    pub const SOA_122E: &str = "Sexual Offences Act 2003, s.122E";
    pub const SOA_122F: &str = "Sexual Offences Act 2003, s.122F";
    pub const SOA_122I: &str = "Sexual Offences Act 2003, s.122I (by analogy with s.129)";
    pub const SOA_123: &str = "Sexual Offences Act 2003, s.123";
    pub const SOA_129: &str = "Sexual Offences Act 2003, s.129";
    pub const SOA_131: &str = "Sexual Offences Act 2003, s.131";
    pub const SOA_134: &str = "Sexual Offences Act 2003, s.134";
    pub const SPA_2019: &str = "Stalking Protection Act 2019, ss.1, 3 and 9";
    pub const DAA_2021: &str = "Domestic Abuse Act 2021, ss.37 and 41";
    pub const CJA_327_2: &str = "Criminal Justice Act 2003, s.327(2)";
    pub const CJA_327_3: &str = "Criminal Justice Act 2003, s.327(3)-(4)";
    pub const CJA_325: &str = "Criminal Justice Act 2003, s.325(2)(b)";
    pub const MAPPA_CAT4: &str = "MAPPA Guidance (2024 update), Category 4";
    pub const MAPPA_FAQ: &str = "MAPPA website FAQ \"How long will I be in MAPPA?\"";
    pub const MAPPA_A: &str = "MAPPA A completion notes (MAPPA Guidance 2012, Part 2)";
    pub const CONVENTION: &str = "mappa computation conventions (rules.md s.12)";
    pub const VISITS: &str = "NPCC visit regime (2017) and reactive management; local policy";
    pub const MAPPA_MEETINGS: &str = "MAPPA Guidance ch.13a; local policy (no national minimum found)";
    pub const CSODS: &str = "Child Sex Offender Disclosure Scheme guidance (April 2023)";
    pub const DVDS: &str = "Domestic Violence Disclosure Scheme statutory guidance (2023)";
    pub const APP_BREACH: &str = "College of Policing APP (management of sexual offenders)";
}
