//! One procedure under rules version 2: the 8 criteria judged along the applicant's best way
//! through it, blockers and the options kept by the applicant's choice, levels, trips, the
//! critical path and its findings.

use std::cell::OnceCell;
use std::collections::BTreeSet;

// foldhash: the maps here are looked up per step and per blocker (SipHash cost more than
// the lookups' work); none is iterated into output.
use foldhash::{HashMap, HashMapExt as _};

use quytrinh_model::{
    Action, Channel, DecisionKind, DocumentKind, DossierDocument, FlowKind, Form, Procedure,
    Signature, Step, StepGraph, StepIx, StepSet, Strategy, Ways,
};

use crate::report::{
    Asked, Basis, Blocker, Criteria, Finding, FindingDetail, Level, ProcedureAnalysis,
    PublishedReason, Status, clause_of,
};
use crate::rules::{self, Cause, FindingKind, SourceId};
use crate::timing;
use crate::{Config, FieldVerification};

/// Where a procedure is judged: on its own, or as a member of a group (RULES.md v2: a member
/// whose result goes on through an outgoing link needs no `return_result` step of its own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    /// The group's code.
    pub group: Option<String>,
    /// The procedure is the `from` of a link of that group.
    pub links_out: bool,
}

/// Analyses one procedure on its own (RULES.md, version 2).
pub fn analyze_procedure(p: &Procedure, config: &Config) -> ProcedureAnalysis {
    analyze_member(p, config, &Membership::default())
}

/// Analyses one procedure as a member of a group.
pub fn analyze_member(
    p: &Procedure,
    config: &Config,
    membership: &Membership,
) -> ProcedureAnalysis {
    let Ok(graph) = StepGraph::build(p) else {
        return empty(p);
    };
    analyze_member_in(p, &graph, config, membership)
}

/// [`analyze_member`] with the procedure's step graph already built (`StepGraph::build(p)`;
/// validation builds it: [`quytrinh_model::ParsedRecord::take_graph`]).
pub fn analyze_member_in(
    p: &Procedure,
    graph: &StepGraph,
    config: &Config,
    membership: &Membership,
) -> ProcedureAnalysis {
    // A model that passed validation has at most `MAX_SCENARIOS` scenarios.
    let Ok(ways) = Ways::of(p, graph) else {
        return empty(p);
    };
    let judge = Judge::new(p, graph, &ways, config, membership);
    judge.analysis()
}

/// The trips of the best strategy, and its trips were the steps named `online` online (the
/// best strategy chosen again): what the selection list's effectiveness column needs.
pub fn trips_if_online(
    p: &Procedure,
    config: &Config,
    membership: &Membership,
    online: &[&str],
) -> (u32, u32) {
    let Ok(graph) = StepGraph::build(p) else {
        return (0, 0);
    };
    let Ok(ways) = Ways::of(p, &graph) else {
        return (0, 0);
    };
    let judge = Judge::new(p, &graph, &ways, config, membership);
    let steps: Vec<StepIx> = p
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| online.contains(&s.id.as_str()))
        .map(|(i, _)| StepIx(i))
        .collect();
    let before = judge.best(&[]).map_or(0, |(_, v)| v.trips);
    let after = judge.best(&steps).map_or(0, |(_, v)| v.trips);
    (before, after)
}

/// What the analysis can say of a procedure whose graph it cannot read (never for a model
/// that passed validation).
fn empty(p: &Procedure) -> ProcedureAnalysis {
    ProcedureAnalysis {
        code: p.code.clone(),
        name: p.name.clone(),
        authority: p.authority.clone(),
        level: Level::Offline,
        legacy_level: 0,
        criteria: Criteria([Status::Unmet; 8]),
        missing_for_partial: vec![1, 2, 3, 4, 7],
        missing_for_full: (1..=8).collect(),
        strategy_steps: Vec::new(),
        choices: Vec::new(),
        group: None,
        blockers: Vec::new(),
        findings: Vec::new(),
        applicant_visits: 0,
        critical_path_days: 0.0,
        critical_path: Vec::new(),
        hand_offs: 0,
        time_limit_days: p.time_limit_days,
        annual_volume: p.annual_volume,
        must_publish: Vec::new(),
        source: None,
    }
}

thread_local! {
    /// The `clause` of a blocker by (criterion, cause, once-only, presence exception): the
    /// same few texts for every blocker of a catalogue, cited once per thread.
    static CLAUSES: std::cell::RefCell<HashMap<(u8, Cause, bool, bool), String>> =
        std::cell::RefCell::default();
}

/// One way a step, a document or the procedure breaks a criterion.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Break<'p> {
    criterion: u8,
    cause: Cause,
    step: Option<StepIx>,
    document: Option<&'p DossierDocument>,
}

/// The verdict of one strategy.
#[derive(Debug, Clone, PartialEq)]
struct Verdict<'p> {
    criteria: Criteria,
    level: Level,
    /// How many of criteria 3, 4, 5, 6 and 8 are met or not applicable.
    ok: usize,
    trips: u32,
    breaks: Vec<Break<'p>>,
}

struct Judge<'a, 'p> {
    p: &'p Procedure,
    graph: &'a StepGraph,
    ways: &'a Ways,
    config: &'a Config,
    membership: &'a Membership,
    /// The steps of the main path in a topological order of the flows other than rework.
    order: Vec<StepIx>,
    /// Per scenario: the earliest start of each step it reaches by the flows it takes.
    starts: Vec<Vec<Option<f64>>>,
    /// A fee is due or some step is a `pay` step: criterion 5 applies.
    payment_applies: bool,
    /// The documents by id, for a dossier long enough that a search per step would make the
    /// analysis quadratic (a short one is searched: cheaper than hashing).
    documents_by_id: Option<HashMap<&'p str, &'p DossierDocument>>,
    /// Per scenario, the trips as the model stands, made on first use (see [`TripTable`]).
    trip_tables: OnceCell<Vec<TripTable>>,
}

/// The trips of one scenario as the model stands, laid out so that the trips left when one
/// step goes online are found without counting again (counting again per blocker made the
/// analysis quadratic in the steps).
#[derive(Debug, Default)]
struct TripTable {
    /// The position, among the scenario's visits by earliest start then step, of each step
    /// that is a visit.
    position: HashMap<usize, usize>,
    /// Whether the visit at a position starts a trip.
    starter: Vec<bool>,
    /// The trips started before each position.
    before: Vec<u32>,
    /// The trips counted from each position on, that visit starting a trip (one more slot,
    /// zero, at the end).
    from: Vec<u32>,
}

impl TripTable {
    fn of(visits: &[(i64, usize)]) -> TripTable {
        let starts: Vec<i64> = visits.iter().map(|&(t, _)| t).collect();
        let n = starts.len();
        let mut from = vec![0u32; n + 1];
        for j in (0..n).rev() {
            let at = starts.get(j).copied().unwrap_or_default();
            // The first visit at least one working day after this one starts the next trip.
            let next = j
                + 1
                + starts.get(j + 1..).map_or(0, |rest| {
                    rest.partition_point(|&t| t < at.saturating_add(1000))
                });
            let rest = from.get(next).copied().unwrap_or_default();
            if let Some(slot) = from.get_mut(j) {
                *slot = rest.saturating_add(1);
            }
        }
        let mut starter = vec![false; n];
        let mut before = vec![0u32; n];
        let mut trips = 0u32;
        let mut trip_start: Option<i64> = None;
        for (j, &t) in starts.iter().enumerate() {
            if let Some(b) = before.get_mut(j) {
                *b = trips;
            }
            if trip_start.is_none_or(|s| t >= s.saturating_add(1000)) {
                trips = trips.saturating_add(1);
                trip_start = Some(t);
                if let Some(f) = starter.get_mut(j) {
                    *f = true;
                }
            }
        }
        TripTable {
            position: visits
                .iter()
                .enumerate()
                .map(|(j, &(_, i))| (i, j))
                .collect(),
            starter,
            before,
            from,
        }
    }

    fn total(&self) -> u32 {
        self.from.first().copied().unwrap_or(0)
    }

    /// The trips left when step `s` is no visit any more: the same unless it started a trip;
    /// then the trips before it, and those counted afresh from the next visit.
    fn without(&self, s: usize) -> u32 {
        let Some(&j) = self.position.get(&s) else {
            return self.total();
        };
        if !self.starter.get(j).copied().unwrap_or(false) {
            return self.total();
        }
        let before = self.before.get(j).copied().unwrap_or(0);
        before.saturating_add(self.from.get(j + 1).copied().unwrap_or(0))
    }
}

