use super::*;

/// `n` calls sent at once and all refused with 429.
async fn burst(p: &Pace, n: usize) {
    let held: Vec<_> = futures::future::join_all((0..n).map(|_| p.acquire())).await;
    for permit in held {
        permit.rate_limited();
    }
}

/// Sends `n` calls one after the other, each answered (`ok`) or refused, each taking the
/// last free place (the limit full when it is sent, as in a run with calls waiting).
async fn round(p: &Pace, n: usize, ok: bool) {
    for _ in 0..n {
        let others: Vec<_> = (1..p.limit())
            .filter_map(|_| p.sem.try_acquire().ok())
            .collect();
        let others: Vec<_> = others.into_iter().map(|i| p.placed(i)).collect();
        let permit = p.acquire().await;
        drop(others);
        if ok {
            permit.answered();
        } else {
            permit.rate_limited();
        }
    }
}

#[tokio::test]
async fn starts_at_the_ceiling_and_never_exceeds_it() {
    let p = Pace::new(8);
    assert_eq!((p.limit(), p.ceiling()), (8, 8));
    round(&p, 100, true).await;
    assert_eq!(p.limit(), 8);
    let held: Vec<_> = futures::future::join_all((0..8).map(|_| p.acquire())).await;
    assert!(p.sem.try_acquire().is_err(), "a ninth call waits");
    drop(held);
    assert_eq!(p.sem.available_permits(), 8);
    assert_eq!(Pace::new(0).limit(), 1);
}

#[tokio::test]
async fn one_burst_of_429s_halves_once() {
    let p = Pace::new(20);
    burst(&p, 20).await;
    assert_eq!(p.limit(), 10);
    // A later 429, from a call sent at the new limit, halves again.
    round(&p, 1, false).await;
    assert_eq!(p.limit(), 5);
    round(&p, 1, false).await;
    round(&p, 1, false).await;
    round(&p, 1, false).await;
    assert_eq!(p.limit(), 1, "never below 1");
    round(&p, 1, false).await;
    assert_eq!(p.limit(), 1);
}

#[tokio::test]
async fn lowering_below_the_calls_in_flight_takes_effect_as_they_return() {
    let p = Pace::new(4);
    let mut held: Vec<_> = futures::future::join_all((0..4).map(|_| p.acquire())).await;
    if let Some(first) = held.pop() {
        first.rate_limited();
    }
    assert_eq!(p.limit(), 2);
    // Three still in flight, limit 2: the first to return is kept out, then the room is 1.
    drop(held.pop());
    assert_eq!(p.sem.available_permits(), 0);
    drop(held.pop());
    assert_eq!(p.sem.available_permits(), 1);
    drop(held);
    assert_eq!(p.sem.available_permits(), 2);
}

#[tokio::test]
async fn rises_by_one_per_round_up_to_the_ceiling() {
    let p = Pace::new(10);
    burst(&p, 10).await;
    assert_eq!(p.limit(), 5);
    round(&p, 4, true).await;
    assert_eq!(p.limit(), 5, "a round at 5 is 5 successes");
    round(&p, 1, true).await;
    assert_eq!(p.limit(), 6);
    round(&p, 6, true).await;
    assert_eq!(p.limit(), 7);
    // 10 itself was refused: the step to it waits four rounds at 9.
    round(&p, 7 + 8 + 9 * PROBE_ROUNDS, true).await;
    assert_eq!(p.limit(), 10);
    round(&p, 1_000, true).await;
    assert_eq!(p.limit(), 10, "the ceiling holds");
    assert_eq!(p.sem.available_permits(), 10);
}

#[tokio::test]
async fn after_a_refused_step_it_returns_to_the_good_level_and_probes_rarely() {
    let p = Pace::new(20);
    burst(&p, 20).await;
    round(&p, 10, true).await;
    assert_eq!(p.limit(), 11, "10 passed a full round");
    round(&p, 1, false).await;
    assert_eq!(
        p.limit(),
        10,
        "11 was refused: back to 10, the good level, at once"
    );
    assert_eq!(p.sem.available_permits(), 10);
    round(&p, 10 * PROBE_ROUNDS - 1, true).await;
    assert_eq!(p.limit(), 10, "the refused step waits four rounds");
    round(&p, 1, true).await;
    assert_eq!(p.limit(), 11);
}

#[tokio::test]
async fn a_good_level_refused_means_the_headroom_shrank() {
    let p = Pace::new(8);
    round(&p, 8, true).await;
    // 8 ran a full round; now it is refused: the climb back is slow.
    round(&p, 1, false).await;
    assert_eq!(p.limit(), 4);
    round(&p, 3, true).await;
    assert_eq!(p.limit(), 4);
}

