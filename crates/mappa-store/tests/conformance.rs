//! One conformance suite for the store, run on every configured backend:
//! SQLite always, PostgreSQL when MAPPA_TEST_POSTGRES_URL is set (principle 4).

use jiff::civil::date;
use mappa_domain::access::{Actor, RecordAction, list_scope};
use mappa_domain::agency::AgencyKind;
use mappa_domain::audit::ChainBreak;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::{DecisionInput, MappaCase};
use mappa_domain::nominal::NominalInput;
use mappa_domain::role::Role;
use mappa_store::testing::{TestDatabase, granted, granted_to};
use mappa_store::{AuditCtx, NewAgency, NewNominal, NewUser, SearchQuery, Store, StoreError, VerifyReport};

const TODAY: jiff::civil::Date = date(2026, 11, 23);

struct World {
    store: Store,
    manager: Actor,
    partner: Actor,
}

async fn world(db: &TestDatabase) -> World {
    let store = Store::connect(&db.url).await.unwrap().with_audit_key(mappa_store::testing::audit_key());
    let sys = AuditCtx::system(jiff::Timestamp::now());
    let police = store
        .create_agency(
            &sys,
            &NewAgency { code: "MPS".into(), name: "Metropolitan Police".into(), kind: AgencyKind::Police },
        )
        .await
        .unwrap();
    let housing = store
        .create_agency(
            &sys,
            &NewAgency { code: "HSG".into(), name: "Borough Housing".into(), kind: AgencyKind::Housing },
        )
        .await
        .unwrap();
    let m = store
        .create_user(
            &sys,
            &NewUser {
                username: "mgr".into(),
                display_name: "Mina Grey".into(),
                agency_id: police.id,
                roles: vec![Role::Manager],
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap();
    let p = store
        .create_user(
            &sys,
            &NewUser {
                username: "ptn".into(),
                display_name: "Pat Nye".into(),
                agency_id: housing.id,
                roles: vec![Role::Partner],
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap();
    World { manager: store.actor(m).await.unwrap().unwrap(), partner: store.actor(p).await.unwrap().unwrap(), store }
}

fn person(surname: &str, forenames: &str) -> mappa_domain::nominal::NominalDetails {
    serde_json::from_value::<NominalInput>(serde_json::json!({
        "surname": surname, "forenames": forenames, "date_of_birth": "1984-02-29", "gender": "male",
        "other_names": [{"kind": "gang_name", "name": "Ghost"}],
        "identifiers": [{"kind": "probation_crn", "value": "X123456"}],
        "protected_characteristics": {"religion": "declined", "ethnicity": "W1"}
    }))
    .unwrap()
    .parse(TODAY)
    .unwrap()
}

async fn create(w: &World, surname: &str) -> NominalId {
    let id = NominalId::new();
    let n = NewNominal {
        id,
        owning_agency: w.manager.agency_id,
        manager: Some(w.manager.user_id),
        details: person(surname, "Daniel"),
        case: MappaCase::default(),
    };
    w.store.create_nominals(&AuditCtx::user(&w.manager, jiff::Timestamp::now()), &[n]).await.unwrap();
    id
}

/// Runs `f` against every configured backend.
macro_rules! on_every_backend {
    ($name:ident, $body:expr) => {
        #[tokio::test]
        async fn $name() {
            for db in TestDatabase::all().await {
                let w = world(&db).await;
                let f: fn(World) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> = |w| Box::pin($body(w));
                f(w).await;
                db.cleanup().await.unwrap();
            }
        }
    };
}

on_every_backend!(migrating_twice_changes_nothing, |w: World| async move {
    w.store.migrate().await.unwrap();
    assert_eq!(w.store.list_agencies().await.unwrap().len(), 2);
});

on_every_backend!(a_record_round_trips_whole, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let r = w.store.nominal(&granted(id)).await.unwrap().unwrap();
    assert_eq!(r.details, person("Okafor", "Daniel"));
    assert_eq!(r.owning_agency.code, "MPS");
    assert_eq!(r.version, 1);
    assert_eq!(r.offender_manager.unwrap().name, "Mina Grey");
    assert!(w.store.nominal(&granted(NominalId::new())).await.unwrap().is_none());
    assert_eq!(w.store.nominal_name(&granted(id)).await.unwrap().as_deref(), Some("OKAFOR, Daniel"));
    assert_eq!(w.store.nominal_name(&granted(NominalId::new())).await.unwrap(), None);
});

on_every_backend!(an_update_is_versioned_and_audited_with_before_and_after, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let before = person("Okafor", "Daniel");
    let after = person("Okafor", "Dan");
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    assert_eq!(w.store.update_details(&ctx, &granted(id), Some(1), &before, &after).await.unwrap(), 2);
    assert!(matches!(
        w.store.update_details(&ctx, &granted(id), Some(1), &after, &before).await,
        Err(StoreError::Conflict("edited_elsewhere"))
    ));
    let trail = w.store.audit_for_nominal(&granted(id), 10).await.unwrap();
    assert_eq!(trail.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), vec!["nominal.update", "nominal.create"]);
    assert!(trail[0].before.as_deref().unwrap().contains("\"Daniel\""));
    assert!(trail[0].after.as_deref().unwrap().contains("\"Dan\""));
    assert_eq!(trail[0].actor_agency.as_deref(), Some("MPS"));
});

on_every_backend!(a_trail_page_filters_by_action_and_names_who_did_it, |w: World| async move {
    use mappa_domain::audit_action::{ActionKind, AuditAction};
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    for _ in 0..3 {
        let view = mappa_store::AuditEntry::new(AuditAction::NominalView, "nominal", id).nominal(id);
        w.store.audit_only(&ctx, view).await.unwrap();
    }
    w.store
        .update_details(&ctx, &granted(id), Some(1), &person("Okafor", "Daniel"), &person("Okafor", "Dan"))
        .await
        .unwrap();
    let changes: Vec<AuditAction> = AuditAction::of_kind(ActionKind::Change).collect();
    let page = w.store.audit_trail_page(&granted(id), &changes, 1, 0).await.unwrap();
    assert_eq!(page.total, 2, "created and changed; the three views are left out");
    assert_eq!(page.entries.len(), 1);
    let e = &page.entries[0];
    assert_eq!(e.record.action, "nominal.update");
    assert_eq!((e.actor_name.as_deref(), e.agency_name.as_deref()), (Some("Mina Grey"), Some("Metropolitan Police")));
    let next = w.store.audit_trail_page(&granted(id), &changes, 1, 1).await.unwrap();
    assert_eq!(next.entries[0].record.action, "nominal.create");
    assert_eq!(w.store.audit_trail_page(&granted(id), &[], 50, 0).await.unwrap().total, 5);
});

on_every_backend!(sharing_extends_reach_until_withdrawn, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let q = SearchQuery { scope: list_scope(&w.partner).unwrap(), text: "okafor".into(), limit: 10 };
    assert!(w.store.search(&q).await.unwrap().is_empty());
    let share = w
        .store
        .share(&ctx, &granted(id), w.partner.agency_id, "Housing a registered offender", w.manager.user_id)
        .await
        .unwrap();
    assert!(matches!(
        w.store.share(&ctx, &granted(id), w.partner.agency_id, "again", w.manager.user_id).await,
        Err(StoreError::Conflict("already_shared"))
    ));
    assert_eq!(w.store.reach(id).await.unwrap().unwrap().shared_with, vec![w.partner.agency_id]);
    assert_eq!(w.store.search(&q).await.unwrap().len(), 1);
    let (total, shared) = w.store.shared_with(&list_scope(&w.partner).unwrap(), 10, 0).await.unwrap();
    assert_eq!((total, shared.len()), (1, 1));
    w.store.withdraw_share(&ctx, &granted(id), share, Some("Tenancy ended"), w.manager.user_id).await.unwrap();
    assert!(w.store.reach(id).await.unwrap().unwrap().shared_with.is_empty());
    assert!(w.store.search(&q).await.unwrap().is_empty());
    assert!(matches!(
        w.store.withdraw_share(&ctx, &granted(id), share, None, w.manager.user_id).await,
        Err(StoreError::NotFound)
    ));
    let r = w.store.nominal(&granted(id)).await.unwrap().unwrap();
    assert_eq!(r.shares.len(), 1);
    assert_eq!(r.shares[0].withdrawal_reason.as_deref(), Some("Tenancy ended"));
});

