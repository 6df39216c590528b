//! The critical path of a procedure and the longest chain of a group.

use std::collections::BTreeMap;

use quytrinh_model::{FlowKind, Procedure, StepGraph, StepIx};

/// Tolerance when comparing days.
pub(crate) const EPSILON: f64 = 1e-9;

/// The longest path by `duration_days` from the start step.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct CriticalPath {
    pub(crate) days: f64,
    /// Step ids in order.
    pub(crate) steps: Vec<String>,
    /// Changes of actor between consecutive steps of the path.
    pub(crate) hand_offs: u32,
}

/// The longest path by `duration_days` from the start step, rework flows left out (RULES.md,
/// "Measures per procedure"). Steps reached only through rework are not on it; a missing
/// duration counts 0; where branches are alternatives, the worst one counts. Ties go to the
/// branch listed first.
#[cfg(test)]
pub(crate) fn critical_path(p: &Procedure) -> CriticalPath {
    let Ok(graph) = StepGraph::build(p) else {
        return CriticalPath::default();
    };
    let Some(order) = graph.main_path_order() else {
        return CriticalPath::default();
    };
    critical_path_in(p, &graph, &order)
}

/// [`critical_path`] for a caller that built the graph and its main-path order already.
pub(crate) fn critical_path_in(p: &Procedure, graph: &StepGraph, order: &[StepIx]) -> CriticalPath {
    let order = order.to_vec();
    let duration = |s: StepIx| {
        p.steps
            .get(s.0)
            .and_then(|st| st.duration_days)
            .unwrap_or(0.0)
            .max(0.0)
    };
    // Longest distance to each step on the main path, including the step's own duration.
    let mut best: BTreeMap<StepIx, (f64, Option<StepIx>)> = BTreeMap::new();
    let start = graph.start();
    if !order.contains(&start) {
        return CriticalPath::default();
    }
    best.insert(start, (duration(start), None));
    for &v in &order {
        let Some(&(dv, _)) = best.get(&v) else {
            continue;
        };
        for e in graph.outgoing(v).filter(|e| e.kind != FlowKind::Rework) {
            let candidate = dv + duration(e.to);
            let better = match best.get(&e.to) {
                None => true,
                Some(&(dw, _)) => candidate > dw + EPSILON,
            };
            if better {
                best.insert(e.to, (candidate, Some(v)));
            }
        }
    }
    // The end of the longest path: the end step (no outgoing flow but rework) with the largest
    // distance, the first in main-path order on ties. Durations are never negative, so no other
    // step is further.
    let ends: Vec<StepIx> = order.iter().copied().filter(|&v| graph.is_end(v)).collect();
    let candidates = if ends.is_empty() { &order } else { &ends };
    let mut end: Option<(StepIx, f64)> = None;
    for &v in candidates {
        if let Some(&(d, _)) = best.get(&v)
            && end.is_none_or(|(_, e)| d > e + EPSILON)
        {
            end = Some((v, d));
        }
    }
    let Some((mut at, days)) = end else {
        return CriticalPath::default();
    };
    let mut path = vec![at];
    while let Some(&(_, Some(prev))) = best.get(&at) {
        if path.len() > p.steps.len() {
            break;
        }
        path.push(prev);
        at = prev;
    }
    path.reverse();
    let actors: Vec<&str> = path
        .iter()
        .filter_map(|s| p.steps.get(s.0))
        .map(|s| s.actor.as_str())
        .collect();
    let hand_offs = actors.windows(2).filter(|w| w.first() != w.get(1)).count();
    CriticalPath {
        days: round(days),
        steps: path
            .iter()
            .filter_map(|s| p.steps.get(s.0))
            .map(|s| s.id.clone())
            .collect(),
        hand_offs: u32::try_from(hand_offs).unwrap_or(u32::MAX),
    }
}

