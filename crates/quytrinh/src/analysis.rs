//! The analysis report as `quytrinh analyze` writes it: the JSON report of any inputs through
//! one pipeline ([`analyze_json`], built on [`StreamingAnalysis`]), and the SARIF and GitHub
//! annotations with each result at the line and column of its step ([`sarif`], [`github`]).
//!
//! [`analyze_json`] takes paths, as the command does. A `.jsonl` catalogue among them may be
//! too large to hold: each of its procedures is parsed and analysed on all cores and written
//! in input order, then let go; group members are read again from their file when their group
//! needs them. Other inputs are loaded whole and fed to the same [`StreamingAnalysis`]. The
//! first 16 MiB of the report are held back ([`JsonRun::finish`] writes them), so input
//! errors found before then leave the writer untouched.
//!
//! ```
//! use quytrinh::analysis::{JsonOptions, analyze_json};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("khai-sinh.json"), quytrinh::EXAMPLE)?;
//! let options = JsonOptions {
//!     require: Some(quytrinh::model::Level::FullOnline),
//!     ..JsonOptions::default()
//! };
//! let mut out = Vec::new();
//! let run = analyze_json(&[dir.path().to_path_buf()], Default::default(), options, &mut out)?;
//! assert!(!run.has_errors());
//! // Partly online: below the level required.
//! assert_eq!(run.below, [("1.001193".to_owned(), quytrinh::model::Level::PartialOnline)]);
//! run.finish()?;
//! let report: serde_json::Value = serde_json::from_slice(&out)?;
//! assert_eq!(report["procedures"][0]["code"], "1.001193");
//! # Ok(())
//! # }
//! ```

use std::io::{self, Read as _, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use quytrinh_analyze::annotate::Places;
use quytrinh_analyze::{Config, Level, Report};
use quytrinh_model::{
    Catalog, Code, Diagnostic, Document, Group, Lang, Loader, Origin, Positions, ProcId, Procedure,
    is_jsonl,
};

use crate::load::{self, IncludeFs, Input, Place};

pub use quytrinh_analyze::{Analyser, Finished, Membership, ProcedureEntry, StreamingAnalysis};

/// What [`analyze_json`] writes besides the configuration's choices.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonOptions {
    /// Only the first N re-engineering targets (all without it).
    pub top: Option<usize>,
    /// Note the procedures and groups below this level ([`JsonRun::below`]): a gate such as
    /// `--require`.
    pub require: Option<Level>,
}

/// What [`analyze_json`] did: the diagnostics of the inputs, the procedures below the level
/// required, and the report's held-back start, written by [`JsonRun::finish`].
#[derive(Debug)]
pub struct JsonRun<W: Write> {
    /// Every diagnostic of the inputs, in the loader's order.
    pub diagnostics: Vec<Diagnostic>,
    /// The procedures and groups below [`JsonOptions::require`] (code and level), procedures
    /// first, in catalogue order; empty when the input has errors.
    pub below: Vec<(String, Level)>,
    /// The report, whole but for what is held back; `None` when the input has errors.
    out: Option<Held<W>>,
    /// Whether part of the report already went to the writer.
    streamed: bool,
}

impl<W: Write> JsonRun<W> {
    /// Whether a diagnostic is an error: the report is then not complete and
    /// [`JsonRun::finish`] writes nothing.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether part of the report was already written (it grew past what is held back): with
    /// input errors, the writer then holds an incomplete report.
    pub fn streamed(&self) -> bool {
        self.streamed
    }

    /// Writes what is held back of the report (all of it when it stayed small) and flushes;
    /// nothing when the input has errors.
    pub fn finish(self) -> io::Result<()> {
        match self.out {
            Some(out) => out.finish(),
            None => Ok(()),
        }
    }
}

