//! Group commit (issue 15): appends that arrive together share one fsync, and each still
//! returns only once its own line is in the file and synced.

use std::sync::{Arc, Barrier};

use zcrm_tui::journal::entry::{Body, EndState, Entry};
use zcrm_tui::journal::store::Store;

#[test]
fn concurrent_appends_are_each_in_the_file_when_they_return_with_fewer_fsyncs() {
    // On the disk the journal really uses: a tmpfs fsync costs nothing and groups nothing.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let threads = 8;
    let each = 40;
    let start = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let store = store.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                for i in 0..each {
                    let op = format!("op-{t}-{i}");
                    let end = Body::End {
                        state: EndState::Finished,
                        note: Some(format!("line {i} of thread {t}")),
                    };
                    store.append(&Entry::now(&op, end)).unwrap();
                    // Returned: the line is in the file, whole, for any reader.
                    let files = store.files().unwrap();
                    let text = std::fs::read_to_string(&files[0]).unwrap();
                    assert!(
                        text.lines()
                            .any(|l| l.contains(&format!("\"op\":\"{op}\""))),
                        "{op} not in the file after its append returned"
                    );
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let appends = (threads * each) as u64;
    let (entries, skipped) = store.read_all().unwrap();
    assert_eq!((entries.len() as u64, skipped), (appends, 0));
    let fsyncs = store.fsyncs();
    assert!(
        fsyncs >= 1 && fsyncs < appends,
        "{fsyncs} fsyncs for {appends} concurrent appends"
    );
}

#[test]
fn a_lone_append_is_synced_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for i in 0..3 {
        let end = Body::End {
            state: EndState::Finished,
            note: None,
        };
        store.append(&Entry::now(&format!("op{i}"), end)).unwrap();
        assert_eq!(store.fsyncs(), i + 1, "nothing waits for company");
    }
}
