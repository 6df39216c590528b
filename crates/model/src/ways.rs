//! The ways through a procedure (rules version 2): decisions, scenarios and strategies.
//!
//! Without `rework` flows, a step branches in three ways: `alternative` flows chosen by the
//! applicant (a *choice point*), other `alternative` flows and `reject` flows (the agency or the
//! case decides), and several `normal` flows (parallel: all are done).
//!
//! - A *decision* is made at a step with `alternative` flows (one of them is taken, together
//!   with the step's `normal` flows) or with `reject` flows (either one reject flow alone is
//!   taken, or all the step's other flows); a step with both makes two decisions, reject first.
//! - A *scenario* fixes every decision it reaches. Its steps are those reached from the start by
//!   the flows it takes, plus its rework-reached steps: the targets of `rework` flows from its
//!   steps and what those reach by `normal` and `rework` flows (no decision made there).
//! - A *strategy* fixes the applicant's option at every choice point its scenarios reach; its
//!   steps are the union of its scenarios' steps.
//!
//! [`Ways::of`] enumerates them, refusing more than [`MAX_SCENARIOS`] scenarios.

use crate::graph::{StepGraph, StepIx};
use crate::types::{ChosenBy, FlowKind, Procedure};

/// The most scenarios one procedure may have; one more is bad input.
pub const MAX_SCENARIOS: usize = 4096;

/// A set of steps, by index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct StepSet {
    words: Vec<u64>,
}

impl StepSet {
    /// An empty set for `n` steps.
    pub fn new(n: usize) -> Self {
        StepSet {
            words: vec![0; n.div_ceil(64)],
        }
    }

    /// Every step of `n`.
    pub fn full(n: usize) -> Self {
        let mut s = StepSet::new(n);
        for i in 0..n {
            s.insert(StepIx(i));
        }
        s
    }

    /// Adds a step; true if it was not in the set.
    pub fn insert(&mut self, s: StepIx) -> bool {
        let (w, b) = (s.0 / 64, s.0 % 64);
        match self.words.get_mut(w) {
            Some(word) => {
                let new = *word & (1 << b) == 0;
                *word |= 1 << b;
                new
            }
            None => false,
        }
    }

    /// Whether step `s` is in the set.
    pub fn contains(&self, s: StepIx) -> bool {
        self.words
            .get(s.0 / 64)
            .is_some_and(|w| w & (1 << (s.0 % 64)) != 0)
    }

    /// Adds every step of `other`.
    pub fn union_with(&mut self, other: &StepSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// The steps, in index order.
    pub fn iter(&self) -> impl Iterator<Item = StepIx> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |b| word & (1u64 << b) != 0)
                .map(move |b| StepIx(w * 64 + b))
        })
    }

    /// How many steps the set holds.
    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set holds no step.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }
}

/// What is decided at a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// Refused (one of the step's `reject` flows alone) or not (all its other flows).
    Reject,
    /// One of the step's `alternative` flows, chosen by the agency or the case.
    Agency,
    /// One of the step's `alternative` flows, chosen by the applicant: a choice point.
    Applicant,
}

/// A decision made at a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The step that decides.
    pub step: StepIx,
    /// What is decided, and by whom.
    pub kind: DecisionKind,
    /// The options: the targets of the flows each option adds, in the order of the flows. For
    /// a reject decision, option 0 is "not refused" (no target of its own: the step's other
    /// flows), then one option per reject flow.
    pub options: Vec<Option<StepIx>>,
}

impl Decision {
    /// The choice points are the applicant's decisions.
    pub fn is_choice(&self) -> bool {
        self.kind == DecisionKind::Applicant
    }
}

/// One scenario: an option for every decision it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// `(decision, option)` for each decision reached, in the order of [`Ways::decisions`].
    pub choices: Vec<(usize, usize)>,
    /// The steps reached by the flows the scenario takes (rework flows left out).
    pub taken: StepSet,
    /// `taken` plus the rework-reached steps.
    pub steps: StepSet,
    /// A `reject` flow is taken.
    pub refused: bool,
}

