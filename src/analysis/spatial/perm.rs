//! Seeded random permutations and samples that give the same stream natively and in
//! WebAssembly (all draws use 32-bit ranges, never `usize`).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Most permutations a Gi* or Moran's I test accepts.
pub const MAX_PERMUTATIONS: usize = 1_000_000;

/// The generator behind every permutation test: ChaCha8 seeded with `seed`.
pub(crate) fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Uniform Fisher–Yates shuffle. `v.len()` must fit in `u32`.
pub(crate) fn shuffle<T>(v: &mut [T], rng: &mut ChaCha8Rng) {
    for i in (1..v.len()).rev() {
        let j = rng.gen_range(0..=i as u32) as usize;
        v.swap(i, j);
    }
}

/// Sampler of `k` distinct indices from `0..n` without one excluded index (Floyd's algorithm),
/// reusing a stamp array so each draw costs `O(k)`.
pub(crate) struct Sampler {
    stamp: Vec<u32>,
    gen: u32,
}

impl Sampler {
    /// A sampler over `0..n`.
    pub(crate) fn new(n: usize) -> Self {
        Sampler {
            stamp: vec![0; n],
            gen: 0,
        }
    }

    /// Fill `out` with `k` distinct indices from `0..n` excluding `skip` (`k ≤ n − 1`).
    pub(crate) fn draw(
        &mut self,
        skip: usize,
        k: usize,
        rng: &mut ChaCha8Rng,
        out: &mut Vec<usize>,
    ) {
        out.clear();
        self.gen = self.gen.wrapping_add(1);
        if self.gen == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.gen = 1;
        }
        let m = self.stamp.len() - 1; // pool size without `skip`
        for j in (m - k)..m {
            let t = rng.gen_range(0..=j as u32) as usize;
            // Floyd: take t unless already taken, then take j.
            let pick = if self.stamp[map(t, skip)] == self.gen {
                j
            } else {
                t
            };
            let idx = map(pick, skip);
            self.stamp[idx] = self.gen;
            out.push(idx);
        }
    }
}

/// Map a pool position in `0..n-1` to an index in `0..n` skipping `skip`.
#[inline]
fn map(t: usize, skip: usize) -> usize {
    if t >= skip {
        t + 1
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampler_draws_distinct_indices_excluding_skip() {
        let mut s = Sampler::new(10);
        let mut r = rng(5);
        let mut out = Vec::new();
        let mut hits = [0usize; 10];
        for _ in 0..2000 {
            s.draw(3, 4, &mut r, &mut out);
            let mut u = out.clone();
            u.sort_unstable();
            u.dedup();
            assert_eq!(u.len(), 4);
            assert!(!u.contains(&3) && u.iter().all(|&i| i < 10));
            for i in u {
                hits[i] += 1;
            }
        }
        // each of the 9 others expected 2000*4/9 ≈ 889 times
        for (i, h) in hits.iter().enumerate() {
            if i != 3 {
                assert!((750..1030).contains(h), "{hits:?}");
            }
        }
        s.draw(0, 9, &mut r, &mut out);
        out.sort_unstable();
        assert_eq!(out, (1..10).collect::<Vec<_>>());
    }

    #[test]
    fn shuffle_is_a_permutation_and_seeded() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        shuffle(&mut a, &mut rng(1));
        shuffle(&mut b, &mut rng(1));
        assert_eq!(a, b);
        let mut s = a.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
    }
}
