//! `mteval report` end to end: every file of the documented layout with its documented columns
//! (insta snapshots of the CSV headers and of the page's section structure), on the demo corpus
//! and on a WMT22 pair; corpus text that looks like HTML stays text; quality gates; a failed
//! run leaves no half-written report, and neither does a run killed (SIGKILL) while writing;
//! `-j 1` and `-j 2` write the same bytes; the committed `reports/news-demo` equals a fresh run;
//! Japanese targets use ja-mecab, or the char tokenizer with a note when no MeCab dictionary is
//! found.

use crate::common;

use common::mteval;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/news-demo")
}

/// Runs `mteval report INPUT --out OUT ARGS…` and returns (exit code, stdout, stderr).
fn report(input: &Path, out: &Path, args: &[&str]) -> (i32, String, String) {
    let output = mteval()
        .arg("report")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The header line of every CSV file of a report, for the snapshot.
fn csv_headers(out: &Path) -> String {
    [
        "systems",
        "segments",
        "documents",
        "pairwise",
        "lengths",
        "errors",
    ]
    .iter()
    .map(|name| {
        let text = read(&out.join(format!("{name}.csv")));
        format!("{name}.csv: {}", text.lines().next().unwrap_or(""))
    })
    .collect::<Vec<_>>()
    .join("\n")
}

/// The page's structure: ids of header, sections, figures and footer, in order.
fn page_structure(html: &str) -> String {
    let pattern =
        regex::Regex::new(r#"<(header|section|figure|footer)[^>]*\bid="([^"]+)""#).unwrap();
    pattern
        .captures_iter(html)
        .map(|c| format!("{} #{}", &c[1], &c[2]))
        .collect::<Vec<_>>()
        .join("\n")
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

/// Asserts the page makes no external requests and runs no script.
fn assert_self_contained(html: &str) {
    for forbidden in [
        "<script",
        "<link",
        "<iframe",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(
            !html.contains(forbidden),
            "index.html contains {forbidden:?}"
        );
    }
}

/// A report input directory under `dir` with the WMT22 de-fr test set (symlinks into `shared`).
fn wmt22_de_fr(shared: &Path, dir: &Path) -> PathBuf {
    let wmt = shared.join("wmt22");
    let input = dir.join("wmt22-de-fr");
    for sub in ["sources", "references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
        for entry in std::fs::read_dir(wmt.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with("generaltest2022.de-fr.") {
                std::os::unix::fs::symlink(&path, input.join(sub).join(&name)).unwrap();
            }
        }
    }
    input
}

/// Every file under `dir` (recursively) by its path relative to `dir`, with its bytes.
fn directory_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// Asserts two report directories hold the same files with the same bytes, naming the first
/// file that differs.
fn assert_same_directories(left: &Path, right: &Path, what: &str) {
    let (left_files, right_files) = (directory_bytes(left), directory_bytes(right));
    assert_eq!(
        left_files.keys().collect::<Vec<_>>(),
        right_files.keys().collect::<Vec<_>>(),
        "{what}: the same files"
    );
    assert!(left_files.len() > 10, "{what}: a whole report");
    for (name, bytes) in &left_files {
        assert!(
            bytes == &right_files[name],
            "{what}: {} differs",
            name.display()
        );
    }
}

#[test]
fn demo_report_has_every_file_with_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports/news-demo");
    let (code, stdout, stderr) = report(&demo(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("index.html") && stdout.contains("en-zh"),
        "{stdout}"
    );
    for file in [
        "index.html",
        "report.json",
        "systems.csv",
        "segments.csv",
        "documents.csv",
        "pairwise.csv",
        "lengths.csv",
        "errors.csv",
        "human.csv",
        "human-agreement.csv",
        "human-spans.csv",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    for pair in ["en-de", "en-zh"] {
        for chart in [
            "scores",
            "distribution",
            "pairwise",
            "domains",
            "lengths",
            "cost",
            "errors",
        ] {
            for extension in ["svg", "png"] {
                let path = out.join(format!("charts/{chart}.{pair}.{extension}"));
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                match extension {
                    "png" => assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
                    _ => assert!(String::from_utf8(bytes).unwrap().contains("<svg")),
                }
            }
        }
    }
    insta::assert_snapshot!("csv_headers", csv_headers(&out));
    let html = read(&out.join("index.html"));
    insta::assert_snapshot!("demo_page_structure", page_structure(&html));
    assert_self_contained(&html);

    // 2 pairs × 3 vendors × 3 metrics; 34 segments each; 3 vendor pairs per pair and metric.
    assert_eq!(csv_rows(&out.join("systems.csv")).len(), 18);
    assert_eq!(csv_rows(&out.join("segments.csv")).len(), 2 * 3 * 34);
    assert_eq!(csv_rows(&out.join("pairwise.csv")).len(), 2 * 3 * 3);
    let documents = csv_rows(&out.join("documents.csv"));
    assert_eq!(
        documents.len(),
        2 * 3 * 3 * (4 + 4),
        "4 documents and 4 domains"
    );
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        1 + 2 * (1 + 1 + 3 + 1 + 1) + 1,
        "manifest + per pair src, ref, 3 systems, docs, glossary + the en-de MQM file"
    );
    for file in files {
        let sha = file["sha256"].as_str().unwrap();
        assert!(sha.len() == 64 && html.contains(sha), "{file}");
    }
    // Every corpus score is in the page with its signature.
    for row in csv_rows(&out.join("systems.csv")) {
        assert!(row[14].contains("bs:1000|seed:12345|") && row[14].contains("version:mteval-"));
        assert!(
            html.contains(&row[14]),
            "signature {} not in the page",
            &row[14]
        );
    }
    // The error tallies show the profiles the demo's README describes: VendorB's four wrong
    // numbers (Major mistranslations) and three English number formats; no Major error at VendorA.
    let errors = csv_rows(&out.join("errors.csv"));
    let count = |pair: &str, system: &str, category: &str, severity: &str| -> usize {
        errors
            .iter()
            .filter(|r| &r[0] == pair && &r[1] == system && &r[2] == category && &r[3] == severity)
            .map(|r| r[4].parse::<usize>().unwrap())
            .sum()
    };
    assert_eq!(
        count("en-de", "VendorB", "Accuracy/Mistranslation", "Major"),
        4
    );
    assert_eq!(
        count(
            "en-de",
            "VendorB",
            "Locale convention/Number format",
            "Minor"
        ),
        3
    );
    assert!(
        !errors
            .iter()
            .any(|r| &r[1] == "VendorA" && &r[0] == "en-de" && &r[3] == "Major"),
        "{errors:?}"
    );
    // The demo's vendors differ as written: VendorB is the worst in both pairs.
    let systems = csv_rows(&out.join("systems.csv"));
    for row in systems.iter().filter(|r| &r[2] == "chrF2") {
        if &row[1] == "VendorB" {
            assert_eq!(&row[8], "3", "VendorB ranks last in {}", &row[0]);
        }
    }

    // The human evaluation of the demo's MQM file (14 segments per vendor, rater2 on 1–4).
    // VendorA: two Minor errors (weight 1 each) → 2/14. VendorC: segment 3 Minor by rater1
    // only (0.5), an omission (Major, 5) and three Minor → 8.5/14.
    let human = csv_rows(&out.join("human.csv"));
    let mqm = |system: &str| -> (f64, String, String) {
        let row = human.iter().find(|r| &r[1] == system).unwrap();
        (
            row[2].parse().unwrap(),
            row[5].to_string(),
            row[6].to_string(),
        )
    };
    assert_eq!(human.len(), 3);
    assert!((mqm("VendorA").0 - 2.0 / 14.0).abs() < 1e-12);
    assert!((mqm("VendorC").0 - 8.5 / 14.0).abs() < 1e-12);
    assert_eq!(
        (mqm("VendorA").1, mqm("VendorC").1, mqm("VendorB").1),
        ("1".into(), "2".into(), "3".into())
    );
    assert_eq!(mqm("VendorB").2, "14");
    for row in &human {
        let (low, high, value): (f64, f64, f64) = (
            row[3].parse().unwrap(),
            row[4].parse().unwrap(),
            row[2].parse().unwrap(),
        );
        assert!(low <= value && value <= high, "{row:?}");
    }
    // Every metric ranks the vendors as MQM does: system-level pairwise accuracy 1.
    let agreement = csv_rows(&out.join("human-agreement.csv"));
    let accuracies: Vec<&str> = agreement
        .iter()
        .filter(|r| &r[2] == "system" && &r[3] == "pairwise-accuracy")
        .map(|r| &r[4])
        .collect();
    assert_eq!(accuracies, ["1.0", "1.0", "1.0"]);
    assert_eq!(agreement.len(), 3 * 8, "3 metrics × 8 statistics");
    // VendorB's three English number formats are exactly the reviewers' three Locale spans.
    let spans = csv_rows(&out.join("human-spans.csv"));
    let locale = spans
        .iter()
        .find(|r| &r[1] == "exact" && &r[2] == "Locale convention")
        .unwrap();
    assert_eq!(
        (&locale[3], &locale[4], &locale[5], &locale[6]),
        ("3", "3", "3", "3")
    );
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(json["human"]["mqm"].as_array().unwrap().len(), 3);
    assert!(html.contains("<h2>Human evaluation</h2>"));
}

/// A manifest naming an MQM file whose rows do not fit the pair: a located error, no report.
#[test]
fn mqm_rows_that_do_not_fit_the_pair_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let demo = demo();
    let manifest = read(&demo.join("manifest.toml"))
        .replace("\"sources/", &format!("\"{}/sources/", demo.display()))
        .replace(
            "\"references/",
            &format!("\"{}/references/", demo.display()),
        )
        .replace(
            "\"system-outputs/",
            &format!("\"{}/system-outputs/", demo.display()),
        )
        .replace("\"documents/", &format!("\"{}/documents/", demo.display()))
        .replace("\"glossary.", &format!("\"{}/glossary.", demo.display()))
        .replace("\"mqm/news.en-de.mqm.tsv", "\"bad.tsv");
    std::fs::write(dir.path().join("manifest.toml"), manifest).unwrap();
    let good = read(&demo.join("mqm/news.en-de.mqm.tsv"));
    let header = "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n";
    for (row, expected) in [
        (
            good.lines()
                .nth(1)
                .unwrap()
                .replacen("VendorA", "VendorX", 1),
            "bad.tsv:2: system \"VendorX\" is not a vendor of pair en-de",
        ),
        (
            good.lines()
                .nth(1)
                .unwrap()
                .replacen("\t1\trater1", "\t99\trater1", 1),
            "bad.tsv:2: seg_id \"99\" is not a segment number of pair en-de (1 to 34)",
        ),
        (
            good.lines()
                .nth(1)
                .unwrap()
                .replacen("Lindau eröffnete", "Lindau öffnete", 1),
            "bad.tsv:2: the target differs from VendorA's segment 1 of pair en-de",
        ),
    ] {
        std::fs::write(dir.path().join("bad.tsv"), format!("{header}{row}\n")).unwrap();
        let out = dir.path().join("out");
        let (code, _, stderr) = report(&dir.path().join("manifest.toml"), &out, &["--no-errors"]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!out.exists());
    }
}

#[test]
fn corpus_text_that_looks_like_html_stays_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for sub in ["sources", "references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
    }
    let write = |path: &str, text: &str| std::fs::write(input.join(path), text).unwrap();
    write(
        "sources/t.en-de.src.en",
        "The cat sat.\nA <b>bold</b> move & more.\n",
    );
    write(
        "references/t.en-de.ref.A.de",
        "Die Katze saß.\nEin <b>kühner</b> Schritt & mehr.\n",
    );
    write(
        "system-outputs/t.en-de.hyp.Good.de",
        "Die Katze saß.\nEin kühner Schritt & mehr.\n",
    );
    let evil = "\"><img src=x onerror=alert(3)>";
    write(
        &format!("system-outputs/t.en-de.hyp.{evil}.de"),
        "<script>alert(1)</script>\n\"><img src=x onerror=alert(2)> '><svg onload=alert(4)>\n",
    );
    let out = dir.path().join("out");
    let (code, _, stderr) = report(&input, &out, &["-n", "50"]);
    assert_eq!(code, 0, "{stderr}");
    let html = read(&out.join("index.html"));
    // The text as a reader sees it, without the difference marks.
    let marks = regex::Regex::new(r#"<span class="(miss|extra)">|</span>"#).unwrap();
    let text = marks.replace_all(&html, "");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(text.contains(
        "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &#39;&gt;&lt;svg onload=alert(4)&gt;"
    ));
    assert!(text.contains("Ein &lt;b&gt;kühner&lt;/b&gt; Schritt &amp; mehr."));
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(3)&gt;"),
        "the vendor name"
    );
    for injected in ["<script", "<img", "<svg onload", "<b>"] {
        assert!(
            !html.contains(injected),
            "{injected:?} reached the page unescaped"
        );
    }
    assert_self_contained(&html);
    for entry in std::fs::read_dir(out.join("charts")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let svg = read(&path);
            assert!(
                !svg.contains("<img") && !svg.contains("<script"),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn quality_gates_fail_after_the_report_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gated");
    let (code, _, stderr) = report(
        &demo(),
        &out,
        &[
            "-n",
            "100",
            "--fail-below",
            "chrF=60",
            "--fail-below",
            "BLEU=1",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("quality gate failed: VendorB in en-de: chrF2 = 59.06 is below the floor 60 (--fail-below chrF=60)"),
        "{stderr}"
    );
    assert!(stderr.contains("VendorB in en-zh: chrF2"), "{stderr}");
    assert!(
        !stderr.contains("BLEU ="),
        "no vendor is below BLEU 1: {stderr}"
    );
    assert!(
        out.join("index.html").is_file(),
        "the report is written before the gate fails"
    );
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(json["gates"][0]["failures"].as_array().unwrap().len(), 2);
    assert!(read(&out.join("index.html")).contains("Quality gates failed"));

    let (code, _, stderr) = report(
        &demo(),
        &out,
        &["-n", "100", "--fail-below", "chrF=20", "--no-errors"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !out.join("errors.csv").exists() && !out.join("charts/errors.en-de.svg").exists(),
        "--no-errors leaves out the error analysis"
    );
    let (code, _, stderr) = report(&demo(), &out, &["--fail-below", "TER=40"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("use --fail-above TER=MAX"), "{stderr}");
    let (code, _, stderr) = report(&demo(), &out, &["--fail-below", "chrF"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--fail-below") && stderr.contains("METRIC=VALUE"),
        "{stderr}"
    );
}

#[test]
fn a_failed_run_leaves_the_previous_report_and_no_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for sub in ["references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
    }
    std::fs::write(input.join("references/t.en-de.ref.A.de"), "a\nb\nc\n").unwrap();
    std::fs::write(input.join("system-outputs/t.en-de.hyp.S.de"), "a\nb\nc\n").unwrap();
    let out = dir.path().join("reports/r");
    let (code, _, stderr) = report(&input, &out, &["-n", "20"]);
    assert_eq!(code, 0, "{stderr}");
    let before = read(&out.join("systems.csv"));

    std::fs::write(input.join("system-outputs/t.en-de.hyp.Short.de"), "a\nb\n").unwrap();
    let (code, _, stderr) = report(&input, &out, &["-n", "20"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("t.en-de.hyp.Short.de has 2 segments but reference")
            && stderr.contains("--align auto"),
        "{stderr}"
    );
    assert_eq!(
        read(&out.join("systems.csv")),
        before,
        "the previous report is intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(leftovers, ["r"], "no partial directories are left behind");

    let precious = dir.path().join("precious");
    std::fs::create_dir_all(&precious).unwrap();
    std::fs::write(precious.join("notes.txt"), "keep me").unwrap();
    std::fs::remove_file(input.join("system-outputs/t.en-de.hyp.Short.de")).unwrap();
    let (code, _, stderr) = report(&input, &precious, &["-n", "20"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not an mteval report"), "{stderr}");
    assert_eq!(read(&precious.join("notes.txt")), "keep me");
}

#[test]
fn japanese_targets_use_ja_mecab_or_char_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for sub in ["sources", "references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
    }
    std::fs::write(
        input.join("sources/t.en-ja.src.en"),
        "Good morning.\nThank you.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("references/t.en-ja.ref.A.ja"),
        "おはようございます。\nありがとう。\n",
    )
    .unwrap();
    std::fs::write(
        input.join("system-outputs/t.en-ja.hyp.S.ja"),
        "おはよう。\nありがとう。\n",
    )
    .unwrap();
    let out = dir.path().join("ja");
    let (code, _, stderr) = report(&input, &out, &["-n", "20"]);
    assert_eq!(code, 0, "{stderr}");
    let systems = read(&out.join("systems.csv"));
    let char_note = "BLEU uses --tokenize char";
    if mteval::tokenize::tokenizer_by_name("ja-mecab").is_ok() {
        assert!(systems.contains("tok:ja-mecab-0.996-IPA"), "{systems}");
        assert!(!stderr.contains(char_note), "{stderr}");
        assert!(!read(&out.join("index.html")).contains(char_note));
    } else {
        assert!(stderr.contains(&format!("en-ja: {char_note}")), "{stderr}");
        assert!(systems.contains("tok:char"), "{systems}");
        assert!(read(&out.join("index.html")).contains(char_note));
    }
    assert!(
        systems.contains("norm:yes|punct:yes|asian:yes")
            && stderr.contains("TER uses --ter-normalized"),
        "TER of a Japanese target splits the characters: {systems}"
    );
    assert!(
        read(&out.join("lengths.csv")).contains(",words,"),
        "English source: words"
    );
}

#[test]
fn wmt22_pair_report() {
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = wmt22_de_fr(&shared, dir.path());
    let out = dir.path().join("out");
    let (code, stdout, stderr) = report(&input, &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("de-fr"), "{stdout}");
    insta::assert_snapshot!("csv_headers", csv_headers(&out));
    let systems = csv_rows(&out.join("systems.csv"));
    let vendors = std::fs::read_dir(input.join("system-outputs"))
        .unwrap()
        .count();
    assert_eq!(systems.len(), vendors * 3);
    assert_eq!(csv_rows(&out.join("segments.csv")).len(), vendors * 1984);
    assert!(
        csv_rows(&out.join("documents.csv")).is_empty(),
        "no document ids"
    );
    let html = read(&out.join("index.html"));
    insta::assert_snapshot!("wmt22_page_structure", page_structure(&html));
    assert_self_contained(&html);
    // Every vendor's corpus chrF equals `mteval score`'s.
    let hypotheses: Vec<PathBuf> = {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(input.join("system-outputs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths
    };
    let output = mteval()
        .args(["score", "-m", "chrf", "-f", "json", "--ref"])
        .arg(input.join("references/generaltest2022.de-fr.ref.A.fr"))
        .args(&hypotheses)
        .output()
        .unwrap();
    let scored: Value = serde_json::from_slice(&output.stdout).unwrap();
    for result in scored["results"].as_array().unwrap() {
        let row = systems
            .iter()
            .find(|r| &r[1] == result["system"].as_str().unwrap() && &r[2] == "chrF2")
            .unwrap();
        assert_eq!(
            row[3].parse::<f64>().unwrap(),
            result["score"].as_f64().unwrap()
        );
    }
}

#[test]
fn align_auto_puts_a_vendor_with_merged_lines_onto_the_reference_segments() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("input");
    for sub in ["references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
    }
    let reference = "The council approved the budget on Monday.\n\
                     It includes money for three new schools.\n\
                     Construction will start in the spring.\n\
                     The mayor thanked the volunteers.\n";
    std::fs::write(input.join("references/t.en-en.ref.A.en"), reference).unwrap();
    std::fs::write(input.join("system-outputs/t.en-en.hyp.Exact.en"), reference).unwrap();
    // Sentences 2 and 3 on one line.
    std::fs::write(
        input.join("system-outputs/t.en-en.hyp.Merged.en"),
        "The council approved the budget on Monday.\n\
         It includes money for three new schools. Construction will start in the spring.\n\
         The mayor thanked the volunteers.\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let (code, _, stderr) = report(&input, &out, &["-n", "20", "--no-errors"]);
    assert_eq!(code, 2, "without --align the mismatch is an error");
    assert!(
        stderr.contains("t.en-en.hyp.Merged.en has 3 segments") && stderr.contains("--align auto"),
        "{stderr}"
    );
    let (code, _, stderr) = report(
        &input,
        &out,
        &["-n", "20", "--no-errors", "--align", "auto"],
    );
    assert_eq!(code, 0, "{stderr}");
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let alignment = &json["pairs"][0]["alignments"][0];
    assert_eq!(alignment["system"], "Merged");
    assert_eq!(alignment["hypothesis_lines"], 3);
    assert_eq!(alignment["reference_segments"], 4);
    assert!(
        alignment["mean_confidence"].as_f64().unwrap() > 0.5,
        "{alignment}"
    );
    // The merged line is cut back into the two sentences: every segment matches exactly.
    let segments = csv_rows(&out.join("segments.csv"));
    for row in segments.iter().filter(|r| &r[1] == "Merged") {
        assert_eq!(&row[7], "100", "chrF of segment {}", &row[2]);
    }
    assert!(read(&out.join("index.html")).contains("aligned by"));
}

#[test]
fn wmt_xml_test_set_report() {
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let xml = shared.join("wmt22/xml/wmttest2022.de-fr.all.xml");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, stdout, stderr) = report(&xml, &out, &["-n", "50", "--no-errors"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("de-fr"), "{stdout}");
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    let files = json["files"].as_array().unwrap();
    assert_eq!(
        files.len(),
        1,
        "the test set is the only input file: {files:?}"
    );
    assert_eq!(files[0]["role"], "test set");
    // Documents come from <doc id=…>: per-document rows exist.
    let documents = csv_rows(&out.join("documents.csv"));
    assert!(
        documents.iter().any(|r| &r[1] == "document"),
        "no document rows"
    );
    assert_eq!(
        csv_rows(&out.join("segments.csv")).len(),
        csv_rows(&out.join("systems.csv")).len() / 3 * 1984
    );
}

#[test]
fn an_xml_test_set_is_the_pair_its_lang_attributes_say_and_missing_segments_are_warned() {
    let mini = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.xml"));
    // Vendor-2's second segment of the first document left out.
    let cut = mini.replacen(
        "<seg id=\"2\">Fischer haben die Neuigkeit begrüßt.</seg>",
        "",
        1,
    );
    assert_ne!(cut, mini);
    let dir = tempfile::tempdir().unwrap();
    for (name, warned_name) in [("vendor-delivery.xml", false), ("en-fr.xml", true)] {
        let path = dir.path().join(name);
        std::fs::write(&path, &cut).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        let (code, stdout, stderr) = report(&path, &out, &["-n", "50", "--no-errors"]);
        assert_eq!(code, 0, "{stderr}");
        // en-de from the lang attributes, whatever the file is called.
        assert!(stdout.contains("\n  en-de "), "{stdout}");
        assert_eq!(
            stderr.contains("the file name says en-fr but the lang attributes say en-de"),
            warned_name,
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "the hypothesis of system \"Vendor-2\" lacks 1 segment(s) of its documents \
                 (the first: document \"harbour\", seg id 2); they are empty"
            ),
            "{stderr}"
        );
        // Each warning names the file once.
        assert!(
            !stderr.contains(&format!("{name}: {}", path.display())),
            "{stderr}"
        );
    }
}

#[test]
fn without_a_source_lengths_are_reference_lengths_and_the_chart_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    for sub in ["references", "system-outputs"] {
        std::fs::create_dir_all(input.join(sub)).unwrap();
        for entry in std::fs::read_dir(demo().join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.contains(".en-de.") {
                std::fs::copy(&path, input.join(sub).join(name)).unwrap();
            }
        }
    }
    let out = dir.path().join("out");
    let (code, _, stderr) = report(&input, &out, &["-n", "50", "--no-errors"]);
    assert_eq!(code, 0, "{stderr}");
    let chart = read(&out.join("charts/lengths.en-de.svg"));
    assert!(chart.contains("by reference length"), "{chart}");
    assert!(!chart.contains("source length"), "{chart}");
    // The settings say what was resampled: segments, asked for documents or not.
    let (code, _, stderr) = report(
        &input,
        &out,
        &["-n", "50", "--no-errors", "--resample", "documents"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("no document ids, so the bootstrap resampled segments"),
        "{stderr}"
    );
    let json: Value = serde_json::from_str(&read(&out.join("report.json"))).unwrap();
    assert_eq!(json["settings"]["resample"], "segments");
}

#[test]
fn the_committed_demo_report_equals_a_fresh_run_of_the_quick_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("news-demo");
    mteval()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "datasets/news-demo", "--out"])
        .arg(&out)
        .assert()
        .success();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("reports/news-demo");
    assert_same_directories(
        &committed,
        &out,
        "reports/news-demo against `mteval report datasets/news-demo` (regenerate it with the \
         README's quick-start command)",
    );
}

#[test]
fn one_and_two_jobs_write_byte_identical_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = vec![demo()];
    if let Some(shared) = common::shared_datasets() {
        inputs.push(wmt22_de_fr(&shared, dir.path()));
    }
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let outs = ["1", "2"].map(|jobs| {
            let out = dir.path().join(format!("{name}-j{jobs}"));
            let (code, _, stderr) = report(input, &out, &["-j", jobs]);
            assert_eq!(code, 0, "{stderr}");
            out
        });
        assert_same_directories(&outs[0], &outs[1], &format!("{name}: -j 1 against -j 2"));
    }
}

/// The moments of a second run's writing at which it is killed: the staging directory exists
/// (charts being drawn), a chart is written, the first table is written.
const KILL_POINTS: [&str; 3] = ["", "charts/scores.de-fr.svg", "systems.csv"];

#[test]
fn a_report_killed_mid_write_leaves_the_previous_report_intact() {
    use std::os::unix::process::ExitStatusExt;
    let Some(shared) = common::shared_datasets() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = wmt22_de_fr(&shared, dir.path());
    let reports = dir.path().join("reports");
    let out = reports.join("r");
    let (code, _, stderr) = report(&demo(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = directory_bytes(&out);
    for point in KILL_POINTS {
        // A run that finishes before the poll sees the point did not test anything: the previous
        // report is written again and the run repeated, a few times at most.
        let mut killed = false;
        for _attempt in 0..5 {
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mteval"))
                .arg("report")
                .arg(&input)
                .arg("--out")
                .arg(&out)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let reached = |pid: u32| {
                reports
                    .join(format!(".r.partial-{pid}"))
                    .join(point)
                    .exists()
            };
            let started = std::time::Instant::now();
            while !reached(child.id()) && child.try_wait().unwrap().is_none() {
                assert!(
                    started.elapsed().as_secs() < 120,
                    "the run never reached {point:?}"
                );
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            child.kill().unwrap();
            let status = child.wait().unwrap();
            if status.signal() == Some(9) {
                killed = true;
                assert!(
                    directory_bytes(&out) == before,
                    "killed at {point:?}: the previous report changed"
                );
                break;
            }
            assert!(status.success(), "the second run failed: {status}");
            let (code, _, stderr) = report(&demo(), &out, &[]);
            assert_eq!(code, 0, "{stderr}");
        }
        assert!(killed, "no run could be killed at {point:?}");
    }
}
