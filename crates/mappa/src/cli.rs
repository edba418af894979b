//! Command-line interface. The forms of these commands are part of the
//! product's interface: scripts and operators rely on them.

use crate::config::{Config, defaults, read_key, write_new_key};
use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use mappa_app::{App, AppError, SystemClock};
use mappa_domain::audit::{AuditAnchor, AuditKey};
use mappa_store::{Store, VerifyReport};
use mappa_web::{AppState, Server, WebSettings};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const DEFAULT_BIND: &str = "127.0.0.1:8080";
const DEFAULT_DEMO_DB: &str = "sqlite://mappa-demo.db";

#[derive(Parser)]
#[command(
    name = "mappa",
    version,
    about = "Multi-agency public protection: records shared on a need-to-know basis, every change audited"
)]
pub struct Cli {
    /// A TOML settings file (see `mappa config print-defaults`).
    #[arg(long, global = true, env = "MAPPA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        #[arg(long, env = "MAPPA_BIND", default_value = DEFAULT_BIND)]
        bind: String,
    },
    /// Create (or reuse) a demo database with synthetic data, then run the server.
    Demo {
        #[arg(long, env = "MAPPA_DATABASE_URL", default_value = DEFAULT_DEMO_DB)]
        database_url: String,
        #[arg(long, env = "MAPPA_BIND", default_value = DEFAULT_BIND)]
        bind: String,
        /// How many people to generate (the default is London's 2017/18 total).
        #[arg(long, default_value_t = 10174)]
        people: usize,
    },
    /// Create the database if needed and bring its schema up to date (as the
    /// schema's owner on PostgreSQL).
    Migrate {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
    },
    /// The database's roles.
    Database {
        #[command(subcommand)]
        command: DatabaseCommand,
    },
    /// Agencies.
    Agency {
        #[command(subcommand)]
        command: AgencyCommand,
    },
    /// MAPPA areas and their local units.
    Area {
        #[command(subcommand)]
        command: crate::cli_areas::AreaCommand,
    },
    /// Level 2 and Level 3 panels.
    Panel {
        #[command(subcommand)]
        command: crate::cli_areas::PanelCommand,
    },
    /// User accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Settings.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Work out everyone's obligations and make the day's tasks (the server
    /// also runs this daily). Running it twice creates nothing twice.
    Sweep {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// The day to sweep as of (YYYY-MM-DD); default today in the UK.
        #[arg(long)]
        as_of: Option<String>,
        /// Work everyone out again, not only those due a look (after changing
        /// the [rules] settings).
        #[arg(long)]
        full: bool,
    },
    /// Measure the compliance list and the sweep on a generated database.
    Bench(crate::bench::BenchArgs),
    /// Reports from the stored events.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// The statutory rules engine.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// The MAPPA annual report's statistics tables for an area and year.
    Annual {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// The year the reporting year starts in (2017: 1 April 2017 to 31 March 2018).
        #[arg(long)]
        year: String,
        /// The area's code.
        #[arg(long)]
        area: String,
        /// csv, xlsx or pdf.
        #[arg(long, default_value = "csv")]
        format: String,
        /// With csv, one table's key; by default every table.
        #[arg(long)]
        table: Option<String>,
        /// Where to write the file; by default its own name in this folder
        /// (a CSV without --out goes to standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Read facts as JSON (from FILE, or standard input) and print the assessment as JSON.
    Assess { file: Option<PathBuf> },
}

