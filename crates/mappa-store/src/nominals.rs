//! People's records: create, read, update, search, caseload.

use crate::audit::{AuditCtx, AuditEntry, append};
use crate::connect::{Store, WriteTx};
use crate::error::{Result, StoreError};
use crate::row::{code, date, int, opt_int, opt_parsed, opt_text, parsed, small, text};
use mappa_domain::access::RecordReach;
use mappa_domain::access::{Granted, ListScope};
use mappa_domain::audit_action::AuditAction;
use mappa_domain::characteristics::{Answer, Characteristic, DECLINED, NOT_ASKED, ProtectedCharacteristics};
use mappa_domain::identifiers::{IdentifierKind, normalise_identifier};
use mappa_domain::ids::{AgencyId, ItemId, NominalId, UserId};
use mappa_domain::mappa_case::{CaseStatus, MappaCase};
use mappa_domain::nominal::{Build, Gender, Identifier, NameKind, NominalDetails, OtherName, PhysicalDescription};
use mappa_domain::record::{AgencyRef, NominalRecord, NominalSummary, ShareAudience, UserRef, search_key};
use sqlx::Any;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use std::sync::LazyLock;

/// A record to create.
#[derive(Clone, Debug)]
pub struct NewNominal {
    pub id: NominalId,
    pub owning_agency: AgencyId,
    pub manager: Option<UserId>,
    pub details: NominalDetails,
    pub case: MappaCase,
}

/// A name or identifier search within what an agency can reach.
#[derive(Clone)]
pub struct SearchQuery {
    /// Whose reach the search covers.
    pub scope: ListScope,
    pub text: String,
    pub limit: i64,
}

impl std::fmt::Debug for SearchQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchQuery { .. }")
    }
}

/// Records an agency reaches: owned, or shared and not withdrawn (principle 2);
/// shares to the agency's MAPPA coordinators and chairs count only for them.
/// The agency is `$1`; the audience is a literal from a closed list.
pub(crate) fn reachable(scope: &ListScope) -> &'static str {
    if scope.mappa() {
        "(n.owning_agency_id = $1 OR EXISTS (SELECT 1 FROM shares s WHERE s.nominal_id = n.id AND s.agency_id = $1 AND s.withdrawn_at IS NULL))"
    } else {
        "(n.owning_agency_id = $1 OR EXISTS (SELECT 1 FROM shares s WHERE s.nominal_id = n.id AND s.agency_id = $1 AND s.withdrawn_at IS NULL AND s.audience = 'agency'))"
    }
}

const SUMMARY_COLUMNS: &str = "n.id, n.surname, n.forenames, n.date_of_birth, a.code AS owner_code, a.name AS owner_name, n.mappa_category, n.mappa_level, \
     (SELECT i.value FROM nominal_identifiers i WHERE i.nominal_id = n.id AND i.kind = 'pnc' ORDER BY i.position LIMIT 1) AS pnc";

