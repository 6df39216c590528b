//! As-is against to-be: the measures of each procedure and group before and after, matched by
//! code, and the yearly trips to an agency saved.
//!
//! # JSON output (`quytrinh compare --format json`), schema version 1
//!
//! ```text
//! { "schema_version": 1, "lang": "vi",
//!   "procedures": [ { "code", "name", "annual_volume"?,
//!       "as_is": { "level", "legacy_level", "criteria": { "1": "met", … }, "applicant_visits",
//!                  "critical_path_days", "hand_offs" },
//!       "to_be": { …the same… },
//!       "visits_removed", "yearly_visits_saved" } ],
//!   "groups": [ { "code", "name", "members": [codes],
//!       "as_is": { "level", "legacy_level", "applicant_visits", "critical_path_days", "hand_offs" },
//!       "to_be": { … }, "visits_removed", "yearly_visits_saved" } ],
//!   "only_as_is": [codes], "only_to_be": [codes] }
//! ```
//!
//! `yearly_visits_saved` is `annual_volume` × `visits_removed` (negative when the to-be model
//! has more trips); a group's is the sum over its members. A group's legacy level is the lowest
//! of its members'; its hand-offs are the sum over its members.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use quytrinh_analyze::text::count;
use quytrinh_analyze::{Criteria, GroupAnalysis, Level, ProcedureAnalysis, Report};
use quytrinh_model::Lang;
use quytrinh_model::escape;

/// The version of the JSON output.
pub const COMPARE_SCHEMA_VERSION: u32 = 1;

/// The measures of one procedure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measures {
    /// The level of the service.
    pub level: Level,
    /// The level in the numbering of the earlier rules (`legacy_level` of the analysis).
    pub legacy_level: u8,
    /// The status of each of the 8 criteria.
    pub criteria: Criteria,
    /// The trips the applicant makes to an agency.
    pub applicant_visits: u32,
    /// The critical path, in working days.
    pub critical_path_days: f64,
    /// The hand-offs between actors.
    pub hand_offs: u32,
}

impl Measures {
    /// The measures a group shows too.
    fn shared(&self) -> GroupMeasures {
        GroupMeasures {
            level: self.level,
            legacy_level: self.legacy_level,
            applicant_visits: self.applicant_visits,
            critical_path_days: self.critical_path_days,
            hand_offs: self.hand_offs,
        }
    }

    fn of(a: &ProcedureAnalysis) -> Measures {
        Measures {
            level: a.level,
            legacy_level: a.legacy_level,
            criteria: a.criteria,
            applicant_visits: a.applicant_visits,
            critical_path_days: a.critical_path_days,
            hand_offs: a.hand_offs,
        }
    }
}

/// One procedure before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcedureComparison {
    /// The procedure's code (the same on both sides).
    pub code: String,
    /// The procedure's name (the as-is one).
    pub name: String,
    /// Dossiers a year, when the model gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub annual_volume: Option<u64>,
    /// The as-is measures.
    pub as_is: Measures,
    /// The to-be measures.
    pub to_be: Measures,
    /// Trips to an agency removed (negative when added).
    pub visits_removed: i64,
    /// `annual_volume` × `visits_removed`.
    pub yearly_visits_saved: i64,
}

/// The measures of a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupMeasures {
    /// The level of the group.
    pub level: Level,
    /// The lowest of the members'.
    pub legacy_level: u8,
    /// The trips the applicant makes over the whole group.
    pub applicant_visits: u32,
    /// The critical path of the whole group, in working days.
    pub critical_path_days: f64,
    /// The sum over the members.
    pub hand_offs: u32,
}

/// One group before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupComparison {
    /// The group's code (the same on both sides).
    pub code: String,
    /// The group's name (the as-is one).
    pub name: String,
    /// The codes of its members.
    pub members: Vec<String>,
    /// The as-is measures.
    pub as_is: GroupMeasures,
    /// The to-be measures.
    pub to_be: GroupMeasures,
    /// Trips to an agency removed over the group (negative when added).
    pub visits_removed: i64,
    /// The sum over the members.
    pub yearly_visits_saved: i64,
}