impl Scenario {
    /// The option of `decision`, if the scenario reaches it.
    pub fn option(&self, decision: usize) -> Option<usize> {
        option_at(&self.choices, decision)
    }
}

/// One strategy: the applicant's option at every choice point its scenarios reach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strategy {
    /// `(decision, option)` for the choice points fixed, in the order of [`Ways::decisions`].
    pub choices: Vec<(usize, usize)>,
    /// Its scenarios, by index into [`Ways::scenarios`].
    pub scenarios: Vec<usize>,
    /// The union of its scenarios' steps.
    pub steps: StepSet,
}

impl Strategy {
    /// The option taken at `decision`, if the strategy fixes it.
    pub fn option(&self, decision: usize) -> Option<usize> {
        option_at(&self.choices, decision)
    }
}

/// The option chosen at `decision` in a list of `(decision, option)` choices.
fn option_at(choices: &[(usize, usize)], decision: usize) -> Option<usize> {
    choices
        .iter()
        .find(|(d, _)| *d == decision)
        .map(|&(_, o)| o)
}

/// Every decision, scenario and strategy of a procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ways {
    /// Ordered by step, a step's reject decision before its alternative one.
    pub decisions: Vec<Decision>,
    /// Every scenario: one set of choices at the decisions it reaches, and the steps it takes.
    pub scenarios: Vec<Scenario>,
    /// In the order of their choices (lowest option indices first).
    pub strategies: Vec<Strategy>,
}

/// More than [`MAX_SCENARIOS`] scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyScenarios;

/// The flows leaving each step, by kind (rework left out).
#[derive(Debug, Clone, Default)]
struct Out {
    normal: Vec<StepIx>,
    alternative: Vec<StepIx>,
    reject: Vec<StepIx>,
    /// The `alternative` flows are chosen by the applicant.
    applicant: bool,
    rework: Vec<StepIx>,
}

impl Ways {
    /// Enumerates the ways through `p` (whose `graph` is given).
    pub fn of(p: &Procedure, graph: &StepGraph) -> Result<Ways, TooManyScenarios> {
        let n = p.steps.len();
        let mut out: Vec<Out> = vec![Out::default(); n];
        for e in graph.edges() {
            let Some(o) = out.get_mut(e.from.0) else {
                continue;
            };
            match e.kind {
                FlowKind::Normal => o.normal.push(e.to),
                FlowKind::Rework => o.rework.push(e.to),
                FlowKind::Reject => o.reject.push(e.to),
                FlowKind::Alternative => {
                    o.alternative.push(e.to);
                    let chooser = e
                        .flow
                        .and_then(|f| p.flows.as_ref()?.get(f.0))
                        .map(|f| f.chooser());
                    if chooser == Some(ChosenBy::Applicant) {
                        o.applicant = true;
                    }
                }
            }
        }
        let mut decisions = Vec::new();
        // For each step: its reject decision and its alternative decision, if any.
        let mut at: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); n];
        for (i, o) in out.iter().enumerate() {
            let slot = at.get_mut(i);
            let mut pair = (None, None);
            if !o.reject.is_empty() {
                pair.0 = Some(decisions.len());
                decisions.push(Decision {
                    step: StepIx(i),
                    kind: DecisionKind::Reject,
                    options: std::iter::once(None)
                        .chain(o.reject.iter().map(|&t| Some(t)))
                        .collect(),
                });
            }
            if !o.alternative.is_empty() {
                pair.1 = Some(decisions.len());
                decisions.push(Decision {
                    step: StepIx(i),
                    kind: if o.applicant {
                        DecisionKind::Applicant
                    } else {
                        DecisionKind::Agency
                    },
                    options: o.alternative.iter().map(|&t| Some(t)).collect(),
                });
            }
            if let Some(slot) = slot {
                *slot = pair;
            }
        }
        let walker = Walker {
            out: &out,
            at: &at,
            decisions: &decisions,
            n,
        };
        let scenarios = walker.scenarios()?;
        let strategies = strategies(&decisions, &scenarios, n);
        Ok(Ways {
            decisions,
            scenarios,
            strategies,
        })
    }

    /// The procedure has no decision: one scenario, one strategy.
    pub fn is_linear(&self) -> bool {
        self.decisions.is_empty()
    }

    /// The choice points (the applicant's decisions), by index into [`Ways::decisions`].
    pub fn choice_points(&self) -> impl Iterator<Item = usize> + '_ {
        self.decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_choice())
            .map(|(i, _)| i)
    }

    /// The tuple that orders strategies on a tie: the option at every choice point of the
    /// procedure, in the order of `steps`, 0 where the strategy never reaches it.
    pub fn choice_tuple(&self, s: &Strategy) -> Vec<usize> {
        self.choice_points()
            .map(|d| s.option(d).unwrap_or(0))
            .collect()
    }
}