impl Store {
    /// Creates records, each with its audit record, in one transaction.
    pub async fn create_nominals(&self, ctx: &AuditCtx, list: &[NewNominal]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for n in list {
            insert_nominal(&mut tx, ctx, n).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Who holds a record, or None if there is no such record.
    pub async fn reach(&self, id: NominalId) -> Result<Option<RecordReach>> {
        let row = sqlx::query("SELECT owning_agency_id FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let shares =
            sqlx::query("SELECT agency_id, audience FROM shares WHERE nominal_id = $1 AND withdrawn_at IS NULL")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        let mut reach = RecordReach::owned_by(parsed(&row, "owning_agency_id")?);
        for r in &shares {
            match code(r, "audience", ShareAudience::from_code)? {
                ShareAudience::Agency => reach.shared_with.push(parsed(r, "agency_id")?),
                ShareAudience::Mappa => reach.mappa_shared_with.push(parsed(r, "agency_id")?),
            }
        }
        Ok(Some(reach))
    }

    /// A record's name as pages show it, without loading the rest of it.
    pub async fn nominal_name(&self, grant: &Granted) -> Result<Option<String>> {
        let id = grant.nominal();
        let row = sqlx::query("SELECT surname, forenames FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(mappa_domain::nominal::display_name(&text(&r, "surname")?, &text(&r, "forenames")?))).transpose()
    }

    /// The whole record.
    pub async fn nominal(&self, grant: &Granted) -> Result<Option<NominalRecord>> {
        let id = grant.nominal();
        let row = sqlx::query(
            "SELECT n.*, a.code AS owner_code, a.name AS owner_name, la.code AS lead_code, la.name AS lead_name, u.display_name AS manager_name \
             FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id \
             LEFT JOIN agencies la ON la.id = n.lead_agency_id LEFT JOIN users u ON u.id = n.manager_user_id WHERE n.id = $1",
        )
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let details = self.details_from(&row, id).await?;
        let lead_agency = match opt_parsed::<AgencyId>(&row, "lead_agency_id")? {
            Some(lid) => Some(AgencyRef { id: lid, code: text(&row, "lead_code")?, name: text(&row, "lead_name")? }),
            None => None,
        };
        let manager = match opt_parsed::<UserId>(&row, "manager_user_id")? {
            Some(uid) => Some(UserRef { id: uid, name: text(&row, "manager_name")? }),
            None => None,
        };
        Ok(Some(NominalRecord {
            id,
            owning_agency: AgencyRef {
                id: parsed(&row, "owning_agency_id")?,
                code: text(&row, "owner_code")?,
                name: text(&row, "owner_name")?,
            },
            offender_manager: manager,
            details,
            mappa: case_from(&row)?,
            lead_agency,
            version: int(&row, "version")?,
            created_at: text(&row, "created_at")?,
            updated_at: text(&row, "updated_at")?,
            addresses: self.addresses(id).await?,
            disposals: self.disposals(id).await?,
            decisions: self.decisions(id).await?,
            shares: self.shares(id).await?,
        }))
    }

    async fn details_from(&self, row: &AnyRow, id: NominalId) -> Result<NominalDetails> {
        let names = sqlx::query("SELECT kind, name FROM nominal_names WHERE nominal_id = $1 ORDER BY position")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        let dobs =
            sqlx::query("SELECT date_of_birth FROM nominal_dates_of_birth WHERE nominal_id = $1 ORDER BY position")
                .bind(id.to_string())
                .fetch_all(&self.pool)
                .await?;
        let ids = sqlx::query("SELECT kind, value FROM nominal_identifiers WHERE nominal_id = $1 ORDER BY position")
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?;
        let mut pc = ProtectedCharacteristics::default();
        for c in Characteristic::ALL {
            *pc.get_mut(*c) = match text(row, c.field())?.as_str() {
                NOT_ASKED => Answer::NotAsked,
                DECLINED => Answer::Declined,
                other => Answer::Answered(other.to_string()),
            };
        }
        Ok(NominalDetails {
            surname: text(row, "surname")?,
            forenames: text(row, "forenames")?,
            date_of_birth: date(row, "date_of_birth")?,
            other_dates_of_birth: dobs.iter().map(|r| date(r, "date_of_birth")).collect::<Result<_>>()?,
            gender: code(row, "gender", Gender::from_code)?,
            other_names: names
                .iter()
                .map(|r| Ok(OtherName { kind: code(r, "kind", NameKind::from_code)?, name: text(r, "name")? }))
                .collect::<Result<_>>()?,
            identifiers: ids
                .iter()
                .map(|r| Ok(Identifier { kind: code(r, "kind", IdentifierKind::from_code)?, value: text(r, "value")? }))
                .collect::<Result<_>>()?,
            physical_description: PhysicalDescription {
                height_cm: opt_int(row, "height_cm")?.map(|h| h as u16),
                build: opt_text(row, "build")?.and_then(|b| Build::from_code(&b)),
                eye_colour: opt_text(row, "eye_colour")?,
                hair_colour: opt_text(row, "hair_colour")?,
                distinguishing_marks: opt_text(row, "distinguishing_marks")?,
            },
            protected_characteristics: pc,
        })
    }

    /// Replaces the identity part of a record if it is still at
    /// `expected_version` (when given); returns the new version.
    pub async fn update_details(
        &self,
        ctx: &AuditCtx,
        grant: &Granted,
        expected_version: Option<i64>,
        before: &NominalDetails,
        after: &NominalDetails,
    ) -> Result<i64> {
        let id = grant.writable().ok_or(StoreError::ReadOnlyGrant)?;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query("SELECT version FROM nominals WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let current = match row {
            None => return Err(StoreError::NotFound),
            Some(r) => int(&r, "version")?,
        };
        if expected_version.is_some_and(|v| v != current) {
            return Err(StoreError::Conflict("edited_elsewhere"));
        }
        bind_details(sqlx::query(sqlx::AssertSqlSafe(UPDATE_DETAILS.as_str())), after)
            .bind(ctx.at_text())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        for table in ["nominal_names", "nominal_dates_of_birth", "nominal_identifiers"] {
            let sql = format!("DELETE FROM {table} WHERE nominal_id = $1");
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.to_string()).execute(&mut *tx).await?;
        }
        insert_lists(&mut tx, id, after).await?;
        append(
            &mut tx,
            ctx,
            AuditEntry::new(AuditAction::NominalUpdate, "nominal", id).nominal(id).before(before).after(after),
        )
        .await?;
        // The date of birth feeds the rules engine (CONV-3, CONV-9).
        crate::compliance::refresh_naming(&mut tx, ctx, id, &self.rules, Some("date_of_birth")).await?;
        tx.commit().await?;
        Ok(current + 1)
    }

    /// Within reach: an identifier (exact, normalised), or the name words
    /// (each a prefix of a word of the name or of one other name) and the
    /// date of birth (the recorded one or another), whichever the text gives;
    /// the date as people type it (`search_terms::read`).
    pub async fn search(&self, q: &SearchQuery) -> Result<Vec<NominalSummary>> {
        let raw = q.text.trim();
        let terms = mappa_domain::search_terms::read(raw);
        let words: Vec<String> = search_key(&terms.words.join(" "))
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(5)
            .map(str::to_string)
            .collect();
        let dob = terms.date_of_birth.map(|d| d.to_string());
        if words.is_empty() && dob.is_none() {
            return Ok(Vec::new());
        }
        let ident = identifier_forms(raw);
        // $1 agency, $2 limit, then the identifier forms, the date, the words.
        let mut n = 2;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        let ident_params: Vec<String> = ident.iter().map(|_| next()).collect();
        let dob_param = dob.as_ref().map(|_| next());
        let word_params: Vec<String> = words.iter().map(|_| next()).collect();
        let all_words = |col: &str| {
            word_params.iter().map(|p| format!("(' ' || {col}) LIKE {p}")).collect::<Vec<_>>().join(" AND ")
        };
        let mut person = Vec::new();
        if !word_params.is_empty() {
            person.push(format!(
                "(({}) OR EXISTS (SELECT 1 FROM nominal_names nn WHERE nn.nominal_id = n.id AND {}))",
                all_words("n.search_key"),
                all_words("nn.search_key")
            ));
        }
        if let Some(p) = &dob_param {
            person.push(format!("(n.date_of_birth = {p} OR EXISTS (SELECT 1 FROM nominal_dates_of_birth d WHERE d.nominal_id = n.id AND d.date_of_birth = {p}))"));
        }
        let mut any = vec![format!("({})", person.join(" AND "))];
        if !ident_params.is_empty() {
            any.push(format!(
                "EXISTS (SELECT 1 FROM nominal_identifiers i WHERE i.nominal_id = n.id AND i.value IN ({}))",
                ident_params.join(", ")
            ));
        }
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id WHERE {} AND ({}) ORDER BY n.surname, n.forenames, n.id LIMIT $2",
            reachable(&q.scope),
            any.join(" OR ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(q.scope.agency().to_string()).bind(q.limit);
        for v in &ident {
            query = query.bind(v.clone());
        }
        if let Some(d) = dob {
            query = query.bind(d);
        }
        for w in &words {
            query = query.bind(format!("% {w}%"));
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(summary).collect()
    }

    /// Records whose named offender manager is `user`, within the scope's
    /// reach: one named on a record their agency no longer reaches does not
    /// see it.
    /// One page of the records `user` manages within reach, by name, with
    /// how many there are in all.
    pub async fn caseload(
        &self,
        scope: &ListScope,
        user: UserId,
        limit: i64,
        offset: i64,
    ) -> Result<(i64, Vec<NominalSummary>)> {
        // `reachable` takes the agency as $1; the manager is $2.
        let from = format!(
            "FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id WHERE {} AND n.manager_user_id = $2",
            reachable(scope)
        );
        let total = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) AS n {from}")))
            .bind(scope.agency().to_string())
            .bind(user.to_string())
            .fetch_one(&self.pool)
            .await?;
        let sql = format!("SELECT {SUMMARY_COLUMNS} {from} ORDER BY n.surname, n.forenames, n.id LIMIT $3 OFFSET $4");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.agency().to_string())
            .bind(user.to_string())
            .bind(limit)
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        Ok((int(&total, "n")?, rows.iter().map(summary).collect::<Result<_>>()?))
    }

    /// Records another agency has shared with the scope's agency (a partner's caseload).
    /// One page of them, with how many there are in all.
    pub async fn shared_with(&self, scope: &ListScope, limit: i64, offset: i64) -> Result<(i64, Vec<NominalSummary>)> {
        let audience = if scope.mappa() { "" } else { " AND s.audience = 'agency'" };
        let from = format!(
            "FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id \
             WHERE EXISTS (SELECT 1 FROM shares s WHERE s.nominal_id = n.id AND s.agency_id = $1 AND s.withdrawn_at IS NULL{audience})"
        );
        let total = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) AS n {from}")))
            .bind(scope.agency().to_string())
            .fetch_one(&self.pool)
            .await?;
        let sql = format!("SELECT {SUMMARY_COLUMNS} {from} ORDER BY n.surname, n.forenames, n.id LIMIT $2 OFFSET $3");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(scope.agency().to_string())
            .bind(limit)
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        Ok((int(&total, "n")?, rows.iter().map(summary).collect::<Result<_>>()?))
    }

    /// Of `ids`, the records within the scope's reach, by name: a report's
    /// figure opened into the people it counts (a person outside reach is
    /// neither listed nor counted here).
    pub async fn summaries_in_reach(&self, scope: &ListScope, ids: &[NominalId]) -> Result<Vec<NominalSummary>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM nominals n JOIN agencies a ON a.id = n.owning_agency_id \
                 WHERE {} AND n.id IN ({})",
                reachable(scope),
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(scope.agency().to_string());
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for r in q.fetch_all(&self.pool).await? {
                out.push(summary(&r)?);
            }
        }
        out.sort_by(|a, b| (&a.surname, &a.forenames, a.id).cmp(&(&b.surname, &b.forenames, b.id)));
        Ok(out)
    }

