//! The report's largest parts (each procedure with its blockers, and the targets) written
//! straight as pretty-printed JSON, with the bytes serde_json's pretty printer (two spaces)
//! gives for the same values: about 20 blockers per procedure and a target per blocker make the
//! report ≈ 7× its input, and serialising them through serde was the largest share of
//! `analyze --format json` (docs/PERFORMANCE.md). The rest of the report (criteria, findings,
//! groups, the summary) still goes through serde ([`crate::stream`]).
//!
//! Every writer destructures its value whole, so a field added to a type fails to compile
//! here until it is written; the tests compare each writer with serde_json on every example
//! and on a generated catalogue.

use std::io;

use serde::Serialize;

use crate::report::{Basis, Blocker, Finding, FindingDetail, ProcedureAnalysis, Target};
use crate::stream::write_value;
use crate::targets::TargetRef;

/// A JSON object being written at `depth` (its fields one level deeper), as serde_json's
/// pretty printer writes it.
pub(crate) struct Object<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'a> Object<'a> {
    /// Writes `{`.
    pub(crate) fn begin(out: &'a mut Vec<u8>, depth: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            depth,
            empty: true,
        }
    }

    /// `,\n` + indentation + `"key": `. Keys are the report's own ASCII names: never escaped.
    /// Inlined, so that each key's length is known where it is written and copying it needs
    /// no call to `memcpy` (a report writes millions of keys).
    #[inline(always)]
    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        debug_assert!(key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        // `,` (not before the first field), the line break and the indentation: a whole line
        // head of fixed size copied (a few vector moves), then cut to its length.
        let head = 2 + (self.depth + 1) * 2 - usize::from(self.empty);
        self.out.reserve(LINE.len() + key.len() + 4);
        if head <= LINE.len() {
            let start = self.out.len();
            self.out
                .extend_from_slice(if self.empty { FIRST_LINE } else { LINE });
            self.out.truncate(start + head);
        } else {
            let comma = usize::from(self.empty);
            self.out
                .extend_from_slice(LINE.get(comma..2).unwrap_or_default());
            indent(self.out, self.depth + 1);
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
        self.out
    }

    #[inline(always)]
    fn str(&mut self, key: &str, value: &str) {
        write_str(self.key(key), value);
    }

    /// A string, or `null`.
    #[inline(always)]
    fn opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.key(key).extend_from_slice(b"null"),
        }
    }

    /// A string, or nothing (`skip_serializing_if = "Option::is_none"`).
    #[inline(always)]
    fn some_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }

    #[inline(always)]
    fn uint(&mut self, key: &str, value: u64) {
        write_uint(self.key(key), value);
    }

    #[inline(always)]
    fn bool(&mut self, key: &str, value: bool) {
        let v: &[u8] = if value { b"true" } else { b"false" };
        self.key(key).extend_from_slice(v);
    }

    /// Any value, through serde.
    fn serde<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        let depth = self.depth + 1;
        write_value(self.key(key), value, depth)
    }

    /// A list of strings.
    fn strs<'s>(&mut self, key: &str, values: impl ExactSizeIterator<Item = &'s str>) {
        let depth = self.depth + 1;
        let out = self.key(key);
        let empty = values.len() == 0;
        out.push(b'[');
        for (i, v) in values.enumerate() {
            item(out, i == 0, depth + 1);
            write_str(out, v);
        }
        close(out, empty, depth, b']');
    }

    /// A list of objects, each written by `write` at its depth.
    fn objects<T>(
        &mut self,
        key: &str,
        values: &[T],
        mut write: impl FnMut(&mut Vec<u8>, &T, usize) -> io::Result<()>,
    ) -> io::Result<()> {
        let depth = self.depth + 1;
        let out = self.key(key);
        out.push(b'[');
        for (i, v) in values.iter().enumerate() {
            item(out, i == 0, depth + 1);
            write(out, v, depth + 1)?;
        }
        close(out, values.is_empty(), depth, b']');
        Ok(())
    }

    /// Writes `}`.
    pub(crate) fn end(self) {
        close(self.out, self.empty, self.depth, b'}');
    }
}

