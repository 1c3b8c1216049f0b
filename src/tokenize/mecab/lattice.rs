//! MeCab's analysis of one sentence: the lattice of dictionary words and unknown-word candidates
//! at every byte position (MeCab's `Tokenizer::lookup`) and the minimum-cost path through it
//! (`Viterbi::viterbi`), with MeCab's candidate order and tie-breaking reproduced exactly.

use super::char_category::{CharCategories, CharInfo};
use super::connection::Connection;
use super::dictionary::{Dictionary, Token};
use super::neighbours::Neighbours;
use std::ops::Range;

/// MeCab's default `max-grouping-size`: longest run proposed as one unknown word (after its
/// first character).
pub(super) const DEFAULT_MAX_GROUPING_SIZE: usize = 24;
/// MeCab looks at most this many bytes ahead of a position.
const LOOKAHEAD: usize = 65535;
/// No node (end of a list).
const NONE: u32 = u32::MAX;

/// Everything the analysis reads: dictionaries, character categories, connection costs.
#[derive(Debug)]
pub(super) struct Analyzer {
    pub system: Dictionary,
    pub unknown: Dictionary,
    pub categories: CharCategories,
    pub connection: Connection,
    /// Unknown-word token records per character category id.
    pub unknown_tokens: Vec<Range<u32>>,
    /// The entry of U+0020: the characters skipped before a word are those of its kinds.
    pub space: CharInfo,
    pub max_grouping_size: usize,
}

/// A lattice node: a candidate morpheme, or BOS/EOS.
#[derive(Debug, Clone, Copy)]
struct Node {
    token: Token,
    /// Byte offset of the surface (after the skipped spaces).
    surface: u32,
    /// Surface length in bytes.
    length: u32,
    /// Length including the spaces skipped before the surface, modulo 65,536 as in MeCab's
    /// 16-bit `rlength` (see [`Analyzer::lookup`]).
    span: u32,
    /// Cost of the best path from BOS through this node.
    path_cost: i64,
    /// Previous node on that path.
    prev: u32,
    /// Next node in the list of nodes ending at the same position (MeCab's `enext`).
    next_ending: u32,
}

/// Reusable buffers for one analysis.
#[derive(Debug, Default)]
pub(super) struct Lattice {
    nodes: Vec<Node>,
    /// First node of the list of nodes ending at each byte position (MeCab's `end_node_list`).
    ending_at: Vec<u32>,
    /// The left nodes of the position being connected, by context id.
    neighbours: Neighbours,
    /// The best path's nodes, EOS first.
    path: Vec<u32>,
}

const BOUNDARY_TOKEN: Token = Token {
    left_id: 0,
    right_id: 0,
    pos_id: 0,
    cost: 0,
};

/// BOS or EOS at byte `at`.
fn boundary(at: usize) -> Node {
    Node {
        token: BOUNDARY_TOKEN,
        surface: at as u32,
        length: 0,
        span: 0,
        path_cost: 0,
        prev: NONE,
        next_ending: NONE,
    }
}

impl Analyzer {
    /// Calls `surface` with the byte ranges in `sentence` of the surfaces of the best path, in
    /// order (MeCab's `-Owakati` output without its separators). Past MeCab's window of 65,535
    /// bytes a surface can begin or end inside a character.
    pub fn best_path(
        &self,
        sentence: &str,
        lattice: &mut Lattice,
        mut surface: impl FnMut(Range<usize>),
    ) {
        let text = sentence.as_bytes();
        let len = text.len();
        lattice.nodes.clear();
        lattice.ending_at.clear();
        lattice.ending_at.resize(len + 1, NONE);
        lattice.nodes.push(boundary(0));
        lattice.ending_at[0] = 0;
        for pos in 0..len {
            if lattice.ending_at[pos] == NONE {
                continue;
            }
            let first_new = lattice.nodes.len();
            self.lookup(text, pos, &mut lattice.nodes);
            self.connect(lattice, pos, first_new);
        }
        let eos = lattice.nodes.len();
        lattice.nodes.push(boundary(len));
        if let Some(last) = (0..=len).rev().find(|&pos| lattice.ending_at[pos] != NONE) {
            self.connect(lattice, last, eos);
        }
        lattice.path.clear();
        let mut node = lattice.nodes[eos].prev;
        while node != NONE && node != 0 {
            lattice.path.push(node);
            node = lattice.nodes[node as usize].prev;
        }
        for &word in lattice.path.iter().rev() {
            let node = &lattice.nodes[word as usize];
            let start = node.surface as usize;
            surface(start..start + node.length as usize);
        }
    }

