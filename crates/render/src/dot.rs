//! Small builders over graphviz-rust's graph types, so the drawing code reads as a diagram.
//!
//! Three kinds of values reach the DOT: plain ids the renderer makes up (`s0`, `TB`, `2.5`),
//! quoted constants of the renderer (`"#c62828"`, `"rounded,filled"`), and HTML-like labels
//! whose user text went through [`crate::escape_html`]. None is ever built from raw user text.

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

/// Prints a graph the same way every time: attributes in the order they were built, one per
/// line for nodes with several.
pub(crate) fn print(graph: Graph) -> String {
    let mut ctx = PrinterContext::default();
    ctx.with_node_mult_attr_s_l();
    let mut out = graph.print(&mut ctx);
    out.push('\n');
    out
}

pub(crate) fn digraph(name: &'static str, stmts: Vec<Stmt>) -> Graph {
    Graph::DiGraph {
        id: Id::Plain(name.to_owned()),
        strict: false,
        stmts,
    }
}

/// An attribute whose value is a DOT identifier or number made by the renderer.
pub(crate) fn a(key: &'static str, value: impl Into<String>) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), Id::Plain(value.into()))
}

/// An attribute whose value is one of the renderer's constants, quoted.
pub(crate) fn q(key: &'static str, value: &'static str) -> Attribute {
    debug_assert!(
        !value.contains(['"', '\\']),
        "quoted constants hold no quote or backslash"
    );
    Attribute(
        Id::Plain(key.to_owned()),
        Id::Escaped(format!("\"{value}\"")),
    )
}

/// An attribute holding an HTML-like label: `markup` is already escaped HTML.
///
/// Markup that does not end with a tag is wrapped in `<FONT>`: graphviz-rust's parser reads an
/// HTML-like label only when it ends with `>>`, and readers of our DOT may use it.
pub(crate) fn html(key: &'static str, markup: &str) -> Attribute {
    let label = if markup.ends_with('>') {
        format!("<{markup}>")
    } else {
        format!("<<FONT>{markup}</FONT>>")
    };
    Attribute(Id::Plain(key.to_owned()), Id::Html(label))
}

pub(crate) fn graph_attrs(attrs: Vec<Attribute>) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Graph(attrs))
}

pub(crate) fn node_defaults(attrs: Vec<Attribute>) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Node(attrs))
}

pub(crate) fn edge_defaults(attrs: Vec<Attribute>) -> Stmt {
    Stmt::GAttribute(GraphAttributes::Edge(attrs))
}

pub(crate) fn node(id: &str, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(node_id(id), attrs))
}

pub(crate) fn edge(from: &str, to: &str, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
        attributes: attrs,
    })
}

/// A subgraph; a name starting with `cluster_` is drawn as a box. The name is quoted.
pub(crate) fn subgraph(name: &str, stmts: Vec<Stmt>) -> Stmt {
    debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    Stmt::Subgraph(Subgraph {
        id: Id::Escaped(format!("\"{name}\"")),
        stmts,
    })
}

fn node_id(id: &str) -> NodeId {
    debug_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    NodeId(Id::Plain(id.to_owned()), None)
}
