//! The best left neighbour of every node starting at one position of the lattice, found without
//! costing every (left, right) pair: the left nodes are grouped by right-context id (only the
//! cheapest of a group can win) and right nodes that share a left-context id share the answer.
//!
//! Why this is MeCab's answer exactly: for a right node with left-context id `l`, MeCab's
//! `connect` takes the first left node, in list order, of the lowest
//! `path_cost(left) + matrix[right_id(left), l] + local(right)`. `local` (word cost, mecab-ko's
//! space penalty) is the same for every left node, so the winner depends on `l` only, and can be
//! remembered per `l`. Left nodes with the same right-context id pay the same connection cost,
//! so a winner is always the first node of the lowest path cost in its group: the group's
//! representative. The winner is therefore the representative with the lowest
//! (cost, position in the list); representatives are kept sorted by position, and the strict
//! `<` scan keeps the first of equal cost, as MeCab does.

use super::connection::Connection;

/// A group's representative: the first left node of the lowest path cost among those with
/// its right-context id.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    path_cost: i64,
    node: u32,
    /// Position in the list of nodes ending at this position.
    order: u32,
    right_id: u16,
}

/// Per-position tables, reused for every position and sentence. Entries of the id-indexed
/// tables are valid when their stamp is the current position's.
#[derive(Debug, Default)]
pub(super) struct Neighbours {
    candidates: Vec<Candidate>,
    /// Per right-context id: (stamp, index in `candidates`).
    group_of: Vec<(u32, u32)>,
    /// Per left-context id: (stamp, best path cost before the right node's own cost, node).
    best_for: Vec<(u32, i64, u32)>,
    stamp: u32,
    /// Left nodes added at this position.
    seen: u32,
    /// A representative was replaced by a later node: `candidates` needs sorting by order.
    unsorted: bool,
}

impl Neighbours {
    /// Forgets the previous position; `connection`'s dimensions size the id tables.
    pub fn start(&mut self, connection: &Connection) {
        let (right_ids, left_ids) = connection.dimensions();
        if self.group_of.len() != right_ids || self.best_for.len() != left_ids {
            self.group_of = vec![(0, 0); right_ids];
            self.best_for = vec![(0, 0, 0); left_ids];
            self.stamp = 0;
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.group_of.fill((0, 0));
            self.best_for.fill((0, 0, 0));
            self.stamp = 1;
        }
        self.candidates.clear();
        self.seen = 0;
        self.unsorted = false;
    }

    /// Adds the next left node in list order. Ids outside the matrix (a broken dictionary) are
    /// not grouped: such a node is a candidate of its own.
    #[inline]
    pub fn add_left(&mut self, path_cost: i64, right_id: u16, node: u32) {
        let order = self.seen;
        self.seen += 1;
        let candidate = Candidate {
            path_cost,
            node,
            order,
            right_id,
        };
        let Some(slot) = self.group_of.get_mut(usize::from(right_id)) else {
            self.candidates.push(candidate);
            return;
        };
        if slot.0 != self.stamp {
            *slot = (self.stamp, self.candidates.len() as u32);
            self.candidates.push(candidate);
            return;
        }
        let existing = &mut self.candidates[slot.1 as usize];
        if path_cost < existing.path_cost {
            *existing = candidate;
            self.unsorted = true;
        }
    }

    /// The best left neighbour of a right node with left-context id `left_id`: the lowest
    /// `path_cost + matrix[right_id, left_id]` and its node (the first in list order of equal
    /// cost), or `None` if there is no left node. Adds nothing after the first call at a position.
    #[inline]
    pub fn best(&mut self, connection: &Connection, left_id: u16) -> Option<(i64, u32)> {
        if let Some(&(stamp, cost, node)) = self.best_for.get(usize::from(left_id)) {
            if stamp == self.stamp {
                return Some((cost, node));
            }
        }
        if self.unsorted {
            self.candidates.sort_unstable_by_key(|c| c.order);
            self.unsorted = false;
        }
        let column = connection.column(left_id);
        let cost = |candidate: &Candidate| {
            candidate.path_cost + i64::from(column.cost(candidate.right_id))
        };
        let (first, rest) = self.candidates.split_first()?;
        let (mut best_cost, mut best_node) = (cost(first), first.node);
        for candidate in rest {
            let cost = cost(candidate);
            // Which candidate wins follows the data, no pattern a branch predictor could learn:
            // a conditional move costs less than the mispredictions.
            let better = cost < best_cost;
            best_cost = std::hint::select_unpredictable(better, cost, best_cost);
            best_node = std::hint::select_unpredictable(better, candidate.node, best_node);
        }
        if let Some(slot) = self.best_for.get_mut(usize::from(left_id)) {
            *slot = (self.stamp, best_cost, best_node);
        }
        Some((best_cost, best_node))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A `matrix.bin` of 3 right-context ids × 4 left-context ids with costs from `cost`.
    fn matrix(cost: impl Fn(u16, u16) -> i16) -> (tempfile::NamedTempFile, Connection) {
        let (rights, lefts) = (3u16, 4u16);
        let mut bytes = [rights.to_le_bytes(), lefts.to_le_bytes()].concat();
        for left in 0..lefts {
            for right in 0..rights {
                bytes.extend_from_slice(&cost(right, left).to_le_bytes());
            }
        }
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(&bytes).unwrap();
        let connection = Connection::open(file.path(), Vec::new()).unwrap();
        (file, connection)
    }

    proptest::proptest! {
        /// The answer is MeCab's scan of every left node in list order (the first of the
        /// lowest cost), including right-context ids outside the matrix.
        #[test]
        fn the_best_neighbour_is_mecabs_first_cheapest(
            lefts in proptest::collection::vec((0i64..6, 0u16..4), 1..12),
            costs in proptest::collection::vec(-2i16..3, 12),
            queries in proptest::collection::vec(0u16..5, 1..8),
        ) {
            let (_file, connection) = matrix(|right, left| costs[usize::from(right * 4 + left)]);
            let mut neighbours = Neighbours::default();
            neighbours.start(&connection);
            for (node, &(path_cost, right_id)) in lefts.iter().enumerate() {
                neighbours.add_left(path_cost, right_id, node as u32);
            }
            for left_id in queries {
                let mut expected: Option<(i64, u32)> = None;
                for (node, &(path_cost, right_id)) in lefts.iter().enumerate() {
                    let cost = path_cost + i64::from(connection.column(left_id).cost(right_id));
                    if expected.is_none_or(|(best, _)| cost < best) {
                        expected = Some((cost, node as u32));
                    }
                }
                proptest::prop_assert_eq!(neighbours.best(&connection, left_id), expected);
            }
        }
    }
}
