//! Administration pages (issue 8, point 5): accounts (the list, adding one,
//! and changing one: roles, whether it is active, a new password, a lost
//! second factor) and agencies (the list and adding one). Administrators only;
//! every change is audited by the use cases.

use super::forms::{FormData, FormErrors};
use super::people::Choice;
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use mappa_app::{AgencyInput, AppError, UserAccount, UserInput, UserPatch};
use mappa_domain::agency::AgencyKind;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::ids::UserId;
use mappa_domain::role::Role;

pub struct AccountRow {
    pub id: UserId,
    pub username: String,
    pub name: String,
    pub agency: String,
    pub roles: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin_users.html")]
struct UsersPage {
    layout: Layout,
    rows: Vec<AccountRow>,
    errors: FormErrors,
    v: FormData,
    roles: Vec<Choice>,
    agencies: Vec<Choice>,
}

fn role_choices() -> Vec<Choice> {
    Role::ALL.iter().map(|r| Choice { value: r.code().into(), label: r.label().into() }).collect()
}

/// The roles ticked on a form, as codes.
fn ticked_roles(v: &FormData) -> Vec<String> {
    Role::ALL.iter().filter(|r| v.opt(&format!("role-{}", r.code())).is_some()).map(|r| r.code().to_string()).collect()
}

async fn users_page(s: &AppState, user: &PageUser, v: FormData, errors: FormErrors) -> Result<UsersPage, AppError> {
    let accounts = s.app.users(&user.actor).await?;
    let rows = accounts
        .into_iter()
        .map(|a: UserAccount| AccountRow {
            id: a.id,
            username: a.username,
            name: a.display_name,
            agency: a.agency,
            roles: a.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
            active: a.active,
        })
        .collect();
    let agencies =
        s.app.agencies().await?.into_iter().map(|a| Choice { value: a.code.clone(), label: a.name }).collect();
    let title = if errors.any() { "Error: Accounts" } else { "Accounts" };
    Ok(UsersPage { layout: Layout::new(title, Some(user), "admin"), rows, errors, v, roles: role_choices(), agencies })
}

pub async fn users(State(s): State<AppState>, user: PageUser) -> PageResult {
    Ok(render(StatusCode::OK, &users_page(&s, &user, FormData::default(), FormErrors::default()).await?))
}

pub async fn add_user(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let input = UserInput {
        username: v.opt("username"),
        display_name: v.opt("display_name"),
        agency: v.opt("agency"),
        roles: Some(ticked_roles(v)),
        password: v.opt("password"),
    };
    match s.app.create_user(&f.user.actor, &input).await {
        Ok(_) => Ok(super::done(&s, "/admin/users", AuditAction::UserCreate)),
        Err(AppError::Invalid(e)) => {
            let errors = FormErrors::from_validation(&e, &[], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &users_page(&s, &f.user, f.form, errors).await?))
        }
        Err(AppError::Conflict(c)) => {
            let errors = FormErrors::one("username", AppError::conflict_message(c));
            Ok(render(StatusCode::CONFLICT, &users_page(&s, &f.user, f.form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin_user.html")]
struct UserPage {
    layout: Layout,
    account: AccountRow,
    errors: FormErrors,
    v: FormData,
    roles: Vec<Choice>,
}

async fn user_page(
    s: &AppState,
    user: &PageUser,
    id: UserId,
    v: Option<FormData>,
    errors: FormErrors,
) -> Result<UserPage, AppError> {
    let a = s.app.users(&user.actor).await?.into_iter().find(|a| a.id == id).ok_or(AppError::NotFound)?;
    let v = v.unwrap_or_else(|| {
        let mut v = FormData::default();
        for r in &a.roles {
            v.set(&format!("role-{}", r.code()), "yes");
        }
        v.set("active", if a.active { "yes" } else { "no" });
        v
    });
    let title = if errors.any() { "Error: Change an account" } else { "Change an account" };
    Ok(UserPage {
        layout: Layout::new(title, Some(user), "admin"),
        account: AccountRow {
            id: a.id,
            username: a.username,
            name: a.display_name,
            agency: a.agency,
            roles: String::new(),
            active: a.active,
        },
        errors,
        v,
        roles: role_choices(),
    })
}

fn user_id(raw: &str) -> Result<UserId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub async fn user_form(State(s): State<AppState>, user: PageUser, Path(id): Path<String>) -> PageResult {
    let id = user_id(&id)?;
    Ok(render(StatusCode::OK, &user_page(&s, &user, id, None, FormErrors::default()).await?))
}

pub async fn change_user(State(s): State<AppState>, Path(id): Path<String>, f: PageForm) -> PageResult {
    let id = user_id(&id)?;
    let v = &f.form;
    let input = UserPatch {
        display_name: None,
        roles: Some(ticked_roles(v)),
        active: Some(v.get("active") != "no"),
        password: v.opt("password"),
        reset_second_factor: Some(v.opt("reset_second_factor").is_some()),
    };
    match s.app.update_user(&f.user.actor, id, &input).await {
        Ok(_) => Ok(super::done(&s, "/admin/users", AuditAction::UserUpdate)),
        Err(AppError::Invalid(e)) => {
            let errors = FormErrors::from_validation(&e, &[], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &user_page(&s, &f.user, id, Some(f.form), errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

pub struct AgencyRow {
    pub name: String,
    pub kind: &'static str,
}

#[derive(Template)]
#[template(path = "admin_agencies.html")]
struct AgenciesPage {
    layout: Layout,
    rows: Vec<AgencyRow>,
    errors: FormErrors,
    v: FormData,
    kinds: Vec<Choice>,
}

async fn agencies_page(
    s: &AppState,
    user: &PageUser,
    v: FormData,
    errors: FormErrors,
) -> Result<AgenciesPage, AppError> {
    // Only administrators reach the list, as the form beneath it adds to it.
    if !user.actor.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let mut rows: Vec<AgencyRow> =
        s.app.agencies().await?.into_iter().map(|a| AgencyRow { name: a.name, kind: a.kind.label() }).collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let kinds = AgencyKind::ALL.iter().map(|k| Choice { value: k.code().into(), label: k.label().into() }).collect();
    let title = if errors.any() { "Error: Agencies" } else { "Agencies" };
    Ok(AgenciesPage { layout: Layout::new(title, Some(user), "agencies"), rows, errors, v, kinds })
}

pub async fn agencies(State(s): State<AppState>, user: PageUser) -> PageResult {
    Ok(render(StatusCode::OK, &agencies_page(&s, &user, FormData::default(), FormErrors::default()).await?))
}

pub async fn add_agency(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let input = AgencyInput { code: v.opt("code"), name: v.opt("name"), kind: v.opt("kind") };
    match s.app.create_agency(&f.user.actor, &input).await {
        Ok(_) => Ok(super::done(&s, "/admin/agencies", AuditAction::AgencyCreate)),
        Err(AppError::Invalid(e)) => {
            let errors = FormErrors::from_validation(&e, &[], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &agencies_page(&s, &f.user, f.form, errors).await?))
        }
        Err(AppError::Conflict(c)) => {
            let errors = FormErrors::one("code", AppError::conflict_message(c));
            Ok(render(StatusCode::CONFLICT, &agencies_page(&s, &f.user, f.form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}
