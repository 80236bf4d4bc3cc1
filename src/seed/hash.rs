//! A fast hasher for the loader's key sets. A seed holds millions of ids and
//! quotes that are hashed once or twice each; SipHash, the standard library's
//! default, guards against collision attacks that a seed file (trusted input
//! that the user loads on purpose) does not need guarding against, and costs
//! several times more per byte.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing, eight bytes at a time (the scheme of rustc's FxHash).
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        // The length goes in with the last bytes, so that "a" and "a\0" differ.
        self.add(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // A multiply carries entropy only upwards, so the low bits (the ones a
        // hash table indexes by) would hardly depend on the last bytes: mix the
        // high bits back down (MurmurHash3's finaliser).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_equal_and_different_ones_differ() {
        let hash = |s: &str| {
            let mut h = FastHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash("meeting-12"), hash("meeting-12"));
        assert_ne!(hash("meeting-12"), hash("meeting-21"));
        assert_ne!(hash("a"), hash("a\0"));
        let mut set: FastSet<String> = FastSet::default();
        for i in 0..10_000 {
            assert!(set.insert(format!("fact-{i}")));
        }
        assert!(set.contains("fact-9999"));
        // Keys that differ only in their last byte spread over the low bits.
        let low: FastSet<u64> = (0..256)
            .map(|i| hash(&format!("fact-{i:03}")) & 0xff)
            .collect();
        assert!(low.len() > 128, "{} distinct low bytes", low.len());
    }
}
