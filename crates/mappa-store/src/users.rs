//! Agencies, users, sessions, API tokens and sign-in failures.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::row::{code, flag, parsed, text};
use mappa_domain::access::Actor;
use mappa_domain::agency::{Agency, AgencyKind};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::{AgencyId, UserId};
use mappa_domain::role::Role;
use serde::Serialize;

/// An agency to add.
#[derive(Clone, Debug, Serialize)]
pub struct NewAgency {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

/// A user to add; the password is already hashed.
#[derive(Clone, Serialize)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub agency_id: AgencyId,
    pub roles: Vec<Role>,
    #[serde(skip)]
    pub password_hash: String,
}

/// A user account as administrators see it (never the password hash).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct UserAccount {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub agency: String,
    pub roles: Vec<Role>,
    pub active: bool,
}

/// A change to an account; None leaves that part as it is.
#[derive(Clone, Default)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    pub active: Option<bool>,
    /// A new password's hash (a reset by an administrator).
    pub password_hash: Option<String>,
    /// Clears the second factor (a lost phone).
    pub reset_second_factor: bool,
}

/// A user's second factor as stored.
#[derive(Clone, Default)]
pub struct SecondFactor {
    pub secret: Option<String>,
    pub pending: Option<String>,
    pub last_step: Option<u64>,
}

impl std::fmt::Debug for SecondFactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecondFactor { .. }")
    }
}

/// What sign-in needs to check a password.
#[derive(Clone)]
pub struct UserCredentials {
    pub user_id: UserId,
    pub password_hash: String,
    pub active: bool,
}

impl std::fmt::Debug for UserCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "UserCredentials({})", self.user_id)
    }
}

const ACTOR_SQL: &str = "SELECT u.id, u.username, u.display_name, a.id AS agency_id, a.code AS agency_code, a.name AS agency_name \
     FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.active = 1 AND ";

impl Store {
    pub async fn create_agency(&self, ctx: &AuditCtx, a: &NewAgency) -> Result<Agency> {
        let agency = Agency { id: AgencyId::new(), code: a.code.clone(), name: a.name.clone(), kind: a.kind };
        let mut tx = self.begin_write().await?;
        let r = sqlx::query("INSERT INTO agencies (id, code, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(agency.id.to_string())
            .bind(&agency.code)
            .bind(&agency.name)
            .bind(agency.kind.code())
            .bind(ctx.at_text())
            .execute(&mut *tx)
            .await;
        match r {
            Err(e) if StoreError::is_unique_violation(&e) => {
                return Err(StoreError::Conflict("agency_code_taken"));
            }
            r => r?,
        };
        append(&mut tx, ctx, AuditEntry::new(AuditAction::AgencyCreate, "agency", agency.id).after(&agency)).await?;
        tx.commit().await?;
        Ok(agency)
    }

    pub async fn agency_by_code(&self, code_: &str) -> Result<Option<Agency>> {
        let row = sqlx::query("SELECT id, code, name, kind FROM agencies WHERE code = $1")
            .bind(code_)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| agency(&r)).transpose()
    }

    pub async fn list_agencies(&self) -> Result<Vec<Agency>> {
        let rows = sqlx::query("SELECT id, code, name, kind FROM agencies ORDER BY name").fetch_all(&self.pool).await?;
        rows.iter().map(agency).collect()
    }