/// The JSON report of the inputs `paths` (files, folders, `-` for standard input), as
/// `quytrinh analyze --format json` writes it, through one pipeline whatever their size (see
/// the [module](self) documentation). An error is a failure to write to `out`; problems in
/// the inputs are [`JsonRun::diagnostics`].
pub fn analyze_json<W: Write>(
    paths: &[PathBuf],
    config: Config,
    options: JsonOptions,
    out: W,
) -> io::Result<JsonRun<W>> {
    let mut early = Vec::new();
    let inputs = load::collect(paths, &mut early);
    let analysis = StreamingAnalysis::start(Held::new(out), config)?.require(options.require);
    if inputs.iter().any(is_jsonl_file) {
        return stream(&inputs, early, analysis, options.top);
    }
    // Loaded whole first, so each group member is known before it is written.
    let loaded = load::load_inputs(&inputs, early, &IncludeFs::default());
    complete(analysis, loaded.diagnostics, &loaded.catalog, options.top)
}

/// Writes what is left of the report ([`StreamingAnalysis::finish`]) unless `diagnostics`
/// has an error.
fn complete<W: Write>(
    analysis: StreamingAnalysis<Held<W>>,
    diagnostics: Vec<Diagnostic>,
    catalog: &Catalog,
    top: Option<usize>,
) -> io::Result<JsonRun<W>> {
    let streamed = analysis.writer().streaming();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(JsonRun {
            diagnostics,
            below: Vec::new(),
            out: None,
            streamed,
        });
    }
    let done = analysis.finish(catalog, top)?;
    Ok(JsonRun {
        streamed: done.out.streaming(),
        diagnostics,
        below: done.below,
        out: Some(done.out),
    })
}

/// Whether `input` is a `.jsonl` catalogue (named, or found in a folder).
fn is_jsonl_file(input: &Input) -> bool {
    matches!(input, Input::File(_)) && is_jsonl(&input.name())
}

/// [`analyze_json`] of inputs with a `.jsonl` catalogue: each procedure is analysed and
/// written as it is read (on all cores, in input order), so a catalogue of any size is never
/// held whole; only group members are kept (read again from their file when a group includes
/// them) and, per blocker, what the targets need. Past an input error nothing more is
/// written: the rest is only checked.
fn stream<W: Write>(
    inputs: &[Input],
    early: Vec<Diagnostic>,
    analysis: StreamingAnalysis<Held<W>>,
    top: Option<usize>,
) -> io::Result<JsonRun<W>> {
    let fs = IncludeFs::default();
    let mut loader = Loader::new(&fs);
    for d in early {
        loader.push_diag(d);
    }
    let mut run = Stream {
        // Which streamed procedures are group members, known before any is written (rules
        // v2: a member is reported once, judged as a member).
        hints: MemberHints::scan(inputs),
        failed: AtomicBool::new(loader.has_errors()),
        analysis,
        places: Vec::new(),
        written: 0,
    };
    for (n, input) in inputs.iter().enumerate() {
        match input {
            Input::File(path) if is_jsonl_file(input) => run.jsonl(&mut loader, n, path)?,
            _ => load::read_into(&mut loader, input),
        }
        if loader.has_errors() {
            run.failed.store(true, Ordering::Relaxed);
        }
        // Procedures of JSON files and standard input, kept whole.
        let file = match input {
            Input::File(path) => std::fs::canonicalize(path).ok(),
            Input::Stdin => None,
        };
        run.whole_procedures(&loader, file.as_deref())?;
    }
    // The group members let go while streaming, read again on all cores.
    let members = loader.taken_group_members();
    let bodies: Vec<_> = {
        use rayon::prelude::*;
        members
            .par_iter()
            .map(|(id, origin)| (*id, reload(inputs, &run.places, *id, origin)))
            .collect()
    };
    for (id, body) in bodies {
        if let Ok(p) = body {
            loader.restore(id, p);
        }
    }
    let loaded = loader.finish_with(&mut |id, origin| reload(inputs, &run.places, id, origin));
    // Members that were not inputs themselves (inline, or included by path) come last,
    // judged as members.
    let run = complete(run.analysis, loaded.diagnostics, &loaded.catalog, top);
    // The group members (thousands of procedures on a large catalogue) freed on another
    // thread, or not at all when the process ends first.
    let catalog = loaded.catalog;
    rayon::spawn(move || drop(catalog));
    run
}

/// The state of a streamed [`analyze_json`].
struct Stream<W: Write> {
    hints: MemberHints,
    analysis: StreamingAnalysis<Held<W>>,
    /// Where each taken procedure was read, by catalogue place: (input, place in the file).
    places: Vec<Option<(usize, Place)>>,
    /// An input error was found: no report is written past it (shared with the workers).
    failed: AtomicBool,
    /// The catalogue places handed to the analysis so far.
    written: usize,
}

