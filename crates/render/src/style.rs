//! The look shared by both diagrams: colours, default attributes, step labels, the title
//! block and the legend.

use std::fmt::Write as _;

use graphviz_rust::dot_structures::{Attribute, Stmt};
use quytrinh_model::{Action, DossierDocument, Form, Lang, Procedure, Step};

use crate::dot::{a, edge_defaults, graph_attrs, node_defaults, q};
use crate::text::{self, escape_html, escape_into, push_wrapped, wrapped};
use crate::{Direction, Level, Marks, Options, Overlay};

pub(crate) const FONT: &str = "DejaVu Sans";

pub(crate) const INK: &str = "#37474f";
pub(crate) const MUTED: &str = "#607d8b";
pub(crate) const TASK_FILL: &str = "#ffffff";
pub(crate) const LANE_FILL: &str = "#f3f6fa";
pub(crate) const APPLICANT_LANE_FILL: &str = "#fff8e6";
pub(crate) const LANE_LINE: &str = "#90a4ae";
pub(crate) const WARN_FILL: &str = "#ffd6d6";
pub(crate) const WARN_LINE: &str = "#c62828";
pub(crate) const WARN_TEXT: &str = "#b71c1c";
pub(crate) const LAW_FILL: &str = "#e6dcf5";
pub(crate) const LAW_LINE: &str = "#6a3d9a";
pub(crate) const LAW_TEXT: &str = "#4a2c7a";
pub(crate) const REWORK: &str = "#e65100";
pub(crate) const ALTERNATIVE: &str = "#00695c";
pub(crate) const LINK: &str = "#0d47a1";
pub(crate) const START_FILL: &str = "#e3f2e1";
pub(crate) const START_LINE: &str = "#2e7d32";

/// The warning sign before broken criteria.
pub(crate) const WARN_SIGN: &str = "⚠";

/// Graph, node and edge defaults. Fonts do not cascade in DOT, so each gets `fontname`.
/// `title` is the graph's `label` attribute.
pub(crate) fn defaults(options: &Options, title: Attribute, extra: Vec<Attribute>) -> Vec<Stmt> {
    let rankdir = match options.direction {
        Direction::TopToBottom => "TB",
        Direction::LeftToRight => "LR",
    };
    let mut graph = vec![
        q("fontname", FONT),
        a("fontsize", "11"),
        a("rankdir", rankdir),
        a("newrank", "true"),
        a("nodesep", "0.3"),
        a("ranksep", "0.35"),
        a("labelloc", "t"),
        a("labeljust", "l"),
        a("pad", "0.2"),
    ];
    graph.extend(extra);
    graph.push(title);
    vec![
        graph_attrs(graph),
        node_defaults(vec![
            q("fontname", FONT),
            a("fontsize", "10"),
            a("shape", "box"),
            q("style", "rounded,filled"),
            q("fillcolor", TASK_FILL),
            q("color", INK),
            q("margin", "0.12,0.06"),
        ]),
        edge_defaults(vec![
            q("fontname", FONT),
            a("fontsize", "9"),
            q("color", INK),
            a("arrowsize", "0.8"),
        ]),
    ]
}

/// The fill, border colour and border width of a step with these marks; none for an unmarked
/// step, which the node defaults draw (white fill, ink border, width 1).
pub(crate) fn step_colours(marks: &Marks) -> Option<[Attribute; 3]> {
    if !marks.criteria.is_empty() {
        Some([
            q("fillcolor", WARN_FILL),
            q("color", WARN_LINE),
            a("penwidth", "2.5"),
        ])
    } else if !marks.justified.is_empty() {
        Some([
            q("fillcolor", LAW_FILL),
            q("color", LAW_LINE),
            a("penwidth", "2"),
        ])
    } else {
        None
    }
}

/// The shape of a step: payment steps stand out as hexagons, other tasks are rounded boxes
/// (the node default).
pub(crate) fn step_shape(step: &Step) -> Option<Attribute> {
    match step.action {
        Action::Pay => Some(a("shape", "hexagon")),
        _ => None,
    }
}

/// What a step label shows besides the step itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepLabel<'a> {
    pub procedure: &'a Procedure,
    pub overlay: Option<&'a Overlay>,
    pub lang: Lang,
    /// Name the actor in the label (the group view has no lanes).
    pub show_actor: bool,
    /// List every document handed over (else only those with blockers).
    pub all_documents: bool,
    pub name_width: usize,
}

