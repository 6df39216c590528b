//! The BPMN elements of one procedure, decided once and used by both the layout graph and the
//! XML: a task per step, an exclusive gateway after a step whose outgoing flows are a choice,
//! one start event before the first step and an end event after each end step.

use std::collections::HashMap;

use quytrinh_model::{Flow, FlowKind, Procedure};

/// What a BPMN flow node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NodeKind {
    /// The task of step `i`.
    Task(usize),
    /// The gateway after step `i`: exclusive (its `decision`) when its flows are a choice,
    /// parallel when they all run.
    Gateway(usize, bool),
    /// The start event.
    Start,
    /// The end event after end step `i`.
    End(usize),
}

/// A flow node: its BPMN id, what it stands for and its lane (an index into `actors`).
#[derive(Debug, Clone)]
pub(crate) struct PlanNode {
    pub(crate) id: String,
    pub(crate) kind: NodeKind,
    pub(crate) lane: usize,
}

/// A sequence flow between two nodes (indices into [`Plan::nodes`]); `flow` is the model flow
/// it carries (an index into [`Plan::flows`]), none for the flows the diagram adds (into a
/// gateway, from the start event, into an end event).
#[derive(Debug, Clone)]
pub(crate) struct PlanEdge {
    pub(crate) id: String,
    pub(crate) source: usize,
    pub(crate) target: usize,
    pub(crate) flow: Option<usize>,
}

/// The BPMN flow elements of a procedure.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    pub(crate) procedure: &'a Procedure,
    pub(crate) nodes: Vec<PlanNode>,
    pub(crate) edges: Vec<PlanEdge>,
    /// The procedure's flows; without `flows`, the steps in the order listed.
    pub(crate) flows: Vec<Flow>,
}

/// The procedure's flows, or the steps in the order listed when it has none.
pub(crate) fn effective_flows(p: &Procedure) -> Vec<Flow> {
    match &p.flows {
        Some(f) => f.clone(),
        None => p
            .steps
            .windows(2)
            .filter_map(|w| match w {
                [a, b] => Some(Flow {
                    from: a.id.clone(),
                    to: b.id.clone(),
                    label: None,
                    kind: FlowKind::Normal,
                    chosen_by: None,
                }),
                _ => None,
            })
            .collect(),
    }
}

/// The plan of `p`, every BPMN id starting with `prefix` (empty for a single procedure, `P1_`
/// for the second member of a group).
pub(crate) fn plan<'a>(p: &'a Procedure, prefix: &str) -> Plan<'a> {
    let flows = effective_flows(p);
    let actor_of: HashMap<&str, usize> = p
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let step_of: HashMap<&str, usize> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let lanes: Vec<usize> = p
        .steps
        .iter()
        .map(|s| actor_of.get(s.actor.as_str()).copied().unwrap_or(0))
        .collect();
    let mut nodes: Vec<PlanNode> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| PlanNode {
            id: format!("{prefix}Activity_{}", s.id),
            kind: NodeKind::Task(i),
            lane: lanes.get(i).copied().unwrap_or(0),
        })
        .collect();
    let mut edges = Vec::new();

    // Outgoing model flows of each step.
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); p.steps.len()];
    for (k, f) in flows.iter().enumerate() {
        if let Some(out) = step_of
            .get(f.from.as_str())
            .and_then(|&i| outgoing.get_mut(i))
        {
            out.push(k);
        }
    }

    // A gateway after each step whose flows are a choice.
    let mut source_of: Vec<usize> = (0..p.steps.len()).collect();
    for (i, s) in p.steps.iter().enumerate() {
        let out = outgoing.get(i).map(Vec::as_slice).unwrap_or_default();
        let exclusive = out
            .iter()
            .any(|&k| flows.get(k).is_some_and(|f| f.kind != FlowKind::Normal));
        // An engine takes several flows out of a task as all running: a choice (or a flow and
        // the end) goes through a gateway.
        let branches = out.len() + usize::from(ends(out, &flows));
        if branches >= 2 {
            let g = nodes.len();
            nodes.push(PlanNode {
                id: format!("{prefix}Gateway_{}", s.id),
                kind: NodeKind::Gateway(i, exclusive),
                lane: lanes.get(i).copied().unwrap_or(0),
            });
            edges.push(PlanEdge {
                id: format!("{prefix}Flow_{}_decision", s.id),
                source: i,
                target: g,
                flow: None,
            });
            if let Some(src) = source_of.get_mut(i) {
                *src = g;
            }
        }
    }

    // The start event before the first step.
    if !p.steps.is_empty() {
        let start = nodes.len();
        nodes.push(PlanNode {
            id: format!("{prefix}StartEvent"),
            kind: NodeKind::Start,
            lane: lanes.first().copied().unwrap_or(0),
        });
        edges.push(PlanEdge {
            id: format!("{prefix}Flow_start"),
            source: start,
            target: 0,
            flow: None,
        });
    }

    // The model's flows.
    for (k, f) in flows.iter().enumerate() {
        let (Some(&from), Some(&to)) = (step_of.get(f.from.as_str()), step_of.get(f.to.as_str()))
        else {
            continue;
        };
        edges.push(PlanEdge {
            id: format!("{prefix}Flow_{k}"),
            source: source_of.get(from).copied().unwrap_or(from),
            target: to,
            flow: Some(k),
        });
    }

    // An end event after each end step (no outgoing flow but rework).
    for (i, s) in p.steps.iter().enumerate() {
        let out = outgoing.get(i).map(Vec::as_slice).unwrap_or_default();
        if ends(out, &flows) {
            let e = nodes.len();
            nodes.push(PlanNode {
                id: format!("{prefix}EndEvent_{}", s.id),
                kind: NodeKind::End(i),
                lane: lanes.get(i).copied().unwrap_or(0),
            });
            edges.push(PlanEdge {
                id: format!("{prefix}Flow_{}_end", s.id),
                source: source_of.get(i).copied().unwrap_or(i),
                target: e,
                flow: None,
            });
        }
    }

    Plan {
        procedure: p,
        nodes,
        edges,
        flows,
    }
}

/// Whether a step with these outgoing flows is an end step (none but rework).
fn ends(out: &[usize], flows: &[Flow]) -> bool {
    out.iter()
        .all(|&k| flows.get(k).is_some_and(|f| f.kind == FlowKind::Rework))
}

impl Plan<'_> {
    /// Whether edge `e` runs back against the flow (a rework loop): drawn around, not through.
    pub(crate) fn is_rework(&self, e: &PlanEdge) -> bool {
        e.flow
            .and_then(|k| self.flows.get(k))
            .is_some_and(|f| f.kind == FlowKind::Rework)
    }
}
