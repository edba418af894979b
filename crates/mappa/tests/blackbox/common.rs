//! The black-box harness: the real server on a free port with a fresh database
//! (SQLite always, PostgreSQL when MAPPA_TEST_POSTGRES_URL is set), spoken to
//! over HTTP only.

pub use mappa_app::{App, AppConfig, SystemClock};
use mappa_store::Store;
pub use mappa_store::testing::{TestDatabase, granted};
use mappa_web::{AppState, Server, WebSettings};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    pub app: App,
}

pub async fn start(url: &str, config: AppConfig) -> TestServer {
    let store = Store::connect(url).await.unwrap().with_audit_key(mappa_store::testing::audit_key());
    let app = App::new(store, config, Arc::new(SystemClock));
    let server =
        Server::bind("127.0.0.1:0", AppState { app: app.clone(), settings: WebSettings { secure_cookies: false } })
            .await
            .unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        server.run_until(async { rx.await.unwrap_or(()) }).await.unwrap();
    });
    TestServer {
        base,
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        stop: Some(tx),
        task,
        app,
    }
}

impl TestServer {
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = self.task.await;
        self.app.store().close().await;
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn token(&self, username: &str) -> String {
        let r = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({"username": username, "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "token for {username}");
        r.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_string()
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        self.call(reqwest::Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        self.call(reqwest::Method::POST, path, token, Some(body)).await
    }
}

/// Two police users, a probation manager, a housing partner, an analyst and an auditor.
pub async fn seed(app: &App) {
    app.add_agency("POL", "Police", "police").await.unwrap();
    app.add_agency("PRB", "Probation", "probation").await.unwrap();
    app.add_agency("HSG", "Housing", "housing").await.unwrap();
    for (u, agency, role) in [
        ("pol.manager", "POL", "manager"),
        ("pol.reception", "POL", "reception"),
        ("pol.analyst", "POL", "analyst"),
        ("pol.auditor", "POL", "auditor"),
        ("pol.admin", "POL", "admin"),
        ("prb.manager", "PRB", "manager"),
        ("hsg.partner", "HSG", "partner"),
    ] {
        app.add_user(u, None, agency, &[role.to_string()], PASSWORD).await.unwrap();
    }
}

pub fn person() -> Value {
    json!({
        "surname": "Adebayo", "forenames": "Tobi", "date_of_birth": "1988-02-29", "gender": "male",
        "other_names": [{"kind": "nickname", "name": "TJ"}],
        "identifiers": [{"kind": "ni_number", "value": "AB123456C"}],
        "protected_characteristics": {"ethnicity": "B2", "religion": "declined"}
    })
}

/// Runs the body once per configured backend, each with a fresh database.
#[macro_export]
macro_rules! every_backend {
    ($name:ident, |$s:ident, $db:ident| $body:block) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            for $db in $crate::common::TestDatabase::all().await {
                let $s = $crate::common::start(&$db.url, $crate::common::AppConfig::default()).await;
                $crate::common::seed(&$s.app).await;
                $body
                $db.cleanup().await.unwrap();
            }
        }
    };
}

pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let at = html.find(marker).expect("the page has a form token") + marker.len();
    html[at..].split('"').next().unwrap().to_string()
}

/// A browser-like client signed in through the sign-in form.
pub async fn signed_in(s: &TestServer, username: &str) -> reqwest::Client {
    let c = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let r = c.post(s.url("/sign-in")).form(&[("username", username), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{username} signs in");
    c
}

/// A page's status and text, as `c` gets it.
pub async fn page(c: &reqwest::Client, s: &TestServer, path: &str) -> (StatusCode, String) {
    let r = c.get(s.url(path)).send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}
