//! Synthetic demonstration data: a London-sized MAPPA area with the category
//! and level mix of the London 2017/18 annual report (system.md), agencies of
//! every kind and a demo user for every role. Every person is generated from a
//! fixed seed: no real personal data is used anywhere.

use crate::App;
use crate::auth::hash_password;
use crate::demo_history::{Sentenced, Staff, history};
use crate::error::{AppError, Result};
use jiff::civil::{Date, date};
use mappa_domain::address::{Address, AddressKind};
use mappa_domain::agency::AgencyKind;
use mappa_domain::characteristics::{Answer, Characteristic, ProtectedCharacteristics};
use mappa_domain::disposal::{Disposal, DisposalKind, Offence, Sentence, SentenceType};
use mappa_domain::identifiers::{IdentifierKind, pnc_check_char};
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::mappa_case::{CaseStatus, DecisionKind, MappaCase, ValidDecision};
use mappa_domain::nominal::{Build, Gender, Identifier, NameKind, NominalDetails, OtherName, PhysicalDescription};
use mappa_domain::role::Role;
use mappa_domain::rules::RulesConfig;
use mappa_store::{AuditCtx, NewAgency, NewNominal, NewUser, PersonBundle};

/// The London snapshot on 31 March 2018: (category, level, people).
pub const LONDON_2017_18: &[(u8, u8, usize)] =
    &[(1, 1, 6272), (2, 1, 3796), (1, 2, 44), (2, 2, 28), (3, 2, 12), (1, 3, 1), (2, 3, 9), (3, 3, 12)];

/// The demo's agencies: one of every kind.
pub const AGENCIES: &[(&str, &str, AgencyKind)] = &[
    ("POL-LDN", "London Police (demo)", AgencyKind::Police),
    ("PRB-LDN", "London Probation (demo)", AgencyKind::Probation),
    ("HMP-NGT", "HMP Northgate (demo)", AgencyKind::Prison),
    ("YOT-NBR", "Northborough Youth Offending Team (demo)", AgencyKind::YouthOffending),
    ("HLT-NBR", "Northborough Health Trust (demo)", AgencyKind::Health),
    ("MH-NBR", "Northborough Mental Health Trust (demo)", AgencyKind::MentalHealth),
    ("HSG-NBR", "Northborough Housing (demo)", AgencyKind::Housing),
    ("CSC-NBR", "Northborough Children's Services (demo)", AgencyKind::ChildrensSocialCare),
    ("ASC-NBR", "Northborough Adult Social Care (demo)", AgencyKind::AdultSocialCare),
    ("EDU-NBR", "Northborough Education (demo)", AgencyKind::Education),
    ("JCP-LDN", "Jobcentre Plus London (demo)", AgencyKind::Jobcentre),
    ("IMM-UK", "Immigration Enforcement (demo)", AgencyKind::Immigration),
    ("EM-UK", "Electronic Monitoring Service (demo)", AgencyKind::ElectronicMonitoring),
    ("VCS-LDN", "Victim Support Partnership (demo)", AgencyKind::Other),
    // Another area's police, to receive a transfer (issue 11, journey 7).
    ("POL-KNT", "Kent Police (demo)", AgencyKind::Police),
];

/// The demo users: (username, display name, agency code, roles).
pub const USERS: &[(&str, &str, &str, &[Role])] = &[
    ("manager", "Sam Patel", "POL-LDN", &[Role::Manager]),
    ("supervisor", "Jo Adeyemi", "POL-LDN", &[Role::Supervisor]),
    ("reception", "Chris Byrne", "POL-LDN", &[Role::Reception]),
    ("coordinator", "Alex Morgan", "PRB-LDN", &[Role::Coordinator]),
    ("chair", "Pat Kowalski", "PRB-LDN", &[Role::Chair]),
    ("probation", "Rae Chen", "PRB-LDN", &[Role::Manager]),
    ("partner", "Lee Hughes", "HSG-NBR", &[Role::Partner]),
    ("analyst", "Nat Evans", "POL-LDN", &[Role::Analyst]),
    ("lay.adviser", "Kim Osei", "VCS-LDN", &[Role::LayAdviser]),
    ("auditor", "Viv Ahmed", "POL-LDN", &[Role::Auditor]),
    ("admin", "Ash Taylor", "POL-LDN", &[Role::Admin]),
    ("vlo", "Dee Okafor", "PRB-LDN", &[Role::VictimLiaison]),
    ("kent", "Mo Farrant", "POL-KNT", &[Role::Manager]),
];

