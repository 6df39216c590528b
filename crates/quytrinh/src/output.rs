//! The one output layer: every command that writes files goes through it.
//!
//! - A target is written only if it is absent or a regular file: a symbolic link, a FIFO, a
//!   device or a folder is refused, `--force` or not (so `-o /dev/stdout --force` never
//!   replaces a device, and a link never redirects a write elsewhere).
//! - Files are created with the ordinary mode `0666` less the umask (never a private `0600`
//!   temporary mode), as any other program's files.
//! - A set of files ([`FileSet`]) is all or nothing: every file is written first into a
//!   temporary folder inside the output folder, then, once all are whole, renamed into place
//!   (a rename needs no disk space, so a full disk stops the run before anything is replaced).
//!   If a rename still fails, the message lists what was and what was not written.
//! - Names are single file names made by [`file_names`]: nothing leaves the output folder.

use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::Error;

/// Why `path` may not be written, if it exists and is not a regular file.
fn refuse_non_regular(path: &Path) -> Result<(), Error> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(miette::miette!("cannot write `{}`: {e}", path.display()));
        }
    };
    let ft = meta.file_type();
    let what = if ft.is_file() {
        return Ok(());
    } else if ft.is_symlink() {
        "a symbolic link"
    } else if ft.is_dir() {
        "a folder"
    } else {
        "not a regular file (a device, a pipe or a socket)"
    };
    Err(miette::miette!(
        help = "quytrinh only creates or replaces regular files; remove it or choose another path",
        "will not write `{}`: it is {what}",
        path.display()
    ))
}

/// Creates `path`, which must not exist (nor be a link, even a broken one), with the ordinary
/// mode (0666 less the umask) and writes `bytes` into it: a new file, never one replaced.
pub fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Whether `path` may be written: absent, or (with `force`) a regular file.
pub fn check_target(path: &Path, force: bool) -> Result<(), Error> {
    refuse_non_regular(path)?;
    if !force && path.exists() {
        return Err(miette::miette!(
            help = "choose another file, or add --force to overwrite it",
            "`{}` already exists",
            path.display()
        ));
    }
    Ok(())
}

/// Writes one file, `path`, whole or not at all: through a new file next to it, renamed into
/// place. An existing `path` is replaced only with `force`, and only if it is a regular file.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("to-be.json");
/// quytrinh::output::write_file(&path, b"{}", false).unwrap();
/// assert!(quytrinh::output::write_file(&path, b"{}", false).is_err(), "exists: needs force");
/// quytrinh::output::write_file(&path, b"[]", true).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"[]");
/// ```
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    check_target(path, force)?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: &dyn std::fmt::Display| -> Error {
        miette::miette!("cannot write `{}`: {e}", path.display())
    };
    let staging = tempfile::Builder::new()
        .prefix(".quytrinh-")
        .tempdir_in(&dir)
        .map_err(|e| fail(&e))?;
    let name = path.file_name().unwrap_or(path.as_os_str());
    let tmp = staging.path().join(name);
    create_new(&tmp, bytes).map_err(|e| fail(&e))?;
    #[cfg(unix)]
    if let Ok(old) = std::fs::metadata(path) {
        // Keep the mode of the file replaced.
        let _ = std::fs::set_permissions(&tmp, old.permissions());
    }
    // Checked again just before the rename (the path may have changed meanwhile).
    refuse_non_regular(path)?;
    if !force && path.exists() {
        return Err(fail(&"it appeared while quytrinh was writing"));
    }
    std::fs::rename(&tmp, path).map_err(|e| fail(&e))
}

/// Creates the output folder (and its parents) if needed; a path that names anything but a
/// folder (a file, a link to one, a device) is refused with a message saying so.
pub fn create_output_dir(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(miette::miette!(
            help = "give -o a folder: quytrinh writes one file per procedure and group into it",
            "`{}` is a file, not a folder",
            dir.display()
        ));
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| miette::miette!("cannot create the output folder `{}`: {e}", dir.display()))
}

/// Writes one file, `path`, as [`write_file`] does with `force`, creating its folder (and the
/// folders above) when missing.
pub fn write_file_in_new_folder(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_output_dir(dir)?;
    }
    write_file(path, bytes, true)
}

/// A set of files written into one folder, all or nothing. [`FileSet::add`] may be called
/// from many threads; [`FileSet::commit`] puts them in place.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let set = quytrinh::output::FileSet::new(dir.path()).unwrap();
/// set.add("a.dot", b"digraph {}").unwrap();
/// assert!(set.add("../b.dot", b"").is_err(), "a name, never a path");
/// let written = set.commit(&["a.dot".to_owned()]).unwrap();
/// assert_eq!(written, [dir.path().join("a.dot")]);
/// ```
#[derive(Debug)]
pub struct FileSet {
    dir: PathBuf,
    staging: tempfile::TempDir,
}

impl FileSet {
    /// Starts a set in `dir` (created if needed).
    pub fn new(dir: &Path) -> Result<Self, Error> {
        create_output_dir(dir)?;
        let staging = tempfile::Builder::new()
            .prefix(".quytrinh-")
            .tempdir_in(dir)
            .map_err(|e| miette::miette!("cannot write into `{}`: {e}", dir.display()))?;
        Ok(FileSet {
            dir: dir.to_path_buf(),
            staging,
        })
    }

    /// Writes `name` (one file name, never a path) into the set.
    pub fn add(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.target(name)?;
        refuse_non_regular(&target)?;
        create_new(&self.staging.path().join(name), bytes).map_err(|e| {
            miette::miette!(
                help = "nothing was written: the files already in the folder are unchanged",
                "cannot write `{}`: {e}",
                target.display()
            )
        })
    }