    pub async fn create_user(&self, ctx: &AuditCtx, u: &NewUser) -> Result<UserId> {
        let id = UserId::new();
        let mut tx = self.begin_write().await?;
        let r = sqlx::query(
            "INSERT INTO users (id, username, display_name, agency_id, password_hash, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6)",
        )
        .bind(id.to_string())
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(u.agency_id.to_string())
        .bind(&u.password_hash)
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await;
        match r {
            Err(e) if StoreError::is_unique_violation(&e) => {
                return Err(StoreError::Conflict("username_taken"));
            }
            r => r?,
        };
        for role in &u.roles {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(id.to_string())
                .bind(role.code())
                .execute(&mut *tx)
                .await?;
        }
        append(&mut tx, ctx, AuditEntry::new(AuditAction::UserCreate, "user", id).after(u)).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn credentials(&self, username: &str) -> Result<Option<UserCredentials>> {
        let row = sqlx::query("SELECT id, password_hash, active FROM users WHERE username = $1")
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(UserCredentials {
                user_id: parsed(&r, "id")?,
                password_hash: text(&r, "password_hash")?,
                active: flag(&r, "active")?,
            })
        })
        .transpose()
    }

    /// The acting user, if the account exists and is active.
    pub async fn actor(&self, user_id: UserId) -> Result<Option<Actor>> {
        let sql = format!("{ACTOR_SQL} u.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user_id.to_string()).fetch_optional(&self.pool).await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(self.actor_from(&r).await?)),
        }
    }

    async fn actor_from(&self, r: &sqlx::any::AnyRow) -> Result<Actor> {
        let user_id: UserId = parsed(r, "id")?;
        let roles = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(user_id.to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(Actor {
            user_id,
            username: text(r, "username")?,
            display_name: text(r, "display_name")?,
            agency_id: parsed(r, "agency_id")?,
            agency_code: text(r, "agency_code")?,
            agency_name: text(r, "agency_name")?,
            roles: roles.iter().map(|r| code(r, "role", Role::from_code)).collect::<Result<_>>()?,
        })
    }

    /// A user's second factor: the confirmed secret, one awaiting its first
    /// code, and the last time step used.
    pub async fn second_factor(&self, id: UserId) -> Result<SecondFactor> {
        let r = sqlx::query("SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = $1")
            .bind(id.to_string())
            .fetch_one(&self.pool)
            .await?;
        Ok(SecondFactor {
            secret: crate::row::opt_text(&r, "totp_secret")?,
            pending: crate::row::opt_text(&r, "totp_pending")?,
            last_step: crate::row::opt_int(&r, "totp_last_step")?.map(|s| s as u64),
        })
    }

    /// Starts setting up a second factor: the secret waits for its first code.
    pub async fn set_pending_second_factor(&self, ctx: &AuditCtx, id: UserId, secret: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET totp_pending = $1 WHERE id = $2")
            .bind(secret)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        append(&mut tx, ctx, AuditEntry::new(AuditAction::AuthSecondFactorSetup, "user", id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a time step, once: false if it (or a later one) was used already,
    /// however many sign-ins race for it. With `confirm`, the pending secret
    /// becomes the secret.
    pub async fn use_second_factor_step(&self, id: UserId, step: u64, confirm: bool) -> Result<bool> {
        let sql = if confirm {
            "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 \
             WHERE id = $2 AND totp_pending IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < $1)"
        } else {
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)"
        };
        let r = sqlx::query(sql).bind(step as i64).bind(id.to_string()).execute(&self.pool).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Every account, by username.
    pub async fn users(&self) -> Result<Vec<UserAccount>> {
        let rows = sqlx::query("SELECT id FROM users ORDER BY username").fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.extend(self.user(parsed(&r, "id")?).await?);
        }
        Ok(out)
    }

    /// One account, active or not.
    pub async fn user(&self, id: UserId) -> Result<Option<UserAccount>> {
        let row = sqlx::query(
            "SELECT u.id, u.username, u.display_name, u.active, a.code FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let roles = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        Ok(Some(UserAccount {
            id,
            username: text(&r, "username")?,
            display_name: text(&r, "display_name")?,
            agency: text(&r, "code")?,
            roles: roles.iter().map(|r| code(r, "role", Role::from_code)).collect::<Result<_>>()?,
            active: flag(&r, "active")?,
        }))
    }

    /// Changes an account, audited with what it was and became (never a
    /// password or its hash). Deactivating it, or resetting its password,
    /// ends every session and token of the account in the same transaction.
    pub async fn update_user(&self, ctx: &AuditCtx, id: UserId, c: &UserChange) -> Result<UserAccount> {
        let before = self.user(id).await?.ok_or(StoreError::NotFound)?;
        let mut tx = self.begin_write().await?;
        if let Some(name) = &c.display_name {
            sqlx::query("UPDATE users SET display_name = $1 WHERE id = $2")
                .bind(name)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(active) = c.active {
            sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(i64::from(active))
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(hash) = &c.password_hash {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(hash)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if c.reset_second_factor {
            sqlx::query(
                "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL WHERE id = $1",
            )
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        }
        if let Some(roles) = &c.roles {
            sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id.to_string()).execute(&mut *tx).await?;
            for role in roles {
                sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                    .bind(id.to_string())
                    .bind(role.code())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        if c.active == Some(false) || c.password_hash.is_some() || c.reset_second_factor {
            end_sessions_in(&mut tx, id, &ctx.at_text(), None).await?;
        }
        let after = UserAccount {
            display_name: c.display_name.clone().unwrap_or_else(|| before.display_name.clone()),
            roles: c.roles.clone().unwrap_or_else(|| before.roles.clone()),
            active: c.active.unwrap_or(before.active),
            ..before.clone()
        };
        let mut entry = AuditEntry::new(AuditAction::UserUpdate, "user", id).before(&before).after(&after);
        if c.password_hash.is_some() || c.reset_second_factor {
            entry = entry.after(&serde_json::json!({
                "account": after, "password_reset": c.password_hash.is_some(),
                "second_factor_reset": c.reset_second_factor,
            }));
        }
        append(&mut tx, ctx, entry).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A user's own password change: the new hash, and every other session
    /// and every token of theirs ended, in one audited transaction.
    pub async fn change_password(
        &self,
        ctx: &AuditCtx,
        id: UserId,
        hash: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        end_sessions_in(&mut tx, id, &ctx.at_text(), keep_session).await?;
        append(&mut tx, ctx, AuditEntry::new(AuditAction::UserPasswordChange, "user", id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session and token of a user ("sign out everywhere").
    pub async fn end_all_sessions(&self, ctx: &AuditCtx, id: UserId) -> Result<()> {
        let mut tx = self.begin_write().await?;
        end_sessions_in(&mut tx, id, &ctx.at_text(), None).await?;
        append(&mut tx, ctx, AuditEntry::new(AuditAction::AuthSignOutEverywhere, "user", id)).await?;
        tx.commit().await?;
        Ok(())
    }

    // Sessions and tokens are security events, not case data: they are kept
    // out of the audit chain (sign-in and sign-out are audited by the app).

    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: UserId,
        csrf: &str,
        now: &str,
        expires: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash)
        .bind(user_id.to_string())
        .bind(csrf)
        .bind(now)
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session's user and CSRF token, if the session is live: before
    /// its absolute expiry and used since `idle_since`. Use keeps it alive;
    /// the time of use is written only when the one stored is older than
    /// `touch_before`, so that reading pages does not mean a write each time.
    pub async fn session(
        &self,
        id_hash: &str,
        now: &str,
        idle_since: &str,
        touch_before: &str,
    ) -> Result<Option<(UserId, String)>> {
        let row = sqlx::query(
            "SELECT user_id, csrf_token, COALESCE(last_seen_at, created_at) AS seen FROM sessions \
             WHERE id_hash = $1 AND expires_at > $2 AND COALESCE(last_seen_at, created_at) > $3",
        )
        .bind(id_hash)
        .bind(now)
        .bind(idle_since)
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else { return Ok(None) };
        if text(&r, "seen")?.as_str() < touch_before {
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(now)
                .bind(id_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((parsed(&r, "user_id")?, text(&r, "csrf_token")?)))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn create_token(&self, token_hash: &str, user_id: UserId, now: &str, expires: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(token_hash)
        .bind(user_id.to_string())
        .bind(now)
        .bind(expires)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The token's user, if the token is neither expired nor revoked.
    pub async fn token_user(&self, token_hash: &str, now: &str) -> Result<Option<UserId>> {
        let row = sqlx::query(
            "SELECT user_id FROM api_tokens WHERE token_hash = $1 AND expires_at > $2 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| parsed(&r, "user_id")).transpose()
    }

    pub async fn revoke_token(&self, token_hash: &str, now: &str) -> Result<bool> {
        let r = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(r.rows_affected() > 0)
    }

    /// Records an attempt before its password is checked, so that attempts
    /// made at the same moment count each other (a failure unless cleared or
    /// dropped); returns its id.
    pub async fn reserve_sign_in_attempt(&self, username: &str, address: &str, now: &str) -> Result<String> {
        let id = uuid::Uuid::now_v7().to_string();
        sqlx::query("INSERT INTO sign_in_failures (id, username, address, at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(username)
            .bind(address)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    /// Forgets an attempt that was refused before its password was checked.
    pub async fn drop_sign_in_attempt(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// Other attempts since `since`, besides `except`: for the account (how
    /// many, and the latest), and from the address.
    pub async fn other_sign_in_attempts(
        &self,
        username: &str,
        address: &str,
        since: &str,
        except: &str,
    ) -> Result<(i64, Option<String>, i64)> {
        let by_user = sqlx::query(
            "SELECT COUNT(*) AS n, MAX(at) AS latest FROM sign_in_failures WHERE username = $1 AND at > $2 AND id <> $3",
        )
        .bind(username)
        .bind(since)
        .bind(except)
        .fetch_one(&self.pool)
        .await?;
        let by_addr =
            sqlx::query("SELECT COUNT(*) AS n FROM sign_in_failures WHERE address = $1 AND at > $2 AND id <> $3")
                .bind(address)
                .bind(since)
                .bind(except)
                .fetch_one(&self.pool)
                .await?;
        Ok((
            crate::row::int(&by_user, "n")?,
            crate::row::opt_text(&by_user, "latest")?,
            crate::row::int(&by_addr, "n")?,
        ))
    }

    /// A successful sign-in clears the account's failures.
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(username).execute(&self.pool).await?;
        Ok(())
    }
}

fn agency(r: &sqlx::any::AnyRow) -> Result<Agency> {
    Ok(Agency {
        id: parsed(r, "id")?,
        code: text(r, "code")?,
        name: text(r, "name")?,
        kind: code(r, "kind", AgencyKind::from_code)?,
    })
}

/// Deletes a user's sessions (all but `keep`, a session id hash) and revokes
/// their tokens, inside the caller's transaction.
async fn end_sessions_in(tx: &mut WriteTx, id: UserId, now: &str, keep: Option<&str>) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2")
        .bind(id.to_string())
        .bind(keep.unwrap_or(""))
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}