/// As-is against to-be.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// The version of the JSON form of the comparison.
    pub schema_version: u32,
    /// The language of the text (`vi` or `en`).
    pub lang: &'static str,
    /// The procedures found on both sides, as-is order.
    pub procedures: Vec<ProcedureComparison>,
    /// The groups found on both sides, as-is order.
    pub groups: Vec<GroupComparison>,
    /// Codes found in the as-is input only.
    pub only_as_is: Vec<String>,
    /// Codes found in the to-be input only.
    pub only_to_be: Vec<String>,
}

/// Matches the procedures and groups of two reports by code (the first of each code counts).
pub fn compare(as_is: &Report, to_be: &Report, lang: Lang) -> Comparison {
    let mut only_as_is = Vec::new();
    let procedures: Vec<ProcedureComparison> = by_code(
        &as_is.procedures,
        &to_be.procedures,
        |p| &p.code,
        &mut only_as_is,
    )
    .into_iter()
    .map(|(a, b)| procedure(a, b))
    .collect();
    let groups = by_code(&as_is.groups, &to_be.groups, |g| &g.code, &mut only_as_is)
        .into_iter()
        .map(|(a, b)| group(a, b, &procedures, as_is, to_be))
        .collect();
    let mut only_to_be: Vec<String> = to_be
        .procedures
        .iter()
        .map(|p| &p.code)
        .filter(|c| !as_is.procedures.iter().any(|a| a.code == **c))
        .chain(
            to_be
                .groups
                .iter()
                .map(|g| &g.code)
                .filter(|c| !as_is.groups.iter().any(|a| a.code == **c)),
        )
        .cloned()
        .collect();
    only_to_be.dedup();
    Comparison {
        schema_version: COMPARE_SCHEMA_VERSION,
        lang: lang.pick("vi", "en"),
        procedures,
        groups,
        only_as_is,
        only_to_be,
    }
}

/// The first item of each code in `as_is` with the first of that code in `to_be`; the codes
/// `to_be` lacks go to `only_as_is`, in order.
fn by_code<'a, T>(
    as_is: &'a [T],
    to_be: &'a [T],
    code: fn(&T) -> &String,
    only_as_is: &mut Vec<String>,
) -> Vec<(&'a T, &'a T)> {
    let mut seen = BTreeSet::new();
    let mut pairs = Vec::new();
    for a in as_is {
        if !seen.insert(code(a)) {
            continue;
        }
        match to_be.iter().find(|b| code(b) == code(a)) {
            Some(b) => pairs.push((a, b)),
            None => only_as_is.push(code(a).clone()),
        }
    }
    pairs
}

fn procedure(a: &ProcedureAnalysis, b: &ProcedureAnalysis) -> ProcedureComparison {
    let removed = i64::from(a.applicant_visits) - i64::from(b.applicant_visits);
    let volume = a.annual_volume.or(b.annual_volume);
    let saved = volume.map_or(0, |v| {
        i64::try_from(v).unwrap_or(i64::MAX).saturating_mul(removed)
    });
    ProcedureComparison {
        code: a.code.clone(),
        name: a.name.clone(),
        annual_volume: volume,
        as_is: Measures::of(a),
        to_be: Measures::of(b),
        visits_removed: removed,
        yearly_visits_saved: saved,
    }
}

fn group(
    a: &GroupAnalysis,
    b: &GroupAnalysis,
    matched: &[ProcedureComparison],
    as_is: &Report,
    to_be: &Report,
) -> GroupComparison {
    let measures = |g: &GroupAnalysis, r: &Report| {
        let members: Vec<&ProcedureAnalysis> = g
            .members
            .iter()
            .filter_map(|c| r.procedures.iter().find(|p| p.code == *c))
            .collect();
        GroupMeasures {
            level: g.level,
            legacy_level: members.iter().map(|m| m.legacy_level).min().unwrap_or(0),
            applicant_visits: g.applicant_visits,
            critical_path_days: g.critical_path_days,
            hand_offs: members
                .iter()
                .map(|m| m.hand_offs)
                .fold(0u32, u32::saturating_add),
        }
    };
    let saved = a
        .members
        .iter()
        .filter_map(|c| matched.iter().find(|m| m.code == *c))
        .map(|m| m.yearly_visits_saved)
        .fold(0i64, i64::saturating_add);
    GroupComparison {
        code: a.code.clone(),
        name: a.name.clone(),
        members: a.members.clone(),
        as_is: measures(a, as_is),
        to_be: measures(b, to_be),
        visits_removed: i64::from(a.applicant_visits) - i64::from(b.applicant_visits),
        yearly_visits_saved: saved,
    }
}

