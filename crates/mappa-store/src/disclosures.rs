//! MAPPA disclosure decisions (issue 11, DIS-1..6). The audit keeps the
//! decision, the kind of recipient and the dates, never who the recipient
//! is or what was said: the trail is read by every agency reaching the record.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::items::touch;
use crate::row::{code, date, opt_date, opt_int, opt_parsed, opt_text, parsed, text};
use jiff::civil::Date;
use mappa_domain::ValidationErrors;
use mappa_domain::access::Granted;
use mappa_domain::audit_action::AuditAction;
use mappa_domain::disclosures::{
    Disclosure, DisclosureChoice, DisclosureMethod, RecipientKind, ValidDisclosure, ValidMade, mappa_agency_error,
    names_mappa_agency,
};
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::obligations::{Obligation, ObligationKind};
use mappa_domain::record::UserRef;

const SELECT: &str = "SELECT d.*, u.display_name AS decided_by_name, a.code AS agency_code, mc.meeting_id, \
     m.meeting_date FROM disclosures d JOIN users u ON u.id = d.decided_by JOIN agencies a ON a.id = d.agency_id \
     LEFT JOIN meeting_cases mc ON mc.id = d.meeting_case_id LEFT JOIN meetings m ON m.id = mc.meeting_id";

async fn disclosures_in(
    conn: &mut sqlx::AnyConnection,
    id: NominalId,
    only: Option<ItemId>,
) -> Result<Vec<Disclosure>> {
    let sql = format!(
        "{SELECT} WHERE d.nominal_id = $1 AND ($2 = '' OR d.id = $2) ORDER BY d.decided_on DESC, d.created_at DESC"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .bind(only.map(|v| v.to_string()).unwrap_or_default())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let method: Option<String> = opt_text(r, "method")?;
            Ok(Disclosure {
                id: parsed(r, "id")?,
                decision: code(r, "decision", DisclosureChoice::from_code)?,
                decided_on: date(r, "decided_on")?,
                decided_by: UserRef { id: parsed(r, "decided_by")?, name: text(r, "decided_by_name")? },
                agency: text(r, "agency_code")?,
                meeting_case_id: opt_parsed(r, "meeting_case_id")?,
                meeting_id: opt_parsed(r, "meeting_id")?,
                meeting_date: opt_date(r, "meeting_date")?,
                recipient: text(r, "recipient")?,
                recipient_kind: code(r, "recipient_kind", RecipientKind::from_code)?,
                recipient_organisation: opt_text(r, "recipient_organisation")?,
                information: opt_text(r, "information")?,
                reasonable: text(r, "reasonable")?,
                necessary: text(r, "necessary")?,
                lawful: text(r, "lawful")?,
                proportionate: text(r, "proportionate")?,
                by_whom: opt_text(r, "by_whom")?,
                method: method
                    .map(|m| {
                        DisclosureMethod::from_code(&m).ok_or_else(|| StoreError::Corrupt("disclosures.method".into()))
                    })
                    .transpose()?,
                planned_on: opt_date(r, "planned_on")?,
                conditions: opt_text(r, "conditions")?,
                disclosed_on: opt_date(r, "disclosed_on")?,
                undertaking_signed_on: opt_date(r, "undertaking_signed_on")?,
                offender_told: opt_int(r, "offender_told")?.map(|v| v != 0),
                not_told_reason: opt_text(r, "not_told_reason")?,
            })
        })
        .collect()
}

