//! The demo and test knobs: concurrency limit (429), latency, injected errors, and the request log.

use crate::sandbox_common as common;

use std::time::{Duration, Instant};

use common::{start, start_with};
use zcrm_tui::sandbox::SandboxOptions;

#[tokio::test]
async fn requests_beyond_the_concurrency_limit_get_429_with_retry_after() {
    let env = start_with(SandboxOptions {
        latency: Duration::from_millis(300),
        max_concurrency: Some(2),
        ..SandboxOptions::default()
    })
    .await;
    let calls = (0..5).map(|_| env.get("/crm/v8/Contacts/roles"));
    let answers = futures::future::join_all(calls).await;
    let ok = answers.iter().filter(|a| a.status == 200).count();
    let limited: Vec<_> = answers.iter().filter(|a| a.status == 429).collect();
    assert_eq!(ok, 2);
    assert_eq!(limited.len(), 3);
    for a in limited {
        assert_eq!(a.code(), "TOO_MANY_REQUESTS");
        assert_eq!(a.json()["status"], "error");
        assert_eq!(a.headers.get("retry-after").unwrap(), "1");
    }
    let c = env.sb.control();
    // Refused calls answer at once, so at least the two served plus one refused overlapped.
    assert!(c.max_in_flight() >= 3, "{}", c.max_in_flight());
    // Lifting the limit lets them all through.
    c.set_max_concurrency(None);
    c.set_latency(Duration::ZERO);
    let answers =
        futures::future::join_all((0..5).map(|_| env.get("/crm/v8/Contacts/roles"))).await;
    assert!(answers.iter().all(|a| a.status == 200));
}

#[tokio::test]
async fn latency_is_added_to_each_request() {
    let env = start().await;
    env.sb.control().set_latency(Duration::from_millis(200));
    let t = Instant::now();
    assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn injected_errors_are_500_internal_error_and_change_nothing() {
    let env = start_with(SandboxOptions {
        error_rate: 1.0,
        ..SandboxOptions::default()
    })
    .await;
    let c = env.sb.control();
    let a = env.delete("/crm/v8/Leads?ids=410405000002264040").await;
    assert_eq!(a.status, 500);
    assert_eq!(
        a.json(),
        &serde_json::json!({"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"})
    );
    assert!(c.record_exists("Leads", "410405000002264040"));

    // A partial rate fails about that share of calls, the same ones for the same seed.
    let run = |seed: u64| {
        let env = &env;
        async move {
            let c = env.sb.control();
            c.set_error_rate(0.3);
            c.set_error_seed(seed);
            let mut statuses = Vec::new();
            for _ in 0..200 {
                statuses.push(env.get("/crm/v8/Contacts/roles").await.status);
            }
            statuses
        }
    };
    let first = run(7).await;
    let failed = first.iter().filter(|s| **s == 500).count();
    assert!((30..=90).contains(&failed), "{failed} of 200");
    assert_eq!(run(7).await, first);
    c.set_error_rate(0.0);
    assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
}

#[tokio::test]
async fn every_api_request_is_logged_with_its_ids_and_status() {
    let env = start().await;
    let c = env.sb.control();
    env.delete("/crm/v8/Leads?ids=410405000002264040,410405000002264025&wf_trigger=false")
        .await;
    env.delete("/crm/v8/Leads/34770617738002").await;
    env.get("/crm/v8/Leads?fields=Full_Name").await;
    env.delete("/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128")
        .await;
    let log = c.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].method, "DELETE");
    assert_eq!(log[0].path, "/crm/v8/Leads");
    assert_eq!(
        log[0].query,
        "ids=410405000002264040,410405000002264025&wf_trigger=false"
    );
    assert_eq!(log[0].ids, 2);
    assert_eq!(log[0].status, 200);
    assert_eq!(log[1].ids, 1);
    assert_eq!(log[2].ids, 0);
    assert_eq!(log[3].ids, 1);
    assert_eq!(
        c.workflow_runs(),
        1,
        "wf_trigger=false ran none, the default ran one"
    );
    c.clear_requests();
    assert!(c.requests().is_empty());
    // The token endpoint is not an API call.
    env.grant(&env.sb.credentials()).await;
    assert!(c.requests().is_empty());
    assert_eq!(c.token_grants(), 1);
}

#[tokio::test]
async fn startup_line_is_one_json_object_with_working_credentials() {
    let env = start().await;
    let line = env.sb.startup_line();
    assert!(!line.contains('\n'));
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    for k in [
        "api_domain",
        "accounts_url",
        "client_id",
        "client_secret",
        "refresh_token",
    ] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "{k}");
    }
    assert_eq!(v["api_domain"], env.sb.endpoints().api_domain.as_str());
    let creds = env.sb.credentials();
    assert_eq!(v["refresh_token"], creds.refresh_token.expose());
    assert!(!format!("{creds:?}").contains(creds.refresh_token.expose()));
    env.token_for(&creds).await;
    let sb = env.sb;
    let base = sb.endpoints().api_domain;
    sb.shutdown().await;
    let after = reqwest::Client::new()
        .get(format!("{base}/crm/v8/Contacts/roles"))
        .send()
        .await;
    assert!(after.is_err(), "nothing listens after shutdown");
}

