//! The areas' populations for the annual report's RSOs per 100,000
//! (STAT-9), entered by an administrator for their own area.

use super::forms::{FormData, FormErrors};
use super::people::Choice;
use super::{Layout, PageForm, PageResult, render};
use crate::extract::PageUser;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use mappa_app::AppError;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::reports::ReportingYear;

struct PopulationLine {
    year: String,
    count: String,
    source: String,
}

#[derive(Template)]
#[template(path = "reports/populations.html")]
struct PopulationsPage {
    layout: Layout,
    errors: FormErrors,
    v: FormData,
    area_name: String,
    lines: Vec<PopulationLine>,
    years: Vec<Choice>,
}

/// "7,610,000".
fn grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

async fn page(s: &AppState, user: &PageUser, v: FormData, errors: FormErrors) -> Result<PopulationsPage, AppError> {
    let (area, list) = s.app.area_populations(&user.actor).await?;
    let now = ReportingYear::containing(s.app.today()).start;
    let title =
        if errors.any() { "Error: Populations for the annual report" } else { "Populations for the annual report" };
    Ok(PopulationsPage {
        layout: Layout::new(title, Some(user), "areas"),
        errors,
        v,
        area_name: area.name,
        lines: list
            .into_iter()
            .map(|(y, p)| PopulationLine { year: y.long_name(), count: grouped(p.count), source: p.source })
            .collect(),
        years: (2001..=now)
            .rev()
            .map(|start| Choice { value: start.to_string(), label: ReportingYear { start }.long_name() })
            .collect(),
    })
}

/// `GET /admin/populations`.
pub async fn show(State(s): State<AppState>, user: PageUser) -> PageResult {
    Ok(render(StatusCode::OK, &page(&s, &user, FormData::default(), FormErrors::default()).await?))
}

/// `POST /admin/populations`.
pub async fn save(State(s): State<AppState>, f: PageForm) -> PageResult {
    let v = &f.form;
    let r = s.app.set_area_population(&f.user.actor, v.get("year"), v.get("population"), v.get("source")).await;
    match r {
        Ok(()) => Ok(super::done(&s, "/admin/populations", AuditAction::PopulationSet)),
        Err(AppError::Invalid(e)) => {
            let errors = FormErrors::from_validation(&e, &[], &[]);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&s, &f.user, f.form, errors).await?))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn figures_are_grouped_in_thousands() {
        assert_eq!(super::grouped(7_610_000), "7,610,000");
        assert_eq!(super::grouped(999), "999");
    }
}
