//! As-is and to-be side by side: the two diagrams the renderer draws anyway, each in a box of
//! its own (as-is left, to-be right), their ids prefixed so they do not collide, and the steps
//! re-engineering changed drawn with a thick blue border in the to-be diagram.

use std::collections::{BTreeMap, BTreeSet};

use graphviz_rust::dot_structures::{EdgeTy, Graph, Id, Stmt, Vertex};
use quytrinh_model::{Catalog, LoadedGroup, Procedure};

use crate::dot::{self, a, digraph, graph_attrs, html, node, q, subgraph};
use crate::procedure::{anchor_attrs, keep_order};
use crate::style;
use crate::{GroupOverlay, Options, Overlay};

/// The border of a changed step.
const CHANGED_LINE: &str = "#1565c0";

/// One side of the comparison: a procedure or a group, with its analysis overlay if any.
#[derive(Debug, Clone, Copy)]
pub enum Side<'a> {
    Procedure(&'a Procedure, Option<&'a Overlay>),
    Group(&'a Catalog, &'a LoadedGroup, Option<&'a GroupOverlay>),
}

/// One DOT with the as-is diagram on the left and the to-be diagram on the right. `changed`
/// names, by procedure code, the step ids of the to-be model that re-engineering changed or
/// added; they are drawn with a thick blue border.
pub fn render_compare(
    as_is: Side<'_>,
    to_be: Side<'_>,
    changed: &BTreeMap<String, BTreeSet<String>>,
    options: &Options,
) -> String {
    let lang = options.lang;
    let left = side_stmts(as_is, &BTreeMap::new(), options, "l_");
    let right = side_stmts(to_be, changed, options, "r_");
    let title = format!(
        r#"<B>{}</B><BR/><FONT POINT-SIZE="9" COLOR="{CHANGED_LINE}">{}</FONT>"#,
        lang.pick(
            "Hiện trạng (trái) và sau tái cấu trúc (phải)",
            "As-is (left) and to-be (right)"
        ),
        lang.pick(
            "viền xanh đậm: bước thay đổi hoặc thêm khi tái cấu trúc",
            "thick blue border: a step changed or added by re-engineering"
        ),
    );
    let mut stmts = style::defaults(options, html("label", &title), vec![]);
    for (name, anchor, heading, body) in [
        (
            "cluster_as_is",
            "l_side",
            lang.pick("HIỆN TRẠNG", "AS-IS"),
            left,
        ),
        (
            "cluster_to_be",
            "r_side",
            lang.pick("SAU TÁI CẤU TRÚC", "TO-BE"),
            right,
        ),
    ] {
        let mut inner = vec![
            graph_attrs(vec![
                html("label", &format!("<B>{heading}</B>")),
                a("fontsize", "13"),
                a("labeljust", "l"),
                q("style", "dashed"),
                q("color", style::LANE_LINE),
            ]),
            node(anchor, anchor_attrs()),
        ];
        inner.extend(body);
        stmts.push(subgraph(name, inner));
    }
    stmts.extend(keep_order(&["l_side".to_owned(), "r_side".to_owned()]));
    dot::print(digraph("compare", stmts))
}

/// A side's diagram as the statements of a cluster, ids prefixed, changed steps marked.
fn side_stmts(
    side: Side<'_>,
    changed: &BTreeMap<String, BTreeSet<String>>,
    options: &Options,
    prefix: &str,
) -> Vec<Stmt> {
    let (graph, marked) = match side {
        Side::Procedure(p, overlay) => {
            let marked = changed_nodes(p, changed, "");
            (crate::procedure::graph(p, overlay, options), marked)
        }
        Side::Group(catalog, g, overlay) => {
            let marked: BTreeSet<String> = catalog
                .members(g)
                .enumerate()
                .flat_map(|(m, p)| changed_nodes(p, changed, &format!("p{m}_")))
                .collect();
            (crate::group::graph(catalog, g, overlay, options), marked)
        }
    };
    let mut stmts = match graph {
        Graph::DiGraph { stmts, .. } | Graph::Graph { stmts, .. } => stmts,
    };
    for s in &mut stmts {
        mark(s, &marked);
        rename(s, prefix);
    }
    // The side's own diagram, title and lanes included, as a box inside the side's box.
    vec![subgraph(&format!("cluster_{prefix}diagram"), stmts)]
}

