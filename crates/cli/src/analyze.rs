//! `quytrinh analyze`: the 8 criteria, blockers, findings and ranked targets.

use std::path::{Path, PathBuf};

use quytrinh_analyze::{Config, ProcedureEntry, StreamingAnalysis, format};
use quytrinh_model::ProcId;

use crate::Outcome;
use crate::annotate::AnalyzeFormat as Format;
use crate::ui::{CmdResult, Failure, FieldVerificationArg, LangArg, Ui, print, print_text};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Procedure or group files (.json, .jsonl), folders, or - for standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// How on-site verification (channel `field`) counts for criterion 6
    #[arg(long, value_enum, default_value_t = FieldVerificationArg::Blocks)]
    field_verification: FieldVerificationArg,

    /// Exit 1 if any procedure or group is below this level (a CI gate)
    #[arg(long, value_name = "LEVEL", value_parser = crate::ui::parse_level)]
    require: Option<quytrinh_model::Level>,

    /// Show only the first N re-engineering targets
    #[arg(long, value_name = "N")]
    top: Option<usize>,

    /// Language of the text and markdown reports
    #[arg(long, value_enum, default_value_t = LangArg::Vi)]
    lang: LangArg,
}

pub(crate) fn run(args: &Args, ui: &Ui) -> CmdResult {
    // A `.jsonl` catalogue may be too large to hold: its procedures are let go as they are
    // written. Anything else is loaded whole first, so each group member is known before it is
    // written. Either way the JSON report goes through the one pipeline
    // (`StreamingAnalysis`).
    if args.format == Format::Json && has_jsonl(&args.paths) {
        return run_json(args, ui);
    }
    let loaded = crate::input::load(&args.paths);
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        return Ok(Outcome::BadInput);
    }
    let lang = quytrinh_model::Lang::from(args.lang);
    let config = Config {
        field_verification: args.field_verification.into(),
        lang,
    };
    let catalog = &loaded.catalog;
    if args.format == Format::Json {
        let mut analysis = StreamingAnalysis::start(Held::default(), config)
            .map_err(write_failure)?
            .require(args.require);
        let memberships = quytrinh_analyze::memberships(catalog);
        for (i, l) in catalog.procedures.iter().enumerate() {
            let membership = memberships.get(i).cloned().flatten().unwrap_or_default();
            let entry = analysis
                .analyse(&l.procedure, &l.origin, &membership)
                .map_err(write_failure)?;
            analysis
                .write(ProcId(i), &l.procedure.code, entry)
                .map_err(write_failure)?;
        }
        return finish(ui, analysis, catalog, args);
    }
    let report = quytrinh_analyze::analyze_catalog(catalog, &config);
    match args.format {
        Format::Markdown => print(&format::markdown(&report, lang, args.top))?,
        Format::Sarif | Format::Github => {
            print(&crate::annotate::write(args.format, &report, lang))?
        }
        _ => print_text(&format::text(&report, lang, args.top))?,
    }
    let Some(required) = args.require else {
        return Ok(Outcome::Ok);
    };
    gate(ui, required, &report.below(required))
}

/// Writes what is left of the JSON report (`StreamingAnalysis::finish`) and applies the gate.
fn finish(
    ui: &Ui,
    analysis: StreamingAnalysis<Held>,
    catalog: &quytrinh_model::Catalog,
    args: &Args,
) -> CmdResult {
    let done = analysis.finish(catalog, args.top).map_err(write_failure)?;
    done.out.finish().map_err(write_failure)?;
    match args.require {
        Some(r) => gate(ui, r, &done.below),
        None => Ok(Outcome::Ok),
    }
}

