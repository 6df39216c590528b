//! Loading procedure and group files: paths (files, folders — every `*.json` and `*.jsonl`
//! below, sorted — and `-` for standard input), text and readers, each with the limits of the
//! one input layer ([`crate::read`]): regular files only, at most [`MAX_DOCUMENT_BYTES`] a
//! document and [`MAX_RECORD_BYTES`] a `.jsonl` line. `.jsonl` catalogues are streamed line by
//! line, so a large one is never held whole. Every function returns the catalogue with **every**
//! diagnostic ([`Loaded`]); check [`Loaded::has_errors`] before using the catalogue.
//!
//! ```
//! let loaded = quytrinh::load::load_str("khai-sinh.json", r#"{"procedure": {
//!     "code": "1.001193", "name": "Đăng ký khai sinh",
//!     "actors": [{"id": "dan", "name": "Người dân", "role": "applicant"},
//!                {"id": "ubnd", "name": "UBND cấp xã", "role": "agency"}],
//!     "steps": [{"id": "nop", "name": "Nộp hồ sơ", "actor": "dan", "action": "submit", "channel": "online"},
//!               {"id": "tra", "name": "Trả kết quả", "actor": "ubnd", "action": "return_result", "channel": "online"}],
//!     "flows": [{"from": "nop", "to": "tra"}]}}"#);
//! assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
//! assert_eq!(loaded.catalog.procedures[0].procedure.code, "1.001193");
//! ```

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use quytrinh_model::{
    Code, Diagnostic, FileSystem, Loaded, Loader, Origin, ParsedRecord, ProcId, Procedure, is_jsonl,
};

pub use crate::read::MAX_DOCUMENT_BYTES;
use crate::read::ReadError;
/// The largest `.jsonl` record (one line).
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// Where one input comes from.
#[derive(Debug, Clone)]
pub enum Input {
    /// Standard input (`-`), named `<stdin>` in messages.
    Stdin,
    /// A file, named as the user wrote its path.
    File(PathBuf),
}

impl Input {
    /// The input a command-line path names: `-` is standard input.
    pub fn new(path: &Path) -> Input {
        if path.as_os_str() == "-" {
            Input::Stdin
        } else {
            Input::File(path.to_path_buf())
        }
    }

    /// The name diagnostics give this input.
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Expands the command-line paths into the files to read, in a deterministic order.
pub fn collect(paths: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let name = p.display().to_string();
        match std::fs::metadata(p) {
            Err(e) => diags.push(
                Diagnostic::for_file(
                    Code::Io,
                    name,
                    format!("cannot read `{}`: {}", p.display(), io_reason(&e)),
                )
                .with_help("check the path; give files, folders, or - for standard input"),
            ),
            Ok(m) if m.is_dir() => {
                let before = inputs.len();
                walk(p, &mut inputs, diags);
                if inputs.len() == before {
                    diags.push(
                        Diagnostic::for_file(
                            Code::NoInput,
                            name,
                            "the folder holds no *.json or *.jsonl file",
                        )
                        .with_help(
                            "name a folder that holds procedure files, or the files themselves",
                        ),
                    );
                }
            }
            Ok(_) => inputs.push(Input::File(p.clone())),
        }
    }
    inputs
}

/// Every `*.json` / `*.jsonl` below `root`, sorted by path. Hidden entries are skipped; a
/// symbolic link back to a folder above it (a loop) is reported and not followed; a folder
/// reached a second time through a link to elsewhere (a sibling) is read once, silently.
fn walk(root: &Path, out: &mut Vec<Input>, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut files = Vec::new();
    // Each folder to read, with the real path of the folder it was found in.
    let mut stack: Vec<(PathBuf, Option<PathBuf>)> = vec![(root.to_path_buf(), None)];
    while let Some((dir, parent)) = stack.pop() {
        let real = match std::fs::canonicalize(&dir) {
            Ok(c) => c,
            Err(e) => {
                diags.push(unreadable_folder(&dir, &e));
                continue;
            }
        };
        if parent.as_ref().is_some_and(|p| p.starts_with(&real)) {
            diags.push(
                Diagnostic::for_file(
                    Code::Io,
                    dir.display().to_string(),
                    format!(
                        "the folder `{}` is reached again through a symbolic link (a loop): it points to a folder above it",
                        dir.display()
                    ),
                )
                .with_help("remove the symbolic link that points back to a parent folder"),
            );
            continue;
        }
        if !seen.insert(real.clone()) {
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                diags.push(unreadable_folder(&dir, &e));
                continue;
            }
        };
        let mut subdirs = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            let meta = std::fs::metadata(&path);
            if meta.as_ref().is_ok_and(|m| m.is_dir()) {
                subdirs.push(path);
            } else if meta.as_ref().is_ok_and(|m| !m.is_file()) {
                // A device, pipe or socket: reading one could block or never end. Skipped.
            } else {
                // A file, or a broken link (reported when it is read).
                let lower = path.to_string_lossy().to_ascii_lowercase();
                if lower.ends_with(".json") || lower.ends_with(".jsonl") {
                    files.push(path);
                }
            }
        }
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev().map(|d| (d, Some(real.clone()))));
    }
    files.sort();
    out.extend(files.into_iter().map(Input::File));
}

