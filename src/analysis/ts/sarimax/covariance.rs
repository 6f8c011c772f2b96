//! Structured covariance prediction for the SARIMAX state space, for `L` systems at once.
//!
//! One step computes `P⁺ = T (P − k pzᵀ) Tᵀ + Q` (`k = pz / F`; `k = 0` gives the plain
//! prediction used for forecasts: `x − 0·p = x` for finite `p`, at most the sign of a zero
//! differs, which no later sum or product can turn into a different value). Every value is a lane
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
//!
//! The step functions are always inlined into the filter, which is compiled twice on x86-64
//! (see [`super::kalman`]); no operation is reordered or fused in either build.

use super::plan::{Plan, NONE};

/// One value per lane.
pub type V<const L: usize> = [f64; L];

/// Values of `L` systems sharing one [`Plan`]: transition entries and the innovation
/// covariance of the ARMA block (internal order, and transposed).
pub struct Sys<'p, const L: usize> {
    /// Shared structure.
    pub plan: &'p Plan,
    /// Value of each non-zero of `T`, per lane.
    pub val: Vec<V<L>>,
    /// Non-zeros of `q` (some lane not zero): its value and the storage position it adds to.
    q_nz: Vec<(V<L>, usize)>,
    /// The same for `q_t`.
    q_t_nz: Vec<(V<L>, usize)>,
}

impl<'p, const L: usize> Sys<'p, L> {
    /// Gather the lanes' values; every plan must have the structure of `plans[0]`.
    pub fn new(plans: [&'p Plan; L], q: [&[f64]; L], q_t: [&[f64]; L]) -> Self {
        fn gather<const L: usize>(src: [&[f64]; L]) -> Vec<V<L>> {
            let mut out = vec![[0.0; L]; src[0].len()];
            for (l, s) in src.iter().enumerate() {
                for (o, &x) in out.iter_mut().zip(s.iter()) {
                    o[l] = x;
                }
            }
            out
        }
        // Adding a zero changes no value (at most the sign of a zero), so zeros are skipped.
        // Entry (r, c) of the ARMA block is added at storage position (a + r)(n + 1) + a + c.
        let plan = plans[0];
        let (n, a) = (plan.n, plan.arma);
        let k = n - a;
        let nz = |v: &[V<L>]| {
            v.iter()
                .enumerate()
                .filter(|(_, x)| x.iter().any(|&x| x != 0.0))
                .map(|(i, x)| (*x, (a + i / k) * (n + 1) + a + i % k))
                .collect()
        };
        let (q, q_t) = (gather(q), gather(q_t));
        Sys {
            plan,
            val: gather(plans.map(|p| p.val.as_slice())),
            q_nz: nz(&q),
            q_t_nz: nz(&q_t),
        }
    }
}

/// `x − k·p` per lane.
#[inline(always)]
fn upd<const L: usize>(x: V<L>, k: V<L>, p: V<L>) -> V<L> {
    std::array::from_fn(|l| x[l] - k[l] * p[l])
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

/// Stored covariance in internal order: `P` itself or its transpose, row-major with row stride
/// `n + 1` (the last column of each row is scratch: a shifted row spills into it).
#[derive(Debug, Clone)]
pub struct Cov<const L: usize> {
    /// Storage, `n` rows of `n + 1` values.
    data: Vec<V<L>>,
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
            data: vec![[0.0; L]; n * (n + 1)],
            transposed: false,
            out: vec![[0.0; L]; n * (n + 1)],
            rows: vec![],
            colv: vec![],
            tmp: vec![[0.0; L]; n],
        }
    }

    /// `P[i][j]` for internal indices.
    #[inline(always)]
    pub fn at(&self, n: usize, i: usize, j: usize) -> V<L> {
        if self.transposed {
            self.data[j * (n + 1) + i]
        } else {
            self.data[i * (n + 1) + j]
        }
    }

    /// Set `P[i][j]` (internal indices) and mark the storage as not transposed.
    pub fn fill(&mut self, n: usize, f: impl Fn(usize, usize) -> V<L>) {
        for (i, row) in self.data.chunks_exact_mut(n + 1).enumerate() {
            for (j, v) in row[..n].iter_mut().enumerate() {
                *v = f(i, j);
            }
        }
        self.transposed = false;
    }

    /// Largest absolute element of lane `l`.
    #[inline(always)]
    pub fn max_abs(&self, n: usize, l: usize) -> f64 {
        self.data
            .chunks_exact(n + 1)
            .flat_map(|r| &r[..n])
            .fold(0.0f64, |m, v| m.max(v[l].abs()))
    }

    /// Copy `P` (row-major `n × n`, internal order, not transposed) into `dst`.
    #[inline(always)]
    pub fn copy_internal(&self, n: usize, dst: &mut [V<L>]) {
        for (i, row) in dst.chunks_exact_mut(n).enumerate() {
            for (j, d) in row.iter_mut().enumerate() {
                *d = self.at(n, i, j);
            }
        }
    }

