//! Breaches and circulations on every backend (NOTIF-53, SRO-8).

use super::*;
use mappa_domain::breaches::{
    BreachInput, CirculationInput, CirculationKind, OutcomeInput, OutcomeKind, order_breach_convictions,
};

/// The compliance list's wanted list for an agency.
async fn wanted_of(w: &World, who: &Actor) -> Vec<mappa_store::ComplianceEntry> {
    let scope = mappa_domain::access::list_scope(who).unwrap();
    let q = mappa_store::ComplianceQuery {
        as_of: TODAY,
        status: mappa_store::ComplianceStatus::Wanted,
        kinds: Vec::new(),
        away_kind: None,
        area: None,
        manager: None,
        sort: mappa_store::ComplianceSort::Due,
        limit: 100,
        offset: 0,
    };
    w.store.compliance_list(&scope, &q).await.unwrap().entries
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

on_every_backend!(breaches_keep_their_outcome_history_and_recording_check, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let other = create(&w, "Other").await;
    let ctx = AuditCtx::user(&w.manager, ts("2026-11-23T12:00:00Z"));
    // The order breached: a Sexual Risk Order on this record (SRO-8).
    let sro: mappa_domain::orders::OrderInput = serde_json::from_value(serde_json::json!({
        "type": "sro", "court": "Wood Green Magistrates' Court", "made": "2025-01-06", "served": "2025-01-07",
        "ends": "2028-01-05", "terms": [{"kind": "prohibition", "wording": "Not to loiter near schools"}]
    }))
    .unwrap();
    let sro = sro.parse(TODAY, &mappa_domain::rules::OrdersConfig::default()).unwrap();
    w.store.add_order(&ctx, &granted(id), &sro).await.unwrap();
    let sro_id = sro.id.to_string();
    let input: BreachInput = serde_json::from_value(serde_json::json!({
        "kind": "breach_of_order", "order_id": sro_id, "description": "Seen near a school",
        "discovered_at": "2026-11-20T09:15"
    }))
    .unwrap();
    let new = input.parse(ItemId::new(), ctx.at).unwrap();
    let due = ts("2026-11-21T09:15:00Z");
    let stored = w.store.record_breach(&ctx, &granted(id), &new, due, w.manager.user_id).await.unwrap();
    assert!(stored.recording.late, "NOTIF-53: recorded three days after");
    assert_eq!((stored.recording.due_at, stored.recorded_at), (due, ctx.at));
    assert_eq!(stored.recorded_by.name, "Mina Grey");
    assert_eq!(stored.discovered_at, ts("2026-11-20T09:15:00Z"));
    // Recorded, late or not, NOTIF-53 is met: nothing is left "to be recorded".
    w.store.sweep(&ctx, ctx.today(), true).await.unwrap();
    let scope = mappa_domain::access::list_scope(&w.manager).unwrap();
    let (_, tasks) = w.store.open_tasks(&scope, mappa_store::WhoseTasks::Agency, 100, 0).await.unwrap();
    assert!(tasks.iter().all(|t| t.kind != mappa_domain::obligations::ObligationKind::BreachRecording));

    let outcome = |kind: &str, date: &str| {
        serde_json::from_value::<OutcomeInput>(
            serde_json::json!({"kind": kind, "date": date, "court": "Highbury Corner Magistrates' Court"}),
        )
        .unwrap()
        .parse(ItemId::new(), TODAY, stored.discovered_on())
        .unwrap()
    };
    w.store
        .add_breach_outcome(&ctx, &granted(id), new.id, &outcome("charge", "2026-11-21"), w.manager.user_id)
        .await
        .unwrap();
    let after = w
        .store
        .add_breach_outcome(&ctx, &granted(id), new.id, &outcome("conviction", "2026-11-23"), w.manager.user_id)
        .await
        .unwrap();
    assert_eq!(
        after.outcomes.iter().map(|o| o.kind).collect::<Vec<_>>(),
        vec![OutcomeKind::Charge, OutcomeKind::Conviction]
    );
    assert_eq!(after.current_outcome().unwrap().kind, OutcomeKind::Conviction);
    // A breach is reached only through its own record.
    assert!(matches!(
        w.store
            .add_breach_outcome(&ctx, &granted(other), new.id, &outcome("warning", "2026-11-22"), w.manager.user_id)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(w.store.breach(&granted(other), new.id).await.unwrap().is_none());

    let on_time = BreachInput {
        kind: Some("failure_to_notify".into()),
        description: Some("Did not notify a change of address".into()),
        discovered_at: Some("2026-11-23T10:00".into()),
        ..BreachInput::default()
    }
    .parse(ItemId::new(), ctx.at)
    .unwrap();
    let s2 = w
        .store
        .record_breach(&ctx, &granted(id), &on_time, ts("2026-11-24T10:00:00Z"), w.manager.user_id)
        .await
        .unwrap();
    assert!(!s2.recording.late);

    let all = w.store.breaches(&granted(id)).await.unwrap();
    assert_eq!(all.iter().map(|b| b.id).collect::<Vec<_>>(), vec![on_time.id, new.id], "most recent first");
    assert_eq!(all[1], after);
    assert_eq!(order_breach_convictions(&all), vec![(sro_id.clone(), date(2026, 11, 23))]);
    // Another record's order cannot be named.
    let theirs: BreachInput = serde_json::from_value(serde_json::json!({
        "kind": "breach_of_order", "order_id": sro_id, "description": "x", "discovered_at": "2026-11-20T09:15"
    }))
    .unwrap();
    let theirs = theirs.parse(ItemId::new(), ctx.at).unwrap();
    assert!(matches!(
        w.store.record_breach(&ctx, &granted(other), &theirs, due, w.manager.user_id).await,
        Err(StoreError::Invalid(e)) if e.0[0].code == "unknown_order"
    ));
    assert!(w.store.breaches(&granted(other)).await.unwrap().is_empty());
    let trail = w.store.audit_for_nominal(&granted(id), 10).await.unwrap();
    assert_eq!(
        trail.iter().take(4).map(|a| a.action.as_str()).collect::<Vec<_>>(),
        vec!["breach.create", "breach.outcome", "breach.outcome", "breach.create"]
    );
    assert_eq!(
        w.store.nominal(&granted(id)).await.unwrap().unwrap().version,
        6,
        "created, the order, two breaches and two outcomes"
    );
});

on_every_backend!(circulations_are_one_at_a_time_and_kept_when_cancelled, |w: World| async move {
    let id = create(&w, "Okafor").await;
    let other = create(&w, "Other").await;
    let ctx = AuditCtx::user(&w.manager, jiff::Timestamp::now());
    let c = |kind: &str| {
        serde_json::from_value::<CirculationInput>(
            serde_json::json!({"kind": kind, "pnc_reference": "26/123456w", "from": "2026-11-01"}),
        )
        .unwrap()
        .parse(ItemId::new(), TODAY)
        .unwrap()
    };
    let wanted = c("wanted");
    let stored = w.store.add_circulation(&ctx, &granted(id), &wanted, w.manager.user_id).await.unwrap();
    assert_eq!(
        (stored.kind, stored.pnc_reference.as_str(), stored.is_current()),
        (CirculationKind::Wanted, "26/123456W", true)
    );
    assert!(matches!(
        w.store.add_circulation(&ctx, &granted(id), &c("missing"), w.manager.user_id).await,
        Err(StoreError::Conflict("already_circulated"))
    ));
    assert_eq!(w.store.current_circulation(&granted(id)).await.unwrap(), Some(stored.clone()));
    assert_eq!(w.store.current_circulation(&granted(other)).await.unwrap(), None);
    let wanted_list = wanted_of(&w, &w.manager).await;
    assert_eq!(wanted_list.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(wanted_list[0].pnc_reference.as_deref(), Some("26/123456W"));
    assert!(wanted_of(&w, &w.partner).await.is_empty());

    assert!(matches!(
        w.store.cancel_circulation(&ctx, &granted(other), wanted.id, date(2026, 11, 20), w.manager.user_id).await,
        Err(StoreError::NotFound)
    ));
    let cancelled =
        w.store.cancel_circulation(&ctx, &granted(id), wanted.id, date(2026, 11, 20), w.manager.user_id).await.unwrap();
    assert_eq!(cancelled.cancelled_on, Some(date(2026, 11, 20)));
    assert_eq!(cancelled.cancelled_by.as_ref().unwrap().name, "Mina Grey");
    assert!(matches!(
        w.store.cancel_circulation(&ctx, &granted(id), wanted.id, date(2026, 11, 21), w.manager.user_id).await,
        Err(StoreError::Conflict("already_cancelled"))
    ));
    assert_eq!(w.store.current_circulation(&granted(id)).await.unwrap(), None);
    assert!(wanted_of(&w, &w.manager).await.is_empty());
    // Cancelled, a new circulation may start; the old one stays as history.
    let missing = c("missing");
    w.store.add_circulation(&ctx, &granted(id), &missing, w.manager.user_id).await.unwrap();
    let history = w.store.circulations(&granted(id)).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history.iter().filter(|c| c.is_current()).count(), 1);
    assert_eq!(w.store.circulation(&granted(id), wanted.id).await.unwrap(), Some(cancelled));
    let trail = w.store.audit_for_nominal(&granted(id), 10).await.unwrap();
    assert_eq!(
        trail.iter().take(3).map(|a| a.action.as_str()).collect::<Vec<_>>(),
        vec!["circulation.create", "circulation.cancel", "circulation.create"]
    );
});
