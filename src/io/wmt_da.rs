//! WMT human DA system tables (`ad-sys-scores-SRC-TGT.csv` of the WMT findings): whitespace-
//! separated, header `RAW.SCR Z.SCR N SYS N.ALL`, one row per system with its mean raw score,
//! its mean z-score (WMT's official ranking), the ratings counted and the system name with the
//! annotation campaign's `.N` suffix (`Online-Y.3`; human translations may have none:
//! `HUMAN-B`). Both scores are higher-is-better. The suffix is stripped here.

use crate::error::{Error, Result};
use crate::io::plain::{read_bytes, utf8_text};
use std::path::Path;

/// The header fields that mark a DA system table.
pub const DA_HEADER: [&str; 5] = ["RAW.SCR", "Z.SCR", "N", "SYS", "N.ALL"];

/// One system's row.
#[derive(Debug, Clone, PartialEq)]
pub struct DaRow {
    /// The system name without its `.N` suffix.
    pub system: String,
    /// Mean raw DA score (0–100).
    pub raw: f64,
    /// Mean z-score (standardized per rater).
    pub z: f64,
}

/// Which of a row's scores to use (with the `cli` feature, also `--da-score`'s values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum DaScore {
    /// Z.SCR, the mean z-score (WMT's official ranking).
    Z,
    /// RAW.SCR, the mean raw score.
    Raw,
}

impl DaScore {
    /// The name of the human scores taken from this column.
    pub fn name(self) -> &'static str {
        match self {
            DaScore::Z => "DA-z",
            DaScore::Raw => "DA-raw",
        }
    }
}

impl DaRow {
    /// The score in column `score`.
    pub fn score(&self, score: DaScore) -> f64 {
        match score {
            DaScore::Z => self.z,
            DaScore::Raw => self.raw,
        }
    }
}

/// Whether `first_line` is the header of a DA system table.
pub fn is_da_header(first_line: &str) -> bool {
    first_line.split_whitespace().eq(DA_HEADER)
}

/// Whether the (decompressed) file `bytes` start with a DA system table's header.
pub fn is_da_table(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    crate::text::utf8::from_utf8(first)
        .is_ok_and(|line| is_da_header(line.trim_start_matches('\u{feff}')))
}

/// Whether a human translation is named so (`HUMAN-B`, `HUMAN-refA`): WMT's names for the
/// human translations rated among the systems.
pub fn is_human_translation(system: &str) -> bool {
    system.starts_with("HUMAN-")
}

/// The system name without the campaign's `.N` suffix (`Online-Y.3` → `Online-Y`).
pub fn strip_campaign_suffix(system: &str) -> &str {
    match system.rsplit_once('.') {
        Some((name, suffix))
            if !name.is_empty()
                && !suffix.is_empty()
                && suffix.bytes().all(|b| b.is_ascii_digit()) =>
        {
            name
        }
        _ => system,
    }
}

/// Reads a DA system table.
pub fn read_da_table(path: &Path) -> Result<Vec<DaRow>> {
    parse_da_table_bytes(&read_bytes(path)?, path)
}

/// [`read_da_table`] on the (decompressed) bytes of the file `path` names in messages.
pub fn parse_da_table_bytes(bytes: &[u8], path: &Path) -> Result<Vec<DaRow>> {
    parse_da_table(utf8_text(path, bytes)?, path)
}

/// Parses a DA system table: the header, then `RAW.SCR Z.SCR N SYS N.ALL` rows (blank lines
/// skipped). Errors: a missing header, a row without five fields or with a score that is not a
/// finite number or a count that is not a whole number (file and line), a system twice (after
/// stripping its suffix), no rows.
pub fn parse_da_table(text: &str, path: &Path) -> Result<Vec<DaRow>> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map_or("", |(_, line)| line);
    if !is_da_header(header.trim_start_matches('\u{feff}')) {
        return Err(Error::malformed(
            path.to_path_buf(),
            1,
            format!("expected the DA table header {:?}", DA_HEADER.join(" ")),
        ));
    }
    let mut rows: Vec<(DaRow, usize)> = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        let malformed = |reason: String| Error::malformed(path.to_path_buf(), number, reason);
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let [raw, z, n, system, n_all] = fields[..] else {
            return Err(malformed(format!(
                "expected 5 fields ({}), found {}",
                DA_HEADER.join(" "),
                fields.len()
            )));
        };
        let score = |value: &str, column: &str| match value.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v + 0.0),
            _ => Err(malformed(format!(
                "{column} {value:?} of system {system:?} is not a finite number"
            ))),
        };
        let (raw, z) = (score(raw, "RAW.SCR")?, score(z, "Z.SCR")?);
        for (value, column) in [(n, "N"), (n_all, "N.ALL")] {
            if value.parse::<u64>().is_err() {
                return Err(malformed(format!(
                    "{column} {value:?} of system {system:?} is not a count"
                )));
            }
        }
        let system = strip_campaign_suffix(system).to_string();
        if let Some((_, first)) = rows.iter().find(|(row, _)| row.system == system) {
            return Err(malformed(format!(
                "system {system:?} appears twice (also on line {first})"
            )));
        }
        rows.push((DaRow { system, raw, z }, number));
    }
    if rows.is_empty() {
        return Err(Error::malformed_file(
            path.to_path_buf(),
            "a DA table without system rows",
        ));
    }
    Ok(rows.into_iter().map(|(row, _)| row).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "RAW.SCR Z.SCR N SYS N.ALL \n";

    fn parse(rows: &str) -> Result<Vec<DaRow>> {
        parse_da_table(&format!("{HEADER}{rows}"), Path::new("da.csv"))
    }

    #[test]
    fn rows_lose_their_campaign_suffix() {
        let rows = parse(
            "66.5 -0.089 1656 Online-Y.3 2052 \n\n68.3 -0.0855 1699 HUMAN-B 2127 \n70 0.1 9 A.B.12 9\n",
        )
        .unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r.system.as_str()).collect();
        assert_eq!(names, ["Online-Y", "HUMAN-B", "A.B"]);
        assert_eq!((rows[0].raw, rows[0].z), (66.5, -0.089));
        assert!(is_human_translation("HUMAN-B") && !is_human_translation("Online-Y"));
        assert!(is_da_table(HEADER.as_bytes()));
        assert!(!is_da_table(b"system\tdoc\tdoc_id\n"));
        assert_eq!(strip_campaign_suffix("v1."), "v1.");
    }

    #[test]
    fn bad_tables_are_located_errors() {
        let error = |rows: &str| parse(rows).unwrap_err().to_string();
        assert_eq!(
            error("1 2 3 A.1 4\n1 x 3 B.2 4\n"),
            "da.csv:3: Z.SCR \"x\" of system \"B.2\" is not a finite number"
        );
        assert_eq!(
            error("1 2 3 A.1\n"),
            "da.csv:2: expected 5 fields (RAW.SCR Z.SCR N SYS N.ALL), found 4"
        );
        assert_eq!(
            error("1 2 3 A.1 4\n1 2 3 A.7 4\n"),
            "da.csv:3: system \"A\" appears twice (also on line 2)"
        );
        assert!(error("1 2 -3 A.1 4\n").contains("N \"-3\" of system \"A.1\" is not a count"));
        assert!(error("1 nan 3 A.1 4\n").contains("is not a finite number"));
        assert!(error("\n").contains("da.csv: a DA table without system rows"));
        let missing = parse_da_table("A 1\n", Path::new("da.csv")).unwrap_err();
        assert!(missing
            .to_string()
            .starts_with("da.csv:1: expected the DA table header"));
    }
}
