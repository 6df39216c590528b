//! Loading many inputs into one [`Catalog`]: files, `.jsonl` records, groups and their includes.
//!
//! The loader does no I/O of its own: the caller hands it the bytes of each input, and a
//! [`FileSystem`] answers the reads that group `include`s need. So the model stays pure and is
//! tested on in-memory files.

use foldhash::{HashMap, HashMapExt as _, HashSet, HashSetExt as _};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, Source, closest};
use crate::graph::StepGraph;
use crate::locate::JsonPath;
use crate::parse::parse_document;
use crate::types::{Document, Group, Link, Procedure};
use crate::validate::{self, Issues};

/// Answers the reads of group `include`s.
pub trait FileSystem {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// A canonical form of `path`, so a file reached twice is loaded once.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

/// A procedure in the catalogue, by its position in [`Catalog::procedures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProcId(pub usize);

/// Where an item was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as the user named it (`<stdin>` for standard input).
    pub file: Arc<str>,
    /// 1-based line where the item starts (the record's line in a `.jsonl`, else 1).
    pub line: usize,
}

/// A procedure of the catalogue, with where it was read from.
#[derive(Debug, Clone)]
pub struct LoadedProcedure {
    /// The procedure as written (only its code when the caller took its body, see
    /// [`Catalog::taken`]).
    pub procedure: Procedure,
    /// Where it was read from.
    pub origin: Origin,
    /// Named as an input itself (not only reached as a member of a group).
    pub standalone: bool,
}

/// A group (liên thông) of the catalogue, its members resolved.
#[derive(Debug, Clone)]
pub struct LoadedGroup {
    /// The group as written, except that `procedures` is emptied: its members are in `members`.
    pub group: Group,
    /// The member procedures, in the order listed (includes of groups flattened).
    pub members: Vec<ProcId>,
    /// The links, including those of included groups.
    pub links: Vec<Link>,
    /// Where it was read from.
    pub origin: Origin,
}

/// Everything loaded from the inputs, in input order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Every procedure, standalone or a group's member, each once.
    pub procedures: Vec<LoadedProcedure>,
    /// Every group.
    pub groups: Vec<LoadedGroup>,
    /// Procedures whose body the caller took while loading ([`ParsedRecord::take_procedure`])
    /// and no group needed: the catalogue holds only their code. Empty unless asked for.
    pub taken: Vec<ProcId>,
}

impl Catalog {
    /// The procedure `id`, if the catalogue has it.
    pub fn procedure(&self, id: ProcId) -> Option<&LoadedProcedure> {
        self.procedures.get(id.0)
    }

    /// The member procedures of a group.
    pub fn members<'a>(&'a self, g: &'a LoadedGroup) -> impl Iterator<Item = &'a Procedure> + 'a {
        g.members
            .iter()
            .filter_map(|&id| self.procedure(id))
            .map(|l| &l.procedure)
    }
}

/// What one input file held, for a one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSummary {
    /// The file as the user named it.
    pub file: Arc<str>,
    /// How many valid procedures it held (documents or `.jsonl` records; not a group's members).
    pub procedures: usize,
    /// How many valid groups it held.
    pub groups: usize,
    /// How many steps those procedures have in all.
    pub steps: usize,
}

#[derive(Debug)]
struct PendingGroup {
    group: Group,
    source: Source,
    dir: PathBuf,
    /// Canonical path of the group's file, when it has one (for include cycles).
    canonical: Option<PathBuf>,
    line: usize,
}

/// Gives back the body of a taken procedure ([`Loader::finish_with`]): from its place in the
/// catalogue and where it was read, or why it cannot.
pub type Reload<'a> = dyn FnMut(ProcId, &Origin) -> Result<Procedure, Box<Diagnostic>> + 'a;

/// Loads inputs one by one, then resolves the groups in [`Loader::finish`].
pub struct Loader<'fs> {
    fs: &'fs dyn FileSystem,
    /// The last path canonicalized for a `.jsonl` record and its canonical form: every
    /// record of a file shares it, so it is asked of the file system once per file.
    record_path: Option<(PathBuf, Option<PathBuf>)>,
    catalog: Catalog,
    pending: Vec<PendingGroup>,
    diagnostics: Vec<Diagnostic>,
    files: Vec<FileSummary>,
    by_path: HashMap<PathBuf, ProcId>,
    failed_paths: HashSet<PathBuf>,
    /// Included groups already resolved, by canonical path: their members and links, or
    /// `None` when they failed (and were reported).
    groups_by_path: HashMap<PathBuf, Option<Resolved>>,
    /// How many files includes read (each at most once).
    files_read: usize,
    /// Included paths that could not be read, and why (each is tried once).
    unreadable: HashMap<PathBuf, String>,
    /// How many missing includes were given a "did you mean" (see [`MAX_INCLUDE_SUGGESTIONS`]).
    suggestions: usize,
    /// Procedures whose body the caller took ([`ParsedRecord::take_procedure`]): the catalogue
    /// holds only their code until a group needs them ([`Loader::finish_with`]).
    taken: HashSet<ProcId>,
}

/// The most missing includes for which the closest procedure code is looked for.
const MAX_INCLUDE_SUGGESTIONS: usize = 100;

impl std::fmt::Debug for Loader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loader")
            .field("files", &self.files)
            .finish_non_exhaustive()
    }
}

/// The outcome of loading: the catalogue, every diagnostic, and a summary per input file.
#[derive(Debug)]
pub struct Loaded {
    /// What was loaded (only what passed validation).
    pub catalog: Catalog,
    /// Every problem found, errors and warnings, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// One summary per input file, in input order.
    pub files: Vec<FileSummary>,
    /// How many files group includes read (each file at most once per load).
    pub include_reads: usize,
}

impl Loaded {
    /// Whether any diagnostic is an error (the inputs are not all usable).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Is this a `.jsonl` catalogue (one document per line) rather than one JSON document?
pub fn is_jsonl(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".jsonl")
}

