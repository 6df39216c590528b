//! The step graph of one procedure, on petgraph. petgraph's types stay inside this module: the
//! public API speaks in [`StepIx`] (the index of a step in `Procedure::steps`) and [`FlowIx`].

use foldhash::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, EdgeFiltered, EdgeRef, Reversed, Walker};

use crate::types::{FlowKind, Procedure};

/// A step, by its position in `Procedure::steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StepIx(pub usize);

/// A flow, by its position in `Procedure::flows` (`None` for the implicit flows of a procedure
/// without `flows`, where the steps run in the order listed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlowIx(pub usize);

#[derive(Debug, Clone, Copy)]
struct Edge {
    kind: FlowKind,
    flow: Option<FlowIx>,
}

/// An edge of the step graph as the API shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowEdge {
    /// The step the flow leaves.
    pub from: StepIx,
    /// The step it enters.
    pub to: StepIx,
    /// Its kind (normal, rework, alternative, reject).
    pub kind: FlowKind,
    /// The flow in `Procedure::flows`, or `None` for an implicit flow (steps in the order
    /// listed).
    pub flow: Option<FlowIx>,
}

/// A flow names a step id that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingFlow {
    pub flow: FlowIx,
    pub from_missing: bool,
    pub to_missing: bool,
}

/// The step graph of a procedure. Built once; cheap to query.
#[derive(Debug, Clone)]
pub struct StepGraph {
    graph: DiGraph<(), Edge, u32>,
    /// The flows leaving each step in file order, laid out flat: those of step `i` are
    /// `out[out_start[i]..out_start[i + 1]]`. The analysis asks for a step's flows once per
    /// scenario, so they are listed once here rather than collected on every call.
    out: Vec<FlowEdge>,
    out_start: Vec<usize>,
    /// [`StepGraph::main_path_order`], found on first asking (the analysis asks twice).
    main_order: std::sync::OnceLock<Option<Vec<StepIx>>>,
}

