//! Conformance of review applications (REV-01..REV-08) on every configured
//! backend: SQLite always, PostgreSQL when MAPPA_TEST_POSTGRES_URL is set.

use jiff::civil::date;
use mappa_domain::access::Actor;
use mappa_domain::agency::AgencyKind;
use mappa_domain::disposal::DisposalInput;
use mappa_domain::ids::{ItemId, NominalId};
use mappa_domain::mappa_case::MappaCase;
use mappa_domain::nominal::NominalInput;
use mappa_domain::notifications::NotificationInput;
use mappa_domain::review_application::{
    ReviewApplication, ReviewApplicationInput, ReviewFactor, ReviewStage, ReviewStageInput,
};
use mappa_domain::role::Role;
use mappa_domain::rules::{ReviewDecision, ReviewOutcome, RulesConfig};
use mappa_store::testing::{TestDatabase, granted};
use mappa_store::{AuditCtx, NewAgency, NewNominal, NewUser, Store, StoreError, VerifyReport};
use serde_json::json;

const TODAY: jiff::civil::Date = date(2026, 11, 23);

async fn setup(db: &TestDatabase) -> (Store, Actor, NominalId) {
    let store = Store::connect(&db.url).await.unwrap().with_audit_key(mappa_store::testing::audit_key());
    let sys = AuditCtx::system(jiff::Timestamp::now());
    let police = store
        .create_agency(
            &sys,
            &NewAgency { code: "MPS".into(), name: "Metropolitan Police".into(), kind: AgencyKind::Police },
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
    let manager = store.actor(m).await.unwrap().unwrap();
    let details = serde_json::from_value::<NominalInput>(json!({
        "surname": "Okafor", "forenames": "Daniel", "date_of_birth": "1970-01-01", "gender": "male"
    }))
    .unwrap()
    .parse(TODAY)
    .unwrap();
    let id = NominalId::new();
    let n = NewNominal { id, owning_agency: police.id, manager: Some(m), details, case: MappaCase::default() };
    let ctx = AuditCtx::user(&manager, jiff::Timestamp::now());
    store.create_nominals(&ctx, &[n]).await.unwrap();
    // A qualifying relevant offender (REV-01): indefinite notification from a
    // Schedule 3 conviction with 36 months' imprisonment, first notified on
    // 12 January 2005, so the qualifying date is 12 January 2020 (REV-03).
    let d: DisposalInput = serde_json::from_value(json!({
        "kind": "conviction", "date": "2005-01-10", "schedule_3": true,
        "sentence": {"type": "imprisonment", "term_months": 36}
    }))
    .unwrap();
    store.add_disposal(&ctx, &granted(id), &d.parse(ItemId::new(), TODAY, &[]).unwrap()).await.unwrap();
    let n: NotificationInput = serde_json::from_value(json!({"date": "2005-01-12", "kind": "initial"})).unwrap();
    store.add_notification(&ctx, &granted(id), &n, Some(m)).await.unwrap();
    (store, manager, id)
}

async fn add_stage(store: &Store, ctx: &AuditCtx, id: NominalId, app: &ReviewApplication, v: serde_json::Value) {
    let s = serde_json::from_value::<ReviewStageInput>(v)
        .unwrap()
        .parse(ItemId::new(), app, TODAY, &RulesConfig::default())
        .unwrap();
    store.add_review_stage(ctx, &granted(id), app.id, &s).await.unwrap();
}

#[tokio::test]
async fn review_applications_round_trip_through_every_stage() {
    for db in TestDatabase::all().await {
        let (store, manager, id) = setup(&db).await;
        let ctx = AuditCtx::user(&manager, jiff::Timestamp::now());
        let input: ReviewApplicationInput = serde_json::from_value(
            json!({"received": "2026-03-02", "in_writing": true, "notes": "Letter from solicitor"}),
        )
        .unwrap();
        let a = input.parse(ItemId::new(), TODAY).unwrap();
        store.create_review_application(&ctx, &granted(id), &a).await.unwrap();
        let factors: Vec<_> =
            ReviewFactor::ALL.iter().map(|f| json!({"factor": f.code(), "notes": "Considered"})).collect();
        let steps = [
            json!({"stage": "acknowledged", "date": "2026-03-03"}),
            json!({"stage": "bodies_consulted", "date": "2026-03-10", "bodies": ["probation", "childrens_services"]}),
            json!({"stage": "victims_consulted", "date": "2026-03-20", "victims": "not_applicable", "reason": "No identifiable victim"}),
            json!({"stage": "risk_assessed", "date": "2026-04-01", "factors": factors}),
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk remains", "further_review_years": 10, "notice_date": "2026-04-08"}),
            json!({"stage": "appeal_lodged", "date": "2026-04-20"}),
            json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "upheld"}),
            json!({"stage": "closed", "date": "2026-06-02", "notes": "Appeal dismissed"}),
        ];
        for v in steps {
            let app = store.review_application(&granted(id), a.id).await.unwrap().unwrap();
            add_stage(&store, &ctx, id, &app, v).await;
        }
        let got = store.review_applications(&granted(id)).await.unwrap();
        assert_eq!(got.len(), 1, "{}", db.label);
        let app = &got[0];
        assert_eq!(
            (app.received, app.notes.as_deref(), app.recorded_by.as_str()),
            (date(2026, 3, 2), Some("Letter from solicitor"), "Mina Grey")
        );
        assert_eq!(
            app.stages.iter().map(|s| s.details.stage()).collect::<Vec<_>>(),
            vec![
                ReviewStage::Acknowledged,
                ReviewStage::BodiesConsulted,
                ReviewStage::VictimsConsulted,
                ReviewStage::RiskAssessed,
                ReviewStage::Decided,
                ReviewStage::AppealLodged,
                ReviewStage::AppealDecided,
                ReviewStage::Closed
            ]
        );
        assert_eq!(app.stages[7].notes.as_deref(), Some("Appeal dismissed"));
        assert!(!app.is_open());
        assert!(store.review_applications(&granted(id)).await.unwrap().iter().all(|a| !a.is_open()));
        assert_eq!(
            store.review_decisions(&granted(id)).await.unwrap(),
            vec![ReviewDecision {
                date: date(2026, 4, 8),
                outcome: ReviewOutcome::Continued,
                further_review_years: Some(10)
            }]
        );
        // The rules engine reads the same decisions from the stored facts.
        let facts = store.person_facts(&granted(id)).await.unwrap();
        assert_eq!(
            facts.review_decisions,
            vec![ReviewDecision {
                date: date(2026, 4, 8),
                outcome: ReviewOutcome::Continued,
                further_review_years: Some(10)
            }]
        );
        assert!(facts.undecided_reviews.is_empty());
        let trail = store.audit_for_nominal(&granted(id), 20).await.unwrap();
        let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(actions.iter().filter(|a| **a == "review_application.stage").count(), 8);
        assert_eq!(actions[8], "review_application.create");
        assert!(trail[0].after.as_deref().unwrap().contains("\"closed\""));
        assert_eq!(store.nominal(&granted(id)).await.unwrap().unwrap().version, 12);
        assert!(matches!(store.verify_audit_chain(None).await.unwrap(), VerifyReport::Intact { .. }));
        db.cleanup().await.unwrap();
    }
}

