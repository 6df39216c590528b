//! The JSON report written procedure by procedure, so a catalogue of any size is never held
//! whole: [`JsonReport`] writes each procedure as it comes and keeps only what the summary and
//! the targets need. [`Report::write_json`] writes through the same pieces, so both give the
//! same bytes for the same catalogue.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

use quytrinh_model::Lang;

use crate::report::{GroupAnalysis, Level, ProcedureAnalysis, Report, SCHEMA_VERSION, Summary};
use crate::rules::RuleSet;
use crate::targets::{Ranking, Seed};
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
    pub fn new(analysis: &ProcedureAnalysis) -> io::Result<ProcedureEntry> {
        Self::new_in(analysis, Vec::new())
    }

    /// [`ProcedureEntry::new`] writing into `buffer` (emptied first): one that
    /// [`JsonReport::procedure`] gave back, so its memory is used again.
    pub fn new_in(analysis: &ProcedureAnalysis, mut json: Vec<u8>) -> io::Result<ProcedureEntry> {
        json.clear();
        // About 1 KB per blocker: one allocation for most procedures.
        json.reserve(2048 + 1152 * analysis.blockers.len());
        write_value(&mut json, analysis, 2)?;
        Ok(ProcedureEntry {
            json,
            measures: MemberMeasures::of(analysis),
            level: analysis.level,
            blockers: analysis.blockers.len(),
            justified: analysis.blockers.iter().filter(|b| b.justified).count(),
            seed: Seed::of(analysis),
        })
    }

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
        for g in groups {
            self.out.element(g)?;
        }
        self.out.close()?;
        self.summary.groups = groups.len();
        let ranked = self.ranking.rank();
        let n = top.map_or(ranked.len(), |t| t.min(ranked.len()));
        self.out.open("targets")?;
        // Written on all cores, a few megabytes at a time, in rank order.
        const CHUNK: usize = 2048;
        let wave = CHUNK * 4 * rayon::current_num_threads();
        let lang = self.lang;
        for start in (0..n).step_by(wave) {
            let end = (start + wave).min(n);
            let chunks: Vec<io::Result<(Vec<u8>, usize)>> = (start..end)
                .step_by(CHUNK)
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(|from| {
                    let mut bytes = Vec::with_capacity(CHUNK * 640);
                    let mut count = 0;
                    for i in from..(from + CHUNK).min(end) {
                        if let Some(t) = ranked.get(i, lang) {
                            bytes.extend_from_slice(separator(i == 0));
                            write_value(&mut bytes, &t, 2)?;
                            count += 1;
                        }
                    }
                    Ok((bytes, count))
                })
                .collect();
            for chunk in chunks {
                let (bytes, count) = chunk?;
                self.out.elements_bytes(&bytes, count)?;
            }
        }
        self.out.close()?;
        drop(ranked);
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
        for p in &self.procedures {
            out.element(p)?;
        }
        out.close()?;
        out.open("groups")?;
        for g in &self.groups {
            out.element(g)?;
        }
        out.close()?;
        out.open("targets")?;
        for t in &self.targets {
            out.element(t)?;
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

    /// An element already written by [`write_value`] at depth 2.
    fn element_bytes(&mut self, json: &[u8]) -> io::Result<()> {
        self.separator()?;
        self.out.write_all(json)
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

/// What comes before an element of a list of the root object.
fn separator(first: bool) -> &'static [u8] {
    if first { b"\n    " } else { b",\n    " }
}

/// Writes `value` as serde_json's pretty printer writes it `depth` levels deep.
fn write_value<W: Write, T: Serialize + ?Sized>(out: W, value: &T, depth: usize) -> io::Result<()> {
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
}