impl StepGraph {
    /// Builds the graph. Fails with every flow that names an unknown step.
    pub fn build(p: &Procedure) -> Result<StepGraph, Vec<DanglingFlow>> {
        let mut graph = DiGraph::with_capacity(
            p.steps.len(),
            p.flows.as_ref().map_or(p.steps.len(), Vec::len),
        );
        for _ in &p.steps {
            graph.add_node(());
        }
        match &p.flows {
            None => {
                for i in 1..p.steps.len() {
                    graph.add_edge(
                        node(i - 1),
                        node(i),
                        Edge {
                            kind: FlowKind::Normal,
                            flow: None,
                        },
                    );
                }
            }
            Some(flows) => {
                let ids: HashMap<&str, usize> = p
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.as_str(), i))
                    .collect();
                let mut dangling = Vec::new();
                for (fi, f) in flows.iter().enumerate() {
                    match (ids.get(f.from.as_str()), ids.get(f.to.as_str())) {
                        (Some(&a), Some(&b)) => {
                            graph.add_edge(
                                node(a),
                                node(b),
                                Edge {
                                    kind: f.kind,
                                    flow: Some(FlowIx(fi)),
                                },
                            );
                        }
                        (a, b) => dangling.push(DanglingFlow {
                            flow: FlowIx(fi),
                            from_missing: a.is_none(),
                            to_missing: b.is_none(),
                        }),
                    }
                }
                if !dangling.is_empty() {
                    return Err(dangling);
                }
            }
        }
        let (out, out_start) = outgoing_lists(&graph);
        Ok(StepGraph {
            graph,
            out,
            out_start,
            main_order: std::sync::OnceLock::new(),
        })
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.graph.node_count()
    }

    /// Whether the procedure has no steps.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The start step: the first step listed.
    pub fn start(&self) -> StepIx {
        StepIx(0)
    }

    /// The flows leaving a step, in the order they were listed.
    pub fn outgoing(&self, s: StepIx) -> impl Iterator<Item = FlowEdge> + '_ {
        let from = self.out_start.get(s.0).copied().unwrap_or(0);
        let to = self.out_start.get(s.0 + 1).copied().unwrap_or(from);
        self.out.get(from..to).unwrap_or(&[]).iter().copied()
    }

    /// Every flow, in file order.
    pub fn edges(&self) -> impl Iterator<Item = FlowEdge> + '_ {
        self.graph.edge_references().map(|e| FlowEdge {
            from: StepIx(e.source().index()),
            to: StepIx(e.target().index()),
            kind: e.weight().kind,
            flow: e.weight().flow,
        })
    }

    /// An end step has no outgoing flow other than `rework`.
    pub fn is_end(&self, s: StepIx) -> bool {
        self.graph
            .edges(node(s.0))
            .all(|e| e.weight().kind == FlowKind::Rework)
    }

    /// Which steps the start step reaches, following any flow.
    pub fn reachable_from_start(&self) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        if self.is_empty() {
            return seen;
        }
        for n in Bfs::new(&self.graph, node(0)).iter(&self.graph) {
            if let Some(slot) = seen.get_mut(n.index()) {
                *slot = true;
            }
        }
        seen
    }

    /// Which steps can reach some end step, following any flow.
    pub fn reaches_end(&self) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let reversed = Reversed(&self.graph);
        let mut bfs = Bfs::new(reversed, node(0));
        bfs.stack.clear();
        bfs.discovered.clear();
        for i in 0..self.len() {
            if self.is_end(StepIx(i)) {
                bfs.discovered.insert(i);
                bfs.stack.push_back(node(i));
            }
        }
        while let Some(n) = bfs.next(reversed) {
            if let Some(slot) = seen.get_mut(n.index()) {
                *slot = true;
            }
        }
        seen
    }

    /// The non-rework flows that close a cycle (back edges of a depth-first search over the
    /// non-rework flows, started from each step in order). Empty when the main graph is acyclic.
    /// Iterative: a chain of 100,000 steps does not grow the call stack.
    pub fn cycle_closing_flows(&self) -> Vec<FlowEdge> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let n = self.len();
        let adjacency: Vec<Vec<FlowEdge>> = (0..n)
            .map(|i| {
                self.outgoing(StepIx(i))
                    .filter(|e| e.kind != FlowKind::Rework)
                    .collect()
            })
            .collect();
        let mut mark = vec![Mark::New; n];
        let mut found = Vec::new();
        for root in 0..n {
            if mark.get(root) != Some(&Mark::New) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            if let Some(m) = mark.get_mut(root) {
                *m = Mark::Open;
            }
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                let edge = adjacency.get(v).and_then(|a| a.get(*next)).copied();
                match edge {
                    Some(e) => {
                        *next += 1;
                        match mark.get(e.to.0).copied() {
                            Some(Mark::New) => {
                                if let Some(m) = mark.get_mut(e.to.0) {
                                    *m = Mark::Open;
                                }
                                stack.push((e.to.0, 0));
                            }
                            Some(Mark::Open) => found.push(e),
                            _ => {}
                        }
                    }
                    None => {
                        if let Some(m) = mark.get_mut(v) {
                            *m = Mark::Done;
                        }
                        stack.pop();
                    }
                }
            }
        }
        found
    }

    /// The steps on the main path — reached from the start step without rework flows — in a
    /// topological order of the non-rework flows. `None` if those flows have a cycle.
    pub fn main_path_order(&self) -> Option<Vec<StepIx>> {
        self.main_order
            .get_or_init(|| self.find_main_path_order())
            .clone()
    }

    fn find_main_path_order(&self) -> Option<Vec<StepIx>> {
        if self.is_empty() {
            return Some(Vec::new());
        }
        let main = EdgeFiltered::from_fn(&self.graph, |e| e.weight().kind != FlowKind::Rework);
        let mut on_main = vec![false; self.len()];
        for n in Bfs::new(&main, node(0)).iter(&main) {
            if let Some(slot) = on_main.get_mut(n.index()) {
                *slot = true;
            }
        }
        let order = petgraph::algo::toposort(&main, None).ok()?;
        Some(
            order
                .into_iter()
                .filter(|n| on_main.get(n.index()).copied().unwrap_or(false))
                .map(|n| StepIx(n.index()))
                .collect(),
        )
    }
}

/// Every flow grouped by the step it leaves, in file order within a step (a counting sort of
/// the edges, which petgraph keeps in the order they were added), and where each step's
/// flows start.
fn outgoing_lists(graph: &DiGraph<(), Edge, u32>) -> (Vec<FlowEdge>, Vec<usize>) {
    let n = graph.node_count();
    let mut start = vec![0usize; n + 1];
    for e in graph.edge_references() {
        if let Some(c) = start.get_mut(e.source().index() + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let before = start.get(i).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(i + 1) {
            *c += before;
        }
    }
    let mut next = start.clone();
    let mut out = vec![
        FlowEdge {
            from: StepIx(0),
            to: StepIx(0),
            kind: FlowKind::Normal,
            flow: None,
        };
        graph.edge_count()
    ];
    for e in graph.edge_references() {
        let from = e.source().index();
        let Some(at) = next.get_mut(from) else {
            continue;
        };
        if let Some(slot) = out.get_mut(*at) {
            *slot = FlowEdge {
                from: StepIx(from),
                to: StepIx(e.target().index()),
                kind: e.weight().kind,
                flow: e.weight().flow,
            };
        }
        *at += 1;
    }
    (out, start)
}

fn node(i: usize) -> NodeIndex<u32> {
    NodeIndex::new(i)
}