#[tokio::test]
async fn a_stage_recorded_twice_or_on_another_record_is_refused() {
    for db in TestDatabase::all().await {
        let (store, manager, id) = setup(&db).await;
        let ctx = AuditCtx::user(&manager, jiff::Timestamp::now());
        let input: ReviewApplicationInput =
            serde_json::from_value(json!({"received": "2026-03-02", "in_writing": true})).unwrap();
        let a = input.parse(ItemId::new(), TODAY).unwrap();
        store.create_review_application(&ctx, &granted(id), &a).await.unwrap();
        let app = store.review_application(&granted(id), a.id).await.unwrap().unwrap();
        assert!(store.review_applications(&granted(id)).await.unwrap().iter().filter(|a| a.is_open()).count() == 1);
        assert_eq!(
            store.person_facts(&granted(id)).await.unwrap().undecided_reviews,
            vec![(a.id.to_string(), date(2026, 3, 2))]
        );
        let s = serde_json::from_value::<ReviewStageInput>(json!({"stage": "acknowledged", "date": "2026-03-03"}))
            .unwrap()
            .parse(ItemId::new(), &app, TODAY, &RulesConfig::default())
            .unwrap();
        store.add_review_stage(&ctx, &granted(id), a.id, &s).await.unwrap();
        // The same stage checked against the application as it was before.
        let again = serde_json::from_value::<ReviewStageInput>(json!({"stage": "acknowledged", "date": "2026-03-04"}))
            .unwrap()
            .parse(ItemId::new(), &app, TODAY, &RulesConfig::default())
            .unwrap();
        assert!(matches!(
            store.add_review_stage(&ctx, &granted(id), a.id, &again).await,
            Err(StoreError::Conflict("edited_elsewhere"))
        ));
        assert!(matches!(
            store.add_review_stage(&ctx, &granted(NominalId::new()), a.id, &again).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.add_review_stage(&ctx, &granted(id), ItemId::new(), &again).await,
            Err(StoreError::NotFound)
        ));
        let got = store.review_application(&granted(id), a.id).await.unwrap().unwrap();
        assert_eq!(got.stages.len(), 1, "{}", db.label);
        assert_eq!(got.stages[0].date, date(2026, 3, 3));
        assert_eq!(store.review_application(&granted(NominalId::new()), a.id).await.unwrap(), None);
        // Through to an appeal allowed: a discharge dated the court's decision.
        let factors: Vec<_> = ReviewFactor::ALL.iter().map(|f| json!({"factor": f.code()})).collect();
        for v in [
            json!({"stage": "bodies_consulted", "date": "2026-03-10", "bodies": ["probation"]}),
            json!({"stage": "victims_consulted", "date": "2026-03-20", "victims": "consulted"}),
            json!({"stage": "risk_assessed", "date": "2026-04-01", "factors": factors}),
            json!({"stage": "decided", "date": "2026-04-06", "outcome": "continue", "reasons": "Risk", "notice_date": "2026-04-08"}),
            json!({"stage": "appeal_lodged", "date": "2026-04-20"}),
            json!({"stage": "appeal_decided", "date": "2026-06-01", "outcome": "allowed"}),
        ] {
            let app = store.review_application(&granted(id), a.id).await.unwrap().unwrap();
            add_stage(&store, &ctx, id, &app, v).await;
        }
        // The court's order takes the place of the continuation it overturns (REV-08).
        let expected = vec![ReviewDecision {
            date: date(2026, 6, 1),
            outcome: ReviewOutcome::Discharged,
            further_review_years: None,
        }];
        assert_eq!(store.review_decisions(&granted(id)).await.unwrap(), expected);
        assert_eq!(store.person_facts(&granted(id)).await.unwrap().review_decisions, expected);
        db.cleanup().await.unwrap();
    }
}

