use serde::{Deserialize, Serialize};

/// Settings the use cases need. Defaults suit a production deployment.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AppConfig {
    /// How long a browser session lasts without signing in again, in minutes.
    pub session_minutes: i64,
    /// A browser session not used for this many minutes ends.
    pub session_idle_minutes: i64,
    /// How long an API token lasts, in minutes.
    pub token_minutes: i64,
    /// Failed sign-ins allowed per account within the window before refusing.
    pub max_failures_per_account: i64,
    /// Failed sign-ins from one network address within the window before its
    /// wrong passwords are answered slowly (others there are not stopped).
    pub max_failures_per_address: i64,
    /// The first wait after an account's allowed failures, in seconds; it
    /// doubles with each further failure, up to the window.
    pub account_delay_seconds: i64,
    /// The longest pause before answering a wrong password from a busy address.
    pub address_pause_max_ms: u64,
    /// Roles (codes) whose users must sign in with a second factor; none by
    /// default, so that each deployment names its own.
    pub second_factor_roles: Vec<String>,
    /// The throttling window, in minutes.
    pub failure_window_minutes: i64,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_minutes: 8 * 60,
            session_idle_minutes: 30,
            token_minutes: 12 * 60,
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            account_delay_seconds: 30,
            address_pause_max_ms: 2000,
            second_factor_roles: Vec::new(),
            failure_window_minutes: 15,
        }
    }
}
