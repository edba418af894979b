//! The command line's interface, as operators and scripts use it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The test audit key's file, made once for the whole run.
fn key_file() -> &'static std::path::Path {
    static FILE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> = std::sync::OnceLock::new();
    let (_, path) = FILE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = mappa_store::testing::audit_key_file(dir.path());
        (dir, path)
    });
    path
}

fn mappa(args: &[&str], stdin: Option<&str>) -> Output {
    mappa_with_key(args, stdin, Some(key_file()))
}

fn mappa_with_key(args: &[&str], stdin: Option<&str>, key: Option<&std::path::Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mappa"));
    command.env_remove("MAPPA_AUDIT_KEY_FILE");
    if let Some(k) = key {
        command.env("MAPPA_AUDIT_KEY_FILE", k);
    }
    let mut child =
        command.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn agencies_and_users_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let ok = mappa(&["migrate", "--database-url", &url], None);
    assert!(ok.status.success(), "{}", text(&ok));
    let ok = mappa(
        &[
            "agency",
            "add",
            "--database-url",
            &url,
            "--code",
            "mps",
            "--name",
            "Metropolitan Police",
            "--kind",
            "police",
        ],
        None,
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let dup =
        mappa(&["agency", "add", "--database-url", &url, "--code", "MPS", "--name", "Again", "--kind", "police"], None);
    assert!(!dup.status.success());
    assert!(text(&dup).contains("already exists"));
    let bad_kind =
        mappa(&["agency", "add", "--database-url", &url, "--code", "X1", "--name", "X", "--kind", "spies"], None);
    assert!(!bad_kind.status.success());
    assert!(text(&bad_kind).contains("kind"));

    let ok = mappa(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--username",
            "Alice",
            "--agency",
            "MPS",
            "--role",
            "manager",
            "--role",
            "supervisor",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(ok.status.success(), "{}", text(&ok));
    let weak = mappa(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--username",
            "bob",
            "--agency",
            "MPS",
            "--role",
            "manager",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert!(!weak.status.success());
    assert!(text(&weak).contains("at least 12"));
    let no_agency = mappa(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--username",
            "carol",
            "--agency",
            "NOPE",
            "--role",
            "manager",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(text(&no_agency).contains("No agency has that code"));
    let bad_role = mappa(
        &[
            "user",
            "add",
            "--database-url",
            &url,
            "--username",
            "dan",
            "--agency",
            "MPS",
            "--role",
            "king",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(!bad_role.status.success());

    let verify = mappa(&["audit", "verify", "--database-url", &url], None);
    assert!(verify.status.success(), "{}", text(&verify));
    assert!(text(&verify).contains("2 records"), "the agency and the user creation are audited: {}", text(&verify));
}

#[test]
fn a_mistyped_database_url_is_explained() {
    let out = mappa(&["migrate", "--database-url", "postgress://localhost/x"], None);
    assert!(!out.status.success());
    assert!(text(&out).contains("postgres://"), "{}", text(&out));
}

#[test]
fn config_defaults_print() {
    let out = mappa(&["config", "print-defaults"], None);
    assert!(out.status.success());
    assert!(text(&out).contains("session_minutes = 480"));
}

const WORKED_EXAMPLE: &str = r#"{"as_of": "2025-01-15", "date_of_birth": "1990-05-01",
  "disposals": [{"id": "d1", "kind": "conviction", "date": "2019-03-04", "schedule_3": true,
                 "sentence": {"type": "imprisonment", "term_months": 24}}],
  "custody": [{"from": "2019-03-04", "to": "2020-06-01"}],
  "notifications": [{"date": "2020-06-02", "kind": "initial"}]}"#;

#[test]
fn rules_assess_reads_standard_input_or_a_file() {
    let out = mappa(&["rules", "assess"], Some(WORKED_EXAMPLE));
    assert!(out.status.success(), "{}", text(&out));
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // NOTIF-02 (s82 10 years), CONV-2, CONV-6, CONV-7: the worked example of rules.md.
    assert_eq!(a["notification"]["ends"], "2029-03-03");
    assert_eq!(a["notification"]["initial_due"], "2020-06-03");
    assert_eq!(a["notification"]["next_periodic_due"], "2021-06-02");
    assert_eq!(a["mappa"]["category"], 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.json");
    std::fs::write(&file, WORKED_EXAMPLE).unwrap();
    let from_file = mappa(&["rules", "assess", file.to_str().unwrap()], None);
    assert_eq!(from_file.stdout, out.stdout);
}

#[test]
fn rules_assess_names_the_bad_field() {
    let out =
        mappa(&["rules", "assess"], Some(r#"{"as_of": "2025-01-15", "date_of_birth": "1990-05-01", "shoe_size": 9}"#));
    assert!(!out.status.success());
    assert!(text(&out).contains("shoe_size"), "{}", text(&out));
    let out = mappa(&["rules", "assess"], Some(r#"{"as_of": "2025-01-15", "date_of_birth": "1990-02-30"}"#));
    assert!(!out.status.success());
    assert!(text(&out).contains("date_of_birth"), "{}", text(&out));
}

/// Principle 1: nothing is written without the audit key, and a key that does
/// not verify the trail already there stops the command before it writes.
#[test]
fn the_audit_key_is_required_and_must_match_the_trail() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let add = |key: Option<&std::path::Path>, code: &str| {
        mappa_with_key(
            &["agency", "add", "--database-url", &url, "--code", code, "--name", "Police", "--kind", "police"],
            None,
            key,
        )
    };
    let none = add(None, "P1");
    assert!(!none.status.success());
    assert!(
        text(&none).contains("MAPPA_AUDIT_KEY_FILE") && text(&none).contains("mappa audit new-key"),
        "{}",
        text(&none)
    );
    assert!(add(Some(key_file()), "P1").status.success());
    // A new key: written once, never replaced.
    let other = dir.path().join("other.key");
    let made = mappa(&["audit", "new-key", other.to_str().unwrap()], None);
    assert!(made.status.success(), "{}", text(&made));
    let hex = std::fs::read_to_string(&other).unwrap();
    assert_eq!(hex.trim().len(), 64);
    let again = mappa(&["audit", "new-key", other.to_str().unwrap()], None);
    assert!(!again.status.success());
    assert_eq!(std::fs::read_to_string(&other).unwrap(), hex, "the existing key is kept");
    // The wrong key refuses to write, saying so; nothing is added.
    let wrong = add(Some(&other), "P2");
    assert!(!wrong.status.success());
    assert!(text(&wrong).contains("does not match"), "{}", text(&wrong));
    let garbled = dir.path().join("garbled.key");
    std::fs::write(&garbled, "not a key").unwrap();
    let bad = add(Some(&garbled), "P2");
    assert!(!bad.status.success() && text(&bad).contains("64 hexadecimal digits"), "{}", text(&bad));
    let verify = mappa(&["audit", "verify", "--database-url", &url], None);
    assert!(verify.status.success() && text(&verify).contains("1 records verified"), "{}", text(&verify));
    let serve = mappa_with_key(&["serve", "--database-url", &url, "--bind", "127.0.0.1:0"], None, Some(&other));
    assert!(
        !serve.status.success() && text(&serve).contains("does not match"),
        "the server does not start: {}",
        text(&serve)
    );
}
