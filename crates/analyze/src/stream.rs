//! The JSON report written procedure by procedure, so a catalogue of any size is never held
//! whole: [`JsonReport`] writes each procedure as it comes and keeps only what the summary and
//! the targets need. [`Report::write_json`] writes through the same pieces, so both give the
//! same bytes for the same catalogue.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use quytrinh_model::Lang;

use crate::report::{GroupAnalysis, Level, ProcedureAnalysis, Report, SCHEMA_VERSION, Summary};
use crate::rules::RuleSet;
use crate::targets::{Ranking, Seed};
use quytrinh_model::Catalog;

use crate::{Config, FieldVerification, MemberMeasures, rules};

/// One procedure's part of the report, made on any thread from its analysis: its JSON text
/// and what the report keeps of it (its level, counts and target candidates).
#[derive(Debug, Clone)]
pub struct ProcedureEntry {
    json: Vec<u8>,
    measures: MemberMeasures,
    level: Level,
    blockers: usize,
    justified: usize,
    seed: Seed,
}

impl ProcedureEntry {
    /// A procedure's analysis, written as the JSON of the report at once.
    pub fn new(analysis: &ProcedureAnalysis) -> io::Result<ProcedureEntry> {
        Self::new_in(analysis, Vec::new())
    }

    /// [`ProcedureEntry::new`] writing into `buffer` (emptied first): one that
    /// [`JsonReport::procedure`] gave back, so its memory is used again.
    pub fn new_in(analysis: &ProcedureAnalysis, mut json: Vec<u8>) -> io::Result<ProcedureEntry> {
        json.clear();
        // About 1 KB per blocker under rules version 2 (its `basis` and texts), 1 KB per
        // finding, twice that to be safe: one allocation for most procedures (growing copied
        // the text, 2 % of the instructions on generated catalogues). A buffer given back too
        // small is replaced, not grown: growing would copy its old bytes for nothing.
        let need = 4096 + 2048 * analysis.blockers.len() + 2048 * analysis.findings.len();
        if json.capacity() < need {
            json = Vec::with_capacity(need);
        }
        crate::json::procedure(&mut json, analysis, 2)?;
        Ok(ProcedureEntry {
            json,
            measures: MemberMeasures::of(analysis),
            level: analysis.level,
            blockers: analysis.blockers.len(),
            justified: analysis.blockers.iter().filter(|b| b.justified).count(),
            seed: Seed::of(analysis),
        })
    }

    /// The procedure's level.
    pub fn level(&self) -> Level {
        self.level
    }

    /// What a group including this procedure needs of its analysis
    /// ([`crate::analyze_group_with`]).
    pub fn measures(&self) -> MemberMeasures {
        self.measures
    }
}

/// Writes `analyze --format json` (the bytes of [`Report::to_json`]) as procedures come:
/// [`JsonReport::start`], [`JsonReport::procedure`] for each in catalogue order, then
/// [`JsonReport::finish`] with the groups. The summary comes last, so nothing but the target
/// candidates (a few numbers and ids per blocker) is held.
#[derive(Debug)]
pub struct JsonReport<W: Write> {
    out: Framed<W>,
    lang: Lang,
    summary: Summary,
    ranking: Ranking,
}

impl<W: Write> JsonReport<W> {
    /// Writes the report's head, up to the list of procedures.
    pub fn start(out: W, config: &Config) -> io::Result<Self> {
        let mut out = Framed::new(out);
        out.head(
            rules::RULE_SET,
            config.lang.pick("vi", "en"),
            config.field_verification,
        )?;
        out.open("procedures")?;
        Ok(JsonReport {
            out,
            lang: config.lang,
            summary: Summary::default(),
            ranking: Ranking::default(),
        })
    }

    /// The writer the report goes to.
    pub fn writer(&self) -> &W {
        &self.out.out
    }

    /// Writes the next procedure. Gives back the entry's buffer, for
    /// [`ProcedureEntry::new_in`].
    pub fn procedure(&mut self, entry: ProcedureEntry) -> io::Result<Vec<u8>> {
        self.out.element_bytes(&entry.json)?;
        let s = &mut self.summary;
        s.procedures += 1;
        s.add(entry.level);
        s.blockers += entry.blockers;
        s.justified_blockers += entry.justified;
        self.ranking.push(entry.seed);
        Ok(entry.json)
    }

