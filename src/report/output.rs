//! Writing a report directory: every file (`index.html`, the CSV tables, `report.json`,
//! `charts/*.svg|png`) is written into a hidden temporary directory beside the target, which
//! replaces the target only when everything succeeded; a failed run leaves the previous report
//! (or nothing) behind, never a half-written one. An existing target is replaced only if it
//! looks like an mteval report (or is empty), so a mistyped `--out` cannot wipe a directory.

#[cfg(feature = "charts")]
use super::chart::render_charts;
use super::csv::{write_rows, write_segments};
use super::html::render_page;
use super::json::to_json;
use super::model::Report;
use super::progress::Progress;
use crate::error::{Error, Result, Setting};
use std::path::{Path, PathBuf};

/// Columns of `systems.csv`.
pub const SYSTEM_COLUMNS: &[&str] = &[
    "pair",
    "system",
    "metric",
    "score",
    "bootstrap_mean",
    "ci_half_width",
    "ci_low",
    "ci_high",
    "rank",
    "cluster",
    "segments",
    "source_length",
    "price_per_word",
    "cost",
    "signature",
];
/// Columns of `pairwise.csv`.
pub const PAIRWISE_COLUMNS: &[&str] = &[
    "pair",
    "metric",
    "system_a",
    "system_b",
    "difference",
    "ci_half_width",
    "p_value",
    "p_holm",
    "significant",
    "better",
    "signature",
];
/// Columns of `documents.csv`.
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "pair",
    "level",
    "id",
    "domain",
    "system",
    "metric",
    "segments",
    "score",
    "signature",
];
/// Columns of `lengths.csv`.
pub const LENGTH_COLUMNS: &[&str] = &[
    "pair",
    "bucket",
    "min_length",
    "max_length",
    "unit",
    "system",
    "metric",
    "segments",
    "score",
];
/// Columns of `errors.csv`.
pub const ERROR_COLUMNS: &[&str] = &[
    "pair",
    "system",
    "category",
    "severity",
    "count",
    "per_1000_words",
    "words_of",
];

/// Columns of `human.csv`.
pub const HUMAN_COLUMNS: &[&str] = &[
    "pair", "system", "mqm", "ci_low", "ci_high", "rank", "segments", "errors",
];
/// Columns of `human-agreement.csv`.
pub const HUMAN_AGREEMENT_COLUMNS: &[&str] = &[
    "pair",
    "metric",
    "level",
    "statistic",
    "value",
    "ci_low",
    "ci_high",
];
/// Columns of `human-spans.csv`.
pub const HUMAN_SPAN_COLUMNS: &[&str] = &[
    "pair",
    "matching",
    "category",
    "human_spans",
    "automatic_spans",
    "found",
    "confirmed",
    "precision",
    "recall",
    "f1",
];

/// A directory being written; removed again unless [`StagedDir::commit`] is called.
struct StagedDir {
    staging: PathBuf,
    target: PathBuf,
    committed: bool,
}

fn is_replaceable(dir: &Path) -> Result<bool> {
    if dir.join("index.html").is_file() && dir.join("systems.csv").is_file() {
        return Ok(true);
    }
    let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(entries.next().is_none())
}

impl StagedDir {
    fn create(target: &Path) -> Result<StagedDir> {
        if target.exists() {
            if !target.is_dir() {
                return Err(Error::invalid_option(
                    Setting::OutputDirectory,
                    target.display().to_string(),
                    "exists and is not a directory",
                ));
            }
            if !is_replaceable(target)? {
                return Err(Error::invalid_option(
                    Setting::OutputDirectory,
                    target.display().to_string(),
                    "exists and is not an mteval report (no index.html and systems.csv); \
                     choose another directory or remove it",
                ));
            }
        }
        let name = target
            .file_name()
            .ok_or_else(|| {
                Error::invalid_option(
                    Setting::OutputDirectory,
                    target.display().to_string(),
                    "needs a directory name, e.g. reports/news-demo",
                )
            })?
            .to_string_lossy()
            .into_owned();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        std::fs::create_dir_all(staging.join("charts")).map_err(|e| Error::io(&staging, e))?;
        Ok(StagedDir {
            staging,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staging.join(relative);
        std::fs::write(&path, bytes).map_err(|e| Error::io(self.target.join(relative), e))
    }

    fn write_with(
        &self,
        relative: &str,
        render: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> csv::Result<()>,
    ) -> Result<()> {
        let path = self.staging.join(relative);
        let shown = self.target.join(relative);
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&shown, e))?;
        let mut writer = std::io::BufWriter::new(file);
        render(&mut writer).map_err(|e| Error::io(&shown, std::io::Error::other(e.to_string())))?;
        use std::io::Write;
        writer.flush().map_err(|e| Error::io(&shown, e))
    }

