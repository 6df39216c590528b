//! The one input-reading layer: every file quytrinh reads (models, includes, the diagrams
//! `render --check` compares, cached drawings, the mdBook's chapters) goes through
//! [`read_regular`]: a regular file only (a folder, a device, a FIFO or a socket is refused, and
//! a FIFO is opened without blocking so it can never hang the run), at most `limit` bytes
//! (checked before and while reading, so a file that grows or lies about its size is cut off).
//! [`within`] confines reads to a root folder (the mdBook preprocessor's).

use std::fs::File;
use std::io::Read as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

/// The largest procedure or group document (a procedure file is a few kilobytes).
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
/// The largest book mdBook may hand the preprocessor (every chapter's text, as JSON).
pub const MAX_BOOK_BYTES: u64 = 256 * 1024 * 1024;
/// The largest diagram read back (a committed DOT file, a cached SVG).
pub const MAX_DIAGRAM_BYTES: u64 = 64 * 1024 * 1024;

static FILES_READ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

static BYTES_READ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many files were opened for reading so far (models, includes, diagrams, cache entries).
pub fn files_read() -> usize {
    FILES_READ.load(std::sync::atomic::Ordering::Relaxed)
}

/// How many bytes [`read_regular`] read so far.
pub fn bytes_read() -> u64 {
    BYTES_READ.load(std::sync::atomic::Ordering::Relaxed)
}

/// Why a file was not read.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadError {
    /// The operating system refused (the file is missing, unreadable…).
    Io(std::io::Error),
    /// The path names a folder.
    Folder,
    /// The path names a device, a FIFO or a socket.
    NotRegular,
    /// The file is larger than the limit, in bytes.
    TooLarge(u64),
    /// The file lies outside the root folder reads are confined to.
    Outside(PathBuf),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => match e.kind() {
                std::io::ErrorKind::NotFound => f.write_str("no such file or folder"),
                std::io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                _ => write!(f, "{e}"),
            },
            ReadError::Folder => f.write_str("it is a folder, not a file"),
            ReadError::NotRegular => {
                f.write_str("it is not a regular file (a device, pipe or socket)")
            }
            ReadError::TooLarge(limit) => {
                write!(f, "it is larger than {} MiB", limit / (1024 * 1024))
            }
            ReadError::Outside(root) => write!(
                f,
                "it is outside `{}`, the only folder this reads from",
                root.display()
            ),
        }
    }
}

impl From<ReadError> for std::io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => std::io::Error::other(other.to_string()),
        }
    }
}

/// Reads `path`: a regular file of at most `limit` bytes (symbolic links are followed to what
/// they name, which must be a regular file too).
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    BYTES_READ.fetch_add(bytes.len() as u64, std::sync::atomic::Ordering::Relaxed);
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (for callers that stream it, with their
/// own limits): the file and its metadata.
pub fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), ReadError> {
    FILES_READ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    // Non-blocking, so opening a FIFO with no writer returns at once; it is then refused.
    let file = File::options()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::EISDIR) => ReadError::Folder,
            _ => ReadError::Io(e),
        })?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

/// `path` if it lies inside `root` (both resolved: `..` and symbolic links cannot leave it).
pub fn within(root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let root = std::fs::canonicalize(root).map_err(ReadError::Io)?;
    let real = std::fs::canonicalize(path).map_err(ReadError::Io)?;
    if real.starts_with(&root) {
        Ok(real)
    } else {
        Err(ReadError::Outside(root))
    }
}

impl std::error::Error for ReadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.json");
        std::fs::write(&f, b"{}").unwrap();
        assert_eq!(read_regular(&f, 10).unwrap(), b"{}");
        assert!(matches!(read_regular(&f, 1), Err(ReadError::TooLarge(1))));
        assert!(matches!(
            read_regular(dir.path(), 10),
            Err(ReadError::Folder)
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        assert!(within(dir.path(), &f).is_ok());
        assert!(matches!(
            within(dir.path(), Path::new("/etc")),
            Err(ReadError::Outside(_))
        ));
    }
}
