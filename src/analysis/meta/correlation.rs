//! Correlation statistics between a human and a metric score vector, as scipy.stats and
//! mt-metrics-eval compute them: Pearson, Spearman (average ranks), Kendall's tau-b (Knight's
//! O(n log n) count of concordant and discordant pairs), pairwise ranking accuracy (sign
//! agreement, ties included), and the z-scoring the permutation test applies. A statistic that
//! is undefined (a constant vector, fewer than two values) is `None`, never NaN.

use std::cmp::Ordering;

/// Orders scores that are known not to be NaN (`-0.0` equals `0.0`, as in Python).
pub fn compare_scores(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn is_constant(values: &[f64]) -> bool {
    values.iter().all(|&v| v == values[0])
}

/// Pearson's r (scipy's formula: centred vectors divided by their norms, then the dot product,
/// clipped to [-1, 1]); `None` for fewer than two values or a constant vector (mt-metrics-eval).
pub fn pearson(gold: &[f64], metric: &[f64]) -> Option<f64> {
    if gold.len() < 2 || is_constant(gold) || is_constant(metric) {
        return None;
    }
    let centred = |values: &[f64]| {
        let m = mean(values);
        let centred: Vec<f64> = values.iter().map(|v| v - m).collect();
        let norm = centred.iter().map(|v| v * v).sum::<f64>().sqrt();
        centred.into_iter().map(|v| v / norm).collect::<Vec<f64>>()
    };
    let (x, y) = (centred(gold), centred(metric));
    let r: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
    Some(r.clamp(-1.0, 1.0))
}

/// 1-based ranks, ties sharing the average rank (scipy's `rankdata(method="average")`).
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| compare_scores(values[a], values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Ranks start+1 ..= end share their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = rank;
        }
        start = end;
    }
    ranks
}