    /// `pz = P Zᵀ`, each element summed over the design columns in order.
    #[inline(always)]
    pub fn times_z(&self, plan: &Plan, pz: &mut [V<L>]) {
        let (n, s) = (plan.n, plan.n + 1);
        let (&z0, rest) = plan.z.split_first().expect("the design has a column");
        if self.transposed {
            pz.copy_from_slice(&self.data[z0 * s..z0 * s + n]);
            for &j in rest {
                for (v, x) in pz.iter_mut().zip(&self.data[j * s..j * s + n]) {
                    *v = std::array::from_fn(|l| v[l] + x[l]);
                }
            }
        } else {
            for (v, row) in pz.iter_mut().zip(self.data.chunks_exact(s)) {
                let mut acc = row[z0];
                for &j in rest {
                    acc = std::array::from_fn(|l| acc[l] + row[j][l]);
                }
                *v = acc;
            }
        }
    }

    /// `P ← T (P − k pzᵀ) Tᵀ + Q` (internal order).
    #[inline(always)]
    pub fn update_predict(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>]) {
        let (plan, n) = (sys.plan, sys.plan.n);
        self.rows.resize(plan.cached.len() * (n + 1), [0.0; L]);
        self.colv.resize(plan.cached.len() * n, [0.0; L]);
        if self.transposed {
            self.step_transposed(sys, k, pz);
            add_block(&mut self.out, &sys.q_nz);
        } else {
            self.step_direct(sys, k, pz);
            add_block(&mut self.out, &sys.q_t_nz);
        }
        std::mem::swap(&mut self.data, &mut self.out);
        self.transposed = !self.transposed;
    }

    /// `data = P`: row j of `U = T (P − k pzᵀ)` is an updated row of `P` (a combination for
    /// corrected and general rows); `T Uⱼᵀ` is row j of `out = P⁺ᵀ`, its shift part `U_j`
    /// moved one column right.
    #[inline(always)]
    fn step_direct(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>]) {
        let (plan, n, s) = (sys.plan, sys.plan.n, sys.plan.n + 1);
        let Cov {
            data,
            out,
            rows,
            colv,
            tmp,
            ..
        } = self;
        direct_shift(n, data, out, k, pz);
        // Updated rows of P met in corrections and general rows.
        for (&c, u) in plan.cached.iter().zip(rows.chunks_exact_mut(s)) {
            let (xc, kc) = (&data[c * s..c * s + n], k[c]);
            for ((u, &x), &p) in u.iter_mut().zip(xc).zip(pz) {
                *u = upd(x, kc, p);
            }
        }
        let rows: &[V<L>] = rows;
        let pu_row = |c: usize| &rows[plan.cached_slot[c] * s..plan.cached_slot[c] * s + n];
        for &(j, c, e) in &plan.corr {
            let v = sys.val[e];
            for (o, &p) in out[j * s + 1..(j + 1) * s].iter_mut().zip(pu_row(c)) {
                *o = axpy(*o, v, p);
            }
        }
        for &j in &plan.general {
            combine(sys, j, &mut out[j * s + 1..(j + 1) * s], pu_row);
        }
        // col[j] = U_j[c], found one column right of c in row j.
        for (&c, col) in plan.cached.iter().zip(colv.chunks_exact_mut(n)) {
            for (v, r) in col.iter_mut().zip(out.chunks_exact(s)) {
                *v = r[c + 1];
            }
        }
        fix_rows(sys, colv, out, tmp);
    }

    /// `data = Pᵀ`: row c of `(P − k pzᵀ)ᵀ` is `y_c = data[c] − pz_c k`, `G_c = T y_c` is row c
    /// of `Uᵀ`, and row i of `out = P⁺` is `Σ_{c ∈ row i} t_ic G_c`
    /// (`G_{i−1}` plus a correction for corrected rows).
    #[inline(always)]
    fn step_transposed(&mut self, sys: &Sys<L>, k: &[V<L>], pz: &[V<L>]) {
        let (plan, n, s) = (sys.plan, sys.plan.n, sys.plan.n + 1);
        let Cov {
            data,
            out,
            rows,
            colv,
            tmp,
            ..
        } = self;
        let data: &[V<L>] = data;
        let k = &k[..n];
        let shifted = |xr: &[V<L>], p: V<L>, dst: &mut [V<L>]| {
            for ((o, &x), &kl) in dst.iter_mut().zip(xr).zip(k) {
                *o = upd(x, kl, p);
            }
        };
        // Shift part of G_{i−1} into every row i ≥ 1 (one column right); rows that are not
        // pure are completed or overwritten below.
        for ((oi, xr), &p) in out
            .chunks_exact_mut(s)
            .skip(1)
            .zip(data.chunks_exact(s))
            .zip(pz)
        {
            shifted(&xr[..n], p, &mut oi[1..]);
        }
        for (&c, g) in plan.cached.iter().zip(rows.chunks_exact_mut(s)) {
            shifted(&data[c * s..c * s + n], pz[c], &mut g[1..]);
        }
        // col[r] = y_r[c], one column right of c in the row holding G_r.
        let last = plan.cached_slot[n - 1];
        for (&c, col) in plan.cached.iter().zip(colv.chunks_exact_mut(n)) {
            for (v, r) in col.iter_mut().zip(out.chunks_exact(s).skip(1)) {
                *v = r[c + 1];
            }
            if last != NONE {
                col[n - 1] = rows[last * s + c + 1];
            }
        }
        fix_rows(sys, colv, &mut out[s..], tmp);
        for (g, &c) in rows.chunks_exact_mut(s).zip(&plan.cached) {
            for &d in &plan.general {
                g[d] = combine_at(sys, d, colv, c);
            }
            for &(d, c2, e) in &plan.corr {
                g[d] = axpy(g[d], sys.val[e], colv[plan.cached_slot[c2] * n + c]);
            }
        }
        let rows: &[V<L>] = rows;
        let g_row = |c: usize| &rows[plan.cached_slot[c] * s..plan.cached_slot[c] * s + n];
        for &(i, c, e) in &plan.corr {
            let v = sys.val[e];
            for (o, &g) in out[i * s..i * s + n].iter_mut().zip(g_row(c)) {
                *o = axpy(*o, v, g);
            }
        }
        for &i in &plan.general {
            combine(sys, i, &mut out[i * s..i * s + n], g_row);
        }
    }
}

