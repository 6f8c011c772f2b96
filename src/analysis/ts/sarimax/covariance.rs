//! Structured covariance prediction for the SARIMAX state space, for `L` systems at once.
//!
//! One step computes `P⁺ = T (P − k pzᵀ) Tᵀ + Q` (`k = pz / F`; the update is skipped where
//! `k_i = 0`, and `k = 0` gives the plain prediction used for forecasts). Every value is a lane
//! vector `[f64; L]`: `L` systems that share the structure of `T` (see [`Plan`]) but not its
//! values are advanced together, each lane with exactly the operations of a single system.
//!
//! In the internal state order almost every row of `T` is the unit shift `i ← i − 1`, so
//! applying `T` to a vector is one contiguous shifted copy plus fix-ups for the few other rows.
//! Row `j` of `U = T (P − k pzᵀ)` is an updated row of `P`, and `T Uⱼᵀ` is column `j` of `P⁺`:
//! one pass over `P` writes `P⁺ᵀ`, and the next pass starts from the transpose and writes `P⁺`.
//! The stored matrix therefore alternates between `P` and `Pᵀ` ([`Cov::transposed`]); `P` is
//! only symmetric up to rounding, so both orientations are handled explicitly. The fix-up
//! columns are formed for all rows at once from extracted columns.
//!
//! Every element gets the same operations in the same order as the textbook sequence
//! "rank-one update; `U = T P`; `P⁺ = T Uᵀ`; add `Q`" in statsmodels' state order (sums over
//! the non-zeros of a row of `T` in storage order, the first term not added to zero;
//! `a + b = b + a` exactly, so a shift and its correction may be added in either order), so the
//! results are bitwise those of the unstructured computation.

use super::plan::Plan;

/// One value per lane.
pub type V<const L: usize> = [f64; L];

/// Values of `L` systems sharing one [`Plan`]: transition entries and the innovation
/// covariance of the ARMA block (internal order, and transposed).
pub struct Sys<'p, const L: usize> {
    /// Shared structure.
    pub plan: &'p Plan,
    /// Value of each non-zero of `T`, per lane.
    pub val: Vec<V<L>>,
    /// ARMA-block innovation covariance.
    pub q: Vec<V<L>>,
    /// Its transpose.
    pub q_t: Vec<V<L>>,
}

impl<'p, const L: usize> Sys<'p, L> {
    /// Gather the lanes' values; every plan must have the structure of `plans[0]`.
    pub fn new(plans: [&'p Plan; L], q: [&[f64]; L], q_t: [&[f64]; L]) -> Self {
        let gather = |len: usize, src: &dyn Fn(usize, usize) -> f64| -> Vec<V<L>> {
            (0..len)
                .map(|i| std::array::from_fn(|l| src(l, i)))
                .collect()
        };
        Sys {
            plan: plans[0],
            val: gather(plans[0].val.len(), &|l, i| plans[l].val[i]),
            q: gather(q[0].len(), &|l, i| q[l][i]),
            q_t: gather(q_t[0].len(), &|l, i| q_t[l][i]),
        }
    }
}

/// `x − k·p` per lane, keeping `x` in lanes where `k = 0` when `masked`.
#[inline(always)]
fn upd<const L: usize>(x: V<L>, k: V<L>, p: V<L>, masked: bool) -> V<L> {
    std::array::from_fn(|l| {
        if masked && k[l] == 0.0 {
            x[l]
        } else {
            x[l] - k[l] * p[l]
        }
    })
}

/// `a + v·b` per lane.
#[inline(always)]
fn axpy<const L: usize>(a: V<L>, v: V<L>, b: V<L>) -> V<L> {
    std::array::from_fn(|l| a[l] + v[l] * b[l])
}

/// `v·b` per lane.
#[inline(always)]
fn mul<const L: usize>(v: V<L>, b: V<L>) -> V<L> {
    std::array::from_fn(|l| v[l] * b[l])
}

/// Whether some lane of some value is zero.
fn any_zero<const L: usize>(k: &[V<L>]) -> bool {
    k.iter().any(|v| v.contains(&0.0))
}

/// Stored covariance in internal order: `P` itself or its transpose.
#[derive(Debug, Clone)]
pub struct Cov<const L: usize> {
    /// Row-major storage.
    pub data: Vec<V<L>>,
    /// Whether `data` holds `Pᵀ`.
    pub transposed: bool,
    out: Vec<V<L>>,
    rows: Vec<V<L>>,
    colv: Vec<V<L>>,
    tmp: Vec<V<L>>,
}

impl<const L: usize> Cov<L> {
    /// Zero covariance of `n` states.
    pub fn new(n: usize) -> Self {
        Cov {
            data: vec![[0.0; L]; n * n],
            transposed: false,
            out: vec![[0.0; L]; n * n],
            rows: vec![],
            colv: vec![],
            tmp: vec![[0.0; L]; n],
        }
    }