on_every_backend!(search_finds_names_aliases_identifiers_and_dates_of_birth, |w: World| async move {
    let id = create(&w, "O'Brien-Smith").await;
    create(&w, "Other").await;
    let find = |text: &str| SearchQuery { scope: list_scope(&w.manager).unwrap(), text: text.into(), limit: 10 };
    for q in ["obrien", "o brien", "smith dan", "ghost", "x123456", "29/02/1984"] {
        let hits = w.store.search(&find(q)).await.unwrap();
        assert!(hits.iter().any(|h| h.id == id), "{q} finds the record");
    }
    assert!(w.store.search(&find("nobody")).await.unwrap().is_empty());
    assert!(w.store.search(&find("%")).await.unwrap().is_empty());
    let mine = list_scope(&w.manager).unwrap();
    let (total, page) = w.store.caseload(&mine, w.manager.user_id, 1, 1).await.unwrap();
    assert_eq!((total, page.len()), (2, 1), "a page of one, of two");
    // Named as manager, but in an agency that does not reach the records.
    let moved = Actor { agency_id: mappa_domain::ids::AgencyId::new(), ..w.manager.clone() };
    assert!(w.store.caseload(&list_scope(&moved).unwrap(), w.manager.user_id, 10, 0).await.unwrap().1.is_empty());
});