#[tokio::test]
async fn queued_faults_strike_the_next_calls_in_order() {
    use zcrm_tui::sandbox::Fault;
    let env = start().await;
    let c = env.sb.control();
    c.inject_faults(&[
        Fault::TooManyRequests,
        Fault::InvalidToken,
        Fault::AuthenticationFailure,
        Fault::InternalError,
        Fault::InternalErrorAfterApply,
    ]);
    let path = "/crm/v8/Leads?ids=410405000002264040";
    let a = env.delete(path).await;
    assert_eq!((a.status, a.code()), (429, "TOO_MANY_REQUESTS"));
    assert!(a.headers.get("retry-after").is_some());
    let a = env.delete(path).await;
    assert_eq!((a.status, a.code()), (401, "INVALID_TOKEN"));
    let a = env.delete(path).await;
    assert_eq!((a.status, a.code()), (401, "AUTHENTICATION_FAILURE"));
    let a = env.delete(path).await;
    assert_eq!((a.status, a.code()), (500, "INTERNAL_ERROR"));
    assert!(
        c.record_exists("Leads", "410405000002264040"),
        "nothing done so far"
    );
    // Carried out, then answered 500: the ambiguous case.
    let a = env.delete(path).await;
    assert_eq!(a.status, 500);
    assert!(c.in_recycle_bin("Leads", "410405000002264040"));
    // The queue is used up: a retry tells the truth about the id.
    let a = env.delete(path).await;
    assert_eq!(
        a.items("data"),
        vec![("410405000002264040".into(), "INVALID_DATA".into())]
    );
}

