use mappa_app::App;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub settings: WebSettings,
}

/// Settings of the HTTP edge.
#[derive(Clone, Debug)]
pub struct WebSettings {
    /// Mark cookies `Secure` (and use the `__Host-` prefix). Off only for the
    /// plain-HTTP loopback demo and tests.
    pub secure_cookies: bool,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self { secure_cookies: true }
    }
}

impl WebSettings {
    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies { "__Host-mappa_session" } else { "mappa_session" }
    }

    /// A `Set-Cookie` value for one of the service's cookies: the whole site,
    /// never to scripts or other sites, Secure over HTTPS; a max age of 0
    /// clears it.
    pub fn cookie(&self, name: &str, value: &str, max_age_seconds: i64) -> Option<axum::http::HeaderValue> {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}");
        axum::http::HeaderValue::from_str(&cookie).ok()
    }
}