struct Walker<'a> {
    out: &'a [Out],
    at: &'a [(Option<usize>, Option<usize>)],
    decisions: &'a [Decision],
    n: usize,
}

impl Walker<'_> {
    /// Every scenario, depth first over the decisions in the order they are first reached
    /// (lowest step first).
    fn scenarios(&self) -> Result<Vec<Scenario>, TooManyScenarios> {
        let mut done = Vec::new();
        // Partial assignments: the option per decision (`None`: not fixed).
        let mut stack: Vec<Vec<Option<usize>>> = vec![vec![None; self.decisions.len()]];
        while let Some(assignment) = stack.pop() {
            let (taken, open) = self.reach(&assignment);
            match open {
                Some(d) => {
                    let options = self.decisions.get(d).map_or(0, |x| x.options.len());
                    // Pushed last option first, so the first option is expanded first.
                    for o in (0..options).rev() {
                        let mut next = assignment.clone();
                        if let Some(slot) = next.get_mut(d) {
                            *slot = Some(o);
                        }
                        stack.push(next);
                    }
                }
                None => {
                    if done.len() == MAX_SCENARIOS {
                        return Err(TooManyScenarios);
                    }
                    done.push(self.scenario(&assignment, taken));
                }
            }
        }
        Ok(done)
    }

    /// The steps `assignment` reaches from the start, and the first decision (by step, reject
    /// first) it reaches but does not fix.
    fn reach(&self, assignment: &[Option<usize>]) -> (StepSet, Option<usize>) {
        let mut seen = StepSet::new(self.n);
        if self.n == 0 {
            return (seen, None);
        }
        let mut open: Option<usize> = None;
        let mut queue = vec![StepIx(0)];
        seen.insert(StepIx(0));
        while let Some(s) = queue.pop() {
            self.next(s, assignment, &mut open, |t| {
                if seen.insert(t) {
                    queue.push(t);
                }
            });
        }
        (seen, open)
    }

    /// Calls `to` with each step `s` leads to under `assignment`; notes in `open` the lowest
    /// decision of `s` left unfixed.
    fn next(
        &self,
        s: StepIx,
        assignment: &[Option<usize>],
        open: &mut Option<usize>,
        mut to: impl FnMut(StepIx),
    ) {
        let (Some(o), Some(&(reject, alternative))) = (self.out.get(s.0), self.at.get(s.0)) else {
            return;
        };
        let mut note = |d: usize| {
            if open.is_none_or(|x| d < x) {
                *open = Some(d);
            }
        };
        if let Some(d) = reject {
            match assignment.get(d).copied().flatten() {
                None => {
                    note(d);
                    return;
                }
                Some(0) => {}
                Some(k) => {
                    if let Some(&t) = o.reject.get(k - 1) {
                        to(t);
                    }
                    return;
                }
            }
        }
        for &t in &o.normal {
            to(t);
        }
        if let Some(d) = alternative {
            match assignment.get(d).copied().flatten() {
                None => note(d),
                Some(k) => {
                    if let Some(&t) = o.alternative.get(k) {
                        to(t);
                    }
                }
            }
        }
    }

    fn scenario(&self, assignment: &[Option<usize>], taken: StepSet) -> Scenario {
        let choices: Vec<(usize, usize)> = assignment
            .iter()
            .enumerate()
            .filter_map(|(d, o)| Some((d, (*o)?)))
            .filter(|&(d, _)| {
                self.decisions
                    .get(d)
                    .is_some_and(|x| taken.contains(x.step))
            })
            .collect();
        let refused = choices.iter().any(|&(d, o)| {
            o > 0
                && self
                    .decisions
                    .get(d)
                    .is_some_and(|x| x.kind == DecisionKind::Reject)
        });
        // Rework-reached: rework targets of its steps, then normal and rework flows onward.
        let mut steps = taken.clone();
        let mut queue: Vec<StepIx> = Vec::new();
        for s in taken.iter() {
            for &t in self.out.get(s.0).map_or(&[][..], |o| &o.rework) {
                if steps.insert(t) {
                    queue.push(t);
                }
            }
        }
        while let Some(s) = queue.pop() {
            if let Some(o) = self.out.get(s.0) {
                for &t in o.normal.iter().chain(&o.rework) {
                    if steps.insert(t) {
                        queue.push(t);
                    }
                }
            }
        }
        Scenario {
            choices,
            taken,
            steps,
            refused,
        }
    }
}

