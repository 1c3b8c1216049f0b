//! Floating-point arithmetic exactly as sacreBLEU performs it. Its formulas mix Python floats
//! (always double precision) with NumPy values; under NumPy 2 (NEP 50) a Python float meeting a
//! NumPy `float32` is converted to `float32` first. Corpus scores see only Python numbers
//! (double precision throughout); bootstrap resamples see `float32` sums. Writing each formula
//! once over [`PythonOrNumpy`] values reproduces both.

use std::ops::{Add, Div, Mul, Sub};

/// A floating-point precision NumPy arrays can hold here (`f64` or `f32`).
pub trait Real:
    Copy
    + PartialOrd
    + Default
    + std::fmt::Debug
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
{
    /// True for `f32` (NumPy `float32`).
    const IS_F32: bool;
    /// A double converted to this precision (round to nearest).
    fn from_f64(value: f64) -> Self;
    /// Widened to a double (exact).
    fn to_f64(self) -> f64;
}

impl Real for f64 {
    const IS_F32: bool = false;
    fn from_f64(value: f64) -> Self {
        value
    }
    fn to_f64(self) -> f64 {
        self
    }
}

impl Real for f32 {
    const IS_F32: bool = true;
    fn from_f64(value: f64) -> Self {
        value as f32
    }
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
}

/// A number in a sacreBLEU formula: a Python scalar, or a NumPy value of precision `T`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PythonOrNumpy<T> {
    Python(f64),
    Numpy(T),
}

impl<T: Real> PythonOrNumpy<T> {
    /// The value as a double (what `math.log`, `float()` or formatting sees).
    pub fn to_f64(self) -> f64 {
        match self {
            PythonOrNumpy::Python(value) => value,
            PythonOrNumpy::Numpy(value) => value.to_f64(),
        }
    }

    /// True when the value is a NumPy number (it decides the dtype of an array of scores).
    pub fn is_numpy(self) -> bool {
        matches!(self, PythonOrNumpy::Numpy(_))
    }

    fn combine(self, other: Self, python: fn(f64, f64) -> f64, numpy: fn(T, T) -> T) -> Self {
        match (self, other) {
            (PythonOrNumpy::Python(a), PythonOrNumpy::Python(b)) => {
                PythonOrNumpy::Python(python(a, b))
            }
            (PythonOrNumpy::Python(a), PythonOrNumpy::Numpy(b)) => {
                PythonOrNumpy::Numpy(numpy(T::from_f64(a), b))
            }
            (PythonOrNumpy::Numpy(a), PythonOrNumpy::Python(b)) => {
                PythonOrNumpy::Numpy(numpy(a, T::from_f64(b)))
            }
            (PythonOrNumpy::Numpy(a), PythonOrNumpy::Numpy(b)) => PythonOrNumpy::Numpy(numpy(a, b)),
        }
    }
}

impl<T: Real> Add for PythonOrNumpy<T> {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        self.combine(other, |a, b| a + b, |a, b| a + b)
    }
}

impl<T: Real> Sub for PythonOrNumpy<T> {
    type Output = Self;
    fn sub(self, other: Self) -> Self {
        self.combine(other, |a, b| a - b, |a, b| a - b)
    }
}

impl<T: Real> Mul for PythonOrNumpy<T> {
    type Output = Self;
    fn mul(self, other: Self) -> Self {
        self.combine(other, |a, b| a * b, |a, b| a * b)
    }
}

impl<T: Real> Div for PythonOrNumpy<T> {
    type Output = Self;
    fn div(self, other: Self) -> Self {
        self.combine(other, |a, b| a / b, |a, b| a / b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_floats_become_float32_next_to_numpy_float32() {
        let third = PythonOrNumpy::<f32>::Python(1.0) / PythonOrNumpy::Numpy(3.0);
        assert_eq!(third, PythonOrNumpy::Numpy(1.0f32 / 3.0));
        let double = PythonOrNumpy::<f32>::Python(1.0) / PythonOrNumpy::Python(3.0);
        assert_eq!(double, PythonOrNumpy::Python(1.0 / 3.0));
        // 100 * 0.1 is computed in double before meeting the float32 total.
        let floor = PythonOrNumpy::<f32>::Python(100.0 * 0.1) / PythonOrNumpy::Numpy(7.0);
        assert_eq!(floor.to_f64(), f64::from((100.0f64 * 0.1) as f32 / 7.0f32));
    }
}