    /// Writes the groups, the first `top` targets (all without it) and the summary, flushes,
    /// and gives back the writer.
    pub fn finish(mut self, groups: &[GroupAnalysis], top: Option<usize>) -> io::Result<W> {
        self.out.close()?;
        self.out.open("groups")?;
        // Written on all cores (thousands on a large catalogue), then in catalogue order.
        let written = crate::par::map(groups, |g| {
            let mut bytes = Vec::new();
            write_value(&mut bytes, g, 2).map(|()| bytes)
        });
        for bytes in written {
            self.out.element_bytes(&bytes?)?;
        }
        self.out.close()?;
        self.summary.groups = groups.len();
        let ranked = self.ranking.rank();
        let n = top.map_or(ranked.len(), |t| t.min(ranked.len()));
        self.out.open("targets")?;
        // Written on all cores, a few megabytes at a time, in rank order.
        const CHUNK: usize = 2048;
        let wave = CHUNK * 4 * crate::par::threads();
        let lang = self.lang;
        for start in (0..n).step_by(wave) {
            let end = (start + wave).min(n);
            let froms: Vec<usize> = (start..end).step_by(CHUNK).collect();
            let chunks: Vec<(Vec<u8>, usize)> = crate::par::map(&froms, |&from| {
                let mut bytes = Vec::with_capacity(CHUNK * 640);
                let mut count = 0;
                for i in from..(from + CHUNK).min(end) {
                    if let Some(t) = ranked.get(i, lang) {
                        bytes.extend_from_slice(separator(i == 0));
                        crate::json::target(&mut bytes, &t, 2);
                        count += 1;
                    }
                }
                (bytes, count)
            });
            for (bytes, count) in chunks {
                self.out.elements_bytes(&bytes, count)?;
            }
        }
        self.out.close()?;
        crate::par::let_go(ranked);
        self.out.end(&self.summary)
    }
}

impl Report {
    /// Writes the report as [`Report::to_json`] gives it (the same bytes) to `out`, without
    /// holding the text, and flushes it.
    pub fn write_json<W: Write>(&self, out: W) -> io::Result<()> {
        let mut out = Framed::new(out);
        out.head(self.rule_set(), self.lang, self.field_verification)?;
        out.open("procedures")?;
        let mut bytes = Vec::new();
        for p in &self.procedures {
            bytes.clear();
            crate::json::procedure(&mut bytes, p, 2)?;
            out.element_bytes(&bytes)?;
        }
        out.close()?;
        out.open("groups")?;
        for g in &self.groups {
            out.element(g)?;
        }
        out.close()?;
        out.open("targets")?;
        for t in &self.targets {
            bytes.clear();
            crate::json::target(&mut bytes, &t.into(), 2);
            out.element_bytes(&bytes)?;
        }
        out.close()?;
        out.end(&self.summary)?;
        Ok(())
    }

    /// The report as pretty-printed JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        match self.write_json(&mut bytes) {
            Ok(()) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => format!("{{\"error\": \"{e}\"}}\n"),
        }
    }
}

/// The root object of the report, written field by field as serde_json's pretty printer (two
/// spaces) would write it whole.
#[derive(Debug)]
struct Framed<W: Write> {
    out: W,
    /// Elements written in the list now open.
    elements: usize,
}

impl<W: Write> Framed<W> {
    fn new(out: W) -> Self {
        Framed { out, elements: 0 }
    }

    fn head(&mut self, rule_set: RuleSet, lang: &str, fv: FieldVerification) -> io::Result<()> {
        self.out.write_all(b"{\n  \"schema_version\": ")?;
        write!(self.out, "{SCHEMA_VERSION}")?;
        self.field("rules", &rule_set.id())?;
        self.field("rules_version", &rule_set.version())?;
        self.field("rule_set", &rule_set.title())?;
        self.field("lang", lang)?;
        self.field("field_verification", &fv)
    }