impl<'a, 'p> Judge<'a, 'p> {
    fn new(
        p: &'p Procedure,
        graph: &'a StepGraph,
        ways: &'a Ways,
        config: &'a Config,
        membership: &'a Membership,
    ) -> Self {
        // Trips need the timeline only where some step can be a trip.
        let visits = p.steps.iter().any(|s| is_trip(s.action, s.channel));
        let order = graph.main_path_order().unwrap_or_default();
        let starts = if visits {
            // The decisions made at each step (reject first, then the other): looked up
            // once, not searched for each step of each scenario.
            let mut at: Vec<[Option<usize>; 2]> = vec![[None; 2]; p.steps.len()];
            for (i, d) in ways.decisions.iter().enumerate() {
                let slot = usize::from(d.kind != DecisionKind::Reject);
                if let Some(cell) = at.get_mut(d.step.0).and_then(|a| a.get_mut(slot))
                    && cell.is_none()
                {
                    *cell = Some(i);
                }
            }
            ways.scenarios
                .iter()
                .map(|sc| earliest_starts(p, graph, &order, ways, &at, sc))
                .collect()
        } else {
            Vec::new()
        };
        Judge {
            p,
            graph,
            ways,
            config,
            membership,
            order,
            starts,
            payment_applies: p.fee_vnd.unwrap_or(0) > 0
                || p.steps.iter().any(|s| s.action == Action::Pay),
            documents_by_id: (p.documents.len() > 16).then(|| {
                let mut by_id = HashMap::with_capacity(p.documents.len());
                for d in &p.documents {
                    by_id.entry(d.id.as_str()).or_insert(d);
                }
                by_id
            }),
            trip_tables: OnceCell::new(),
        }
    }