#[tokio::test]
async fn a_success_with_places_to_spare_does_not_raise() {
    let p = Pace::new(20);
    burst(&p, 20).await;
    assert_eq!(p.limit(), 10);
    // Calls one at a time (as when the reads run 10 at a time under a limit of 20).
    for _ in 0..100 {
        p.acquire().await.answered();
    }
    assert_eq!(p.limit(), 10, "a limit never full learns nothing");
    // Nine held, the tenth takes the last place: full; a round of those raises.
    round(&p, 10, true).await;
    assert_eq!(p.limit(), 11);
    assert_eq!(p.sem.available_permits(), 11);
}

#[tokio::test]
async fn a_429_halves_whether_or_not_the_limit_was_full() {
    let p = Pace::new(12);
    p.acquire().await.rate_limited();
    assert_eq!(p.limit(), 6);
    round(&p, 1, false).await;
    assert_eq!(p.limit(), 3);
}

#[tokio::test]
async fn a_permit_dropped_without_a_verdict_changes_nothing() {
    let p = Pace::new(3);
    drop(p.acquire().await);
    assert_eq!(p.limit(), 3);
    assert_eq!(p.sem.available_permits(), 3);
}

const BACKOFF: Duration = Duration::from_secs(7);

/// Sends one call and has it refused with 429: when it was sent.
async fn refuse(p: &Pace) -> Sent {
    let refused = p.acquire().await;
    let sent = refused.sent();
    refused.rate_limited();
    sent
}

fn is_send(next: &AfterRefusal<'_>) -> bool {
    matches!(next, AfterRefusal::Send(_))
}

#[tokio::test]
async fn a_refusal_while_another_call_is_answered_waits_only_for_a_place() {
    let p = Pace::new(4);
    let other = p.acquire().await;
    let sent = refuse(&p).await;
    // Answered after the refused call was sent (before or after its refusal, the same).
    other.answered();
    let next = p.after_refusal(sent, || BACKOFF).await;
    assert!(is_send(&next), "no backoff while the org answers others");
    assert_eq!(p.limit(), 2, "the refusal still halved the limit");
}

#[tokio::test]
async fn a_refusal_with_no_call_answered_since_it_was_sent_backs_off() {
    let p = Pace::new(4);
    // Answered before the refused call was sent: says nothing about it.
    p.acquire().await.answered();
    let sent = refuse(&p).await;
    let next = p.after_refusal(sent, || BACKOFF).await;
    assert!(matches!(next, AfterRefusal::Wait(BACKOFF)));
    assert_eq!(p.sem.available_permits(), 2, "it waits without a place");
}

#[tokio::test]
async fn the_wait_for_a_place_ends_with_the_answer_that_frees_it() {
    let p = Pace::new(2);
    let other = p.acquire().await;
    let sent = refuse(&p).await;
    assert_eq!((p.limit(), p.sem.available_permits()), (1, 0));
    // The refused call queues behind the one in flight; when that one is answered, the place
    // it frees is the refused call's, and the answer is the evidence.
    let (next, ()) = tokio::join!(p.after_refusal(sent, || BACKOFF), async {
        tokio::task::yield_now().await;
        other.answered();
    });
    assert!(is_send(&next));
}

#[tokio::test]
async fn a_place_freed_by_another_refusal_is_no_evidence() {
    let p = Pace::new(2);
    let other = p.acquire().await;
    let sent = refuse(&p).await;
    let (next, ()) = tokio::join!(p.after_refusal(sent, || BACKOFF), async {
        tokio::task::yield_now().await;
        // Refused too (the same burst): the org answered nobody, spent credits look so.
        other.rate_limited();
    });
    assert!(matches!(next, AfterRefusal::Wait(BACKOFF)));

    // Nor is a call dropped without a verdict (a lost connection).
    let p = Pace::new(2);
    let lost = p.acquire().await;
    let sent = refuse(&p).await;
    let (next, ()) = tokio::join!(p.after_refusal(sent, || BACKOFF), async {
        tokio::task::yield_now().await;
        drop(lost);
    });
    assert!(!is_send(&next));
}

#[tokio::test]
async fn any_answer_counts_as_evidence_not_only_those_that_may_raise_the_limit() {
    let p = Pace::new(10);
    let others: Vec<_> = futures::future::join_all((0..3).map(|_| p.acquire())).await;
    let sent = refuse(&p).await;
    // Four of ten places taken: not full, so these answers do not raise the limit, but they
    // prove the org had room.
    for o in others {
        o.answered();
    }
    assert_eq!(p.limit(), 5);
    assert!(is_send(&p.after_refusal(sent, || BACKOFF).await));
    assert_eq!(p.limit(), 5);
}
