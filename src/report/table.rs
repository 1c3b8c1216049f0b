//! The one aligned text table printer of every command: columns padded to their widest cell
//! (widths count characters, not bytes), two spaces between columns, trailing spaces trimmed,
//! optionally a rule under the first row (the header).

/// Where a column's cells sit within its width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// How a table is laid out: the alignment of its leading columns, of every other column, and
/// whether a rule of dashes follows the header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTable {
    leading: Vec<Align>,
    rest: Align,
    rule_under_header: bool,
}

impl TextTable {
    /// A table whose first columns are aligned as `leading` says and the others as `rest`,
    /// without a rule.
    pub fn new(leading: &[Align], rest: Align) -> Self {
        TextTable {
            leading: leading.to_vec(),
            rest,
            rule_under_header: false,
        }
    }

    /// The same table with a rule of dashes as wide as the table under its first row.
    pub fn with_rule_under_header(mut self) -> Self {
        self.rule_under_header = true;
        self
    }

    fn align(&self, column: usize) -> Align {
        self.leading.get(column).copied().unwrap_or(self.rest)
    }

    /// Renders `rows` (the first is the header); a short row leaves its last columns empty.
    pub fn render(&self, rows: &[Vec<String>]) -> String {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|row| row.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(c, cell)| {
                    let pad = " ".repeat(widths[c] - cell.chars().count());
                    match self.align(c) {
                        Align::Left => format!("{cell}{pad}"),
                        Align::Right => format!("{pad}{cell}"),
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
            if r == 0 && self.rule_under_header {
                let rule = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
                out.push_str(&"-".repeat(rule));
                out.push('\n');
            }
        }
        out
    }
}

/// A `header` and `rows` table: the first column left-aligned, the others right-aligned, a rule
/// under the header.
pub fn render_table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut all = Vec::with_capacity(rows.len() + 1);
    all.push(header.to_vec());
    all.extend(rows.iter().cloned());
    TextTable::new(&[Align::Left], Align::Right)
        .with_rule_under_header()
        .render(&all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn aligns_by_characters() {
        let header = row(&["System", "MQM"]);
        let rows = vec![row(&["Ü", "1.00"]), row(&["Online-W", "12.50"])];
        assert_eq!(
            render_table(&header, &rows),
            "System      MQM\n---------------\nÜ          1.00\nOnline-W  12.50\n"
        );
    }

    #[test]
    fn aligns_leading_columns_apart_from_the_rest_and_trims_short_rows() {
        let rows = vec![row(&["a", "bb", "c"]), row(&["ccc", "d"])];
        let table = TextTable::new(&[Align::Right], Align::Left);
        assert_eq!(table.render(&rows), "  a  bb  c\nccc  d\n");
    }
}