impl<'fs> Loader<'fs> {
    /// A loader that reads group includes through `fs`.
    pub fn new(fs: &'fs dyn FileSystem) -> Self {
        Loader {
            fs,
            record_path: None,
            catalog: Catalog::default(),
            pending: Vec::new(),
            diagnostics: Vec::new(),
            files: Vec::new(),
            by_path: HashMap::new(),
            failed_paths: HashSet::new(),
            groups_by_path: HashMap::new(),
            files_read: 0,
            unreadable: HashMap::new(),
            suggestions: 0,
            taken: HashSet::new(),
        }
    }

    /// Adds one input file from its bytes. `name` is shown to the user; `path` (absent for
    /// stdin) anchors relative includes. `.jsonl` names are read one document per line.
    pub fn add_bytes(&mut self, name: &str, path: Option<&Path>, bytes: &[u8]) {
        let name: Arc<str> = Arc::from(name);
        self.files.push(FileSummary {
            file: name.clone(),
            ..FileSummary::default()
        });
        let Some(text) = self.decode(&name, bytes) else {
            self.mark_failed(path);
            return;
        };
        if is_jsonl(&name) {
            let mut any = false;
            for (i, line) in text.split('\n').enumerate() {
                if !line.trim().is_empty() {
                    any = true;
                    self.add_record(&name, path, i + 1, line.trim_end_matches('\r'));
                }
            }
            if !any {
                self.push_diag(empty_file(&name));
            }
        } else {
            let before = self.diagnostics.len();
            self.add_document(Source::new(name.clone(), text), path);
            if self.diagnostics.len() > before {
                self.mark_failed(path);
            }
        }
    }

    /// Adds one line of a `.jsonl` catalogue (for callers that stream large files). `line` is
    /// 1-based. Call [`Loader::start_file`] first for the file's summary line.
    pub fn add_record(&mut self, file: &Arc<str>, path: Option<&Path>, line: usize, text: &str) {
        self.add_parsed(ParsedRecord::parse(file, line, text), path);
    }

    /// Adds a record parsed by [`ParsedRecord::parse`] (possibly on another thread). Give the
    /// records in input order, so the catalogue and the diagnostics keep that order. Returns
    /// the procedure's place in the catalogue, for a procedure record.
    ///
    /// A record whose procedure was taken ([`ParsedRecord::take_procedure`]) leaves only its
    /// code in the catalogue; [`Loader::finish_with`] asks for the body again if a group
    /// includes it.
    pub fn add_parsed(&mut self, record: ParsedRecord, path: Option<&Path>) -> Option<ProcId> {
        match record.0 {
            Parsed::Failed(diagnostics) => {
                self.diagnostics.extend(diagnostics);
                None
            }
            Parsed::Procedure {
                procedure,
                origin,
                taken,
                steps,
                warnings,
                ..
            } => {
                self.diagnostics.extend(warnings);
                let id = self.push_procedure(*procedure, origin, true);
                if taken {
                    self.taken.insert(id);
                }
                if let Some(c) = self.record_canonical(path) {
                    self.by_path.entry(c).or_insert(id);
                }
                self.count_procedure(steps);
                Some(id)
            }
            Parsed::Group {
                group,
                source,
                warnings,
            } => {
                self.diagnostics.extend(warnings);
                let canonical = self.record_canonical(path);
                self.push_group(*group, source, path, canonical);
                None
            }
        }
    }

    /// The canonical form of the path of a `.jsonl` record, asked once per file.
    fn record_canonical(&mut self, path: Option<&Path>) -> Option<PathBuf> {
        let path = path?;
        match &self.record_path {
            Some((p, c)) if p == path => c.clone(),
            _ => {
                let c = self.fs.canonicalize(path).ok();
                self.record_path = Some((path.to_path_buf(), c.clone()));
                c
            }
        }
    }

    /// Starts the summary of a file whose records are then given by [`Loader::add_record`].
    pub fn start_file(&mut self, file: &Arc<str>) {
        self.files.push(FileSummary {
            file: file.clone(),
            ..FileSummary::default()
        });
    }

    /// Whether an error was reported so far.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// How many procedures the catalogue holds so far (group members come at
    /// [`Loader::finish`]).
    pub fn procedure_count(&self) -> usize {
        self.catalog.procedures.len()
    }

    /// A procedure loaded so far (its code only, if it was taken).
    pub fn procedure(&self, id: ProcId) -> Option<&LoadedProcedure> {
        self.catalog.procedure(id)
    }

