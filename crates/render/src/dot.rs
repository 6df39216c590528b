//! Small builders over graphviz-rust's graph types, so the drawing code reads as a diagram.
//!
//! Three kinds of values reach the DOT: plain ids the renderer makes up (`s0`, `TB`, `2.5`),
//! quoted constants of the renderer (`"#c62828"`, `"rounded,filled"`), and HTML-like labels
//! whose user text went through [`crate::escape_html`]. None is ever built from raw user text.

use dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Port, Stmt, Subgraph, Vertex,
};

/// Prints a graph the same way every time: attributes in the order they were built, one per
/// line for nodes with several.
///
/// The text is exactly what graphviz-rust's printer writes with
/// `PrinterContext::default().with_node_mult_attr_s_l()` (a test below compares them), written
/// into one `String` instead of a `String` per statement, attribute and id.
pub fn print(graph: Graph) -> String {
    let (keyword, id, strict, stmts) = match &graph {
        Graph::Graph { id, strict, stmts } => ("graph", id, *strict, stmts),
        Graph::DiGraph { id, strict, stmts } => ("digraph", id, *strict, stmts),
    };
    let printer = Printer {
        bond: if matches!(graph, Graph::DiGraph { .. }) {
            "->"
        } else {
            "--"
        },
    };
    let mut out = String::with_capacity(64 + estimate(stmts, INDENT));
    if strict {
        out.push_str("strict ");
    }
    out.push_str(keyword);
    out.push(' ');
    push_id(&mut out, id);
    out.push_str(" {\n");
    printer.stmts(&mut out, stmts, Layout::Lines(INDENT));
    out.push_str("\n}\n");
    out
}

/// graphviz-rust's indent step and the longest edge it keeps on one line.
const INDENT: usize = 2;
const INLINE_SIZE: usize = 90;

/// How the printer lays text out: one statement (and attribute) per line at an indent, or all
/// on one line (an edge short enough).
#[derive(Debug, Clone, Copy)]
enum Layout {
    Lines(usize),
    Inline,
}

impl Layout {
    fn line_break(self, out: &mut String) {
        if let Layout::Lines(_) = self {
            out.push('\n');
        }
    }

    fn indent(self, out: &mut String) {
        if let Layout::Lines(n) = self {
            const SPACES: &str = "                                ";
            match SPACES.get(..n) {
                Some(spaces) => out.push_str(spaces),
                None => out.extend(std::iter::repeat_n(' ', n)),
            }
        }
    }

    fn deeper(self) -> Self {
        match self {
            Layout::Lines(n) => Layout::Lines(n + INDENT),
            Layout::Inline => Layout::Inline,
        }
    }
}

#[derive(Debug)]
struct Printer {
    bond: &'static str,
}

impl Printer {
    fn stmts(&self, out: &mut String, stmts: &[Stmt], layout: Layout) {
        for (i, stmt) in stmts.iter().enumerate() {
            if i > 0 {
                layout.line_break(out);
            }
            layout.indent(out);
            match stmt {
                Stmt::Node(n) => self.node(out, n, layout),
                Stmt::Subgraph(s) => self.subgraph(out, s, layout),
                Stmt::Attribute(a) => attribute(out, a),
                Stmt::GAttribute(g) => {
                    let (keyword, attrs) = match g {
                        GraphAttributes::Graph(a) => ("graph", a),
                        GraphAttributes::Node(a) => ("node", a),
                        GraphAttributes::Edge(a) => ("edge", a),
                    };
                    out.push_str(keyword);
                    attributes(out, attrs, layout);
                }
                Stmt::Edge(e) => self.edge(out, e, layout),
            }
        }
    }

    fn node(&self, out: &mut String, n: &Node, layout: Layout) {
        push_node_id(out, &n.id);
        attributes(out, &n.attributes, layout);
    }

    fn subgraph(&self, out: &mut String, s: &Subgraph, layout: Layout) {
        out.push_str("subgraph ");
        push_id(out, &s.id);
        out.push_str(" {");
        layout.line_break(out);
        self.stmts(out, &s.stmts, layout.deeper());
        layout.line_break(out);
        layout.indent(out);
        out.push('}');
    }