#[tokio::test]
async fn dropped_and_truncated_answers_after_the_work_is_done() {
    use zcrm_tui::sandbox::Fault;
    let env = start().await;
    let c = env.sb.control();
    c.inject_faults(&[Fault::DropAfterApply, Fault::TruncatedAfterApply]);
    let url = format!("{}/crm/v8/Leads?ids=410405000002264040", env.base);
    let auth = format!("Zoho-oauthtoken {}", common::SAMPLE_TOKEN);
    let dropped = match env
        .http
        .delete(&url)
        .header("Authorization", &auth)
        .send()
        .await
    {
        Ok(resp) => resp.bytes().await.is_err(),
        Err(_) => true,
    };
    assert!(dropped, "the answer never arrives whole");
    assert!(c.in_recycle_bin("Leads", "410405000002264040"));
    let url = format!("{}/crm/v8/Leads?ids=410405000002264025", env.base);
    let resp = env
        .http
        .delete(&url)
        .header("Authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let body = resp.bytes().await.unwrap();
    assert!(
        serde_json::from_slice::<serde_json::Value>(&body).is_err(),
        "cut JSON"
    );
    assert!(c.in_recycle_bin("Leads", "410405000002264025"));
    let log = c.requests();
    assert_eq!(log[0].status, 0);
    assert_eq!(log[1].status, 200);
}

#[tokio::test]
async fn a_fault_mix_hits_about_its_share_of_calls_in_varied_ways() {
    use zcrm_tui::sandbox::Fault;
    let env = start().await;
    let c = env.sb.control();
    c.set_fault_mix(
        0.2,
        &[
            Fault::InternalError,
            Fault::TooManyRequests,
            Fault::InvalidToken,
        ],
    );
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..300 {
        *statuses
            .entry(env.get("/crm/v8/Contacts/roles").await.status)
            .or_insert(0) += 1;
    }
    let failed: i32 = statuses
        .iter()
        .filter(|(s, _)| **s != 200)
        .map(|(_, n)| n)
        .sum();
    assert!((30..=100).contains(&failed), "{statuses:?}");
    for s in [401, 429, 500] {
        assert!(statuses.contains_key(&s), "{statuses:?}");
    }
    c.set_fault_mix(0.0, &[]);
    assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
}

#[tokio::test]
async fn generated_records_extend_a_module_for_bulk_runs() {
    let env = start().await;
    let c = env.sb.control();
    let added = c.add_records("Leads", 2_500);
    assert_eq!(added.len(), 2_500);
    let all = c.record_ids("Leads");
    assert_eq!(all.len(), 2_900);
    assert_eq!(&all[400..], &added[..]);
    let a = env
        .delete(&format!("/crm/v8/Leads?ids={}", added[..100].join(",")))
        .await;
    assert_eq!(a.status, 200);
    // Beyond 2,000 records, paging continues with page_token only.
    let far = env.get("/crm/v8/Leads?fields=Full_Name&page=11").await;
    assert_eq!(far.code(), "DISCRETE_PAGINATION_LIMIT_EXCEEDED");
    let mut token: Option<String> = None;
    let mut seen = 0;
    loop {
        let q = match &token {
            Some(t) => format!("/crm/v8/Leads?fields=Full_Name&page_token={t}"),
            None => "/crm/v8/Leads?fields=Full_Name".to_string(),
        };
        let a = env.get(&q).await;
        seen += a.json()["data"].as_array().unwrap().len();
        match a.json()["info"]["next_page_token"].as_str() {
            Some(t) if a.json()["info"]["more_records"] == true => token = Some(t.to_string()),
            _ => break,
        }
    }
    assert_eq!(seen, 2_800);
}

#[tokio::test]
async fn calls_abandoned_by_the_client_free_their_slot() {
    let env = start_with(SandboxOptions {
        latency: Duration::from_millis(300),
        max_concurrency: Some(1),
        ..SandboxOptions::default()
    })
    .await;
    let gave_up =
        tokio::time::timeout(Duration::from_millis(50), env.get("/crm/v8/Contacts/roles")).await;
    assert!(gave_up.is_err());
    // The server notices the closed connection when its latency ends.
    tokio::time::sleep(Duration::from_millis(400)).await;
    env.sb.control().set_latency(Duration::ZERO);
    assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
}

/// What a client sees of a call whose answer is spoiled: the status it got (if any) and whether
/// the body arrived whole.
async fn attempt(env: &common::Env, method: reqwest::Method, path: &str) -> (Option<u16>, bool) {
    let auth = format!("Zoho-oauthtoken {}", common::SAMPLE_TOKEN);
    match env
        .http
        .request(method, format!("{}{path}", env.base))
        .header("Authorization", &auth)
        .timeout(Duration::from_millis(300))
        .send()
        .await
    {
        Ok(resp) => {
            let status = resp.status().as_u16();
            (Some(status), resp.bytes().await.is_ok())
        }
        Err(_) => (None, false),
    }
}

#[tokio::test]
async fn empty_lost_and_late_answers_follow_work_that_was_done() {
    use reqwest::Method;
    use zcrm_tui::sandbox::Fault;
    let env = start().await;
    let c = env.sb.control();
    let ids = c.add_records("Leads", 4);
    let path = |id: &str| format!("/crm/v8/Leads?ids={id}");

    // A 2xx with nothing in it, as a proxy cutting the answer sends.
    c.inject_faults(&[Fault::EmptyAfterApply]);
    let a = env.delete(&path(&ids[0])).await;
    assert_eq!(a.status, 200);
    assert!(a.raw.is_empty(), "{:?}", a.raw);
    assert!(c.in_recycle_bin("Leads", &ids[0]));

    // Carried out, then the connection closed: no complete answer ever arrives.
    c.inject_faults(&[Fault::LostAfterApply]);
    let (_, whole) = attempt(&env, Method::DELETE, &path(&ids[1])).await;
    assert!(!whole);
    assert!(c.in_recycle_bin("Leads", &ids[1]));
    // Dropped in the middle of the answer: the status came, the body broke off.
    c.inject_faults(&[Fault::DropAfterApply]);
    let (status, whole) = attempt(&env, Method::DELETE, &path(&ids[2])).await;
    assert_eq!((status, whole), (Some(200), false));
    assert!(c.in_recycle_bin("Leads", &ids[2]));

    // Held past the client's timeout, then carried out anyway.
    c.set_late_landing(Duration::from_millis(700));
    c.inject_faults(&[Fault::LateLanding]);
    let (status, _) = attempt(&env, Method::DELETE, &path(&ids[3])).await;
    assert_eq!(status, None, "the client gave up");
    assert_eq!(c.late_landings_pending(), 1);
    assert!(c.record_exists("Leads", &ids[3]), "not landed yet");
    assert_eq!(c.requests().len(), 3, "logged when it lands");
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(c.late_landings_pending(), 0);
    assert!(c.in_recycle_bin("Leads", &ids[3]), "landed late");
    let log = c.requests();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 0, 0, 200]);
    assert!(log[3].query.contains(&ids[3]));
}

#[tokio::test]
async fn scripts_strike_their_route_only_in_order() {
    use zcrm_tui::sandbox::{Fault, parse_fault_kinds};
    let env = start().await;
    let c = env.sb.control();
    c.script_faults(
        "GET /Leads/deleted",
        &[Fault::InternalError, Fault::Pass, Fault::TooManyRequests],
    )
    .unwrap();
    assert!(c.script_faults("/Leads", &[]).is_err());
    assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
    let bin = "/crm/v8/Leads/deleted?type=recycle";
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(env.get(bin).await.status);
    }
    // 204: Zoho's empty bin.
    assert_eq!(statuses, [500, 204, 429, 204]);
    // Any method and any one segment.
    c.script_faults("* /Campaigns/*/Contacts", &[Fault::InternalError])
        .unwrap();
    let a = env
        .get("/crm/v8/Campaigns/3652397000000327001/Contacts?fields=Full_Name")
        .await;
    assert_eq!(a.status, 500);
    assert_eq!(
        parse_fault_kinds("empty,lost,late,500").unwrap(),
        [
            Fault::EmptyAfterApply,
            Fault::LostAfterApply,
            Fault::LateLanding,
            Fault::InternalError
        ]
    );
    c.clear_faults();
}
