//! Signing in: passwords (Argon2id), throttling, browser sessions and API tokens.
//!
//! Session ids and API tokens are random 256-bit values shown to the client
//! once; only their SHA-256 is stored, so a copy of the database cannot be
//! replayed as a login.

use crate::App;
use crate::error::{AppError, Result};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use mappa_domain::access::Actor;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::UserId;
use mappa_store::{AuditCtx, AuditEntry, format_timestamp};
use sha2::{Digest, Sha256};

/// What the caller presents to sign in.
pub struct SignInAttempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    /// The client's network address, for per-address throttling.
    pub address: &'a str,
    /// The code from the user's authenticator app, if they have one.
    pub code: Option<&'a str>,
}

/// A new browser session: the cookie value and the form token.
pub struct NewSession {
    pub session_id: String,
    pub csrf_token: String,
}

/// A hash that takes the same time as a real one, so an unknown username is
/// not revealed by a faster answer.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J9Vt0G9lnK9y2dIbOw3JNyGdD5Gt0rxD2W1ePbUexkY";

pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// A fresh random secret, URL-safe.
pub(crate) fn random_secret() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

pub(crate) fn digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Passwords: at least 12 characters (NCSC advice favours length over
/// composition rules), at most 1024 so hashing cost stays bounded.
pub fn check_password_strength(password: &str) -> std::result::Result<(), &'static str> {
    let n = password.chars().count();
    if n < 12 {
        Err("Password must be at least 12 characters")
    } else if n > 1024 {
        Err("Password must be 1024 characters or fewer")
    } else {
        Ok(())
    }
}

impl App {
    /// Checks a username and password. Every outcome is audited.
    ///
    /// Throttling slows guessing without locking people out for good:
    /// * by account: after the allowed failures within the window, each
    ///   further attempt must wait a growing time (doubling from
    ///   `account_delay_seconds`, at most the window) after the latest
    ///   failure; once it has passed, the right password works again, from any
    ///   address;
    /// * by address: wrong passwords from an address with many recent failures
    ///   are answered after a growing pause, which slows a spray across
    ///   accounts but never stops another user there signing in.
    ///
    /// An attempt is recorded before its password is checked, so attempts
    /// made at the same moment count each other: no burst gets more guesses
    /// than the allowance.
    pub async fn sign_in(&self, a: &SignInAttempt<'_>) -> Result<UserId> {
        let now = self.now();
        let (actor, key, _) = self.checked_password(a, now).await?;
        if let Err(reason) = self.second_factor(&actor, a.code, now).await? {
            // The reserved attempt stays, counting as a failure.
            let entry = AuditEntry::new(AuditAction::AuthSecondFactorFailed, "user", actor.user_id)
                .after(&serde_json::json!({"reason": reason, "address": a.address}));
            self.store.audit_only(&AuditCtx::user(&actor, now), entry).await?;
            return Err(AppError::SecondFactor(reason));
        }
        self.store.clear_sign_in_failures(&key).await?;
        self.store
            .audit_only(&AuditCtx::user(&actor, now), AuditEntry::new(AuditAction::AuthSignIn, "user", actor.user_id))
            .await?;
        Ok(actor.user_id)
    }