    /// `P[i][j]` for internal indices.
    #[inline]
    pub fn at(&self, n: usize, i: usize, j: usize) -> V<L> {
        if self.transposed {
            self.data[j * n + i]
        } else {
            self.data[i * n + j]
        }
    }

    /// Copy `P` (row-major, internal order, not transposed) into `dst`.
    pub fn copy_internal(&self, n: usize, dst: &mut [V<L>]) {
        if self.transposed {
            for (i, row) in dst.chunks_exact_mut(n).enumerate() {
                for (j, d) in row.iter_mut().enumerate() {
                    *d = self.data[j * n + i];
                }
            }
        } else {
            dst.copy_from_slice(&self.data);
        }
    }

    /// `pz = P Zᵀ`, each element summed over the design columns in order.
    pub fn times_z(&self, plan: &Plan, pz: &mut [V<L>]) {
        let n = plan.n;
        let (&z0, rest) = plan.z.split_first().expect("the design has a column");
        if self.transposed {
            pz.copy_from_slice(&self.data[z0 * n..(z0 + 1) * n]);
            for &j in rest {
                for (v, x) in pz.iter_mut().zip(&self.data[j * n..(j + 1) * n]) {
                    *v = std::array::from_fn(|l| v[l] + x[l]);
                }
            }
        } else {
            for (v, row) in pz.iter_mut().zip(self.data.chunks_exact(n)) {
                let mut acc = row[z0];
                for &j in rest {
                    acc = std::array::from_fn(|l| acc[l] + row[j][l]);
                }
                *v = acc;
            }
        }
    }

    /// `P ← T (P − k pzᵀ) Tᵀ + Q` (internal order), where rows with `k_i = 0` are not updated.
    pub fn update_predict(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>]) {
        let (plan, n) = (sys.plan, sys.plan.n);
        self.rows
            .resize((plan.cached.len() + plan.general.len()) * n, [0.0; L]);
        self.colv.resize(plan.cached.len() * n, [0.0; L]);
        let masked = any_zero(k);
        if self.transposed {
            self.step_transposed(sys, k, pz, masked);
            add_block(plan, &mut self.out, &sys.q);
        } else {
            self.step_direct(sys, k, pz, masked);
            add_block(plan, &mut self.out, &sys.q_t);
        }
        std::mem::swap(&mut self.data, &mut self.out);
        self.transposed = !self.transposed;
    }