/// The longest chain through a graph of `n` weighted nodes and directed edges `(from, to)`.
/// Edges that would close a cycle are left out. Returns the total and the nodes of the chain.
pub(crate) fn longest_chain(weights: &[f64], edges: &[(usize, usize)]) -> (f64, Vec<usize>) {
    let n = weights.len();
    // Kahn's algorithm in index order; nodes left on a cycle are appended in index order and
    // the edges into them from later nodes are ignored.
    let mut indegree = vec![0usize; n];
    for &(_, b) in edges {
        if let Some(d) = indegree.get_mut(b) {
            *d += 1;
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut done = vec![false; n];
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&i| indegree.get(i) == Some(&0)).collect();
    while let Some(v) = ready.pop_first() {
        order.push(v);
        if let Some(d) = done.get_mut(v) {
            *d = true;
        }
        for &(a, b) in edges {
            if a == v
                && let Some(d) = indegree.get_mut(b)
            {
                *d = d.saturating_sub(1);
                if *d == 0 && !done.get(b).copied().unwrap_or(true) {
                    ready.insert(b);
                }
            }
        }
    }
    order.extend((0..n).filter(|&i| !done.get(i).copied().unwrap_or(true)));
    let position: Vec<usize> = {
        let mut pos = vec![0; n];
        for (i, &v) in order.iter().enumerate() {
            if let Some(p) = pos.get_mut(v) {
                *p = i;
            }
        }
        pos
    };
    let weight = |i: usize| weights.get(i).copied().unwrap_or(0.0).max(0.0);
    let mut best: Vec<(f64, Option<usize>)> = (0..n).map(|i| (weight(i), None)).collect();
    for &v in &order {
        let dv = best.get(v).map_or(0.0, |b| b.0);
        for &(a, b) in edges {
            let forward = position.get(a) < position.get(b);
            if a == v && forward {
                let candidate = dv + weight(b);
                if let Some(slot) = best.get_mut(b)
                    && candidate > slot.0 + EPSILON
                {
                    *slot = (candidate, Some(v));
                }
            }
        }
    }
    let mut end: Option<(usize, f64)> = None;
    for &v in &order {
        let d = best.get(v).map_or(0.0, |b| b.0);
        if end.is_none_or(|(_, e)| d > e + EPSILON) {
            end = Some((v, d));
        }
    }
    let Some((mut at, total)) = end else {
        return (0.0, Vec::new());
    };
    let mut chain = vec![at];
    while let Some(&(_, Some(prev))) = best.get(at) {
        if chain.len() > n {
            break;
        }
        chain.push(prev);
        at = prev;
    }
    chain.reverse();
    (round(total), chain)
}

/// Rounds away float noise (0.1 + 0.2) to 9 decimals.
fn round(x: f64) -> f64 {
    (x * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(json: &str, days: f64, steps: &[&str], hand_offs: u32) {
        let doc = quytrinh_model::parse_str("t.json", json).unwrap();
        let path = critical_path(doc.procedure.as_ref().unwrap());
        assert_eq!(path.days, days);
        assert_eq!(path.steps, steps);
        assert_eq!(path.hand_offs, hand_offs);
    }

    fn proc(steps: &str, flows: &str) -> String {
        format!(
            r#"{{"procedure": {{"code": "X", "name": "X", "actors": [{{"id": "a", "name": "A", "role": "applicant"}},
            {{"id": "b", "name": "B", "role": "agency"}}], "steps": [{steps}] {flows} }}}}"#
        )
    }

    #[test]
    fn listed_order_without_flows() {
        let steps = r#"{"id": "s", "name": "s", "actor": "a", "action": "submit", "channel": "online"},
            {"id": "p", "name": "p", "actor": "b", "action": "process", "channel": "online", "duration_days": 2},
            {"id": "r", "name": "r", "actor": "b", "action": "return_result", "channel": "online", "duration_days": 0.5}"#;
        check(&proc(steps, ""), 2.5, &["s", "p", "r"], 1);
    }

    #[test]
    fn worst_branch_counts_and_rework_is_left_out() {
        let steps = r#"{"id": "s", "name": "s", "actor": "a", "action": "submit", "channel": "online"},
            {"id": "fast", "name": "f", "actor": "b", "action": "process", "channel": "online", "duration_days": 1},
            {"id": "slow", "name": "sl", "actor": "b", "action": "verify", "channel": "online", "duration_days": 4},
            {"id": "bs", "name": "bs", "actor": "a", "action": "supplement", "channel": "online", "duration_days": 30},
            {"id": "r", "name": "r", "actor": "b", "action": "return_result", "channel": "online"}"#;
        let flows = r#", "flows": [{"from": "s", "to": "fast", "kind": "alternative"}, {"from": "s", "to": "slow", "kind": "alternative"},
            {"from": "fast", "to": "r"}, {"from": "slow", "to": "r"}, {"from": "fast", "to": "bs", "kind": "rework"},
            {"from": "bs", "to": "fast"}]"#;
        check(&proc(steps, flows), 4.0, &["s", "slow", "r"], 1);
    }

    #[test]
    fn chain_of_members() {
        assert_eq!(longest_chain(&[1.0, 5.0], &[(0, 1)]), (6.0, vec![0, 1]));
        assert_eq!(longest_chain(&[1.0, 5.0, 7.0], &[(0, 1)]), (7.0, vec![2]));
        assert_eq!(longest_chain(&[], &[]), (0.0, vec![]));
        // A cycle does not loop forever.
        assert_eq!(longest_chain(&[1.0, 2.0], &[(0, 1), (1, 0)]).0, 3.0);
    }
}