/// What the demo loader did.
pub struct DemoSummary {
    pub created: bool,
    pub people: i64,
}

/// SplitMix64: small, fast and fully determined by its seed.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn date_between(&mut self, from: Date, to: Date) -> Date {
        let days = (to - from).get_days().max(1) as usize;
        from.checked_add(jiff::Span::new().days(self.below(days) as i64)).unwrap_or(from)
    }
}

const SURNAMES: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke", "Jackson", "Wood",
    "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison",
    "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan", "Ali", "Ahmed", "Begum", "Okafor", "Mensah", "Nowak",
    "Kowalski", "Murphy", "O'Brien", "Kelly", "Singh", "Shah", "Hussain", "Campbell", "Stewart", "Adeyemi", "Owusu",
    "Rossi", "Silva", "Costa", "Nguyen", "Chen", "Wong", "Ibrahim", "Hassan", "Yilmaz", "Demir", "Popescu", "Novak",
    "Mahmood",
];
const MALE: &[&str] = &[
    "James",
    "John",
    "David",
    "Michael",
    "Paul",
    "Mark",
    "Daniel",
    "Andrew",
    "Christopher",
    "Richard",
    "Thomas",
    "Anthony",
    "Steven",
    "Robert",
    "Peter",
    "Lee",
    "Jason",
    "Craig",
    "Wayne",
    "Darren",
    "Mohammed",
    "Ahmed",
    "Imran",
    "Tariq",
    "Kwame",
    "Emeka",
    "Tunde",
    "Marek",
    "Piotr",
    "Tomasz",
    "Liam",
    "Connor",
    "Ryan",
    "Jamal",
    "Dwayne",
    "Luca",
    "Mateus",
    "Adrian",
    "Stefan",
    "Kofi",
];
const FEMALE: &[&str] = &[
    "Sarah",
    "Emma",
    "Claire",
    "Lisa",
    "Michelle",
    "Karen",
    "Nicola",
    "Joanne",
    "Rachel",
    "Amy",
    "Fatima",
    "Aisha",
    "Ngozi",
    "Abena",
    "Agnieszka",
    "Kasia",
    "Siobhan",
    "Chloe",
    "Jade",
    "Leanne",
];
const MIDDLE: &[&str] = &["James", "John", "Lee", "Paul", "Ali", "Junior", "Marie", "Anne", "Kofi", "Jan"];
const NICKNAMES: &[&str] =
    &["Smudge", "Tiny", "Red", "Ghost", "Lefty", "Spider", "Bullet", "Chalky", "Dusty", "Nails", "Sparky", "Taz"];
