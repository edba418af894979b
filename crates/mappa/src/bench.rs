//! `mappa bench`: the speed targets, measured on a generated
//! database (never by timed assertions in tests).

use crate::config::Config;
use anyhow::{Context, Result};
use mappa_app::{App, SystemClock};
use mappa_domain::access::Actor;
use mappa_domain::role::Role;
use mappa_store::{ComplianceQuery, ComplianceSort, ComplianceStatus, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// An EMPTY database to fill (it is left filled); default a fresh SQLite
    /// file in the temporary directory.
    #[arg(long)]
    database_url: Option<String>,
    /// Registered people to generate.
    #[arg(long, default_value_t = 100_000)]
    people: usize,
    /// Times to run each compliance query.
    #[arg(long, default_value_t = 30)]
    repeat: usize,
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

pub async fn run(args: BenchArgs, config: &Config) -> Result<()> {
    let (url, _dir) = match args.database_url {
        Some(u) => (u, None),
        None => {
            let dir = tempfile::tempdir().context("cannot make a temporary directory")?;
            (format!("sqlite://{}", dir.path().join("bench.db").display()), Some(dir))
        }
    };
    // The benchmark's own throwaway database takes a throwaway key.
    let key = config
        .audit
        .key_file
        .is_some()
        .then(|| config.audit_key())
        .transpose()?
        .unwrap_or_else(|| mappa_domain::audit::AuditKey::from_bytes(rand::random::<[u8; 32]>()));
    let store = Store::connect(&url).await.context("cannot open the database")?.with_audit_key(key);
    let app = App::new(store, config.app.clone(), Arc::new(SystemClock)).with_rules(config.rules.clone());
    let as_of = app.today();
    println!(
        "Generating {} people with about five years of history each ({:?})...",
        args.people,
        app.store().backend()
    );
    let started = Instant::now();
    let vol = app
        .store()
        .fill_for_benchmark(args.people, as_of, |_| {})
        .await
        .context("cannot fill the database (it must be empty)")?;
    println!(
        "  {} people, {} convictions, {} custody or abroad periods, {} notifications in {:.1} s",
        vol.people,
        vol.disposals,
        vol.periods,
        vol.notifications,
        started.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let first = app.sweep(Some(as_of), false).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let first_time = t.elapsed();
    // The next day's sweep: only those due a look are worked out again.
    let tomorrow = as_of.tomorrow().context("date out of range")?;
    let t = Instant::now();
    let second = app.sweep(Some(tomorrow), false).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let daily_time = t.elapsed();
    let t = Instant::now();
    let full = app.sweep(Some(tomorrow), true).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let full_time = t.elapsed();
    for (label, r, time) in [
        ("first (everyone new)", &first, first_time),
        ("daily (the next day)", &second, daily_time),
        ("full (everyone again)", &full, full_time),
    ] {
        println!(
            "Sweep, {label}: {:.2} s (read {} ms, engine {} ms, write {} ms; {} people worked out, {} obligations, {} tasks created, {} resolved, {} refused)",
            time.as_secs_f64(),
            r.load_ms,
            r.compute_ms,
            r.write_ms,
            r.people,
            r.obligations_written,
            r.tasks_created,
            r.tasks_resolved,
            r.problems
        );
    }

    // The statistics a database in service has for the tables the sweep filled.
    app.store().refresh_statistics().await.context("cannot gather statistics")?;
    let actor = Actor {
        user_id: vol.manager,
        username: "bench.manager".into(),
        display_name: "Benchmark manager".into(),
        agency_id: vol.agency,
        agency_code: "BENCH".into(),
        agency_name: "Benchmark police".into(),
        roles: vec![Role::Manager],
    };
    println!("Compliance list, first page of 100, {} runs each:", args.repeat);
    for (label, status, sort, area) in [
        ("overdue, by due date", ComplianceStatus::Overdue, ComplianceSort::Due, None),
        ("overdue, by name", ComplianceStatus::Overdue, ComplianceSort::Name, None),
        ("due in 14 days", ComplianceStatus::DueSoon, ComplianceSort::Due, None),
        ("overdue in one area", ComplianceStatus::Overdue, ComplianceSort::Due, Some("North".to_string())),
        ("in custody, hospital or abroad", ComplianceStatus::Away, ComplianceSort::Due, None),
    ] {
        let mut times = Vec::with_capacity(args.repeat);
        let mut total = 0;
        for _ in 0..args.repeat.max(1) {
            let q = ComplianceQuery {
                as_of,
                status,
                kinds: Vec::new(),
                away_kind: None,
                area: area.clone(),
                manager: None,
                sort,
                limit: 100,
                offset: 0,
            };
            let t = Instant::now();
            let list = app.compliance(&actor, q).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            times.push(t.elapsed());
            total = list.total;
        }
        times.sort();
        println!(
            "  {label:<32} median {:>9}  worst {:>9}  ({total} matching)",
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1])
        );
    }
    app.store().close().await;
    Ok(())
}