    /// `,\n  "key": value`.
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        self.out.write_all(b",\n  ")?;
        serde_json::to_writer(&mut self.out, key)?;
        self.out.write_all(b": ")?;
        write_value(&mut self.out, value, 1)
    }

    /// `,\n  "key": [`.
    fn open(&mut self, key: &str) -> io::Result<()> {
        self.out.write_all(b",\n  ")?;
        serde_json::to_writer(&mut self.out, key)?;
        self.out.write_all(b": [")?;
        self.elements = 0;
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        self.separator()?;
        write_value(&mut self.out, value, 2)
    }

    /// An element already written by [`write_value`] at depth 2: handed on with its separator
    /// in one vectored write, so that a writer that buffers small writes can pass a large
    /// element on without copying it.
    fn element_bytes(&mut self, json: &[u8]) -> io::Result<()> {
        let mut parts = [
            io::IoSlice::new(separator(self.elements == 0)),
            io::IoSlice::new(json),
        ];
        self.elements += 1;
        write_all_vectored(&mut self.out, &mut parts)
    }

    /// Elements already written with their separators ([`separator`]).
    fn elements_bytes(&mut self, json: &[u8], count: usize) -> io::Result<()> {
        self.elements += count;
        self.out.write_all(json)
    }

    fn separator(&mut self) -> io::Result<()> {
        self.out.write_all(separator(self.elements == 0))?;
        self.elements += 1;
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        if self.elements > 0 {
            self.out.write_all(b"\n  ")?;
        }
        self.out.write_all(b"]")
    }

    /// The summary, the closing brace and a newline; flushes.
    fn end(mut self, summary: &Summary) -> io::Result<W> {
        self.field("summary", summary)?;
        self.out.write_all(b"\n}\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes all of `parts` (`Write::write_all_vectored`, which is not stable yet).
fn write_all_vectored(out: &mut impl Write, mut parts: &mut [io::IoSlice<'_>]) -> io::Result<()> {
    io::IoSlice::advance_slices(&mut parts, 0);
    while !parts.is_empty() {
        match out.write_vectored(parts) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => io::IoSlice::advance_slices(&mut parts, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// What comes before an element of a list of the root object.
fn separator(first: bool) -> &'static [u8] {
    if first { b"\n    " } else { b",\n    " }
}

/// Writes `value` as serde_json's pretty printer writes it `depth` levels deep.
pub(crate) fn write_value<W: Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Indented::at(depth));
    value.serialize(&mut ser).map_err(io::Error::from)
}

/// serde_json's `PrettyFormatter` with two spaces, started `depth` levels deep (its own
/// cannot be).
#[derive(Debug)]
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Self {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8; 64] =
            b"                                                                ";
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(SPACES.get(..k).unwrap_or_default())?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, brace: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(brace)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, brace: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(brace)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Criteria, Status};

    /// The formatter started at depth 0 is serde_json's pretty printer.
    #[test]
    fn indented_at_zero_is_serde_json_pretty() {
        let value = serde_json::json!({
            "a": [], "b": {}, "c": [1, {"d": [true, null, "é\"\n"]}], "e": {"f": {"g": 1.5}}
        });
        let mut ours = Vec::new();
        write_value(&mut ours, &value, 0).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let criteria = Criteria([Status::Met; 8]);
        let mut ours = Vec::new();
        write_value(&mut ours, &criteria, 0).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            serde_json::to_string_pretty(&criteria).unwrap()
        );
    }

    /// A writer that takes at most three bytes a call, of the first buffer only (the default
    /// `write_vectored`).
    struct Trickle(Vec<u8>);

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Elements handed on by vectored writes arrive whole and in order through a writer that
    /// takes a few bytes at a time.
    #[test]
    fn elements_survive_short_writes() {
        let mut framed = Framed::new(Trickle(Vec::new()));
        framed.open("list").unwrap();
        framed.element_bytes(b"{\"a\": 1}").unwrap();
        framed.element_bytes(b"").unwrap();
        framed.element_bytes("\"Nộp hồ sơ\"".as_bytes()).unwrap();
        framed.close().unwrap();
        assert_eq!(
            String::from_utf8(framed.out.0).unwrap(),
            ",\n  \"list\": [\n    {\"a\": 1},\n    ,\n    \"Nộp hồ sơ\"\n  ]"
        );
    }
}