    /// Records a problem found by the caller (an unreadable path, a file too large).
    pub fn push_diag(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn mark_failed(&mut self, path: Option<&Path>) {
        if let Some(c) = path.and_then(|p| self.fs.canonicalize(p).ok()) {
            self.failed_paths.insert(c);
        }
    }

    fn decode<'b>(&mut self, name: &Arc<str>, bytes: &'b [u8]) -> Option<&'b str> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(t) => Some(t),
            Err(e) => {
                let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
                let prefix = String::from_utf8_lossy(valid);
                let source = Source::new(name.clone(), prefix.as_ref());
                let at = source.text.len();
                self.diagnostics.push(
                    Diagnostic::at(Code::NotUtf8, &source, at, at, "the file is not valid UTF-8")
                        .with_help("save the file as UTF-8 (Vietnamese text in another encoding, such as TCVN3 or Windows-1258, must be converted)")
                        .with_label("the first invalid byte is here"),
                );
                None
            }
        }
    }

    fn add_document(&mut self, source: Source, path: Option<&Path>) {
        if !looks_like_a_document(&source.text) {
            // Not quoted: a file that is not JSON at all may be anything (a password file).
            self.diagnostics.push(
                Diagnostic::for_file(
                    Code::Shape,
                    source.name.clone(),
                    "the file is not a procedure or group document (it does not start with `{`)",
                )
                .with_help(r#"a procedure file holds one JSON object: {"procedure": {...}} or {"group": {...}}"#),
            );
            return;
        }
        let doc = match parse_document(&source) {
            Ok(d) => d,
            Err(d) => {
                self.diagnostics.extend(d);
                return;
            }
        };
        // Warnings only about files that are otherwise valid: an error comes first.
        let hints = crate::hints::left_out_defaults(&source, &doc);
        let line = source.first_line + 1;
        let origin = Origin {
            file: source.name.clone(),
            line,
        };
        if let Some(p) = doc.procedure {
            if !self.accept(procedure_issues(&p), &source, None, hints) {
                return;
            }
            let steps = p.steps.len();
            let id = self.push_procedure(p, origin, true);
            if let Some(c) = path.and_then(|p| self.fs.canonicalize(p).ok()) {
                self.by_path.entry(c).or_insert(id);
            }
            self.count_procedure(steps);
        } else if let Some(g) = doc.group {
            if !self.accept(group_issues(&g), &source, None, hints) {
                return;
            }
            let canonical = path.and_then(|p| self.fs.canonicalize(p).ok());
            self.push_group(g, source, path, canonical);
        }
    }

    /// Counts a procedure of `steps` steps in the summary of the file being read.
    fn count_procedure(&mut self, steps: usize) {
        if let Some(f) = self.files.last_mut() {
            f.procedures += 1;
            f.steps += steps;
        }
    }

    /// Counts a group of the file at `path` (canonically `canonical`) in the file's summary
    /// and keeps it for [`Loader::finish`], which reads its includes from the file's folder.
    fn push_group(
        &mut self,
        group: Group,
        source: Source,
        path: Option<&Path>,
        canonical: Option<PathBuf>,
    ) {
        if let Some(f) = self.files.last_mut() {
            f.groups += 1;
        }
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let line = source.first_line + 1;
        self.pending.push(PendingGroup {
            group,
            source,
            dir,
            canonical,
            line,
        });
    }

    fn push_procedure(&mut self, procedure: Procedure, origin: Origin, standalone: bool) -> ProcId {
        let id = ProcId(self.catalog.procedures.len());
        self.catalog.procedures.push(LoadedProcedure {
            procedure,
            origin,
            standalone,
        });
        id
    }

    /// Resolves every group's members and links, and returns all that was loaded.
    pub fn finish(self) -> Loaded {
        self.finish_with(&mut |_, origin| {
            Err(Box::new(Diagnostic::for_file(
                Code::Io,
                origin.file.clone(),
                format!(
                    "the procedure at line {} is needed by a group but was not kept",
                    origin.line
                ),
            )))
        })
    }

    /// [`Loader::finish`] for a loader given taken procedures: `reload` gives back the body of
    /// a taken procedure that a group includes (from its place in the catalogue and where it
    /// was read), which then stays in the catalogue. The other taken procedures keep only
    /// their code: [`Catalog::taken`] lists them.
    pub fn finish_with(mut self, reload: &mut Reload<'_>) -> Loaded {
        let codes = self.standalone_codes();
        for pending in std::mem::take(&mut self.pending) {
            self.resolve_group(pending, &codes, reload);
        }
        let mut taken: Vec<ProcId> = std::mem::take(&mut self.taken).into_iter().collect();
        taken.sort_unstable();
        self.catalog.taken = taken;
        Loaded {
            catalog: self.catalog,
            diagnostics: self.diagnostics,
            files: self.files,
            include_reads: self.files_read,
        }
    }

    fn resolve_group(
        &mut self,
        pending: PendingGroup,
        codes: &HashMap<String, ProcId>,
        reload: &mut Reload<'_>,
    ) {
        let PendingGroup {
            mut group,
            source,
            dir,
            canonical,
            line,
        } = pending;
        let at = JsonPath::root().key("group");
        let stack: Vec<(PathBuf, String)> = canonical
            .into_iter()
            .map(|c| (c, source.name.to_string()))
            .collect();
        let mut members: Vec<(usize, ProcId)> = Vec::new();
        let mut included: HashSet<ProcId> = HashSet::new();
        let mut links = std::mem::take(&mut group.links);
        let mut ok = true;
        let mut issues = Issues::default();
        for (i, member) in std::mem::take(&mut group.procedures)
            .into_iter()
            .enumerate()
        {
            let mp = at.key("procedures").index(i);
            if let Some(p) = member.procedure {
                let origin = Origin {
                    file: source.name.clone(),
                    line,
                };
                members.push((i, self.push_procedure(p, origin, false)));
            } else if let Some(include) = member.include {
                match self.include(&dir, &source.name, &include, &stack, codes) {
                    Ok((ids, more_links)) => {
                        // A procedure reached by two includes is a member once.
                        for id in ids {
                            if included.insert(id) {
                                members.push((i, id));
                            }
                        }
                        for l in more_links {
                            if !links.contains(&l) {
                                links.push(l);
                            }
                        }
                    }
                    Err(e) => {
                        ok = false;
                        e.record(&mut issues, mp.key("include"), &include);
                    }
                }
            }
        }
        group.links = links;
        for &(_, id) in &members {
            if ok && self.taken.contains(&id) {
                ok = self.reload(id, reload);
            }
        }
        if ok {
            let procs: Vec<(usize, &Procedure)> = members
                .iter()
                .filter_map(|&(i, id)| self.catalog.procedure(id).map(|p| (i, &p.procedure)))
                .collect();
            validate::group_links(&group, &procs, &at, &mut issues);
        }
        let links = std::mem::take(&mut group.links);
        if !issues.is_empty() {
            self.diagnostics.extend(issues.into_diagnostics(&source));
            return;
        }
        if !ok {
            return;
        }
        self.catalog.groups.push(LoadedGroup {
            group,
            members: members.into_iter().map(|(_, id)| id).collect(),
            links,
            origin: Origin {
                file: source.name.clone(),
                line,
            },
        });
    }

    /// The procedure each code names in an `include`: the first input procedure with it.
    fn standalone_codes(&self) -> HashMap<String, ProcId> {
        self.catalog
            .procedures
            .iter()
            .enumerate()
            .filter(|(_, p)| p.standalone)
            .map(|(i, p)| (p.procedure.code.clone(), ProcId(i)))
            .rev()
            .collect()
    }

    /// The taken procedures that the groups read so far include by code: those
    /// [`Loader::finish_with`] would ask for again, one by one. A caller may read them
    /// beforehand (in parallel) and give them back with [`Loader::restore`].
    pub fn taken_group_members(&self) -> Vec<(ProcId, Origin)> {
        if self.taken.is_empty() {
            return Vec::new();
        }
        let codes = self.standalone_codes();
        let mut ids: Vec<ProcId> = self
            .pending
            .iter()
            .flat_map(|g| &g.group.procedures)
            .filter_map(|m| codes.get(m.include.as_deref()?).copied())
            .filter(|id| self.taken.contains(id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .filter_map(|id| Some((id, self.catalog.procedure(id)?.origin.clone())))
            .collect()
    }

    /// Gives back the body of a taken procedure ([`Loader::taken_group_members`]). Nothing
    /// changes (and false is returned) if it was not taken or holds another code: then
    /// [`Loader::finish_with`] asks for it again and reports what is wrong.
    pub fn restore(&mut self, id: ProcId, procedure: Procedure) -> bool {
        match self.catalog.procedures.get_mut(id.0) {
            Some(loaded) if self.taken.contains(&id) && loaded.procedure.code == procedure.code => {
                loaded.procedure = procedure;
                self.taken.remove(&id);
                true
            }
            _ => false,
        }
    }

    /// Puts back the body of a taken procedure that a group needs.
    fn reload(&mut self, id: ProcId, reload: &mut Reload<'_>) -> bool {
        let Some(loaded) = self.catalog.procedures.get(id.0) else {
            return false;
        };
        let (origin, code) = (loaded.origin.clone(), loaded.procedure.code.clone());
        match reload(id, &origin) {
            Ok(p) if p.code == code => self.restore(id, p),
            Ok(p) => {
                let d = Diagnostic::for_file(
                    Code::Io,
                    origin.file.clone(),
                    format!(
                        "line {} changed while it was read: it held procedure `{code}`, now `{}`",
                        origin.line, p.code
                    ),
                )
                .with_help("do not change an input file while quytrinh reads it; run again");
                self.diagnostics.push(d);
                false
            }
            Err(d) => {
                self.diagnostics.push(*d);
                false
            }
        }
    }

    /// Resolves one `include`: a path relative to the including file, else a code among the
    /// inputs. Included groups are resolved with an explicit stack of frames, not recursion (a
    /// chain thousands of files deep cannot overflow the stack), each file is read, parsed and
    /// validated once per load whatever the number of paths that reach it (a group's members
    /// are remembered by its canonical path), and a chain deeper than [`MAX_INCLUDE_DEPTH`] is
    /// refused at the include that goes too deep.
    fn include(
        &mut self,
        dir: &Path,
        from_name: &str,
        include: &str,
        stack: &[(PathBuf, String)],
        codes: &HashMap<String, ProcId>,
    ) -> Result<Resolved, IncludeError> {
        let mut frames: Vec<Box<Frame>> = Vec::new();
        match self.open(dir, from_name, include, stack, &frames, codes) {
            Opened::Done(r) => return r,
            Opened::Group(f) => frames.push(f),
        }
        // The frame on top is the group being resolved; those below wait for it. Every frame
        // is on the path for the cycle check.
        loop {
            let Some(top) = frames.last_mut() else {
                return Err(IncludeError::Reported);
            };
            if let Some((i, m)) = top.members.next() {
                if let Some(p) = m.procedure {
                    let origin = Origin {
                        file: top.name.clone(),
                        line: 1,
                    };
                    let id = self.push_procedure(p, origin, false);
                    if let Some(top) = frames.last_mut() {
                        top.add(vec![id], Vec::new());
                    }
                } else if let Some(inc) = m.include {
                    let (sub_dir, name) = (top.dir.clone(), top.name.clone());
                    match self.open(&sub_dir, &name, &inc, stack, &frames, codes) {
                        Opened::Done(r) => {
                            if let Some(top) = frames.last_mut() {
                                top.deliver(r, i, &inc);
                            }
                        }
                        Opened::Group(sub) => {
                            if let Some(top) = frames.last_mut() {
                                top.waiting = Some((i, inc));
                            }
                            frames.push(sub);
                        }
                    }
                }
                continue;
            }
            // The frame's members are all resolved: remember the result, hand it down.
            let Some(mut done) = frames.pop() else {
                return Err(IncludeError::Reported);
            };
            self.diagnostics
                .extend(std::mem::take(&mut done.issues).into_diagnostics(&done.source));
            let result = if done.failed {
                Err(IncludeError::Reported)
            } else {
                Ok((
                    std::mem::take(&mut done.ids),
                    std::mem::take(&mut done.links),
                ))
            };
            self.groups_by_path
                .insert(done.canonical.clone(), result.as_ref().ok().cloned());
            match frames.last_mut() {
                None => return result,
                Some(parent) => {
                    if let Some((i, inc)) = parent.waiting.take() {
                        parent.deliver(result, i, &inc);
                    }
                }
            }
        }
    }

    /// The first step of resolving an include: a procedure, a code, a group already resolved
    /// or a problem is done at once; a group file read for the first time becomes a frame whose
    /// members are resolved next.
    fn open(
        &mut self,
        dir: &Path,
        from_name: &str,
        include: &str,
        stack: &[(PathBuf, String)],
        frames: &[Box<Frame>],
        codes: &HashMap<String, ProcId>,
    ) -> Opened {
        let path = dir.join(include);
        let Ok(canonical) = self.fs.canonicalize(&path) else {
            return Opened::Done(self.by_code(&path, from_name, include, codes));
        };
        if let Some(done) = self.seen_before(&canonical, from_name, include, stack, frames) {
            return Opened::Done(done);
        }
        let name: Arc<str> = Arc::from(display_join(from_name, include).as_str());
        let (source, doc) = match self.read_document(&canonical, &name) {
            Ok(read) => read,
            Err(e) => return Opened::Done(Err(e)),
        };
        // A file read only as a member of a group is warned about like one named itself.
        let hints = crate::hints::left_out_defaults(&source, &doc);
        if let Some(p) = doc.procedure {
            if !self.accept(procedure_issues(&p), &source, Some(&canonical), hints) {
                return Opened::Done(Err(IncludeError::Reported));
            }
            let id = self.push_procedure(
                p,
                Origin {
                    file: name,
                    line: 1,
                },
                false,
            );
            self.by_path.insert(canonical, id);
            Opened::Done(Ok((vec![id], Vec::new())))
        } else if let Some(g) = doc.group {
            // An included group: its members and links join the including group.
            if !self.accept(group_issues(&g), &source, Some(&canonical), hints) {
                return Opened::Done(Err(IncludeError::Reported));
            }
            let sub_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            Opened::Group(Box::new(Frame::new(canonical, name, source, sub_dir, g)))
        } else {
            self.failed_paths.insert(canonical);
            Opened::Done(Err(IncludeError::Reported))
        }
    }

    /// An include that names no file: a procedure code among the inputs, or a problem that
    /// suggests the closest code.
    fn by_code(
        &mut self,
        path: &Path,
        from_name: &str,
        include: &str,
        codes: &HashMap<String, ProcId>,
    ) -> Result<Resolved, IncludeError> {
        if let Some(&id) = codes.get(include) {
            return Ok((vec![id], Vec::new()));
        }
        // Each suggestion looks at every code: past a budget, a catalogue of many broken groups
        // gets none rather than time quadratic in its size.
        let suggestion = if self.suggestions < MAX_INCLUDE_SUGGESTIONS {
            self.suggestions += 1;
            let mut known: Vec<&str> = codes.keys().map(String::as_str).collect();
            known.sort_unstable();
            closest(include, known.iter().copied())
        } else {
            None
        };
        let help = match suggestion {
            Some(c) => format!(
                "no file `{}` exists; did you mean the procedure code `{c}`?",
                path.display()
            ),
            None => format!(
                "no file `{}` exists (paths are relative to `{from_name}`), and no input procedure has the code `{include}`",
                path.display()
            ),
        };
        Err(IncludeError::Missing(help))
    }

    /// What an include of the file `canonical` comes to without reading it: a cycle, a file
    /// resolved or refused before, a chain too deep; `None` when it is to be read.
    fn seen_before(
        &self,
        canonical: &Path,
        from_name: &str,
        include: &str,
        stack: &[(PathBuf, String)],
        frames: &[Box<Frame>],
    ) -> Option<Result<Resolved, IncludeError>> {
        let on_path = stack.iter().any(|(c, _)| c == canonical)
            || frames.iter().any(|f| f.canonical == canonical);
        if on_path {
            let mut names: Vec<String> = stack
                .iter()
                .map(|(_, name)| name.clone())
                .chain(frames.iter().map(|f| f.name.to_string()))
                .collect();
            names.push(display_join(from_name, include));
            return Some(Err(IncludeError::Cycle(names)));
        }
        if let Some(&id) = self.by_path.get(canonical) {
            return Some(Ok((vec![id], Vec::new())));
        }
        if let Some(done) = self.groups_by_path.get(canonical) {
            return Some(done.clone().ok_or(IncludeError::Reported));
        }
        if self.failed_paths.contains(canonical) {
            return Some(Err(IncludeError::Reported));
        }
        if stack.len() + frames.len() >= MAX_INCLUDE_DEPTH {
            return Some(Err(IncludeError::TooDeep(stack.len() + frames.len())));
        }
        if let Some(reason) = self.unreadable.get(canonical) {
            return Some(Err(IncludeError::Unreadable(reason.clone())));
        }
        None
    }

    /// Reads and parses the included file `canonical`, shown as `name`; a file that cannot be
    /// read or parsed is remembered, so that it is tried once per load.
    fn read_document(
        &mut self,
        canonical: &Path,
        name: &Arc<str>,
    ) -> Result<(Source, Document), IncludeError> {
        self.files_read += 1;
        let bytes = match self.fs.read(canonical) {
            Ok(b) => b,
            Err(e) => {
                let reason = e.to_string();
                self.unreadable
                    .insert(canonical.to_path_buf(), reason.clone());
                return Err(IncludeError::Unreadable(reason));
            }
        };
        let Some(text) = self.decode(name, &bytes) else {
            self.failed_paths.insert(canonical.to_path_buf());
            return Err(IncludeError::Reported);
        };
        if !looks_like_a_document(text) {
            // Not a procedure or group file (a password file, a README): its content is not
            // quoted, only why it is refused.
            self.failed_paths.insert(canonical.to_path_buf());
            return Err(IncludeError::Unreadable(
                "it is not a procedure or group file (a JSON object `{…}` is expected)".into(),
            ));
        }
        let source = Source::new(name.clone(), text);
        match parse_document(&source) {
            Ok(doc) => Ok((source, doc)),
            Err(d) => {
                self.diagnostics.extend(d);
                self.failed_paths.insert(canonical.to_path_buf());
                Err(IncludeError::Reported)
            }
        }
    }

    /// Records the validation `issues` of a file; a file with errors is refused (and, for an
    /// included file, its `canonical` path remembered), one without has its `hints` shown too.
    fn accept(
        &mut self,
        issues: Issues,
        source: &Source,
        canonical: Option<&Path>,
        hints: Vec<Diagnostic>,
    ) -> bool {
        let failed = issues.has_errors();
        self.diagnostics.extend(issues.into_diagnostics(source));
        if failed {
            if let Some(c) = canonical {
                self.failed_paths.insert(c.to_path_buf());
            }
            return false;
        }
        self.diagnostics.extend(hints);
        true
    }
}

/// The validation issues of a procedure document's `procedure`.
fn procedure_issues(p: &Procedure) -> Issues {
    let mut issues = Issues::default();
    validate::procedure(p, &JsonPath::root().key("procedure"), &mut issues);
    issues
}

/// The validation issues of the shape of a group document's `group`.
fn group_issues(g: &Group) -> Issues {
    let mut issues = Issues::default();
    validate::group_shape(g, &JsonPath::root().key("group"), &mut issues);
    issues
}

/// The deepest chain of included groups (a group including a group including …).
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Whether a text can be a procedure or group document: its first character (after spaces) opens
/// a JSON object or array. Anything else is not quoted back in a diagnostic.
fn looks_like_a_document(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), Some('{' | '[') | None)
}

