//! Plain aligned text tables: the first column left-aligned, the others right-aligned, a rule
//! under the header. Widths count characters, not bytes.

/// Renders `header` and `rows` (every row as long as the header).
pub fn render_table(header: &[String], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let width = |c: usize| {
        std::iter::once(&header[c])
            .chain(rows.iter().filter_map(|r| r.get(c)))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..columns)
            .map(|c| {
                let cell = row.get(c).map_or("", String::as_str);
                let pad = widths[c].saturating_sub(cell.chars().count());
                if c == 0 {
                    format!("{cell}{}", " ".repeat(pad))
                } else {
                    format!("{}{cell}", " ".repeat(pad))
                }
            })
            .collect();
        let mut text = cells.join("  ").trim_end().to_string();
        text.push('\n');
        text
    };
    let mut out = line(header);
    let rule = widths.iter().sum::<usize>() + 2 * columns.saturating_sub(1);
    out.push_str(&"-".repeat(rule));
    out.push('\n');
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_characters() {
        let header = vec!["System".to_string(), "MQM".to_string()];
        let rows = vec![
            vec!["Ü".to_string(), "1.00".to_string()],
            vec!["Online-W".to_string(), "12.50".to_string()],
        ];
        assert_eq!(
            render_table(&header, &rows),
            "System      MQM\n---------------\nÜ          1.00\nOnline-W  12.50\n"
        );
    }
}