/// The node ids (`{prefix}s{i}`) of the changed steps of `p`.
fn changed_nodes(
    p: &Procedure,
    changed: &BTreeMap<String, BTreeSet<String>>,
    prefix: &str,
) -> BTreeSet<String> {
    let Some(ids) = changed.get(&p.code) else {
        return BTreeSet::new();
    };
    p.steps
        .iter()
        .enumerate()
        .filter(|(_, s)| ids.contains(&s.id))
        .map(|(i, _)| format!("{prefix}s{i}"))
        .collect()
}

/// Gives the marked step nodes a thick blue border (a later attribute wins in DOT).
fn mark(stmt: &mut Stmt, marked: &BTreeSet<String>) {
    match stmt {
        Stmt::Node(n) => {
            if let Id::Plain(id) = &n.id.0
                && marked.contains(id)
            {
                n.attributes.push(q("color", CHANGED_LINE));
                n.attributes.push(a("penwidth", "3"));
            }
        }
        Stmt::Subgraph(s) => {
            for inner in &mut s.stmts {
                mark(inner, marked);
            }
        }
        _ => {}
    }
}

/// Prefixes every node and subgraph id (clusters stay clusters: `cluster_` + prefix + rest).
fn rename(stmt: &mut Stmt, prefix: &str) {
    match stmt {
        Stmt::Node(n) => rename_id(&mut n.id.0, prefix),
        Stmt::Edge(e) => match &mut e.ty {
            EdgeTy::Pair(x, y) => {
                rename_vertex(x, prefix);
                rename_vertex(y, prefix);
            }
            EdgeTy::Chain(vs) => {
                for v in vs {
                    rename_vertex(v, prefix);
                }
            }
        },
        Stmt::Subgraph(s) => {
            rename_id(&mut s.id, prefix);
            for inner in &mut s.stmts {
                rename(inner, prefix);
            }
        }
        Stmt::GAttribute(_) | Stmt::Attribute(_) => {}
    }
}

fn rename_vertex(v: &mut Vertex, prefix: &str) {
    match v {
        Vertex::N(n) => rename_id(&mut n.0, prefix),
        Vertex::S(s) => {
            rename_id(&mut s.id, prefix);
            for inner in &mut s.stmts {
                rename(inner, prefix);
            }
        }
    }
}

/// Ids are the renderer's own (ASCII, plain or quoted), never user text.
fn rename_id(id: &mut Id, prefix: &str) {
    let renamed = |name: &str| match name.strip_prefix("cluster_") {
        Some(rest) => format!("cluster_{prefix}{rest}"),
        None => format!("{prefix}{name}"),
    };
    match id {
        Id::Plain(s) => *s = renamed(s),
        Id::Escaped(s) => {
            let inner = s.trim_matches('"');
            *s = format!("\"{}\"", renamed(inner));
        }
        Id::Html(_) | Id::Anonymous(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_clusters_stay_clusters() {
        let mut plain = Id::Plain("s3".to_owned());
        rename_id(&mut plain, "r_");
        assert_eq!(plain, Id::Plain("r_s3".to_owned()));
        let mut cluster = Id::Escaped("\"cluster_lane0\"".to_owned());
        rename_id(&mut cluster, "l_");
        assert_eq!(cluster, Id::Escaped("\"cluster_l_lane0\"".to_owned()));
    }

    #[test]
    fn both_sides_are_drawn_and_only_changed_steps_marked() {
        let text = r#"{"procedure": {"code": "X", "name": "X", "actors": [{"id": "a", "name": "A", "role": "applicant"}],
            "steps": [{"id": "nop", "name": "Nộp", "actor": "a", "action": "submit", "channel": "in_person"},
                      {"id": "tra", "name": "Nhận", "actor": "a", "action": "return_result", "channel": "in_person"}]}}"#;
        let doc = quytrinh_model::parse_str("x.json", text).unwrap_or_else(|_| panic!("parses"));
        let Some(p) = doc.procedure else {
            panic!("a procedure")
        };
        let changed = BTreeMap::from([("X".to_owned(), BTreeSet::from(["tra".to_owned()]))]);
        let dot = render_compare(
            Side::Procedure(&p, None),
            Side::Procedure(&p, None),
            &changed,
            &Options::default(),
        );
        assert!(dot.contains("l_s0") && dot.contains("r_s0") && !dot.contains(" s0"));
        assert_eq!(
            dot.matches(&format!("color=\"{CHANGED_LINE}\"")).count(),
            1,
            "{dot}"
        );
    }
}