/// `dst = Σ_{e ∈ row i} val_e · src(col_e)` in storage order (zero for an empty row).
#[inline(always)]
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
/// `out` (one column right, spilling into the scratch column).
#[inline(always)]
fn direct_shift<const L: usize>(
    n: usize,
    data: &[V<L>],
    out: &mut [V<L>],
    k: &[V<L>],
    pz: &[V<L>],
) {
    let (s, pz) = (n + 1, &pz[..n]);
    for ((oj, xs), &ks) in out
        .chunks_exact_mut(s)
        .skip(1)
        .zip(data.chunks_exact(s))
        .zip(k)
    {
        for ((o, &x), &p) in oj[1..].iter_mut().zip(&xs[..n]).zip(pz) {
            *o = upd(x, ks, p);
        }
    }
}

/// Fill the fix-up entries of the rows of `region`, whose row `m` holds `T y_m` with its shifted
/// part in place; `colv[slot][m] = y_m[c]` are the extracted columns. General rows `d` of `T`
/// set entry `d`; corrections `(d, c, v)` add `v·y_m[c]` to it.
#[inline(always)]
fn fix_rows<const L: usize>(sys: &Sys<L>, colv: &[V<L>], region: &mut [V<L>], tmp: &mut [V<L>]) {
    let (plan, n) = (sys.plan, sys.plan.n);
    let col = |c: usize| &colv[plan.cached_slot[c] * n..(plan.cached_slot[c] + 1) * n];
    let n = n + 1;
    for &d in &plan.general {
        assert!(d < n);
        let range = plan.entries(d);
        let e0 = range.start;
        match range.len() {
            0 => region.chunks_exact_mut(n).for_each(|r| r[d] = [0.0; L]),
            1 => {
                let (v0, y0) = (sys.val[e0], col(plan.col[e0]));
                for (r, &a) in region.chunks_exact_mut(n).zip(y0) {
                    r[d] = mul(v0, a);
                }
            }
            2 => {
                let (v0, y0) = (sys.val[e0], col(plan.col[e0]));
                let (v1, y1) = (sys.val[e0 + 1], col(plan.col[e0 + 1]));
                for ((r, &a), &b) in region.chunks_exact_mut(n).zip(y0).zip(y1) {
                    r[d] = axpy(mul(v0, a), v1, b);
                }
            }
            _ => {
                combine(sys, d, tmp, col);
                for (r, &t) in region.chunks_exact_mut(n).zip(tmp.iter()) {
                    r[d] = t;
                }
            }
        }
    }
    for &(d, c, e) in &plan.corr {
        assert!(d < n);
        let (v, y) = (sys.val[e], col(c));
        for (r, &a) in region.chunks_exact_mut(n).zip(y) {
            r[d] = axpy(r[d], v, a);
        }
    }
}

/// Entry `r` of `Σ_{e ∈ row i} val_e · colv[slot(col_e)]` in storage order (zero for an empty
/// row).
#[inline(always)]
fn combine_at<const L: usize>(sys: &Sys<L>, i: usize, colv: &[V<L>], r: usize) -> V<L> {
    let (plan, n) = (sys.plan, sys.plan.n);
    let y = |e: usize| colv[plan.cached_slot[plan.col[e]] * n + r];
    let range = plan.entries(i);
    match range.clone().next() {
        None => [0.0; L],
        Some(e0) => range.skip(1).fold(mul(sys.val[e0], y(e0)), |acc, e| {
            axpy(acc, sys.val[e], y(e))
        }),
    }
}

/// Add the ARMA-block innovation covariance (its non-zeros `nz` with their storage positions,
/// from `q`, or from `q_t` when the result is stored transposed) to `p`.
#[inline(always)]
fn add_block<const L: usize>(p: &mut [V<L>], nz: &[(V<L>, usize)]) {
    for &(q, at) in nz {
        let x = &mut p[at];
        *x = std::array::from_fn(|l| x[l] + q[l]);
    }
}
