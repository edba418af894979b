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
    /// Measure MAPPA instead (issue 10): this many of the people become
    /// Level 2 and 3 cases of an area with 32 local units, with five years of
    /// monthly meetings; then a partner's home page and the agency
    /// accountability report for a year are timed.
    #[arg(long)]
    meetings: Option<usize>,
    /// Measure the MAPPA annual report instead (issue 12): the people get
    /// five years of MAPPA history, breaches, orders, recalls and serious
    /// further offences in one area, then the last whole year's report (its
    /// tables and six years of trends) is timed.
    #[arg(long)]
    annual: bool,
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

    if let Some(cases) = args.meetings {
        return meetings(&app, &vol, cases, args.repeat).await;
    }
    if args.annual {
        return annual(&app, &vol, args.repeat).await;
    }
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

/// Times `f` `repeat` times: (median, worst).
async fn time<F, Fut, T>(repeat: usize, mut f: F) -> Result<(Duration, Duration)>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, mappa_app::AppError>>,
{
    let mut times = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let t = Instant::now();
        f().await.map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok((times[times.len() / 2], times[times.len() - 1]))
}

/// Issue 10's targets: a partner's home page and a year's agency
/// accountability, on an area with 32 local units and `cases` Level 2/3
/// cases with five years of monthly meetings.
async fn meetings(app: &App, vol: &mappa_store::BenchVolume, cases: usize, repeat: usize) -> Result<()> {
    let started = Instant::now();
    let m = app
        .store()
        .fill_meetings_for_benchmark(vol.agency, cases, app.today())
        .await
        .context("cannot add the meetings")?;
    println!(
        "  {} Level 2/3 cases, {} meetings, {} case discussions, {} actions in {:.1} s",
        m.cases,
        m.meetings,
        m.discussions,
        m.actions,
        started.elapsed().as_secs_f64()
    );
    app.store().refresh_statistics().await.context("cannot gather statistics")?;
    let actor = |id| async move {
        app.store().actor(id).await.ok().flatten().ok_or_else(|| anyhow::anyhow!("benchmark user missing"))
    };
    let (partner, coordinator) = (actor(m.partner).await?, actor(m.coordinator).await?);
    let today = app.today();
    let soon = today.checked_add(jiff::Span::new().days(28)).unwrap_or(today);
    println!("{repeat} runs each:");
    // What the partner's home page reads: the records shared with the agency,
    // its tasks, the meetings coming up and its actions.
    let (median, worst) = time(repeat, || async {
        app.caseload(&partner, 0, 0).await?;
        app.tasks(&partner).await?;
        app.meeting_list(&partner, today, soon).await?;
        app.actions(&partner, Some(&partner.agency_code), Some(mappa_app::ActionListStatus::Open)).await
    })
    .await?;
    println!("  a partner's home page (its reads)    median {:>9}  worst {:>9}", ms(median), ms(worst));
    let (a, _) = time(repeat, || app.caseload(&partner, 0, 0)).await?;
    let (b, _) = time(repeat, || app.tasks(&partner)).await?;
    let (c, _) = time(repeat, || app.meeting_list(&partner, today, soon)).await?;
    let (d, _) =
        time(repeat, || app.actions(&partner, Some(&partner.agency_code), Some(mappa_app::ActionListStatus::Open)))
            .await?;
    println!("    of which: shared records {}, tasks {}, meetings {}, actions {}", ms(a), ms(b), ms(c), ms(d));
    let year = mappa_app::ReportQuery { area: Some(m.area.clone()), ..Default::default() };
    let (median, worst) = time(repeat, || app.agency_accountability(&coordinator, &year)).await?;
    println!("  agency accountability for a year     median {:>9}  worst {:>9}", ms(median), ms(worst));
    app.store().close().await;
    Ok(())
}

/// Issue 12's target: an area's annual report (every table, and the trends
/// over six years) from everyone's dated events, in under a second.
async fn annual(app: &App, vol: &mappa_store::BenchVolume, repeat: usize) -> Result<()> {
    let started = Instant::now();
    let s = app
        .store()
        .fill_statistics_for_benchmark(vol.agency, vol.manager, app.today())
        .await
        .context("cannot add the statistics history")?;
    println!(
        "  {} MAPPA decisions, {} breaches, {} orders, {} recalls, {} serious further offences in {:.1} s",
        s.decisions,
        s.breaches,
        s.orders,
        s.recalls,
        s.sfos,
        started.elapsed().as_secs_f64()
    );
    app.store().refresh_statistics().await.context("cannot gather statistics")?;
    let year = mappa_domain::reports::ReportingYear::containing(app.today()).previous();
    let q = mappa_app::AnnualQuery { year: Some(year.start.to_string()), area: Some(s.area.clone()) };
    let report = app.annual_report_operator(&q, "bench").await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let counted = report.tables[0].rows[3].values.last().copied().flatten().unwrap_or(0);
    println!("{repeat} runs of the {} report ({counted} people on 31 March):", year.short_name());
    let (median, worst) = time(repeat, || app.annual_report_operator(&q, "bench")).await?;
    println!("  annual report, tables and trends      median {:>9}  worst {:>9}", ms(median), ms(worst));
    let area = app.store().area(&s.area).await?.context("the benchmark area")?;
    let (read, _) =
        time(repeat, || async { app.store().annual_report_events(area.id).await.map_err(mappa_app::AppError::from) })
            .await?;
    println!("    of which reading everyone's events  median {:>9}", ms(read));
    let t = Instant::now();
    let pdf = mappa_web::report_files::report_file(&report, mappa_web::report_files::ReportFormat::Pdf, None)
        .map_err(|_| anyhow::anyhow!("the PDF could not be made"))?;
    println!("  its PDF ({} bytes)                    {:>9}", pdf.bytes.len(), ms(t.elapsed()));
    app.store().close().await;
    Ok(())
}