impl<W: Write> Stream<W> {
    /// Streams the `.jsonl` input `n` at `path`: each record parsed and its procedure analysed
    /// on the worker that parsed it, then written in input order.
    fn jsonl(&mut self, loader: &mut Loader<'_>, n: usize, path: &Path) -> io::Result<()> {
        let (hints, failed) = (&self.hints, &self.failed);
        let (analysis, places, written) = (&mut self.analysis, &mut self.places, &mut self.written);
        let analyser = analysis.analyser();
        let mut broken = None;
        load::read_jsonl_with(
            loader,
            &path.display().to_string(),
            path,
            &|record| {
                let origin = record.procedure().map(|(_, o)| o.clone())?;
                // The step graph validation built: not built again for the analysis.
                let graph = record.take_graph();
                let p = record.take_procedure()?;
                // Past an error no report is written: the rest is only checked.
                if failed.load(Ordering::Relaxed) {
                    return None;
                }
                let membership = hints.of(None, &p);
                let entry = analyser.analyse_in(&p, graph.as_ref(), &origin, &membership);
                Some((p.code.clone(), entry))
            },
            |loader, id, place, done| {
                if loader.has_errors() {
                    failed.store(true, Ordering::Relaxed);
                }
                let Some(id) = id else {
                    return true;
                };
                if let Some(slot) = grow(places, id) {
                    *slot = Some((n, place));
                }
                *written = id.0 + 1;
                let Some((code, entry)) = done else {
                    return true;
                };
                if let Err(e) = write(analysis, failed, id, entry, &code) {
                    broken = Some(e);
                    return false;
                }
                true
            },
        );
        broken.map_or(Ok(()), Err)
    }

    /// Analyses and writes the procedures the loader holds whole (of a JSON file, read from
    /// `file`, or of standard input) that are not written yet.
    fn whole_procedures(&mut self, loader: &Loader<'_>, file: Option<&Path>) -> io::Result<()> {
        while self.written < loader.procedure_count() {
            let id = ProcId(self.written);
            self.written += 1;
            if let Some(l) = loader.procedure(id) {
                let membership = self.hints.of(file, &l.procedure);
                let entry = self.analysis.analyse(&l.procedure, &l.origin, &membership);
                write(
                    &mut self.analysis,
                    &self.failed,
                    id,
                    entry,
                    &l.procedure.code,
                )?;
            }
        }
        Ok(())
    }
}

/// Reads again a procedure taken while streaming, which a group includes: it was read from
/// `inputs` at its catalogue place in `places`.
fn reload(
    inputs: &[Input],
    places: &[Option<(usize, Place)>],
    id: ProcId,
    origin: &Origin,
) -> Result<Procedure, Box<Diagnostic>> {
    match places.get(id.0).copied().flatten() {
        Some((n, place)) => match inputs.get(n) {
            Some(Input::File(path)) => load::reload(path, place, origin),
            _ => Err(not_kept(origin)),
        },
        None => Err(not_kept(origin)),
    }
}

/// Writes one procedure's entry, unless the input has errors.
fn write<W: Write>(
    analysis: &mut StreamingAnalysis<Held<W>>,
    failed: &AtomicBool,
    id: ProcId,
    entry: io::Result<ProcedureEntry>,
    code: &str,
) -> io::Result<()> {
    let entry = entry?;
    if !failed.load(Ordering::Relaxed) {
        analysis.write(id, code, entry)?;
    }
    Ok(())
}

/// The slot of `id` in `places`, grown to hold it.
fn grow<T>(places: &mut Vec<Option<T>>, id: ProcId) -> Option<&mut Option<T>> {
    if places.len() <= id.0 {
        places.resize_with(id.0 + 1, || None);
    }
    places.get_mut(id.0)
}

fn not_kept(origin: &Origin) -> Box<Diagnostic> {
    Box::new(Diagnostic::for_file(
        Code::Io,
        origin.file.clone(),
        format!(
            "the procedure at line {} was not kept for its group (an internal error: please report it)",
            origin.line
        ),
    ))
}

