//! Numbers written as Python writes them, where sacreBLEU's output depends on it.

/// Every finite double is written exactly with this many decimals (the smallest subnormal,
/// 2^-1074, has that many); past it Python pads with zeros.
const EXACT_DECIMALS: usize = 1074;

/// Python's `f"{value:.{decimals}f}"`: Rust's `{:.decimals$}` (both round the exact binary
/// value half to even) but `nan` for NaN, and any number of decimals (Rust's stop at 65,535).
pub fn python_fixed(value: f64, decimals: usize) -> String {
    if value.is_nan() {
        return "nan".to_string();
    }
    if decimals <= EXACT_DECIMALS || !value.is_finite() {
        return format!("{value:.prec$}", prec = decimals.min(EXACT_DECIMALS));
    }
    let mut written = format!("{value:.EXACT_DECIMALS$}");
    written.extend(std::iter::repeat_n('0', decimals - EXACT_DECIMALS));
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_print_as_python_at_any_width() {
        assert_eq!(python_fixed(0.1, 30), "0.100000000000000005551115123126");
        assert_eq!(python_fixed(0.125, 2), "0.12");
        assert_eq!(python_fixed(2.675, 2), "2.67");
        assert_eq!(python_fixed(48.530827009929865, 1), "48.5");
        assert_eq!(python_fixed(f64::NAN, 2), "nan");
        assert_eq!(python_fixed(f64::NEG_INFINITY, 3), "-inf");
        // Python's f"{5e-324:.1100f}": the exact digits, then zeros.
        let tiny = python_fixed(5e-324, 1100);
        assert_eq!((tiny.len(), &tiny[1068..1076]), (1102, "47265625"));
        assert!(tiny[1076..].bytes().all(|b| b == b'0'));
        let wide = python_fixed(37.5, 70_000);
        assert_eq!((wide.len(), &wide[..5]), (70_003, "37.50"));
        assert!(wide[4..].bytes().all(|b| b == b'0'));
    }
}
