//! Swimlanes as aligned columns (rows when the steps run left to right), shared by every
//! diagram kind.
//!
//! Graphviz keeps neither the declared order of clusters nor their heights (mincross reorders
//! clusters to save crossings, and flat edges between clusters do not bind it), so lanes are
//! not clusters. The renderer ranks the nodes itself (the longest path over the flows given)
//! and lays a grid: one row per rank, every row holding, in lane order, the lane's nodes of
//! that rank or an invisible spacer, with a divider between lanes; the members of a row are
//! chained by invisible flat edges, which `dot` must keep left to right. A lane's column is
//! held straight by `group`, its title sits in the first row, the dividers run from the first
//! row to the last: columns of equal height in a fixed order.

use std::collections::BTreeMap;

use dot_structures::{Attribute, Stmt};

use crate::dot::{a, html, node, node_defaults, q, subgraph};
use crate::style;

/// One lane: its title (escaped HTML-like markup) and its nodes (id and attributes).
#[derive(Debug, Default)]
pub(crate) struct Lane {
    pub title: String,
    pub applicant: bool,
    pub nodes: Vec<(String, Vec<Attribute>)>,
}

/// The lanes drawn: the statements, and the ids of the first and last row's anchors.
#[derive(Debug, Default)]
pub(crate) struct Drawn {
    pub stmts: Vec<Stmt>,
    /// The lane titles, in lane order.
    pub heads: Vec<String>,
    /// The last row's spacers, in lane order.
    pub tails: Vec<String>,
}

/// Draws `lanes` in the order given. `order` lists the edges that rank the nodes (`from`
/// above `to`); ids not in a lane are ignored. Row and spacer ids are prefixed by `prefix`.
pub(crate) fn draw(prefix: &str, lanes: Vec<Lane>, order: &[(String, String)]) -> Drawn {
    let ranks = ranks(&lanes, order);
    let rows = ranks.values().copied().max().map_or(1, |r| r + 1);
    let mut out = Drawn::default();
    // grid[row][lane]: the node ids there.
    let mut grid: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); lanes.len()]; rows + 2];
    for (k, lane) in lanes.iter().enumerate() {
        let head = format!("{prefix}lh{k}");
        let fill = if lane.applicant {
            style::APPLICANT_LANE_FILL
        } else {
            style::LANE_FILL
        };
        out.stmts.push(node(
            &head,
            vec![
                a("shape", "box"),
                q("style", "filled"),
                q("fillcolor", fill),
                q("color", style::LANE_LINE),
                html("label", &lane.title),
                a("group", format!("{prefix}lane{k}")),
            ],
        ));
        if let Some(cell) = grid.first_mut().and_then(|r| r.get_mut(k)) {
            cell.push(head.clone());
        }
        out.heads.push(head);
        for (id, attrs) in &lane.nodes {
            let mut attrs = attrs.clone();
            attrs.push(a("group", format!("{prefix}lane{k}")));
            out.stmts.push(node(id, attrs));
            let row = ranks.get(id.as_str()).copied().unwrap_or(0) + 1;
            if let Some(cell) = grid.get_mut(row).and_then(|r| r.get_mut(k)) {
                cell.push(id.clone());
            }
        }
    }
    // Spacers where a lane has nothing in a row; dividers between lanes.
    let last = grid.len() - 1;
    let mut rows_stmts = Vec::new();
    let mut columns: Vec<Vec<String>> = vec![Vec::new(); lanes.len()];
    let mut dividers: Vec<Vec<String>> = vec![Vec::new(); lanes.len().saturating_sub(1)];
    for (r, row) in grid.iter_mut().enumerate() {
        // The row's members in order, each spacer with its group. Spacers are declared in
        // the row, under node defaults that make them invisible points (nodes declared
        // before keep their own attributes).
        let mut members: Vec<(String, Option<String>)> = Vec::new();
        for (k, cell) in row.iter_mut().enumerate() {
            if cell.is_empty() {
                let id = format!("{prefix}x{r}_{k}");
                members.push((id.clone(), Some(format!("{prefix}lane{k}"))));
                cell.push(id);
            } else {
                members.extend(cell.iter().map(|id| (id.clone(), None)));
            }
            if r == last
                && let Some(id) = cell.first()
            {
                out.tails.push(id.clone());
            }
            if let (Some(col), Some(first)) = (columns.get_mut(k), cell.first()) {
                col.push(first.clone());
            }
            if let Some(div) = dividers.get_mut(k) {
                let id = format!("{prefix}d{r}_{k}");
                div.push(id.clone());
                members.push((id, Some(format!("{prefix}div{k}"))));
            }
        }
        let mut same = vec![Stmt::Attribute(a("rank", "same")), node_defaults(spacer())];
        same.extend(members.iter().map(|(id, group)| match group {
            Some(g) => node(id, vec![a("group", g.clone())]),
            None => node(id, vec![]),
        }));
        rows_stmts.push(subgraph(&format!("{prefix}row{r}"), same));
        // Weight 0 would free `dot` from the order: a flat edge binds only with a weight.
        let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
        rows_stmts.extend(chain(&ids, vec![a("style", "invis")]));
    }
    out.stmts.extend(rows_stmts);
    for col in &columns {
        let ids: Vec<&str> = col.iter().map(String::as_str).collect();
        out.stmts
            .extend(chain(&ids, vec![a("style", "invis"), a("weight", "50")]));
    }
    for div in &dividers {
        let ids: Vec<&str> = div.iter().map(String::as_str).collect();
        out.stmts.extend(chain(
            &ids,
            vec![
                q("color", style::LANE_LINE),
                a("arrowhead", "none"),
                a("weight", "1000"),
            ],
        ));
    }
    out
}