/// The groups among the inputs, read ahead of the streamed analysis: which files (included by
/// path) and which codes (included by code) they take as members, and which of their members
/// pass their result on through a link.
#[derive(Debug, Default)]
struct MemberHints {
    by_path: std::collections::BTreeMap<PathBuf, usize>,
    by_code: std::collections::BTreeMap<String, usize>,
    /// Per group: its code and the codes its links leave from.
    groups: Vec<(String, Vec<String>)>,
}

impl MemberHints {
    /// Reads the group documents of every input file (a `.jsonl` line is parsed only when it
    /// names a group); the first group that has a member wins, as in the catalogue. Files are
    /// opened through the input layer (a device or a FIFO is skipped here, and reported by
    /// the loader).
    fn scan(inputs: &[Input]) -> MemberHints {
        let mut hints = MemberHints::default();
        for input in inputs {
            let Input::File(path) = input else {
                continue;
            };
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let Ok((file, _)) = crate::read::open_regular(path) else {
                continue;
            };
            if is_jsonl(&input.name()) {
                let len = file.metadata().map_or(0, |m| m.len());
                // Large files are read in parts, one per thread; the groups are then taken in
                // file order.
                let parts = if len < SCAN_PART_MIN {
                    1
                } else {
                    (len / SCAN_PART_MIN).min(rayon::current_num_threads() as u64)
                };
                // (The file was found regular just above.)
                let open = || std::fs::File::open(path);
                let groups = group_lines_in_parts(
                    &open,
                    len,
                    parts,
                    SCAN_CHUNK,
                    load::MAX_RECORD_BYTES,
                    &parse_group,
                );
                for g in groups {
                    hints.add(&dir, g);
                }
            } else {
                let mut text = String::new();
                let mut bounded = io::BufReader::new(file).take(load::MAX_DOCUMENT_BYTES);
                if bounded.read_to_string(&mut text).is_ok()
                    && text.contains("\"group\"")
                    && let Some(g) = parse_group(&text)
                {
                    hints.add(&dir, g);
                }
            }
        }
        hints
    }

    fn add(&mut self, dir: &Path, g: Group) {
        let index = self.groups.len();
        for m in &g.procedures {
            let Some(include) = &m.include else { continue };
            match std::fs::canonicalize(dir.join(include)) {
                Ok(path) if path.is_file() => {
                    self.by_path.entry(path).or_insert(index);
                }
                _ => {
                    self.by_code.entry(include.clone()).or_insert(index);
                }
            }
        }
        let from = g.links.iter().map(|l| l.from.clone()).collect();
        self.groups.push((g.code, from));
    }

    /// How the procedure `p` read from `file` (its canonical path, for a whole-file input) is
    /// judged.
    fn of(&self, file: Option<&Path>, p: &Procedure) -> Membership {
        let group = file
            .and_then(|f| self.by_path.get(f))
            .or_else(|| self.by_code.get(&p.code));
        match group.and_then(|&i| self.groups.get(i)) {
            Some((code, from)) => Membership {
                group: Some(code.clone()),
                links_out: from.contains(&p.code),
            },
            None => Membership::default(),
        }
    }
}

/// The group of a document's text (a `.jsonl` line or a whole file), if it is one.
fn parse_group(text: &str) -> Option<Group> {
    // A byte-order mark, as the loader allows at the start of a file.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Document>(text).ok()?.group
}

/// A `.jsonl` file is searched in parts (one per thread) from this size on.
const SCAN_PART_MIN: u64 = 32 << 20;

/// Each part of the search for groups is read this many bytes at a time.
const SCAN_CHUNK: u64 = 4 << 20;

