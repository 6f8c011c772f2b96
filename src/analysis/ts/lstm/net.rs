//! The stacked LSTM network built from dfdx tensors, unrolled over the input window.
//!
//! Each layer keeps three matrices: the input kernel `W` (`in × 4h`), the recurrent
//! kernel `U` (`h × 4h`) and the bias `b` (`1 × 4h`), with gates ordered
//! input, forget, cell, output. A dense head maps the last hidden state to one value.
//! Gradients come from dfdx's reverse-mode tape over the unrolled graph.

use dfdx::shapes::Axis;
use dfdx::tensor::{Cpu, CpuError, NoneTape, PutTape, SplitTape, Tape, Tensor, TensorFromVec};
use dfdx::tensor_ops::{BroadcastTo, ReshapeTo, TryAdd, TryMatMul, TryMul};
use nalgebra::DMatrix;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::analysis::{Error, Result};

/// A runtime-shaped f32 matrix on the CPU device.
pub(crate) type Mat<T = NoneTape> = Tensor<(usize, usize), f32, Cpu, T>;

/// Map a dfdx device error into the analysis error space.
pub(crate) fn dev_err(e: CpuError) -> Error {
    Error::Fit(format!("tensor operation failed: {e}"))
}

/// Name and shape of every parameter matrix, in storage order, for `n_in` input features.
pub(crate) fn layout(units: &[usize], n_in: usize) -> Vec<(String, usize, usize)> {
    let mut out = Vec::with_capacity(3 * units.len() + 2);
    let mut input = n_in;
    for (l, &h) in units.iter().enumerate() {
        out.push((format!("lstm{l}.kernel"), input, 4 * h));
        out.push((format!("lstm{l}.recurrent"), h, 4 * h));
        out.push((format!("lstm{l}.bias"), 1, 4 * h));
        input = h;
    }
    out.push(("dense.kernel".into(), input, 1));
    out.push(("dense.bias".into(), 1, 1));
    out
}

/// The network: parameter matrices laid out as in [`layout`].
#[derive(Debug, Clone)]
pub(crate) struct Net {
    pub(crate) dev: Cpu,
    pub(crate) units: Vec<usize>,
    pub(crate) n_in: usize,
    pub(crate) params: Vec<Mat>,
}

impl Net {
    /// Glorot-uniform input kernels, orthogonal recurrent kernels, zero biases with the
    /// forget-gate bias at 1, Glorot-uniform dense head.
    pub(crate) fn init(units: &[usize], n_in: usize, rng: &mut ChaCha8Rng) -> Result<Self> {
        let values = layout(units, n_in)
            .iter()
            .map(|(name, r, c)| {
                if name.ends_with(".recurrent") {
                    orthogonal(*r, *c, rng)
                } else if name == "dense.bias" {
                    vec![0.0]
                } else if name.ends_with(".bias") {
                    let h = c / 4;
                    (0..*c)
                        .map(|j| if (h..2 * h).contains(&j) { 1.0 } else { 0.0 })
                        .collect()
                } else {
                    let limit = (6.0 / (r + c) as f64).sqrt();
                    (0..r * c)
                        .map(|_| rng.gen_range(-limit..limit) as f32)
                        .collect()
                }
            })
            .collect();
        Self::from_values(units, n_in, values)
    }

    /// Build from raw values laid out as in [`layout`]; lengths must match.
    pub(crate) fn from_values(units: &[usize], n_in: usize, values: Vec<Vec<f32>>) -> Result<Self> {
        let dev = Cpu::default();
        let shapes = layout(units, n_in);
        if shapes.len() != values.len() {
            return Err(Error::Data(format!(
                "expected {} weight matrices, found {}",
                shapes.len(),
                values.len()
            )));
        }
        let mut params = Vec::with_capacity(values.len());
        for ((name, r, c), v) in shapes.into_iter().zip(values) {
            if v.len() != r * c {
                return Err(Error::Data(format!(
                    "weight {name} should hold {r}x{c} values, found {}",
                    v.len()
                )));
            }
            params.push(dev.try_tensor_from_vec(v, (r, c)).map_err(dev_err)?);
        }
        Ok(Self {
            dev,
            units: units.to_vec(),
            n_in,
            params,
        })
    }

    /// Every parameter matrix copied out, in storage order.
    pub(crate) fn values(&self) -> Vec<Vec<f32>> {
        self.params.iter().map(Tensor::as_vec).collect()
    }

    /// Total number of trainable scalars.
    pub(crate) fn num_params(&self) -> usize {
        layout(&self.units, self.n_in)
            .iter()
            .map(|(_, r, c)| r * c)
            .sum()
    }

    /// True when every weight is finite.
    pub(crate) fn is_finite(&self) -> bool {
        self.params
            .iter()
            .all(|p| p.as_vec().iter().all(|v| v.is_finite()))
    }