    /// An edge, on one line when its multi-line form is at most [`INLINE_SIZE`] bytes.
    fn edge(&self, out: &mut String, e: &Edge, layout: Layout) {
        let start = out.len();
        if let Layout::Lines(_) = layout {
            self.edge_in(out, e, layout);
            if out.len() - start > INLINE_SIZE {
                return;
            }
            out.truncate(start);
        }
        self.edge_in(out, e, Layout::Inline);
    }

    fn edge_in(&self, out: &mut String, e: &Edge, layout: Layout) {
        match &e.ty {
            EdgeTy::Pair(from, to) => {
                self.vertex(out, from, layout);
                out.push(' ');
                out.push_str(self.bond);
                out.push(' ');
                self.vertex(out, to, layout);
                if !e.attributes.is_empty() {
                    out.push(' ');
                    attributes(out, &e.attributes, layout);
                }
            }
            EdgeTy::Chain(vertices) => {
                for (i, v) in vertices.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                        out.push_str(self.bond);
                        out.push(' ');
                    }
                    self.vertex(out, v, layout);
                }
                attributes(out, &e.attributes, layout);
            }
        }
    }

    fn vertex(&self, out: &mut String, v: &Vertex, layout: Layout) {
        match v {
            Vertex::N(id) => push_node_id(out, id),
            Vertex::S(s) => self.subgraph(out, s, layout),
        }
    }
}

/// `[a=1]`, `[a=1,b=2]` on one line, or several attributes one per line, indented one step
/// deeper than the statement.
fn attributes(out: &mut String, attrs: &[Attribute], layout: Layout) {
    match attrs {
        [] => {}
        [only] => {
            out.push('[');
            attribute(out, only);
            out.push(']');
        }
        _ => {
            out.push('[');
            for (i, a) in attrs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                layout.line_break(out);
                layout.deeper().indent(out);
                attribute(out, a);
            }
            layout.line_break(out);
            layout.indent(out);
            out.push(']');
        }
    }
}

/// About the length of the printed statements at `indent` (a little more), so that the
/// output is allocated once.
fn estimate(stmts: &[Stmt], indent: usize) -> usize {
    let id = |id: &Id| match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) => v.len(),
        Id::Anonymous(_) => 0,
    };
    let attrs = |attrs: &[Attribute]| -> usize {
        attrs
            .iter()
            .map(|Attribute(k, v)| id(k) + id(v) + indent + 4)
            .sum()
    };
    let vertex = |v: &Vertex| match v {
        Vertex::N(NodeId(n, _)) => id(n) + 8,
        Vertex::S(s) => estimate(&s.stmts, indent + INDENT) + 32,
    };
    stmts
        .iter()
        .map(|stmt| {
            indent
                + 8
                + match stmt {
                    Stmt::Node(n) => id(&n.id.0) + attrs(&n.attributes),
                    Stmt::Subgraph(s) => id(&s.id) + 16 + estimate(&s.stmts, indent + INDENT),
                    Stmt::Attribute(a) => attrs(std::slice::from_ref(a)),
                    Stmt::GAttribute(
                        GraphAttributes::Graph(a)
                        | GraphAttributes::Node(a)
                        | GraphAttributes::Edge(a),
                    ) => 8 + attrs(a),
                    Stmt::Edge(e) => {
                        let ends = match &e.ty {
                            EdgeTy::Pair(x, y) => vertex(x) + vertex(y),
                            EdgeTy::Chain(v) => v.iter().map(vertex).sum(),
                        };
                        ends + attrs(&e.attributes)
                    }
                }
        })
        .sum()
}

fn attribute(out: &mut String, Attribute(key, value): &Attribute) {
    push_id(out, key);
    out.push('=');
    push_id(out, value);
}

fn push_node_id(out: &mut String, NodeId(id, port): &NodeId) {
    push_id(out, id);
    match port {
        Some(Port(Some(id), Some(d))) => {
            out.push(':');
            push_id(out, id);
            out.push(':');
            out.push_str(d);
        }
        Some(Port(None, Some(d))) => {
            out.push(':');
            out.push_str(d);
        }
        Some(Port(Some(id), None)) => {
            out.push(':');
            push_id(out, id);
        }
        Some(Port(None, None)) | None => {}
    }
}