/// [`group_lines`] of a source of `len` bytes (or more) cut into `parts` at line starts, the
/// parts read at once on rayon's threads (each through its own reader from `open`): `found` of
/// each line that names a group, in file order. Only those lines are parsed, and a line longer
/// than `limit` is skipped (the loader reports it). Where the cuts cannot be found the source
/// is read as one part; a part that cannot be read is skipped (the loader reports the file).
fn group_lines_in_parts<R: io::Read + io::Seek, T: Send>(
    open: &(impl Fn() -> io::Result<R> + Sync),
    len: u64,
    parts: u64,
    chunk: u64,
    limit: usize,
    found: &(impl Fn(&str) -> Option<T> + Sync),
) -> Vec<T> {
    use rayon::prelude::*;
    let parts = parts.max(1);
    let mut bounds = vec![0];
    for k in 1..parts {
        let at = u64::try_from(u128::from(len) * u128::from(k) / u128::from(parts)).unwrap_or(len);
        match open().and_then(|mut r| line_start_from(&mut r, at)) {
            Ok(start) => bounds.push(start.max(bounds.last().copied().unwrap_or(0))),
            Err(_) => {
                bounds.truncate(1);
                break;
            }
        }
    }
    // The last part runs to the end of the file, whatever its length now.
    bounds.push(u64::MAX);
    let spans: Vec<(u64, u64)> = bounds
        .iter()
        .copied()
        .zip(bounds.iter().copied().skip(1))
        .collect();
    let lists: Vec<Vec<T>> = spans
        .par_iter()
        .map(|&(from, to)| {
            let mut list = Vec::new();
            if from < to
                && let Ok(mut r) = open()
                && r.seek(io::SeekFrom::Start(from)).is_ok()
            {
                group_lines(r.take(to - from), chunk, limit, |text| {
                    list.extend(found(text));
                });
            }
            list
        })
        .collect();
    lists.into_iter().flatten().collect()
}

/// Where the first line that starts at or after byte `at` of `r` starts (the end of `r` if
/// none does).
fn line_start_from(r: &mut (impl io::Read + io::Seek), at: u64) -> io::Result<u64> {
    use io::BufRead as _;
    if at == 0 {
        return Ok(0);
    }
    let from = r.seek(io::SeekFrom::Start(at - 1))?;
    // The bytes up to the next line break, that break included.
    let skipped = io::BufReader::with_capacity(64 << 10, r).skip_until(b'\n')?;
    Ok(from + skipped as u64)
}

/// Calls `found` with each line of `file` that holds `"group"` (without its line break), but
/// for lines longer than `limit` bytes or not UTF-8. The file is read `chunk` bytes at a time
/// and searched for `"group"` whole, not line by line: this pass comes before any procedure
/// is analysed, so nothing else runs beside it.
fn group_lines(mut file: impl io::Read, chunk: u64, limit: usize, mut found: impl FnMut(&str)) {
    let finder = memchr::memmem::Finder::new(b"\"group\"");
    // The lines read and not searched yet: the last one may be incomplete.
    let mut buf: Vec<u8> = Vec::with_capacity(usize::try_from(chunk).unwrap_or(0) * 2);
    // Within a line longer than `limit`: the rest of it is dropped.
    let mut skipping = false;
    loop {
        let Ok(n) = (&mut file).take(chunk).read_to_end(&mut buf) else {
            return;
        };
        let at_end = n == 0;
        let mut from = 0;
        if skipping {
            match memchr::memchr(b'\n', &buf) {
                Some(i) => {
                    from = i + 1;
                    skipping = false;
                }
                None => {
                    buf.clear();
                    if at_end {
                        return;
                    }
                    continue;
                }
            }
        }
        let rest = buf.get(from..).unwrap_or_default();
        // Complete lines up to `done`; at the end of the file, the last line as it is.
        let done = if at_end {
            rest.len()
        } else {
            memchr::memrchr(b'\n', rest).map_or(0, |i| i + 1)
        };
        let lines = rest.get(..done).unwrap_or_default();
        let mut at = 0;
        while let Some(hit) = lines.get(at..).and_then(|l| finder.find(l)) {
            let hit = at + hit;
            let start = lines
                .get(..hit)
                .and_then(|l| memchr::memrchr(b'\n', l))
                .map_or(0, |i| i + 1);
            let end = lines
                .get(hit..)
                .and_then(|l| memchr::memchr(b'\n', l))
                .map_or(lines.len(), |i| hit + i);
            if let Some(line) = lines.get(start..end)
                && line.len() <= limit
                && let Ok(text) = std::str::from_utf8(line)
            {
                found(text);
            }
            at = end + 1;
        }
        if at_end {
            return;
        }
        let carried = rest.len() - done;
        buf.drain(..from + done);
        if carried > limit {
            buf.clear();
            skipping = true;
        }
    }
}