/// The members and links an include brings.
type Resolved = (Vec<ProcId>, Vec<Link>);

/// What [`Loader::open`] found.
enum Opened {
    Done(Result<Resolved, IncludeError>),
    Group(Box<Frame>),
}

/// An included group whose members are being resolved.
struct Frame {
    canonical: PathBuf,
    name: Arc<str>,
    source: Source,
    /// The folder its includes are relative to.
    dir: PathBuf,
    members: std::iter::Enumerate<std::vec::IntoIter<crate::types::Member>>,
    ids: Vec<ProcId>,
    /// `ids` as a set: a procedure reached by two paths is a member once.
    seen: HashSet<ProcId>,
    links: Vec<Link>,
    issues: Issues,
    failed: bool,
    /// The member (index and include) whose group is being resolved in the frame above.
    waiting: Option<(usize, String)>,
}

impl Frame {
    /// The frame of the group `g` read from `canonical`, its includes relative to `dir`.
    fn new(
        canonical: PathBuf,
        name: Arc<str>,
        source: Source,
        dir: PathBuf,
        mut g: Group,
    ) -> Frame {
        let links = std::mem::take(&mut g.links);
        Frame {
            canonical,
            name,
            source,
            dir,
            members: std::mem::take(&mut g.procedures).into_iter().enumerate(),
            ids: Vec::new(),
            seen: HashSet::new(),
            links,
            issues: Issues::default(),
            failed: false,
            waiting: None,
        }
    }