fn unreadable_folder(dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::for_file(
        Code::Io,
        dir.display().to_string(),
        format!("cannot read folder `{}`: {}", dir.display(), io_reason(e)),
    )
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Reads and validates every input (files, folders, `-` for standard input), resolving group
/// includes.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("khai-sinh.json"), quytrinh::EXAMPLE).unwrap();
/// std::fs::write(dir.path().join("notes.txt"), "not a procedure").unwrap();
/// let loaded = quytrinh::load::load(&[dir.path().to_path_buf()]);
/// assert!(!loaded.has_errors());
/// assert_eq!(loaded.files.len(), 1);
/// let missing = quytrinh::load::load(&[dir.path().join("nowhere.json")]);
/// assert!(missing.has_errors());
/// ```
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_within(paths, None)
}

/// [`load`], reading includes only inside `root` when one is given.
pub fn load_within(paths: &[PathBuf], root: Option<&Path>) -> Loaded {
    let mut early = Vec::new();
    let inputs = collect(paths, &mut early);
    let fs = IncludeFs {
        root: root.map(Path::to_path_buf),
    };
    load_inputs(&inputs, early, &fs)
}

/// Reads and validates `inputs` ([`collect`]'s), after the diagnostics `early` (what
/// [`collect`] found), with includes read through `fs`.
pub(crate) fn load_inputs(inputs: &[Input], early: Vec<Diagnostic>, fs: &IncludeFs) -> Loaded {
    let mut loader = Loader::new(fs);
    for d in early {
        loader.push_diag(d);
    }
    for input in inputs {
        read_into(&mut loader, input);
    }
    loader.finish()
}

/// Reads the text `text` as the document `name` (a procedure or a group; includes are read
/// from the file system through [`IncludeFs`], relative to the current folder).
pub fn load_str(name: &str, text: &str) -> Loaded {
    load_bytes_with(&IncludeFs::default(), name, None, text.as_bytes())
}

/// Reads one document from `reader`, named `name` in diagnostics: at most
/// [`MAX_DOCUMENT_BYTES`] (a larger input is a diagnostic, as a file would be).
///
/// ```
/// let loaded = quytrinh::load::load_reader("<stdin>", quytrinh::EXAMPLE.as_bytes());
/// assert_eq!(loaded.catalog.procedures.len(), 1);
/// let broken = quytrinh::load::load_reader("<stdin>", &b"{\"procedure\": "[..]);
/// assert!(broken.has_errors());
/// ```
pub fn load_reader(name: &str, reader: impl Read) -> Loaded {
    let fs = IncludeFs::default();
    let mut loader = Loader::new(&fs);
    add_bounded(&mut loader, name, reader, |e| {
        format!("cannot read `{name}`: {e}")
    });
    loader.finish()
}

/// Adds the document `reader` holds to `loader` as `name`: at most [`MAX_DOCUMENT_BYTES`] (a
/// larger one is a diagnostic); `failed` says why it could not be read.
fn add_bounded(
    loader: &mut Loader<'_>,
    name: &str,
    reader: impl Read,
    failed: impl FnOnce(std::io::Error) -> String,
) {
    let mut bytes = Vec::new();
    match reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes) {
        Err(e) => loader.push_diag(Diagnostic::for_file(Code::Io, name, failed(e))),
        Ok(_) if bytes.len() as u64 > MAX_DOCUMENT_BYTES => {
            loader.push_diag(too_large(name, MAX_DOCUMENT_BYTES))
        }
        Ok(_) => loader.add_bytes(name, None, &bytes),
    }
}

