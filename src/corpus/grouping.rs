//! Segments grouped by a key (document id or domain): contiguous runs, or groups in order of
//! first appearance.

use std::collections::HashMap;
use std::ops::Range;

/// Segment ranges of contiguous runs of equal keys (documents or domains), in order of first
/// appearance; a key that reappears later starts a new run.
pub fn contiguous_runs<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<(String, Range<usize>)> {
    let mut runs: Vec<(String, Range<usize>)> = Vec::new();
    for (i, key) in keys.enumerate() {
        match runs.last_mut() {
            Some((last, range)) if last == key => range.end = i + 1,
            _ => runs.push((key.to_string(), i..i + 1)),
        }
    }
    runs
}

/// Segment indices grouped by key (document id or domain), groups in order of first appearance.
pub fn group_segments<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, key) in keys.enumerate() {
        let g = *index.entry(key.to_string()).or_insert_with(|| {
            groups.push((key.to_string(), Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_groups_follow_first_appearance() {
        let keys = ["a", "a", "b", "a"];
        assert_eq!(
            contiguous_runs(keys.iter().copied()),
            vec![
                ("a".to_string(), 0..2),
                ("b".to_string(), 2..3),
                ("a".to_string(), 3..4)
            ]
        );
        assert_eq!(
            group_segments(keys.iter().copied()),
            vec![("a".to_string(), vec![0, 1, 3]), ("b".to_string(), vec![2])]
        );
    }
}
