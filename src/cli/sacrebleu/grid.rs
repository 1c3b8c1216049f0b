//! The tables sacreBLEU prints for several systems, as python-tabulate 0.10 draws them with
//! sacreBLEU's settings (first column right-aligned, the others centred, every column at least
//! two characters wider than its header): `fancy_grid` for `-f text` (cells of several lines
//! padded at the bottom) and `latex_booktabs` for `-f latex` (cells escaped after padding).

/// One box-drawing rule: left end, fill, column separator, right end.
struct Rule {
    left: char,
    fill: char,
    separator: char,
    right: char,
}

const TOP: Rule = Rule {
    left: '╒',
    fill: '═',
    separator: '╤',
    right: '╕',
};
const BELOW_HEADER: Rule = Rule {
    left: '╞',
    fill: '═',
    separator: '╪',
    right: '╡',
};
const BETWEEN_ROWS: Rule = Rule {
    left: '├',
    fill: '─',
    separator: '┼',
    right: '┤',
};
const BOTTOM: Rule = Rule {
    left: '╘',
    fill: '═',
    separator: '╧',
    right: '╛',
};

/// The printed width of `text`: characters, not counting ANSI colour sequences (`ESC[…m`).
fn width(text: &str) -> usize {
    let mut count = 0;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|&c| c == 'm');
        } else {
            count += 1;
        }
    }
    count
}

/// Python's `"{:>w}"` (first column) or `"{:^w}"` (the others, extra space on the right) on
/// one line of a cell, by printed width.
fn align(column: usize, text: &str, width: usize) -> String {
    let pad = width.saturating_sub(self::width(text));
    let left = if column == 0 { pad } else { pad / 2 };
    format!("{}{text}{}", " ".repeat(left), " ".repeat(pad - left))
}

fn rule(rule: &Rule, widths: &[usize]) -> String {
    let mut line = String::new();
    line.push(rule.left);
    for (c, w) in widths.iter().enumerate() {
        if c > 0 {
            line.push(rule.separator);
        }
        line.push_str(&rule.fill.to_string().repeat(w + 2));
    }
    line.push(rule.right);
    line
}

/// One row: each cell's lines aligned, shorter cells filled with blank lines at the bottom.
fn row(cells: &[String], widths: &[usize], out: &mut Vec<String>) {
    let lines: Vec<Vec<&str>> = cells.iter().map(|c| c.split('\n').collect()).collect();
    let height = lines.iter().map(Vec::len).max().unwrap_or(1);
    for i in 0..height {
        let mut line = String::from("│");
        for (c, cell_lines) in lines.iter().enumerate() {
            let text = cell_lines
                .get(i)
                .map_or_else(|| " ".repeat(widths[c]), |t| align(c, t.trim(), widths[c]));
            line.push(' ');
            line.push_str(&text);
            line.push_str(" │");
        }
        out.push(line);
    }
}

/// Every column's width: the widest line of its cells, at least its header plus two.
fn column_widths(headers: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    headers
        .iter()
        .enumerate()
        .map(|(c, header)| {
            rows.iter()
                .flat_map(|r| r[c].split('\n').map(|line| width(line.trim())))
                .fold(width(header) + 2, usize::max)
        })
        .collect()
}

/// The table of `headers` over `rows` (cells may hold several lines separated by `\n`), one
/// string without a final newline.
pub fn fancy_grid(headers: &[String], rows: &[Vec<String>]) -> String {
    let widths = column_widths(headers, rows);
    let mut lines = vec![rule(&TOP, &widths)];
    let header_cells: Vec<String> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| align(c, h, widths[c]))
        .collect();
    row(&header_cells, &widths, &mut lines);
    lines.push(rule(&BELOW_HEADER, &widths));
    for (r, cells) in rows.iter().enumerate() {
        if r > 0 {
            lines.push(rule(&BETWEEN_ROWS, &widths));
        }
        row(cells, &widths, &mut lines);
    }
    lines.push(rule(&BOTTOM, &widths));
    lines.join("\n")
}

/// tabulate's LaTeX escapes, applied to a padded cell.
fn latex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\^{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '<' => out.push_str("\\ensuremath{<}"),
            '>' => out.push_str("\\ensuremath{>}"),
            c => out.push(c),
        }
    }
    out
}

/// The `latex_booktabs` table of `headers` over single-line `rows`, one string without a final
/// newline.
pub fn latex_booktabs(headers: &[String], rows: &[Vec<String>]) -> String {
    let widths = column_widths(headers, rows);
    let columns: String = (0..headers.len())
        .map(|c| if c == 0 { 'r' } else { 'c' })
        .collect();
    let line = |cells: &[String]| -> String {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(c, cell)| latex_escape(&format!(" {} ", align(c, cell.trim(), widths[c]))))
            .collect();
        format!("{}\\\\", padded.join("&"))
    };
    let mut lines = vec![
        format!("\\begin{{tabular}}{{{columns}}}"),
        "\\toprule".to_string(),
        line(headers),
        "\\midrule".to_string(),
    ];
    lines.extend(rows.iter().map(|r| line(r)));
    lines.push("\\bottomrule\n\\end{tabular}".to_string());
    lines.join("\n")
}
