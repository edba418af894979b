//! Administering agencies and user accounts (from the command line for now).

use crate::App;
use crate::auth::{check_password_strength, hash_password};
use crate::error::{AppError, Result};
use mappa_domain::ValidationErrors;
use mappa_domain::agency::{Agency, AgencyKind, parse_agency_code};
use mappa_domain::ids::UserId;
use mappa_domain::role::Role;
use mappa_domain::values::required_text;
use mappa_store::{AuditCtx, NewAgency, NewUser};

impl App {
    /// Adds an agency (operators, at the command line).
    pub async fn add_agency(&self, code: &str, name: &str, kind: &str) -> Result<Agency> {
        let mut e = ValidationErrors::new();
        let code = e.take(parse_agency_code("code", code));
        let name = e.take(required_text("name", "the agency name", Some(name), 200));
        let kind = AgencyKind::from_code(kind.trim());
        if kind.is_none() {
            e.add("kind", "invalid_choice", format!("Kind must be one of: {}", AgencyKind::codes()));
        }
        let (Some(code), Some(name), Some(kind)) = (code, name, kind) else {
            return Err(AppError::Invalid(e));
        };
        Ok(self.store.create_agency(&AuditCtx::system(self.now()), &NewAgency { code, name, kind }).await?)
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
        let mut parsed_roles = Vec::new();
        for r in roles {
            match Role::from_code(r.trim()) {
                Some(role) if !parsed_roles.contains(&role) => parsed_roles.push(role),
                Some(_) => {}
                None => e.add("role", "invalid_choice", format!("Role must be one of: {}", Role::codes())),
            }
        }
        if parsed_roles.is_empty() && e.is_empty() {
            e.add("role", "required", "Give at least one role");
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
                &AuditCtx::system(self.now()),
                &NewUser { username, display_name, agency_id: agency.id, roles: parsed_roles, password_hash },
            )
            .await?)
    }

    pub async fn agencies(&self) -> Result<Vec<Agency>> {
        Ok(self.store.list_agencies().await?)
    }
}