on_every_backend!(decisions_keep_history_and_the_rules, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let d = |v: serde_json::Value| serde_json::from_value::<DecisionInput>(v).unwrap().parse(TODAY).unwrap();
    w.store
        .record_decision(
            &ctx,
            &granted(id),
            &d(serde_json::json!({"kind": "category", "value": 3, "rationale": "Index offence shows serious harm"})),
            w.manager.user_id,
        )
        .await
        .unwrap();
    w.store
        .record_decision(
            &ctx,
            &granted(id),
            &d(serde_json::json!({"kind": "level", "value": 2, "rationale": "Needs multi-agency meetings"})),
            w.manager.user_id,
        )
        .await
        .unwrap();
    let err = w
        .store
        .record_decision(
            &ctx,
            &granted(id),
            &d(serde_json::json!({"kind": "level", "value": 1, "rationale": "x"})),
            w.manager.user_id,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(e) if e.0[0].code == "category_3_at_level_1"));
    let r = w.store.nominal(&granted(id)).await.unwrap().unwrap();
    assert_eq!((r.mappa.category, r.mappa.level), (Some(3), Some(2)));
    assert_eq!(r.decisions.len(), 2);
    assert_eq!(r.decisions[0].from_value, None);
    assert_eq!(r.mappa.start_date, Some(TODAY.min(r.mappa.start_date.unwrap())));
});