/// Before an element of a list whose elements are at `depth`.
fn item(out: &mut Vec<u8>, first: bool, depth: usize) {
    out.extend_from_slice(if first { b"\n" } else { b",\n" });
    indent(out, depth);
}

/// The closing bracket of a list or object opened at `depth`.
fn close(out: &mut Vec<u8>, empty: bool, depth: usize, bracket: u8) {
    if !empty {
        out.push(b'\n');
        indent(out, depth);
    }
    out.push(bracket);
}

/// `,\n` and the indentation of the deepest lines a report has, for [`Object::key`].
const LINE: &[u8; 34] = b",\n                                ";
/// [`LINE`] without its comma (before an object's first key), of the same size.
const FIRST_LINE: &[u8; 34] = b"\n                                 ";

fn indent(out: &mut Vec<u8>, depth: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    let mut n = depth * 2;
    // Up to 32 spaces: a block of fixed size copied (a few vector moves), then cut.
    if n <= SPACES.len() {
        let start = out.len();
        out.extend_from_slice(SPACES);
        out.truncate(start + n);
        return;
    }
    while n > 0 {
        let k = n.min(SPACES.len());
        out.extend_from_slice(SPACES.get(..k).unwrap_or_default());
        n -= k;
    }
}

/// An unsigned integer in decimal, as serde_json writes it.
fn write_uint(out: &mut Vec<u8>, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            // `value % 10` is below 10.
            *d = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(start..).unwrap_or_default());
}

