//! Assesses 100,000 synthetic people (deterministic, no real data) with the
//! rules engine. Run: `cargo bench -p mappa-domain --bench assess`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::{Date, date};
use mappa_domain::rules::{
    Disposal, DisposalKind, Facts, Interval, Licence, Notification, NotificationKind, Order, OrderType, RulesConfig,
    Sentence, SentenceType, assess,
};

/// A tiny xorshift PRNG so the population is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn date(&mut self, from_year: i16, years: u64) -> Date {
        let y = from_year + self.below(years) as i16;
        let m = 1 + self.below(12) as i8;
        let d = 1 + self.below(28) as i8;
        date(y, m, d)
    }

    fn days_after(&mut self, d: Date, max: u64) -> Date {
        d.checked_add(jiff::Span::new().days(self.below(max) as i64)).unwrap_or(d)
    }
}

const KINDS: [SentenceType; 9] = [
    SentenceType::Imprisonment,
    SentenceType::Imprisonment,
    SentenceType::Life,
    SentenceType::Dto,
    SentenceType::HospitalOrder,
    SentenceType::ConditionalDischarge,
    SentenceType::CommunityOrder,
    SentenceType::Fine,
    SentenceType::SuspendedImprisonment,
];

fn person(rng: &mut Rng, i: usize) -> Facts {
    let as_of = date(2025, 1, 15);
    let dob = rng.date(1950, 55);
    let mut disposals = Vec::new();
    for j in 0..(1 + rng.below(3)) {
        let on = rng.days_after(dob, 365 * 20).max(rng.date(2000, 24));
        let kind = KINDS[rng.below(KINDS.len() as u64) as usize];
        let mut sentence = Sentence { kind, ..Sentence::default() };
        if kind.has_term() {
            sentence.term_months = Some(1 + rng.below(60) as i64);
        }
        if kind == SentenceType::ConditionalDischarge {
            sentence.period_months = Some(1 + rng.below(36) as i64);
        }
        let caution = rng.below(10) == 0;
        disposals.push(Disposal {
            id: format!("d{i}-{j}"),
            kind: if caution { DisposalKind::Caution } else { DisposalKind::Conviction },
            date: on.min(as_of),
            schedule_3: rng.below(4) != 0,
            schedule_15: rng.below(3) == 0,
            murder: false,
            terrorism: rng.below(50) == 0,
            sentence: if caution { Sentence::default() } else { sentence },
        });
    }
    let first = disposals[0].date;
    let release = rng.days_after(first, 900).min(as_of);
    let mut orders = Vec::new();
    if rng.below(5) == 0 {
        let made = rng.date(2015, 9);
        orders.push(Order {
            id: format!("o{i}"),
            kind: [OrderType::Shpo, OrderType::Sro, OrderType::Spo][rng.below(3) as usize],
            made,
            served: Some(rng.days_after(made, 10)),
            ends: None,
            foreign_travel_prohibition_ends: None,
            breach_convictions: vec![],
        });
    }
    Facts {
        as_of,
        date_of_birth: dob,
        disposals,
        foreign_convictions: vec![],
        orders,
        custody: vec![Interval::new(first, Some(release))],
        hospital: vec![],
        abroad: if rng.below(8) == 0 {
            let from = rng.date(2021, 3);
            vec![Interval::new(from, Some(rng.days_after(from, 30)))]
        } else {
            vec![]
        },
        notifications: vec![
            Notification { date: rng.days_after(release, 3), kind: NotificationKind::Initial },
            Notification { date: rng.date(2022, 3).max(release), kind: NotificationKind::Periodic },
        ]
        .into_iter()
        .filter(|n| n.date <= as_of)
        .collect(),
        no_fixed_abode: rng.below(20) == 0,
        licence: Some(Licence { led: Some(rng.days_after(release, 1500)), sed: None }),
        category_3_decision: None,
        review_decisions: vec![],
    }
}

fn population(n: usize) -> Vec<Facts> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|i| person(&mut rng, i)).collect()
}

/// CPU time this thread has run, in nanoseconds (Linux only). Wall-clock time
/// is misleading on a shared 2-core machine; CPU time is what "on one core" means.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn assess_all(people: &[Facts], config: &RulesConfig) -> usize {
    people.iter().filter(|f| assess(black_box(f), config).notification.subject).count()
}

fn bench(c: &mut Criterion) {
    let people = population(100_000);
    let config = RulesConfig::default();
    let valid = people.iter().filter(|f| f.validate(&RulesConfig::default()).is_ok()).count();
    eprintln!("population: {} people, {valid} valid", people.len());
    // A direct figure first: the best of five passes, CPU time of this thread.
    let best = (0..5)
        .filter_map(|_| {
            let start = thread_cpu_ns()?;
            let wall = std::time::Instant::now();
            black_box(assess_all(&people, &config));
            let cpu = thread_cpu_ns()? - start;
            Some((cpu, wall.elapsed()))
        })
        .min();
    if let Some((cpu, wall)) = best {
        eprintln!(
            "assess 100,000 people: {:.1} ms CPU on one thread ({:.1} ms wall)",
            cpu as f64 / 1e6,
            wall.as_secs_f64() * 1e3
        );
    }
    let mut group = c.benchmark_group("rules");
    group.sample_size(10);
    group.bench_function("assess_100k_people", |b| b.iter(|| black_box(assess_all(&people, &config))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