#[derive(Subcommand)]
enum AgencyCommand {
    /// Add an agency.
    Add {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// Short code, e.g. MPS or NPS-LDN.
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// police, probation, prison, youth_offending, health, mental_health, housing,
        /// childrens_social_care, adult_social_care, education, jobcentre, immigration,
        /// electronic_monitoring or other.
        #[arg(long)]
        kind: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user account; the password is read from standard input.
    Add {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        #[arg(long)]
        username: String,
        /// The person's name as shown in pages and audit trails (defaults to the username).
        #[arg(long)]
        name: Option<String>,
        /// The agency's code.
        #[arg(long)]
        agency: String,
        /// A role; repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Subcommand)]
enum DatabaseCommand {
    /// PostgreSQL: let ROLE run the server, reading and writing case data but
    /// only reading and adding audit records. Run as the schema's owner.
    GrantServerRole {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the audit chain under the audit key; exit non-zero naming the
    /// first record that fails.
    Verify {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
        /// An anchor printed earlier by `mappa audit anchor`: the chain must
        /// still hold the record it names, unchanged.
        #[arg(long)]
        anchor: Option<PathBuf>,
    },
    /// Print a signed statement of the chain's head (sequence, MAC, time) to
    /// keep or publish outside the database.
    Anchor {
        #[arg(long, env = "MAPPA_DATABASE_URL")]
        database_url: String,
    },
    /// Write a fresh random audit key to a new file (never replacing one).
    NewKey { file: PathBuf },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Print every setting with its default and meaning.
    PrintDefaults,
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAPPA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

async fn app(database_url: &str, config: &Config) -> Result<App> {
    app_with_key(database_url, config, config.audit_key()?).await
}

/// Opens the database with the audit key, refusing to go on if the key does
/// not verify the trail already written (principle 1).
async fn app_with_key(database_url: &str, config: &Config, key: AuditKey) -> Result<App> {
    let store = audited_store(database_url, key).await?;
    Ok(App::new(store, config.app.clone(), Arc::new(SystemClock)).with_rules(config.rules.clone()))
}

async fn audited_store(database_url: &str, key: AuditKey) -> Result<Store> {
    let store = Store::connect(database_url).await.context("cannot open the database")?.with_audit_key(key);
    store.check_audit_key().await.context("cannot start")?;
    Ok(store)
}

/// The demo's audit key: the configured one, or a file beside its SQLite
/// database (in this folder for PostgreSQL), made on first run.
fn demo_key(database_url: &str, config: &Config) -> Result<AuditKey> {
    if config.audit.key_file.is_some() {
        return config.audit_key();
    }
    let path = match database_url.strip_prefix("sqlite://").or_else(|| database_url.strip_prefix("sqlite:")) {
        Some(rest) => PathBuf::from(format!("{}.audit-key", rest.split('?').next().unwrap_or(rest))),
        None => PathBuf::from("mappa-demo.audit-key"),
    };
    if path.exists() { read_key(&path) } else { write_new_key(&path) }
}

/// A use case's refusal as a sentence for the terminal.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(v) => anyhow::anyhow!(
            "{}",
            v.0.iter().map(|f| format!("{}: {}", f.field, f.message)).collect::<Vec<_>>().join("\n       ")
        ),
        AppError::Conflict(c) => anyhow::anyhow!("{}", AppError::conflict_message(c)),
        other => anyhow::anyhow!("{other}"),
    }
}

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { database_url, bind } => {
            init_logging();
            let app = app(&database_url, &config).await?;
            serve(app, &bind, WebSettings { secure_cookies: config.web.secure_cookies }, |url| {
                println!("mappa is listening on {url}");
            })
            .await?;
        }
        Command::Demo { database_url, bind, people } => {
            init_logging();
            let loopback = bind.starts_with("127.") || bind.starts_with("localhost:") || bind.starts_with("[::1]");
            if !loopback {
                bail!(
                    "the demo has well-known passwords, so it listens only on this machine: use --bind 127.0.0.1:PORT"
                );
            }
            let password = std::env::var("MAPPA_DEMO_PASSWORD").unwrap_or_else(|_| "demo-password".into());
            let key = demo_key(&database_url, &config)?;
            let app = app_with_key(&database_url, &config, key).await.context(
                "the demo database was made with another audit key (or before audit records were keyed): delete it to start afresh",
            )?;
            let bar = indicatif::ProgressBar::new(people as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} people")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message("Creating synthetic demo data");
            let summary = app
                .load_demo(people, &password, |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                })
                .await
                .map_err(explain)?;
            bar.finish_and_clear();
            if summary.created {
                println!("Created a demo database with {} synthetic people ({database_url}).", summary.people);
            } else {
                println!(
                    "Reusing the demo database ({database_url}, {} people). Delete it and its audit key to start again.",
                    summary.people
                );
            }
            // Plain HTTP on this machine only, so the cookie cannot be Secure.
            let settings = WebSettings { secure_cookies: false };
            serve(app, &bind, settings, |url| {
                println!();
                println!("mappa demo: open {url}");
                println!();
                println!("Sign in as any of these users, each with the password: {password}");
                if config.app.second_factor_roles.is_empty() {
                    println!("(The second factor is off in the demo: set app.second_factor_roles to require it.)");
                }
                for (username, name, agency, roles) in mappa_app::demo::USERS {
                    let roles: Vec<&str> = roles.iter().map(|r| r.label()).collect();
                    println!("  {username:<12} {name:<14} {:<26} {agency}", roles.join(", "));
                }
                println!();
                println!("API: POST {url}/api/v1/auth/token with {{\"username\": \"manager\", \"password\": \"{password}\"}}; docs at {url}/api/v1/openapi.json");
                println!("Press Ctrl+C to stop.");
            })
            .await?;
        }
        Command::Migrate { database_url } => {
            let store = Store::connect(&database_url).await.context("cannot open the database")?;
            store.close().await;
            println!("The database is up to date.");
        }
        Command::Database { command: DatabaseCommand::GrantServerRole { database_url, role } } => {
            let store = Store::connect(&database_url).await.context("cannot open the database")?;
            store.grant_server_role(&role).await.context("cannot grant the role")?;
            store.close().await;
            println!("{role} may now run the server: it reads and adds audit records but cannot change them.");
        }
        Command::Agency { command: AgencyCommand::Add { database_url, code, name, kind } } => {
            let app = app(&database_url, &config).await?;
            let a = app.add_agency(&code, &name, &kind).await.map_err(explain)?;
            println!("Added agency {} ({}).", a.code, a.name);
        }
        Command::Area { command } => {
            let app = app(command.database_url(), &config).await?;
            println!("{}", crate::cli_areas::area(&app, command).await.map_err(explain)?);
        }
        Command::Panel { command } => {
            let app = app(command.database_url(), &config).await?;
            println!("{}", crate::cli_areas::panel(&app, command).await.map_err(explain)?);
        }
        Command::User { command: UserCommand::Add { database_url, username, name, agency, roles, password_stdin } } => {
            if !password_stdin {
                bail!("give --password-stdin and the password on standard input");
            }
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password).context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\n', '\r']);
            let app = app(&database_url, &config).await?;
            app.add_user(&username, name.as_deref(), &agency, &roles, password).await.map_err(explain)?;
            println!("Added user {}.", username.trim().to_lowercase());
        }
        Command::Audit { command: AuditCommand::Verify { database_url, anchor } } => {
            let anchor =
                match &anchor {
                    None => None,
                    Some(path) => {
                        let text = std::fs::read_to_string(path)
                            .with_context(|| format!("cannot read the anchor {}", path.display()))?;
                        Some(serde_json::from_str::<AuditAnchor>(&text).with_context(|| {
                            format!("{} is not an anchor from `mappa audit anchor`", path.display())
                        })?)
                    }
                };
            let store = Store::open(&database_url).await.context("cannot open the database")?;
            let store = store.with_audit_key(config.audit_key()?);
            match store.verify_audit_chain(anchor.as_ref()).await.context("cannot read the audit trail")? {
                VerifyReport::Intact { records } => match &anchor {
                    None => println!("The audit chain is intact: {records} records verified."),
                    Some(a) => println!(
                        "The audit chain is intact: {records} records verified, including record {} as anchored at {}.",
                        a.seq, a.at
                    ),
                },
                VerifyReport::Broken(b) => {
                    eprintln!("The audit chain is broken: {b}");
                    return Ok(ExitCode::FAILURE);
                }
                VerifyReport::ForgedAnchor => {
                    eprintln!("The anchor was not signed with this audit key, or has been altered.");
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Audit { command: AuditCommand::Anchor { database_url } } => {
            let store = Store::open(&database_url).await.context("cannot open the database")?;
            let store = store.with_audit_key(config.audit_key()?);
            let anchor = store.audit_anchor(jiff::Timestamp::now()).await.context("cannot read the audit trail")?;
            println!("{}", serde_json::to_string(&anchor)?);
        }
        Command::Audit { command: AuditCommand::NewKey { file } } => {
            write_new_key(&file)?;
            println!(
                "Wrote a new audit key to {}. Keep it outside the database and name it with MAPPA_AUDIT_KEY_FILE.",
                file.display()
            );
        }
        Command::Sweep { database_url, as_of, full } => {
            let as_of = match as_of.as_deref() {
                Some(raw) => Some(
                    mappa_domain::values::parse_date("as_of", "--as-of", raw)
                        .map_err(|e| anyhow::anyhow!(e.message))?,
                ),
                None => None,
            };
            let app = app(&database_url, &config).await?;
            let r = app.sweep(as_of, full).await.map_err(explain)?;
            println!(
                "Swept as of {}: {} people worked out ({} obligations); {} tasks created, {} resolved.",
                r.as_of, r.people, r.obligations_written, r.tasks_created, r.tasks_resolved
            );
            if r.problems > 0 {
                println!("{} people have stored facts the rules engine cannot accept; see their records.", r.problems);
            }
        }
        Command::Bench(args) => crate::bench::run(args, &config).await?,
        Command::Report { command: ReportCommand::Annual { database_url, year, area, format, table, out } } => {
            let format = mappa_web::report_files::ReportFormat::parse(&format).map_err(|e| explain(e.into()))?;
            let app = app(&database_url, &config).await?;
            let q = mappa_app::AnnualQuery { year: Some(year), area: Some(area) };
            let view = app.annual_report_operator(&q, format.code()).await.map_err(explain)?;
            let file =
                mappa_web::report_files::report_file(&view, format, table.as_deref()).map_err(|e| explain(e.into()))?;
            match out {
                None if format == mappa_web::report_files::ReportFormat::Csv => {
                    use std::io::Write;
                    std::io::stdout().write_all(&file.bytes)?;
                }
                out => {
                    let path = out.unwrap_or_else(|| PathBuf::from(&file.name));
                    std::fs::write(&path, &file.bytes)?;
                    println!("Wrote {}.", path.display());
                }
            }
        }
        Command::Config { command: ConfigCommand::PrintDefaults } => print!("{}", defaults()),
        Command::Rules { command: RulesCommand::Assess { file } } => {
            let json = match &file {
                Some(path) => {
                    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
                }
                None => {
                    let mut s = String::new();
                    std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                        .context("cannot read the facts from standard input")?;
                    s
                }
            };
            // The engine needs no database: configuration only.
            match mappa_domain::rules::Facts::from_json(&json, &config.rules) {
                Ok(facts) => {
                    let a = mappa_domain::rules::assess(&facts, &config.rules);
                    println!("{}", serde_json::to_string_pretty(&a)?);
                }
                Err(e) => {
                    for p in &e.problems {
                        eprintln!("error: {} {} ({})", p.path, p.message, p.code);
                    }
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn serve(app: App, bind: &str, settings: WebSettings, announce: impl FnOnce(String)) -> Result<()> {
    tokio::spawn(daily_sweep(app.clone()));
    let server =
        Server::bind(bind, AppState { app, settings }).await.with_context(|| format!("cannot listen on {bind}"))?;
    let addr = server.local_addr()?;
    announce(format!("http://{addr}"));
    server
        .run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// The server's daily sweep: once at start-up, then shortly after each UK
/// midnight. A failure is logged (counts and error kind only) and retried
/// the next day; tasks are never made twice, so a repeat is harmless.
async fn daily_sweep(app: App) {
    loop {
        match app.sweep(None, false).await {
            Ok(r) => tracing::info!(
                people = r.people,
                tasks_created = r.tasks_created,
                tasks_resolved = r.tasks_resolved,
                problems = r.problems,
                "daily sweep done"
            ),
            Err(e) => tracing::error!(error = %e, "daily sweep failed"),
        }
        tokio::time::sleep(until_next_uk_day(app.now())).await;
    }
}

/// Time from `now` to five minutes past the next midnight in the UK.
fn until_next_uk_day(now: jiff::Timestamp) -> std::time::Duration {
    let next = jiff::tz::TimeZone::get("Europe/London").ok().and_then(|tz| {
        let tomorrow = now.to_zoned(tz.clone()).date().tomorrow().ok()?;
        tomorrow.at(0, 5, 0, 0).to_zoned(tz).ok()
    });
    next.and_then(|z| std::time::Duration::try_from(now.duration_until(z.timestamp())).ok())
        .unwrap_or(std::time::Duration::from_secs(24 * 3600))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_next_sweep_is_just_after_uk_midnight() {
        // 22:00 UTC on 30 June is 23:00 in London (BST): the next UK day
        // starts an hour later.
        let now: jiff::Timestamp = "2026-06-30T22:00:00Z".parse().unwrap();
        assert_eq!(super::until_next_uk_day(now).as_secs(), 3600 + 5 * 60);
        let now: jiff::Timestamp = "2026-12-31T12:00:00Z".parse().unwrap();
        assert_eq!(super::until_next_uk_day(now).as_secs(), 12 * 3600 + 5 * 60);
    }
}
