//! Administering agencies and user accounts: at the command line, and by
//! administrators over the API.

use crate::App;
use crate::auth::{check_password_strength, hash_password};
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::access::Actor;
use mappa_domain::agency::{Agency, AgencyKind, parse_agency_code};
use mappa_domain::ids::UserId;
use mappa_domain::role::Role;
use mappa_domain::values::required_text;
use mappa_store::{AuditCtx, NewAgency, NewUser, UserAccount, UserChange};

impl App {
    /// Adds an agency (operators, at the command line).
    pub async fn add_agency(&self, code: &str, name: &str, kind: &str) -> Result<Agency> {
        self.add_agency_with(&AuditCtx::system(self.now()), code, name, kind).await
    }

    /// Adds an agency (administrators, over the API).
    pub async fn create_agency(&self, actor: &Actor, input: &AgencyInput) -> Result<Agency> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        self.add_agency_with(&self.ctx(actor), &field(&input.code), &field(&input.name), &field(&input.kind)).await
    }

    async fn add_agency_with(&self, ctx: &AuditCtx, code: &str, name: &str, kind: &str) -> Result<Agency> {
        let mut e = ValidationErrors::new();
        let code = e.take(parse_agency_code("code", code));
        let name = e.take(required_text("name", "the agency name", Some(name), 200));
        let kind = AgencyKind::from_code(kind.trim());
        if kind.is_none() {
            e.add("kind", "invalid_choice", "Select the kind of agency");
        }
        let (Some(code), Some(name), Some(kind)) = (code, name, kind) else {
            return Err(AppError::Invalid(e));
        };
        Ok(self.store.create_agency(ctx, &NewAgency { code, name, kind }).await?)
    }

    /// Adds a user account (operators, at the command line).
    pub async fn add_user(
        &self,
        username: &str,
        display_name: Option<&str>,
        agency_code: &str,
        roles: &[String],
        password: &str,
    ) -> Result<UserId> {
        self.create_user_with(&AuditCtx::system(self.now()), username, display_name, agency_code, roles, password).await
    }

    /// Adds a user account (administrators, over the API).
    pub async fn create_user(&self, actor: &Actor, input: &UserInput) -> Result<UserAccount> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let id = self
            .create_user_with(
                &self.ctx(actor),
                input.username.as_deref().unwrap_or_default(),
                input.display_name.as_deref(),
                input.agency.as_deref().unwrap_or_default(),
                input.roles.as_deref().unwrap_or_default(),
                input.password.as_deref().unwrap_or_default(),
            )
            .await?;
        self.store.user(id).await?.ok_or(AppError::NotFound)
    }

    /// Every account (administrators).
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserAccount>> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        Ok(self.store.users().await?)
    }

    /// Changes an account (administrators): its name, roles, whether it is
    /// active, or a new password. Deactivating it or resetting its password
    /// ends every session and token of it at once. An administrator cannot
    /// deactivate their own account or take away their own administration.
    pub async fn update_user(&self, actor: &Actor, id: UserId, input: &UserPatch) -> Result<UserAccount> {
        if !actor.has(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        self.store.user(id).await?.ok_or(AppError::NotFound)?;
        let mut e = ValidationErrors::new();
        let display_name = input
            .display_name
            .as_deref()
            .and_then(|n| e.take(required_text("display_name", "the user's name", Some(n), 200)));
        let roles = input.roles.as_deref().map(|r| parse_roles(r, &mut e));
        if roles.as_ref().is_some_and(Vec::is_empty) && e.is_empty() {
            e.add("roles", "required", "Give at least one role");
        }
        if id == actor.user_id {
            if input.active == Some(false) {
                e.add("active", "own_account", "You cannot deactivate your own account");
            }
            if roles.as_ref().is_some_and(|r| !r.contains(&Role::Admin)) {
                e.add("roles", "own_account", "You cannot remove your own administrator role");
            }
        }
        if let Some(p) = input.password.as_deref()
            && let Err(m) = check_password_strength(p)
        {
            e.add("password", "weak_password", m);
        }
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        let password_hash = input.password.as_deref().map(hash_password).transpose()?;
        let reset_second_factor = input.reset_second_factor.unwrap_or(false);
        let change = UserChange { display_name, roles, active: input.active, password_hash, reset_second_factor };
        Ok(self.store.update_user(&self.ctx(actor), id, &change).await?)
    }

    async fn create_user_with(
        &self,
        ctx: &AuditCtx,
        username: &str,
        display_name: Option<&str>,
        agency_code: &str,
        roles: &[String],
        password: &str,
    ) -> Result<UserId> {
        let mut e = ValidationErrors::new();
        let username = username.trim().to_lowercase();
        let valid_name = (3..=64).contains(&username.len())
            && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if !valid_name {
            e.add(
                "username",
                "invalid_username",
                "Username must be 3 to 64 lower-case letters, digits, dots, hyphens or underscores",
            );
        }
        let display =
            e.take(required_text("display_name", "the user's name", Some(display_name.unwrap_or(&username)), 200));
        let parsed_roles = parse_roles(roles, &mut e);
        if parsed_roles.is_empty() && e.is_empty() {
            e.add("roles", "required", "Give at least one role");
        }
        if let Err(m) = check_password_strength(password) {
            e.add("password", "weak_password", m);
        }
        let agency = self.store.agency_by_code(&agency_code.trim().to_uppercase()).await?;
        if agency.is_none() {
            e.add("agency", "unknown_agency", "No agency has that code: add it first with `mappa agency add`");
        }
        let (Some(agency), Some(display_name)) = (agency, display) else {
            return Err(AppError::Invalid(e));
        };
        if !e.is_empty() {
            return Err(AppError::Invalid(e));
        }
        let password_hash = hash_password(password)?;
        Ok(self
            .store
            .create_user(
                ctx,
                &NewUser { username, display_name, agency_id: agency.id, roles: parsed_roles, password_hash },
            )
            .await?)
    }

    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        Ok(self.store.list_agencies().await?)
    }
}

/// Role codes to roles, once each; unknown ones named under `roles`.
fn parse_roles(roles: &[String], e: &mut ValidationErrors) -> Vec<Role> {
    let mut parsed = Vec::new();
    for r in roles {
        match Role::from_code(r.trim()) {
            Some(role) if !parsed.contains(&role) => parsed.push(role),
            Some(_) => {}
            None => e.add("roles", "invalid_choice", "Select roles from the list"),
        }
    }
    parsed
}

/// A new account, as an administrator submits it.
#[derive(Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// The agency's code.
    pub agency: Option<String>,
    pub roles: Option<Vec<String>>,
    pub password: Option<String>,
}

/// A change to an account; absent parts stay as they are.
#[derive(Clone, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub roles: Option<Vec<String>>,
    pub active: Option<bool>,
    /// A new password (a reset).
    pub password: Option<String>,
    /// `true` clears a lost second factor, so the user can set up another.
    pub reset_second_factor: Option<bool>,
}

/// A new agency, as an administrator submits it.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgencyInput {
    pub code: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
}

impl std::fmt::Debug for UserInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserInput { .. }")
    }
}

impl std::fmt::Debug for UserPatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserPatch { .. }")
    }
}