/// A step's HTML-like label, appended to `out`: the name in bold; the actor (group view);
/// channel, signature and duration; the documents handed over; the criteria it breaks
/// (`marks`: the step's, [`Overlay::step_marks`]).
pub(crate) fn step_label(out: &mut String, step: &Step, marks: &Marks, v: StepLabel<'_>) {
    let lang = v.lang;
    out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD><B>"#);
    push_wrapped(out, &step.name, v.name_width);
    out.push_str("</B></TD></TR>");
    if v.show_actor
        && let Some(actor) = v.procedure.actors.iter().find(|x| x.id == step.actor)
    {
        out.push_str(r#"<TR><TD><FONT POINT-SIZE="9" COLOR=""#);
        out.push_str(MUTED);
        out.push_str(r#""><I>"#);
        push_wrapped(out, &actor.name, v.name_width + 6);
        out.push_str("</I></FONT></TD></TR>");
    }
    out.push_str(r#"<TR><TD><FONT POINT-SIZE="9">"#);
    escape_into(out, text::channel(step.channel, lang));
    if let Some(signature) = text::signature(step.signature, lang) {
        out.push_str(" · ");
        escape_into(out, signature);
    }
    if let Some(days) = step.duration_days.and_then(|d| text::days(d, lang)) {
        out.push_str(" · ");
        escape_into(out, &days);
    }
    out.push_str("</FONT></TD></TR>");

    let mut line = String::new();
    for doc_id in &step.documents {
        let marks = v
            .overlay
            .and_then(|o| o.document_marks(&step.id, doc_id))
            .filter(|m| !m.is_empty());
        if marks.is_none() && !v.all_documents {
            continue;
        }
        let doc = v.procedure.documents.iter().find(|d| &d.id == doc_id);
        line.clear();
        line.push_str("• ");
        push_document_name(&mut line, doc, doc_id, lang);
        let colour = match &marks {
            Some(m) => {
                line.push_str(" — ");
                line.push_str(&marks_text(m, lang));
                if m.criteria.is_empty() {
                    LAW_TEXT
                } else {
                    WARN_TEXT
                }
            }
            None => INK,
        };
        out.push_str(r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="8" COLOR=""#);
        out.push_str(colour);
        out.push_str(r#"">"#);
        push_wrapped(out, &line, v.name_width + 10);
        out.push_str("</FONT></TD></TR>");
    }

    if v.overlay.is_some() {
        if !marks.criteria.is_empty() {
            let _ = write!(
                out,
                r#"<TR><TD><FONT POINT-SIZE="10" COLOR="{WARN_TEXT}"><B>{WARN_SIGN} {}</B></FONT></TD></TR>"#,
                escape_html(&text::criteria(&marks.criteria, lang))
            );
        }
        let justified: Vec<u8> = marks.only_justified().copied().collect();
        if !justified.is_empty() {
            let mut line = format!(
                "{} {}",
                text::criteria(&justified, lang),
                lang.pick("theo luật", "required by law")
            );
            if let Some(law) = &step.required_by {
                let _ = write!(line, ": {law}");
            }
            let _ = write!(
                out,
                r#"<TR><TD><FONT POINT-SIZE="9" COLOR="{LAW_TEXT}">{}</FONT></TD></TR>"#,
                wrapped(&line, v.name_width + 6)
            );
        }
    }
    out.push_str("</TABLE>");
}

/// A document's name with its form, appended to `out`: `Giấy chứng sinh (bản giấy)`.
fn push_document_name(out: &mut String, doc: Option<&DossierDocument>, id: &str, lang: Lang) {
    match doc {
        Some(d) => {
            out.push_str(&d.name);
            if matches!(d.form, Form::Paper) {
                out.push_str(" (");
                out.push_str(lang.pick("bản giấy", "paper"));
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

/// `Mức độ: Một phần` in the level's colour.
pub(crate) fn level_line(level: Level, lang: Lang) -> String {
    format!(
        r#"<FONT COLOR="{}"><B>{}: {}</B></FONT>"#,
        level_colour(level),
        lang.pick("Mức độ", "Level"),
        text::level(level, lang)
    )
}

/// Which rows the legend needs.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LegendRows {
    pub overlay: bool,
    pub events: bool,
    pub pay: bool,
    pub rework: bool,
    pub alternative: bool,
    pub links: bool,
}

/// The legend: a borderless table, one line per colour or line style, each led by a coloured
/// sample glyph (text only, so the table never stretches its samples), appended to `out`.
fn legend(out: &mut String, rows: LegendRows, lang: Lang) {
    out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1"><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9"><B>"#);
    out.push_str(lang.pick("Chú giải", "Legend"));
    out.push_str("</B></FONT></TD></TR>");
    let mut row = |sample: &str, colour: &str, what: &str| {
        out.push_str(r#"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9"><FONT COLOR=""#);
        out.push_str(colour);
        out.push_str(r#""><B>"#);
        out.push_str(sample);
        out.push_str("</B></FONT>  ");
        escape_into(out, what);
        out.push_str("</FONT></TD></TR>");
    };
    if rows.overlay {
        row(
            "■",
            WARN_LINE,
            lang.pick(
                "Bước vướng tiêu chí toàn trình (nền đỏ; TCn: tiêu chí n, Thông tư 01/2023/TT-VPCP)",
                "Step that breaks a criterion of a fully online service (red; Cn: criterion n, Circular 01/2023/TT-VPCP)",
            ),
        );
        row(
            "■",
            LAW_LINE,
            lang.pick(
                "Vướng tiêu chí do luật yêu cầu (nền tím, “theo luật”)",
                "Breaks a criterion because the law requires it (purple, “required by law”)",
            ),
        );
        row(
            "□",
            INK,
            lang.pick("Bước không vướng tiêu chí", "Step with no blocker"),
        );
    }
    if rows.events {
        row(
            "●",
            START_LINE,
            lang.pick("Bắt đầu / kết thúc", "Start / end"),
        );
    }
    if rows.pay {
        row(
            "⬡",
            INK,
            lang.pick(
                "Nộp phí, lệ phí (hình lục giác)",
                "Payment of a fee (hexagon)",
            ),
        );
    }
    row("──▶", INK, lang.pick("Bước tiếp theo", "Next step"));
    if rows.rework {
        row(
            "╌╌▶",
            REWORK,
            lang.pick(
                "Làm lại, yêu cầu bổ sung (nét đứt)",
                "Rework, e.g. completing the dossier (dashed)",
            ),
        );
    }
    if rows.alternative {
        row(
            "┈┈▶",
            ALTERNATIVE,
            lang.pick(
                "Một trong các phương án (nét chấm)",
                "One of several branches (dotted)",
            ),
        );
    }
    if rows.links {
        row(
            "━━▶",
            LINK,
            lang.pick(
                "Liên thông giữa các thủ tục (nét đậm)",
                "Link between procedures (bold)",
            ),
        );
        if rows.overlay {
            row(
                "━━▶",
                WARN_LINE,
                lang.pick(
                    "Liên thông không trực tuyến: vướng",
                    "Link not online: a blocker",
                ),
            );
        }
    }
    out.push_str("</TABLE>");
}

/// The title block, appended to `out`: heading, facts, level, procedure-wide blockers, then
/// the legend with these rows.
pub(crate) fn title(
    out: &mut String,
    heading: &str,
    facts: &[String],
    level: Option<Level>,
    extra: &[String],
    legend_rows: LegendRows,
    lang: Lang,
) {
    out.push_str(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1"><TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="15"><B>"#);
    push_wrapped(out, heading, 70);
    out.push_str("</B></FONT></TD></TR>");
    if !facts.is_empty() {
        out.push_str(r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR=""#);
        out.push_str(MUTED);
        out.push_str(r#"">"#);
        push_wrapped(out, &facts.join(" · "), 100);
        out.push_str("</FONT></TD></TR>");
    }
    if let Some(level) = level {
        out.push_str(r#"<TR><TD ALIGN="LEFT">"#);
        out.push_str(&level_line(level, lang));
        out.push_str("</TD></TR>");
    }
    for line in extra {
        out.push_str(r#"<TR><TD ALIGN="LEFT" BALIGN="LEFT">"#);
        out.push_str(line);
        out.push_str("</TD></TR>");
    }
    out.push_str(r#"<TR><TD ALIGN="LEFT">"#);
    legend(out, legend_rows, lang);
    out.push_str("</TD></TR></TABLE>");
}

/// The facts under a procedure's heading: authority, field, time limit, fee.
pub(crate) fn procedure_facts(p: &Procedure, lang: Lang) -> Vec<String> {
    let mut facts = Vec::new();
    facts.extend(p.authority.clone());
    facts.extend(p.field.clone());
    if let Some(d) = p.time_limit_days.and_then(|d| text::days(d, lang)) {
        facts.push(format!("{}: {d}", lang.pick("Thời hạn", "Time limit")));
    }
    if let Some(fee) = p.fee_vnd.filter(|f| *f > 0) {
        facts.push(format!(
            "{}: {} {}",
            lang.pick("Phí, lệ phí", "Fee"),
            thousands(fee, lang),
            lang.pick("đ", "VND")
        ));
    }
    facts
}

/// Procedure-wide blockers as a title line, e.g. `⚠ Chưa đạt (không gắn với bước nào): TC1`.
pub(crate) fn procedure_marks_line(overlay: Option<&Overlay>, lang: Lang) -> Option<String> {
    let o = overlay?;
    if o.procedure.is_empty() {
        return None;
    }
    let mut line = format!(
        "{WARN_SIGN} {}: {}",
        lang.pick("Vướng ngoài các bước", "Blockers outside the steps"),
        marks_text(&o.procedure, lang)
    );
    let colour = if o.procedure.criteria.is_empty() {
        LAW_TEXT
    } else {
        WARN_TEXT
    };
    line = format!(
        r#"<FONT POINT-SIZE="10" COLOR="{colour}"><B>{}</B></FONT>"#,
        escape_html(&line)
    );
    Some(line)
}

fn thousands(n: u64, lang: Lang) -> String {
    lang.thousands(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(200000, Lang::Vi), "200.000");
        assert_eq!(thousands(1234567, Lang::En), "1,234,567");
        assert_eq!(thousands(999, Lang::Vi), "999");
    }
}
