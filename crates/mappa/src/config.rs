//! Settings: defaults, then an optional TOML file, then `MAPPA_*` environment
//! variables (the database URL and bind address also come from flags).

use anyhow::{Context, Result};
use mappa_app::AppConfig;
use mappa_domain::audit::AuditKey;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub app: AppConfig,
    pub web: WebConfig,
    /// Local-policy and UNCONFIRMED values of the rules engine (principle 3).
    pub rules: mappa_domain::rules::RulesConfig,
    pub audit: AuditConfig,
}

/// Where the key that authenticates the audit trail is kept.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditConfig {
    /// A file holding the audit key (64 hexadecimal digits), outside the database.
    pub key_file: Option<std::path::PathBuf>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    pub secure_cookies: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { secure_cookies: true }
    }
}

impl Config {
    pub fn load(file: Option<&std::path::Path>) -> Result<Config> {
        let mut c = match file {
            None => Config::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the config file {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("the config file {} is not valid", path.display()))?
            }
        };
        if let Ok(v) = std::env::var("MAPPA_AUDIT_KEY_FILE") {
            c.audit.key_file = Some(v.into());
        }
        if let Ok(v) = std::env::var("MAPPA_SECURE_COOKIES") {
            c.web.secure_cookies = parse_bool("MAPPA_SECURE_COOKIES", &v)?;
        }
        for (name, slot) in [
            ("MAPPA_SESSION_MINUTES", &mut c.app.session_minutes),
            ("MAPPA_SESSION_IDLE_MINUTES", &mut c.app.session_idle_minutes),
            ("MAPPA_TOKEN_MINUTES", &mut c.app.token_minutes),
            ("MAPPA_MAX_FAILURES_PER_ACCOUNT", &mut c.app.max_failures_per_account),
            ("MAPPA_MAX_FAILURES_PER_ADDRESS", &mut c.app.max_failures_per_address),
            ("MAPPA_ACCOUNT_DELAY_SECONDS", &mut c.app.account_delay_seconds),
            ("MAPPA_FAILURE_WINDOW_MINUTES", &mut c.app.failure_window_minutes),
        ] {
            if let Ok(v) = std::env::var(name) {
                *slot = v.trim().parse().with_context(|| format!("{name} must be a whole number"))?;
            }
        }
        Ok(c)
    }
}

impl Config {
    /// The audit key, from the file the configuration names.
    pub fn audit_key(&self) -> Result<AuditKey> {
        match &self.audit.key_file {
            Some(path) => read_key(path),
            None => anyhow::bail!(
                "no audit key is configured: write one with `mappa audit new-key FILE`, keep it outside the database, \
                 and name it with MAPPA_AUDIT_KEY_FILE (or audit.key_file in the config file)"
            ),
        }
    }
}

/// Reads an audit key file.
pub fn read_key(path: &Path) -> Result<AuditKey> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "cannot read the audit key file {}: give the file the database's audit trail was written with, or for a new database write one with `mappa audit new-key FILE`",
            path.display()
        )
    })?;
    AuditKey::from_hex(&text).with_context(|| format!("the audit key file {} is not usable", path.display()))
}

/// Writes a fresh random audit key to a new file, readable by its owner only;
/// an existing file is never overwritten (its key may be the only one that
/// verifies a trail).
pub fn write_new_key(path: &Path) -> Result<AuditKey> {
    use std::io::Write;
    let key = AuditKey::from_bytes(rand::random::<[u8; 32]>());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| {
        format!("cannot create the audit key file {} (an existing file is never replaced)", path.display())
    })?;
    writeln!(file, "{}", key.to_hex()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(key)
}

fn parse_bool(name: &str, v: &str) -> Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => anyhow::bail!("{name} must be true or false"),
    }
}

/// Every setting with its default and meaning, as a TOML file to start from.
pub fn defaults() -> String {
    let rules = toml::to_string(&Config::default().rules).unwrap_or_default();
    let mut out = String::from(DEFAULTS);
    out.push_str(RULES_HEADER);
    for line in rules.lines() {
        // Sections of the rules configuration sit under [rules].
        match line.strip_prefix('[') {
            Some(rest) => out.push_str(&format!("[rules.{rest}\n")),
            None => out.push_str(&format!("{line}\n")),
        }
    }
    out
}

const RULES_HEADER: &str = "
# The rules engine (shared/domain/rules.md). Values the law does not fix, or that
# rules.md marks UNCONFIRMED, are configuration; every computed result names the
# settings it used. Check them against the current HMPPS MAPPA Guidance.
";

const DEFAULTS: &str = r#"# mappa configuration. Pass with --config FILE; MAPPA_* environment variables override.

[app]
# How long a browser session lasts, in minutes (MAPPA_SESSION_MINUTES).
session_minutes = 480
# A browser session not used for this many minutes ends (MAPPA_SESSION_IDLE_MINUTES).
session_idle_minutes = 30
# How long an API token lasts, in minutes (MAPPA_TOKEN_MINUTES).
token_minutes = 720
# Failed sign-ins allowed per account within the window (MAPPA_MAX_FAILURES_PER_ACCOUNT).
max_failures_per_account = 5
# Failed sign-ins from one network address within the window before its wrong passwords are
# answered slowly; other users there are never stopped (MAPPA_MAX_FAILURES_PER_ADDRESS).
max_failures_per_address = 30
# After an account's allowed failures, the first wait before its next attempt is checked, in
# seconds; it doubles with each further failure, up to the window (MAPPA_ACCOUNT_DELAY_SECONDS).
account_delay_seconds = 30
# The longest pause, in milliseconds, before answering a wrong password from a busy address.
address_pause_max_ms = 2000
# The throttling window, in minutes (MAPPA_FAILURE_WINDOW_MINUTES).
failure_window_minutes = 15
# Roles whose users must sign in with a second factor (an authenticator app's code, RFC 6238),
# for example ["admin", "auditor", "manager", "supervisor"]. None by default: name yours.
second_factor_roles = []

[web]
# Mark the session cookie Secure. Turn off only for plain-HTTP local use (MAPPA_SECURE_COOKIES).
secure_cookies = true

[audit]
# The file holding the key that authenticates every audit record (HMAC-SHA-256),
# kept outside the database (MAPPA_AUDIT_KEY_FILE). Required; write one with
# `mappa audit new-key FILE`. `mappa demo` makes one beside its database.
# key_file = "/etc/mappa/audit.key"
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_printed_defaults_are_the_defaults() {
        let parsed: super::Config = toml::from_str(&super::defaults()).unwrap();
        assert_eq!(toml::to_string(&parsed).unwrap(), toml::to_string(&super::Config::default()).unwrap());
    }
}