// REV-01, REV-03: the store itself refuses an application from someone who
// may not apply yet, reading the facts inside the write's transaction, so no
// caller can skip the check or race another write past it.
#[tokio::test]
async fn the_store_refuses_an_application_before_the_qualifying_date() {
    for db in TestDatabase::all().await {
        let (store, manager, id) = setup(&db).await;
        let ctx = AuditCtx::user(&manager, jiff::Timestamp::now());
        let version = store.nominal(&granted(id)).await.unwrap().unwrap().version;
        let early: ReviewApplicationInput =
            serde_json::from_value(json!({"received": "2020-01-11", "in_writing": true})).unwrap();
        let a = early.parse(ItemId::new(), TODAY).unwrap();
        match store.create_review_application(&ctx, &granted(id), &a).await {
            Err(StoreError::Invalid(e)) => {
                assert_eq!((e.0[0].field.as_str(), e.0[0].code), ("received", "before_qualifying_date"), "{}", db.label)
            }
            other => panic!("{}: expected a refusal, got {other:?}", db.label),
        }
        assert!(store.review_applications(&granted(id)).await.unwrap().is_empty());
        assert_eq!(store.nominal(&granted(id)).await.unwrap().unwrap().version, version);
        // The qualifying date itself is allowed.
        let on: ReviewApplicationInput =
            serde_json::from_value(json!({"received": "2020-01-12", "in_writing": true})).unwrap();
        store.create_review_application(&ctx, &granted(id), &on.parse(ItemId::new(), TODAY).unwrap()).await.unwrap();
        db.cleanup().await.unwrap();
    }
}