/// `analyze --format json` of inputs with a `.jsonl` catalogue: each procedure is analysed
/// and written as it is read (on all cores, in input order), so a catalogue of any size is
/// never held whole; only group members are kept (read again from their file when a group
/// includes them) and, per blocker, what the targets need.
///
/// Nothing is written before the input is known to be valid while the report is under
/// [`HELD_OUTPUT`]; past it the report is streamed, and an error found later leaves it
/// incomplete (the exit code is 2 and a note says so).
fn run_json(args: &Args, ui: &Ui) -> CmdResult {
    use std::sync::atomic::{AtomicBool, Ordering};

    use quytrinh_model::Loader;

    use crate::input::{self, Input, Place};

    let config = Config {
        field_verification: args.field_verification.into(),
        lang: args.lang.into(),
    };
    let mut early = Vec::new();
    let inputs = input::collect(&args.paths, &mut early);
    // Which streamed procedures are group members, known before any is written (rules v2:
    // a member is reported once, judged as a member).
    let hints = MemberHints::scan(&inputs);
    let fs = input::IncludeFs::default();
    let mut loader = Loader::new(&fs);
    for d in early {
        loader.push_diag(d);
    }
    let mut analysis = StreamingAnalysis::start(Held::default(), config)
        .map_err(write_failure)?
        .require(args.require);
    // Where each taken procedure was read, by catalogue place: (input, place in the file).
    let mut places: Vec<Option<(usize, Place)>> = Vec::new();
    // An input error was found: no report is written past it (shared with the workers).
    let failed = AtomicBool::new(loader.has_errors());
    // Writes one procedure's entry, unless the input has errors.
    let write = |analysis: &mut StreamingAnalysis<Held>,
                 id: ProcId,
                 entry: std::io::Result<ProcedureEntry>,
                 code: &str|
     -> Result<(), Failure> {
        let entry = entry.map_err(write_failure)?;
        if !failed.load(Ordering::Relaxed) {
            analysis.write(id, code, entry).map_err(write_failure)?;
        }
        Ok(())
    };
    let mut written = 0usize;
    let mut broken: Option<Failure> = None;
    for (n, inp) in inputs.iter().enumerate() {
        match inp {
            Input::File(path) if quytrinh_model::is_jsonl(&inp.name()) => {
                let analyser = analysis.analyser();
                input::read_jsonl_with(
                    &mut loader,
                    &inp.name(),
                    path,
                    &|record| {
                        let origin = record.procedure().map(|(_, o)| o.clone())?;
                        let p = record.take_procedure()?;
                        // Past an error no report is written: the rest is only checked.
                        if failed.load(Ordering::Relaxed) {
                            return None;
                        }
                        let membership = hints.of(None, &p);
                        Some((p.code.clone(), analyser.analyse(&p, &origin, &membership)))
                    },
                    |loader, id, place, done| {
                        if loader.has_errors() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        let Some(id) = id else {
                            return true;
                        };
                        if let Some(slot) = grow(&mut places, id) {
                            *slot = Some((n, place));
                        }
                        written = id.0 + 1;
                        let Some((code, entry)) = done else {
                            return true;
                        };
                        if let Err(e) = write(&mut analysis, id, entry, &code) {
                            broken = Some(e);
                            return false;
                        }
                        true
                    },
                );
            }
            _ => input::read_into(&mut loader, inp),
        }
        if loader.has_errors() {
            failed.store(true, Ordering::Relaxed);
        }
        // Procedures of JSON files and standard input, kept whole.
        let file = match inp {
            Input::File(path) => std::fs::canonicalize(path).ok(),
            Input::Stdin => None,
        };
        while written < loader.procedure_count() {
            let id = ProcId(written);
            written += 1;
            if let Some(l) = loader.procedure(id) {
                let membership = hints.of(file.as_deref(), &l.procedure);
                let entry = analysis.analyse(&l.procedure, &l.origin, &membership);
                write(&mut analysis, id, entry, &l.procedure.code)?;
            }
        }
        if let Some(e) = broken.take() {
            return Err(e);
        }
    }
    // The group members let go while streaming, read again on all cores.
    let members = loader.taken_group_members();
    let bodies: Vec<_> = {
        use rayon::prelude::*;
        members
            .par_iter()
            .map(|(id, origin)| (*id, reload(&inputs, &places, *id, origin)))
            .collect()
    };
    for (id, body) in bodies {
        if let Ok(p) = body {
            loader.restore(id, p);
        }
    }
    let loaded = loader.finish_with(&mut |id, origin| reload(&inputs, &places, id, origin));
    ui.diagnostics(&loaded.diagnostics);
    if loaded.has_errors() {
        if report_streamed(analysis.writer()) {
            ui.note("note: the JSON report on standard output is incomplete: the input has errors (above)");
        }
        return Ok(Outcome::BadInput);
    }
    // Members that were not inputs themselves (inline, or included by path) come last,
    // judged as members.
    finish(ui, analysis, &loaded.catalog, args)
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
    /// names a group); the first group that has a member wins, as in the catalogue.
    fn scan(inputs: &[crate::input::Input]) -> MemberHints {
        use std::io::{BufRead as _, Read as _};
        let mut hints = MemberHints::default();
        for inp in inputs {
            let crate::input::Input::File(path) = inp else {
                continue;
            };
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let Ok(file) = std::fs::File::open(path) else {
                continue;
            };
            let mut reader = std::io::BufReader::new(file);
            if quytrinh_model::is_jsonl(&inp.name()) {
                // Line by line, each bounded as the loader bounds records (longer ones are
                // skipped here and reported by the loader).
                let limit = crate::input::MAX_RECORD_BYTES;
                let mut line = Vec::new();
                loop {
                    line.clear();
                    let Ok(n) = (&mut reader)
                        .take(limit as u64 + 1)
                        .read_until(b'\n', &mut line)
                    else {
                        break;
                    };
                    if n == 0 {
                        break;
                    }
                    if n > limit && line.last() != Some(&b'\n') {
                        if reader.skip_until(b'\n').is_err() {
                            break;
                        }
                        continue;
                    }
                    if let Ok(text) = std::str::from_utf8(&line)
                        && text.contains("\"group\"")
                    {
                        hints.add(&dir, text);
                    }
                }
            } else {
                let mut text = String::new();
                let mut bounded = reader.take(crate::input::MAX_DOCUMENT_BYTES);
                if bounded.read_to_string(&mut text).is_ok() && text.contains("\"group\"") {
                    hints.add(&dir, &text);
                }
            }
        }
        hints
    }

    fn add(&mut self, dir: &Path, text: &str) {
        let Ok(quytrinh_model::Document { group: Some(g), .. }) =
            serde_json::from_str::<quytrinh_model::Document>(text)
        else {
            return;
        };
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
    fn of(
        &self,
        file: Option<&Path>,
        p: &quytrinh_model::Procedure,
    ) -> quytrinh_analyze::Membership {
        let group = file
            .and_then(|f| self.by_path.get(f))
            .or_else(|| self.by_code.get(&p.code));
        match group.and_then(|&i| self.groups.get(i)) {
            Some((code, from)) => quytrinh_analyze::Membership {
                group: Some(code.clone()),
                links_out: from.contains(&p.code),
            },
            None => quytrinh_analyze::Membership::default(),
        }
    }
}

/// Whether some input is a `.jsonl` catalogue (named, or found in a folder).
fn has_jsonl(paths: &[PathBuf]) -> bool {
    let mut ignored = Vec::new();
    crate::input::collect(paths, &mut ignored)
        .iter()
        .any(|inp| {
            matches!(inp, crate::input::Input::File(_)) && quytrinh_model::is_jsonl(&inp.name())
        })
}

/// Reads again a procedure taken while streaming, which a group includes.
fn reload(
    inputs: &[crate::input::Input],
    places: &[Option<(usize, crate::input::Place)>],
    id: quytrinh_model::ProcId,
    origin: &quytrinh_model::Origin,
) -> Result<quytrinh_model::Procedure, Box<quytrinh_model::Diagnostic>> {
    match places.get(id.0).copied().flatten() {
        Some((n, place)) => match inputs.get(n) {
            Some(crate::input::Input::File(path)) => crate::input::reload(path, place, origin),
            _ => Err(not_kept(origin)),
        },
        None => Err(not_kept(origin)),
    }
}

fn not_kept(origin: &quytrinh_model::Origin) -> Box<quytrinh_model::Diagnostic> {
    Box::new(quytrinh_model::Diagnostic::for_file(
        quytrinh_model::Code::Io,
        origin.file.clone(),
        format!(
            "the procedure at line {} was not kept for its group (an internal error: please report it)",
            origin.line
        ),
    ))
}

/// The report's bytes are held in memory up to this size, so bad input found before then
/// leaves standard output empty; past it they are streamed.
const HELD_OUTPUT: usize = 16 << 20;

/// Standard output that holds the first [`HELD_OUTPUT`] bytes, then streams.
#[derive(Debug, Default)]
struct Held {
    held: Vec<u8>,
    stdout: Option<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

impl Held {
    /// Writes what is held (a report that stayed small) and flushes.
    fn finish(mut self) -> std::io::Result<()> {
        use std::io::Write;
        let held = std::mem::take(&mut self.held);
        let out = self.stdout.get_or_insert_with(stdout);
        out.write_all(&held)?;
        out.flush()
    }
}

fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock())
}

