//! Mermaid flowcharts: the same diagram as the DOT one, as far as Mermaid allows, for pages
//! that render Mermaid themselves (GitHub, GitLab, wikis, mdBook with the Mermaid plugin).
//!
//! One subgraph per lane in [`Procedure::lane_order`], the steps numbered as in the step table
//! (`B1`, `B2`, … from [`Lang::step_number`]), start and end markers, decisions as diamonds
//! with their question and the flows' labels as answers, refusals (`reject`) and rework in
//! their own line styles, blockers as a badge and a red border (law-required ones purple), the
//! critical path as thick dark blue edges with its durations in bold, the way the verdict
//! follows on green and the options kept by the applicant's choice grey with a dashed border and
//! a note (never as blockers), and a legend of the marks used.
//! Node and subgraph ids are ASCII and generated; user text is escaped by
//! [`crate::escape::escape_mermaid`] inside quoted labels.

use std::fmt::Write as _;

use quytrinh_model::{Actor, Catalog, ChosenBy, FlowKind, Lang, LoadedGroup, Procedure, Step};

use crate::escape::{escape_mermaid, escape_yaml};
use crate::procedure::{ResolvedFlow, decides, flows, onward_and_branches};
use crate::style::{Mark, legend};
use crate::{Critical, Direction, GroupOverlay, Options, Overlay, style, text};

const BLOCKER: &str = style::WARN_LINE;
const LAW: &str = style::LAW_LINE;
const REWORK: &str = style::REWORK;
const LINK: &str = style::LINK;
const CRITICAL: &str = style::CRITICAL;

/// The Mermaid flowchart of one procedure.
pub fn render_procedure_mermaid(
    procedure: &Procedure,
    overlay: Option<&Overlay>,
    options: &Options,
) -> String {
    let mut chart = Chart::new(options);
    let mut title = format!("{} — {}", procedure.code, procedure.name);
    if let Some(level) = overlay.and_then(|o| o.level) {
        let _ = write!(title, " · {}", level.short_label(options.lang));
    }
    chart.header(&title);
    chart.procedure(procedure, overlay, "", options.lang, 1);
    chart.finish()
}

/// The Mermaid flowchart of a group: one subgraph per member (its lanes inside, in lane
/// order), and the links between members as thick labelled edges.
pub fn render_group_mermaid(
    catalog: &Catalog,
    group: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    options: &Options,
) -> String {
    let lang = options.lang;
    let mut chart = Chart::new(options);
    let mut title = format!(
        "{}: {} — {}",
        lang.pick("Nhóm TTHC liên thông", "Linked procedures"),
        group.group.code,
        group.group.name
    );
    if let Some(level) = overlay.and_then(|o| o.level) {
        let _ = write!(title, " · {}", level.short_label(lang));
    }
    chart.header(&title);
    let members: Vec<&Procedure> = catalog.members(group).collect();
    for (m, p) in members.iter().enumerate() {
        let prefix = format!("p{m}_");
        let member_overlay = overlay.and_then(|o| o.members.get(&p.code));
        let mut heading = format!("{} — {}", p.code, p.name);
        if let Some(level) = member_overlay.and_then(|o| o.level) {
            let _ = write!(heading, " · {}", level.short_label(lang));
        }
        let _ = writeln!(
            chart.body,
            "  subgraph p{m}[\"{}\"]",
            escape_mermaid(&heading)
        );
        chart.procedure(p, member_overlay, &prefix, lang, 2);
        chart.body.push_str("  end\n");
    }
    for (i, link) in group.links.iter().enumerate() {
        let find = |code: &str| members.iter().position(|p| p.code == code);
        let (Some(from), Some(to)) = (find(&link.from), find(&link.to)) else {
            continue;
        };
        let step_of = |m: usize, id: Option<&str>, last: bool| {
            let p = members.get(m)?;
            let index = match id {
                Some(id) => p.steps.iter().position(|s| s.id == id)?,
                None if last => p.steps.len().checked_sub(1)?,
                None => 0,
            };
            Some(format!("p{m}_s{index}"))
        };
        let (Some(a), Some(b)) = (
            step_of(from, link.from_step.as_deref(), true),
            step_of(to, link.to_step.as_deref(), false),
        ) else {
            continue;
        };
        let mut label = text::link_channel(link.channel, lang);
        if let Some(l) = &link.label {
            let _ = write!(label, ": {l}");
        }
        let blocking = overlay.is_some_and(|o| o.blocking_links.contains(&i));
        if blocking {
            label = format!("⚠ {label}");
        }
        let colour = if blocking { BLOCKER } else { LINK };
        chart.edge(&a, "==>", Some(&label), Some(coloured(colour)), &b);
    }
    chart.finish()
}

