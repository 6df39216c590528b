//! The layout: Graphviz lays out an equivalent graph (`dot -Tjson`), and the BPMN takes its
//! coordinates from there.
//!
//! The graph has one node per BPMN flow node, sized as the BPMN shape (so no label or font can
//! change the layout), steps left to right, and one cluster per lane. Graphviz decides where
//! each node goes along the flow and within its lane; the lanes are then stacked in the fixed
//! lane order ([`quytrinh_model::Procedure::lane_order`]), each as tall as its cluster, so no
//! two shapes overlap and every lane keeps its place whatever Graphviz did with the clusters.

use std::collections::BTreeMap;

use quytrinh_render::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};

use crate::plan::{NodeKind, Plan};

/// Sizes of the BPMN shapes, in diagram units (Graphviz points).
pub(crate) const TASK_W: f64 = 120.0;
pub(crate) const TASK_H: f64 = 80.0;
pub(crate) const GATEWAY: f64 = 50.0;
pub(crate) const EVENT: f64 = 36.0;

/// The size of a node's shape.
pub(crate) fn size(kind: NodeKind) -> (f64, f64) {
    match kind {
        NodeKind::Task(_) => (TASK_W, TASK_H),
        NodeKind::Gateway(..) => (GATEWAY, GATEWAY),
        NodeKind::Start | NodeKind::End(_) => (EVENT, EVENT),
    }
}

/// The name of node `n` of pool `m` in the layout graph.
pub(crate) fn node_name(m: usize, n: usize) -> String {
    format!("m{m}n{n}")
}

/// The name of the cluster of lane `lane` (an actor index) of pool `m`.
pub(crate) fn cluster_name(m: usize, lane: usize) -> String {
    format!("cluster_m{m}l{lane}")
}

fn attr(key: &str, value: impl Into<String>) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), Id::Plain(value.into()))
}

fn quoted(key: &str, value: &str) -> Attribute {
    Attribute(
        Id::Plain(key.to_owned()),
        Id::Escaped(format!("\"{value}\"")),
    )
}

fn inches(points: f64) -> String {
    format!("{:.4}", points / 72.0)
}

fn vertex(name: String) -> Vertex {
    Vertex::N(NodeId(Id::Plain(name), None))
}

/// A message flow between pools for the layout: from node `from` of pool `.0` to node `to` of
/// pool `.1`.
pub(crate) type CrossEdge = ((usize, usize), (usize, usize));

/// The DOT of the layout graph of `plans` (the pools, top to bottom) and the message flows
/// between them.
pub(crate) fn layout_dot(plans: &[Plan<'_>], cross: &[CrossEdge]) -> String {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("rankdir", "LR"),
            attr("nodesep", "0.3"),
            attr("ranksep", "0.45"),
            attr("margin", "0"),
            attr("newrank", "true"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "box"),
            attr("fixedsize", "true"),
            quoted("label", ""),
        ])),
    ];
    let mut edges = Vec::new();
    for (m, plan) in plans.iter().enumerate() {
        for lane in plan.procedure.lane_order() {
            let members: Vec<Stmt> = plan
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.lane == lane)
                .map(|(i, n)| {
                    let (w, h) = size(n.kind);
                    Stmt::Node(Node {
                        id: NodeId(Id::Plain(node_name(m, i)), None),
                        attributes: vec![attr("width", inches(w)), attr("height", inches(h))],
                    })
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            let mut body = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
                quoted("label", ""),
                attr("margin", "12"),
            ]))];
            body.extend(members);
            stmts.push(Stmt::Subgraph(Subgraph {
                id: Id::Plain(cluster_name(m, lane)),
                stmts: body,
            }));
        }
        for e in &plan.edges {
            let mut attributes = Vec::new();
            if plan.is_rework(e) {
                attributes.push(attr("constraint", "false"));
            }
            edges.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(
                    vertex(node_name(m, e.source)),
                    vertex(node_name(m, e.target)),
                ),
                attributes,
            }));
        }
    }
    for &((m1, n1), (m2, n2)) in cross {
        edges.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(vertex(node_name(m1, n1)), vertex(node_name(m2, n2))),
            attributes: vec![attr("weight", "0")],
        }));
    }
    stmts.extend(edges);
    let graph = Graph::DiGraph {
        id: Id::Plain("layout".to_owned()),
        strict: false,
        stmts,
    };
    quytrinh_render::print_dot(graph)
}

/// A box in Graphviz coordinates (points, y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The left edge.
    pub x0: f64,
    /// The bottom edge.
    pub y0: f64,
    /// The right edge.
    pub x1: f64,
    /// The top edge.
    pub y1: f64,
}

/// Graphviz's layout of the layout graph: node centres and cluster boxes, by name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// Each node's centre.
    pub nodes: BTreeMap<String, (f64, f64)>,
    /// Each cluster's box.
    pub clusters: BTreeMap<String, Bounds>,
}

/// What went wrong reading Graphviz's JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutError(pub String);

impl std::fmt::Display for LayoutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read Graphviz's layout: {}", self.0)
    }
}

impl std::error::Error for LayoutError {}

fn numbers(s: &str) -> Vec<f64> {
    s.split(',').filter_map(|x| x.trim().parse().ok()).collect()
}

impl Layout {
    /// Reads the output of `dot -Tjson` on a layout graph.
    pub fn from_json(json: &str) -> Result<Layout, LayoutError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| LayoutError(e.to_string()))?;
        let objects = value
            .get("objects")
            .and_then(|o| o.as_array())
            .ok_or_else(|| LayoutError("no `objects` in the JSON".to_owned()))?;
        let mut layout = Layout::default();
        for o in objects {
            let Some(name) = o.get("name").and_then(|n| n.as_str()) else {
                continue;
            };
            if let Some(bb) = o.get("bb").and_then(|b| b.as_str()) {
                if let [x0, y0, x1, y1] = numbers(bb)[..] {
                    layout
                        .clusters
                        .insert(name.to_owned(), Bounds { x0, y0, x1, y1 });
                }
            } else if let Some(pos) = o.get("pos").and_then(|p| p.as_str())
                && let [x, y] = numbers(pos)[..]
            {
                layout.nodes.insert(name.to_owned(), (x, y));
            }
        }
        Ok(layout)
    }
}
