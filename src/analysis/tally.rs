//! Marot-style (category, severity) count tables, per system and optionally per document: plain
//! counts of annotations or findings, never weighted or averaged. Human MQM annotations and
//! automatic findings are tallied by the same code, so their tables line up.

use super::taxonomy::{Category, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cell of a tally table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub system: String,
    /// Set in per-document tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub category: Category,
    pub severity: Severity,
    pub count: usize,
}

/// Counts items per (system, document, category, severity). `systems` fixes the order of the
/// output (items of systems not listed are counted after them, by name); within a system
/// (and document, in order of first appearance) rows go by severity (most severe first), then
/// category path.
#[derive(Debug, Default)]
pub struct Tallier {
    counts: BTreeMap<(usize, usize, Severity, Category), usize>,
    systems: Vec<String>,
    documents: Vec<String>,
}

impl Tallier {
    /// A tallier whose output lists systems in this order.
    pub fn new(systems: &[String]) -> Self {
        Tallier {
            systems: systems.to_vec(),
            ..Tallier::default()
        }
    }

    fn index_of(list: &mut Vec<String>, name: &str) -> usize {
        match list.iter().position(|item| item == name) {
            Some(index) => index,
            None => {
                list.push(name.to_string());
                list.len() - 1
            }
        }
    }

    /// Counts one item.
    pub fn add(
        &mut self,
        system: &str,
        document: Option<&str>,
        category: &Category,
        severity: &Severity,
    ) {
        self.add_count(system, document, category, severity, 1);
    }

    /// Counts `count` items at once.
    pub fn add_count(
        &mut self,
        system: &str,
        document: Option<&str>,
        category: &Category,
        severity: &Severity,
        count: usize,
    ) {
        let system = Self::index_of(&mut self.systems, system);
        let document = match document {
            Some(document) => Self::index_of(&mut self.documents, document) + 1,
            None => 0,
        };
        *self
            .counts
            .entry((system, document, severity.clone(), category.clone()))
            .or_default() += count;
    }

    /// The table.
    pub fn finish(self) -> Vec<Tally> {
        self.counts
            .into_iter()
            .map(|((system, document, severity, category), count)| Tally {
                system: self.systems[system].clone(),
                document: (document > 0).then(|| self.documents[document - 1].clone()),
                category,
                severity,
                count,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_system_then_severity_order() {
        let mut tallier = Tallier::new(&["B".to_string(), "A".to_string()]);
        tallier.add("A", None, &Category::OMISSION, &Severity::Minor);
        tallier.add("A", None, &Category::OMISSION, &Severity::Minor);
        tallier.add("B", None, &Category::GRAMMAR, &Severity::Minor);
        tallier.add("B", None, &Category::ADDITION, &Severity::Major);
        let table = tallier.finish();
        let cells: Vec<(&str, &str, &str, usize)> = table
            .iter()
            .map(|t| {
                (
                    t.system.as_str(),
                    t.category.path(),
                    t.severity.name(),
                    t.count,
                )
            })
            .collect();
        assert_eq!(
            cells,
            vec![
                ("B", "Accuracy/Addition", "Major", 1),
                ("B", "Fluency/Grammar", "Minor", 1),
                ("A", "Accuracy/Omission", "Minor", 2),
            ]
        );
    }
}