/// A flowchart being written: the body, then the styles of the edges drawn (by their index),
/// the classes of the nodes, and the marks its legend must explain.
struct Chart {
    out: String,
    body: String,
    edges: usize,
    link_styles: Vec<(usize, String)>,
    classes: Vec<(&'static str, String)>,
    lang: Lang,
    used: Vec<Mark>,
}

/// One procedure being drawn into a chart, with what its flows say of each step.
struct Drawing<'a> {
    p: &'a Procedure,
    overlay: Option<&'a Overlay>,
    /// Prefix of the node ids (`p0_` for a group's first member).
    prefix: &'a str,
    lang: Lang,
    /// Per step, its onward flows (not rework).
    onward: Vec<usize>,
    /// Per step, its branching flows (alternative and reject).
    branches: Vec<usize>,
    critical: Critical,
}

impl Drawing<'_> {
    /// A step with a question, or with two or more branches, decides in a diamond after it.
    fn decides(&self, i: usize) -> bool {
        decides(&self.branches, i, self.p.steps.get(i))
    }

    /// Who chooses among the alternatives leaving step `i`.
    fn chooser(&self, i: usize) -> ChosenBy {
        let id = self.p.steps.get(i).map(|s| s.id.as_str());
        let applicant = self.p.flows.iter().flatten().any(|f| {
            Some(f.from.as_str()) == id
                && f.kind == FlowKind::Alternative
                && f.chooser() == ChosenBy::Applicant
        });
        if applicant {
            ChosenBy::Applicant
        } else {
            ChosenBy::Agency
        }
    }
}

/// The style of an edge in `colour`, its label too.
fn coloured(colour: &str) -> String {
    format!("stroke:{colour},color:{colour}")
}

/// The style of an edge on the critical path.
fn critical_style() -> String {
    format!("stroke:{CRITICAL},stroke-width:3px")
}

impl Chart {
    fn new(options: &Options) -> Self {
        let direction = match options.direction {
            Direction::TopToBottom => "TB",
            Direction::LeftToRight => "LR",
        };
        Chart {
            out: format!("flowchart {direction}\n"),
            body: String::new(),
            edges: 0,
            link_styles: Vec::new(),
            classes: Vec::new(),
            lang: options.lang,
            used: Vec::new(),
        }
    }

    /// The title, in Mermaid's front matter (shown above the chart as plain text).
    fn header(&mut self, title: &str) {
        self.out = format!("---\ntitle: \"{}\"\n---\n{}", escape_yaml(title), self.out);
    }

    /// Draws the steps of `p` (ids `{prefix}s{i}`), its lanes, start and end markers and
    /// flows, indented by `depth` levels.
    fn procedure(
        &mut self,
        p: &Procedure,
        overlay: Option<&Overlay>,
        prefix: &str,
        lang: Lang,
        depth: usize,
    ) {
        let pad = "  ".repeat(depth);
        let flows = flows(p);
        let critical = Critical::of(p, overlay);
        if !critical.pairs.is_empty() {
            self.mark(Mark::Critical);
        }
        let (onward, branches) = onward_and_branches(&flows, p.steps.len());
        let d = Drawing {
            p,
            overlay,
            prefix,
            lang,
            onward,
            branches,
            critical,
        };
        for (lane, actor_index) in p.lane_order().into_iter().enumerate() {
            if let Some(actor) = p.actors.get(actor_index) {
                self.lane(&d, lane, actor, &pad);
            }
        }
        self.flows(&d, &flows);
    }