    fn add(&mut self, ids: Vec<ProcId>, links: Vec<Link>) {
        for id in ids {
            if self.seen.insert(id) {
                self.ids.push(id);
            }
        }
        for l in links {
            if !self.links.contains(&l) {
                self.links.push(l);
            }
        }
    }

    /// The outcome of member `i`'s `include`.
    fn deliver(
        &mut self,
        result: Result<(Vec<ProcId>, Vec<Link>), IncludeError>,
        i: usize,
        include: &str,
    ) {
        match result {
            Ok((ids, links)) => self.add(ids, links),
            Err(e) => {
                e.record(
                    &mut self.issues,
                    JsonPath::root()
                        .key("group")
                        .key("procedures")
                        .index(i)
                        .key("include"),
                    include,
                );
                self.failed = true;
            }
        }
    }
}

#[derive(Debug)]
enum IncludeError {
    /// Diagnostics were already recorded (against the included file).
    Reported,
    Missing(String),
    Cycle(Vec<String>),
    /// The path exists but cannot be read (a folder, a file too large, no permission): why.
    Unreadable(String),
    /// The chain of included groups is this deep already.
    TooDeep(usize),
}

impl IncludeError {
    /// Records the problem against the `include` at `path` (a [`IncludeError::Reported`] one
    /// was recorded already, against the included file).
    fn record(self, issues: &mut Issues, path: JsonPath, include: &str) {
        match self {
            IncludeError::Reported => {}
            IncludeError::Missing(help) => issues.push_pub(
                Code::MissingInclude,
                path,
                format!("include `{include}` names no file and no input procedure"),
                help,
            ),
            IncludeError::Cycle(chain) => issues.push_pub(
                Code::CyclicInclude,
                path,
                format!("include `{include}` is cyclic: {}", chain.join(" → ")),
                "a group may include procedures and other groups, but never itself, directly or through another file".into(),
            ),
            IncludeError::TooDeep(depth) => issues.push_pub(
                Code::CyclicInclude,
                path,
                format!("include `{include}` goes deeper than {depth} nested groups"),
                format!("a chain of groups including groups may be at most {MAX_INCLUDE_DEPTH} deep: include the procedures directly, or split the chain"),
            ),
            IncludeError::Unreadable(reason) => issues.push_pub(
                Code::MissingInclude,
                path,
                format!("include `{include}` cannot be read: {reason}"),
                "an include names a procedure or group file (a path relative to this file), or a procedure code among the inputs".into(),
            ),
        }
    }
}