    fn step(&self, s: StepIx) -> Option<&'p Step> {
        self.p.steps.get(s.0)
    }

    /// The channel of `s`, as if `online` were online.
    fn channel(&self, s: StepIx, online: &[StepIx]) -> Channel {
        if online.contains(&s) {
            return Channel::Online;
        }
        self.step(s).map_or(Channel::Online, |st| st.channel)
    }

    fn documents(&self, s: &Step) -> Vec<&'p DossierDocument> {
        let mut seen = BTreeSet::new();
        s.documents
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .filter_map(|id| match &self.documents_by_id {
                Some(by_id) => by_id.get(id.as_str()).copied(),
                None => self.p.documents.iter().find(|d| d.id == *id),
            })
            .collect()
    }

    /// The ways step `s` breaks criteria 3, 4, 5, 6 and 8 on its own.
    fn step_breaks(&self, s: StepIx, online: &[StepIx], out: &mut Vec<Break<'p>>) {
        let Some(st) = self.step(s) else { return };
        let channel = self.channel(s, online);
        let docs = self.documents(st);
        let mut push = |criterion: u8, cause: Cause, document: Option<&'p DossierDocument>| {
            out.push(Break {
                criterion,
                cause,
                step: Some(s),
                document,
            })
        };
        let filing = matches!(st.action, Action::Submit | Action::Supplement);
        let remote = channel == Channel::Online;
        if filing {
            // Criterion 3: forms filled and sent online; a digital signature.
            let carries_form = docs.iter().any(|d| d.kind == DocumentKind::Form);
            let off_line = !remote
                && (st.action == Action::Submit
                    || (st.action == Action::Supplement && carries_form));
            if off_line {
                push(3, Cause::FilingNotOnline, None);
            } else if st.signature == Signature::Wet {
                push(3, Cause::WetSignature, None);
            }
            for d in docs
                .iter()
                .filter(|d| d.kind == DocumentKind::Form && d.form == Form::Paper)
            {
                push(3, Cause::PaperForm, Some(d));
            }
            // Criterion 4: the whole dossier sent electronically.
            if !remote
                && (st.action == Action::Submit
                    || (st.action == Action::Supplement && !st.documents.is_empty()))
            {
                push(4, Cause::FilingNotOnline, None);
            }
            for d in docs.iter().filter(|d| d.form == Form::Paper) {
                push(4, Cause::PaperInDossier, Some(d));
            }
        }
        // Criterion 5: online payment.
        if st.action == Action::Pay && !remote {
            push(5, Cause::PaymentNotOnline, None);
        }
        // Criterion 6: processed electronically, no paper, no presence, no on-site check.
        if st.action.is_applicant_facing() && channel == Channel::InPerson {
            push(6, Cause::Presence, None);
        } else if channel == Channel::Paper {
            push(6, Cause::PaperProcessing, None);
        } else if channel == Channel::Field
            && self.config.field_verification == FieldVerification::Blocks
        {
            push(6, Cause::FieldVerification, None);
        }
        for d in docs.iter().filter(|d| d.form == Form::Paper) {
            push(6, Cause::PaperDocument, Some(d));
        }
        // Criterion 8: the result returned online or by public post.
        if st.action == Action::ReturnResult
            && !matches!(channel, Channel::Online | Channel::Postal)
        {
            push(8, Cause::ReturnNotRemote, None);
        }
    }

    /// Every way the strategy breaks the criteria, criterion by criterion, steps in order.
    fn breaks(&self, strategy: &Strategy, online: &[StepIx]) -> Vec<Break<'p>> {
        let p = self.p;
        let mut out = Vec::new();
        let whole = |criterion, cause| Break {
            criterion,
            cause,
            step: None,
            document: None,
        };
        if !p.published {
            out.push(whole(1, Cause::NotPublished));
        }
        if !p.forms_downloadable {
            out.push(whole(2, Cause::FormsNotDownloadable));
        }
        for s in strategy.steps.iter() {
            self.step_breaks(s, online, &mut out);
        }
        let has = |action: Action| {
            strategy
                .steps
                .iter()
                .any(|s| self.step(s).is_some_and(|st| st.action == action))
        };
        if p.fee_vnd.unwrap_or(0) > 0 && !has(Action::Pay) {
            out.push(whole(5, Cause::FeeWithoutPayment));
        }
        if !p.result.as_ref().is_some_and(|r| r.electronic) {
            out.push(whole(7, Cause::NoElectronicResult));
        }
        if !has(Action::ReturnResult) && !self.membership.links_out {
            out.push(whole(8, Cause::NoReturnStep));
        }
        for s in self.presence_at_hand_over(strategy, online) {
            out.push(Break {
                criterion: 8,
                cause: Cause::PresenceAtHandOver,
                step: Some(s),
                document: None,
            });
        }
        out.sort_by_key(|b| b.criterion);
        out
    }

    /// Criterion 8 (v2): in-person applicant-facing steps (not `supplement`, not
    /// `return_result`) that a path over the strategy's steps leads to from an `approve` or
    /// `issue_result` step without passing a `return_result` step.
    fn presence_at_hand_over(&self, strategy: &Strategy, online: &[StepIx]) -> Vec<StepIx> {
        let n = self.p.steps.len();
        let mut seen = StepSet::new(n);
        let mut queue: Vec<StepIx> = strategy
            .steps
            .iter()
            .filter(|&s| {
                self.step(s)
                    .is_some_and(|st| matches!(st.action, Action::Approve | Action::IssueResult))
            })
            .collect();
        let mut found = Vec::new();
        while let Some(s) = queue.pop() {
            for e in self.graph.outgoing(s) {
                if e.kind == FlowKind::Rework || !strategy.steps.contains(e.to) {
                    continue;
                }
                if !seen.insert(e.to) {
                    continue;
                }
                let Some(st) = self.step(e.to) else { continue };
                if st.action == Action::ReturnResult {
                    continue;
                }
                if is_trip(st.action, self.channel(e.to, online)) {
                    found.push(e.to);
                }
                queue.push(e.to);
            }
        }
        found.sort_unstable();
        found
    }

    fn verdict(&self, strategy: &Strategy, online: &[StepIx]) -> Verdict<'p> {
        let breaks = self.breaks(strategy, online);
        let mut statuses = [Status::Met; 8];
        for b in &breaks {
            if let Some(slot) = usize::from(b.criterion)
                .checked_sub(1)
                .and_then(|i| statuses.get_mut(i))
            {
                *slot = Status::Unmet;
            }
        }
        if !self.payment_applies
            && let Some(slot) = statuses.get_mut(4)
        {
            *slot = Status::NotApplicable;
        }
        let criteria = Criteria(statuses);
        let online_submit = strategy.steps.iter().any(|s| {
            self.step(s).is_some_and(|st| st.action == Action::Submit)
                && self.channel(s, online) == Channel::Online
        });
        let level = level_of(&criteria, online_submit);
        let ok = [3, 4, 5, 6, 8]
            .iter()
            .filter(|&&n| criteria.get(n).is_ok())
            .count();
        Verdict {
            criteria,
            level,
            ok,
            trips: self.trips(strategy, online),
            breaks,
        }
    }

    /// The trips of the strategy's worst scenario.
    fn trips(&self, strategy: &Strategy, online: &[StepIx]) -> u32 {
        strategy
            .scenarios
            .iter()
            .map(|&i| self.scenario_trips(i, online))
            .max()
            .unwrap_or(0)
    }

    /// Trips in one scenario (RULES.md v2, "Trips"): the in-person applicant-facing steps (not
    /// `supplement`) in order of earliest start; a step starts a new trip when it starts at
    /// least one working day after the first step of the current trip.
    fn scenario_trips(&self, scenario: usize, online: &[StepIx]) -> u32 {
        let mut trips = 0u32;
        let mut trip_start: Option<i64> = None;
        for (start, _) in self.visits(scenario, online) {
            if trip_start.is_none_or(|t| start >= t + 1000) {
                trips = trips.saturating_add(1);
                trip_start = Some(start);
            }
        }
        trips
    }

    /// The visits of one scenario (in-person applicant-facing steps, `online` taken as
    /// online), by earliest start (rounded to 1/1000 of a day) then step.
    fn visits(&self, scenario: usize, online: &[StepIx]) -> Vec<(i64, usize)> {
        let Some(starts) = self.starts.get(scenario) else {
            return Vec::new();
        };
        let mut visits: Vec<(i64, usize)> = starts
            .iter()
            .enumerate()
            .filter_map(|(i, start)| {
                let start = (*start)?;
                let st = self.p.steps.get(i)?;
                let visit = is_trip(st.action, self.channel(StepIx(i), online));
                // Rounded to 1/1000 of a day.
                visit.then(|| ((start * 1000.0).round() as i64, i))
            })
            .collect();
        visits.sort_unstable();
        visits
    }

    /// The trips of the strategy's worst scenario when step `s` is online, from the trip
    /// tables (made once for the whole analysis).
    fn trips_without(&self, strategy: &Strategy, s: StepIx) -> u32 {
        let tables = self.trip_tables.get_or_init(|| {
            (0..self.starts.len())
                .map(|sc| TripTable::of(&self.visits(sc, &[])))
                .collect()
        });
        strategy
            .scenarios
            .iter()
            .filter_map(|&sc| tables.get(sc))
            .map(|t| t.without(s.0))
            .max()
            .unwrap_or(0)
    }

    /// The strategies that compete for the verdict: those whose every scenario without a
    /// refusal reaches a `return_result` step by the flows it takes (or all, for a member
    /// whose result goes on through a link, or when none does).
    fn competing(&self) -> Vec<&'a Strategy> {
        let all: Vec<&Strategy> = self.ways.strategies.iter().collect();
        if self.membership.links_out {
            return all;
        }
        let returns = |i: &usize| {
            self.ways.scenarios.get(*i).is_some_and(|sc| {
                sc.refused
                    || sc.taken.iter().any(|s| {
                        self.step(s)
                            .is_some_and(|st| st.action == Action::ReturnResult)
                    })
            })
        };
        let complete: Vec<&Strategy> = all
            .iter()
            .copied()
            .filter(|st| st.scenarios.iter().all(returns))
            .collect();
        if complete.is_empty() { all } else { complete }
    }

    /// The best strategy and its verdict: highest level, then most of 3, 4, 5, 6, 8 met, then
    /// fewest trips, then the choices that come first.
    fn best(&self, online: &[StepIx]) -> Option<(&'a Strategy, Verdict<'p>)> {
        let mut best: Option<(&Strategy, Verdict<'p>, Vec<usize>)> = None;
        for st in self.competing() {
            let v = self.verdict(st, online);
            let tuple = self.ways.choice_tuple(st);
            let better = match &best {
                None => true,
                Some((_, b, bt)) => {
                    (
                        std::cmp::Reverse(v.level),
                        std::cmp::Reverse(v.ok),
                        v.trips,
                        &tuple,
                    ) < (
                        std::cmp::Reverse(b.level),
                        std::cmp::Reverse(b.ok),
                        b.trips,
                        bt,
                    )
                }
            };
            if better {
                best = Some((st, v, tuple));
            }
        }
        best.map(|(s, v, _)| (s, v))
    }

    /// Trips saved if step `s` were online, the best strategy chosen again.
    fn trips_saved(&self, s: StepIx, trips: u32) -> u32 {
        let counts = self
            .step(s)
            .is_some_and(|st| is_trip(st.action, st.channel));
        // One strategy: only a step that is a trip can change the trips, and the strategy
        // stays the best (there is no other).
        if let [only] = self.ways.strategies.as_slice() {
            return if counts {
                trips.saturating_sub(self.trips_without(only, s))
            } else {
                0
            };
        }
        self.best(&[s])
            .map_or(0, |(_, v)| trips.saturating_sub(v.trips))
    }

    fn analysis(&self) -> ProcedureAnalysis {
        let p = self.p;
        let lang = self.config.lang;
        let Some((strategy, verdict)) = self.best(&[]) else {
            return empty(p);
        };
        let mut blockers: Vec<Blocker> = Vec::new();
        let mut saved: HashMap<StepIx, u32> = HashMap::new();
        for b in &verdict.breaks {
            let trips_saved = match b.step {
                Some(s) => *saved
                    .entry(s)
                    .or_insert_with(|| self.trips_saved(s, verdict.trips)),
                None => 0,
            };
            blockers.push(self.blocker(b, trips_saved).with_text(lang));
        }
        let mut findings = self.optional_channels(strategy);
        findings.extend(self.field_verifications(strategy));
        findings.extend(self.once_only());
        let path = timing::critical_path_in(p, self.graph, &self.order);
        if let Some(limit) = p.time_limit_days
            && path.days > limit + timing::EPSILON
        {
            findings.push(Finding::with_basis(
                FindingKind::Timing,
                FindingDetail::Timing {
                    critical_path_days: path.days,
                    time_limit_days: limit,
                    path: path.steps.clone(),
                },
                timing_basis(p),
                lang,
            ));
        }
        let criteria = verdict.criteria;
        let missing_for_full: Vec<u8> = criteria
            .iter()
            .filter(|(_, s)| !s.is_ok())
            .map(|(n, _)| n)
            .collect();
        let missing_for_partial = missing_for_full
            .iter()
            .copied()
            .filter(|n| [1, 2, 3, 4, 7].contains(n))
            .collect();
        let must_publish = if verdict.level == Level::FullOnline {
            Vec::new()
        } else {
            published_reasons(&blockers)
        };
        let choices = strategy
            .choices
            .iter()
            .filter_map(|&(d, o)| {
                let decision = self.ways.decisions.get(d)?;
                let to = (*decision.options.get(o)?)?;
                Some((
                    self.step(decision.step)?.id.clone(),
                    self.step(to)?.id.clone(),
                ))
            })
            .collect();
        ProcedureAnalysis {
            code: p.code.clone(),
            name: p.name.clone(),
            authority: p.authority.clone(),
            level: verdict.level,
            legacy_level: self.legacy_level(&criteria, strategy),
            criteria,
            missing_for_partial,
            missing_for_full,
            strategy_steps: strategy
                .steps
                .iter()
                .filter_map(|s| self.step(s).map(|st| st.id.clone()))
                .collect(),
            choices,
            group: self.membership.group.clone(),
            blockers,
            findings,
            applicant_visits: verdict.trips,
            critical_path_days: path.days,
            critical_path: path.steps,
            hand_offs: path.hand_offs,
            time_limit_days: p.time_limit_days,
            annual_volume: p.annual_volume,
            must_publish,
            source: None,
        }
    }

    /// The older four levels (Thông tư 26/2009/TT-BTTTT, Điều 3) on the best strategy.
    fn legacy_level(&self, c: &Criteria, strategy: &Strategy) -> u8 {
        let electronic = strategy.steps.iter().all(|s| {
            self.step(s).is_none_or(|st| {
                st.channel != Channel::Paper
                    && !(st.action == Action::Appear && st.channel == Channel::InPerson)
            })
        });
        legacy_level_from(c, electronic)
    }

    fn blocker(&self, b: &Break<'p>, trips_saved: u32) -> Blocker {
        let p = self.p;
        let step = b.step.and_then(|s| self.step(s));
        let cause_rule = rules::cause(b.cause);
        let rule = rules::criterion(b.criterion);
        // A document blocker is justified by the document's provision, a step blocker by the
        // step's.
        let required_by = match b.document {
            Some(d) => d.required_by.clone(),
            None => step.and_then(|s| s.required_by.clone()),
        };
        let mut basis = vec![Basis::criterion(b.criterion)];
        basis.extend(cause_rule.also.iter().map(|&id| Basis::source(id)));
        let once_only = b.document.is_some_and(|d| d.available_from.is_some());
        if once_only {
            basis.push(Basis::source(SourceId::OnceOnly));
        }
        let presence_exception = required_by.is_some()
            && matches!(
                b.cause,
                Cause::Presence
                    | Cause::PresenceAtHandOver
                    | Cause::FieldVerification
                    | Cause::ReturnNotRemote
            );
        if presence_exception {
            basis.push(Basis::source(SourceId::PresenceException));
        }
        if let Some(law) = &required_by {
            basis.push(Basis::model(law));
        }
        // The clause cites the tool's own references only, which the key determines.
        let clause = CLAUSES.with_borrow_mut(|clauses| {
            clauses
                .entry((b.criterion, b.cause, once_only, presence_exception))
                .or_insert_with(|| clause_of(&basis))
                .clone()
        });
        Blocker {
            procedure: p.code.clone(),
            criterion: b.criterion,
            step: step.map(|s| s.id.clone()),
            document: b.document.map(|d| d.id.clone()),
            reason: String::new(),
            remedy: String::new(),
            reason_category: cause_rule.category,
            justified: required_by.is_some(),
            required_by,
            rule: rule.map_or("", |r| r.code),
            cause: b.cause,
            cause_code: cause_rule.code,
            clause,
            channel: step.map(|s| s.channel),
            applicant_visit: step.is_some_and(|s| is_trip(s.action, s.channel)),
            trips_saved,
            basis,
            step_name: step.map(|s| s.name.clone()),
            document_name: b.document.map(|d| d.name.clone()),
            available_from: b.document.and_then(|d| d.available_from.clone()),
        }
    }

    /// Steps outside the best strategy that break a criterion: one finding per (criterion,
    /// step), with the option the best strategy takes instead.
    fn optional_channels(&self, strategy: &Strategy) -> Vec<Finding> {
        let lang = self.config.lang;
        let mut out = Vec::new();
        for (i, st) in self.p.steps.iter().enumerate() {
            let s = StepIx(i);
            if strategy.steps.contains(s) {
                continue;
            }
            let mut breaks = Vec::new();
            self.step_breaks(s, &[], &mut breaks);
            let mut criteria: Vec<u8> = breaks.iter().map(|b| b.criterion).collect();
            criteria.sort_unstable();
            criteria.dedup();
            if criteria.is_empty() {
                continue;
            }
            let instead = self
                .instead(strategy, s)
                .and_then(|t| self.step(t))
                .map(|t| t.id.clone());
            for criterion in criteria {
                out.push(Finding::with_basis(
                    FindingKind::OptionalChannel,
                    FindingDetail::OptionalChannel {
                        criterion,
                        step: st.id.clone(),
                        step_name: st.name.clone(),
                        instead: instead.clone(),
                    },
                    vec![Basis::criterion(criterion)],
                    lang,
                ));
            }
        }
        out
    }

    /// The first step of the option the strategy takes at the innermost choice point where
    /// `s` lies in an option not taken.
    fn instead(&self, strategy: &Strategy, s: StepIx) -> Option<StepIx> {
        let position = |x: StepIx| self.order.iter().position(|&o| o == x).unwrap_or(0);
        let mut best: Option<(usize, StepIx)> = None;
        for &(d, taken) in &strategy.choices {
            let Some(decision) = self.ways.decisions.get(d) else {
                continue;
            };
            if decision.kind != DecisionKind::Applicant {
                continue;
            }
            let leads_to_s = decision
                .options
                .iter()
                .enumerate()
                .filter(|&(o, _)| o != taken)
                .filter_map(|(_, t)| *t)
                .any(|t| self.reaches(t, s));
            let Some(Some(instead)) = decision.options.get(taken) else {
                continue;
            };
            let depth = position(decision.step);
            if leads_to_s && best.is_none_or(|(b, _)| depth >= b) {
                best = Some((depth, *instead));
            }
        }
        best.map(|(_, t)| t)
    }

    /// `to` can be reached from `from` by flows other than rework.
    fn reaches(&self, from: StepIx, to: StepIx) -> bool {
        let mut seen = StepSet::new(self.p.steps.len());
        let mut queue = vec![from];
        seen.insert(from);
        while let Some(x) = queue.pop() {
            if x == to {
                return true;
            }
            for e in self.graph.outgoing(x) {
                if e.kind != FlowKind::Rework && seen.insert(e.to) {
                    queue.push(e.to);
                }
            }
        }
        false
    }

    /// On-site verification under `--field-verification allowed`: a finding, not a blocker.
    fn field_verifications(&self, strategy: &Strategy) -> Vec<Finding> {
        if self.config.field_verification != FieldVerification::Allowed {
            return Vec::new();
        }
        strategy
            .steps
            .iter()
            .filter_map(|s| self.step(s))
            .filter(|s| s.channel == Channel::Field)
            .map(|s| {
                let mut basis: Vec<Basis> = rules::finding(FindingKind::FieldVerification)
                    .sources
                    .iter()
                    .map(|&id| Basis::source(id))
                    .collect();
                if let Some(law) = &s.required_by {
                    basis.push(Basis::source(SourceId::PresenceException));
                    basis.push(Basis::model(law));
                }
                Finding::with_basis(
                    FindingKind::FieldVerification,
                    FindingDetail::FieldVerification {
                        step: s.id.clone(),
                        step_name: s.name.clone(),
                        required_by: s.required_by.clone(),
                    },
                    basis,
                    self.config.lang,
                )
            })
            .collect()
    }

    /// Documents a database already holds but the applicant still gives (once-only).
    fn once_only(&self) -> Vec<Finding> {
        let p = self.p;
        let mut out = Vec::new();
        if p.documents.iter().all(|d| d.available_from.is_none()) {
            return out;
        }
        // The applicant-facing steps that ask each document, in step order, gathered in one
        // pass (a pass over the steps per document was quadratic).
        let mut asking: HashMap<&str, Vec<&Step>> = HashMap::new();
        for s in p.steps.iter().filter(|s| s.action.is_applicant_facing()) {
            for id in &s.documents {
                let steps = asking.entry(id.as_str()).or_default();
                if !steps.last().is_some_and(|l| std::ptr::eq(*l, s)) {
                    steps.push(s);
                }
            }
        }
        for d in &p.documents {
            let Some(source) = &d.available_from else {
                continue;
            };
            let asked: Vec<Asked> = asking
                .get(d.id.as_str())
                .into_iter()
                .flatten()
                .map(|s| Asked {
                    procedure: p.code.clone(),
                    step: s.id.clone(),
                    document: Some(d.id.clone()),
                    name: d.name.clone(),
                })
                .collect();
            if !asked.is_empty() {
                out.push(Finding::new(
                    FindingKind::OnceOnly,
                    FindingDetail::SameDocument {
                        procedures: vec![p.code.clone()],
                        document: d.id.clone(),
                        asked,
                        available_from: Some(source.clone()),
                    },
                    self.config.lang,
                ));
            }
        }
        out
    }
}

