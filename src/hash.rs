//! FNV-1a, from the `fnv` crate, in one place: the hash of what must come out the same in every
//! version (the journal index's fingerprints and batch hashes, the sandbox's generated ids, seeds
//! and page tokens), and the hasher of sets that live for one key press (record ids are short,
//! and SipHash, which guards long-lived maps against chosen keys, costs more than the lookups).

use std::hash::Hasher;

pub use fnv::FnvHashSet;

/// FNV-1a of `parts`, one after the other (as of their concatenation).
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h = fnv::FnvHasher::default();
    for p in parts {
        h.write(p);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    /// The values written on disk and shown as ids stay those of the hand-written FNV-1a the
    /// project had before (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    #[test]
    fn it_is_the_fnv_1a_the_project_always_computed() {
        let by_hand = |bytes: &[u8]| {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        for s in ["", "a", "Leads", "5725767000000002175Last_Name"] {
            assert_eq!(super::fnv1a(&[s.as_bytes()]), by_hand(s.as_bytes()), "{s}");
        }
        assert_eq!(
            super::fnv1a(&[b"5725767000000002175", b"Last_Name"]),
            by_hand(b"5725767000000002175Last_Name")
        );
    }
}
