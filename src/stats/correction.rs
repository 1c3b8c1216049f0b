//! Multiple-comparison correction and significance clusters for all-pairs comparisons.
//!
//! Holm (1979): sort the m p-values ascending; the i-th (1-based) is multiplied by m − i + 1,
//! then made monotone and capped at 1. Controls the family-wise error rate like Bonferroni
//! while rejecting more.

/// Holm–Bonferroni adjusted p-values, in the order given.
pub fn holm_bonferroni(p_values: &[f64]) -> Vec<f64> {
    let m = p_values.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let mut adjusted = vec![0.0; m];
    let mut running_max: f64 = 0.0;
    for (rank, &index) in order.iter().enumerate() {
        let value = ((m - rank) as f64 * p_values[index]).min(1.0);
        running_max = running_max.max(value);
        adjusted[index] = running_max;
    }
    adjusted
}

/// Groups systems, best first, into clusters of systems not significantly different from the
/// cluster's best system (the WMT-style ranking): walking down the ranking, a system starts a
/// new cluster when it differs significantly from the first system of the current cluster.
///
/// `ranking` lists system indices best first; `significant(a, b)` says whether the (corrected)
/// test separates systems `a` and `b`. Returns the 1-based cluster of every system in
/// `ranking`, in the same order.
pub fn significance_clusters(
    ranking: &[usize],
    significant: impl Fn(usize, usize) -> bool,
) -> Vec<usize> {
    let mut clusters = Vec::with_capacity(ranking.len());
    let mut cluster = 0;
    let mut head = None;
    for &system in ranking {
        match head {
            Some(top) if !significant(top, system) => {}
            _ => {
                cluster += 1;
                head = Some(system);
            }
        }
        clusters.push(cluster);
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_matches_hand_computation() {
        // sorted: 0.01 ×3 = 0.03, 0.02 ×2 = 0.04, 0.04 ×1 = 0.04
        let adjusted = holm_bonferroni(&[0.04, 0.01, 0.02]);
        assert_eq!(adjusted, vec![0.04, 0.03, 0.04]);
        // monotonicity: 0.03×2 = 0.06 then 0.04×1 = 0.04 is raised to 0.06
        assert_eq!(holm_bonferroni(&[0.03, 0.04]), vec![0.06, 0.06]);
        // capped at 1, and 0.9×1 raised to the running maximum
        assert_eq!(holm_bonferroni(&[0.6, 0.9]), vec![1.0, 1.0]);
    }

    #[test]
    fn clusters_break_where_the_head_is_significantly_better() {
        // 0 ≈ 1, 0 ≫ 2, 2 ≈ 3
        let significant = |a: usize, b: usize| (a == 0 && b >= 2) || (a <= 1 && b == 3);
        assert_eq!(
            significance_clusters(&[0, 1, 2, 3], significant),
            vec![1, 1, 2, 2]
        );
        assert_eq!(significance_clusters(&[0, 1], |_, _| false), vec![1, 1]);
    }
}