    /// `data = P`: row j of `U = T (P − k pzᵀ)` is an updated row of `P` (a combination for
    /// corrected and general rows), and `T Uⱼᵀ` is row j of `out = P⁺ᵀ`.
    fn step_direct(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>], masked: bool) {
        let (plan, n) = (sys.plan, sys.plan.n);
        let Cov {
            data,
            out,
            rows,
            colv,
            tmp,
            ..
        } = self;
        let nc = plan.cached.len();
        let (pu, urows) = rows.split_at_mut(nc * n);
        // Shift part of every U_j (rows that are not pure are completed or overwritten below).
        direct_shift(n, data, out, k, pz);
        // Updated rows of P met in corrections and general rows.
        for (&c, u) in plan.cached.iter().zip(pu.chunks_exact_mut(n)) {
            let (xc, kc) = (&data[c * n..(c + 1) * n], k[c]);
            for ((u, &x), &p) in u.iter_mut().zip(xc).zip(pz) {
                *u = upd(x, kc, p, masked);
            }
        }
        let pu: &[V<L>] = pu;
        let pu_row = |c: usize| &pu[plan.cached_slot[c] * n..(plan.cached_slot[c] + 1) * n];
        for &(j, c, e) in &plan.corr {
            let v = sys.val[e];
            for (o, &p) in out[j * n + 1..(j + 1) * n].iter_mut().zip(pu_row(c)) {
                *o = axpy(*o, v, p);
            }
        }
        for (u, &j) in urows.chunks_exact_mut(n).zip(&plan.general) {
            combine(sys, j, u, pu_row);
            out[j * n + 1..(j + 1) * n].copy_from_slice(&u[..n - 1]);
        }
        // col[j] = U_j[c] for the columns the fix-ups read.
        for (&c, col) in plan.cached.iter().zip(colv.chunks_exact_mut(n)) {
            assert!(c < n);
            let pc = pz[c];
            for ((v, xr), &kk) in col[1..].iter_mut().zip(data.chunks_exact(n)).zip(k.iter()) {
                *v = upd(xr[c], kk, pc, masked);
            }
            for &(j, c2, e) in &plan.corr {
                col[j] = axpy(col[j], sys.val[e], pu_row(c2)[c]);
            }
            for (u, &j) in urows.chunks_exact(n).zip(&plan.general) {
                col[j] = u[c];
            }
        }
        fixups(sys, colv, tmp, |d, add, t| {
            assert!(d < n);
            scatter(out.chunks_exact_mut(n).map(|r| &mut r[d]), t, add);
        });
    }

    /// `data = Pᵀ`: row c of `(P − k pzᵀ)ᵀ` is `y_c = data[c] − pz_c k` (entries with `k_l = 0`
    /// kept), `G_c = T y_c` is row c of `Uᵀ`, and row i of `out = P⁺` is `Σ_{c ∈ row i} t_ic G_c`
    /// (`G_{i−1}` plus a correction for corrected rows).
    fn step_transposed(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>], masked: bool) {
        let (plan, n) = (sys.plan, sys.plan.n);
        let Cov {
            data,
            out,
            rows,
            colv,
            tmp,
            ..
        } = self;
        let data: &[V<L>] = data;
        let kk = &k[..n - 1];
        let shifted = |xr: &[V<L>], p: V<L>, dst: &mut [V<L>]| {
            if masked {
                for ((o, &x), &kl) in dst.iter_mut().zip(xr).zip(kk) {
                    *o = upd(x, kl, p, true);
                }
            } else {
                for ((o, &x), &kl) in dst.iter_mut().zip(xr).zip(kk) {
                    *o = upd(x, kl, p, false);
                }
            }
        };
        // G_{i−1} (shift part) into every row i ≥ 1; rows that are not pure are completed or
        // overwritten below.
        for ((oi, xr), &p) in out
            .chunks_exact_mut(n)
            .skip(1)
            .zip(data.chunks_exact(n))
            .zip(pz)
        {
            shifted(&xr[..n - 1], p, &mut oi[1..]);
        }
        let g_rows = &mut rows[..plan.cached.len() * n];
        for (&c, g) in plan.cached.iter().zip(g_rows.chunks_exact_mut(n)) {
            shifted(&data[c * n..(c + 1) * n - 1], pz[c], &mut g[1..]);
        }
        // col[r] = y_r[c].
        for (&c, col) in plan.cached.iter().zip(colv.chunks_exact_mut(n)) {
            assert!(c < n);
            let kc = k[c];
            for ((v, xr), &p) in col.iter_mut().zip(data.chunks_exact(n)).zip(pz) {
                *v = upd(xr[c], kc, p, masked);
            }
        }
        // Fix-up entries of every G row: G_{i−1} in out[i], and the cached rows.
        fixups(sys, colv, tmp, |d, add, t| {
            assert!(d < n);
            scatter(out.chunks_exact_mut(n).skip(1).map(|r| &mut r[d]), t, add);
            for (g, &c) in g_rows.chunks_exact_mut(n).zip(&plan.cached) {
                scatter(std::iter::once(&mut g[d]), &t[c..], add);
            }
        });
        let g_rows: &[V<L>] = g_rows;
        let g_row = |c: usize| &g_rows[plan.cached_slot[c] * n..(plan.cached_slot[c] + 1) * n];
        for &(i, c, e) in &plan.corr {
            let v = sys.val[e];
            for (o, &g) in out[i * n..(i + 1) * n].iter_mut().zip(g_row(c)) {
                *o = axpy(*o, v, g);
            }
        }
        for &i in &plan.general {
            combine(sys, i, &mut out[i * n..(i + 1) * n], g_row);
        }
    }
}