/// Reads `bytes` as the input `name` (a JSON document, or a `.jsonl` catalogue when the name
/// ends so), found at `path` when it is a file (includes are resolved relative to it), with
/// includes read through `fs`: a test's or a fuzz target's in-memory files, or [`IncludeFs`].
pub fn load_bytes_with(
    fs: &dyn FileSystem,
    name: &str,
    path: Option<&Path>,
    bytes: &[u8],
) -> Loaded {
    let mut loader = Loader::new(fs);
    loader.add_bytes(name, path, bytes);
    loader.finish()
}

/// Reads the record at `place` of the `.jsonl` file `path` again: the body of a procedure
/// taken while streaming, which a group needs.
pub fn reload(path: &Path, place: Place, origin: &Origin) -> Result<Procedure, Box<Diagnostic>> {
    use std::io::{Seek, SeekFrom};
    let changed = |why: String| {
        Box::new(
            Diagnostic::for_file(
                Code::Io,
                origin.file.clone(),
                format!("cannot read line {} again: {why}", origin.line),
            )
            .with_help("do not change an input file while quytrinh reads it; run again"),
        )
    };
    let mut bytes = vec![0; place.len];
    File::open(path)
        .and_then(|mut f| {
            f.seek(SeekFrom::Start(place.offset))?;
            f.read_exact(&mut bytes)
        })
        .map_err(|e| changed(io_reason(&e)))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| changed("it is not UTF-8 now".into()))?;
    ParsedRecord::parse(&origin.file, origin.line, text)
        .take_procedure()
        .ok_or_else(|| changed("it no longer holds a valid procedure".into()))
}

/// Reads one input into `loader`: a `.jsonl` file streamed, a JSON file or standard input
/// whole (bounded by [`MAX_DOCUMENT_BYTES`]); a problem becomes a diagnostic of the loader.
pub fn read_into(loader: &mut Loader<'_>, input: &Input) {
    let name = input.name();
    match input {
        Input::Stdin => add_bounded(loader, &name, std::io::stdin().lock(), |e| {
            format!("cannot read standard input: {e}")
        }),
        Input::File(path) if is_jsonl(&name) => read_jsonl(loader, &name, path),
        Input::File(path) => match crate::read::read_regular(path, MAX_DOCUMENT_BYTES) {
            Ok(bytes) => loader.add_bytes(&name, Some(path), &bytes),
            Err(ReadError::TooLarge(limit)) => loader.push_diag(too_large(&name, limit).with_help(
                "a procedure or group file is a few kilobytes; for a whole catalogue, write one document per line in a .jsonl file",
            )),
            Err(e) => loader.push_diag(Diagnostic::for_file(
                Code::Io,
                name,
                format!("cannot read `{}`: {e}", path.display()),
            )),
        },
    }
}

/// The file system as group includes see it: an include names a regular file no larger than
/// [`MAX_DOCUMENT_BYTES`], read through [`crate::read`] (a folder, a device or a pipe, which
/// could block or never end, and a larger file are refused with the reason), inside `root`
/// when one is given (the mdBook preprocessor's).
#[derive(Debug, Clone, Default)]
pub struct IncludeFs {
    /// The only folder includes are read from, when set.
    pub root: Option<PathBuf>,
}

impl FileSystem for IncludeFs {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if let Some(root) = &self.root {
            crate::read::within(root, path)?;
        }
        Ok(crate::read::read_regular(path, MAX_DOCUMENT_BYTES)?)
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

fn too_large(name: &str, limit: u64) -> Diagnostic {
    Diagnostic::for_file(
        Code::TooLarge,
        name,
        format!("the input is larger than {} MiB", limit / (1024 * 1024)),
    )
}

/// Streams a `.jsonl` catalogue: one record per line, each decoded and parsed on its own.
///
/// Lines are read in batches of about [`BATCH_BYTES`]; the records of a batch are parsed and
/// validated on all cores while the next batch is read, then added to the loader in input
/// order, so the catalogue and the diagnostics are the same as one record at a time.
fn read_jsonl(loader: &mut Loader<'_>, name: &str, path: &Path) {
    read_jsonl_with(loader, name, path, &|_| (), |_, _, _, ()| true);
}

/// Where a `.jsonl` record is in its file, to read it again ([`reload`]).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    /// The byte offset of the record's first byte.
    pub offset: u64,
    /// The record's length in bytes (without its line break).
    pub len: usize,
}