/// Groups the scenarios into strategies: at each step, the first choice point (by step) that a
/// scenario of the strategy reaches and the strategy does not fix yet is fixed to each of its
/// options in turn.
fn strategies(decisions: &[Decision], scenarios: &[Scenario], n: usize) -> Vec<Strategy> {
    let mut done = Vec::new();
    let all: Vec<usize> = (0..scenarios.len()).collect();
    // Partial strategies: the choices fixed so far and the scenarios that agree with them.
    type Partial = (Vec<(usize, usize)>, Vec<usize>);
    let mut stack: Vec<Partial> = vec![(Vec::new(), all)];
    while let Some((choices, members)) = stack.pop() {
        let fixed = |d: usize| choices.iter().any(|&(c, _)| c == d);
        let open = members
            .iter()
            .filter_map(|&i| scenarios.get(i))
            .flat_map(|s| s.choices.iter().map(|&(d, _)| d))
            .filter(|&d| decisions.get(d).is_some_and(Decision::is_choice) && !fixed(d))
            .min();
        match open {
            Some(d) => {
                let options = decisions.get(d).map_or(0, |x| x.options.len());
                for o in (0..options).rev() {
                    let kept: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| {
                            scenarios
                                .get(i)
                                .is_some_and(|s| s.option(d).is_none_or(|x| x == o))
                        })
                        .collect();
                    let mut next = choices.clone();
                    next.push((d, o));
                    next.sort_unstable();
                    stack.push((next, kept));
                }
            }
            None => {
                let mut steps = StepSet::new(n);
                for s in members.iter().filter_map(|&i| scenarios.get(i)) {
                    steps.union_with(&s.steps);
                }
                done.push(Strategy {
                    choices,
                    scenarios: members,
                    steps,
                });
            }
        }
    }
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A procedure of `steps` (ids, all the applicant's) joined by `flows` (JSON objects).
    fn procedure_json(steps: &[&str], flows: &str) -> String {
        let steps: Vec<String> = steps
            .iter()
            .map(|id| {
                format!(
                    r#"{{"id": "{id}", "name": "{id}", "actor": "a", "action": "process", "channel": "online"}}"#
                )
            })
            .collect();
        format!(
            r#"{{"procedure": {{"code": "X", "name": "X", "actors": [{{"id": "a", "name": "A", "role": "applicant"}}],
            "steps": [{}], "flows": [{flows}]}}}}"#,
            steps.join(",")
        )
    }

    fn ways(steps: &[&str], flows: &str) -> Ways {
        let json = procedure_json(steps, flows);
        let doc = crate::parse_str("t.json", &json).unwrap();
        let p = doc.procedure.unwrap();
        Ways::of(&p, &StepGraph::build(&p).unwrap()).unwrap()
    }

    fn ids(set: &StepSet, names: &[&str]) -> String {
        set.iter().map(|s| names[s.0]).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn linear_procedure_has_one_way() {
        let w = ways(&["a", "b"], r#"{"from": "a", "to": "b"}"#);
        assert!(w.is_linear());
        assert_eq!(w.scenarios.len(), 1);
        assert_eq!(w.strategies.len(), 1);
    }

    #[test]
    fn applicant_choice_makes_two_strategies_agency_choice_two_scenarios() {
        let names = ["a", "b", "c", "d", "e", "f"];
        let flows = r#"{"from": "a", "to": "b", "kind": "alternative", "chosen_by": "applicant"},
            {"from": "a", "to": "c", "kind": "alternative", "chosen_by": "applicant"},
            {"from": "b", "to": "d"}, {"from": "c", "to": "d"},
            {"from": "d", "to": "e", "kind": "alternative"}, {"from": "d", "to": "f", "kind": "alternative"}"#;
        let w = ways(&names, flows);
        assert_eq!(w.decisions.len(), 2);
        assert_eq!(w.scenarios.len(), 4);
        assert_eq!(w.strategies.len(), 2);
        let s: Vec<String> = w.strategies.iter().map(|s| ids(&s.steps, &names)).collect();
        assert_eq!(s, ["a b d e f", "a c d e f"]);
        assert_eq!(w.choice_tuple(&w.strategies[1]), [1]);
    }

    #[test]
    fn reject_is_decided_before_the_alternatives_and_rework_reaches_on() {
        let names = ["a", "b", "r", "c", "s"];
        let flows = r#"{"from": "a", "to": "r", "kind": "reject"}, {"from": "a", "to": "b", "kind": "alternative"},
            {"from": "a", "to": "c", "kind": "alternative"}, {"from": "b", "to": "s", "kind": "rework"},
            {"from": "s", "to": "b", "kind": "rework"}"#;
        let w = ways(&names, flows);
        // Refused; not refused and b; not refused and c.
        assert_eq!(w.scenarios.len(), 3);
        assert!(
            w.scenarios
                .iter()
                .any(|s| s.refused && ids(&s.steps, &names) == "a r")
        );
        assert!(
            w.scenarios
                .iter()
                .any(|s| ids(&s.taken, &names) == "a b" && ids(&s.steps, &names) == "a b s")
        );
    }

    #[test]
    fn nested_choices_count_zero_where_never_reached() {
        let names = ["a", "b", "c", "d", "e"];
        let flows = r#"{"from": "a", "to": "b", "kind": "alternative", "chosen_by": "applicant"},
            {"from": "a", "to": "c", "kind": "alternative", "chosen_by": "applicant"},
            {"from": "c", "to": "d", "kind": "alternative", "chosen_by": "applicant"},
            {"from": "c", "to": "e", "kind": "alternative", "chosen_by": "applicant"}"#;
        let w = ways(&names, flows);
        assert_eq!(w.strategies.len(), 3);
        let tuples: Vec<Vec<usize>> = w.strategies.iter().map(|s| w.choice_tuple(s)).collect();
        assert_eq!(tuples, [vec![0, 0], vec![1, 0], vec![1, 1]]);
    }

    #[test]
    fn more_than_the_cap_is_refused() {
        // 13 agency decisions in a row: 8,192 scenarios.
        let names: Vec<String> = (0..40).map(|i| format!("s{i}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut flows = Vec::new();
        for k in 0..13 {
            let (a, b, c) = (3 * k, 3 * k + 1, 3 * k + 2);
            let d = 3 * (k + 1);
            flows.push(format!(
                r#"{{"from": "s{a}", "to": "s{b}", "kind": "alternative"}}"#
            ));
            flows.push(format!(
                r#"{{"from": "s{a}", "to": "s{c}", "kind": "alternative"}}"#
            ));
            flows.push(format!(r#"{{"from": "s{b}", "to": "s{d}"}}"#));
            flows.push(format!(r#"{{"from": "s{c}", "to": "s{d}"}}"#));
        }
        let json = procedure_json(&refs, &flows.join(","));
        let doc: crate::Document = serde_json::from_str(&json).unwrap();
        let p = doc.procedure.unwrap();
        assert_eq!(
            Ways::of(&p, &StepGraph::build(&p).unwrap()),
            Err(TooManyScenarios)
        );
    }
}