    /// The throttled password check that signing in and setting up a second
    /// factor share: the attempt is reserved first, refused while the account
    /// must wait, and a wrong password (an unknown name takes as long) is kept
    /// as a failure, audited, and answered slowly from a busy address. On
    /// success the reservation stays for the caller to settle; returns the
    /// user, the throttling key and the reserved attempt.
    async fn checked_password(&self, a: &SignInAttempt<'_>, now: jiff::Timestamp) -> Result<(Actor, String, String)> {
        let key = a.username.trim().to_lowercase();
        let since = format_timestamp(now - jiff::SignedDuration::from_mins(self.config.failure_window_minutes));
        let attempt = self.store.reserve_sign_in_attempt(&key, a.address, &format_timestamp(now)).await?;
        let (others, latest, from_address) =
            self.store.other_sign_in_attempts(&key, a.address, &since, &attempt).await?;
        if self.account_must_wait(others, latest.as_deref(), now) {
            self.store.drop_sign_in_attempt(&attempt).await?;
            tracing::warn!("sign-in throttled");
            self.audit_failed_sign_in(a, AuditAction::AuthThrottled, now).await?;
            return Err(AppError::TooManyAttempts);
        }
        let creds = self.store.credentials(&key).await?;
        let ok = match &creds {
            Some(c) => verify_password(a.password, &c.password_hash) && c.active,
            None => {
                verify_password(a.password, DUMMY_HASH);
                false
            }
        };
        let actor = match creds {
            Some(c) if ok => self.store.actor(c.user_id).await?,
            _ => None,
        };
        let Some(actor) = actor else {
            // The reserved attempt stays as the failure.
            self.audit_failed_sign_in(a, AuditAction::AuthSignInFailed, now).await?;
            let over = from_address - self.config.max_failures_per_address;
            if over >= 0 {
                let pause = 100u64.saturating_mul(1u64 << over.min(16)).min(self.config.address_pause_max_ms);
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            return Err(AppError::BadCredentials);
        };
        Ok((actor, key, attempt))
    }

    /// The second factor, once the password is right: required of anyone who
    /// has set one up, and of the roles the configuration names; the first
    /// good code after setting one up confirms it. Err is the refusal's code.
    async fn second_factor(
        &self,
        actor: &Actor,
        code: Option<&str>,
        now: jiff::Timestamp,
    ) -> Result<std::result::Result<(), &'static str>> {
        use crate::second_factor::{CodeCheck, check};
        let sf = self.store.second_factor(actor.user_id).await?;
        let required = actor.roles.iter().any(|r| self.config.second_factor_roles.iter().any(|c| c == r.code()));
        let unix = u64::try_from(now.as_second()).unwrap_or_default();
        let code = code.map(str::trim).filter(|c| !c.is_empty());
        let (secret, confirm) = match (&sf.secret, &sf.pending) {
            (Some(s), _) => (s.as_str(), false),
            (None, Some(p)) if code.is_some() => (p.as_str(), true),
            (None, _) if required => return Ok(Err("second_factor_setup_required")),
            (None, _) => return Ok(Ok(())),
        };
        let Some(code) = code else { return Ok(Err("code_required")) };
        match check(secret, code, unix, sf.last_step) {
            CodeCheck::Accepted { step } => {
                if self.store.use_second_factor_step(actor.user_id, step, confirm).await? {
                    Ok(Ok(()))
                } else {
                    Ok(Err("code_reused"))
                }
            }
            refused => Ok(Err(refused.refusal().unwrap_or("code_wrong"))),
        }
    }

    /// Starts setting up a second factor for the account whose username and
    /// password are given (throttled like a sign-in): a new secret for the
    /// authenticator app, confirmed by the first sign-in with its code. An
    /// account that has one already is refused (an administrator resets it).
    pub async fn start_second_factor(&self, a: &SignInAttempt<'_>) -> Result<(String, String)> {
        let now = self.now();
        let (user, _, attempt) = self.checked_password(a, now).await?;
        // Only this attempt is forgotten: the account's earlier failures (wrong
        // codes among them) still count.
        self.store.drop_sign_in_attempt(&attempt).await?;
        if self.store.second_factor(user.user_id).await?.secret.is_some() {
            return Err(AppError::Conflict("second_factor_already_set_up"));
        }
        let secret = crate::second_factor::new_secret();
        self.store.set_pending_second_factor(&AuditCtx::user(&user, now), user.user_id, &secret).await?;
        let uri = crate::second_factor::otpauth_uri(&user.username, &secret);
        Ok((secret, uri))
    }

    /// Whether an account with `failures` other recent failures, the latest
    /// at `latest`, must still wait before another attempt is checked.
    fn account_must_wait(&self, failures: i64, latest: Option<&str>, now: jiff::Timestamp) -> bool {
        let over = failures - self.config.max_failures_per_account;
        let Some(latest) = latest.and_then(|l| l.parse::<jiff::Timestamp>().ok()) else { return false };
        if over < 0 {
            return false;
        }
        let window = self.config.failure_window_minutes.saturating_mul(60);
        let wait = self.config.account_delay_seconds.saturating_mul(1i64 << over.min(30)).min(window);
        now < latest + jiff::SignedDuration::from_secs(wait)
    }

    /// A failed or throttled sign-in, kept in the audit trail with the name
    /// tried and the address it came from (never the password).
    async fn audit_failed_sign_in(
        &self,
        a: &SignInAttempt<'_>,
        action: AuditAction,
        now: jiff::Timestamp,
    ) -> Result<()> {
        let entry = AuditEntry::new(action, "sign_in", mappa_domain::ids::ItemId::new())
            .after(&serde_json::json!({"username": a.username.trim().to_lowercase(), "address": a.address}));
        Ok(self.store.audit_only(&AuditCtx::system(now), entry).await?)
    }