/// `analyze --format json` of a catalogue of any size, in one pipeline: the caller reads the
/// procedures (on as many threads as it likes), has each analysed with
/// [`StreamingAnalysis::analyse`] (`&self`: any thread), and hands the results to
/// [`StreamingAnalysis::write`] in catalogue order; each is written at once, and only what the
/// summary, the targets and the groups need is kept. [`StreamingAnalysis::finish`] then takes
/// the loaded [`Catalog`] (whose procedures may have been let go: only the groups' members must
/// be there) and writes what is left: the procedures that came with groups, the groups, the
/// targets and the summary. The bytes are those of [`crate::analyze_catalog`] followed by
/// [`Report::to_json`] for the same catalogue.
///
/// How a procedure is judged depends on the group that includes it (rules v2: a member is
/// reported once, judged as a member), which the caller must know before the group is loaded:
/// it passes the [`Membership`](crate::Membership) to [`StreamingAnalysis::analyse`] (for a
/// whole catalogue, [`crate::memberships`]).
///
/// Parallelism is the caller's: this type starts no thread; [`StreamingAnalysis::analyser`]
/// is the part to share with the threads that read and analyse. With the `parallel` feature,
/// [`StreamingAnalysis::finish`] analyses the group members, writes the groups and the targets,
/// and frees what it held, on rayon's threads.
///
/// ```
/// use quytrinh_analyze::{Config, StreamingAnalysis, memberships};
/// use quytrinh_model::{Loader, RealFs};
///
/// let text = include_str!("../../../examples/khai-sinh.json");
/// let fs = RealFs;
/// let mut loader = Loader::new(&fs);
/// loader.add_bytes("khai-sinh.json", None, text.as_bytes());
/// let loaded = loader.finish();
/// assert!(!loaded.has_errors());
/// let catalog = &loaded.catalog;
///
/// let mut analysis = StreamingAnalysis::start(Vec::new(), Config::default())?;
/// for ((id, l), membership) in catalog.procedures.iter().enumerate().zip(memberships(catalog)) {
///     let entry = analysis.analyse(&l.procedure, &l.origin, &membership.unwrap_or_default())?;
///     analysis.write(quytrinh_model::ProcId(id), &l.procedure.code, entry)?;
/// }
/// let done = analysis.finish(catalog, None)?;
/// let report: serde_json::Value = serde_json::from_slice(&done.out)?;
/// assert_eq!(report["procedures"][0]["code"], catalog.procedures[0].procedure.code.as_str());
/// assert_eq!(report["summary"]["procedures"], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct StreamingAnalysis<W: Write> {
    report: JsonReport<W>,
    analyser: std::sync::Arc<Analyser>,
    /// Each written procedure's measures, by catalogue place, for the groups.
    measures: Vec<Option<MemberMeasures>>,
    /// Procedures and groups below the level asked for ([`StreamingAnalysis::require`]).
    required: Option<Level>,
    below: Vec<(String, Level)>,
    /// Procedures written: catalogue places `0..written` are done.
    written: usize,
}

/// The half of a [`StreamingAnalysis`] that analyses procedures: shared with the threads that
/// read them ([`StreamingAnalysis::analyser`]) while the report is written on another.
#[derive(Debug)]
pub struct Analyser {
    config: Config,
    /// The JSON buffers of written procedures, for the next ones: the memory is used again
    /// instead of being given back to the system and asked for again.
    buffers: std::sync::Mutex<Vec<Vec<u8>>>,
}

impl Analyser {
    /// Analyses one procedure, read from `origin`, judged as `membership` says; safe to call
    /// on any thread.
    pub fn analyse(
        &self,
        procedure: &quytrinh_model::Procedure,
        origin: &quytrinh_model::Origin,
        membership: &crate::Membership,
    ) -> io::Result<ProcedureEntry> {
        self.analyse_in(procedure, None, origin, membership)
    }

    /// [`Analyser::analyse`] with the procedure's step graph, where the caller has it
    /// (`StepGraph::build` of this procedure: validation builds it,
    /// [`quytrinh_model::ParsedRecord::take_graph`]); without it, it is built here.
    pub fn analyse_in(
        &self,
        procedure: &quytrinh_model::Procedure,
        graph: Option<&quytrinh_model::StepGraph>,
        origin: &quytrinh_model::Origin,
        membership: &crate::Membership,
    ) -> io::Result<ProcedureEntry> {
        let analysis = match graph {
            Some(g) => crate::analyze_member_in(procedure, g, &self.config, membership),
            None => crate::analyze_member(procedure, &self.config, membership),
        };
        let buffer = self
            .buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default();
        ProcedureEntry::new_in(
            &ProcedureAnalysis {
                source: Some(crate::SourceRef::of(origin)),
                ..analysis
            },
            buffer,
        )
    }

    /// The configuration the procedures are analysed with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    fn give_back(&self, buffer: Vec<u8>) {
        if let Ok(mut b) = self.buffers.lock()
            && b.len() < MAX_SPARE_BUFFERS
        {
            b.push(buffer);
        }
    }
}

/// What [`StreamingAnalysis::finish`] gives back.
#[derive(Debug)]
pub struct Finished<W> {
    /// The writer, flushed.
    pub out: W,
    /// The procedures and groups below the level given to [`StreamingAnalysis::require`]
    /// (code and level), procedures first, in catalogue order.
    pub below: Vec<(String, Level)>,
}