/// `dst = Σ_{e ∈ row i} val_e · src(col_e)` in storage order (zero for an empty row).
fn combine<'a, const L: usize>(
    sys: &Sys<L>,
    i: usize,
    dst: &mut [V<L>],
    src: impl Fn(usize) -> &'a [V<L>],
) {
    let plan = sys.plan;
    let range = plan.entries(i);
    if range.is_empty() {
        dst.iter_mut().for_each(|v| *v = [0.0; L]);
    }
    for e in range.clone() {
        let (s, v) = (src(plan.col[e]), sys.val[e]);
        if e == range.start {
            dst.iter_mut().zip(s).for_each(|(d, &s)| *d = mul(v, s));
        } else {
            dst.iter_mut()
                .zip(s)
                .for_each(|(d, &s)| *d = axpy(*d, v, s));
        }
    }
}

/// Shift part of `T` applied to `U_j` = updated row `j − 1` of `P`, for every row `j ≥ 1` of
/// `out`.
#[inline(never)]
fn direct_shift<const L: usize>(
    n: usize,
    data: &[V<L>],
    out: &mut [V<L>],
    k: &[V<L>],
    pz: &[V<L>],
) {
    let pz = &pz[..n - 1];
    for ((oj, xs), &ks) in out
        .chunks_exact_mut(n)
        .skip(1)
        .zip(data.chunks_exact(n))
        .zip(k)
    {
        let (oj, xs) = (&mut oj[1..], &xs[..n - 1]);
        let zero = ks.map(|v| v == 0.0);
        if zero.iter().all(|&z| z) {
            oj.copy_from_slice(xs);
        } else if zero.iter().any(|&z| z) {
            for ((o, &x), &p) in oj.iter_mut().zip(xs).zip(pz) {
                *o = upd(x, ks, p, true);
            }
        } else {
            for ((o, &x), &p) in oj.iter_mut().zip(xs).zip(pz) {
                *o = upd(x, ks, p, false);
            }
        }
    }
}

/// `o = t` (or `o += t` when `add`) along `dst`.
#[inline(always)]
fn scatter<'a, const L: usize>(dst: impl Iterator<Item = &'a mut V<L>>, t: &[V<L>], add: bool) {
    if add {
        dst.zip(t)
            .for_each(|(o, t)| *o = std::array::from_fn(|l| o[l] + t[l]));
    } else {
        dst.zip(t).for_each(|(o, t)| *o = *t);
    }
}

/// The fix-up entries of `T y_r` for every `r`, from the extracted columns
/// (`colv[slot][r] = y_r[c]`): for each general row `d` of `T`, `t[r] = (T y_r)_d` is handed to
/// `apply(d, false, t)`; for each correction `(d, c, v)`, `t[r] = v·y_r[c]` to `apply(d, true, t)`
/// (to be added to the shifted value).
#[inline(never)]
fn fixups<const L: usize>(
    sys: &Sys<L>,
    colv: &[V<L>],
    tmp: &mut [V<L>],
    mut apply: impl FnMut(usize, bool, &[V<L>]),
) {
    let (plan, n) = (sys.plan, sys.plan.n);
    let col = |c: usize| &colv[plan.cached_slot[c] * n..(plan.cached_slot[c] + 1) * n];
    for &d in &plan.general {
        combine(sys, d, tmp, col);
        apply(d, false, tmp);
    }
    for &(d, c, e) in &plan.corr {
        let v = sys.val[e];
        tmp.iter_mut()
            .zip(col(c))
            .for_each(|(t, &y)| *t = mul(v, y));
        apply(d, true, tmp);
    }
}

/// Add the ARMA-block innovation covariance `q` (internal order, transposed when the result is
/// stored transposed) to `p`.
#[inline(never)]
fn add_block<const L: usize>(plan: &Plan, p: &mut [V<L>], q: &[V<L>]) {
    let (n, a) = (plan.n, plan.arma);
    let k = n - a;
    for (i, qi) in q.chunks_exact(k).enumerate() {
        let row = &mut p[(a + i) * n + a..(a + i + 1) * n];
        for (x, v) in row.iter_mut().zip(qi) {
            *x = std::array::from_fn(|l| x[l] + v[l]);
        }
    }
}