impl Comparison {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }

    /// A plain-text report.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            lang.pick("So sánh hiện trạng → sau tái cấu trúc", "As-is → to-be")
        );
        for g in &self.groups {
            out.push('\n');
            let _ = writeln!(out, "{} {} {}", lang.pick("Nhóm", "Group"), g.code, g.name);
            let _ = writeln!(
                out,
                "  {}: {}",
                lang.pick("thành viên", "members"),
                g.members.join(", ")
            );
            rows(&mut out, &group_rows(&g.as_is, &g.to_be, lang));
            saved_row(
                &mut out,
                g.yearly_visits_saved,
                None,
                g.visits_removed,
                lang,
            );
        }
        for p in &self.procedures {
            out.push('\n');
            let _ = writeln!(out, "{} {}", p.code, p.name);
            rows(&mut out, &procedure_rows(&p.as_is, &p.to_be, lang));
            saved_row(
                &mut out,
                p.yearly_visits_saved,
                p.annual_volume,
                p.visits_removed,
                lang,
            );
        }
        only(&mut out, self, lang, "", |s| {
            quytrinh_model::escape::terminal(s).into_owned()
        });
        out
    }

    /// A markdown report: one table of groups, one of procedures.
    pub fn markdown(&self, lang: Lang) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# {}",
            lang.pick(
                "So sánh hiện trạng và sau tái cấu trúc",
                "As-is against to-be"
            )
        );
        if !self.groups.is_empty() {
            let _ = writeln!(
                out,
                "\n## {}\n",
                lang.pick("Nhóm thủ tục liên thông", "Inter-linked groups")
            );
            markdown_header(&mut out, false, lang);
            for g in &self.groups {
                let cells = MarkdownRow {
                    code: &g.code,
                    name: &g.name,
                    as_is: &g.as_is,
                    to_be: &g.to_be,
                    criteria: None,
                    saved: g.yearly_visits_saved,
                };
                cells.write(&mut out, lang);
            }
        }
        if !self.procedures.is_empty() {
            let _ = writeln!(out, "\n## {}\n", lang.pick("Thủ tục", "Procedures"));
            markdown_header(&mut out, true, lang);
            for p in &self.procedures {
                let cells = MarkdownRow {
                    code: &p.code,
                    name: &p.name,
                    as_is: &p.as_is.shared(),
                    to_be: &p.to_be.shared(),
                    criteria: Some((marks(&p.as_is.criteria), marks(&p.to_be.criteria))),
                    saved: p.yearly_visits_saved,
                };
                cells.write(&mut out, lang);
            }
        }
        out.push('\n');
        only(&mut out, self, lang, "- ", escape::markdown);
        out
    }
}

/// The head of a markdown table of measures, with a column of the criteria for procedures.
fn markdown_header(out: &mut String, criteria: bool, lang: Lang) {
    let mut head = vec![
        lang.pick("mã", "code"),
        lang.pick("tên", "name"),
        lang.pick("mức độ", "level"),
        lang.pick(
            "mức độ cũ (Thông tư 26/2009)",
            "legacy level (Thông tư 26/2009)",
        ),
    ];
    if criteria {
        head.push(lang.pick("tiêu chí 1–8", "criteria 1–8"));
    }
    head.extend([
        lang.pick("số lượt đi lại", "trips"),
        lang.pick(
            "tổng thời gian (nhánh dài nhất)",
            "total time (longest branch)",
        ),
        lang.pick("chuyển giao", "hand-offs"),
        lang.pick("số lượt đi lại giảm được/năm", "yearly trips saved"),
    ]);
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
}

/// One row of a markdown table of measures: a procedure or a group, as-is → to-be.
struct MarkdownRow<'a> {
    code: &'a str,
    name: &'a str,
    as_is: &'a GroupMeasures,
    to_be: &'a GroupMeasures,
    /// The criteria marks before and after (procedures only).
    criteria: Option<(String, String)>,
    saved: i64,
}

