//! Writing output files so that a failed run leaves no half-written file: the content goes to a
//! temporary file beside the target, which is renamed over it only once complete.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomically(&[(path, bytes)])
}

/// Writes several files, each as [`write_atomically`] does, renaming none of them until every
/// one is written: when one cannot be written, none is.
pub fn write_all_atomically(files: &[(&Path, &[u8])]) -> Result<()> {
    let mut staged = Vec::with_capacity(files.len());
    for &(path, bytes) in files {
        match stage(path, bytes) {
            Ok(temporary) => staged.push((temporary, path)),
            Err(error) => {
                remove_all(&staged);
                return Err(error);
            }
        }
    }
    for (done, (temporary, path)) in staged.iter().enumerate() {
        if let Err(source) = std::fs::rename(temporary, path) {
            remove_all(&staged[done..]);
            return Err(Error::io(path, source));
        }
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, and returns its path.
fn stage(path: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let temporary = directory.join(format!(".{file_name}.mteval-{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .and_then(|mut file| file.write_all(bytes).and_then(|()| file.sync_all()));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(path, source));
    }
    Ok(temporary)
}

fn remove_all(staged: &[(PathBuf, &Path)]) {
    for (temporary, _) in staged {
        let _ = std::fs::remove_file(temporary);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_nothing_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        write_atomically(&target, b"one\ntwo\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"one\ntwo\n");
        let missing = dir.path().join("no/such/dir/out.txt");
        let err = write_atomically(&missing, b"x").unwrap_err().to_string();
        assert!(err.contains("no/such/dir/out.txt"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // A second file that cannot be written: the first is not written either.
        let first = dir.path().join("first.txt");
        let err = write_all_atomically(&[(&first, b"1"), (&missing, b"2")]).unwrap_err();
        assert!(err.to_string().contains("no/such/dir/out.txt"), "{err}");
        assert!(!first.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