    fn target(&self, name: &str) -> Result<PathBuf, Error> {
        let mut parts = Path::new(name).components();
        match (parts.next(), parts.next()) {
            (Some(Component::Normal(_)), None) => Ok(self.dir.join(name)),
            _ => Err(miette::miette!("`{name}` is not a file name")),
        }
    }

    /// Renames every file of `names` (each added before) into the folder, and returns their
    /// paths. Every target is checked before the first rename; if a rename fails, the error
    /// lists the files written and those not written.
    pub fn commit(self, names: &[String]) -> Result<Vec<PathBuf>, Error> {
        let targets = names
            .iter()
            .map(|n| self.target(n))
            .collect::<Result<Vec<_>, _>>()?;
        for t in &targets {
            refuse_non_regular(t)?;
        }
        for (i, (name, target)) in names.iter().zip(&targets).enumerate() {
            if let Err(e) = std::fs::rename(self.staging.path().join(name), target) {
                let list = |ts: &[PathBuf]| {
                    ts.iter()
                        .map(|t| format!("\n  {}", t.display()))
                        .collect::<String>()
                };
                let written = targets.get(..i).unwrap_or_default();
                let missing = targets.get(i..).unwrap_or_default();
                return Err(miette::miette!(
                    "cannot write `{}`: {e}\nwritten ({}):{}\nnot written ({}):{}",
                    target.display(),
                    written.len(),
                    list(written),
                    missing.len(),
                    list(missing)
                ));
            }
        }
        Ok(targets)
    }
}

/// The file name for each code, in order: [`file_stem`] plus `suffix` and the extension, with
/// `-2`, `-3`… added when two codes map to the same name (compared without case, for
/// case-insensitive file systems). The suffix (e.g. `.compare`) is never cut by a long code.
pub fn file_names<'a>(
    codes: impl Iterator<Item = &'a str>,
    suffix: &str,
    extension: &str,
) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for code in codes {
        let stem = file_stem(code);
        let mut name = format!("{stem}{suffix}.{extension}");
        let mut n = 2u64;
        while used.contains(&name.to_ascii_lowercase()) {
            name = format!("{stem}-{n}{suffix}.{extension}");
            n += 1;
        }
        used.insert(name.to_ascii_lowercase());
        out.push(name);
    }
    out
}

/// A file name stem from a procedure or group code that can never leave the output folder or
/// name a device: every character outside `[A-Za-z0-9._-]` becomes `_` (so no separator, no
/// NUL), leading and trailing dots go (no `.`, `..` or hidden file; Windows drops trailing
/// dots), Windows device names (`CON`, `NUL`, `COM1`…, also with an extension) get a leading
/// `_`, the length is capped, and an empty result becomes `_`.
pub fn file_stem(code: &str) -> String {
    const MAX: usize = 120;
    let mapped: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(MAX)
        .collect();
    let stem = mapped.trim_matches('.');
    if stem.is_empty() {
        return "_".to_owned();
    }
    let device = stem
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(
        device.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || ((device.starts_with("COM") || device.starts_with("LPT"))
        && device.len() == 4
        && device.as_bytes().get(3).is_some_and(|b| b.is_ascii_digit()));
    if reserved {
        format!("_{stem}")
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(code: &str, expected: &str) {
        assert_eq!(file_stem(code), expected, "code {code:?}");
    }

    #[test]
    fn stems_never_leave_the_folder() {
        check("1.001193", "1.001193");
        check("LT-KS_TT", "LT-KS_TT");
        check("../../x", "_.._x");
        check("/etc/passwd", "_etc_passwd");
        check("a\\b", "a_b");
        check("a\0b", "a_b");
        check("..", "_");
        check(".", "_");
        check("...hidden", "hidden");
        check("trailing.", "trailing");
        check("", "_");
        check("Đăng ký", "__ng_k_");
        check("C:\\Windows", "C__Windows");
        check(&"x".repeat(500), &"x".repeat(120));
        for code in [
            "../../x",
            "/etc/passwd",
            "a\\b",
            "..",
            "",
            "\0",
            "a/../../b",
        ] {
            let stem = file_stem(code);
            assert!(
                !stem.is_empty() && !stem.starts_with('.'),
                "{code:?} -> {stem:?}"
            );
            assert!(
                stem.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)),
                "{code:?} -> {stem:?}"
            );
            assert_eq!(
                Path::new(&stem).components().count(),
                1,
                "{code:?} -> {stem:?}"
            );
        }
    }

    #[test]
    fn stems_avoid_windows_device_names() {
        check("CON", "_CON");
        check("con", "_con");
        check("NUL.txt", "_NUL.txt");
        check("COM1", "_COM1");
        check("lpt9", "_lpt9");
        check("COM10", "COM10");
        check("CONSOLE", "CONSOLE");
    }

    #[test]
    fn names_get_a_suffix_when_codes_collide() {
        let names = file_names(["a/b", "a_b", "A_B", "a_b-2", "x"].into_iter(), "", "dot");
        assert_eq!(
            names,
            ["a_b.dot", "a_b-2.dot", "A_B-3.dot", "a_b-2-2.dot", "x.dot"]
        );
    }

    #[test]
    fn a_long_code_keeps_its_suffix() {
        let long = "x".repeat(300);
        let names = file_names([long.as_str()].into_iter(), ".compare", "dot");
        assert!(
            names.iter().all(|n| n.ends_with(".compare.dot")),
            "{names:?}"
        );
    }
}