/// A step of the applicant's trips: an applicant-facing action other than `supplement`, done in
/// person (RULES.md v2, "Trips").
fn is_trip(action: Action, channel: Channel) -> bool {
    action.is_applicant_facing() && action != Action::Supplement && channel == Channel::InPerson
}

/// The earliest start of each step a scenario reaches by the flows it takes: the longest sum
/// of `duration_days` of the steps before it on a path from the start (rework left out).
fn earliest_starts(
    p: &Procedure,
    graph: &StepGraph,
    order: &[StepIx],
    ways: &Ways,
    decisions_at: &[[Option<usize>; 2]],
    scenario: &quytrinh_model::Scenario,
) -> Vec<Option<f64>> {
    let n = p.steps.len();
    let mut start: Vec<Option<f64>> = vec![None; n];
    if let Some(first) = start.first_mut() {
        *first = Some(0.0);
    }
    let duration = |s: StepIx| {
        p.steps
            .get(s.0)
            .and_then(|st| st.duration_days)
            .filter(|d| d.is_finite())
            .unwrap_or(0.0)
            .max(0.0)
    };
    // The option the scenario fixes for the decision at a step: its reject decision
    // (`slot` 0) or its other one (1).
    let option_at = |s: StepIx, slot: usize| {
        let i = decisions_at.get(s.0)?.get(slot).copied().flatten()?;
        Some((ways.decisions.get(i)?, scenario.option(i)?))
    };
    for &v in order {
        if !scenario.taken.contains(v) {
            continue;
        }
        let Some(sv) = start.get(v.0).copied().flatten() else {
            continue;
        };
        let end = sv + duration(v);
        let refused = option_at(v, 0)
            .and_then(|(d, o)| (o > 0).then(|| d.options.get(o).copied().flatten()))
            .flatten();
        let alternative = option_at(v, 1).and_then(|(d, o)| d.options.get(o).copied().flatten());
        for e in graph.outgoing(v) {
            let taken = match (refused, e.kind) {
                (Some(r), FlowKind::Reject) => e.to == r,
                (Some(_), _) => false,
                (None, FlowKind::Normal) => true,
                (None, FlowKind::Alternative) => alternative == Some(e.to),
                (None, _) => false,
            };
            if !taken {
                continue;
            }
            if let Some(slot) = start.get_mut(e.to.0)
                && slot.is_none_or(|x| end > x + timing::EPSILON)
            {
                *slot = Some(end);
            }
        }
    }
    start
}

