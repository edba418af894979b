//! Settings: defaults, then an optional TOML file, then `MAPPA_*` environment
//! variables (the database URL and bind address also come from flags).

use anyhow::{Context, Result};
use mappa_app::AppConfig;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub app: AppConfig,
    pub web: WebConfig,
    /// Local-policy and UNCONFIRMED values of the rules engine (principle 3).
    pub rules: mappa_domain::rules::RulesConfig,
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
        if let Ok(v) = std::env::var("MAPPA_SECURE_COOKIES") {
            c.web.secure_cookies = parse_bool("MAPPA_SECURE_COOKIES", &v)?;
        }
        for (name, slot) in [
            ("MAPPA_SESSION_MINUTES", &mut c.app.session_minutes),
            ("MAPPA_TOKEN_MINUTES", &mut c.app.token_minutes),
            ("MAPPA_MAX_FAILURES_PER_ACCOUNT", &mut c.app.max_failures_per_account),
            ("MAPPA_MAX_FAILURES_PER_ADDRESS", &mut c.app.max_failures_per_address),
            ("MAPPA_FAILURE_WINDOW_MINUTES", &mut c.app.failure_window_minutes),
        ] {
            if let Ok(v) = std::env::var(name) {
                *slot = v.trim().parse().with_context(|| format!("{name} must be a whole number"))?;
            }
        }
        Ok(c)
    }
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
# How long an API token lasts, in minutes (MAPPA_TOKEN_MINUTES).
token_minutes = 720
# Failed sign-ins allowed per account within the window (MAPPA_MAX_FAILURES_PER_ACCOUNT).
max_failures_per_account = 5
# Failed sign-ins allowed per network address within the window (MAPPA_MAX_FAILURES_PER_ADDRESS).
max_failures_per_address = 30
# The throttling window, in minutes (MAPPA_FAILURE_WINDOW_MINUTES).
failure_window_minutes = 15

[web]
# Mark the session cookie Secure. Turn off only for plain-HTTP local use (MAPPA_SECURE_COOKIES).
secure_cookies = true
"#;

#[cfg(test)]
mod tests {
    #[test]
    fn the_printed_defaults_are_the_defaults() {
        let parsed: super::Config = toml::from_str(&super::defaults()).unwrap();
        assert_eq!(toml::to_string(&parsed).unwrap(), toml::to_string(&super::Config::default()).unwrap());
    }
}