const STREETS: &[&str] = &[
    "Alder Road",
    "Beech Grove",
    "Canal Street",
    "Dock Lane",
    "Elm Terrace",
    "Foundry Way",
    "Granary Close",
    "Harbour Walk",
    "Ivy Court",
    "Juniper Drive",
    "Kiln Place",
    "Larch Avenue",
    "Mill Road",
    "Nursery Row",
    "Orchard Street",
    "Pump Lane",
    "Quarry Hill",
    "Rope Walk",
    "Saddler Street",
    "Tannery Yard",
    "Union Road",
    "Vine Street",
    "Weaver Close",
    "Yew Tree Road",
];
const TOWNS: &[(&str, &str)] = &[
    ("Northborough", "N"),
    ("Eastwick", "E"),
    ("Southmere", "SE"),
    ("Westford", "W"),
    ("Riverside", "SW"),
    ("Hillcrest", "NW"),
];
const NFA_PLACES: &[&str] = &[
    "Doorway of the old cinema, Canal Street",
    "Bench by the bandstand, Northborough Park",
    "Night shelter, Dock Lane",
    "Underpass at Mill Road roundabout",
];
const SEXUAL_OFFENCES: &[&str] = &[
    "Sexual assault (Sexual Offences Act 2003, s.3)",
    "Making indecent photographs of a child (Protection of Children Act 1978, s.1)",
    "Sexual activity with a child (Sexual Offences Act 2003, s.9)",
    "Rape (Sexual Offences Act 2003, s.1)",
    "Exposure (Sexual Offences Act 2003, s.66)",
    "Voyeurism (Sexual Offences Act 2003, s.67)",
];
const VIOLENT_OFFENCES: &[&str] = &[
    "Wounding with intent (Offences against the Person Act 1861, s.18)",
    "Inflicting grievous bodily harm (Offences against the Person Act 1861, s.20)",
    "Robbery (Theft Act 1968, s.8)",
    "Assault occasioning actual bodily harm (Offences against the Person Act 1861, s.47)",
    "Manslaughter",
    "Arson with intent to endanger life (Criminal Damage Act 1971, s.1(2))",
];
const OTHER_OFFENCES: &[&str] = &[
    "Harassment (Protection from Harassment Act 1997, s.4)",
    "Stalking involving fear of violence (Protection from Harassment Act 1997, s.4A)",
    "Threats to kill (Offences against the Person Act 1861, s.16)",
];
const COURTS: &[&str] =
    &["Northborough Crown Court", "Eastwick Crown Court", "Riverside Magistrates' Court", "Central Criminal Court"];
const ETHNICITY_WEIGHTED: &[&str] = &[
    "W1", "W1", "W1", "W1", "W1", "W9", "W9", "W2", "B1", "B2", "B2", "B9", "A1", "A2", "A3", "A9", "M1", "M3", "O2",
    "O9",
];

/// How many people of each (category, level) for a demo of `total` people,
/// keeping every cell the London table has, however small the demo.
pub fn mix(total: usize) -> Vec<(u8, u8, usize)> {
    let london: usize = LONDON_2017_18.iter().map(|c| c.2).sum();
    LONDON_2017_18.iter().map(|&(c, l, n)| (c, l, ((n * total + london / 2) / london).max(1))).collect()
}