/// The most procedure buffers kept for reuse (a batch or two of records in flight).
const MAX_SPARE_BUFFERS: usize = 4096;

impl<W: Write> StreamingAnalysis<W> {
    /// Writes the report's head to `out`.
    pub fn start(out: W, config: Config) -> io::Result<Self> {
        Ok(StreamingAnalysis {
            report: JsonReport::start(out, &config)?,
            analyser: std::sync::Arc::new(Analyser {
                config,
                buffers: std::sync::Mutex::new(Vec::new()),
            }),
            measures: Vec::new(),
            required: None,
            below: Vec::new(),
            written: 0,
        })
    }

    /// Notes the procedures and groups below `level` ([`Finished::below`]): a gate such as
    /// `--require`.
    pub fn require(mut self, level: Option<Level>) -> Self {
        self.required = level;
        self
    }

    /// The analysing half, to share with the threads that read the procedures.
    pub fn analyser(&self) -> std::sync::Arc<Analyser> {
        self.analyser.clone()
    }

    /// The writer the report goes to.
    pub fn writer(&self) -> &W {
        self.report.writer()
    }

    /// How many procedures were written: the catalogue places before this one.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Analyses one procedure ([`Analyser::analyse`]).
    pub fn analyse(
        &self,
        procedure: &quytrinh_model::Procedure,
        origin: &quytrinh_model::Origin,
        membership: &crate::Membership,
    ) -> io::Result<ProcedureEntry> {
        self.analyser.analyse(procedure, origin, membership)
    }

    /// Writes the procedure at catalogue place `id` (with this `code`), analysed by
    /// [`StreamingAnalysis::analyse`]. Give them in catalogue order.
    pub fn write(
        &mut self,
        id: quytrinh_model::ProcId,
        code: &str,
        entry: ProcedureEntry,
    ) -> io::Result<()> {
        if self.measures.len() <= id.0 {
            self.measures.resize(id.0 + 1, None);
        }
        if let Some(slot) = self.measures.get_mut(id.0) {
            *slot = Some(entry.measures());
        }
        if self.required.is_some_and(|r| entry.level() < r) {
            self.below.push((code.to_owned(), entry.level()));
        }
        self.written = self.written.max(id.0 + 1);
        let buffer = self.report.procedure(entry)?;
        self.analyser.give_back(buffer);
        Ok(())
    }

    /// Analyses and writes the procedures of `catalog` not written yet (group members that
    /// came with their group, judged as members), then the groups, the first `top` targets (all
    /// without it) and the summary; flushes.
    pub fn finish(mut self, catalog: &Catalog, top: Option<usize>) -> io::Result<Finished<W>> {
        let memberships = crate::memberships(catalog);
        let rest: Vec<(usize, &quytrinh_model::LoadedProcedure)> = catalog
            .procedures
            .iter()
            .enumerate()
            .skip(self.written)
            .collect();
        // A few hundred at a time, so that few are held.
        for chunk in rest.chunks(256) {
            let analyser = &self.analyser;
            let entries = crate::par::map(chunk, |&(i, l)| {
                let membership = memberships.get(i).cloned().flatten().unwrap_or_default();
                analyser.analyse(&l.procedure, &l.origin, &membership)
            });
            for (&(i, l), entry) in chunk.iter().zip(entries) {
                self.write(quytrinh_model::ProcId(i), &l.procedure.code, entry?)?;
            }
        }
        let measures = &self.measures;
        let config = &self.analyser.config;
        let groups: Vec<GroupAnalysis> = crate::par::map(&catalog.groups, |g| {
            // The members were analysed as they were written; a group needs their measures.
            let known: Option<Vec<MemberMeasures>> = g
                .members
                .iter()
                .map(|id| measures.get(id.0).copied().flatten())
                .collect();
            match known {
                Some(m) => crate::analyze_group_with(catalog, g, &m, config),
                None => crate::analyze_group(catalog, g, config),
            }
        });
        if let Some(r) = self.required {
            self.below.extend(
                groups
                    .iter()
                    .filter(|g| g.level < r)
                    .map(|g| (g.code.clone(), g.level)),
            );
        }
        let out = self.report.finish(&groups, top)?;
        crate::par::let_go(groups);
        Ok(Finished {
            out,
            below: self.below,
        })
    }
}