fn display_join(from: &str, include: &str) -> String {
    if Path::new(include).is_absolute() {
        return include.to_owned();
    }
    match Path::new(from).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(include).display().to_string(),
        _ => include.to_owned(),
    }
}

fn empty_file(name: &Arc<str>) -> Diagnostic {
    Diagnostic::for_file(Code::Empty, name.clone(), "the file is empty").with_help(
        r#"a .jsonl catalogue holds one {"procedure": {...}} or {"group": {...}} per line"#,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// An in-memory file system: path → text.
    struct MemFs(BTreeMap<PathBuf, String>);

    impl FileSystem for MemFs {
        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.0
                .get(path)
                .map(|t| t.as_bytes().to_vec())
                .ok_or_else(|| io::ErrorKind::NotFound.into())
        }
        fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
            // Resolve `.` and `..` lexically; the file must exist.
            let mut out = PathBuf::new();
            for c in path.components() {
                match c {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other),
                }
            }
            if self.0.contains_key(&out) {
                Ok(out)
            } else {
                Err(io::ErrorKind::NotFound.into())
            }
        }
    }

    fn procedure(code: &str) -> String {
        format!(
            r#"{{"procedure": {{"code": "{code}", "name": "Thủ tục {code}",
                "published": false, "forms_downloadable": false, "result": {{"electronic": false}},
                "actors": [{{"id": "cd", "name": "Công dân", "role": "applicant"}}],
                "steps": [{{"id": "nop", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online"}},
                          {{"id": "tra", "name": "Trả", "actor": "cd", "action": "return_result", "channel": "online"}}]}}}}"#
        )
    }

    fn group(code: &str, members: &[&str], links: &str) -> String {
        let members: Vec<String> = members
            .iter()
            .map(|m| format!(r#"{{"include": "{m}"}}"#))
            .collect();
        format!(
            r#"{{"group": {{"code": "{code}", "name": "Nhóm", "procedures": [{}], "links": [{links}]}}}}"#,
            members.join(", ")
        )
    }

    /// Loads `inputs` (paths into `files`) and returns the outcome.
    #[track_caller]
    fn load(files: &[(&str, String)], inputs: &[&str]) -> Loaded {
        let fs = MemFs(
            files
                .iter()
                .map(|(p, t)| (PathBuf::from(p), t.clone()))
                .collect(),
        );
        let mut loader = Loader::new(&fs);
        for i in inputs {
            let text = fs.0.get(Path::new(i)).cloned().unwrap_or_default();
            loader.add_bytes(i, Some(Path::new(i)), text.as_bytes());
        }
        loader.finish()
    }

    fn codes(l: &Loaded) -> Vec<&str> {
        l.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn a_file_read_only_as_a_member_is_warned_about_once() {
        let bare = r#"{"procedure": {"code": "1.3", "name": "T",
            "actors": [{"id": "cd", "name": "Công dân", "role": "applicant"}],
            "steps": [{"id": "nop", "name": "Nộp", "actor": "cd", "action": "submit", "channel": "online"}]}}"#;
        let files = [
            ("ex/p.json", bare.to_owned()),
            ("ex/g.json", group("LT", &["p.json"], "")),
        ];
        for inputs in [
            &["ex/g.json"][..],
            &["ex/g.json", "ex/p.json"],
            &["ex/p.json", "ex/g.json"],
        ] {
            let l = load(&files, inputs);
            assert_eq!(codes(&l), ["QT030", "QT030", "QT030"], "{inputs:?}");
            assert!(
                l.diagnostics
                    .iter()
                    .all(|d| &*d.file == "ex/p.json" && d.line() == Some(1))
            );
        }
    }

    #[test]
    fn a_file_included_and_given_as_input_is_loaded_once() {
        let files = [
            ("ex/a.json", procedure("1.1")),
            (
                "ex/g/g.json",
                group(
                    "LT",
                    &["../a.json", "1.2"],
                    r#"{"from": "1.1", "to": "1.2", "channel": "online"}"#,
                ),
            ),
            ("ex/b.json", procedure("1.2")),
        ];
        let l = load(&files, &["ex/a.json", "ex/b.json", "ex/g/g.json"]);
        assert!(l.diagnostics.is_empty(), "{:?}", codes(&l));
        assert_eq!(l.catalog.procedures.len(), 2);
        let g = &l.catalog.groups[0];
        assert_eq!(g.members, vec![ProcId(0), ProcId(1)]);
        assert_eq!(g.links.len(), 1);
        assert!(g.group.procedures.is_empty());
    }

    #[test]
    fn include_by_code_needs_the_procedure_among_the_inputs() {
        let files = [
            ("g.json", group("LT", &["9.9"], "")),
            ("p.json", procedure("9.8")),
        ];
        let l = load(&files, &["g.json", "p.json"]);
        assert_eq!(codes(&l), vec!["QT015"]);
        assert!(
            l.diagnostics[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("`9.8`")
        );
    }

    #[test]
    fn included_groups_are_flattened_and_cycles_reported() {
        let files = [
            ("a.json", group("A", &["b.json", "p.json"], "")),
            ("b.json", group("B", &["q.json"], "")),
            ("p.json", procedure("1")),
            ("q.json", procedure("2")),
        ];
        let l = load(&files, &["a.json"]);
        assert!(l.diagnostics.is_empty(), "{:?}", codes(&l));
        assert_eq!(l.catalog.groups[0].members.len(), 2);
        assert!(l.catalog.procedures.iter().all(|p| !p.standalone));

        let files = [("a.json", group("A", &["a.json"], ""))];
        let l = load(&files, &["a.json"]);
        assert_eq!(codes(&l), vec!["QT016"]);
    }

    /// Issue 17: a cycle through included groups names every file of the chain, and a group
    /// that includes itself is caught where it is read (not read again until the depth limit).
    #[test]
    fn cycles_through_included_groups_name_the_whole_chain() {
        let files = [
            ("a.json", group("A", &["b.json"], "")),
            ("b.json", group("B", &["c.json"], "")),
            ("c.json", group("C", &["b.json"], "")),
        ];
        let l = load(&files, &["a.json"]);
        assert_eq!(codes(&l), vec!["QT016"]);
        assert!(
            l.diagnostics[0]
                .message
                .contains("a.json → b.json → c.json → b.json"),
            "{}",
            l.diagnostics[0].message
        );
        assert_eq!(l.include_reads, 2);
    }

    #[test]
    fn broken_member_files_are_reported_once() {
        let files = [
            ("g.json", group("G", &["bad.json"], "")),
            ("bad.json", "{\"procedure\": 1}".to_owned()),
        ];
        let l = load(&files, &["bad.json", "g.json"]);
        assert_eq!(codes(&l), vec!["QT007"]);
        assert!(l.catalog.groups.is_empty());
    }

    #[test]
    fn jsonl_records_keep_their_file_line() {
        let text = format!(
            "{}\n\n{}\n",
            procedure("1").replace('\n', " "),
            "{\"group\": 3}"
        );
        let files = [("c.jsonl", text)];
        let l = load(&files, &["c.jsonl"]);
        assert_eq!(codes(&l), vec!["QT007"]);
        assert_eq!(l.diagnostics[0].line(), Some(3));
        assert_eq!(l.files[0].procedures, 1);
    }

    #[test]
    fn a_utf8_bom_is_accepted_and_invalid_bytes_are_located() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(procedure("1").as_bytes());
        let fs = MemFs(BTreeMap::new());
        let mut loader = Loader::new(&fs);
        loader.add_bytes("bom.json", None, &bytes);
        loader.add_bytes("latin.json", None, b"{\n \"a\": \"Th\xe1\"}");
        let l = loader.finish();
        assert_eq!(codes(&l), vec!["QT002"]);
        assert_eq!(l.diagnostics[0].position, Some((2, 10)));
        assert_eq!(l.catalog.procedures.len(), 1);
    }
}