fn push_id(out: &mut String, id: &Id) {
    match id {
        Id::Html(v) | Id::Escaped(v) | Id::Plain(v) => out.push_str(v),
        Id::Anonymous(_) => {}
    }
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
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    quoted.push_str(value);
    quoted.push('"');
    Attribute(Id::Plain(key.to_owned()), Id::Escaped(quoted))
}

/// An attribute holding an HTML-like label: `markup` is already escaped HTML.
///
/// Markup that does not end with a tag is wrapped in `<FONT>`: graphviz-rust's parser reads an
/// HTML-like label only when it ends with `>>`, and readers of our DOT may use it.
pub(crate) fn html(key: &'static str, markup: &str) -> Attribute {
    html_with(key, markup.len(), |out| out.push_str(markup))
}

/// [`html`], the markup written by `write` straight into the label (about `size` bytes).
pub(crate) fn html_with(
    key: &'static str,
    size: usize,
    write: impl FnOnce(&mut String),
) -> Attribute {
    let mut label = String::with_capacity(size + 16);
    label.push('<');
    write(&mut label);
    if !label.ends_with('>') {
        label.insert_str(1, "<FONT>");
        label.push_str("</FONT>");
    }
    label.push('>');
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

pub(crate) fn node(id: impl Into<String>, attrs: Vec<Attribute>) -> Stmt {
    Stmt::Node(Node::new(node_id(id), attrs))
}

pub(crate) fn edge(from: impl Into<String>, to: impl Into<String>, attrs: Vec<Attribute>) -> Stmt {
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

fn node_id(id: impl Into<String>) -> NodeId {
    let id = id.into();
    debug_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
    NodeId(Id::Plain(id), None)
}

#[cfg(test)]
mod tests {
    use graphviz_rust::printer::{DotPrinter, PrinterContext};

    use super::*;

    /// graphviz-rust's printer, as `print` used to call it.
    fn by_graphviz_rust(graph: &Graph) -> String {
        let mut ctx = PrinterContext::default();
        ctx.with_node_mult_attr_s_l();
        let mut out = graph.print(&mut ctx);
        out.push('\n');
        out
    }

    #[track_caller]
    fn check(graph: Graph) {
        assert_eq!(print(graph.clone()), by_graphviz_rust(&graph));
    }

    #[test]
    fn prints_as_graphviz_rust_does() {
        let long = "x".repeat(80);
        let port = |p: Port| NodeId(Id::Plain("p".into()), Some(p));
        let inner = Subgraph {
            id: Id::Escaped("\"cluster_a\"".into()),
            stmts: vec![
                node("a", vec![a("shape", "box"), q("style", "rounded,filled")]),
                node("b", vec![a("width", "2")]),
                node("c", vec![]),
                edge("a", "b", vec![]),
                edge("a", "c", vec![a("weight", "2"), a("minlen", "1")]),
                edge("b", "c", vec![html("label", &long), a("minlen", "1")]),
                Stmt::Attribute(a("rank", "same")),
                subgraph("empty", vec![]),
            ],
        };
        let stmts = vec![
            graph_attrs(vec![a("rankdir", "TB"), q("fontname", "Arial")]),
            node_defaults(vec![a("shape", "box")]),
            edge_defaults(vec![]),
            Stmt::Subgraph(inner.clone()),
            Stmt::Edge(Edge {
                ty: EdgeTy::Chain(vec![
                    Vertex::N(node_id("a")),
                    Vertex::N(port(Port(Some(Id::Plain("q".into())), Some("n".into())))),
                    Vertex::N(port(Port(None, Some("s".into())))),
                    Vertex::N(port(Port(Some(Id::Plain("r".into())), None))),
                ]),
                attributes: vec![a("k", "1"), a("l", "2")],
            }),
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::S(inner), Vertex::N(node_id("z"))),
                attributes: vec![a("k", "1"), a("l", "2")],
            }),
            edge("a", "b", vec![html("label", "x"), q("color", "red")]),
        ];
        check(digraph("g", stmts.clone()));
        check(digraph("g", vec![]));
        check(Graph::Graph {
            id: Id::Plain("u".into()),
            strict: true,
            stmts,
        });
    }
}