/// Spearman's rho: the correlation of the average ranks, computed as scipy's `spearmanr` does
/// (numpy's `corrcoef`: the covariance divided by both standard deviations, clipped to
/// [-1, 1]), so that ranks in the same order give exactly 1.
pub fn spearman(gold: &[f64], metric: &[f64]) -> Option<f64> {
    if gold.len() < 2 || is_constant(gold) || is_constant(metric) {
        return None;
    }
    let (x, y) = (average_ranks(gold), average_ranks(metric));
    let (mean_x, mean_y) = (mean(&x), mean(&y));
    let degrees = (x.len() - 1) as f64;
    let (mut xy, mut xx, mut yy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(&y) {
        let (a, b) = (a - mean_x, b - mean_y);
        xy += a * b;
        xx += a * a;
        yy += b * b;
    }
    let rho = (xy / degrees) / (xx / degrees).sqrt() / (yy / degrees).sqrt();
    Some(rho.clamp(-1.0, 1.0))
}

/// Pairs tied within runs of equal values in a sorted slice.
fn tied_pairs<T: PartialEq>(sorted: &[T]) -> u64 {
    let mut ties = 0u64;
    let mut run = 1u64;
    for i in 1..=sorted.len() {
        if i < sorted.len() && sorted[i] == sorted[i - 1] {
            run += 1;
        } else {
            ties += run * (run - 1) / 2;
            run = 1;
        }
    }
    ties
}

/// Merge-sorts `values`, returning the number of inversions (pairs out of order).
fn sort_counting_swaps(values: &mut [f64], buffer: &mut Vec<f64>) -> u64 {
    let n = values.len();
    if n < 2 {
        return 0;
    }
    let middle = n / 2;
    let mut swaps = sort_counting_swaps(&mut values[..middle], buffer);
    swaps += sort_counting_swaps(&mut values[middle..], buffer);
    buffer.clear();
    let (mut i, mut j) = (0, middle);
    while i < middle && j < n {
        if values[j] < values[i] {
            buffer.push(values[j]);
            swaps += (middle - i) as u64;
            j += 1;
        } else {
            buffer.push(values[i]);
            i += 1;
        }
    }
    buffer.extend_from_slice(&values[i..middle]);
    buffer.extend_from_slice(&values[j..n]);
    values.copy_from_slice(buffer);
    swaps
}

/// Kendall's tau-b: `(C − D) / √(n0 − ties_gold) / √(n0 − ties_metric)`, clipped to [-1, 1]
/// as scipy clips it (3 / √3 / √3 is 1.0000000000000002); `None` when either vector is constant
/// or has fewer than two values.
pub fn kendall_tau_b(gold: &[f64], metric: &[f64]) -> Option<f64> {
    let n = gold.len() as u64;
    if n < 2 {
        return None;
    }
    let mut pairs: Vec<(f64, f64)> = gold.iter().copied().zip(metric.iter().copied()).collect();
    pairs.sort_by(|a, b| compare_scores(a.0, b.0).then(compare_scores(a.1, b.1)));
    let total = n * (n - 1) / 2;
    let gold_sorted: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let gold_ties = tied_pairs(&gold_sorted);
    let both_ties = tied_pairs(&pairs);
    let mut metric_values: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let swaps = sort_counting_swaps(&mut metric_values, &mut Vec::with_capacity(gold.len()));
    let metric_ties = tied_pairs(&metric_values);
    if gold_ties == total || metric_ties == total {
        return None;
    }
    let concordant_minus_discordant =
        total as i64 - gold_ties as i64 - metric_ties as i64 + both_ties as i64 - 2 * swaps as i64;
    let tau = concordant_minus_discordant as f64
        / ((total - gold_ties) as f64).sqrt()
        / ((total - metric_ties) as f64).sqrt();
    Some(tau.clamp(-1.0, 1.0))
}

/// Pairwise ranking accuracy: the share of pairs whose gold and metric differences have the
/// same sign (a tie on both sides agrees); `None` for fewer than two values.
pub fn pairwise_accuracy(gold: &[f64], metric: &[f64]) -> Option<f64> {
    let n = gold.len();
    if n < 2 {
        return None;
    }
    let mut agree = 0usize;
    for i in 0..n {
        for j in i + 1..n {
            let gold_sign = compare_scores(gold[i], gold[j]);
            let metric_sign = compare_scores(metric[i], metric[j]);
            agree += usize::from(gold_sign == metric_sign);
        }
    }
    Some(agree as f64 / (n * (n - 1) / 2) as f64)
}

/// scipy's `zscore`: `(x − mean) / std` with the population standard deviation; a constant
/// vector stays constant (all zeros) instead of dividing by zero.
pub fn z_scores(values: &[f64]) -> Vec<f64> {
    if values.is_empty() {
        return Vec::new();
    }
    let m = mean(values);
    let std = (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / values.len() as f64).sqrt();
    values
        .iter()
        .map(|v| if std > 0.0 { (v - m) / std } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    /// Brute-force tau-b over all pairs, to check the merge-sort count.
    fn tau_b_by_pairs(x: &[f64], y: &[f64]) -> f64 {
        let (mut c, mut d, mut tx, mut ty, mut n0) = (0i64, 0i64, 0i64, 0i64, 0i64);
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                n0 += 1;
                let (dx, dy) = (x[i] - x[j], y[i] - y[j]);
                if dx == 0.0 {
                    tx += 1;
                }
                if dy == 0.0 {
                    ty += 1;
                }
                if dx * dy > 0.0 {
                    c += 1;
                } else if dx * dy < 0.0 {
                    d += 1;
                }
            }
        }
        (c - d) as f64 / ((n0 - tx) as f64).sqrt() / ((n0 - ty) as f64).sqrt()
    }

    #[test]
    fn hand_computed_values() {
        // x = 1..5, y = 2,1,4,3,5: 8 concordant, 2 discordant pairs of 10 → tau 0.6.
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [2.0, 1.0, 4.0, 3.0, 5.0];
        close(kendall_tau_b(&x, &y), 0.6);
        // Spearman: d² = 1+1+1+1+0 = 4 → 1 − 6·4/(5·24) = 0.8.
        close(spearman(&x, &y), 0.8);
        close(pearson(&x, &y), 0.8);
        close(pairwise_accuracy(&x, &y), 0.8);
        assert_eq!(
            average_ranks(&[3.0, 1.0, 3.0, -0.0, 0.0]),
            [4.5, 3.0, 4.5, 1.5, 1.5]
        );
    }

    #[test]
    fn perfect_agreement_is_exactly_one() {
        // Unclipped, 3 / √3 / √3 is 1.0000000000000002 (scipy clips it to 1.0).
        assert_eq!(kendall_tau_b(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), Some(1.0));
        assert_eq!(
            kendall_tau_b(&[1.0, 2.0, 3.0], &[6.0, 5.0, 4.0]),
            Some(-1.0)
        );
        // As pearson of the ranks, 0.9999999999999998 (scipy's spearmanr gives 1.0).
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]), Some(1.0));
    }

    #[test]
    fn tau_b_with_ties_matches_the_pairwise_count() {
        let x = [1.0, 1.0, 2.0, 3.0, 3.0, 3.0, 0.0, 2.0, -0.0];
        let y = [5.0, 4.0, 4.0, 1.0, 1.0, 2.0, 0.0, 4.0, 7.0];
        close(kendall_tau_b(&x, &y), tau_b_by_pairs(&x, &y));
        // Pairwise accuracy counts a tie on both sides as agreement: pairs (3,4) and (2,7).
        let agree = pairwise_accuracy(&[1.0, 1.0, 2.0], &[3.0, 3.0, 4.0]).unwrap();
        assert_eq!(agree, 1.0);
    }

    #[test]
    fn undefined_statistics_are_none() {
        let constant = [2.0, 2.0, 2.0];
        let varied = [1.0, 2.0, 3.0];
        assert_eq!(pearson(&varied, &constant), None);
        assert_eq!(spearman(&constant, &varied), None);
        assert_eq!(kendall_tau_b(&varied, &constant), None);
        assert_eq!(kendall_tau_b(&[1.0], &[1.0]), None);
        assert_eq!(pairwise_accuracy(&[1.0], &[1.0]), None);
        assert_eq!(z_scores(&constant), [0.0, 0.0, 0.0]);
    }
}