impl App {
    /// Creates the demo agencies, users and people unless they exist already.
    /// `progress` is called with (people loaded, people in all).
    pub async fn load_demo(
        &self,
        people: usize,
        password: &str,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<DemoSummary> {
        if self.store.agency_by_code(AGENCIES[0].0).await?.is_some() {
            return Ok(DemoSummary { created: false, people: self.store.count_nominals().await? });
        }
        let ctx = AuditCtx::system(self.now()).with_reason(Some("demo data".into()));
        let mut agency_ids = Vec::new();
        for (code, name, kind) in AGENCIES {
            let a = self
                .store
                .create_agency(&ctx, &NewAgency { code: code.to_string(), name: name.to_string(), kind: *kind })
                .await?;
            agency_ids.push(a.id);
        }
        let hash = hash_password(password)?;
        let mut user_ids = Vec::new();
        for (username, display, agency, roles) in USERS {
            let agency_id = agency_ids[AGENCIES
                .iter()
                .position(|a| a.0 == *agency)
                .ok_or_else(|| AppError::Internal("demo agency".into()))?];
            let u = NewUser {
                username: username.to_string(),
                display_name: display.to_string(),
                agency_id,
                roles: roles.to_vec(),
                password_hash: hash.clone(),
            };
            user_ids.push(self.store.create_user(&ctx, &u).await?);
        }
        let ids = DemoIds {
            police: agency_ids[0],
            probation: agency_ids[1],
            housing: agency_ids[6],
            police_manager: user_ids[0],
            police_supervisor: user_ids[1],
            reception: user_ids[2],
            probation_manager: user_ids[5],
        };
        let today = self.today();
        let mut rng = Rng(0x4D41_5050_4120_4445);
        let plan: Vec<(u8, u8)> =
            mix(people).into_iter().flat_map(|(c, l, n)| std::iter::repeat_n((c, l), n)).collect();
        let total = plan.len();
        let mut batch = Vec::with_capacity(250);
        for (i, (category, level)) in plan.into_iter().enumerate() {
            batch.push(person(&mut rng, &ids, i, category, level, &self.rules, today));
            if batch.len() == 250 || i + 1 == total {
                self.store.load_people(&ctx, &batch).await?;
                batch.clear();
                progress(i + 1, total);
            }
        }
        // Everyone's obligations and tasks, as the morning's sweep leaves them.
        self.store.sweep(&ctx, today, true).await?;
        let staff = crate::demo_mappa::MappaStaff {
            coordinator: user_ids[3],
            chair: user_ids[4],
            manager: user_ids[0],
            probation: user_ids[5],
            partner: user_ids[6],
            police: agency_ids[0],
        };
        let codes: Vec<&str> = AGENCIES.iter().map(|a| a.0).filter(|c| *c != "POL-KNT").collect();
        self.load_mappa_demo(&staff, &codes).await?;
        self.load_victims_demo(user_ids[0], user_ids[11]).await?;
        self.load_protection_demo(user_ids[0]).await?;
        Ok(DemoSummary { created: true, people: total as i64 })
    }
}

struct DemoIds {
    police: AgencyId,
    probation: AgencyId,
    housing: AgencyId,
    police_manager: UserId,
    police_supervisor: UserId,
    reception: UserId,
    probation_manager: UserId,
}

fn person(
    rng: &mut Rng,
    ids: &DemoIds,
    i: usize,
    category: u8,
    level: u8,
    rules: &RulesConfig,
    today: Date,
) -> PersonBundle {
    // Category 1 cases are police-managed; 2 and 3 probation-led (the usual split).
    let police_led = category == 1;
    let gender = if rng.chance(if category == 1 { 97 } else { 90 }) { Gender::Male } else { Gender::Female };
    let first = if gender == Gender::Male { *rng.pick(MALE) } else { *rng.pick(FEMALE) };
    let forenames = if rng.chance(40) { format!("{first} {}", rng.pick(MIDDLE)) } else { first.to_string() };
    let surname = rng.pick(SURNAMES).to_string();
    // The index disposal, at least a year before today: for a registered
    // person with a fixed notification period (under 30 months' custody:
    // 10 years, NOTIF-1), recent enough that they are still subject.
    let (offence, sentence, s3, s15) = match category {
        1 => (rng.pick(SEXUAL_OFFENCES), custodial(rng, SentenceType::Imprisonment, 6, 96), true, rng.chance(60)),
        2 => (rng.pick(VIOLENT_OFFENCES), custodial(rng, SentenceType::Imprisonment, 12, 180), false, true),
        _ => (rng.pick(OTHER_OFFENCES), custodial(rng, SentenceType::Imprisonment, 6, 48), false, false),
    };
    let term = sentence.term_months.unwrap_or(0);
    let years_ago = |y: i64| today.checked_sub(jiff::Span::new().years(y)).unwrap_or(today);
    let earliest = if category == 1 && term < 30 { years_ago(9) } else { date(2005, 1, 1) };
    let conviction = rng.date_between(earliest, years_ago(1));
    // Remanded in custody from conviction to sentence.
    let sentence_date = conviction.checked_add(jiff::Span::new().days(rng.below(42) as i64)).unwrap_or(conviction);
    // Adults when convicted, so no period is halved (NOTIF-2).
    let adult_by = conviction.checked_sub(jiff::Span::new().years(18)).unwrap_or(conviction);
    let dob = rng.date_between(date(1945, 1, 1), adult_by.min(date(2006, 12, 31)));
    let mut other_names = Vec::new();
    if rng.chance(25) {
        other_names.push(OtherName { kind: NameKind::Nickname, name: rng.pick(NICKNAMES).to_string() });
    }
    if rng.chance(15) {
        other_names.push(OtherName { kind: NameKind::Alias, name: format!("{} {}", first, rng.pick(SURNAMES)) });
    }
    let year = 2000 + (i % 24) as u32;
    let serial = 100_000 + i as u32 * 7 % 9_000_000;
    let mut identifiers = vec![Identifier {
        kind: IdentifierKind::Pnc,
        value: format!("{year:04}/{serial:07}{}", pnc_check_char(year % 100, serial)),
    }];
    if !police_led || rng.chance(30) {
        identifiers.push(Identifier {
            kind: IdentifierKind::ProbationCrn,
            value: format!("{}{:06}", ['X', 'Y', 'Z'][i % 3], 100_000 + i),
        });
    }
    let mut pc = ProtectedCharacteristics::default();
    let answer = |rng: &mut Rng, c: Characteristic, answered: &[&str]| -> Answer {
        match rng.below(10) {
            0 => Answer::NotAsked,
            1 => Answer::Declined,
            _ => {
                let code = *rng.pick(answered);
                debug_assert!(c.label_of(code).is_some());
                Answer::Answered(code.to_string())
            }
        }
    };
    pc.ethnicity = answer(rng, Characteristic::Ethnicity, ETHNICITY_WEIGHTED);
    pc.religion = answer(
        rng,
        Characteristic::Religion,
        &[
            "no_religion",
            "no_religion",
            "christian",
            "christian",
            "muslim",
            "hindu",
            "sikh",
            "jewish",
            "buddhist",
            "other",
        ],
    );
    pc.disability =
        answer(rng, Characteristic::Disability, &["no", "no", "no", "yes_limited_a_little", "yes_limited_a_lot"]);
    pc.sexual_orientation = answer(
        rng,
        Characteristic::SexualOrientation,
        &["heterosexual", "heterosexual", "heterosexual", "gay_or_lesbian", "bisexual"],
    );
    pc.gender_identity = answer(
        rng,
        Characteristic::GenderIdentity,
        &[
            "same_as_sex_registered_at_birth",
            "same_as_sex_registered_at_birth",
            "same_as_sex_registered_at_birth",
            "different_from_sex_registered_at_birth",
        ],
    );
    pc.nationality = answer(
        rng,
        Characteristic::Nationality,
        &["GB", "GB", "GB", "GB", "IE", "PL", "RO", "NG", "GH", "PK", "IN", "SO", "JM", "LT"],
    );
    pc.first_language = answer(
        rng,
        Characteristic::FirstLanguage,
        &["eng", "eng", "eng", "eng", "pol", "ron", "urd", "ben", "som", "yor", "pan", "lit"],
    );
    pc.interpreter_needed = match pc.first_language.code() {
        "eng" => Answer::Answered("no".into()),
        "not_asked" => Answer::NotAsked,
        _ => Answer::Answered(if rng.chance(40) { "yes" } else { "no" }.into()),
    };
    let details = NominalDetails {
        surname,
        forenames,
        date_of_birth: dob,
        other_dates_of_birth: if rng.chance(5) {
            vec![dob.checked_add(jiff::Span::new().days(1 + rng.below(400) as i64)).unwrap_or(dob)]
        } else {
            vec![]
        },
        gender,
        other_names,
        identifiers,
        physical_description: PhysicalDescription {
            height_cm: Some(if gender == Gender::Male { 160 + rng.below(35) } else { 150 + rng.below(30) } as u16),
            build: Some(*rng.pick(Build::ALL)),
            eye_colour: Some(rng.pick(&["Brown", "Blue", "Green", "Hazel", "Grey"]).to_string()),
            hair_colour: Some(rng.pick(&["Black", "Brown", "Fair", "Grey", "Red", "Shaved"]).to_string()),
            distinguishing_marks: rng.chance(30).then(|| {
                rng.pick(&[
                    "Tattoo of a rose on left forearm",
                    "Scar above right eyebrow",
                    "Pierced left ear",
                    "Tattoo of lettering on knuckles",
                ])
                .to_string()
            }),
        },
        protected_characteristics: pc,
    };
    let disposal = Disposal {
        id: ItemId::new(),
        kind: DisposalKind::Conviction,
        date: conviction,
        sentence_date: Some(sentence_date),
        court: Some(rng.pick(COURTS).to_string()),
        schedule_3: s3,
        schedule_15: s15,
        murder: false,
        terrorism: false,
        // Only the Level 2 and 3 cases are marked, so that the demo's task
        // lists are not all DIS-6 consideration.
        child_sex_offence: s3 && offence.contains("child") && level >= 2,
        sentence,
        offences: vec![Offence {
            description: offence.to_string(),
            offence_date: None,
            schedule_3: s3,
            schedule_15: s15,
            murder: false,
            terrorism: false,
            child_sex_offence: s3 && offence.contains("child") && level >= 2,
        }],
    };
    let (town, district) = *rng.pick(TOWNS);
    let mut home = |rng: &mut Rng, from: Date, fixed: bool| -> Address {
        if fixed {
            Address {
                id: ItemId::new(),
                kind: AddressKind::Home,
                line1: Some(format!("{} {}", 1 + rng.below(180), rng.pick(STREETS))),
                line2: None,
                town: Some(town.into()),
                postcode: Some(format!(
                    "{district}{} {}{}{}",
                    1 + rng.below(20),
                    rng.below(10),
                    (b'A' + rng.below(26) as u8) as char,
                    (b'A' + rng.below(26) as u8) as char
                )),
                place_description: None,
                from,
                to: None,
            }
        } else {
            Address {
                id: ItemId::new(),
                kind: AddressKind::NoFixedAbode,
                line1: None,
                line2: None,
                town: Some(town.into()),
                postcode: None,
                place_description: Some(rng.pick(NFA_PLACES).to_string()),
                from,
                to: None,
            }
        }
    };
    let staff = Staff {
        reception: ids.reception,
        police_manager: ids.police_manager,
        police_officer_name: USERS[0].1,
        probation_manager: ids.probation_manager,
        assessor: (USERS[5].1, AGENCIES[1].1),
    };
    let sentenced = Sentenced {
        convicted: conviction,
        sentence_date,
        custodial_months: term,
        registered: category == 1,
        higher_level: level > 1,
    };
    let mut history = history(rng, &sentenced, &staff, rules, today, &mut home);
    if history.addresses.is_empty() {
        // In custody: the home they had before.
        let before = rng.date_between(date(2000, 1, 1).max(dob), conviction);
        history.addresses.push(home(rng, before, true));
    }
    let owner = if police_led { ids.police } else { ids.probation };
    // The demo's named managers hold a caseload of a realistic size.
    let manager = match (police_led, i % 150) {
        (true, 0) | (true, 1) => Some(ids.police_manager),
        (false, 2) | (false, 3) | (false, 4) | (false, 5) => Some(ids.probation_manager),
        _ => None,
    };
    let decided_by = if police_led { ids.police_supervisor } else { ids.probation_manager };
    let start = rng.date_between(conviction, today);
    let decisions = vec![
        (
            ValidDecision {
                kind: DecisionKind::Category,
                value: Some(category),
                rationale: category_rationale(category).into(),
                effective_date: start,
            },
            decided_by,
        ),
        (
            ValidDecision {
                kind: DecisionKind::Level,
                value: Some(level),
                rationale: level_rationale(level).into(),
                effective_date: start,
            },
            decided_by,
        ),
    ];
    let shares = if police_led && i.is_multiple_of(40) {
        vec![(
            ids.housing,
            "Registered offender housed in the borough's social housing".to_string(),
            ids.police_manager,
        )]
    } else {
        vec![]
    };
    PersonBundle {
        nominal: NewNominal {
            id: NominalId::new(),
            owning_agency: owner,
            manager,
            details,
            case: MappaCase {
                lead_agency: Some(owner),
                owning_area: Some("London".into()),
                status: history.status.unwrap_or(CaseStatus::ActiveCommunity),
                ..MappaCase::default()
            },
        },
        addresses: history.addresses,
        disposals: vec![disposal],
        decisions,
        shares,
        periods: history.periods,
        notifications: history.notifications,
        risk_assessments: history.risk_assessments,
        visits: history.visits,
        breaches: history.breaches,
        circulations: history.circulations,
    }
}

fn custodial(rng: &mut Rng, t: SentenceType, min_months: usize, max_months: usize) -> Sentence {
    Sentence {
        sentence_type: t,
        term_months: Some((min_months + rng.below(max_months - min_months + 1)) as u32),
        term_days: None,
        period_months: None,
        consecutive_to: None,
    }
}

fn category_rationale(c: u8) -> &'static str {
    match c {
        1 => "Subject to notification requirements under Part 2 of the Sexual Offences Act 2003 (CAT-1).",
        2 => "Convicted of a Schedule 15 offence and sentenced to 12 months or more (CAT-2).",
        _ => "Index offence shows the person may cause serious harm; active multi-agency management needed (CAT-3).",
    }
}