    /// How many records there are (the demo loader checks this).
    pub async fn count_nominals(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM nominals").fetch_one(&self.pool).await?;
        int(&row, "n")
    }
}

/// The identity columns, bound as $1 to $18 by [`bind_details`] in both the
/// insert and the update, so the two cannot drift apart.
const DETAIL_COLUMNS: [&str; 18] = [
    "surname",
    "forenames",
    "search_key",
    "date_of_birth",
    "gender",
    "height_cm",
    "build",
    "eye_colour",
    "hair_colour",
    "distinguishing_marks",
    "ethnicity",
    "religion",
    "disability",
    "sexual_orientation",
    "gender_identity",
    "nationality",
    "first_language",
    "interpreter_needed",
];

static UPDATE_DETAILS: LazyLock<String> = LazyLock::new(|| {
    let set: Vec<String> = DETAIL_COLUMNS.iter().enumerate().map(|(i, c)| format!("{c} = ${}", i + 1)).collect();
    format!("UPDATE nominals SET {}, version = version + 1, updated_at = $19 WHERE id = $20", set.join(", "))
});

static INSERT_NOMINAL: LazyLock<String> = LazyLock::new(|| {
    let case_columns = "id, owning_agency_id, manager_user_id, mappa_category, mappa_level, lead_agency_id, owning_area, \
                        case_status, case_start_date, case_exit_date, created_at";
    let params: Vec<String> = (1..=29).map(|i| format!("${i}")).collect();
    format!(
        "INSERT INTO nominals ({}, {case_columns}, updated_at, version) VALUES ({}, $29, 1)",
        DETAIL_COLUMNS.join(", "),
        params.join(", ")
    )
});