    /// MeCab's `connect` for the nodes from `first_new` on, all starting at `pos`, newest first
    /// (MeCab links new nodes at the front of its list): each takes its best left neighbour
    /// among the nodes ending at `pos` (the first of equal cost in list order wins, see
    /// [`Neighbours`]), then joins the list of nodes ending where it ends.
    fn connect(&self, lattice: &mut Lattice, pos: usize, first_new: usize) {
        self.gather_left(lattice, pos);
        for right in (first_new..lattice.nodes.len()).rev() {
            let node = lattice.nodes[right];
            let local = i64::from(node.token.cost)
                + if node.span != node.length {
                    i64::from(self.connection.space_penalty(node.token.pos_id))
                } else {
                    0
                };
            let (best_cost, best) = lattice
                .neighbours
                .best(&self.connection, node.token.left_id)
                .map_or((i64::MAX, NONE), |(cost, left)| (cost + local, left));
            let end = pos + node.span as usize;
            let node = &mut lattice.nodes[right];
            node.path_cost = best_cost;
            node.prev = best;
            // A node ending past the sentence (MeCab's unknown word over trailing spaces) can
            // never reach EOS; MeCab files it where nothing reads it.
            if let Some(head) = lattice.ending_at.get_mut(end) {
                node.next_ending = *head;
                *head = right as u32;
                // A node of no length (an empty dictionary key) ends where it starts: the
                // nodes connected after it see it first.
                if end == pos {
                    self.gather_left(lattice, pos);
                }
            }
        }
    }

    /// Hands the nodes ending at `pos`, in list order, to the lattice's [`Neighbours`].
    fn gather_left(&self, lattice: &mut Lattice, pos: usize) {
        let neighbours = &mut lattice.neighbours;
        neighbours.start(&self.connection);
        let mut left = lattice.ending_at[pos];
        while left != NONE {
            let node = &lattice.nodes[left as usize];
            neighbours.add_left(node.path_cost, node.token.right_id, left);
            left = node.next_ending;
        }
    }

    /// MeCab's `Tokenizer::lookup` at byte `begin`: skips spaces, then appends dictionary words
    /// starting there and unknown-word candidates, in MeCab's order.
    fn lookup(&self, text: &[u8], begin: usize, nodes: &mut Vec<Node>) {
        let end = text.len().min(begin + LOOKAHEAD);
        let mut first = (CharInfo::default(), 0);
        let (word_begin, _) = self.categories.seek_to_other_type(
            text,
            (begin, end),
            self.space,
            usize::MAX,
            &mut first,
        );
        let (info, first_len) = first;
        let first_new = nodes.len();
        // MeCab keeps a node's length with the skipped spaces (`rlength`) in 16 bits. Only a
        // word after a run of spaces that reaches the end of the window is longer: its length
        // wraps, and the node ends where MeCab files it (at its own start for a one-byte space,
        // inside a character for wider ones). The surface itself never exceeds the window.
        let push = |nodes: &mut Vec<Node>, token: Token, word_end: usize| {
            nodes.push(Node {
                token,
                surface: word_begin as u32,
                length: (word_end - word_begin) as u32,
                span: u32::from((word_end - begin) as u16),
                path_cost: 0,
                prev: NONE,
                next_ending: NONE,
            })
        };
        self.system
            .common_prefix_search(&text[word_begin..end], |value, length| {
                if let Some(range) = self.system.token_range(value) {
                    for index in range {
                        push(nodes, self.system.token(index), word_begin + length);
                    }
                }
            });
        if nodes.len() > first_new && !info.invoke() {
            return;
        }
        let add_unknown = |nodes: &mut Vec<Node>, word_end: usize| {
            for index in self.unknown_tokens[info.default_kind()].clone() {
                push(nodes, self.unknown.token(index), word_end);
            }
        };
        let mut word_end = word_begin + first_len;
        if word_end > end {
            add_unknown(nodes, word_end);
            if nodes.len() > first_new {
                return;
            }
        }
        let mut group_end = None;
        if info.group() {
            // Only a run of at most `max_grouping_size` characters after the first becomes a
            // word, and the loop below compares the run's end with the ends of its first
            // `info.length()` characters only: past both, the run's end changes nothing and is
            // not looked for (MeCab scans every run to its end, at every position of a long run:
            // quadratic in the run's length).
            let limit = self.max_grouping_size.max(info.length()).saturating_add(1);
            let mut last = (CharInfo::default(), 0);
            let (run_end, run_chars) =
                self.categories
                    .seek_to_other_type(text, (word_end, end), info, limit, &mut last);
            if run_chars < limit {
                if run_chars <= self.max_grouping_size {
                    add_unknown(nodes, run_end);
                }
                group_end = Some(run_end);
            }
        }
        for _ in 1..=info.length() {
            if word_end > end {
                break;
            }
            if group_end == Some(word_end) {
                continue;
            }
            add_unknown(nodes, word_end);
            let (next, next_len) = self.categories.info_at(text, word_end, end);
            if !info.is_kind_of(next) {
                break;
            }
            word_end += next_len;
        }
        if nodes.len() == first_new {
            add_unknown(nodes, word_end);
        }
    }
}
