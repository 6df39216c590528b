//! A group of inter-linked procedures (nhóm TTHC liên thông): one cluster per member with its
//! steps (each naming its actor), and the links between members as bold edges.

use std::fmt::Write as _;

use graphviz_rust::dot_structures::{Graph, Stmt};
use quytrinh_model::{Catalog, Lang, Link, LoadedGroup, Procedure};

use crate::dot::{a, digraph, edge, graph_attrs, html, html_with, node, q, subgraph};
use crate::procedure::{anchor_attrs, flows, keep_order, steps_and_flows};
use crate::style::{self, LegendRows, StepLabel};
use crate::text::{self, escape_html, wrapped};
use crate::{GroupOverlay, Options};

pub(crate) fn graph(
    catalog: &Catalog,
    g: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    options: &Options,
) -> Graph {
    let lang = options.lang;
    let members: Vec<&Procedure> = catalog.members(g).collect();
    let mut clusters: Vec<Stmt> = Vec::new();
    let mut edges: Vec<Stmt> = Vec::new();
    let mut anchors: Vec<String> = Vec::new();
    let mut rows = LegendRows {
        overlay: overlay.is_some(),
        links: !g.links.is_empty(),
        ..LegendRows::default()
    };

    for (m, p) in members.iter().enumerate() {
        let member_overlay = overlay.and_then(|o| o.members.get(&p.code));
        let flows = flows(p);
        rows.pay |= p
            .steps
            .iter()
            .any(|s| s.action == quytrinh_model::Action::Pay);
        rows.rework |= flows
            .iter()
            .any(|f| f.kind == quytrinh_model::FlowKind::Rework);
        rows.alternative |= flows
            .iter()
            .any(|f| f.kind == quytrinh_model::FlowKind::Alternative);
        let label = StepLabel {
            procedure: p,
            overlay: member_overlay,
            lang,
            show_actor: true,
            all_documents: false,
            name_width: 22,
        };
        let drawn = steps_and_flows(p, &flows, &format!("p{m}_"), label);

        let mut heading = format!(
            r#"<B>{}</B>"#,
            wrapped(&format!("{} — {}", p.code, p.name), 40)
        );
        if let Some(level) = member_overlay.and_then(|o| o.level) {
            let _ = write!(heading, "<BR/>{}", style::level_line(level, lang));
        }
        if let Some(line) = style::procedure_marks_line(member_overlay, lang) {
            let _ = write!(heading, "<BR/>{line}");
        }
        let mut body = vec![graph_attrs(vec![
            html("label", &heading),
            a("fontsize", "11"),
            a("labeljust", "l"),
            a("style", "filled"),
            q("fillcolor", style::LANE_FILL),
            q("color", style::LANE_LINE),
        ])];
        let anchor = format!("p{m}_head");
        body.push(node(&anchor, anchor_attrs()));
        anchors.push(anchor);
        body.extend(drawn.nodes.into_iter().map(|(_, stmt)| stmt));
        clusters.push(subgraph(&format!("cluster_p{m}"), body));
        edges.extend(drawn.edges);
    }

    for (i, link) in g.links.iter().enumerate() {
        let blocking = overlay.is_some_and(|o| o.blocking_links.contains(&i));
        if let Some(stmts) = link_edge(&members, i, link, blocking, lang) {
            edges.extend(stmts);
        }
    }

    let heading = format!(
        "{}: {} — {}",
        lang.pick("Nhóm TTHC liên thông", "Linked procedures"),
        g.group.code,
        g.group.name
    );
    let mut facts = Vec::new();
    if let Some(d) = g.group.time_limit_days.and_then(|d| text::days(d, lang)) {
        facts.push(format!("{}: {d}", lang.pick("Thời hạn", "Time limit")));
    }
    facts.push(format!(
        "{} {}",
        members.len(),
        lang.pick(
            "thủ tục",
            if members.len() == 1 {
                "procedure"
            } else {
                "procedures"
            }
        )
    ));
    let title = html_with("label", 2048, |out| {
        style::title(
            out,
            &heading,
            &facts,
            overlay.and_then(|o| o.level),
            &[],
            rows,
            lang,
        );
    });

    let mut stmts = style::defaults(options, title, vec![]);
    stmts.extend(clusters);
    stmts.extend(keep_order(&anchors));
    stmts.extend(edges);
    digraph("group", stmts)
}

/// A link as a bold line from `from_step` (else the member's last end step) to `to_step` (else
/// its first step), through a text node that names the link, what it carries and its channel.
/// The text node hangs below the sending step (outside the members' boxes, so the text never
/// crosses a box); the line to the receiving step does not constrain the layout, so the
/// members stay side by side.
fn link_edge(
    members: &[&Procedure],
    index: usize,
    link: &Link,
    blocking: bool,
    lang: Lang,
) -> Option<[Stmt; 3]> {
    let (fm, from) = members
        .iter()
        .enumerate()
        .find(|(_, p)| p.code == link.from)?;
    let (tm, to) = members
        .iter()
        .enumerate()
        .find(|(_, p)| p.code == link.to)?;
    let from_step = match &link.from_step {
        Some(id) => from.steps.iter().position(|s| &s.id == id)?,
        None => last_end_step(from)?,
    };
    let to_step = match &link.to_step {
        Some(id) => to.steps.iter().position(|s| &s.id == id)?,
        None => 0,
    };
    let colour = if blocking {
        style::WARN_LINE
    } else {
        style::LINK
    };
    let mut label = String::new();
    if let Some(l) = &link.label {
        let _ = write!(label, "<B>{}</B><BR/>", wrapped(l, 30));
    }
    if !link.carries.is_empty() {
        let carries = format!(
            "{}: {}",
            lang.pick("Chuyển", "Carries"),
            link.carries.join(", ")
        );
        let _ = write!(label, "{}<BR/>", wrapped(&carries, 34));
    }
    let channel = text::link_channel(link.channel, lang);
    if blocking {
        let _ = write!(
            label,
            "<B>{} {}</B>",
            style::WARN_SIGN,
            escape_html(&channel)
        );
    } else {
        label.push_str(&escape_html(&channel));
    }
    let hub = format!("link{index}");
    Some([
        node(
            &hub,
            vec![
                a("shape", "plaintext"),
                q("style", ""),
                q("fontcolor", colour),
                html("label", &label),
            ],
        ),
        edge(
            format!("p{fm}_s{from_step}"),
            &hub,
            vec![
                a("penwidth", "2.5"),
                q("color", colour),
                a("arrowhead", "none"),
            ],
        ),
        edge(
            &hub,
            format!("p{tm}_s{to_step}"),
            vec![
                a("penwidth", "2.5"),
                q("color", colour),
                a("arrowsize", "1"),
                a("constraint", "false"),
            ],
        ),
    ])
}

/// The last step listed that is an end step (no outgoing flow other than rework), else the
/// last step.
fn last_end_step(p: &Procedure) -> Option<usize> {
    let flows = flows(p);
    let is_end = |i: usize| {
        !flows
            .iter()
            .any(|f| f.from == i && f.kind != quytrinh_model::FlowKind::Rework)
    };
    (0..p.steps.len())
        .rev()
        .find(|&i| is_end(i))
        .or_else(|| p.steps.len().checked_sub(1))
}