/// A `timing` finding rests on the procedure's own `legal_basis` (where its time limit comes
/// from), never on the tool's table; without one, on the model's own `time_limit_days`.
fn timing_basis(p: &Procedure) -> Vec<Basis> {
    if p.legal_basis.is_empty() {
        vec![Basis::model(
            "time_limit_days (thời hạn giải quyết ghi trong mô hình)",
        )]
    } else {
        p.legal_basis.iter().map(|l| Basis::model(l)).collect()
    }
}

/// The justified blockers by reason category and provision, in order of first appearance.
fn published_reasons(blockers: &[Blocker]) -> Vec<PublishedReason> {
    let mut out: Vec<PublishedReason> = Vec::new();
    for b in blockers {
        let Some(law) = &b.required_by else { continue };
        let at = match (&b.step, &b.document) {
            (Some(s), Some(d)) => format!("{s}/{d}"),
            (Some(s), None) => s.clone(),
            (None, _) => String::new(),
        };
        let entry = match out
            .iter_mut()
            .position(|r| r.reason_category == b.reason_category && r.legal_provision == *law)
        {
            Some(i) => out.get_mut(i),
            None => {
                out.push(PublishedReason {
                    reason_category: b.reason_category,
                    legal_provision: law.clone(),
                    criteria: Vec::new(),
                    at: Vec::new(),
                });
                out.last_mut()
            }
        };
        if let Some(r) = entry {
            if !r.criteria.contains(&b.criterion) {
                r.criteria.push(b.criterion);
                r.criteria.sort_unstable();
            }
            if !at.is_empty() && !r.at.contains(&at) {
                r.at.push(at);
            }
        }
    }
    out
}

/// The level from the criteria (rules version 2, "Levels"); `online_submit`: the best strategy
/// has a `submit` step with channel `online`.
pub fn level_of(c: &Criteria, online_submit: bool) -> Level {
    if c.all_ok(&[1, 2, 3, 4, 5, 6, 7, 8]) {
        Level::FullOnline
    } else if c.all_ok(&[1, 2, 3, 4, 7]) {
        Level::PartialOnline
    } else if c.all_ok(&[1, 2])
        && online_submit
        && (c.get(3) == Status::Met || c.get(4) == Status::Met)
    {
        Level::PartialBelowCriteria
    } else if c.all_ok(&[1, 2]) {
        Level::InformationOnly
    } else {
        Level::Offline
    }
}

