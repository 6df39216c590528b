//! A group of inter-linked procedures (nhóm TTHC liên thông): one lane per actor across the
//! whole group (actors of the same role and name in several members share a lane), each step
//! tagged with its member's code on a strip of the member's colour, the links between members
//! as labelled edges with their channel, and the group's findings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dot_structures::{Graph, Stmt};
use quytrinh_model::{Catalog, Lang, Link, LoadedGroup, Procedure, Role};

use crate::dot::{a, digraph, edge, graph_attrs, html, html_with, node, q};
use crate::layout::{self, Lane};
use crate::procedure::{self, Ctx, Part, draw_steps, flows};
use crate::style::{self, Citations, Header};
use crate::text::{self, capitalised, wrapped};
use crate::{GroupOverlay, Options};

pub(crate) fn graph(
    catalog: &Catalog,
    g: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    options: &Options,
) -> Graph {
    let lang = options.lang;
    let mut ctx = Ctx {
        compact: true,
        ..Ctx::default()
    };
    let body = body(catalog, g, overlay, "", &BTreeMap::new(), lang, &mut ctx);
    let mut stmts = style::defaults(
        options,
        html("label", &header(catalog, g, overlay, lang).markup()),
    );
    // Narrower than a single diagram: a group has more lanes, and must fit an A4 page.
    stmts.push(graph_attrs(vec![a("nodesep", "0.06")]));
    stmts.extend(body.stmts);
    stmts.extend(procedure::footer(
        "",
        procedure::middle(&body.tails),
        &ctx,
        lang,
    ));
    digraph("group", stmts)
}

/// The group's header: heading, time limit and members, level, time and trips.
pub(crate) fn header(
    catalog: &Catalog,
    g: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    lang: Lang,
) -> Header {
    let members = catalog.members(g).count();
    let mut h = Header::new(&format!(
        "{}: {} — {}",
        lang.pick("Nhóm TTHC liên thông", "Linked procedures"),
        g.group.code,
        g.group.name
    ));
    h.facts(&[format!(
        "{members} {}",
        lang.pick(
            "thủ tục",
            if members == 1 {
                "procedure"
            } else {
                "procedures"
            }
        )
    )]);
    h.level(overlay.and_then(|o| o.level), None, lang);
    procedure::time_line(
        &mut h,
        overlay.and_then(|o| o.critical_path_days),
        g.group.time_limit_days,
        overlay.and_then(|o| o.trips),
        lang,
    );
    h
}

/// The lanes of a group with its members' steps and links. `changes` by procedure code, then
/// step id (before/after).
pub(crate) fn body(
    catalog: &Catalog,
    g: &LoadedGroup,
    overlay: Option<&GroupOverlay>,
    prefix: &str,
    changes: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    lang: Lang,
    ctx: &mut Ctx,
) -> layout::Drawn {
    let compact = ctx.compact;
    let members: Vec<&Procedure> = catalog.members(g).collect();

    let (keys, mut lanes) = group_lanes(&members, lang, compact);

    let mut edges: Vec<Stmt> = Vec::new();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut loose: Vec<Stmt> = Vec::new();
    let no_changes = BTreeMap::new();
    for (m, p) in members.iter().enumerate() {
        let colour = style::MEMBER_COLOURS
            .get(m % style::MEMBER_COLOURS.len())
            .copied()
            .unwrap_or(style::LANE_FILL);
        ctx.used
            .members
            .push((colour, format!("{} — {}", p.code, p.name)));
        // A member starts where the applicant starts it, unless a link hands it its first
        // step.
        let receives = g.links.iter().any(|l| {
            l.to == p.code
                && l.to_step
                    .as_ref()
                    .is_none_or(|s| p.steps.first().is_some_and(|f| &f.id == s))
        });
        let member_prefix = format!("{prefix}p{m}_");
        let part = Part {
            procedure: p,
            overlay: overlay.and_then(|o| o.members.get(&p.code)),
            prefix: &member_prefix,
            member: Some((colour, p.code.clone())),
            changes: changes.get(&p.code).unwrap_or(&no_changes),
            repeated: overlay.and_then(|o| o.repeated.get(&p.code)),
            start: !receives,
            no_end: Default::default(),
            compact,
            blocked_documents_only: ctx.blocked_documents_only,
        };
        let steps = draw_steps(&part, lang, ctx);
        for n in steps.nodes {
            let lane = p
                .actors
                .iter()
                .find(|x| x.id == n.actor)
                .map(|x| lane_key(p, x))
                .and_then(|key| keys.iter().position(|k| *k == key))
                .and_then(|k| lanes.get_mut(k));
            match lane {
                Some(lane) => lane.nodes.push((n.id, n.attrs)),
                None => loose.push(node(n.id, n.attrs)),
            }
        }
        edges.extend(steps.edges);
        order.extend(steps.order);
    }

    if !g.links.is_empty() {
        ctx.used.links = true;
    }
    for (i, link) in g.links.iter().enumerate() {
        let blocking = overlay.is_some_and(|o| o.blocking_links.contains(&i));
        ctx.used.blocking_link |= blocking;
        if let Some((from, to, stmt)) =
            link_edge(&members, prefix, link, blocking, &mut ctx.links, lang)
        {
            order.push((from, to));
            edges.push(stmt);
        }
    }

    let mut drawn = layout::draw(prefix, lanes, &order);
    drawn.stmts.extend(loose);
    drawn.stmts.extend(edges);
    drawn
}