on_every_backend!(case_details_apply_to_the_case_as_stored, |w: World| async move {
    use mappa_domain::mappa_case::CaseDetailsInput;
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let details = |v: serde_json::Value| serde_json::from_value::<CaseDetailsInput>(v).unwrap().parse(TODAY).unwrap();
    w.store
        .update_case(&ctx, &granted(id), &details(serde_json::json!({"start_date": "2024-01-01"})), None)
        .await
        .unwrap();
    // Each change keeps what the other set, whatever its writer had read.
    let case = w
        .store
        .update_case(&ctx, &granted(id), &details(serde_json::json!({"owning_area": "North London"})), None)
        .await
        .unwrap();
    assert_eq!((case.start_date, case.owning_area.as_deref()), (Some(date(2024, 1, 1)), Some("North London")));
    // An exit date is checked against the start date as stored.
    let version = w.store.nominal(&granted(id)).await.unwrap().unwrap().version;
    assert!(matches!(
        w.store.update_case(&ctx, &granted(id), &details(serde_json::json!({"exit_date": "2023-12-31"})), None).await,
        Err(StoreError::Invalid(e)) if e.0[0].code == "end_before_start"
    ));
    let r = w.store.nominal(&granted(id)).await.unwrap().unwrap();
    assert_eq!((r.version, r.mappa), (version, case));
});

on_every_backend!(the_database_refuses_to_change_audit_records, |w: World| async move {
    create(&w, "Okafor").await;
    assert!(w.store.execute_raw("UPDATE audit_events SET actor_username = 'someone'").await.is_err());
    assert!(w.store.execute_raw("DELETE FROM audit_events").await.is_err());
    assert_eq!(w.store.verify_audit_chain(None).await.unwrap(), VerifyReport::Intact { records: 5 });
});

on_every_backend!(verify_names_the_first_tampered_record, |w: World| async move {
    create(&w, "Okafor").await;
    create(&w, "Other").await;
    // An attacker with database rights drops the guard and edits record 4.
    w.store
        .execute_raw("DROP TRIGGER audit_events_no_update ON audit_events")
        .await
        .or(w.store.execute_raw("DROP TRIGGER audit_events_no_update").await)
        .unwrap();
    w.store.execute_raw("UPDATE audit_events SET actor_username = 'nobody' WHERE seq = 4").await.unwrap();
    match w.store.verify_audit_chain(None).await.unwrap() {
        VerifyReport::Broken(ChainBreak::HashMismatch { seq, .. }) => assert_eq!(seq, 4),
        other => panic!("expected a hash mismatch at 4, got {other:?}"),
    }
});

on_every_backend!(disposals_and_addresses_round_trip, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let d: mappa_domain::disposal::DisposalInput = serde_json::from_value(serde_json::json!({
        "kind": "conviction", "date": "2019-03-04", "court": "Wood Green Crown Court",
        "sentence": {"type": "imprisonment", "term_months": 24},
        "offences": [{"description": "Sexual assault on a female", "schedule_3": true}]
    }))
    .unwrap();
    let d = d.parse(ItemId::new(), TODAY, &[]).unwrap();
    w.store.add_disposal(&ctx, &granted(id), &d).await.unwrap();
    let a: mappa_domain::address::AddressInput = serde_json::from_value(
        serde_json::json!({"kind": "home", "line1": "1 High St", "postcode": "e16an", "from": "2020-06-02"}),
    )
    .unwrap();
    let a = a.parse(ItemId::new(), TODAY).unwrap();
    // A grant to read only opens no write, whatever the use case asked for.
    for action in [RecordAction::View, RecordAction::ViewAudit] {
        assert!(matches!(w.store.add_address(&ctx, &granted_to(id, action), &a).await, Err(StoreError::ReadOnlyGrant)));
    }
    w.store.add_address(&ctx, &granted(id), &a).await.unwrap();
    let r = w.store.nominal(&granted_to(id, RecordAction::View)).await.unwrap().unwrap();
    assert_eq!(r.disposals, vec![d]);
    assert_eq!(r.addresses, vec![a.clone()]);
    assert_eq!(r.version, 3);
    // Moving home ends the earlier home the day before.
    let moved: mappa_domain::address::AddressInput = serde_json::from_value(
        serde_json::json!({"kind": "home", "line1": "9 Low Rd", "postcode": "N1 1AA", "from": "2024-03-01"}),
    )
    .unwrap();
    let moved = moved.parse(ItemId::new(), TODAY).unwrap();
    w.store.add_address(&ctx, &granted(id), &moved).await.unwrap();
    let r = w.store.nominal(&granted(id)).await.unwrap().unwrap();
    assert_eq!(r.addresses[0], moved);
    assert_eq!((r.addresses[1].id, r.addresses[1].to), (a.id, Some(date(2024, 2, 29))));
});