    /// The subgraph of one lane: the start marker if the first step is the actor's, then each
    /// of the actor's steps with its decision and end markers.
    fn lane(&mut self, d: &Drawing<'_>, lane: usize, actor: &Actor, pad: &str) {
        let (p, prefix, lang) = (d.p, d.prefix, d.lang);
        let _ = writeln!(
            self.body,
            "{pad}subgraph {prefix}lane{lane}[\"{}\"]",
            escape_mermaid(&actor.name)
        );
        let _ = writeln!(self.body, "{pad}  direction TB");
        if p.steps.first().is_some_and(|s| s.actor == actor.id) {
            let _ = writeln!(
                self.body,
                "{pad}  {prefix}qs([\"{}\"])",
                escape_mermaid(lang.pick("Bắt đầu", "Start"))
            );
            self.classes.push(("event", format!("{prefix}qs")));
        }
        for (i, step) in p.steps.iter().enumerate() {
            if step.actor != actor.id {
                continue;
            }
            let label = self.step_label(d, i, step);
            let _ = writeln!(self.body, "{pad}  {prefix}s{i}[\"{label}\"]");
            if d.decides(i) {
                let question = match (&step.decision, d.chooser(i)) {
                    (Some(q), _) => q.as_str(),
                    (None, ChosenBy::Applicant) => {
                        lang.pick("Người dân chọn", "The applicant chooses")
                    }
                    (None, ChosenBy::Agency) => {
                        lang.pick("Cơ quan quyết định", "The agency decides")
                    }
                };
                let _ = writeln!(
                    self.body,
                    "{pad}  {prefix}d{i}{{\"{}\"}}",
                    escape_mermaid(question)
                );
                self.classes.push(("decision", format!("{prefix}d{i}")));
            }
            if d.onward.get(i) == Some(&0) {
                let _ = writeln!(
                    self.body,
                    "{pad}  {prefix}qe{i}([\"{}\"])",
                    escape_mermaid(lang.pick("Kết thúc", "End"))
                );
                self.classes.push(("event", format!("{prefix}qe{i}")));
            }
        }
        let _ = writeln!(self.body, "{pad}end");
    }

    /// The label of step `i`: number, name, channel, signature, duration, blockers and the
    /// overlay's note; records the node's class and the marks for the legend.
    fn step_label(&mut self, d: &Drawing<'_>, i: usize, step: &Step) -> String {
        let (p, overlay, prefix, lang) = (d.p, d.overlay, d.prefix, d.lang);
        let marks = overlay.map(|o| o.step_marks(step)).unwrap_or_default();
        let mut label = format!(
            "<b>{} · {}</b><br/>{}",
            lang.step_number(i),
            escape_mermaid(&step.name),
            escape_mermaid(step.channel.label(lang))
        );
        if let Some(signature) = text::signature(step.signature, lang) {
            let _ = write!(label, " · {}", escape_mermaid(signature));
        }
        if let Some(days) = step.duration_days.filter(|d| d.is_finite() && *d >= 0.0) {
            let days = escape_mermaid(&lang.duration(days));
            if d.critical.steps.contains(&i) {
                let _ = write!(label, " · <b>{days}</b>");
            } else {
                let _ = write!(label, " · {days}");
            }
        }
        if !marks.is_empty() {
            let _ = write!(
                label,
                "<br/>⚠ {}",
                escape_mermaid(&style::marks_text(&marks, lang))
            );
            let (class, mark) = if marks.criteria.is_empty() {
                ("law", Mark::Justified)
            } else {
                ("blocker", Mark::Blocker)
            };
            self.classes.push((class, format!("{prefix}s{i}")));
            self.mark(mark);
        }
        // An option kept by the applicant's choice: grey, dashed, with its note; else the way
        // the verdict follows, where the applicant had a choice.
        if let Some(o) = overlay.and_then(|o| o.optional.get(&step.id)) {
            let instead = o
                .instead
                .as_deref()
                .and_then(|id| p.steps.iter().position(|s| s.id == id))
                .map(|k| lang.step_number(k));
            let _ = write!(
                label,
                "<br/><i>{}</i>",
                escape_mermaid(&style::optional_note(o, instead.as_deref(), lang))
            );
            self.classes.push(("optional", format!("{prefix}s{i}")));
            self.mark(Mark::Optional);
        } else if overlay.is_some_and(|o| o.in_strategy(p, step)) {
            self.classes.push(("strategy", format!("{prefix}s{i}")));
            self.mark(Mark::Strategy);
        }
        label
    }