static RANK_VISITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many flows the lane ranking has looked at so far in this process, over all its
/// passes: a measure of the renderer's one loop that is not plainly linear, which tests
/// compare across sizes (a chain in flow order settles in two passes; one pass per step would
/// make drawing quadratic).
pub(crate) fn rank_visits() -> usize {
    RANK_VISITS.load(std::sync::atomic::Ordering::Relaxed)
}

/// The rank of every lane node: the longest path to it over `order` (edges between lane nodes
/// only), from 0. Nodes on a cycle of `order` keep the rank they had when the cycle was met.
fn ranks<'a>(lanes: &'a [Lane], order: &[(String, String)]) -> BTreeMap<&'a str, usize> {
    let mut rank: BTreeMap<&str, usize> = lanes
        .iter()
        .flat_map(|l| l.nodes.iter().map(|(id, _)| (id.as_str(), 0)))
        .collect();
    // Bellman-Ford style relaxation, at most as many passes as nodes: a longest path in a
    // DAG settles within that, and a cycle cannot loop for ever.
    for _ in 0..rank.len() {
        RANK_VISITS.fetch_add(order.len(), std::sync::atomic::Ordering::Relaxed);
        let mut changed = false;
        for (from, to) in order {
            let (Some(&f), Some(&t)) = (rank.get(from.as_str()), rank.get(to.as_str())) else {
                continue;
            };
            if t < f + 1
                && let Some(r) = rank.get_mut(to.as_str())
            {
                *r = f + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    rank
}

/// The attributes of an invisible spacer: a point of no size.
fn spacer() -> Vec<Attribute> {
    vec![
        a("shape", "point"),
        a("style", "invis"),
        a("width", "0"),
        a("height", "0"),
        q("label", ""),
    ]
}

/// `ids[0] -> ids[1] -> …` as one statement, if there are two or more.
fn chain(ids: &[&str], attrs: Vec<Attribute>) -> Option<Stmt> {
    use dot_structures::{Edge, EdgeTy, Id, NodeId, Vertex};
    (ids.len() > 1).then(|| {
        Stmt::Edge(Edge {
            ty: EdgeTy::Chain(
                ids.iter()
                    .map(|id| Vertex::N(NodeId(Id::Plain((*id).to_owned()), None)))
                    .collect(),
            ),
            attributes: attrs,
        })
    })
}

/// An invisible edge that fixes ranks and pulls nothing.
pub(crate) fn invisible() -> Vec<Attribute> {
    vec![a("style", "invis"), a("weight", "0")]
}

/// The title of a lane: the actor's name in bold, its role below.
pub(crate) fn title(name: &str, role: &str, compact: bool) -> String {
    format!(
        r#"<B>{}</B><BR/><FONT POINT-SIZE="10" COLOR="{}"><I>{}</I></FONT>"#,
        crate::text::wrapped(name, if compact { 17 } else { 22 }),
        style::MUTED,
        crate::text::escape_html(role)
    )
}
