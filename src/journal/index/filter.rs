//! Which ids the body may hold: a Bloom filter in the header, so that an update whose
//! operations are new (a removal, another session's run) need not pass over the body to learn
//! that they have no earlier summary. It never says no for an id the body holds; a wrong yes
//! (about 1 in 100) only costs that pass.

use super::fnv;

/// Bits per id and probes per id: about 1% of wrong yeses.
const BITS_PER_ID: usize = 10;
const PROBES: u64 = 7;

/// The filter's bits, written as hex in the header.
pub(super) struct Filter {
    bits: Vec<u8>,
}

impl Filter {
    pub(super) fn of<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Filter {
        let mut f = Filter {
            bits: vec![0; (ids.len() * BITS_PER_ID).div_ceil(8)],
        };
        for id in ids {
            for bit in f.probes(id) {
                f.bits[bit / 8] |= 1 << (bit % 8);
            }
        }
        f
    }

    /// Whether the body may hold `id`; an empty or unreadable filter says yes to all.
    pub(super) fn may_hold(&self, id: &str) -> bool {
        self.bits.is_empty()
            || self
                .probes(id)
                .all(|bit| self.bits[bit / 8] & (1 << (bit % 8)) != 0)
    }

    fn probes(&self, id: &str) -> impl Iterator<Item = usize> + use<> {
        let m = (self.bits.len() * 8) as u64;
        let h = fnv(id.as_bytes());
        let (a, b) = (h & 0xffff_ffff, (h >> 32) | 1);
        (0..PROBES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) % m.max(1)) as usize)
    }

    pub(super) fn to_hex(&self) -> String {
        self.bits.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The filter `hex` spells; an empty one (yes to all) when it spells none.
    pub(super) fn from_hex(hex: &str) -> Filter {
        let bits: Option<Vec<u8>> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        Filter {
            bits: bits
                .filter(|_| hex.len().is_multiple_of(2))
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn it_holds_every_id_it_was_made_of_and_few_others() {
        let ids: Vec<String> = (0..10_000).map(|i| format!("20261201-{i:06x}")).collect();
        let f = Filter::from_hex(&Filter::of(ids.iter().map(String::as_str)).to_hex());
        assert!(ids.iter().all(|id| f.may_hold(id)));
        let wrong = (0..10_000)
            .filter(|i| f.may_hold(&format!("20261202-{i:06x}")))
            .count();
        assert!(wrong < 300, "{wrong} wrong yeses in 10,000");
        assert!(
            Filter::from_hex("zz").may_hold("any"),
            "unreadable: yes to all"
        );
        assert!(Filter::of([].into_iter()).may_hold("any"));
    }
}