    /// The edges of a procedure: from the start, into each diamond, each flow, into each end.
    fn flows(&mut self, d: &Drawing<'_>, flows: &[ResolvedFlow<'_>]) {
        let (p, prefix, lang) = (d.p, d.prefix, d.lang);
        if !p.steps.is_empty() {
            self.edge(
                &format!("{prefix}qs"),
                "-->",
                None,
                None,
                &format!("{prefix}s0"),
            );
        }
        for i in (0..p.steps.len()).filter(|&i| d.decides(i)) {
            let on_path = d.critical.pairs.iter().any(|&(x, _)| x == i);
            self.edge(
                &format!("{prefix}s{i}"),
                if on_path { "==>" } else { "-->" },
                None,
                on_path.then(critical_style),
                &format!("{prefix}d{i}"),
            );
        }
        let mut refuses = vec![false; p.steps.len()];
        for f in flows.iter().filter(|f| f.kind == FlowKind::Reject) {
            if let Some(r) = refuses.get_mut(f.from) {
                *r = true;
            }
        }
        for f in flows {
            // Branches leave the diamond; so does the way on past a refusal (a reject flow is the
            // alternative to everything else leaving its step), while normal flows beside
            // alternatives are taken whichever branch is, and leave the step itself.
            let branch = match f.kind {
                FlowKind::Alternative | FlowKind::Reject => true,
                FlowKind::Normal => refuses.get(f.from).copied().unwrap_or(false),
                FlowKind::Rework => false,
            };
            let from = if d.decides(f.from) && branch {
                format!("{prefix}d{}", f.from)
            } else {
                format!("{prefix}s{}", f.from)
            };
            let to = format!("{prefix}s{}", f.to);
            // The critical path, as in the DOT drawing: thick dark blue over any other colour
            // but rework's.
            let on_path = d.critical.pairs.contains(&(f.from, f.to));
            match f.kind {
                FlowKind::Normal | FlowKind::Alternative if on_path => {
                    self.edge(&from, "==>", f.label, Some(critical_style()), &to);
                }
                FlowKind::Normal | FlowKind::Alternative => {
                    self.edge(&from, "-->", f.label, None, &to);
                }
                FlowKind::Rework => self.edge(
                    &from,
                    "-.->",
                    Some(f.label.unwrap_or(lang.pick("làm lại", "rework"))),
                    Some(coloured(REWORK)),
                    &to,
                ),
                FlowKind::Reject => {
                    let label = match f.label {
                        Some(l) => format!("✕ {l}"),
                        None => format!("✕ {}", lang.pick("Từ chối", "Refused")),
                    };
                    let (arrow, style) = if on_path {
                        ("==>", critical_style())
                    } else {
                        ("-->", coloured(BLOCKER))
                    };
                    self.edge(&from, arrow, Some(&label), Some(style), &to);
                }
            }
        }
        for i in (0..p.steps.len()).filter(|&i| d.onward.get(i) == Some(&0)) {
            self.edge(
                &format!("{prefix}s{i}"),
                "-->",
                None,
                None,
                &format!("{prefix}qe{i}"),
            );
        }
    }

    /// Records that the chart shows `mark`, for its legend.
    fn mark(&mut self, mark: Mark) {
        if !self.used.contains(&mark) {
            self.used.push(mark);
        }
    }

    /// An edge from `from` to `to` with `arrow`, an optional label and style (Mermaid styles
    /// edges by their index, counted here).
    fn edge(
        &mut self,
        from: &str,
        arrow: &str,
        label: Option<&str>,
        style: Option<String>,
        to: &str,
    ) {
        let _ = write!(self.body, "  {from} {arrow}");
        if let Some(l) = label {
            let _ = write!(self.body, "|\"{}\"|", escape_mermaid(l));
        }
        let _ = writeln!(self.body, " {to}");
        if let Some(s) = style {
            self.link_styles.push((self.edges, s));
        }
        self.edges += 1;
    }

    fn finish(mut self) -> String {
        self.out.push_str(&self.body);
        self.legend();
        let _ = write!(
            self.out,
            concat!(
                "  classDef event fill:#e3f2e1,stroke:#2e7d32\n",
                "  classDef decision fill:#ffffff,stroke:#00695c\n",
                "  classDef strategy fill:{STRATEGY}\n",
                "  classDef optional fill:{OPTIONAL},stroke:{MUTED},stroke-dasharray:5 3\n",
                "  classDef blocker stroke:{BLOCKER},stroke-width:3px\n",
                "  classDef law stroke:{LAW},stroke-width:3px\n",
                "  classDef legend fill:#ffffff,stroke:{MUTED},text-align:left\n",
            ),
            STRATEGY = style::STRATEGY_FILL,
            OPTIONAL = style::OPTIONAL_FILL,
            MUTED = style::MUTED,
            BLOCKER = BLOCKER,
            LAW = LAW
        );
        for class in [
            "event", "decision", "strategy", "optional", "blocker", "law", "legend",
        ] {
            let ids: Vec<&str> = self
                .classes
                .iter()
                .filter(|(c, _)| *c == class)
                .map(|(_, id)| id.as_str())
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(self.out, "  class {} {class}", ids.join(","));
            }
        }
        for (index, style) in &self.link_styles {
            let _ = writeln!(self.out, "  linkStyle {index} {style}");
        }
        self.out
    }

    /// A legend of the analysis marks the chart uses (none when it uses none), in the words
    /// of the DOT drawing's legend, as one node apart from the lanes.
    fn legend(&mut self) {
        if self.used.is_empty() {
            return;
        }
        let lang = self.lang;
        let mut lines = Vec::new();
        for mark in [
            Mark::Critical,
            Mark::Strategy,
            Mark::Optional,
            Mark::Blocker,
            Mark::Justified,
        ] {
            if !self.used.contains(&mark) {
                continue;
            }
            let (sample, what) = match mark {
                Mark::Critical => ("━━", legend(mark, lang)),
                Mark::Strategy => ("■", legend(mark, lang)),
                Mark::Optional => ("▢", legend(mark, lang)),
                Mark::Blocker => ("⚠ TCn", legend(mark, lang)),
                // No footnotes in Mermaid: the badge itself says "theo luật".
                Mark::Justified => (
                    "TCn theo luật",
                    lang.pick(
                        "Vướng tiêu chí n vì luật yêu cầu, viền tím",
                        "Breaks criterion n because the law requires it, purple border",
                    ),
                ),
            };
            let sample = match lang {
                Lang::Vi => sample.to_owned(),
                Lang::En => sample.replace("TCn", "Cn"),
            };
            lines.push(format!(
                "<b>{}</b> {}",
                escape_mermaid(&sample),
                escape_mermaid(what)
            ));
        }
        // A node, not a subgraph: subgraphs are the lanes.
        let _ = writeln!(
            self.out,
            "  legend_marks[\"<b>{}</b><br/>{}\"]",
            escape_mermaid(lang.pick("Chú giải", "Legend")),
            lines.join("<br/>")
        );
        self.classes.push(("legend", "legend_marks".to_owned()));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// Lanes listed against the lane order (an official first, the applicant last), a decision
    /// with a refusal, rework.
    const PROCEDURE: &str = r#"{"procedure": {"code": "X.2", "name": "Thủ tục \"thử\"",
        "actors": [{"id": "ld", "name": "Lãnh đạo", "role": "official"},
                   {"id": "cq2", "name": "Cơ quan phối hợp", "role": "other_agency"},
                   {"id": "mc", "name": "Một cửa", "role": "agency"},
                   {"id": "dan", "name": "Công dân", "role": "applicant"}],
        "steps": [
          {"id": "nop", "name": "Nộp", "actor": "dan", "action": "submit", "channel": "online"},
          {"id": "nhan", "name": "Tiếp nhận", "actor": "mc", "action": "receive", "channel": "online",
           "duration_days": 0.125, "decision": "Hồ sơ hợp lệ?"},
          {"id": "bs", "name": "Bổ sung", "actor": "dan", "action": "supplement", "channel": "online"},
          {"id": "hoi", "name": "Lấy ý kiến", "actor": "cq2", "action": "consult", "channel": "paper"},
          {"id": "ky", "name": "Ký", "actor": "ld", "action": "approve", "channel": "online"},
          {"id": "tu_choi", "name": "Trả văn bản từ chối", "actor": "mc", "action": "return_result", "channel": "online"},
          {"id": "tra", "name": "Trả kết quả", "actor": "mc", "action": "return_result", "channel": "online"}
        ],
        "flows": [
          {"from": "nop", "to": "nhan"},
          {"from": "nhan", "to": "bs", "kind": "rework", "label": "Bổ sung"},
          {"from": "bs", "to": "nhan"},
          {"from": "nhan", "to": "tu_choi", "kind": "reject", "label": "Không hợp lệ"},
          {"from": "nhan", "to": "hoi", "label": "Hợp lệ"},
          {"from": "hoi", "to": "ky"},
          {"from": "ky", "to": "tra"}
        ]}}"#;

    fn chart(overlay: Option<&Overlay>) -> String {
        let doc = quytrinh_model::parse_str("t.json", PROCEDURE).unwrap();
        render_procedure_mermaid(&doc.procedure.unwrap(), overlay, &Options::default())
    }

    /// The lines of the subgraph whose title is `title`.
    fn lane<'a>(chart: &'a str, title: &str) -> Vec<&'a str> {
        let head = format!("[\"{title}\"]");
        chart
            .lines()
            .skip_while(|l| !(l.contains("subgraph") && l.ends_with(&head)))
            .skip(1)
            .take_while(|l| l.trim() != "end")
            .collect()
    }

    #[test]
    fn lanes_come_in_lane_order_with_their_steps() {
        let c = chart(None);
        let titles: Vec<&str> = c
            .lines()
            .filter_map(|l| l.trim().strip_prefix("subgraph "))
            .map(|l| l.split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Công dân", "Một cửa", "Lãnh đạo", "Cơ quan phối hợp"]
        );
        let applicant = lane(&c, "Công dân");
        assert!(applicant.iter().any(|l| l.contains("qs([\"Bắt đầu\"])")));
        assert!(applicant.iter().any(|l| l.contains("s0[\"<b>B1 · Nộp</b>")));
        assert!(
            applicant
                .iter()
                .any(|l| l.contains("s2[\"<b>B3 · Bổ sung</b>"))
        );
        let agency = lane(&c, "Một cửa");
        assert!(
            agency
                .iter()
                .any(|l| l.contains("B2 · Tiếp nhận</b><br/>trực tuyến · 1 giờ"))
        );
        assert!(agency.iter().any(|l| l.contains("d1{\"Hồ sơ hợp lệ?\"}")));
        assert!(agency.iter().any(|l| l.contains("qe5([\"Kết thúc\"])")));
        assert!(agency.iter().any(|l| l.contains("qe6([\"Kết thúc\"])")));
    }

    #[test]
    fn decisions_refusals_and_rework_are_drawn_as_such() {
        let c = chart(None);
        assert!(c.contains("  s1 --> d1\n"));
        assert!(c.contains("  d1 -->|\"✕ Không hợp lệ\"| s5\n"));
        // Going on past a refusal is the other answer of the same question.
        assert!(c.contains("  d1 -->|\"Hợp lệ\"| s3\n"));
        assert!(c.contains("  s1 -.->|\"Bổ sung\"| s2\n"));
        let edges: Vec<&str> = c
            .lines()
            .filter(|l| l.contains("-->") || l.contains("-.->"))
            .collect();
        let reject = edges.iter().position(|l| l.contains("✕")).unwrap();
        let rework = edges.iter().position(|l| l.contains("-.->")).unwrap();
        assert!(c.contains(&format!("linkStyle {reject} stroke:{BLOCKER}")));
        assert!(c.contains(&format!("linkStyle {rework} stroke:{REWORK}")));
        assert!(c.starts_with("---\ntitle: \"X.2 — Thủ tục \\\"thử\\\"\"\n---\nflowchart TB\n"));
    }

    #[test]
    fn blockers_get_a_badge_and_a_border() {
        let mut o = Overlay::default();
        o.add_blocker(6, Some("hoi"), None, false);
        o.add_blocker(6, Some("ky"), None, true);
        let c = chart(Some(&o));
        assert!(c.contains("B4 · Lấy ý kiến</b><br/>bằng giấy<br/>⚠ TC6\"]"));
        assert!(c.contains("  class s3 blocker\n"));
        assert!(c.contains("  class s4 law\n"));
    }

    #[test]
    fn the_critical_path_is_thick_and_dark_blue() {
        let o = Overlay {
            critical_path: ["nop", "nhan", "hoi", "ky", "tra"]
                .map(str::to_owned)
                .to_vec(),
            ..Overlay::default()
        };
        let c = chart(Some(&o));
        let edges: Vec<&str> = c
            .lines()
            .filter(|l| l.contains("-->") || l.contains("-.->") || l.contains("==>"))
            .collect();
        let styled = |edge: &str| {
            let i = edges.iter().position(|l| l.trim() == edge).unwrap();
            c.lines()
                .find(|l| l.trim_start().starts_with(&format!("linkStyle {i} ")))
                .map(str::to_owned)
        };
        let thick = format!("stroke:{CRITICAL},stroke-width:3px");
        // Every flow of the path, through the decision, and nothing else.
        for edge in [
            "s0 ==> s1",
            "s1 ==> d1",
            "d1 ==>|\"Hợp lệ\"| s3",
            "s3 ==> s4",
            "s4 ==> s6",
        ] {
            assert!(styled(edge).unwrap().ends_with(&thick), "{edge}\n{c}");
        }
        assert_eq!(c.matches(&thick).count(), 5, "{c}");
        assert!(c.contains("  qs --> s0\n") && c.contains("  s2 --> s1\n"));
        // The refusal keeps its colour; the path's durations are bold.
        assert!(
            styled("d1 -->|\"✕ Không hợp lệ\"| s5")
                .unwrap()
                .contains(BLOCKER)
        );
        assert!(c.contains("B2 · Tiếp nhận</b><br/>trực tuyến · <b>1 giờ</b>"));
        assert!(c.contains("<b>━━</b> Đường găng"));
    }

    #[test]
    fn options_kept_by_choice_are_neutral_with_a_note() {
        let mut o = Overlay::default();
        o.add_optional(6, "hoi", Some("ky"));
        o.add_optional(8, "hoi", None);
        o.strategy_steps = ["nop", "nhan", "ky", "tra"].map(str::to_owned).into();
        let c = chart(Some(&o));
        assert!(c.contains(
            "B4 · Lấy ý kiến</b><br/>bằng giấy<br/><i>Giữ lại theo lựa chọn của người nộp (TC6, TC8); có thể chọn B5</i>\"]"
        ));
        assert!(c.contains("  class s3 optional\n"), "{c}");
        assert!(c.contains("  class s0,s1,s6,s4 strategy\n"), "{c}");
        // Never a blocker: no red border, no badge.
        assert!(!c.contains("class s3 blocker") && !c.contains("⚠"), "{c}");
        assert!(c.contains("classDef optional fill:#eceff1,stroke:#546e7a,stroke-dasharray:5 3"));
        // The legend explains the two marks used, and only those.
        let legend = c.lines().find(|l| l.contains("legend_marks[")).unwrap();
        assert!(legend.contains("Phương án giữ lại theo lựa chọn của người nộp"));
        assert!(legend.contains("Cách làm được dùng để đánh giá mức độ"));
        assert!(!legend.contains("Đường găng") && !legend.contains("TCn"));
    }

    #[test]
    fn no_analysis_no_legend() {
        let c = chart(None);
        assert!(!c.contains("legend_marks") && !c.contains("==>"), "{c}");
    }
}