fn bind_details<'q>(q: Query<'q, Any, AnyArguments>, d: &'q NominalDetails) -> Query<'q, Any, AnyArguments> {
    let pc = &d.protected_characteristics;
    let p = &d.physical_description;
    q.bind(&d.surname)
        .bind(&d.forenames)
        .bind(name_key(d))
        .bind(d.date_of_birth.to_string())
        .bind(d.gender.code())
        .bind(p.height_cm.map(i64::from))
        .bind(p.build.map(|b| b.code()))
        .bind(&p.eye_colour)
        .bind(&p.hair_colour)
        .bind(&p.distinguishing_marks)
        .bind(pc.ethnicity.code())
        .bind(pc.religion.code())
        .bind(pc.disability.code())
        .bind(pc.sexual_orientation.code())
        .bind(pc.gender_identity.code())
        .bind(pc.nationality.code())
        .bind(pc.first_language.code())
        .bind(pc.interpreter_needed.code())
}

fn name_key(d: &NominalDetails) -> String {
    search_key(&format!("{} {}", d.surname, d.forenames))
}

/// The spellings of an identifier to look for: as typed (normalised), and in
/// each identifier kind's canonical form where it parses as one.
fn identifier_forms(raw: &str) -> Vec<String> {
    let plain: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let mut out = vec![plain];
    for k in IdentifierKind::ALL {
        if let Ok(v) = normalise_identifier(*k, "q", raw)
            && !out.contains(&v)
        {
            out.push(v);
        }
    }
    out
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`, as people type dates of birth into search.
fn summary(r: &AnyRow) -> Result<NominalSummary> {
    Ok(NominalSummary {
        id: parsed(r, "id")?,
        surname: text(r, "surname")?,
        forenames: text(r, "forenames")?,
        date_of_birth: date(r, "date_of_birth")?,
        owning_agency: text(r, "owner_code")?,
        owning_agency_name: text(r, "owner_name")?,
        category: small(opt_int(r, "mappa_category")?, "mappa_category")?,
        level: small(opt_int(r, "mappa_level")?, "mappa_level")?,
        pnc: opt_text(r, "pnc")?,
    })
}

pub(crate) fn case_from(row: &AnyRow) -> Result<MappaCase> {
    Ok(MappaCase {
        category: small(opt_int(row, "mappa_category")?, "mappa_category")?,
        level: small(opt_int(row, "mappa_level")?, "mappa_level")?,
        lead_agency: opt_parsed(row, "lead_agency_id")?,
        owning_area: opt_text(row, "owning_area")?,
        status: code(row, "case_status", CaseStatus::from_code)?,
        start_date: crate::row::opt_date(row, "case_start_date")?,
        exit_date: crate::row::opt_date(row, "case_exit_date")?,
    })
}

pub(crate) async fn insert_nominal(tx: &mut WriteTx, ctx: &AuditCtx, n: &NewNominal) -> Result<()> {
    let d = &n.details;
    bind_details(sqlx::query(sqlx::AssertSqlSafe(INSERT_NOMINAL.as_str())), d)
        .bind(n.id.to_string())
        .bind(n.owning_agency.to_string())
        .bind(n.manager.map(|m| m.to_string()))
        .bind(n.case.category.map(i64::from))
        .bind(n.case.level.map(i64::from))
        .bind(n.case.lead_agency.map(|a| a.to_string()))
        .bind(&n.case.owning_area)
        .bind(n.case.status.code())
        .bind(n.case.start_date.map(|d| d.to_string()))
        .bind(n.case.exit_date.map(|d| d.to_string()))
        .bind(ctx.at_text())
        .execute(&mut **tx)
        .await?;
    insert_lists(tx, n.id, d).await?;
    let after = serde_json::json!({"owning_agency": n.owning_agency, "details": d, "mappa": n.case});
    append(tx, ctx, AuditEntry::new(AuditAction::NominalCreate, "nominal", n.id).nominal(n.id).after(&after)).await?;
    Ok(())
}

async fn insert_lists(tx: &mut WriteTx, id: NominalId, d: &NominalDetails) -> Result<()> {
    for (i, n) in d.other_names.iter().enumerate() {
        sqlx::query("INSERT INTO nominal_names (id, nominal_id, position, kind, name, search_key) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(ItemId::new().to_string())
            .bind(id.to_string())
            .bind(i as i64)
            .bind(n.kind.code())
            .bind(&n.name)
            .bind(search_key(&n.name))
            .execute(&mut **tx)
            .await?;
    }
    for (i, dob) in d.other_dates_of_birth.iter().enumerate() {
        sqlx::query("INSERT INTO nominal_dates_of_birth (nominal_id, position, date_of_birth) VALUES ($1, $2, $3)")
            .bind(id.to_string())
            .bind(i as i64)
            .bind(dob.to_string())
            .execute(&mut **tx)
            .await?;
    }
    for (i, x) in d.identifiers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO nominal_identifiers (id, nominal_id, position, kind, value) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(ItemId::new().to_string())
        .bind(id.to_string())
        .bind(i as i64)
        .bind(x.kind.code())
        .bind(&x.value)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_forms_include_the_canonical_pnc() {
        let c = mappa_domain::identifiers::pnc_check_char(1, 12345);
        let forms = identifier_forms(&format!("01/12345{c}"));
        assert!(forms.contains(&format!("2001/0012345{c}")));
    }
}