fn level_rationale(l: u8) -> &'static str {
    match l {
        1 => "Lead agency can manage the risk without formal multi-agency meetings (LVL-1).",
        2 => "High risk of serious harm; formal multi-agency meetings add value (LVL-2).",
        _ => "Senior representation needed to commit resources at short notice (LVL-3).",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_demo_reproduces_the_london_table() {
        let m = mix(10174);
        assert_eq!(m, LONDON_2017_18.to_vec());
        assert_eq!(m.iter().map(|c| c.2).sum::<usize>(), 10174);
        assert!(m.iter().all(|&(c, l, _)| !(c == 3 && l == 1)), "CAT-3a: no Category 3 at Level 1");
    }

    #[test]
    fn a_small_demo_keeps_every_cell() {
        assert!(mix(300).iter().all(|c| c.2 >= 1));
    }

    #[test]
    fn demo_people_pass_the_same_validation_as_entered_ones() {
        let ids = DemoIds {
            police: AgencyId::new(),
            probation: AgencyId::new(),
            housing: AgencyId::new(),
            police_manager: UserId::new(),
            police_supervisor: UserId::new(),
            reception: UserId::new(),
            probation_manager: UserId::new(),
        };
        let today = date(2026, 11, 23);
        let mut rng = Rng(7);
        for i in 0..500 {
            let (c, l) = [(1, 1), (2, 2), (3, 3)][i % 3];
            let p = person(&mut rng, &ids, i, c, l, &RulesConfig::default(), today);
            let input = mappa_domain::nominal::NominalInput::from_details(&p.nominal.details);
            assert_eq!(input.parse(today).unwrap(), p.nominal.details, "person {i}");
            for a in &p.addresses {
                let ai = mappa_domain::address::AddressInput {
                    kind: Some(a.kind.code().into()),
                    line1: a.line1.clone(),
                    line2: a.line2.clone(),
                    town: a.town.clone(),
                    postcode: a.postcode.clone(),
                    place_description: a.place_description.clone(),
                    from: Some(a.from.to_string()),
                    to: None,
                };
                assert_eq!(&ai.parse(a.id, today).unwrap(), a, "address of person {i}");
            }
            for (d, _) in &p.decisions {
                assert!(d.apply(&MappaCase { category: Some(c), level: Some(l), ..Default::default() }).is_ok());
            }
        }
    }
}