/// The lanes of a group: one for the applicant, then one per agency across the group (a
/// member's agency and its officials share the lane of its `authority`; other agencies and
/// service providers have their own), in lane order: by role, then as first met (members in
/// order, each member's actors in lane order). Each lane with its key (see [`lane_key`]).
fn group_lanes(
    members: &[&Procedure],
    lang: Lang,
    compact: bool,
) -> (Vec<(Role, String)>, Vec<Lane>) {
    let mut keys: Vec<(Role, String)> = Vec::new();
    for p in members {
        for &i in &p.lane_order() {
            if let Some(actor) = p.actors.get(i) {
                let key = lane_key(p, actor);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    keys.sort_by_key(|(role, _)| *role);
    let lanes: Vec<Lane> = keys
        .iter()
        .map(|(role, name)| Lane {
            title: if *role == Role::Applicant {
                layout::title(
                    lang.pick("Người yêu cầu", "Applicant"),
                    text::role(*role, lang),
                    compact,
                )
            } else {
                layout::title(name, text::role(*role, lang), compact)
            },
            applicant: *role == Role::Applicant,
            nodes: Vec::new(),
        })
        .collect();
    (keys, lanes)
}

/// The lane an actor of member `p` is drawn in: the applicant's, its agency's (by the
/// member's `authority`), or its own.
fn lane_key(p: &Procedure, actor: &quytrinh_model::Actor) -> (Role, String) {
    match actor.role {
        Role::Applicant => (Role::Applicant, String::new()),
        Role::Agency | Role::Official => match &p.authority {
            Some(authority) => (Role::Agency, authority.clone()),
            None => (actor.role, actor.name.clone()),
        },
        role => (role, actor.name.clone()),
    }
}

/// A link as a bold edge from `from_step` (else the member's last end step) to `to_step`
/// (else its first step), labelled with its number and channel (`LT1`, `liên thông trực
/// tuyến`); what it is and carries is its numbered note under the chart (`links`), so that
/// long labels do not push the lanes apart.
fn link_edge(
    members: &[&Procedure],
    prefix: &str,
    link: &Link,
    blocking: bool,
    links: &mut Citations,
    lang: Lang,
) -> Option<(String, String, Stmt)> {
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
    let channel = text::link_channel(link.channel, lang);
    let mut note = format!(
        "{} {} → {} {}",
        from.code,
        lang.step_number(from_step),
        to.code,
        lang.step_number(to_step)
    );
    if let Some(l) = &link.label {
        let _ = write!(note, ": {l}");
    }
    if !link.carries.is_empty() {
        let _ = write!(
            note,
            ". {}: {}",
            lang.pick("Chuyển", "Carries"),
            link.carries.join(", ")
        );
    }
    let _ = write!(note, ". {}", capitalised(&channel));
    if blocking {
        let _ = write!(
            note,
            " ({})",
            lang.pick("vướng: chưa trực tuyến", "a blocker: not online")
        );
    }
    let number = links.number(&note);
    let mut label = String::with_capacity(64);
    let tag = format!("{} {number}", lang.pick("LT", "L"));
    if blocking {
        let _ = write!(label, "<B>{} {tag}</B><BR/>", style::WARN_SIGN);
    } else {
        let _ = write!(label, "<B>{tag}</B><BR/>");
    }
    label.push_str(&wrapped(&channel, 12));
    let (x, y) = (
        format!("{prefix}p{fm}_s{from_step}"),
        format!("{prefix}p{tm}_s{to_step}"),
    );
    let stmt = edge(
        &x,
        &y,
        vec![
            a("penwidth", "2.5"),
            q("color", colour),
            q("fontcolor", colour),
            html_with("label", label.len(), |out| out.push_str(&label)),
        ],
    );
    Some((x, y, stmt))
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