/// Whether some byte of `bytes` is below 0x20, a `"` or a `\\`: sixteen bytes at a time, the
/// last few padded with spaces, so that every step is one the compiler vectorises whole (most
/// strings of a report are a few dozen bytes, where a loop's scalar tail was most of the work).
fn any_to_escape(bytes: &[u8]) -> bool {
    fn block(b: &[u8; 16]) -> bool {
        let mut flags = 0u8;
        for &c in b {
            flags |= u8::from(c < 0x20) | u8::from(c == b'"') | u8::from(c == b'\\');
        }
        flags != 0
    }
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        let mut b = [0u8; 16];
        b.copy_from_slice(chunk);
        if block(&b) {
            return true;
        }
    }
    let mut tail = [b' '; 16];
    for (t, &c) in tail.iter_mut().zip(chunks.remainder()) {
        *t = c;
    }
    block(&tail)
}

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\` with a backslash, the
/// control characters below U+0020 as `\b`, `\t`, `\n`, `\f`, `\r` or `\u00xx`, nothing else
/// (UTF-8 is written as it is). Eight bytes are checked at a time: a report's strings rarely
/// hold anything to escape.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// Whether some byte of `w` is below 0x20, a `"` or a `\`.
    fn needs_escape(w: u64) -> bool {
        let below_space = w.wrapping_sub(ONES * 0x20) & !w;
        let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES) & !(w ^ (ONES * 0x22));
        let backslash =
            (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES) & !(w ^ (ONES * u64::from(b'\\')));
        (below_space | quote | backslash) & HIGH != 0
    }
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Most strings hold nothing to escape, and are copied whole.
    if !any_to_escape(bytes) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        // A chunk with something to escape, or the tail: byte by byte up to the next chunk.
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes.get(i).copied().unwrap_or_default();
            let short: Option<&[u8]> = match b {
                b'"' => Some(b"\\\""),
                b'\\' => Some(b"\\\\"),
                0x08 => Some(b"\\b"),
                0x09 => Some(b"\\t"),
                0x0A => Some(b"\\n"),
                0x0C => Some(b"\\f"),
                0x0D => Some(b"\\r"),
                _ => None,
            };
            if short.is_some() || b < 0x20 {
                out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
                match short {
                    Some(e) => out.extend_from_slice(e),
                    None => {
                        const HEX: &[u8; 16] = b"0123456789abcdef";
                        out.extend_from_slice(b"\\u00");
                        out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
                        out.push(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0'));
                    }
                }
                start = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// One procedure of `procedures`, as an object at `depth`.
pub(crate) fn procedure(out: &mut Vec<u8>, p: &ProcedureAnalysis, depth: usize) -> io::Result<()> {
    let ProcedureAnalysis {
        code,
        name,
        authority,
        level,
        legacy_level,
        criteria,
        missing_for_partial,
        missing_for_full,
        strategy_steps,
        choices,
        group,
        blockers,
        findings,
        applicant_visits,
        critical_path_days,
        critical_path,
        hand_offs,
        time_limit_days,
        annual_volume,
        must_publish,
        source,
    } = p;
    let mut o = Object::begin(out, depth);
    o.str("code", code);
    o.str("name", name);
    o.some_str("authority", authority.as_deref());
    o.str("level", level.as_str());
    o.uint("legacy_level", u64::from(*legacy_level));
    o.serde("criteria", criteria)?;
    o.serde("missing_for_partial", missing_for_partial)?;
    o.serde("missing_for_full", missing_for_full)?;
    o.strs("strategy_steps", strategy_steps.iter().map(String::as_str));
    if !choices.is_empty() {
        o.serde("choices", choices)?;
    }
    o.some_str("group", group.as_deref());
    o.objects("blockers", blockers, blocker)?;
    o.objects("findings", findings, finding)?;
    o.uint("applicant_visits", u64::from(*applicant_visits));
    o.serde("critical_path_days", critical_path_days)?;
    o.strs("critical_path", critical_path.iter().map(String::as_str));
    o.uint("hand_offs", u64::from(*hand_offs));
    if let Some(t) = time_limit_days {
        o.serde("time_limit_days", t)?;
    }
    if let Some(v) = annual_volume {
        o.uint("annual_volume", *v);
    }
    if !must_publish.is_empty() {
        o.serde("must_publish", must_publish)?;
    }
    if let Some(s) = source {
        o.serde("source", s)?;
    }
    o.end();
    Ok(())
}

/// One blocker, as an object at `depth`.
fn blocker(out: &mut Vec<u8>, b: &Blocker, depth: usize) -> io::Result<()> {
    let Blocker {
        procedure,
        criterion,
        step,
        document,
        reason,
        remedy,
        reason_category,
        justified,
        required_by,
        rule,
        cause,
        cause_code,
        clause,
        channel,
        applicant_visit,
        trips_saved,
        basis: bases,
        step_name,
        document_name,
        available_from,
    } = b;
    let mut o = Object::begin(out, depth);
    o.str("procedure", procedure);
    o.uint("criterion", u64::from(*criterion));
    o.opt_str("step", step.as_deref());
    o.opt_str("document", document.as_deref());
    o.str("reason", reason);
    o.str("remedy", remedy);
    o.str("reason_category", reason_category.as_str());
    o.bool("justified", *justified);
    o.some_str("required_by", required_by.as_deref());
    o.str("rule", rule);
    o.str("cause", cause.as_str());
    o.str("cause_code", cause_code);
    o.str("clause", clause);
    o.some_str("channel", channel.map(|c| c.as_str()));
    o.bool("applicant_visit", *applicant_visit);
    o.uint("trips_saved", u64::from(*trips_saved));
    o.objects("basis", bases, |out, b, depth| {
        basis(out, b, depth);
        Ok(())
    })?;
    o.some_str("step_name", step_name.as_deref());
    o.some_str("document_name", document_name.as_deref());
    o.some_str("available_from", available_from.as_deref());
    o.end();
    Ok(())
}

/// One finding, as an object at `depth`: the kinds a procedure has are written here (a
/// timing finding may have hundreds of thousands of copies in a report), those of groups
/// through serde.
fn finding(out: &mut Vec<u8>, f: &Finding, depth: usize) -> io::Result<()> {
    let Finding {
        kind,
        code,
        clause,
        basis: bases,
        detail,
        reason,
        remedy,
    } = f;
    if !matches!(
        detail,
        FindingDetail::Timing { .. }
            | FindingDetail::FieldVerification { .. }
            | FindingDetail::OptionalChannel { .. }
    ) {
        return write_value(out, f, depth);
    }
    let mut o = Object::begin(out, depth);
    o.str("kind", kind.as_str());
    o.str("code", code);
    o.str("clause", clause);
    o.objects("basis", bases, |out, b, depth| {
        basis(out, b, depth);
        Ok(())
    })?;
    // The detail's fields, flattened into the finding.
    match detail {
        FindingDetail::Timing {
            critical_path_days,
            time_limit_days,
            path,
        } => {
            o.serde("critical_path_days", critical_path_days)?;
            o.serde("time_limit_days", time_limit_days)?;
            o.strs("path", path.iter().map(String::as_str));
        }
        FindingDetail::FieldVerification {
            step,
            step_name,
            required_by,
        } => {
            o.str("step", step);
            o.str("step_name", step_name);
            o.some_str("required_by", required_by.as_deref());
        }
        FindingDetail::OptionalChannel {
            criterion,
            step,
            step_name,
            instead,
        } => {
            o.uint("criterion", u64::from(*criterion));
            o.str("step", step);
            o.str("step_name", step_name);
            o.opt_str("instead", instead.as_deref());
        }
        FindingDetail::ResultAsked { .. }
        | FindingDetail::SameDocument { .. }
        | FindingDetail::Link { .. }
        | FindingDetail::SingleWindow { .. } => {}
    }
    o.str("reason", reason);
    o.str("remedy", remedy);
    o.end();
    Ok(())
}

/// One legal reference, as an object at `depth`.
fn basis(out: &mut Vec<u8>, b: &Basis, depth: usize) {
    let Basis {
        document,
        provision,
        verified,
        from_model,
        criterion,
    } = b;
    let mut o = Object::begin(out, depth);
    o.str("document", document);
    o.opt_str("provision", provision.as_deref());
    o.bool("verified", *verified);
    if *from_model {
        o.bool("from_model", true);
    }
    if let Some(n) = criterion {
        o.uint("criterion", u64::from(*n));
    }
    o.end();
}

/// One target, as an object at `depth`.
pub(crate) fn target(out: &mut Vec<u8>, t: &TargetRef<'_>, depth: usize) {
    let TargetRef {
        rank,
        code,
        name,
        step,
        document,
        criterion,
        rule,
        yearly_visits_saved,
        criteria_broken,
        justified,
        reason_category,
        remedy,
    } = t;
    let mut o = Object::begin(out, depth);
    o.uint("rank", *rank as u64);
    o.str("code", code);
    o.str("name", name);
    o.opt_str("step", *step);
    o.opt_str("document", *document);
    o.uint("criterion", u64::from(*criterion));
    o.str("rule", rule);
    o.uint("yearly_visits_saved", *yearly_visits_saved);
    o.uint("criteria_broken", *criteria_broken as u64);
    o.bool("justified", *justified);
    o.str("reason_category", reason_category.as_str());
    o.str("remedy", remedy);
    o.end();
}

impl<'a> From<&'a Target> for TargetRef<'a> {
    fn from(t: &'a Target) -> Self {
        let Target {
            rank,
            code,
            name,
            step,
            document,
            criterion,
            rule,
            yearly_visits_saved,
            criteria_broken,
            justified,
            reason_category,
            remedy,
        } = t;
        TargetRef {
            rank: *rank,
            code,
            name,
            step: step.as_deref(),
            document: document.as_deref(),
            criterion: *criterion,
            rule,
            yearly_visits_saved: *yearly_visits_saved,
            criteria_broken: *criteria_broken,
            justified: *justified,
            reason_category: *reason_category,
            remedy: std::borrow::Cow::Borrowed(remedy),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_str(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let awkward = [
            "",
            "a",
            "\"",
            "\\",
            "\n",
            "\u{7f}",
            "\u{1}",
            "\u{1f}",
            " ",
            "é",
            "Thủ tục",
            "\t\r\u{8}\u{c}",
            "“”",
            "0123456\"",
            "01234567\"",
            "012345678\\x",
        ];
        // Every string of up to three pieces, at every offset within a chunk of eight bytes.
        for pad in 0..9 {
            for a in awkward {
                for b in awkward {
                    for c in ["", "\u{0}", "xyz", "\"\"", "ạ"] {
                        let s = format!("{}{a}{b}{c}", "p".repeat(pad));
                        let mut ours = Vec::new();
                        write_str(&mut ours, &s);
                        assert_eq!(String::from_utf8(ours).unwrap(), serde_str(&s), "{s:?}");
                    }
                }
            }
        }
        for b in 0u8..0x80 {
            let s = char::from(b).to_string();
            let mut ours = Vec::new();
            write_str(&mut ours, &s);
            assert_eq!(String::from_utf8(ours).unwrap(), serde_str(&s), "{b}");
        }
    }

    /// The findings written here (a procedure's kinds) are serde_json's, and the rest go
    /// through it.
    #[test]
    fn findings_are_written_as_serde_json_writes_them() {
        use crate::rules::FindingKind;
        use quytrinh_model::Lang;
        let details = [
            (
                FindingKind::Timing,
                FindingDetail::Timing {
                    critical_path_days: 12.5,
                    time_limit_days: 10.0,
                    path: vec!["nop".into(), "tham_dinh \"A\"".into()],
                },
            ),
            (
                FindingKind::Timing,
                FindingDetail::Timing {
                    critical_path_days: 3.0,
                    time_limit_days: 1.0,
                    path: Vec::new(),
                },
            ),
            (
                FindingKind::FieldVerification,
                FindingDetail::FieldVerification {
                    step: "xac_minh".into(),
                    step_name: "Xác minh tại hiện trường".into(),
                    required_by: Some("Điều 5".into()),
                },
            ),
            (
                FindingKind::FieldVerification,
                FindingDetail::FieldVerification {
                    step: "xac_minh".into(),
                    step_name: "Xác minh".into(),
                    required_by: None,
                },
            ),
            (
                FindingKind::OptionalChannel,
                FindingDetail::OptionalChannel {
                    criterion: 8,
                    step: "nhan".into(),
                    step_name: "Nhận kết quả tại Bộ phận Một cửa".into(),
                    instead: Some("nhan_vneid".into()),
                },
            ),
            (
                FindingKind::OptionalChannel,
                FindingDetail::OptionalChannel {
                    criterion: 6,
                    step: "nhan".into(),
                    step_name: "Nhận".into(),
                    instead: None,
                },
            ),
            (
                FindingKind::Link,
                FindingDetail::Link {
                    from: "A".into(),
                    to: "B".into(),
                    channel: quytrinh_model::Channel::Postal,
                    label: None,
                },
            ),
        ];
        for lang in [Lang::Vi, Lang::En] {
            for (kind, detail) in details.clone() {
                let f = Finding::new(kind, detail, lang);
                for depth in [0, 4] {
                    let mut ours = Vec::new();
                    finding(&mut ours, &f, depth).unwrap();
                    let mut theirs = Vec::new();
                    write_value(&mut theirs, &f, depth).unwrap();
                    assert_eq!(
                        String::from_utf8(ours).unwrap(),
                        String::from_utf8(theirs).unwrap()
                    );
                }
            }
        }
    }

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        for v in [0, 1, 9, 10, 99, 100, 12345, u64::from(u32::MAX), u64::MAX] {
            let mut ours = Vec::new();
            write_uint(&mut ours, v);
            assert_eq!(String::from_utf8(ours).unwrap(), v.to_string());
        }
    }
}
