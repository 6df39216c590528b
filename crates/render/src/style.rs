//! The look shared by every diagram: colours, default attributes, step labels with their
//! number, duration and blocker badges, the header, and the footer (a legend of what the
//! diagram uses, and the legal citations as numbered footnotes).
//!
//! No text is smaller than 10 pt at 100 %.

use std::fmt::Write as _;

use dot_structures::{Attribute, Stmt};
use quytrinh_model::{Action, DossierDocument, Form, Lang, Procedure, Step};

use crate::dot::{a, edge_defaults, graph_attrs, node_defaults, q};
use crate::text::{self, escape_html, escape_into, push_wrapped};
use crate::{Direction, Level, Marks, Options, Overlay};

pub(crate) const FONT: &str = "DejaVu Sans";

pub(crate) const INK: &str = "#37474f";
pub(crate) const MUTED: &str = "#546e7a";
pub(crate) const TASK_FILL: &str = "#ffffff";
pub(crate) const LANE_FILL: &str = "#f3f6fa";
pub(crate) const APPLICANT_LANE_FILL: &str = "#fff8e6";
pub(crate) const LANE_LINE: &str = "#90a4ae";
pub(crate) const WARN_LINE: &str = "#c62828";
pub(crate) const WARN_TEXT: &str = "#b71c1c";
pub(crate) const LAW_LINE: &str = "#6a3d9a";
pub(crate) const REWORK: &str = "#e65100";
pub(crate) const REFUSAL: &str = "#ad1457";
pub(crate) const ALTERNATIVE: &str = "#00695c";
pub(crate) const LINK: &str = "#0d47a1";
pub(crate) const START_FILL: &str = "#e3f2e1";
pub(crate) const START_LINE: &str = "#2e7d32";
pub(crate) const CRITICAL: &str = "#1a237e";
pub(crate) const STRATEGY_FILL: &str = "#e8f5e9";
pub(crate) const OPTIONAL_FILL: &str = "#eceff1";
pub(crate) const CHANGED_LINE: &str = "#1565c0";
pub(crate) const REPEATED: &str = "#ef6c00";

/// Pale colours that tell the members of a group apart (a strip on top of each step).
pub(crate) const MEMBER_COLOURS: [&str; 6] = [
    "#bbdefb", "#ffe0b2", "#c8e6c9", "#f8bbd0", "#d1c4e9", "#b2ebf2",
];

/// The warning sign before broken criteria.
pub(crate) const WARN_SIGN: &str = "⚠";

/// Graph, node and edge defaults. Fonts do not cascade in DOT, so each gets `fontname`.
/// `title` is the graph's `label` attribute.
pub(crate) fn defaults(options: &Options, title: Attribute) -> Vec<Stmt> {
    let rankdir = match options.direction {
        Direction::TopToBottom => "TB",
        Direction::LeftToRight => "LR",
    };
    vec![
        graph_attrs(vec![
            q("fontname", FONT),
            a("fontsize", "11"),
            a("rankdir", rankdir),
            a("newrank", "true"),
            a("nodesep", "0.08"),
            a("ranksep", "0.3"),
            a("labelloc", "t"),
            a("labeljust", "l"),
            a("pad", "0.2"),
            title,
        ]),
        node_defaults(vec![
            q("fontname", FONT),
            a("fontsize", "10"),
            a("shape", "box"),
            q("style", "rounded,filled"),
            q("fillcolor", TASK_FILL),
            q("color", INK),
            q("margin", "0.1,0.05"),
        ]),
        edge_defaults(vec![
            q("fontname", FONT),
            a("fontsize", "10"),
            q("color", INK),
            a("arrowsize", "0.7"),
        ]),
    ]
}