    /// Forward pass over `steps` (time-major: `steps[k]` holds the row-major `b × n_in`
    /// inputs of step `k`) for a batch of `b` samples; returns predictions of shape `b × 1`.
    pub(crate) fn forward<T: Tape<f32, Cpu>>(
        &self,
        steps: &[Vec<f32>],
        b: usize,
    ) -> std::result::Result<Mat<T>, CpuError> {
        let mut inputs: Vec<Mat<T>> = Vec::with_capacity(steps.len());
        for s in steps {
            let x = self.dev.try_tensor_from_vec(s.clone(), (b, self.n_in))?;
            inputs.push(x.retaped::<T>());
        }
        for (l, &h) in self.units.iter().enumerate() {
            inputs = self.layer::<T>(l, h, inputs, b)?;
        }
        let last = inputs.pop().ok_or(CpuError::WrongNumElements)?;
        let n = self.params.len();
        let bias = self.params[n - 1]
            .retaped::<T>()
            .try_reshape_like(&(1usize,))?
            .try_broadcast_like::<_, Axis<0>>(&(b, 1usize))?;
        last.try_matmul(self.params[n - 2].retaped::<T>())?
            .try_add(bias)
    }

    /// Run layer `l` with `h` units over the whole sequence. For all but the last layer every
    /// hidden state is returned; for the last layer only the final one.
    fn layer<T: Tape<f32, Cpu>>(
        &self,
        l: usize,
        h: usize,
        inputs: Vec<Mat<T>>,
        b: usize,
    ) -> std::result::Result<Vec<Mat<T>>, CpuError> {
        let last_layer = l + 1 == self.units.len();
        let (w, u, bias) = (
            &self.params[3 * l],
            &self.params[3 * l + 1],
            &self.params[3 * l + 2],
        );
        let steps = inputs.len();
        let mut outs = Vec::with_capacity(if last_layer { 1 } else { steps });
        let mut state: Option<(Mat<T>, Mat<T>)> = None;
        for (t, x) in inputs.into_iter().enumerate() {
            let mut z = x.try_matmul(w.retaped::<T>())?;
            let (h_prev, c_prev) = match state.take() {
                Some((hp, cp)) => (Some(hp), Some(cp)),
                None => (None, None),
            };
            if let Some(hp) = h_prev {
                z = z.try_add(hp.try_matmul(u.retaped::<T>())?)?;
            }
            let bb = bias
                .retaped::<T>()
                .try_reshape_like(&(4 * h,))?
                .try_broadcast_like::<_, Axis<0>>(&(b, 4 * h))?;
            let (z, tape) = z.try_add(bb)?.split_tape();
            // Each gate is a disjoint column block of `z`.
            let i = z
                .clone()
                .put_tape(tape)
                .try_slice((.., 0..h))?
                .try_sigmoid()?;
            let g = z
                .clone()
                .retaped::<T>()
                .try_slice((.., 2 * h..3 * h))?
                .try_tanh()?;
            let o = z
                .clone()
                .retaped::<T>()
                .try_slice((.., 3 * h..4 * h))?
                .try_sigmoid()?;
            let ig = i.try_mul(g)?;
            let c = match c_prev {
                Some(cp) => {
                    let f = z.retaped::<T>().try_slice((.., h..2 * h))?.try_sigmoid()?;
                    f.try_mul(cp)?.try_add(ig)?
                }
                None => ig,
            };
            let (c, c_tape) = c.split_tape();
            let hn = o.try_mul(c.clone().put_tape(c_tape).try_tanh()?)?;
            // The tape (holding this step's backward ops) must travel along a branch that
            // reaches the loss: the recurrent state for all but the final step.
            let (hn, h_tape) = hn.split_tape();
            if t + 1 == steps {
                outs.push(hn.put_tape(h_tape));
            } else {
                if !last_layer {
                    outs.push(hn.clone().retaped::<T>());
                }
                state = Some((hn.put_tape(h_tape), c.retaped::<T>()));
            }
        }
        Ok(outs)
    }

    /// Untaped forward returning one prediction per sample.
    pub(crate) fn predict(&self, steps: &[Vec<f32>], b: usize) -> Result<Vec<f32>> {
        Ok(self
            .forward::<NoneTape>(steps, b)
            .map_err(dev_err)?
            .as_vec())
    }
}

/// A `rows × cols` matrix (rows ≤ cols) with orthonormal rows, from the QR decomposition
/// of a Gaussian matrix (sign-corrected so the result is uniformly distributed).
fn orthogonal(rows: usize, cols: usize, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let a = DMatrix::<f64>::from_fn(cols, rows, |_, _| gaussian(rng));
    let qr = a.qr();
    let (q, r) = (qr.q(), qr.r());
    let mut out = vec![0.0f32; rows * cols];
    for j in 0..rows {
        let sign = if r[(j, j)] < 0.0 { -1.0 } else { 1.0 };
        for i in 0..cols {
            // Row j of the result is column j of Q.
            out[j * cols + i] = (sign * q[(i, j)]) as f32;
        }
    }
    out
}

/// A standard normal draw (Box–Muller).
fn gaussian(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.gen_range(f64::MIN_POSITIVE..1.0);
    let u2: f64 = rng.gen::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}
