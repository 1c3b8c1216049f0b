//! Statistics over cached segment statistics: sacreBLEU-identical paired bootstrap resampling
//! and approximate randomization, confidence intervals, and multiple-comparison corrections.

pub mod rng;