/// One `.jsonl` record, parsed and checked on its own: the part of [`Loader::add_record`] that
/// needs no other record. It is pure, so callers may make many at once on several threads,
/// then give them to [`Loader::add_parsed`] in input order.
#[derive(Debug)]
pub struct ParsedRecord(Parsed);

#[derive(Debug)]
enum Parsed {
    Procedure {
        procedure: Box<Procedure>,
        origin: Origin,
        /// The body was taken by [`ParsedRecord::take_procedure`]; `procedure` holds its code.
        taken: bool,
        steps: usize,
        /// Problems that do not stop the procedure from loading.
        warnings: Vec<Diagnostic>,
        /// The step graph validation built, until [`ParsedRecord::take_graph`] takes it.
        graph: Option<Box<StepGraph>>,
    },
    Group {
        group: Box<Group>,
        source: Source,
        /// Problems that do not stop the group from loading.
        warnings: Vec<Diagnostic>,
    },
    Failed(Vec<Diagnostic>),
}

impl ParsedRecord {
    /// Parses and validates the record at 1-based `line` of `file`.
    pub fn parse(file: &Arc<str>, line: usize, text: &str) -> ParsedRecord {
        // The common case, a valid procedure, needs no copy of its text: the `Source` that
        // diagnostics point into is made only when there is something to report.
        if let Ok(Document {
            procedure: Some(procedure),
            group: None,
        }) = crate::strict::from_str::<Document>(text)
        {
            let mut issues = Issues::default();
            let graph = validate::procedure_graph(
                &procedure,
                &JsonPath::root().key("procedure"),
                &mut issues,
            );
            if issues.is_empty() {
                return parsed_procedure(procedure, graph, file, line, Vec::new());
            }
            let source = record_source(file, line, text);
            let failed = issues.has_errors();
            let diagnostics = issues.into_diagnostics(&source);
            if failed {
                return ParsedRecord(Parsed::Failed(diagnostics));
            }
            return parsed_procedure(procedure, graph, file, line, diagnostics);
        }
        let source = record_source(file, line, text);
        let doc = match parse_document(&source) {
            Ok(d) => d,
            Err(d) => return ParsedRecord(Parsed::Failed(d)),
        };
        if let Some(p) = doc.procedure {
            let mut issues = Issues::default();
            let graph =
                validate::procedure_graph(&p, &JsonPath::root().key("procedure"), &mut issues);
            let failed = issues.has_errors();
            let diagnostics = issues.into_diagnostics(&source);
            if failed {
                return ParsedRecord(Parsed::Failed(diagnostics));
            }
            parsed_procedure(p, graph, file, line, diagnostics)
        } else if let Some(g) = doc.group {
            let mut issues = Issues::default();
            validate::group_shape(&g, &JsonPath::root().key("group"), &mut issues);
            let failed = issues.has_errors();
            let diagnostics = issues.into_diagnostics(&source);
            if failed {
                return ParsedRecord(Parsed::Failed(diagnostics));
            }
            ParsedRecord(Parsed::Group {
                group: Box::new(g),
                source,
                warnings: diagnostics,
            })
        } else {
            ParsedRecord(Parsed::Failed(Vec::new()))
        }
    }
}