/// The report's bytes are held in memory up to this size, so bad input found before then
/// leaves the writer untouched; past it they are streamed.
const HELD_OUTPUT: usize = 16 << 20;

/// A writer that holds the first [`HELD_OUTPUT`] bytes, then streams to the one it wraps.
#[derive(Debug)]
struct Held<W> {
    held: Vec<u8>,
    out: W,
    /// Whether the held bytes went to `out` (the report grew past the hold).
    streaming: bool,
}

impl<W: Write> Held<W> {
    fn new(out: W) -> Self {
        Held {
            held: Vec::new(),
            out,
            streaming: false,
        }
    }

    fn streaming(&self) -> bool {
        self.streaming
    }

    /// Writes what is held (a report that stayed small) and flushes.
    fn finish(mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.out.write_all(&held)?;
        self.out.flush()
    }
}

impl<W: Write> Write for Held<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.streaming {
            return self.out.write(buf);
        }
        if self.held.capacity() == 0 {
            // Reserved whole: growing by doubling costs page faults and copies.
            self.held.reserve_exact(HELD_OUTPUT + (1 << 20));
        }
        self.held.extend_from_slice(buf);
        if self.held.len() > HELD_OUTPUT {
            self.out.write_all(&std::mem::take(&mut self.held))?;
            self.streaming = true;
        }
        Ok(buf.len())
    }

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        if self.streaming {
            return self.out.write_vectored(bufs);
        }
        // Held whole; once the hold is passed, a short write ends the call (what was written
        // must be a prefix of the buffers).
        let mut n = 0;
        for b in bufs {
            let written = self.write(b)?;
            n += written;
            if written < b.len() {
                break;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.streaming {
            self.out.flush()
        } else {
            Ok(())
        }
    }
}

/// The places of the procedures, steps and groups in every file `report` names, for
/// [`sarif`] and [`github`]. A file that cannot be read again (standard input, a file changed
/// or removed since) has none: its results point at the record's line.
pub fn places(report: &Report) -> Places {
    let mut places = Places::new();
    let files = report
        .procedures
        .iter()
        .filter_map(|p| p.source.as_ref())
        .chain(report.groups.iter().filter_map(|g| g.source.as_ref()));
    for source in files {
        if places.contains_key(&source.file) || source.file == "<stdin>" {
            continue;
        }
        let path = Path::new(&source.file);
        let Ok(bytes) = crate::read::read_regular(path, load::MAX_DOCUMENT_BYTES) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        places.insert(source.file.clone(), Positions::of_file(&source.file, text));
    }
    places
}

/// `report` as SARIF 2.1.0 (code scanning), each blocker and finding at the line and column
/// of its step in the file it was read from.
///
/// ```
/// let loaded = quytrinh::load::load_str("khai-sinh.json", quytrinh::EXAMPLE);
/// let config = quytrinh::analyze::Config::default();
/// let report = quytrinh::analyze::analyze_catalog(&loaded.catalog, &config);
/// let sarif: serde_json::Value = serde_json::from_str(&quytrinh::analysis::sarif(&report, config.lang)).unwrap();
/// assert_eq!(sarif["version"], "2.1.0");
/// assert!(quytrinh::analysis::github(&report).starts_with("::"));
/// ```
pub fn sarif(report: &Report, lang: Lang) -> String {
    quytrinh_analyze::sarif::to_string(report, &places(report), lang)
}

/// `report` as GitHub Actions workflow commands (`::error file=…,line=…::…`), one a line,
/// each at its step.
pub fn github(report: &Report) -> String {
    quytrinh_analyze::github::commands(report, &places(report))
}

#[cfg(test)]
mod tests {
    use super::{HELD_OUTPUT, Held, group_lines, group_lines_in_parts};
    use std::io::{IoSlice, Write};

