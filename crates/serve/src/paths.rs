//! Paths confined to the served folder.
//!
//! A path from the page is relative, made of plain names only (no `..`, no `.`, no root, no
//! drive, no backslash, no NUL), names a `.json` file, and, once symbolic links are resolved,
//! lies inside the folder. The folder's files are listed the same way: a link that leads
//! outside is left out.

use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

use quytrinh_model::FileSystem;

/// The largest file read or listed: 8 MiB.
pub const MAX_FILE: u64 = 8 * 1024 * 1024;
/// At most this many files are listed.
pub const MAX_LISTED: usize = 2000;
/// Folders deeper than this are not listed.
pub const MAX_DEPTH: usize = 6;

/// Why a path is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// Not a relative path of plain names ending in `.json`.
    Invalid(String),
    /// Resolves outside the folder (through `..` or a symbolic link).
    Outside(String),
    /// No such file.
    NotFound(String),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Invalid(why) => write!(f, "invalid path: {why}"),
            PathError::Outside(p) => write!(f, "`{p}` is outside the served folder"),
            PathError::NotFound(p) => write!(f, "`{p}` does not exist"),
        }
    }
}

impl std::error::Error for PathError {}

/// Checks the shape of `rel` (before touching the file system).
fn check_shape(rel: &str) -> Result<&Path, PathError> {
    let invalid = |why: &str| Err(PathError::Invalid(why.to_owned()));
    if rel.is_empty() {
        return invalid("empty");
    }
    if rel.len() > 1024 {
        return invalid("longer than 1024 bytes");
    }
    if rel.contains(['\0', '\\']) || rel.chars().any(char::is_control) {
        return invalid("control characters and backslashes are not allowed");
    }
    let path = Path::new(rel);
    for c in path.components() {
        match c {
            Component::Normal(_) => {}
            Component::ParentDir => return Err(PathError::Outside(rel.to_owned())),
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathError::Outside(rel.to_owned()));
            }
            Component::CurDir => return invalid("`.` is not allowed"),
        }
    }
    if !rel.to_ascii_lowercase().ends_with(".json") {
        return invalid("only .json files are served");
    }
    Ok(path)
}

/// The canonical path of the existing file `rel` inside `root` (canonical itself).
pub fn existing(root: &Path, rel: &str) -> Result<PathBuf, PathError> {
    let path = check_shape(rel)?;
    let canonical = std::fs::canonicalize(root.join(path)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => PathError::NotFound(rel.to_owned()),
        _ => PathError::Invalid(e.to_string()),
    })?;
    if !canonical.starts_with(root) {
        return Err(PathError::Outside(rel.to_owned()));
    }
    Ok(canonical)
}

/// Where `rel` is written: the canonical path of the file when it exists, else the file in its
/// existing, canonical folder. Either way inside `root`.
pub fn writable(root: &Path, rel: &str) -> Result<PathBuf, PathError> {
    match existing(root, rel) {
        Err(PathError::NotFound(_)) => {}
        other => return other,
    }
    let path = check_shape(rel)?;
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(PathError::Invalid("no file name".to_owned()));
    };
    let dir = std::fs::canonicalize(root.join(parent))
        .map_err(|_| PathError::NotFound(rel.to_owned()))?;
    if !dir.starts_with(root) {
        return Err(PathError::Outside(rel.to_owned()));
    }
    Ok(dir.join(name))
}

/// Reads the regular file `path` (at most [`MAX_FILE`] bytes).
pub fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if meta.len() > MAX_FILE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("larger than {} MiB", MAX_FILE / 1024 / 1024),
        ));
    }
    std::fs::read(path)
}

/// The `.json` files below `root`, as relative paths with `/`, sorted; hidden folders, links
/// leading outside and anything past [`MAX_DEPTH`] or [`MAX_LISTED`] are left out.
pub fn list(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            let path = entry.path();
            let Ok(canonical) = std::fs::canonicalize(&path) else {
                continue;
            };
            if !canonical.starts_with(root) {
                continue;
            }
            if canonical.is_dir() {
                if depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
            } else if name.to_ascii_lowercase().ends_with(".json")
                && canonical.is_file()
                && let Ok(rel) = path.strip_prefix(root)
            {
                let rel: Vec<&str> = rel
                    .components()
                    .filter_map(|c| c.as_os_str().to_str())
                    .collect();
                out.push(rel.join("/"));
            }
        }
    }
    out.sort();
    out.truncate(MAX_LISTED);
    out
}

/// The model's file system for group `include`s: reads only regular files inside the folder.
#[derive(Debug, Clone)]
pub struct Confined {
    pub root: PathBuf,
}

impl Confined {
    fn inside(&self, path: &Path) -> io::Result<PathBuf> {
        let canonical = std::fs::canonicalize(path)?;
        if canonical.starts_with(&self.root) {
            Ok(canonical)
        } else {
            Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "outside the served folder",
            ))
        }
    }
}

impl FileSystem for Confined {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_regular(&self.inside(path)?)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.inside(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(check_shape("a.json").is_ok());
        assert!(check_shape("groups/a.json").is_ok());
        assert!(matches!(
            check_shape("../a.json"),
            Err(PathError::Outside(_))
        ));
        assert!(matches!(
            check_shape("/etc/a.json"),
            Err(PathError::Outside(_))
        ));
        assert!(matches!(
            check_shape("a/../../b.json"),
            Err(PathError::Outside(_))
        ));
        assert!(matches!(check_shape("a.txt"), Err(PathError::Invalid(_))));
        assert!(matches!(
            check_shape("a\\b.json"),
            Err(PathError::Invalid(_))
        ));
        assert!(matches!(check_shape(""), Err(PathError::Invalid(_))));
    }
}