/// The older four levels (Thông tư 26/2009/TT-BTTTT, Điều 3); `electronic`: no step of the
/// best strategy on paper and no `appear` step in person.
pub fn legacy_level_from(c: &Criteria, electronic: bool) -> u8 {
    if !c.all_ok(&[1]) {
        0
    } else if !c.all_ok(&[2]) {
        1
    } else if !(c.all_ok(&[3, 4]) && electronic) {
        2
    } else if !c.all_ok(&[5, 8]) {
        3
    } else {
        4
    }
}
#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::Config;

    /// The greedy count of trips (a visit at least one working day after the current trip's
    /// first visit starts a new trip), as `scenario_trips` counts them.
    fn recount(starts: &[i64]) -> u32 {
        let mut trips = 0;
        let mut first: Option<i64> = None;
        for &t in starts {
            if first.is_none_or(|f| t >= f + 1000) {
                trips += 1;
                first = Some(t);
            }
        }
        trips
    }

    /// The trip table's answer for every visit taken away equals counting again without it,
    /// on many timelines of visits (same starts, half a day apart, a day apart, longer).
    #[test]
    fn trip_tables_agree_with_counting_again() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            let n = (next() % 12) as usize + usize::from(round == 0);
            let steps = [0i64, 250, 500, 999, 1000, 1500, 2000, 3000];
            let mut visits: Vec<(i64, usize)> = (0..n)
                .map(|i| {
                    (
                        steps[(next() % steps.len() as u64) as usize] * (next() % 3) as i64,
                        i,
                    )
                })
                .collect();
            visits.sort_unstable();
            let table = TripTable::of(&visits);
            let all: Vec<i64> = visits.iter().map(|v| v.0).collect();
            assert_eq!(table.total(), recount(&all), "{visits:?}");
            for &(_, s) in &visits {
                let rest: Vec<i64> = visits.iter().filter(|v| v.1 != s).map(|v| v.0).collect();
                assert_eq!(table.without(s), recount(&rest), "{visits:?} without {s}");
            }
            assert_eq!(table.without(usize::MAX), recount(&all));
        }
    }

    /// A fully online procedure; each test breaks it in one place.
    fn base() -> Value {
        json!({"procedure": {
        "code": "T.1", "name": "Thủ tục thử", "published": true, "forms_downloadable": true,
        "time_limit_days": 3, "annual_volume": 1000,
        "result": {"name": "Giấy phép", "electronic": true},
        "actors": [{"id": "a", "name": "Người yêu cầu", "role": "applicant"},
                   {"id": "b", "name": "Cơ quan", "role": "agency"}],
        "documents": [{"id": "tk", "name": "Tờ khai", "form": "electronic"}],
        "steps": [
            {"id": "nop", "name": "Nộp hồ sơ", "actor": "a", "action": "submit", "channel": "online",
             "documents": ["tk"], "signature": "digital"},
            {"id": "xl", "name": "Xử lý", "actor": "b", "action": "process", "channel": "online", "duration_days": 2},
            {"id": "tra", "name": "Trả kết quả", "actor": "b", "action": "return_result", "channel": "online"}
        ]}})
    }

    /// One line: level, legacy level, the criteria marks, visits, days, then each blocker as
    /// `criterion:step/document:cause`, then the finding kinds.
    fn summary(a: &ProcedureAnalysis) -> String {
        let marks: String = a.criteria.iter().map(|(_, s)| s.mark()).collect();
        let blockers: Vec<String> = a
            .blockers
            .iter()
            .map(|b| {
                let mut s = format!("{}:{}", b.criterion, b.step.as_deref().unwrap_or("-"));
                if let Some(d) = &b.document {
                    s.push_str(&format!("/{d}"));
                }
                if b.justified {
                    s.push('!');
                }
                s
            })
            .collect();
        let findings: Vec<&str> = a.findings.iter().map(|f| f.kind.as_str()).collect();
        format!(
            "{} L{} {marks} v{} d{} [{}] [{}]",
            a.level.as_str(),
            a.legacy_level,
            a.applicant_visits,
            a.critical_path_days,
            blockers.join(" "),
            findings.join(" ")
        )
    }

    #[track_caller]
    fn check_with(
        config: Config,
        edit: impl FnOnce(&mut Value),
        expect: &str,
    ) -> ProcedureAnalysis {
        let mut v = base();
        edit(&mut v["procedure"]);
        let doc = quytrinh_model::parse_str("t.json", &v.to_string()).unwrap();
        let a = analyze_procedure(doc.procedure.as_ref().unwrap(), &config);
        assert_eq!(summary(&a), expect);
        a
    }

    #[track_caller]
    fn check(edit: impl FnOnce(&mut Value), expect: &str) -> ProcedureAnalysis {
        check_with(Config::default(), edit, expect)
    }

    #[test]
    fn fully_online() {
        let a = check(|_| {}, "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []");
        assert!(a.must_publish.is_empty());
        assert_eq!(a.critical_path, ["nop", "xl", "tra"]);
        assert_eq!(a.hand_offs, 1);
    }

    #[test]
    fn criterion_1_unpublished() {
        check(
            |p| p["published"] = json!(false),
            "offline L0 ✗✓✓✓–✓✓✓ v0 d2 [1:-] []",
        );
    }

    #[test]
    fn criterion_2_forms_not_downloadable() {
        check(
            |p| p["forms_downloadable"] = json!(false),
            "offline L1 ✓✗✓✓–✓✓✓ v0 d2 [2:-] []",
        );
    }

    #[test]
    fn criterion_3_wet_signature() {
        check(
            |p| p["steps"][0]["signature"] = json!("wet"),
            "partial_below_criteria L2 ✓✓✗✓–✓✓✓ v0 d2 [3:nop] []",
        );
    }

    #[test]
    fn a_supplement_by_post_breaks_3_only_with_a_form_and_4_only_with_documents() {
        let supplement = |docs: Value| {
            move |p: &mut Value| {
                p["documents"].as_array_mut().unwrap().push(
                    json!({"id": "don", "name": "Đơn đề nghị", "form": "electronic", "kind": "form"}),
                );
                p["steps"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "bs", "name": "Bổ sung",
                    "actor": "a", "action": "supplement", "channel": "postal", "documents": docs}));
                p["flows"] = json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "tra"},
                    {"from": "xl", "to": "bs", "kind": "rework"}, {"from": "bs", "to": "xl", "kind": "rework"}]);
            }
        };
        // Nothing carried: nothing of the dossier goes by post.
        check(supplement(json!([])), "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []");
        // An attachment by post breaks 4 (the whole dossier is not electronic), never 3.
        check(
            supplement(json!(["tk"])),
            "partial_below_criteria L2 ✓✓✓✗–✓✓✓ v0 d2 [4:bs] []",
        );
        // A form by post breaks 3 as well.
        check(
            supplement(json!(["don"])),
            "information_only L2 ✓✓✗✗–✓✓✓ v0 d2 [3:bs 4:bs] []",
        );
    }

    #[test]
    fn criterion_4_paper_document_also_breaks_6() {
        // RULES.md: a paper document breaks 4 in a filing step and 6 in any step, so 4 never
        // breaks alone.
        let a = check(
            |p| {
                p["documents"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "gcs", "name": "Giấy chứng sinh", "form": "paper"}));
                p["steps"][0]["documents"] = json!(["tk", "gcs"]);
            },
            "partial_below_criteria L2 ✓✓✓✗–✗✓✓ v0 d2 [4:nop/gcs 6:nop/gcs] []",
        );
        assert_eq!(
            a.blockers[0].reason_category,
            crate::ReasonCategory::PaperDossier
        );
    }

    #[test]
    fn criterion_3_and_4_submit_by_post() {
        check(
            |p| p["steps"][0]["channel"] = json!("postal"),
            "information_only L2 ✓✓✗✗–✓✓✓ v0 d2 [3:nop 4:nop] []",
        );
    }

    #[test]
    fn criterion_5_fee_without_pay_step() {
        check(
            |p| p["fee_vnd"] = json!(50000),
            "partial_online L3 ✓✓✓✓✗✓✓✓ v0 d2 [5:-] []",
        );
    }

    #[test]
    fn criterion_5_pay_by_post_and_met_online() {
        let pay = |channel: &str| {
            let channel = channel.to_owned();
            move |p: &mut Value| {
                p["fee_vnd"] = json!(50000);
                p["steps"].as_array_mut().unwrap().insert(
                    1,
                    json!({"id": "phi", "name": "Nộp phí", "actor": "a",
                    "action": "pay", "channel": channel}),
                );
            }
        };
        check(pay("postal"), "partial_online L3 ✓✓✓✓✗✓✓✓ v0 d2 [5:phi] []");
        check(pay("online"), "full_online L4 ✓✓✓✓✓✓✓✓ v0 d2 [] []");
        // In person it is also a trip to the agency (criterion 6).
        check(
            pay("in_person"),
            "partial_online L3 ✓✓✓✓✗✗✓✓ v1 d2 [5:phi 6:phi] []",
        );
    }

    #[test]
    fn criterion_6_presence() {
        let a = check(
            |p| {
                p["steps"].as_array_mut().unwrap().insert(1, json!({"id": "vt", "name": "Lấy vân tay", "actor": "a",
                    "action": "appear", "channel": "in_person", "required_by": "Luật Căn cước 2023, Điều 23"}));
            },
            "partial_online L2 ✓✓✓✓–✗✓✓ v1 d2 [6:vt!] []",
        );
        assert_eq!(
            a.blockers[0].reason_category,
            crate::ReasonCategory::PresenceRequired
        );
        assert_eq!(a.must_publish.len(), 1);
        assert_eq!(
            a.must_publish[0].legal_provision,
            "Luật Căn cước 2023, Điều 23"
        );
    }

    #[test]
    fn criterion_6_paper_processing_lowers_the_legacy_level() {
        check(
            |p| p["steps"][1]["channel"] = json!("paper"),
            "partial_online L2 ✓✓✓✓–✗✓✓ v0 d2 [6:xl] []",
        );
    }

    #[test]
    fn criterion_6_field_verification_blocks_or_is_allowed() {
        let field = |p: &mut Value| p["steps"][1]["channel"] = json!("field");
        let a = check(field, "partial_online L4 ✓✓✓✓–✗✓✓ v0 d2 [6:xl] []");
        assert_eq!(
            a.blockers[0].reason_category,
            crate::ReasonCategory::FieldVerification
        );
        let allowed = Config {
            field_verification: FieldVerification::Allowed,
            ..Config::default()
        };
        let a = check_with(
            allowed,
            field,
            "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] [field_verification]",
        );
        assert_eq!(a.findings[0].code, "F-FIELD-VERIFICATION");
    }

    #[test]
    fn criterion_7_no_electronic_result() {
        check(
            |p| p["result"]["electronic"] = json!(false),
            "partial_below_criteria L4 ✓✓✓✓–✓✗✓ v0 d2 [7:-] []",
        );
        check(
            |p| p["result"] = Value::Null,
            "partial_below_criteria L4 ✓✓✓✓–✓✗✓ v0 d2 [7:-] []",
        );
    }

    #[test]
    fn criterion_8_no_return_step() {
        check(
            |p| {
                p["steps"].as_array_mut().unwrap().pop();
            },
            "partial_online L3 ✓✓✓✓–✓✓✗ v0 d2 [8:-] []",
        );
    }

    #[test]
    fn criterion_8_return_in_person_is_also_a_visit() {
        check(
            |p| p["steps"][2]["channel"] = json!("in_person"),
            "partial_online L3 ✓✓✓✓–✗✓✗ v1 d2 [6:tra 8:tra] []",
        );
        check(
            |p| p["steps"][2]["channel"] = json!("postal"),
            "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []",
        );
    }

    #[test]
    fn visits_leave_out_supplement_steps() {
        check(
            |p| {
                p["steps"][0]["channel"] = json!("in_person");
                p["steps"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "bs", "name": "Bổ sung", "actor": "a",
                    "action": "supplement", "channel": "in_person"}));
                p["flows"] = json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "tra"},
                    {"from": "xl", "to": "bs", "kind": "rework"}, {"from": "bs", "to": "xl", "kind": "rework"}]);
            },
            "information_only L2 ✓✓✗✗–✗✓✓ v1 d2 [3:nop 4:nop 6:nop 6:bs] []",
        );
    }

    #[test]
    fn a_document_a_database_holds_gets_the_once_only_remedy() {
        let a = check(
            |p| {
                p["documents"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "cccd", "name": "Căn cước công dân",
                    "form": "paper", "available_from": "CSDL quốc gia về dân cư"}));
                p["steps"][0]["documents"] = json!(["tk", "cccd"]);
            },
            "partial_below_criteria L2 ✓✓✓✗–✗✓✓ v0 d2 [4:nop/cccd 6:nop/cccd] [once_only]",
        );
        assert!(
            a.blockers[0].remedy.contains("CSDL quốc gia về dân cư"),
            "{}",
            a.blockers[0].remedy
        );
        assert!(a.blockers[0].clause.contains("Nghị định 42/2022/NĐ-CP"));
    }

    #[test]
    fn a_justified_document_is_published_as_the_reason() {
        let a = check(
            |p| {
                p["documents"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "bc", "name": "Bản chính",
                    "form": "paper", "required_by": "Luật X, Điều 5"}));
                p["steps"][2]["documents"] = json!(["bc"]);
            },
            "partial_online L4 ✓✓✓✓–✗✓✓ v0 d2 [6:tra/bc!] []",
        );
        assert_eq!(a.must_publish[0].legal_provision, "Luật X, Điều 5");
        assert!(
            a.blockers[0]
                .remedy
                .contains("Nghị định 224/2026/NĐ-CP, Điều 14")
        );
    }

    #[test]
    fn timing_finding_over_the_time_limit() {
        let a = check(
            |p| p["time_limit_days"] = json!(1.5),
            "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] [timing]",
        );
        assert_eq!(a.findings[0].code, "F-TIMING");
        check(
            |p| p["time_limit_days"] = json!(2),
            "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []",
        );
    }

    #[test]
    fn english_texts() {
        let en = Config {
            lang: quytrinh_model::Lang::En,
            ..Config::default()
        };
        let a = check_with(
            en,
            |p| p["steps"][2]["channel"] = json!("paper"),
            "partial_online L2 ✓✓✓✓–✗✓✗ v0 d2 [6:tra 8:tra] []",
        );
        assert!(
            a.blockers[1].remedy.starts_with("Return the result online"),
            "{}",
            a.blockers[1].remedy
        );
        assert!(
            a.blockers[1].reason.starts_with("Step “Trả kết quả” [tra]"),
            "{}",
            a.blockers[1].reason
        );
    }

    // ---- Rules version 2 -------------------------------------------------------------------

    /// Replaces the steps and flows of the base procedure.
    fn graph(steps: Value, flows: Value) -> impl FnOnce(&mut Value) {
        move |p: &mut Value| {
            p["steps"] = steps;
            p["flows"] = flows;
        }
    }

    fn step(id: &str, actor: &str, action: &str, channel: &str) -> Value {
        json!({"id": id, "name": id, "actor": actor, "action": action, "channel": channel})
    }

    fn optional(a: &ProcedureAnalysis) -> Vec<String> {
        a.optional_channels()
            .map(|(criterion, step, instead)| {
                format!("{criterion}:{step}>{}", instead.unwrap_or("-"))
            })
            .collect()
    }

    /// Filed and processed online, then the applicant collects the result at one of two
    /// `return_result` steps.
    #[test]
    fn a_choice_takes_the_compliant_option_else_the_fewer_trips_then_the_first() {
        /// One choice: the two steps (id, actor, channel) in the order of `steps`, the
        /// alternative flows in the order listed, the summary, the options kept, and the
        /// option the best strategy takes.
        struct Case {
            steps: [(&'static str, &'static str, &'static str); 2],
            listed: [&'static str; 2],
            summary: &'static str,
            kept: [&'static str; 2],
            taken: &'static str,
        }
        let cases = [
            // One option is compliant: fully online.
            Case {
                steps: [("vneid", "b", "online"), ("quay", "a", "in_person")],
                listed: ["quay", "vneid"],
                summary: "full_online L4 ✓✓✓✓–✓✓✓ v0 d0 [] [optional_channel optional_channel]",
                kept: ["6:quay>vneid", "8:quay>vneid"],
                taken: "vneid",
            },
            // Both ways of collecting break criterion 8; by post is no trip, so it is the best.
            Case {
                steps: [("quay", "a", "in_person"), ("giay", "b", "paper")],
                listed: ["quay", "giay"],
                summary: "partial_online L2 ✓✓✓✓–✗✓✗ v0 d0 [6:giay 8:giay] [optional_channel optional_channel]",
                kept: ["6:quay>giay", "8:quay>giay"],
                taken: "giay",
            },
            // Equal in every measure: the option listed first wins.
            Case {
                steps: [("q1", "a", "in_person"), ("q2", "a", "in_person")],
                listed: ["q2", "q1"],
                summary: "partial_online L3 ✓✓✓✓–✗✓✗ v1 d0 [6:q2 8:q2] [optional_channel optional_channel]",
                kept: ["6:q1>q2", "8:q1>q2"],
                taken: "q2",
            },
        ];
        for Case {
            steps,
            listed: [x, y],
            summary,
            kept,
            taken,
        } in cases
        {
            let [first, second] =
                steps.map(|(id, actor, channel)| step(id, actor, "return_result", channel));
            let a = check(
                graph(
                    json!([
                        step("nop", "a", "submit", "online"),
                        step("xl", "b", "process", "online"),
                        first,
                        second
                    ]),
                    json!([{"from": "nop", "to": "xl"},
                           {"from": "xl", "to": x, "kind": "alternative", "chosen_by": "applicant"},
                           {"from": "xl", "to": y, "kind": "alternative", "chosen_by": "applicant"}]),
                ),
                summary,
            );
            assert_eq!(optional(&a), kept, "{summary}");
            assert_eq!(a.strategy_steps, ["nop", "xl", taken], "{summary}");
            assert_eq!(a.choices, [("xl".to_owned(), taken.to_owned())]);
        }
    }

    #[test]
    fn nested_choices_report_the_innermost_option_taken_instead() {
        // File online or at the counter; filed online, collect through VNeID or at the counter.
        let a = check(
            graph(
                json!([
                    step("chon", "a", "submit", "online"),
                    step("quay_nop", "a", "submit", "in_person"),
                    step("xl", "b", "process", "online"),
                    step("xl2", "b", "process", "online"),
                    step("vneid", "b", "return_result", "online"),
                    step("quay_nhan", "a", "return_result", "in_person"),
                    step("quay_nhan2", "a", "return_result", "in_person")
                ]),
                json!([{"from": "chon", "to": "xl", "kind": "alternative", "chosen_by": "applicant"},
                       {"from": "chon", "to": "quay_nop", "kind": "alternative", "chosen_by": "applicant"},
                       {"from": "quay_nop", "to": "xl2"}, {"from": "xl2", "to": "quay_nhan2"},
                       {"from": "xl", "to": "quay_nhan", "kind": "alternative", "chosen_by": "applicant"},
                       {"from": "xl", "to": "vneid", "kind": "alternative", "chosen_by": "applicant"}]),
            ),
            "full_online L4 ✓✓✓✓–✓✓✓ v0 d0 [] [optional_channel optional_channel optional_channel optional_channel optional_channel optional_channel optional_channel]",
        );
        assert_eq!(
            optional(&a),
            [
                "3:quay_nop>xl",
                "4:quay_nop>xl",
                "6:quay_nop>xl",
                "6:quay_nhan>vneid",
                "8:quay_nhan>vneid",
                "6:quay_nhan2>xl",
                "8:quay_nhan2>xl"
            ]
        );
    }

    #[test]
    fn branches_the_agency_decides_cannot_be_avoided() {
        // "Cần xác minh thêm": an on-site check on one branch breaks criterion 6.
        check(
            graph(
                json!([
                    step("nop", "a", "submit", "online"),
                    step("xl", "b", "process", "online"),
                    step("xm", "b", "verify", "field"),
                    step("tra", "b", "return_result", "online")
                ]),
                json!([{"from": "nop", "to": "xl"},
                       {"from": "xl", "to": "xm", "kind": "alternative", "label": "Cần xác minh"},
                       {"from": "xl", "to": "tra", "kind": "alternative"},
                       {"from": "xm", "to": "tra"}]),
            ),
            "partial_online L4 ✓✓✓✓–✗✓✓ v0 d0 [6:xm] []",
        );
    }

    #[test]
    fn a_refusal_is_judged_like_any_agency_decision() {
        // The refusal notice collected in person breaks 6 and 8 (criterion 8 for a refusal:
        // the tool's convention).
        check(
            graph(
                json!([
                    step("nop", "a", "submit", "online"),
                    step("xl", "b", "process", "online"),
                    step("tu_choi", "a", "return_result", "in_person"),
                    step("tra", "b", "return_result", "online")
                ]),
                json!([{"from": "nop", "to": "xl"},
                       {"from": "xl", "to": "tu_choi", "kind": "reject", "label": "Không đủ điều kiện"},
                       {"from": "xl", "to": "tra"}]),
            ),
            "partial_online L3 ✓✓✓✓–✗✓✗ v1 d0 [6:tu_choi 8:tu_choi] []",
        );
    }

    #[test]
    fn presence_between_the_decision_and_the_hand_over_breaks_criterion_8() {
        // Kết hôn: both sign in person when the certificate is handed over.
        let a = check(
            graph(
                json!([
                    step("nop", "a", "submit", "online"),
                    step("ky", "b", "approve", "online"),
                    step("ky_nhan", "a", "appear", "in_person"),
                    step("tra", "b", "return_result", "online"),
                    step("lay_lai", "a", "appear", "in_person")
                ]),
                json!([{"from": "nop", "to": "ky"}, {"from": "ky", "to": "ky_nhan"},
                       {"from": "ky_nhan", "to": "tra"}, {"from": "tra", "to": "lay_lai"}]),
            ),
            "partial_online L2 ✓✓✓✓–✗✓✗ v1 d0 [6:ky_nhan 6:lay_lai 8:ky_nhan] []",
        );
        assert_eq!(a.blockers[2].cause, Cause::PresenceAtHandOver);
        assert_eq!(a.missing_for_full, [6, 8]);
        assert!(a.missing_for_partial.is_empty());
    }

    #[test]
    fn steps_of_one_sitting_are_one_trip_and_a_wait_of_a_day_makes_two() {
        let with_wait = |wait: f64| {
            graph(
                json!([step("nop", "a", "submit", "online"),
                       {"id": "phi", "name": "phi", "actor": "a", "action": "pay", "channel": "in_person",
                        "duration_days": wait},
                       step("tra", "a", "return_result", "in_person")]),
                json!([{"from": "nop", "to": "phi"}, {"from": "phi", "to": "tra"}]),
            )
        };
        check(
            with_wait(0.0),
            "partial_online L3 ✓✓✓✓✗✗✓✗ v1 d0 [5:phi 6:phi 6:tra 8:tra] []",
        );
        check(
            with_wait(0.5),
            "partial_online L3 ✓✓✓✓✗✗✓✗ v1 d0.5 [5:phi 6:phi 6:tra 8:tra] []",
        );
        check(
            with_wait(1.0),
            "partial_online L3 ✓✓✓✓✗✗✓✗ v2 d1 [5:phi 6:phi 6:tra 8:tra] []",
        );
        check(
            with_wait(3.0),
            "partial_online L3 ✓✓✓✓✗✗✓✗ v2 d3 [5:phi 6:phi 6:tra 8:tra] []",
        );
    }

    #[test]
    fn parallel_branches_share_one_timeline() {
        // Photo and fingerprints on two parallel branches, both at the start: one trip.
        check(
            graph(
                json!([
                    step("nop", "a", "submit", "online"),
                    step("anh", "a", "appear", "in_person"),
                    step("van_tay", "a", "appear", "in_person"),
                    step("tra", "b", "return_result", "online")
                ]),
                json!([{"from": "nop", "to": "anh"}, {"from": "nop", "to": "van_tay"},
                       {"from": "anh", "to": "tra"}, {"from": "van_tay", "to": "tra"}]),
            ),
            "partial_online L2 ✓✓✓✓–✗✓✓ v1 d0 [6:anh 6:van_tay] []",
        );
    }

    #[test]
    fn trips_saved_by_a_target_are_counted_from_the_trips() {
        let a = check(
            graph(
                json!([step("nop", "a", "submit", "in_person"),
                       {"id": "xl", "name": "xl", "actor": "b", "action": "process", "channel": "online", "duration_days": 2},
                       step("phi", "a", "pay", "in_person"), step("tra", "a", "return_result", "in_person")]),
                json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "phi"}, {"from": "phi", "to": "tra"}]),
            ),
            "information_only L2 ✓✓✗✗✗✗✓✗ v2 d2 [3:nop 4:nop 5:phi 6:nop 6:phi 6:tra 8:tra] []",
        );
        let saved = |id: &str| {
            a.blockers
                .iter()
                .find(|b| b.step.as_deref() == Some(id))
                .map(|b| b.trips_saved)
        };
        // Filing online saves its trip; paying or collecting alone saves none (the other
        // step of that sitting still needs the trip).
        assert_eq!(saved("nop"), Some(1));
        assert_eq!(saved("phi"), Some(0));
        assert_eq!(saved("tra"), Some(0));
    }

    #[test]
    fn each_level() {
        check(
            |p| p["published"] = json!(false),
            "offline L0 ✗✓✓✓–✓✓✓ v0 d2 [1:-] []",
        );
        check(
            |p| p["steps"][0]["channel"] = json!("postal"),
            "information_only L2 ✓✓✗✗–✓✓✓ v0 d2 [3:nop 4:nop] []",
        );
        check(
            |p| p["result"]["electronic"] = json!(false),
            "partial_below_criteria L4 ✓✓✓✓–✓✗✓ v0 d2 [7:-] []",
        );
        check(
            |p| p["steps"][2]["channel"] = json!("in_person"),
            "partial_online L3 ✓✓✓✓–✗✓✗ v1 d2 [6:tra 8:tra] []",
        );
        check(|_| {}, "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []");
    }

    #[test]
    fn a_member_whose_result_goes_on_through_a_link_needs_no_return_step() {
        let mut v = base();
        v["procedure"]["steps"].as_array_mut().unwrap().pop();
        let doc = quytrinh_model::parse_str("t.json", &v.to_string()).unwrap();
        let p = doc.procedure.unwrap();
        let alone = analyze_procedure(&p, &Config::default());
        assert_eq!(summary(&alone), "partial_online L3 ✓✓✓✓–✓✓✗ v0 d2 [8:-] []");
        let member = analyze_member(
            &p,
            &Config::default(),
            &Membership {
                group: Some("G".into()),
                links_out: true,
            },
        );
        assert_eq!(summary(&member), "full_online L4 ✓✓✓✓–✓✓✓ v0 d2 [] []");
        assert_eq!(member.group.as_deref(), Some("G"));
    }

    #[test]
    fn a_paper_form_breaks_criterion_3() {
        check(
            |p| {
                p["documents"][0]["form"] = json!("paper");
                p["documents"][0]["kind"] = json!("form");
            },
            "information_only L2 ✓✓✗✗–✗✓✓ v0 d2 [3:nop/tk 4:nop/tk 6:nop/tk] []",
        );
    }

    #[test]
    fn every_reference_is_in_the_table_or_the_models_own() {
        let a = check(
            |p| {
                p["steps"].as_array_mut().unwrap().insert(
                    1,
                    json!({"id": "vt", "name": "Lấy vân tay",
                    "actor": "a", "action": "appear", "channel": "in_person",
                    "required_by": "Luật Căn cước 2023, Điều 23"}),
                );
                p["time_limit_days"] = json!(1);
                p["legal_basis"] = json!(["Luật X"]);
            },
            "partial_online L2 ✓✓✓✓–✗✓✓ v1 d2 [6:vt!] [timing]",
        );
        let b = &a.blockers[0].basis;
        assert_eq!(b[0].criterion, Some(6));
        assert!(
            b.iter()
                .any(|x| x.document == "Nghị định 42/2022/NĐ-CP" && x.verified)
        );
        assert!(
            b.iter().any(|x| x.from_model
                && x.document == "Luật Căn cước 2023, Điều 23"
                && !x.verified)
        );
        // The timing finding rests on the model's own legal basis, never on Điều 17.
        let t = &a.findings[0];
        assert!(t.basis.iter().all(|x| x.from_model));
        assert!(!t.clause.contains("Điều 17"));
        for x in a
            .blockers
            .iter()
            .flat_map(|b| &b.basis)
            .chain(a.findings.iter().flat_map(|f| &f.basis))
        {
            assert!(
                x.from_model || rules::SOURCES.iter().any(|s| s.document == x.document),
                "{x:?}"
            );
        }
    }
}