    /// A writer that takes at most three bytes a call, of the first buffer only.
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(buf.get(..n).unwrap_or_default());
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// Vectored writes that pass the hold reach a writer taking a few bytes at a time whole
    /// and in order: a short write ends the call, as `write_vectored` must.
    #[test]
    fn held_output_survives_short_vectored_writes() {
        let mut held = Held::new(Trickle(Vec::new()));
        let before = vec![b'.'; HELD_OUTPUT - 2];
        held.write_all(&before).unwrap();
        let parts = [&b"abcdef"[..], b"ghijkl", b"mnopqr"];
        let mut slices: Vec<IoSlice<'_>> = parts.iter().map(|p| IoSlice::new(p)).collect();
        let mut slices = &mut slices[..];
        while !slices.is_empty() {
            let n = held.write_vectored(slices).unwrap();
            assert!(n > 0);
            IoSlice::advance_slices(&mut slices, n);
        }
        assert!(held.streaming());
        let mut want = before;
        want.extend_from_slice(b"abcdefghijklmnopqr");
        // (Not assert_eq!: 16 MiB.)
        let got = &held.out.0;
        assert!(
            *got == want,
            "{:?}",
            String::from_utf8_lossy(&got[got.len().saturating_sub(24)..])
        );
    }

    /// The lines [`group_lines`] should find, line by line.
    fn expected(text: &[u8], limit: usize) -> Vec<String> {
        let mut lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
        if text.ends_with(b"\n") {
            lines.pop();
        }
        lines
            .into_iter()
            .filter(|l| l.len() <= limit && l.windows(7).any(|w| w == b"\"group\""))
            .filter_map(|l| std::str::from_utf8(l).ok().map(str::to_owned))
            .collect()
    }

    /// Whatever the chunk size, the lines that name a group are found whole: at the start and
    /// end of the file, across chunk boundaries, after an over-long line, with `\r\n`, without
    /// a final line break, and not when over-long or not UTF-8.
    #[test]
    fn group_lines_are_found_across_chunks() {
        let limit = 40;
        let long = format!("{{\"group\": \"{}\"}}", "x".repeat(60));
        let lines: Vec<Vec<u8>> = vec![
            br#"{"group": {"code": "G1"}}"#.to_vec(),
            br#"{"procedure": {"code": "1"}}"#.to_vec(),
            long.clone().into_bytes(),
            br#"{"group": "after long"}"#.to_vec(),
            b"".to_vec(),
            br#"{"group": "crlf"}"#.to_vec().into_iter().chain(*b"\r").collect(),
            "{\"group\": \"Nhóm thủ tục\"}".as_bytes().to_vec(),
            b"{\"group\": \"\xff\"}".to_vec(),
            br#"{"a": "group"} "group" "group""#.to_vec(),
            long.into_bytes(),
            br#"{"procedure": 1}"#.to_vec(),
            br#"{"group": "last"}"#.to_vec(),
        ];
        for ending in [&b""[..], b"\n"] {
            let mut text = lines.join(&b'\n');
            text.extend_from_slice(ending);
            let want = expected(&text, limit);
            assert!(want.len() >= 5, "{want:?}");
            for chunk in 1..=80 {
                let mut got = Vec::new();
                group_lines(&text[..], chunk, limit, |t| got.push(t.to_owned()));
                assert_eq!(got, want, "chunk {chunk}, ending {ending:?}");
            }
            // Cut into parts at line starts: the same lines, in file order, whatever the
            // number of parts (more parts than lines, too).
            let open = || Ok(std::io::Cursor::new(&text[..]));
            let len = text.len() as u64;
            for parts in 1..=20 {
                for chunk in [1, 7, 64] {
                    let got = group_lines_in_parts(&open, len, parts, chunk, limit, &|t| {
                        Some(t.to_owned())
                    });
                    assert_eq!(got, want, "{parts} parts, chunk {chunk}, ending {ending:?}");
                }
            }
            // A cut that cannot be found (the first open fails): read as one part.
            let opened = std::sync::atomic::AtomicUsize::new(0);
            let flaky = || match opened.fetch_add(1, std::sync::atomic::Ordering::Relaxed) {
                0 => Err(std::io::Error::other("busy")),
                _ => Ok(std::io::Cursor::new(&text[..])),
            };
            let got = group_lines_in_parts(&flaky, len, 3, 7, limit, &|t| Some(t.to_owned()));
            assert_eq!(got, want, "a cut not found, ending {ending:?}");
        }
    }
}