/// DIS-6: a managed child sex offender with no disclosure decision recorded,
/// neither here nor in approved minutes (MTG-9, DIS-5: a meeting's decision
/// about disclosure is its consideration). Due from the later of the
/// conviction and the day the MAPPA category was decided. (nominal id, work).
pub(crate) async fn disclosure_duties(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, Obligation)>> {
    let sql = format!(
        "SELECT n.id, MAX(d.disposal_date) AS convicted, (SELECT MAX(md.effective_date) FROM mappa_decisions md \
            WHERE md.nominal_id = n.id AND md.kind = 'category' AND md.withdrawn_at IS NULL \
            AND md.to_value IS NOT NULL) AS managed_since \
         FROM nominals n JOIN disposals d ON d.nominal_id = n.id AND d.withdrawn_at IS NULL \
         JOIN offences o ON o.disposal_id = d.id AND o.child_sex_offence = 1 \
         WHERE n.mappa_category IS NOT NULL AND n.case_status NOT IN ('exited', 'archived') \
         AND NOT EXISTS (SELECT 1 FROM disclosures x WHERE x.nominal_id = n.id) \
         AND NOT EXISTS (SELECT 1 FROM minutes mi JOIN meeting_cases mc ON mc.id = mi.meeting_case_id \
            WHERE mc.nominal_id = n.id AND mi.status = 'approved' AND mi.body LIKE '%\"disclosure\":{{%'){} \
         GROUP BY n.id",
        crate::facts::and_filter(scope, "n.id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        let convicted = date(&r, "convicted")?;
        let due = opt_date(&r, "managed_since")?.map_or(convicted, |m| m.max(convicted));
        let kind = ObligationKind::DisclosureConsideration;
        out.push((text(&r, "id")?, Obligation { kind, due, rule: "DIS-6".into(), source: String::new() }));
    }
    Ok(out)
}

/// DIS-5: a decision to disclose by a day, not yet recorded as made: (nominal id, work).
pub(crate) async fn disclosures_to_make(
    conn: &mut sqlx::AnyConnection,
    scope: crate::facts::Scope,
) -> Result<Vec<(String, Obligation)>> {
    let sql = format!(
        "SELECT nominal_id, id, planned_on FROM disclosures WHERE decision = 'disclose' AND disclosed_on IS NULL \
         AND planned_on IS NOT NULL{}",
        crate::facts::and_filter(scope, "nominal_id")
    );
    let mut out = Vec::new();
    for r in crate::facts::fetch(conn, sql, scope).await? {
        let kind = ObligationKind::DisclosureToMake;
        let o = Obligation { kind, due: date(&r, "planned_on")?, rule: "DIS-5".into(), source: text(&r, "id")? };
        out.push((text(&r, "nominal_id")?, o));
    }
    Ok(out)
}

/// The meeting case's meeting day, when it is this person's.
async fn meeting_day(tx: &mut WriteTx, id: NominalId, case: ItemId) -> Result<Date> {
    let row = sqlx::query(
        "SELECT m.meeting_date FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id \
         WHERE mc.id = $1 AND mc.nominal_id = $2",
    )
    .bind(case.to_string())
    .bind(id.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    match row {
        Some(r) => date(&r, "meeting_date"),
        None => Err(StoreError::Invalid(ValidationErrors::single(
            "meeting_case_id",
            "unknown_meeting",
            "Select a meeting at which this person's case was discussed",
        ))),
    }
}

/// DIS-1: refuses an organisation that is a MAPPA agency.
async fn check_not_mappa_agency(tx: &mut WriteTx, organisation: Option<&str>) -> Result<()> {
    let Some(o) = organisation else { return Ok(()) };
    let agencies: Vec<(String, String)> = sqlx::query("SELECT code, name FROM agencies")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| Ok((text(r, "code")?, text(r, "name")?)))
        .collect::<Result<_>>()?;
    if names_mappa_agency(o, &agencies) { Err(StoreError::Invalid(mappa_agency_error())) } else { Ok(()) }
}

fn audited_made(m: &ValidMade) -> serde_json::Value {
    serde_json::json!({
        "disclosed_on": m.disclosed_on,
        "undertaking_signed_on": m.undertaking_signed_on,
        "offender_told": m.offender_told,
    })
}

async fn write_made(tx: &mut WriteTx, disclosure: ItemId, m: &ValidMade, at: &str) -> Result<()> {
    sqlx::query(
        "UPDATE disclosures SET disclosed_on = $1, undertaking_signed_on = $2, offender_told = $3, \
         not_told_reason = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(m.disclosed_on.map(|d| d.to_string()))
    .bind(m.undertaking_signed_on.map(|d| d.to_string()))
    .bind(m.offender_told.map(crate::row::b))
    .bind(&m.not_told_reason)
    .bind(at)
    .bind(disclosure.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Every disclosure decision on the record, the latest first.
    pub async fn disclosures(&self, grant: &Granted) -> Result<Vec<Disclosure>> {
        let mut conn = self.pool.acquire().await?;
        disclosures_in(&mut conn, grant.nominal(), None).await
    }

    /// Records a decision (and, when given, the disclosure made) for the
    /// deciding user and agency. The decision's day defaults to the meeting's,
    /// else today; a disclosure before it is refused.
    pub async fn record_disclosure(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        v: &ValidDisclosure,
        (by, agency): (UserId, AgencyId),
    ) -> Result<Disclosure> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let meeting_on = match v.meeting_case {
            Some(case) => Some(meeting_day(&mut tx, id, case).await?),
            None => None,
        };
        let decided_on = v.decided_on.or(meeting_on).unwrap_or(ctx.today());
        if v.made.disclosed_on.is_some_and(|d| d < decided_on) {
            return Err(StoreError::Invalid(ValidationErrors::single(
                "disclosed_on",
                "before_decision",
                "The disclosure must be on or after the day it was decided",
            )));
        }
        check_not_mappa_agency(&mut tx, v.recipient_organisation.as_deref()).await?;
        touch(&mut tx, ctx, id).await?;
        let disclosure = ItemId::new();
        let [reasonable, necessary, lawful, proportionate] = &v.reasons;
        sqlx::query(
            "INSERT INTO disclosures (id, nominal_id, meeting_case_id, decision, decided_on, decided_by, agency_id, \
             recipient, recipient_kind, recipient_organisation, information, reasonable, necessary, lawful, \
             proportionate, by_whom, method, planned_on, conditions, created_at, updated_at) VALUES ($1, $2, $3, $4, \
             $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)",
        )
        .bind(disclosure.to_string())
        .bind(id.to_string())
        .bind(v.meeting_case.map(|c| c.to_string()))
        .bind(v.decision.code())
        .bind(decided_on.to_string())
        .bind(by.to_string())
        .bind(agency.to_string())
        .bind(&v.recipient)
        .bind(v.recipient_kind.code())
        .bind(&v.recipient_organisation)
        .bind(&v.information)
        .bind(reasonable)
        .bind(necessary)
        .bind(lawful)
        .bind(proportionate)
        .bind(&v.by_whom)
        .bind(v.method.map(|m| m.code()))
        .bind(v.planned_on.map(|d| d.to_string()))
        .bind(&v.conditions)
        .bind(ctx.at_text())
        .execute(&mut *tx)
        .await?;
        write_made(&mut tx, disclosure, &v.made, &ctx.at_text()).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let after = serde_json::json!({
            "decision": v.decision,
            "decided_on": decided_on,
            "meeting_case_id": v.meeting_case,
            "recipient_kind": v.recipient_kind,
            "method": v.method,
            "made": audited_made(&v.made),
        });
        let entry = AuditEntry::new(AuditAction::DisclosureDecide, "disclosure", disclosure).nominal(id).after(&after);
        append(&mut tx, ctx, entry).await?;
        let stored = disclosures_in(&mut tx, id, Some(disclosure)).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Records that a decision to disclose was carried out. 409
    /// `not_to_disclose` on a decision not to, `already_disclosed` when recorded.
    pub async fn record_disclosure_made(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        disclosure: ItemId,
        check: impl FnOnce(Date) -> std::result::Result<ValidMade, ValidationErrors>,
    ) -> Result<Disclosure> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let before = disclosures_in(&mut tx, id, Some(disclosure)).await?.pop().ok_or(StoreError::NotFound)?;
        if before.decision != DisclosureChoice::Disclose {
            return Err(StoreError::Conflict("not_to_disclose"));
        }
        if before.disclosed_on.is_some() {
            return Err(StoreError::Conflict("already_disclosed"));
        }
        let made = check(before.decided_on).map_err(StoreError::Invalid)?;
        touch(&mut tx, ctx, id).await?;
        write_made(&mut tx, disclosure, &made, &ctx.at_text()).await?;
        crate::compliance::refresh(&mut tx, ctx, id, &self.rules).await?;
        let entry = AuditEntry::new(AuditAction::DisclosureMade, "disclosure", disclosure)
            .nominal(id)
            .after(&audited_made(&made));
        append(&mut tx, ctx, entry).await?;
        let stored = disclosures_in(&mut tx, id, Some(disclosure)).await?.pop().ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(stored)
    }
}

impl Store {
    /// The meetings at which the person's case was listed, the latest first:
    /// (meeting case id, meeting day, panel name).
    pub async fn case_meetings(&self, grant: &Granted) -> Result<Vec<(ItemId, Date, String)>> {
        let rows = sqlx::query(
            "SELECT mc.id, m.meeting_date, p.name FROM meeting_cases mc JOIN meetings m ON m.id = mc.meeting_id \
             JOIN panels p ON p.id = m.panel_id WHERE mc.nominal_id = $1 ORDER BY m.meeting_date DESC",
        )
        .bind(grant.nominal().to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok((parsed(r, "id")?, date(r, "meeting_date")?, text(r, "name")?))).collect()
    }
}