    pub async fn start_session(&self, user: UserId) -> Result<NewSession> {
        let now = self.now();
        let s = NewSession { session_id: random_secret(), csrf_token: random_secret() };
        let expires = now + jiff::SignedDuration::from_mins(self.config.session_minutes);
        self.store
            .create_session(
                &digest(&s.session_id),
                user,
                &s.csrf_token,
                &format_timestamp(now),
                &format_timestamp(expires),
            )
            .await?;
        Ok(s)
    }

    /// The signed-in user and the session's form token, if the session is live.
    pub async fn session(&self, session_id: &str) -> Result<Option<(Actor, String)>> {
        let now = self.now();
        let idle_since = format_timestamp(now - jiff::SignedDuration::from_mins(self.config.session_idle_minutes));
        // Within a minute of the last recorded use is close enough.
        let touch_before = format_timestamp(now - jiff::SignedDuration::from_secs(60));
        let id_hash = digest(session_id);
        let Some((user, csrf)) =
            self.store.session(&id_hash, &format_timestamp(now), &idle_since, &touch_before).await?
        else {
            return Ok(None);
        };
        Ok(self.store.actor(user).await?.map(|a| (a, csrf)))
    }

    pub async fn end_session(&self, session_id: &str, actor: &Actor) -> Result<()> {
        self.store.delete_session(&digest(session_id)).await?;
        self.store
            .audit_only(
                &AuditCtx::user(actor, self.now()),
                AuditEntry::new(AuditAction::AuthSignOut, "user", actor.user_id),
            )
            .await?;
        Ok(())
    }

    /// Ends every session and token of the caller's ("sign out everywhere").
    pub async fn sign_out_everywhere(&self, actor: &Actor) -> Result<()> {
        Ok(self.store.end_all_sessions(&self.ctx(actor), actor.user_id).await?)
    }

    /// The caller changes their own password: the current one must be right
    /// and the new one strong enough. Every other session and every token of
    /// theirs ends; `keep_session` (this browser's session id) stays.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let mut e = mappa_domain::ValidationErrors::new();
        let creds = self.store.credentials(&actor.username).await?.ok_or(AppError::NotFound)?;
        if !verify_password(current, &creds.password_hash) {
            e.add("current_password", "wrong_password", "The current password is not right");
        }
        if let Err(m) = check_password_strength(new) {
            e.add("new_password", "weak_password", m);
        } else if new == current {
            e.add("new_password", "unchanged", "Choose a password different from the current one");
        }
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        let keep = keep_session.map(digest);
        Ok(self.store.change_password(&self.ctx(actor), actor.user_id, &hash_password(new)?, keep.as_deref()).await?)
    }

    /// Signs in and issues an API token; returns the token and its expiry.
    pub async fn issue_token(&self, a: &SignInAttempt<'_>) -> Result<(String, jiff::Timestamp)> {
        let user = self.sign_in(a).await?;
        let now = self.now();
        let token = format!("mappa_{}", random_secret());
        let expires = now + jiff::SignedDuration::from_mins(self.config.token_minutes);
        self.store.create_token(&digest(&token), user, &format_timestamp(now), &format_timestamp(expires)).await?;
        Ok((token, expires))
    }

    /// The user a bearer token stands for, if it is live.
    pub async fn token_actor(&self, token: &str) -> Result<Option<Actor>> {
        match self.store.token_user(&digest(token), &format_timestamp(self.now())).await? {
            Some(u) => Ok(self.store.actor(u).await?),
            None => Ok(None),
        }
    }

    /// Revokes the token; later requests with it get 401.
    pub async fn revoke_token(&self, token: &str, actor: &Actor) -> Result<()> {
        if self.store.revoke_token(&digest(token), &format_timestamp(self.now())).await? {
            self.store
                .audit_only(
                    &AuditCtx::user(actor, self.now()),
                    AuditEntry::new(AuditAction::AuthTokenRevoke, "user", actor.user_id),
                )
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong horse battery", &h));
        assert!(!verify_password("x", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok(), "the dummy hash parses, so it costs a real verification");
    }

    #[test]
    fn secrets_are_random_and_only_digests_are_kept() {
        let (a, b) = (random_secret(), random_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(digest(&a), a);
        assert_eq!(digest(&a), digest(&a));
    }

    #[test]
    fn password_length_rules() {
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("twelve chars").is_ok());
    }
}