impl std::io::Write for Held {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(out) = &mut self.stdout {
            return out.write(buf);
        }
        if self.held.capacity() == 0 {
            // Reserved whole: growing by doubling costs page faults and copies.
            self.held.reserve_exact(HELD_OUTPUT + (1 << 20));
        }
        self.held.extend_from_slice(buf);
        if self.held.len() > HELD_OUTPUT {
            let mut out = stdout();
            out.write_all(&std::mem::take(&mut self.held))?;
            self.stdout = Some(out);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.stdout {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

fn report_streamed(out: &Held) -> bool {
    out.stdout.is_some()
}

/// The slot of `id` in `places`, grown to hold it.
fn grow<T>(places: &mut Vec<Option<T>>, id: quytrinh_model::ProcId) -> Option<&mut Option<T>> {
    if places.len() <= id.0 {
        places.resize_with(id.0 + 1, || None);
    }
    places.get_mut(id.0)
}

fn write_failure(e: std::io::Error) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Report(miette::miette!("cannot write to stdout: {e}"))
    }
}

/// `--require`: exit 1, naming them, when procedures or groups are below `required`.
fn gate(
    ui: &Ui,
    required: quytrinh_analyze::Level,
    below: &[(String, quytrinh_analyze::Level)],
) -> CmdResult {
    if below.is_empty() {
        return Ok(Outcome::Ok);
    }
    let list: Vec<String> = below
        .iter()
        .map(|(code, level)| format!("{code} ({})", level.as_str()))
        .collect();
    ui.note(&format!(
        "error: --require {}: {} below it: {}",
        required.as_str(),
        if below.len() == 1 {
            "1 procedure or group is".to_owned()
        } else {
            format!("{} procedures or groups are", below.len())
        },
        list.join(", ")
    ));
    Ok(Outcome::GateFailed)
}