impl MarkdownRow<'_> {
    fn write(self, out: &mut String, lang: Lang) {
        let (a, b) = (self.as_is, self.to_be);
        let mut cells = vec![
            escape::markdown(self.code),
            escape::markdown(self.name),
            format!("{} → **{}**", a.level.label(lang), b.level.label(lang)),
            format!("{} → {}", a.legacy_level, b.legacy_level),
        ];
        if let Some((before, after)) = self.criteria {
            cells.push(format!("{before} → {after}"));
        }
        cells.extend([
            format!("{} → {}", a.applicant_visits, b.applicant_visits),
            format!(
                "{} → {}",
                lang.duration(a.critical_path_days),
                lang.duration(b.critical_path_days)
            ),
            format!("{} → {}", a.hand_offs, b.hand_offs),
            signed(self.saved, lang),
        ]);
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

fn marks(c: &Criteria) -> String {
    c.iter().map(|(_, s)| s.mark()).collect()
}

fn signed(n: i64, lang: Lang) -> String {
    let magnitude = count(n.unsigned_abs(), lang);
    if n < 0 {
        format!("−{magnitude}")
    } else {
        magnitude
    }
}

fn procedure_rows(a: &Measures, b: &Measures, lang: Lang) -> Vec<(String, String, String)> {
    let mut rows = group_rows(&a.shared(), &b.shared(), lang);
    rows.insert(
        2,
        (
            lang.pick("tiêu chí 1–8", "criteria 1–8").to_owned(),
            marks(&a.criteria),
            marks(&b.criteria),
        ),
    );
    rows
}

fn group_rows(a: &GroupMeasures, b: &GroupMeasures, lang: Lang) -> Vec<(String, String, String)> {
    vec![
        (
            lang.pick("mức độ", "level").to_owned(),
            a.level.label(lang).to_owned(),
            b.level.label(lang).to_owned(),
        ),
        (
            lang.pick(
                "mức độ cũ (Thông tư 26/2009, 0–4)",
                "legacy level (Thông tư 26/2009, 0–4)",
            )
            .to_owned(),
            a.legacy_level.to_string(),
            b.legacy_level.to_string(),
        ),
        (
            lang.pick("số lượt đi lại đến cơ quan", "trips to an agency")
                .to_owned(),
            a.applicant_visits.to_string(),
            b.applicant_visits.to_string(),
        ),
        (
            lang.pick(
                "tổng thời gian (nhánh dài nhất)",
                "total time (longest branch)",
            )
            .to_owned(),
            lang.duration(a.critical_path_days),
            lang.duration(b.critical_path_days),
        ),
        (
            lang.pick("số lần chuyển giao", "hand-offs").to_owned(),
            a.hand_offs.to_string(),
            b.hand_offs.to_string(),
        ),
    ]
}

fn rows(out: &mut String, rows: &[(String, String, String)]) {
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    for (label, a, b) in rows {
        let pad = width.saturating_sub(label.chars().count());
        let _ = writeln!(out, "  {label}{}  {a} → {b}", " ".repeat(pad));
    }
}

fn saved_row(out: &mut String, saved: i64, volume: Option<u64>, removed: i64, lang: Lang) {
    let detail = match volume {
        Some(v) => format!(
            " ({} {} × {removed})",
            count(v, lang),
            lang.pick("hồ sơ/năm", "dossiers/year")
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  {}: {}{detail}",
        lang.pick("số lượt đi lại giảm được/năm", "yearly trips saved"),
        signed(saved, lang)
    );
}

/// The codes found in one input only; `show` escapes each list for the output language.
fn only(out: &mut String, c: &Comparison, lang: Lang, bullet: &str, show: fn(&str) -> String) {
    if !c.only_as_is.is_empty() {
        let _ = writeln!(
            out,
            "{bullet}{}: {}",
            lang.pick("chỉ có ở hiện trạng", "only in the as-is input"),
            show(&c.only_as_is.join(", "))
        );
    }
    if !c.only_to_be.is_empty() {
        let _ = writeln!(
            out,
            "{bullet}{}: {}",
            lang.pick("chỉ có sau tái cấu trúc", "only in the to-be input"),
            show(&c.only_to_be.join(", "))
        );
    }
}
