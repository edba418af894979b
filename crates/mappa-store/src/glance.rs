//! The record at a glance: what the top of every page of a record shows,
//! read in a few small queries from what is stored (the obligations and the
//! compliance status the last write or sweep worked out), never by running
//! the rules engine again.

use crate::connect::Store;
use crate::error::{Result, StoreError};
use crate::row::{code, date, int, opt_int, opt_text, small, text};
use jiff::civil::Date;
use mappa_domain::access::Granted;
use mappa_domain::breaches::CirculationKind;
use mappa_domain::obligations::ObligationKind;
use mappa_domain::orders::{OrderKind, OrderStatus};
use mappa_domain::periods::PeriodKind;
use mappa_domain::risk::RiskLevel;

/// What the top of a record's pages shows.
pub struct GlanceFacts {
    pub name: String,
    pub owning_agency: String,
    pub date_of_birth: Date,
    pub category: Option<u8>,
    pub level: Option<u8>,
    /// The latest OASys RoSH overall level and its date (RISK-0a).
    pub rosh: Option<(RiskLevel, Date)>,
    /// Whether subject to notification, as last worked out; None if not yet.
    pub subject: Option<bool>,
    /// In custody, hospital or abroad, since when.
    pub away: Option<(PeriodKind, Date)>,
    /// The obligation due first.
    pub next_due: Option<(ObligationKind, Date)>,
    /// Wanted or missing: since when, and the PNC circulation's reference.
    pub circulation: Option<(CirculationKind, Date, String)>,
    /// Breaches with no outcome recorded yet.
    pub open_breaches: i64,
    /// Civil orders in force (not discharged, expired or revoked by a later one).
    pub orders_in_force: Vec<OrderKind>,
    /// Currently recorded as a potentially dangerous person (PDP-1).
    pub pdp: bool,
}

impl Store {
    pub async fn glance(&self, grant: &Granted) -> Result<GlanceFacts> {
        let id = grant.nominal().to_string();
        let n = sqlx::query(
            "SELECT n.surname, n.forenames, n.date_of_birth, n.mappa_category, n.mappa_level, a.name AS agency, \
             (SELECT COUNT(*) FROM pdp_records p WHERE p.nominal_id = n.id AND p.removed_on IS NULL) AS pdp \
             FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id WHERE n.id = $1",
        )
        .bind(&id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let rosh = sqlx::query(
            "SELECT rosh_overall, assessment_date FROM risk_assessments \
             WHERE nominal_id = $1 AND tool = 'oasys_rosh' AND withdrawn_at IS NULL \
             ORDER BY assessment_date DESC, created_at DESC, id DESC LIMIT 1",
        )
        .bind(&id)
        .fetch_optional(&self.pool)
        .await?;
        let status = sqlx::query("SELECT subject, away_kind, away_since FROM compliance_status WHERE nominal_id = $1")
            .bind(&id)
            .fetch_optional(&self.pool)
            .await?;
        let next =
            sqlx::query("SELECT kind, due_date FROM obligations WHERE nominal_id = $1 ORDER BY due_date, kind LIMIT 1")
                .bind(&id)
                .fetch_optional(&self.pool)
                .await?;
        let circulation = sqlx::query(
            "SELECT kind, from_date, pnc_reference FROM circulations WHERE nominal_id = $1 AND cancelled_date IS NULL",
        )
        .bind(&id)
        .fetch_optional(&self.pool)
        .await?;
        let open = sqlx::query(
            "SELECT COUNT(*) AS n FROM breaches b WHERE b.nominal_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM breach_outcomes o WHERE o.breach_id = b.id)",
        )
        .bind(&id)
        .fetch_one(&self.pool)
        .await?;
        let orders_in_force = self
            .orders(grant)
            .await?
            .into_iter()
            .filter(|o| o.status == OrderStatus::InForce && o.revoked.is_none())
            .map(|o| o.kind)
            .collect();
        let away = match &status {
            Some(r) => match opt_text(r, "away_kind")? {
                Some(k) => Some((
                    PeriodKind::from_code(&k)
                        .ok_or_else(|| StoreError::Corrupt("compliance_status.away_kind".into()))?,
                    date(r, "away_since")?,
                )),
                None => None,
            },
            None => None,
        };
        Ok(GlanceFacts {
            name: mappa_domain::nominal::display_name(&text(&n, "surname")?, &text(&n, "forenames")?),
            owning_agency: text(&n, "agency")?,
            date_of_birth: date(&n, "date_of_birth")?,
            category: small(opt_int(&n, "mappa_category")?, "mappa_category")?,
            pdp: crate::row::int(&n, "pdp")? > 0,
            level: small(opt_int(&n, "mappa_level")?, "mappa_level")?,
            rosh: match &rosh {
                Some(r) => match opt_text(r, "rosh_overall")?.as_deref().and_then(RiskLevel::from_code) {
                    Some(level) => Some((level, date(r, "assessment_date")?)),
                    None => None,
                },
                None => None,
            },
            subject: status.as_ref().map(|r| int(r, "subject").map(|v| v != 0)).transpose()?,
            away,
            next_due: match &next {
                Some(r) => Some((code(r, "kind", ObligationKind::from_code)?, date(r, "due_date")?)),
                None => None,
            },
            circulation: match &circulation {
                Some(r) => Some((
                    code(r, "kind", CirculationKind::from_code)?,
                    date(r, "from_date")?,
                    text(r, "pnc_reference")?,
                )),
                None => None,
            },
            open_breaches: int(&open, "n")?,
            orders_in_force,
        })
    }
}