/// Streams the `.jsonl` catalogue `path` (named `name`) into `loader`, as [`read_into`] does,
/// in batches of about 8 MiB read while the batch before is parsed and validated on all cores,
/// with more work per record: `work` runs on the record just parsed, on the
/// worker thread that parsed it (it may take the procedure: [`ParsedRecord::take_procedure`]),
/// and `consume` gets its result in input order, right after the record was added to the
/// loader, with the record's place in the catalogue (for a procedure) and in the file; it
/// returns false to stop (the rest of the file is then not read: standard output was closed).
pub fn read_jsonl_with<T: Send>(
    loader: &mut Loader<'_>,
    name: &str,
    path: &Path,
    work: &(impl Fn(&mut ParsedRecord) -> T + Sync),
    mut consume: impl FnMut(&mut Loader<'_>, Option<ProcId>, Place, T) -> bool,
) {
    let file: Arc<str> = Arc::from(name);
    let handle = match crate::read::open_regular(path) {
        Ok((f, _)) => f,
        Err(e) => {
            loader.push_diag(Diagnostic::for_file(
                Code::Io,
                name,
                format!("cannot read `{}`: {e}", path.display()),
            ));
            return;
        }
    };
    loader.start_file(&file);
    let mut reader = Reader {
        inner: BufReader::with_capacity(1 << 20, handle),
        number: 0,
        pos: 0,
        any: false,
    };
    let mut error = None;
    // A pipeline of two stages: while the records of one batch are added to the loader and
    // consumed here, in input order, another thread reads the next batch and has it parsed
    // (and `work` done) on all cores by rayon.
    let mut done: Vec<(Outcome, Place, Option<T>)> = Vec::new();
    // The text of the batch before, emptied: its pages are reused rather than asked again.
    let mut spare: Vec<u8> = Vec::new();
    let mut stop = false;
    loop {
        let (next, read_error, text) = std::thread::scope(|scope| {
            let file = &file;
            let stage = (error.is_none()).then(|| {
                let reader = &mut reader;
                let mut text = std::mem::take(&mut spare);
                scope.spawn(move || {
                    text.clear();
                    text.reserve(BATCH_BYTES + (1 << 20));
                    let mut batch = Batch {
                        text,
                        items: Vec::new(),
                    };
                    let error = reader.fill(&mut batch).err();
                    let results: Vec<_> = batch
                        .items
                        .par_iter()
                        .map(|i| {
                            let mut outcome = batch.parse(i, file);
                            let done = match &mut outcome {
                                Outcome::Record(r) => Some(work(r)),
                                Outcome::Diag(_) => None,
                            };
                            (outcome, i.place(), done)
                        })
                        .collect();
                    (results, error, batch.text)
                })
            });
            for (outcome, place, result) in done.drain(..) {
                if stop {
                    break;
                }
                match (outcome, result) {
                    (Outcome::Record(r), Some(result)) => {
                        let id = loader.add_parsed(r, Some(path));
                        stop = !consume(loader, id, place, result);
                    }
                    (Outcome::Record(r), None) => {
                        loader.add_parsed(r, Some(path));
                    }
                    (Outcome::Diag(d), _) => loader.push_diag(d),
                }
            }
            stage.map_or((Vec::new(), None, Vec::new()), |s| {
                s.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
        });
        spare = text;
        error = error.or(read_error);
        if stop {
            return;
        }
        if next.is_empty() {
            break;
        }
        done = next;
    }
    if let Some(e) = error {
        loader.push_diag(Diagnostic::for_file(
            Code::Io,
            name,
            format!("cannot read `{}`: {e}", path.display()),
        ));
        return;
    }
    if !reader.any {
        loader.push_diag(
            Diagnostic::for_file(Code::Empty, file, "the file is empty").with_help(
                r#"a .jsonl catalogue holds one {"procedure": {...}} or {"group": {...}} per line"#,
            ),
        );
    }
}

/// The bytes of the records read at once (about 8 MiB, a few thousand procedures).
const BATCH_BYTES: usize = 8 << 20;

/// Lines of a `.jsonl` file, read but not parsed yet.
#[derive(Debug, Default)]
struct Batch {
    text: Vec<u8>,
    items: Vec<Item>,
}

#[derive(Debug)]
enum Item {
    /// A non-blank line: its 1-based number and its bytes in [`Batch::text`].
    Record {
        line: usize,
        start: usize,
        end: usize,
        /// Where the record starts in the file.
        offset: u64,
    },
    /// A line longer than [`MAX_RECORD_BYTES`].
    TooLong { line: usize },
}

#[derive(Debug)]
enum Outcome {
    Record(quytrinh_model::ParsedRecord),
    Diag(Diagnostic),
}

impl Item {
    fn place(&self) -> Place {
        match *self {
            Item::Record {
                start, end, offset, ..
            } => Place {
                offset,
                len: end - start,
            },
            Item::TooLong { .. } => Place { offset: 0, len: 0 },
        }
    }
}

impl Batch {
    fn parse(&self, item: &Item, file: &Arc<str>) -> Outcome {
        match *item {
            Item::TooLong { line } => Outcome::Diag(
                Diagnostic::for_file(
                    Code::TooLarge,
                    file.clone(),
                    format!("line {line} is longer than {} MiB", MAX_RECORD_BYTES / (1024 * 1024)),
                )
                .with_help("each line of a .jsonl catalogue holds one procedure or group; this one is far too long to be one"),
            ),
            Item::Record {
                line, start, end, ..
            } => {
                let bytes = self.text.get(start..end).unwrap_or_default();
                // simdutf8 checks the common valid case several times faster; std finds
                // where an invalid line goes wrong.
                let text = match simdutf8::basic::from_utf8(bytes) {
                    Ok(t) => Ok(t),
                    Err(_) => std::str::from_utf8(bytes),
                };
                match text {
                    Ok(text) => Outcome::Record(quytrinh_model::ParsedRecord::parse(file, line, text)),
                    Err(e) => Outcome::Diag(
                        Diagnostic::for_file(
                            Code::NotUtf8,
                            file.clone(),
                            format!(
                                "line {line} is not valid UTF-8 (at byte {} of the line)",
                                e.valid_up_to() + 1
                            ),
                        )
                        .with_help("save the file as UTF-8"),
                    ),
                }
            }
        }
    }
}

struct Reader {
    inner: BufReader<File>,
    /// The number of the last line read.
    number: usize,
    /// Bytes read from the file so far.
    pos: u64,
    /// Whether a non-blank line was seen.
    any: bool,
}

impl Reader {
    /// Reads lines into `batch` until it holds about [`BATCH_BYTES`] or the file ends.
    fn fill(&mut self, batch: &mut Batch) -> std::io::Result<()> {
        while batch.text.len() < BATCH_BYTES {
            let start = batch.text.len();
            let (n, overflow) =
                read_line_capped(&mut self.inner, &mut batch.text, MAX_RECORD_BYTES)?;
            if n == 0 {
                break;
            }
            let line_start = self.pos;
            self.pos += n as u64;
            self.number += 1;
            let line = self.number;
            if overflow {
                self.any = true;
                batch.items.push(Item::TooLong { line });
                continue;
            }
            let mut bytes = batch.text.get(start..).unwrap_or_default();
            let mut from = start;
            bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if line == 1
                && let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF")
            {
                bytes = rest;
                from += 3;
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                batch.text.truncate(start);
                continue;
            }
            self.any = true;
            let end = from + bytes.len();
            batch.items.push(Item::Record {
                line,
                start: from,
                end,
                offset: line_start + (from - start) as u64,
            });
        }
        Ok(())
    }
}

/// The longest line skipped to reach the next one: past it (a device such as `/dev/zero`, or
/// no line breaks at all), the rest of the file is not read.
const MAX_SKIPPED_LINE: usize = 16 * MAX_RECORD_BYTES;

/// Reads one line (with its `\n`) and appends it to `buf`, keeping at most `cap` bytes of it;
/// the rest of an over-long line is read and dropped (and what was kept is taken off again), up
/// to [`MAX_SKIPPED_LINE`] (an error past it). Returns the bytes read and whether the line
/// overflowed.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<(usize, bool)> {
    let start = buf.len();
    let mut total = 0;
    let mut overflow = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok((total, overflow));
        }
        let (used, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !overflow {
            if buf.len() - start + used > cap {
                overflow = true;
                buf.truncate(start);
            } else {
                buf.extend_from_slice(chunk.get(..used).unwrap_or_default());
            }
        }
        reader.consume(used);
        total += used;
        if done {
            return Ok((total, overflow));
        }
        if total > MAX_SKIPPED_LINE {
            return Err(std::io::Error::other(format!(
                "a line is longer than {} MiB; the rest of the file is not read",
                MAX_SKIPPED_LINE / (1024 * 1024)
            )));
        }
    }
}
