//! A run's [`BatchGate`] at work: the call's ids asked about just before the call is first
//! sent, the call rebuilt for the ids it lets through.

use super::paths::query_value;
use super::transport::ApiRequest;
use super::types::{Admitted, BatchGate, IdOutcome};

/// The ids to send, the request that carries exactly them, and the refused ids' outcomes.
/// Without a gate, the call as planned.
pub(super) async fn admit(
    gate: Option<&dyn BatchGate>,
    ids: Vec<String>,
    req: ApiRequest,
) -> (Vec<String>, ApiRequest, Vec<IdOutcome>) {
    let Some(gate) = gate else {
        return (ids, req, Vec::new());
    };
    let Admitted { send, mut refused } = gate.admit(&ids).await;
    // Only ids of this call may go, each once, whatever the gate answered.
    let mut seen = std::collections::HashSet::new();
    let send: Vec<String> = send
        .into_iter()
        .filter(|id| ids.contains(id) && seen.insert(id.clone()))
        .collect();
    // An id the gate neither let through nor refused is not sent either: it must be accounted.
    for id in &ids {
        if !seen.contains(id) && !refused.iter().any(|o| o.id() == id) {
            refused.push(IdOutcome::NotAttempted {
                id: id.clone(),
                reason: "not sent: the check before the call did not clear it".into(),
            });
        }
    }
    if send.len() == ids.len() {
        return (ids, req, refused);
    }
    match with_ids(&req, &send) {
        Some(req) => (send, req, refused),
        // A call that names its one id in the path cannot carry fewer: nothing goes.
        None => {
            refused.extend(send.into_iter().map(|id| IdOutcome::NotAttempted {
                id,
                reason: "not sent: the call could not be narrowed to the cleared ids".into(),
            }));
            (Vec::new(), req, refused)
        }
    }
}

/// `req` with its `ids=` query parameter carrying `ids` instead; `None` without one.
fn with_ids(req: &ApiRequest, ids: &[String]) -> Option<ApiRequest> {
    let (path, query) = req.url.split_once('?')?;
    let mut found = false;
    let pairs: Vec<String> = query
        .split('&')
        .map(|p| {
            if p.starts_with("ids=") {
                found = true;
                format!("ids={}", query_value(&ids.join(",")))
            } else {
                p.to_string()
            }
        })
        .collect();
    found.then(|| ApiRequest {
        url: format!("{path}?{}", pairs.join("&")),
        ..req.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::FutureExt;

    struct OddOnly;

    impl BatchGate for OddOnly {
        fn admit<'a>(&'a self, ids: &'a [String]) -> futures::future::BoxFuture<'a, Admitted> {
            async move {
                let (send, refused): (Vec<_>, Vec<_>) = ids
                    .iter()
                    .partition(|id| id.ends_with(['1', '3', '5', '7', '9']));
                Admitted {
                    send: send.into_iter().cloned().collect(),
                    refused: refused
                        .into_iter()
                        .map(|id| IdOutcome::NotAttempted {
                            id: id.clone(),
                            reason: "even".into(),
                        })
                        .collect(),
                }
            }
            .boxed()
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[tokio::test]
    async fn the_call_carries_only_the_cleared_ids() {
        let req = ApiRequest::delete("http://h/crm/v8/Leads?ids=1,2,3&wf_trigger=true".into());
        let (send, req, refused) = admit(Some(&OddOnly), ids(&["1", "2", "3"]), req).await;
        assert_eq!(send, ids(&["1", "3"]));
        assert_eq!(req.url, "http://h/crm/v8/Leads?ids=1,3&wf_trigger=true");
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].id(), "2");
    }

    #[tokio::test]
    async fn a_one_id_path_is_sent_whole_or_not_at_all() {
        let req = ApiRequest::delete("http://h/crm/v8/Leads/2?wf_trigger=true".into());
        let (send, _, refused) = admit(Some(&OddOnly), ids(&["2"]), req.clone()).await;
        assert!(send.is_empty());
        assert_eq!(refused.len(), 1);
        let (send, same, refused) = admit(Some(&OddOnly), ids(&["3"]), req.clone()).await;
        assert_eq!((send, same.url, refused.len()), (ids(&["3"]), req.url, 0));
    }
}