#[path = "conformance/breaches.rs"]
mod breaches;
#[path = "conformance/risk.rs"]
mod risk;
on_every_backend!(orders_and_licences_round_trip_with_history, |w: World| async move {
    use mappa_domain::licence::{ConditionReviewInput, LicenceInput, RecallInput};
    use mappa_domain::orders::{ChangeInput, OrderInput, OrderStatus, PassportInput};
    let id = create(&w, "Okafor").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let cfg = mappa_domain::rules::OrdersConfig::default();
    let o: OrderInput = serde_json::from_value(serde_json::json!({
        "type": "shpo", "court": "Wood Green Crown Court", "made": "2024-01-10", "served": "2024-01-12", "ends": "2029-01-09",
        "terms": [{"kind": "prohibition", "wording": "No unsupervised contact with children"},
                  {"kind": "requirement", "wording": "Attend a programme", "responsible_person": "Probation", "ends": "2029-01-09"}],
        "travel_prohibition": {"scope": "all_countries", "ends": "2029-01-09", "passport_station": "Ilford"}
    }))
    .unwrap();
    let o = o.parse(TODAY, &cfg).unwrap();
    w.store.add_order(&ctx, &granted(id), &o).await.unwrap();
    assert_eq!(w.store.orders(&granted(id)).await.unwrap(), vec![o.clone()]);
    // Passport surrender, then a renewal and a discharge kept as history.
    let p: PassportInput = serde_json::from_value(serde_json::json!({"surrendered": "2024-01-15"})).unwrap();
    let p = p.parse(&o, TODAY).unwrap();
    let o = w.store.record_passport(&ctx, &granted(id), o.id, &p, o.revision).await.unwrap();
    assert_eq!(o.travel_prohibition.as_ref().unwrap().passport.surrendered, Some(date(2024, 1, 15)));
    let c: ChangeInput = serde_json::from_value(serde_json::json!({"kind": "renewal", "date": "2026-01-05",
        "reason": "Risk continues", "ends": "2034-01-09", "travel_prohibition_ends": "2034-01-09"}))
    .unwrap();
    let c = c.parse(&o, TODAY, &cfg).unwrap();
    let renewed = w.store.change_order(&ctx, &granted(id), o.id, &c, w.manager.user_id).await.unwrap();
    assert_eq!(renewed.ends, Some(date(2034, 1, 9)));
    // The same change checked against the old revision is refused.
    assert!(matches!(
        w.store.change_order(&ctx, &granted(id), o.id, &c, w.manager.user_id).await,
        Err(StoreError::Conflict("edited_elsewhere"))
    ));
    let d: ChangeInput = serde_json::from_value(
        serde_json::json!({"kind": "discharge", "date": "2026-03-01", "reason": "Appeal allowed"}),
    )
    .unwrap();
    let d = d.parse(&renewed, TODAY, &cfg).unwrap();
    let gone = w.store.change_order(&ctx, &granted(id), o.id, &d, w.manager.user_id).await.unwrap();
    assert_eq!(
        (gone.status, gone.ends, gone.discharged),
        (OrderStatus::Discharged, Some(date(2026, 3, 1)), Some(date(2026, 3, 1)))
    );
    assert_eq!(gone.changes.len(), 2);
    assert!(gone.terms.iter().all(|t| t.ends == Some(date(2026, 3, 1))));
    let facts = w.store.order_facts(&granted(id)).await.unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].id, o.id.to_string());
    assert_eq!(
        (facts[0].ends, facts[0].foreign_travel_prohibition_ends),
        (Some(date(2026, 3, 1)), Some(date(2026, 3, 1)))
    );
    assert_eq!(facts[0].served, Some(date(2024, 1, 12)));
    // A licence, superseded by a second, then a recall on the current one.
    assert!(w.store.licence_facts(&granted(id)).await.unwrap().is_none());
    let l1: LicenceInput = serde_json::from_value(
        serde_json::json!({"release_date": "2025-01-01", "led": "2026-01-01", "sed": "2026-06-01"}),
    )
    .unwrap();
    let l1 = l1.parse(ItemId::new(), &[]).unwrap();
    assert_eq!(w.store.record_licence(&ctx, &granted(id), &l1, Some(w.manager.user_id)).await.unwrap(), None);
    let l2: LicenceInput = serde_json::from_value(serde_json::json!({
        "release_date": "2025-06-01", "crd": "2025-06-01", "led": "2027-06-01", "sed": "2027-12-01",
        "additional_conditions": [{"type": "curfew", "wording": "Stay in overnight", "curfew_start": "19:00", "curfew_end": "07:00"},
                                  {"type": "electronic_monitoring", "wording": "GPS tag", "gps": true}]
    }))
    .unwrap();
    let l2 = l2.parse(ItemId::new(), &[]).unwrap();
    assert_eq!(w.store.record_licence(&ctx, &granted(id), &l2, Some(w.manager.user_id)).await.unwrap(), Some(l1.id));
    let current = w.store.current_licence(&granted(id)).await.unwrap().unwrap();
    assert_eq!((current.id, current.additional_conditions.clone()), (l2.id, l2.additional_conditions.clone()));
    // The store checks a recall and a condition's review against the licence
    // as it reads it inside the write's transaction (REC-1, LIC-A14).
    let version = w.store.nominal(&granted(id)).await.unwrap().unwrap().version;
    let early: RecallInput = serde_json::from_value(
        serde_json::json!({"date": "2025-05-01", "type": "standard", "reasons": "Curfew breached"}),
    )
    .unwrap();
    assert!(matches!(
        w.store.record_recall(&ctx, &granted(id), &early, Some(w.manager.user_id)).await,
        Err(StoreError::Invalid(e)) if e.0[0].code == "recall_before_release"
    ));
    let review: ConditionReviewInput =
        serde_json::from_value(serde_json::json!({"reviewed_on": "2025-05-01"})).unwrap();
    let condition = current.additional_conditions[0].id;
    assert!(matches!(
        w.store.review_licence_condition(&ctx, &granted(id), condition, &review).await,
        Err(StoreError::Invalid(e)) if e.0[0].code == "before_release"
    ));
    assert_eq!(w.store.nominal(&granted(id)).await.unwrap().unwrap().version, version, "nothing written");
    let r: RecallInput = serde_json::from_value(
        serde_json::json!({"date": "2026-02-01", "type": "standard", "reasons": "Curfew breached"}),
    )
    .unwrap();
    let (on, r) = w.store.record_recall(&ctx, &granted(id), &r, Some(w.manager.user_id)).await.unwrap();
    assert_eq!((on, r.date), (l2.id, date(2026, 2, 1)));
    let all = w.store.licences(&granted(id)).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].recalls, vec![r]);
    assert!(all[1].superseded_at.is_some());
    let f = w.store.licence_facts(&granted(id)).await.unwrap().unwrap();
    assert_eq!(
        (f.licence.led, f.licence.sed, f.recall_date),
        (Some(date(2027, 6, 1)), Some(date(2027, 12, 1)), Some(date(2026, 2, 1)))
    );
    let trail = w.store.audit_for_nominal(&granted(id), 20).await.unwrap();
    let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
    for a in ["order.create", "order.passport", "order.renewal", "order.discharge", "licence.create", "licence.recall"]
    {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(matches!(w.store.verify_audit_chain(None).await.unwrap(), VerifyReport::Intact { .. }));
});