impl ParsedRecord {
    /// The procedure, for a valid procedure record whose body was not taken.
    pub fn procedure(&self) -> Option<(&Procedure, &Origin)> {
        match &self.0 {
            Parsed::Procedure {
                procedure,
                origin,
                taken: false,
                ..
            } => Some((procedure, origin)),
            _ => None,
        }
    }

    /// Takes the procedure of a valid procedure record, leaving its code, so a caller that
    /// streams a large catalogue (analyses each procedure and lets it go) holds none whole.
    /// [`Loader::add_parsed`] then keeps only the code, and [`Loader::finish_with`] asks for the
    /// body again if a group includes it.
    pub fn take_procedure(&mut self) -> Option<Procedure> {
        match &mut self.0 {
            Parsed::Procedure {
                procedure, taken, ..
            } if !*taken => {
                *taken = true;
                let code = procedure.code.clone();
                Some(std::mem::replace(procedure.as_mut(), code_only(code)))
            }
            _ => None,
        }
    }

    /// Takes the step graph that validation built for the procedure of a valid procedure
    /// record (`StepGraph::build` of [`ParsedRecord::procedure`]), so that a caller analysing
    /// it need not build it again. `None` once taken, or where validation built none.
    pub fn take_graph(&mut self) -> Option<StepGraph> {
        match &mut self.0 {
            Parsed::Procedure { graph, .. } => graph.take().map(|g| *g),
            _ => None,
        }
    }
}

/// A procedure that holds only its code: what the catalogue keeps of a taken one.
fn code_only(code: String) -> Procedure {
    Procedure {
        code,
        name: String::new(),
        field: None,
        authority: None,
        legal_basis: Vec::new(),
        time_limit_days: None,
        fee_vnd: None,
        annual_volume: None,
        published: false,
        forms_downloadable: false,
        result: None,
        actors: Vec::new(),
        documents: Vec::new(),
        steps: Vec::new(),
        flows: None,
        note: None,
    }
}

/// A record that holds a valid procedure (shrunk to the capacity it needs), with its warnings.
fn parsed_procedure(
    mut procedure: Procedure,
    graph: Option<StepGraph>,
    file: &Arc<str>,
    line: usize,
    warnings: Vec<Diagnostic>,
) -> ParsedRecord {
    shrink(&mut procedure);
    ParsedRecord(Parsed::Procedure {
        steps: procedure.steps.len(),
        procedure: Box::new(procedure),
        origin: Origin {
            file: file.clone(),
            line: line.max(1),
        },
        taken: false,
        warnings,
        graph: graph.map(Box::new),
    })
}

fn record_source(file: &Arc<str>, line: usize, text: &str) -> Source {
    let mut source = Source::new(file.clone(), text);
    source.first_line = line.saturating_sub(1);
    source
}

/// Gives back the spare capacity of the lists read by serde (which grow by doubling): a large
/// catalogue is held whole, and the steps alone would otherwise waste about a quarter.
fn shrink(p: &mut Procedure) {
    p.steps.shrink_to_fit();
    p.actors.shrink_to_fit();
    p.documents.shrink_to_fit();
    p.legal_basis.shrink_to_fit();
    if let Some(f) = &mut p.flows {
        f.shrink_to_fit();
    }
    for s in &mut p.steps {
        s.documents.shrink_to_fit();
    }
}