/// What a diagram uses, so that its legend lists only that.
#[derive(Debug, Clone, Default)]
pub(crate) struct Used {
    pub blocker: bool,
    pub justified: bool,
    pub optional: bool,
    pub strategy: bool,
    pub critical: bool,
    pub pay: bool,
    pub rework: bool,
    pub alternative: bool,
    pub choice: bool,
    pub decision: bool,
    pub refusal: bool,
    pub links: bool,
    pub blocking_link: bool,
    pub changed: bool,
    pub repeated: bool,
    /// Group members: colour and name.
    pub members: Vec<(&'static str, String)>,
}

/// Legal provisions cited by a diagram, numbered in the order first cited.
#[derive(Debug, Default)]
pub(crate) struct Citations(Vec<String>);

impl Citations {
    /// The number (from 1) of `provision`, cited now if it was not before.
    pub(crate) fn number(&mut self, provision: &str) -> usize {
        let provision = provision.trim();
        match self.0.iter().position(|p| p == provision) {
            Some(i) => i + 1,
            None => {
                self.0.push(provision.to_owned());
                self.0.len()
            }
        }
    }
}

/// Everything one step's node shows.
#[derive(Debug)]
pub(crate) struct StepView<'a> {
    pub procedure: &'a Procedure,
    pub step: &'a Step,
    /// `B3`.
    pub number: String,
    pub overlay: Option<&'a Overlay>,
    /// A group member's colour and tag, drawn as a strip on top.
    pub member: Option<(&'static str, String)>,
    /// The actor's name, when the lane does not say it (a group's lanes are agencies).
    pub actor: Option<&'a str>,
    /// On the critical path.
    pub critical: bool,
    /// Changes made by re-engineering: `trực tiếp → trực tuyến`.
    pub changes: Vec<String>,
    /// What the step asks again in a group.
    pub repeated: Vec<String>,
    /// Number of the step the best strategy takes instead, for a step kept by choice.
    pub instead: Option<String>,
    /// Narrow labels (groups, before/after).
    pub compact: bool,
    /// Only the documents with a blocker (before/after).
    pub blocked_documents_only: bool,
}

/// A step's node attributes: shape, colours, label; `used` and `citations` updated.
pub(crate) fn step_node(
    v: &StepView<'_>,
    lang: Lang,
    used: &mut Used,
    citations: &mut Citations,
) -> Vec<Attribute> {
    let step = v.step;
    let marks = v.overlay.map(|o| o.step_marks(step)).unwrap_or_default();
    let optional = v.overlay.and_then(|o| o.optional.get(&step.id));
    // The way the verdict follows is drawn only where there was a choice (some steps left out).
    let in_strategy = v.overlay.is_some_and(|o| o.in_strategy(v.procedure, step));
    let mut attrs = Vec::with_capacity(6);
    if step.action == Action::Pay {
        attrs.push(a("shape", "hexagon"));
        attrs.push(q("margin", "0,0.02"));
        used.pay = true;
    }
    if optional.is_some() {
        attrs.push(q("style", "rounded,filled,dashed"));
        attrs.push(q("fillcolor", OPTIONAL_FILL));
        used.optional = true;
    } else if in_strategy {
        attrs.push(q("fillcolor", STRATEGY_FILL));
        used.strategy = true;
    }
    if !v.changes.is_empty() {
        attrs.push(q("color", CHANGED_LINE));
        attrs.push(a("penwidth", "3"));
        used.changed = true;
    } else if !marks.criteria.is_empty() {
        attrs.push(q("color", WARN_LINE));
        attrs.push(a("penwidth", "2.5"));
    } else if !marks.justified.is_empty() {
        attrs.push(q("color", LAW_LINE));
        attrs.push(a("penwidth", "2"));
    }
    let mut label = String::with_capacity(512);
    step_label(&mut label, v, &marks, optional, lang, used, citations);
    attrs.push(crate::dot::html("label", &label));
    attrs
}

const NAME_WIDTH: usize = 22;
const COMPACT_WIDTH: usize = 17;

/// The label of a step node: its number and name, the member and actor in a group, how it is
/// done, its documents, its blocker badges and its notes.
fn step_label(
    out: &mut String,
    v: &StepView<'_>,
    marks: &Marks,
    optional: Option<&crate::Optional>,
    lang: Lang,
    used: &mut Used,
    citations: &mut Citations,
) {
    let step = v.step;
    let width = if v.compact { COMPACT_WIDTH } else { NAME_WIDTH };
    // A hexagon (payment) is wider than its text by half its height on each side.
    let width = if step.action == Action::Pay {
        width - 4
    } else {
        width
    };
    out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">"#);
    if let Some((colour, tag)) = &v.member {
        let _ = write!(
            out,
            r#"<TR><TD BGCOLOR="{colour}"><FONT POINT-SIZE="10">{}</FONT></TD></TR>"#,
            escape_html(tag)
        );
    }
    out.push_str("<TR><TD><B>");
    escape_into(out, &v.number);
    out.push_str(". ");
    push_wrapped(out, &step.name, width);
    out.push_str("</B></TD></TR>");
    if let Some(actor) = v.actor {
        let _ = write!(out, r#"<TR><TD><FONT POINT-SIZE="10" COLOR="{MUTED}"><I>"#);
        push_wrapped(out, actor, width + 4);
        out.push_str("</I></FONT></TD></TR>");
    }

    channel_line(out, v, lang, citations);
    document_lines(out, v, width, lang, citations);

    if !marks.is_empty() {
        badges(out, v, marks, lang, used, citations);
    }

    let note = |out: &mut String, colour: &str, text: &str| {
        let _ = write!(
            out,
            r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{colour}"><I>"#
        );
        push_wrapped(out, text, width + 6);
        out.push_str("</I></FONT></TD></TR>");
    };
    if let Some(o) = optional {
        note(out, MUTED, &optional_note(o, v.instead.as_deref(), lang));
    }
    for r in &v.repeated {
        used.repeated = true;
        note(out, REPEATED, r);
    }
    for c in &v.changes {
        note(out, CHANGED_LINE, c);
    }
    out.push_str("</TABLE>");
}

/// The line of how a step is done: channel, signature, duration (bold on the critical path),
/// the provision that requires it.
fn channel_line(out: &mut String, v: &StepView<'_>, lang: Lang, citations: &mut Citations) {
    let step = v.step;
    let _ = write!(out, r#"<TR><TD><FONT POINT-SIZE="10" COLOR="{MUTED}">"#);
    escape_into(out, step.channel.label(lang));
    if let Some(signature) = text::signature(step.signature, lang) {
        out.push_str(" · ");
        escape_into(out, signature);
    }
    if let Some(days) = step.duration_days.filter(|d| d.is_finite() && *d >= 0.0) {
        out.push_str(if v.compact { "<BR/>" } else { " · " });
        if v.critical {
            let _ = write!(out, r#"<FONT COLOR="{CRITICAL}"><B>"#);
            escape_into(out, &lang.duration(days));
            out.push_str("</B></FONT>");
        } else {
            escape_into(out, &lang.duration(days));
        }
    }
    if let Some(law) = &step.required_by {
        let _ = write!(out, " [{}]", citations.number(law));
    }
    out.push_str("</FONT></TD></TR>");
}

/// A line per document handed over or shown (only the blocked ones in a before/after
/// diagram), coloured by its blocker: red to remedy, purple required by law.
fn document_lines(
    out: &mut String,
    v: &StepView<'_>,
    width: usize,
    lang: Lang,
    citations: &mut Citations,
) {
    let step = v.step;
    let mut line = String::new();
    for doc_id in &step.documents {
        let doc = v.procedure.documents.iter().find(|d| &d.id == doc_id);
        let doc_marks = v
            .overlay
            .and_then(|o| o.document_marks(&step.id, doc_id))
            .filter(|m| !m.is_empty());
        if v.blocked_documents_only && doc_marks.is_none() {
            continue;
        }
        line.clear();
        line.push_str("• ");
        push_document_name(&mut line, doc, doc_id, lang);
        if let Some(law) = doc.and_then(|d| d.required_by.as_deref()) {
            let _ = write!(line, " [{}]", citations.number(law));
        }
        let colour = match &doc_marks {
            Some(m) if !m.criteria.is_empty() => WARN_TEXT,
            Some(_) => LAW_LINE,
            None => INK,
        };
        let _ = write!(
            out,
            r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{colour}">"#
        );
        push_wrapped(out, &line, width + 6);
        out.push_str("</FONT></TD></TR>");
    }
}

/// The badges of the criteria a step breaks: red `⚠ TCn` to remedy, purple `§ TCn [k]`
/// required by the provision cited.
fn badges(
    out: &mut String,
    v: &StepView<'_>,
    marks: &Marks,
    lang: Lang,
    used: &mut Used,
    citations: &mut Citations,
) {
    out.push_str(
        r#"<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1"><TR>"#,
    );
    let prefix = lang.pick("TC", "C");
    for c in &marks.criteria {
        used.blocker = true;
        let _ = write!(
            out,
            r#"<TD BGCOLOR="{WARN_LINE}"><FONT POINT-SIZE="10" COLOR="white"><B>{WARN_SIGN} {prefix}{c}</B></FONT></TD>"#
        );
    }
    for c in marks.only_justified() {
        used.justified = true;
        let cite = law_of(v, c).map(|law| citations.number(law));
        let _ = write!(
            out,
            r#"<TD BGCOLOR="white" BORDER="1" COLOR="{LAW_LINE}"><FONT POINT-SIZE="10" COLOR="{LAW_LINE}"><B>§ {prefix}{c}"#
        );
        if let Some(n) = cite {
            let _ = write!(out, " [{n}]");
        }
        out.push_str("</B></FONT></TD>");
    }
    out.push_str("</TR></TABLE></TD></TR>");
}

/// The note on a step kept by the applicant's choice: `Giữ lại theo lựa chọn của người nộp
/// (TC8); có thể chọn B7`, `instead` the number of the step the best strategy takes.
pub(crate) fn optional_note(o: &crate::Optional, instead: Option<&str>, lang: Lang) -> String {
    let mut t = lang
        .pick(
            "Giữ lại theo lựa chọn của người nộp",
            "Kept by the applicant's choice",
        )
        .to_owned();
    if !o.criteria.is_empty() {
        let _ = write!(t, " ({})", text::criteria(&o.criteria, lang));
    }
    if let Some(n) = instead {
        let _ = write!(t, "; {} {n}", lang.pick("có thể chọn", "may take"));
    }
    t
}

/// The legal provision that justifies criterion `c` at this step: the step's own, else that
/// of a document it names whose marks justify `c`.
fn law_of<'a>(v: &'a StepView<'_>, c: &u8) -> Option<&'a str> {
    if let Some(law) = v.step.required_by.as_deref() {
        return Some(law);
    }
    let o = v.overlay?;
    v.step.documents.iter().find_map(|d| {
        let m = o.document_marks(&v.step.id, d)?;
        if !m.justified.contains(c) {
            return None;
        }
        v.procedure
            .documents
            .iter()
            .find(|x| &x.id == d)?
            .required_by
            .as_deref()
    })
}

/// A document's name with its form, appended to `out`: `Giấy chứng sinh (bản giấy)`.
fn push_document_name(out: &mut String, doc: Option<&DossierDocument>, id: &str, lang: Lang) {
    match doc {
        Some(d) => {
            out.push_str(&d.name);
            if matches!(d.form, Form::Paper) {
                out.push_str(" (");
                out.push_str(Form::Paper.label(lang));
                out.push(')');
            }
        }
        None => out.push_str(id),
    }
}

/// `TC4, TC6` plus `TC3 theo luật` for the justified ones.
pub(crate) fn marks_text(m: &Marks, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !m.criteria.is_empty() {
        parts.push(text::criteria(&m.criteria, lang));
    }
    let justified: Vec<u8> = m.only_justified().copied().collect();
    if !justified.is_empty() {
        parts.push(format!(
            "{} {}",
            text::criteria(&justified, lang),
            lang.pick("theo luật", "required by law")
        ));
    }
    parts.join("; ")
}

pub(crate) fn level_colour(level: Level) -> &'static str {
    match level {
        Level::FullOnline => "#2e7d32",
        Level::PartialOnline => "#ef6c00",
        Level::PartialBelowCriteria => "#d84315",
        Level::InformationOnly => "#c62828",
        Level::Offline => "#b71c1c",
    }
}

/// The header: a heading and lines of (already escaped) markup, as a left-aligned table.
#[derive(Debug, Default)]
pub(crate) struct Header {
    pub heading: String,
    pub lines: Vec<String>,
}

impl Header {
    pub(crate) fn new(heading: &str) -> Self {
        Header {
            heading: text::wrapped(heading, 80),
            lines: Vec::new(),
        }
    }

    /// A muted line of plain text.
    pub(crate) fn facts(&mut self, facts: &[String]) {
        if !facts.is_empty() {
            self.lines.push(format!(
                r#"<FONT COLOR="{MUTED}">{}</FONT>"#,
                text::wrapped(&facts.join(" · "), 110)
            ));
        }
    }

    /// The level, with what is missing for the next levels.
    pub(crate) fn level(&mut self, level: Option<Level>, overlay: Option<&Overlay>, lang: Lang) {
        let Some(level) = level else { return };
        let mut line = format!(
            r#"<FONT COLOR="{}"><B>{}: {}</B></FONT>"#,
            level_colour(level),
            lang.pick("Mức độ", "Level"),
            escape_html(level.short_label(lang))
        );
        if let Some(o) = overlay {
            let mut missing = Vec::new();
            if level < Level::PartialOnline && !o.missing_for_partial.is_empty() {
                missing.push(format!(
                    "{} {} {}",
                    lang.pick("thiếu", "missing"),
                    text::criteria(&o.missing_for_partial, lang),
                    lang.pick("để đạt một phần", "for partial")
                ));
            }
            if level < Level::FullOnline && !o.missing_for_full.is_empty() {
                missing.push(format!(
                    "{} {} {}",
                    lang.pick("thiếu", "missing"),
                    text::criteria(&o.missing_for_full, lang),
                    lang.pick("để đạt toàn trình", "for fully online")
                ));
            }
            if !missing.is_empty() {
                let _ = write!(line, " — {}", escape_html(&missing.join("; ")));
            }
        }
        self.lines.push(line);
    }

    /// Time on the critical path against the legal limit, and the trips.
    pub(crate) fn time(
        &mut self,
        total: Option<f64>,
        limit: Option<f64>,
        trips: Option<u32>,
        lang: Lang,
    ) {
        let mut parts = Vec::new();
        if let Some(total) = total.filter(|t| t.is_finite()) {
            let mut t = format!(
                "{}: {}",
                lang.pick(
                    "Tổng thời gian (nhánh dài nhất)",
                    "Total time (longest branch)"
                ),
                lang.duration(total)
            );
            match limit.filter(|l| l.is_finite()) {
                Some(limit) if total > limit + 1e-9 => {
                    let over = total - limit;
                    t = format!(
                        r#"<FONT COLOR="{WARN_TEXT}"><B>{} / {} — {} {}</B></FONT>"#,
                        escape_html(&t),
                        escape_html(&lang.duration(limit)),
                        lang.pick("vượt", "over by"),
                        escape_html(&lang.duration(over))
                    );
                }
                Some(limit) => {
                    t = format!(
                        "{} / {} ({})",
                        escape_html(&t),
                        escape_html(&lang.duration(limit)),
                        lang.pick("thời hạn", "time limit")
                    );
                }
                None => t = escape_html(&t),
            }
            parts.push(t);
        }
        if let Some(trips) = trips {
            parts.push(escape_html(&format!(
                "{}: {trips}",
                lang.pick("Số lượt đi lại", "Trips to an agency")
            )));
        }
        if !parts.is_empty() {
            self.lines.push(parts.join(" · "));
        }
    }

    /// Procedure-wide blockers, e.g. `⚠ Vướng ngoài các bước: TC1`.
    pub(crate) fn procedure_marks(&mut self, overlay: Option<&Overlay>, lang: Lang) {
        let Some(o) = overlay.filter(|o| !o.procedure.is_empty()) else {
            return;
        };
        let colour = if o.procedure.criteria.is_empty() {
            LAW_LINE
        } else {
            WARN_TEXT
        };
        self.lines.push(format!(
            r#"<FONT COLOR="{colour}"><B>{}</B></FONT>"#,
            escape_html(&format!(
                "{WARN_SIGN} {}: {}",
                lang.pick("Vướng ngoài các bước", "Blockers outside the steps"),
                marks_text(&o.procedure, lang)
            ))
        ));
    }

    pub(crate) fn markup(&self) -> String {
        let mut out = String::with_capacity(1024);
        out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1"><TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="14"><B>"#);
        out.push_str(&self.heading);
        out.push_str("</B></FONT></TD></TR>");
        for line in &self.lines {
            out.push_str(r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="11">"#);
            out.push_str(line);
            out.push_str("</FONT></TD></TR>");
        }
        out.push_str("</TABLE>");
        out
    }
}

/// The marks of the analysis that a legend explains, in DOT and Mermaid alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Blocker,
    Justified,
    Strategy,
    Optional,
    Critical,
}

/// What a legend says of `mark`.
pub(crate) fn legend(mark: Mark, lang: Lang) -> &'static str {
    match mark {
        Mark::Blocker => lang.pick(
            "Bước vướng tiêu chí n của dịch vụ công trực tuyến toàn trình (Thông tư 01/2023/TT-VPCP), viền đỏ",
            "Step that breaks criterion n of a fully online service (Circular 01/2023/TT-VPCP), red border",
        ),
        Mark::Justified => lang.pick(
            "Vướng tiêu chí n vì luật yêu cầu (căn cứ [k] dưới đây), viền tím",
            "Breaks criterion n because the law requires it (provision [k] below), purple border",
        ),
        Mark::Strategy => lang.pick(
            "Cách làm được dùng để đánh giá mức độ (nền xanh lá)",
            "The way the verdict follows (green)",
        ),
        Mark::Optional => lang.pick(
            "Phương án giữ lại theo lựa chọn của người nộp, không phải điểm vướng (nền xám, viền đứt)",
            "Option kept by the applicant's choice, not a blocker (grey, dashed border)",
        ),
        Mark::Critical => lang.pick(
            "Đường găng: chuỗi bước dài nhất theo thời gian",
            "Critical path: the longest chain of steps in time",
        ),
    }
}

/// The footer: the legend of what the diagram uses, then the links of a group (what each is and
/// carries, by the number on its edge), then the cited provisions, numbered.
pub(crate) fn footer(used: &Used, citations: &Citations, links: &Citations, lang: Lang) -> String {
    let mut out = String::with_capacity(2048);
    out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT"><B>"#);
    out.push_str(lang.pick("Chú giải", "Legend"));
    out.push_str("</B></TD></TR>");
    for (shown, sample, colour, what) in legend_rows(used, lang) {
        if shown {
            legend_row(&mut out, sample, colour, what);
        }
    }
    for (colour, name) in &used.members {
        legend_row(&mut out, "███", colour, name);
    }
    let prefix = lang.pick("LT", "L");
    footnotes(
        &mut out,
        lang.pick("Liên thông", "Links"),
        &links.0,
        |n| format!(r#"<FONT COLOR="{LINK}"><B>{prefix} {n}</B></FONT>  "#),
    );
    footnotes(
        &mut out,
        lang.pick("Căn cứ pháp lý", "Legal basis"),
        &citations.0,
        |n| format!("[{n}] "),
    );
    out.push_str("</TABLE>");
    out
}

/// The rows a legend may have, in order: whether the diagram uses it, the sample drawn, its
/// colour, what it means.
fn legend_rows(used: &Used, lang: Lang) -> [(bool, &'static str, &'static str, &'static str); 16] {
    [
        (
            true,
            "B1",
            INK,
            lang.pick(
                "Số thứ tự bước (như trong bảng các bước); ● bắt đầu, ◉ kết thúc",
                "Step number (as in the step table); ● start, ◉ end",
            ),
        ),
        (
            used.blocker,
            "⚠ TCn",
            WARN_LINE,
            legend(Mark::Blocker, lang),
        ),
        (
            used.justified,
            "§ TCn [k]",
            LAW_LINE,
            legend(Mark::Justified, lang),
        ),
        (used.strategy, "■", "#66bb6a", legend(Mark::Strategy, lang)),
        (used.optional, "▢", MUTED, legend(Mark::Optional, lang)),
        (
            used.pay,
            "⬡",
            INK,
            lang.pick("Nộp phí, lệ phí", "Payment of a fee"),
        ),
        (used.critical, "━━▶", CRITICAL, legend(Mark::Critical, lang)),
        (true, "──▶", INK, lang.pick("Bước tiếp theo", "Next step")),
        (
            used.decision || used.choice,
            "◇",
            ALTERNATIVE,
            lang.pick(
                "Điểm quyết định: câu hỏi, nhánh ghi câu trả lời",
                "Decision: the question, branches labelled with the answers",
            ),
        ),
        (
            used.alternative,
            "┈┈▶",
            ALTERNATIVE,
            lang.pick(
                "Một trong các nhánh (nét chấm)",
                "One of several branches (dotted)",
            ),
        ),
        (
            used.refusal,
            "╌╌▶",
            REFUSAL,
            lang.pick(
                "Từ chối hồ sơ, kết thúc bằng thông báo từ chối",
                "Refusal, ending with the refusal notice",
            ),
        ),
        (
            used.rework,
            "╌╌▶",
            REWORK,
            lang.pick(
                "Làm lại, yêu cầu bổ sung (nét đứt)",
                "Rework, e.g. completing the dossier (dashed)",
            ),
        ),
        (
            used.links,
            "━━▶",
            LINK,
            lang.pick(
                "Liên thông giữa các thủ tục: số (LT n, ghi chú dưới đây) và kênh liên thông",
                "Link between procedures: its number (L n, noted below) and channel",
            ),
        ),
        (
            used.blocking_link,
            "━━▶",
            WARN_LINE,
            lang.pick(
                "Liên thông không trực tuyến: vướng",
                "Link not online: a blocker",
            ),
        ),
        (
            used.repeated,
            "↻",
            REPEATED,
            lang.pick(
                "Người nộp phải nộp lại hoặc xuất trình lại trong nhóm",
                "The applicant files or hands over again within the group",
            ),
        ),
        (
            used.changed,
            "▭",
            CHANGED_LINE,
            lang.pick(
                "Bước thay đổi khi tái cấu trúc (viền xanh, cũ → mới)",
                "Step changed by re-engineering (blue border, old → new)",
            ),
        ),
    ]
}

/// One row of the legend: the sample in its colour, then what it means.
fn legend_row(out: &mut String, sample: &str, colour: &str, what: &str) {
    let _ = write!(
        out,
        r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT COLOR="{colour}"><B>{sample}</B></FONT>  "#
    );
    push_wrapped(out, what, 80);
    out.push_str("</TD></TR>");
}

/// A numbered list under `heading` (the links of a group, the cited provisions), each item
/// after its `mark` (made from its number, from 1); nothing when there are no items.
fn footnotes(out: &mut String, heading: &str, items: &[String], mark: impl Fn(usize) -> String) {
    if items.is_empty() {
        return;
    }
    out.push_str(r#"<TR><TD ALIGN="LEFT"> </TD></TR><TR><TD ALIGN="LEFT"><B>"#);
    out.push_str(heading);
    out.push_str("</B></TD></TR>");
    for (i, item) in items.iter().enumerate() {
        let _ = write!(out, r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT">{}"#, mark(i + 1));
        push_wrapped(out, item, 90);
        out.push_str("</TD></TR>");
    }
}

/// The facts under a procedure's heading: authority, field, time limit, fee.
pub(crate) fn procedure_facts(p: &Procedure, lang: Lang) -> Vec<String> {
    let mut facts = Vec::new();
    facts.extend(p.authority.clone());
    facts.extend(p.field.clone());
    if let Some(fee) = p.fee_vnd.filter(|f| *f > 0) {
        facts.push(format!(
            "{}: {} {}",
            lang.pick("Phí, lệ phí", "Fee"),
            lang.thousands(fee),
            lang.pick("đ", "VND")
        ));
    }
    facts
}