    /// Moves the finished directory into place (replacing a previous report).
    fn commit(mut self) -> Result<()> {
        let old = self.staging.with_file_name(format!(
            ".{}.previous-{}",
            self.target
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            std::process::id()
        ));
        let had_previous = self.target.exists();
        if had_previous {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_previous {
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Without the `charts` feature a report has no charts: every table, `report.json` and
/// `index.html` (without figures) are written, and `charts/` stays empty.
#[cfg(not(feature = "charts"))]
fn render_charts(_report: &Report) -> Result<Vec<super::drawn_chart::Chart>> {
    Ok(Vec::new())
}

/// Writes the report directory and returns the paths written, relative to it.
pub fn write_report(
    report: &Report,
    target: &Path,
    progress: &dyn Progress,
) -> Result<Vec<String>> {
    let staged = StagedDir::create(target)?;
    let mut written = Vec::new();
    progress.stage("charts", 1);
    let charts = render_charts(report)?;
    progress.step("charts drawn");
    progress.stage("writing", (charts.len() + 11) as u64);
    for chart in &charts {
        for (extension, bytes) in [("svg", chart.svg.as_bytes()), ("png", chart.png.as_slice())] {
            let name = format!("charts/{}.{extension}", chart.id);
            staged.write(&name, bytes)?;
            written.push(name);
        }
        progress.step(&chart.id);
    }
    let mut table = |name: &str,
                     render: &dyn Fn(&mut std::io::BufWriter<std::fs::File>) -> csv::Result<()>|
     -> Result<()> {
        staged.write_with(name, |w| render(w))?;
        written.push(name.to_string());
        progress.step(name);
        Ok(())
    };
    table("systems.csv", &|w| {
        write_rows(&report.systems, SYSTEM_COLUMNS, w)
    })?;
    table("segments.csv", &|w| write_segments(report, w))?;
    table("documents.csv", &|w| {
        write_rows(&report.documents, DOCUMENT_COLUMNS, w)
    })?;
    table("pairwise.csv", &|w| {
        write_rows(&report.pairwise, PAIRWISE_COLUMNS, w)
    })?;
    table("lengths.csv", &|w| {
        write_rows(&report.lengths, LENGTH_COLUMNS, w)
    })?;
    if let Some(errors) = &report.errors {
        table("errors.csv", &|w| {
            write_rows(&errors.counts, ERROR_COLUMNS, w)
        })?;
    }
    if let Some(human) = &report.human {
        table("human.csv", &|w| write_rows(&human.mqm, HUMAN_COLUMNS, w))?;
        table("human-agreement.csv", &|w| {
            write_rows(&human.agreement, HUMAN_AGREEMENT_COLUMNS, w)
        })?;
        if !human.spans.is_empty() {
            table("human-spans.csv", &|w| {
                write_rows(&human.spans, HUMAN_SPAN_COLUMNS, w)
            })?;
        }
    }
    staged.write("report.json", to_json(report).as_bytes())?;
    written.push("report.json".to_string());
    staged.write("index.html", render_page(report, &charts).as_bytes())?;
    written.push("index.html".to_string());
    progress.step("index.html");
    staged.commit()?;
    progress.finish();
    Ok(written)
}
