//! Semantic checks of a parsed document: ids, references, the shape of the step graph.
//! Every problem is collected (not just the first), named by its JSON path.

// Maps of ids, made for every procedure: foldhash (randomly seeded like the standard one, and
// hashbrown's own default) costs less than SipHash on short keys.
use foldhash::{HashMap, HashSet};

use crate::diag::{Code, Diagnostic, Source, closest};
use crate::graph::StepGraph;
use crate::locate::{JsonPath, Locator};
use crate::types::{ChosenBy, FlowKind, Group, Procedure, Step};
use crate::ways::{MAX_SCENARIOS, Ways};

/// One problem, located by JSON path; turned into a [`Diagnostic`] by [`Issues::into_diagnostics`].
#[derive(Debug)]
pub(crate) struct Issue {
    code: Code,
    path: JsonPath,
    message: String,
    help: Option<String>,
    /// A warning: reported, but the document is still loaded.
    warning: bool,
}

/// The most problems reported for one document: past them, the rest are counted, not located
/// (each located problem costs a pass over the text, and a hostile file can hold millions).
pub(crate) const MAX_ISSUES: usize = 100;

/// The problems found in one document, and how many were left out past [`MAX_ISSUES`].
#[derive(Debug, Default)]
pub(crate) struct Issues(Vec<Issue>, usize);

impl Issues {
    fn push(&mut self, code: Code, path: JsonPath, message: String, help: Option<String>) {
        if self.0.len() >= MAX_ISSUES {
            self.1 += 1;
            return;
        }
        self.0.push(Issue {
            code,
            path,
            message,
            help,
            warning: false,
        });
    }

    /// A problem that does not stop the document from loading.
    fn warn(&mut self, code: Code, path: JsonPath, message: String, help: Option<String>) {
        self.push(code, path, message, help);
        if let Some(last) = self.0.last_mut()
            && self.1 == 0
        {
            last.warning = true;
        }
    }

    /// Some problem is an error (not only warnings).
    pub(crate) fn has_errors(&self) -> bool {
        self.1 > 0 || self.0.iter().any(|i| !i.warning)
    }

    /// The help of an unknown reference: the closest id and the ids there are. Once the
    /// document has as many problems as are reported, none (it would not be shown).
    fn suggest(&self, wanted: &str, what: &str, candidates: &[&str]) -> Option<String> {
        (self.0.len() < MAX_ISSUES).then(|| suggest(wanted, what, candidates))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Locates every issue in `src` (parsing it for positions once, only now).
    pub(crate) fn into_diagnostics(self, src: &Source) -> Vec<Diagnostic> {
        if self.0.is_empty() {
            return Vec::new();
        }
        let loc = Locator::new(&src.text);
        let left_out = self.1;
        let mut out: Vec<Diagnostic> = self
            .0
            .into_iter()
            .map(|i| {
                let (s, e) = loc.span(&i.path).unwrap_or((0, 0));
                let mut d = Diagnostic::at(i.code, src, s, e, i.message);
                if i.warning {
                    d = d.warning();
                }
                match i.help {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            })
            .collect();
        if left_out > 0 {
            out.push(
                Diagnostic::at(
                    Code::TooLarge,
                    src,
                    0,
                    0,
                    format!("{left_out} more problems in this document are not shown (only the first {MAX_ISSUES} are)"),
                )
                .with_help("fix the problems shown and check the file again"),
            );
        }
        out
    }
}

fn suggest(wanted: &str, what: &str, candidates: &[&str]) -> String {
    match closest(wanted, candidates.iter().copied()) {
        Some(c) => format!(
            "did you mean `{c}`? the {what} ids are: {}",
            list(candidates)
        ),
        None if candidates.is_empty() => {
            format!("no {what} is defined; add one or fix the reference")
        }
        None => format!("use one of the {what} ids: {}", list(candidates)),
    }
}

fn list(ids: &[&str]) -> String {
    const MAX: usize = 12;
    let mut s: Vec<String> = ids.iter().take(MAX).map(|i| format!("`{i}`")).collect();
    if ids.len() > MAX {
        s.push(format!("… ({} more)", ids.len() - MAX));
    }
    s.join(", ")
}

fn valid_step_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

// The checks take the path of what they check as a closure: it is built only when there is a
// problem to report (building every path eagerly was a large share of loading valid input).

fn non_negative(issues: &mut Issues, path: impl FnOnce() -> JsonPath, what: &str, v: Option<f64>) {
    if let Some(x) = v
        && !(x >= 0.0 && x.is_finite())
    {
        issues.push(
            Code::InvalidValue,
            path(),
            format!("{what} is {x}, but it must be a number ≥ 0"),
            Some(format!("write {what} in working days, 0 or more")),
        );
    }
}

/// Reports each step from which no end step can be reached, the message ending with `why`.
fn dead_ends(
    p: &Procedure,
    g: &StepGraph,
    at: &JsonPath,
    issues: &mut Issues,
    why: &str,
    help: &str,
) {
    each_step_not(p, &g.reaches_end(), at, issues, Code::DeadEnd, |s| {
        (
            format!("no end step can be reached from step `{}`{why}", s.id),
            help.to_owned(),
        )
    });
}

/// Reports, at its id, each step whose flag in `ok` is false: `says` gives the message and the
/// help.
fn each_step_not(
    p: &Procedure,
    ok: &[bool],
    at: &JsonPath,
    issues: &mut Issues,
    code: Code,
    says: impl Fn(&Step) -> (String, String),
) {
    for (i, s) in p.steps.iter().enumerate() {
        if !ok.get(i).copied().unwrap_or(true) {
            let (message, help) = says(s);
            issues.push(
                code,
                at.key("steps").index(i).key("id"),
                message,
                Some(help),
            );
        }
    }
}

/// Checks the `time_limit_days` of the procedure or group at `at`.
fn time_limit(issues: &mut Issues, at: &JsonPath, v: Option<f64>) {
    non_negative(issues, || at.key("time_limit_days"), "time_limit_days", v);
}

fn non_empty(issues: &mut Issues, path: impl FnOnce() -> JsonPath, what: &str, v: &str) {
    if v.trim().is_empty() {
        issues.push(
            Code::InvalidValue,
            path(),
            format!("{what} is empty"),
            Some(format!("write the {what}")),
        );
    }
}

/// Whether a text shows nothing: empty, or only spaces and invisible characters.
fn blank(v: &str) -> bool {
    v.chars()
        .all(|c| c.is_whitespace() || crate::escape::is_hidden(c))
}

fn visible_text(issues: &mut Issues, path: impl FnOnce() -> JsonPath, what: &str, v: &str) {
    if blank(v) {
        issues.push(
            Code::InvalidValue,
            path(),
            format!("{what} shows nothing (it is empty or only spaces or invisible characters)"),
            Some(format!("write the {what}: it is the text of the diagram")),
        );
    }
}

/// What the diagram shows must be visible text: every actor name (a lane's title), step name
/// (a box) and flow label (an arrow's text, when given).
fn drawable(p: &Procedure, at: &JsonPath, issues: &mut Issues) {
    for (i, a) in p.actors.iter().enumerate() {
        visible_text(
            issues,
            || at.key("actors").index(i).key("name"),
            "actor name",
            &a.name,
        );
    }
    for (i, s) in p.steps.iter().enumerate() {
        visible_text(
            issues,
            || at.key("steps").index(i).key("name"),
            "step name",
            &s.name,
        );
    }
    for (i, f) in p.flows.iter().flatten().enumerate() {
        if let Some(label) = &f.label {
            visible_text(
                issues,
                || at.key("flows").index(i).key("label"),
                "flow label",
                label,
            );
        }
    }
}

/// The longest duration or time limit accepted, in working days (about 400 years): so every
/// sum of durations stays a finite number.
pub(crate) const MAX_DAYS: f64 = 100_000.0;

/// Durations and time limits at most [`MAX_DAYS`] (their sums along any path then stay finite).
fn bounded_durations(p: &Procedure, at: &JsonPath, issues: &mut Issues) {
    let mut check = |path: &dyn Fn() -> JsonPath, what: &str, v: Option<f64>| {
        if let Some(x) = v
            && x.is_finite()
            && x > MAX_DAYS
        {
            issues.push(
                Code::InvalidValue,
                path(),
                format!("{what} is {x} working days, more than the {MAX_DAYS} accepted"),
                Some(format!("write {what} in working days (at most {MAX_DAYS})")),
            );
        }
    };
    check(
        &|| at.key("time_limit_days"),
        "time_limit_days",
        p.time_limit_days,
    );
    for (i, s) in p.steps.iter().enumerate() {
        check(
            &|| at.key("steps").index(i).key("duration_days"),
            "duration_days",
            s.duration_days,
        );
    }
}

/// Reports duplicate ids among `items`; returns the id → index map of the first occurrences.
fn unique_ids<'a>(
    issues: &mut Issues,
    at: impl Fn() -> JsonPath,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
) -> HashMap<&'a str, usize> {
    let mut seen: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(ids.size_hint().0, Default::default());
    for (i, id) in ids.enumerate() {
        if let Some(&first) = seen.get(id) {
            issues.push(
                Code::DuplicateId,
                at().index(i).key("id"),
                format!(
                    "duplicate {what} id `{id}` (first used by {what} #{})",
                    first + 1
                ),
                Some(format!(
                    "give each {what} its own id, e.g. `{id}_{}`",
                    i + 1
                )),
            );
        } else {
            seen.insert(id, i);
        }
    }
    seen
}

/// Checks one procedure; `at` is the path of the procedure object.
pub(crate) fn procedure(p: &Procedure, at: &JsonPath, issues: &mut Issues) {
    procedure_graph(p, at, issues);
}

/// [`procedure`], giving back the step graph it built to check the flows (none when the
/// flows name unknown steps, or ids repeat).
pub(crate) fn procedure_graph(
    p: &Procedure,
    at: &JsonPath,
    issues: &mut Issues,
) -> Option<StepGraph> {
    non_empty(issues, || at.key("code"), "procedure code", &p.code);
    non_empty(issues, || at.key("name"), "procedure name", &p.name);
    drawable(p, at, issues);
    bounded_durations(p, at, issues);
    time_limit(issues, at, p.time_limit_days);
    if p.actors.is_empty() {
        issues.push(
            Code::InvalidValue,
            at.key("actors"),
            "the procedure has no actors".into(),
            Some("add at least the applicant: {\"id\": \"cong_dan\", \"name\": \"Công dân\", \"role\": \"applicant\"}".into()),
        );
    }
    if p.steps.is_empty() {
        issues.push(
            Code::InvalidValue,
            at.key("steps"),
            "the procedure has no steps".into(),
            Some("list the steps from the applicant's submission to the result (Điều 17, Thông tư 01/2023/TT-VPCP)".into()),
        );
    }
    let actors = unique_ids(
        issues,
        || at.key("actors"),
        "actor",
        p.actors.iter().map(|a| a.id.as_str()),
    );
    let docs = unique_ids(
        issues,
        || at.key("documents"),
        "document",
        p.documents.iter().map(|d| d.id.as_str()),
    );
    let steps = unique_ids(
        issues,
        || at.key("steps"),
        "step",
        p.steps.iter().map(|s| s.id.as_str()),
    );
    step_references(p, at, &actors, &docs, issues);
    let dangling = dangling_flows(p, at, &steps, issues);
    choices(p, at, issues);
    if dangling || p.steps.is_empty() || steps.len() != p.steps.len() {
        return None;
    }
    let g = StepGraph::build(p).ok()?;
    graph(p, &g, at, issues);
    Some(g)
}

/// Checks each step's id, duration, and the actor and documents it names (`actors`, `docs`:
/// the ids defined, from [`unique_ids`]).
fn step_references(
    p: &Procedure,
    at: &JsonPath,
    actors: &HashMap<&str, usize>,
    docs: &HashMap<&str, usize>,
    issues: &mut Issues,
) {
    let steps_at = || at.key("steps");
    // The ids offered in a suggestion, listed only when one is made.
    let actor_ids = || -> Vec<&str> { p.actors.iter().map(|a| a.id.as_str()).collect() };
    let doc_ids = || -> Vec<&str> { p.documents.iter().map(|d| d.id.as_str()).collect() };
    for (i, s) in p.steps.iter().enumerate() {
        let sp = || steps_at().index(i);
        if !valid_step_id(&s.id) {
            issues.push(
                Code::InvalidValue,
                sp().key("id"),
                format!(
                    "step id `{}` has characters other than letters, digits, `_`, `.` and `-`",
                    s.id
                ),
                Some(
                    "use an ASCII id such as `tiep_nhan`; put the Vietnamese text in `name`".into(),
                ),
            );
        }
        non_negative(
            issues,
            || sp().key("duration_days"),
            "duration_days",
            s.duration_days,
        );
        if !actors.contains_key(s.actor.as_str()) {
            issues.push(
                Code::UnknownReference,
                sp().key("actor"),
                format!(
                    "step `{}` names actor `{}`, which is not defined",
                    s.id, s.actor
                ),
                issues.suggest(&s.actor, "actor", &actor_ids()),
            );
        }
        for (j, d) in s.documents.iter().enumerate() {
            if !docs.contains_key(d.as_str()) {
                issues.push(
                    Code::UnknownReference,
                    sp().key("documents").index(j),
                    format!("step `{}` names document `{d}`, which is not defined", s.id),
                    issues.suggest(d, "document", &doc_ids()),
                );
            }
        }
    }
}

/// Checks that every flow joins two defined steps (`steps`); whether any does not.
fn dangling_flows(
    p: &Procedure,
    at: &JsonPath,
    steps: &HashMap<&str, usize>,
    issues: &mut Issues,
) -> bool {
    // The ids offered in a suggestion, listed only when one is made.
    let step_ids = || -> Vec<&str> { p.steps.iter().map(|s| s.id.as_str()).collect() };
    let mut dangling = false;
    if let Some(flows) = &p.flows {
        for (i, f) in flows.iter().enumerate() {
            for (end, id) in [("from", &f.from), ("to", &f.to)] {
                if !steps.contains_key(id.as_str()) {
                    dangling = true;
                    issues.push(
                        Code::UnknownReference,
                        at.key("flows").index(i).key(end),
                        format!(
                            "flow #{} goes {end} step `{id}`, which is not defined",
                            i + 1
                        ),
                        issues.suggest(id, "step", &step_ids()),
                    );
                }
            }
        }
    }
    dangling
}

/// Rules v2: `chosen_by` only on `alternative` flows, and the same for all the alternative
/// flows leaving one step; a `decision` question where the step decides something.
fn choices(p: &Procedure, at: &JsonPath, issues: &mut Issues) {
    let Some(flows) = &p.flows else {
        for (i, s) in p.steps.iter().enumerate() {
            if s.decision.is_some() {
                decision_without_branches(p, i, 0, at, issues);
            }
        }
        return;
    };
    // The chooser of the first alternative flow leaving each step.
    let mut first: HashMap<&str, (usize, ChosenBy)> = HashMap::default();
    for (i, f) in flows.iter().enumerate() {
        let fp = || at.key("flows").index(i);
        if f.kind != FlowKind::Alternative {
            if f.chosen_by.is_some() {
                issues.push(
                    Code::InvalidValue,
                    fp().key("chosen_by"),
                    format!(
                        "flow #{} from `{}` to `{}` has `chosen_by`, but only `alternative` flows are chosen",
                        i + 1,
                        f.from,
                        f.to
                    ),
                    Some(r#"remove `chosen_by`, or make the flow "kind": "alternative" if the applicant or the agency picks one of several branches here"#.into()),
                );
            }
            continue;
        }
        let chooser = f.chooser();
        match first.get(f.from.as_str()) {
            None => {
                first.insert(f.from.as_str(), (i, chooser));
            }
            Some(&(j, c)) if c != chooser => issues.push(
                Code::InvalidValue,
                fp().key("chosen_by"),
                format!(
                    "the alternative flows leaving step `{}` disagree on who chooses: flow #{} says `{}`, flow #{} says `{}`",
                    f.from,
                    j + 1,
                    c.as_str(),
                    i + 1,
                    chooser.as_str()
                ),
                Some(r#"give every alternative flow leaving this step the same "chosen_by" ("applicant" when the applicant picks, otherwise leave it out: the agency or the case decides)"#.into()),
            ),
            Some(_) => {}
        }
    }
    for (i, s) in p.steps.iter().enumerate() {
        if s.decision.is_none() {
            continue;
        }
        let branches = flows
            .iter()
            .filter(|f| {
                f.from == s.id && matches!(f.kind, FlowKind::Alternative | FlowKind::Reject)
            })
            .count();
        if branches < 2 {
            decision_without_branches(p, i, branches, at, issues);
        }
    }
}

fn decision_without_branches(
    p: &Procedure,
    i: usize,
    branches: usize,
    at: &JsonPath,
    issues: &mut Issues,
) {
    issues.warn(
        Code::DecisionWithoutBranches,
        at.key("steps").index(i).key("decision"),
        format!(
            "step `{}` asks a `decision` question, but {} `alternative` or `reject` flow{} leave{} it",
            step_id(p, i),
            branches,
            if branches == 1 { "" } else { "s" },
            if branches == 1 { "s" } else { "" },
        ),
        Some(r#"a decision needs at least two answers: add the flows it decides between ("kind": "alternative" or "reject", each with a "label"), or remove `decision`"#.into()),
    );
}

fn graph(p: &Procedure, g: &StepGraph, at: &JsonPath, issues: &mut Issues) {
    let start = p.steps.first().map_or("", |s| s.id.as_str());
    each_step_not(
        p,
        &g.reachable_from_start(),
        at,
        issues,
        Code::Unreachable,
        |s| {
            (
                format!(
                    "step `{}` cannot be reached from the start step `{start}`",
                    s.id
                ),
                format!(
                    "add a flow into `{}` (e.g. {{\"from\": \"…\", \"to\": \"{}\"}}), or remove the step; the first step listed is the start",
                    s.id, s.id
                ),
            )
        },
    );
    let cycles = g.cycle_closing_flows();
    for e in &cycles {
        let (from, to) = (step_id(p, e.from.0), step_id(p, e.to.0));
        let path = match e.flow {
            Some(f) => at.key("flows").index(f.0),
            None => at.key("steps").index(e.to.0),
        };
        issues.push(
            Code::Cycle,
            path,
            format!(
                "the {} flow from `{from}` to `{to}` closes a cycle, and it is not a rework flow",
                e.kind.as_str()
            ),
            Some(if e.kind == FlowKind::Reject {
                r#"a refusal ends the procedure: send the reject flow to the step that returns the refusal notice (a return_result step with no flow onward); a loop back for more papers is a "rework" flow"#.into()
            } else {
                r#"if this is a loop back (e.g. bổ sung hồ sơ), mark it "kind": "rework"; otherwise remove it"#.into()
            }),
        );
    }
    if cycles.is_empty() {
        dead_ends(
            p,
            g,
            at,
            issues,
            "",
            "add a flow from it towards the result (an end step has no outgoing flow other than rework)",
        );
        // The scenarios are at most the product of every decision's options: only when that
        // bound passes the cap are they counted.
        if scenario_bound(p) > MAX_SCENARIOS && Ways::of(p, g).is_err() {
            issues.push(
                Code::TooManyScenarios,
                at.key("code"),
                format!(
                    "procedure `{}` has more than {MAX_SCENARIOS} scenarios (ways its alternative and reject flows can combine)",
                    p.code
                ),
                Some("no real procedure comes near this: split the procedure, or model independent options as steps done in parallel (normal flows) rather than as alternatives".into()),
            );
        }
    } else {
        // Steps caught in a non-rework cycle may also have no way out: report those too.
        dead_ends(
            p,
            g,
            at,
            issues,
            ": every path from it runs into a cycle",
            "give the cycle a way out: a flow to a step that leads to the result",
        );
    }
}

/// The product of the options of every decision of `p` (a bound on its scenarios), saturating.
fn scenario_bound(p: &Procedure) -> usize {
    let Some(flows) = &p.flows else { return 1 };
    let mut alternatives: HashMap<&str, usize> = HashMap::default();
    let mut rejects: HashMap<&str, usize> = HashMap::default();
    for f in flows {
        match f.kind {
            FlowKind::Alternative => *alternatives.entry(f.from.as_str()).or_default() += 1,
            FlowKind::Reject => *rejects.entry(f.from.as_str()).or_default() += 1,
            FlowKind::Normal | FlowKind::Rework => {}
        }
    }
    alternatives
        .values()
        .copied()
        .chain(rejects.values().map(|r| r + 1))
        .fold(1usize, usize::saturating_mul)
}

fn step_id(p: &Procedure, i: usize) -> &str {
    p.steps.get(i).map_or("?", |s| s.id.as_str())
}

/// Checks the parts of a group that need no member: its own fields and each member's shape.
pub(crate) fn group_shape(g: &Group, at: &JsonPath, issues: &mut Issues) {
    non_empty(issues, || at.key("code"), "group code", &g.code);
    non_empty(issues, || at.key("name"), "group name", &g.name);
    time_limit(issues, at, g.time_limit_days);
    if g.procedures.is_empty() {
        issues.push(
            Code::InvalidValue,
            at.key("procedures"),
            "the group has no member procedures".into(),
            Some(r#"list its procedures: {"include": "file.json"} or {"procedure": {...}}"#.into()),
        );
    }
    for (i, m) in g.procedures.iter().enumerate() {
        let mp = at.key("procedures").index(i);
        match (&m.include, &m.procedure) {
            (Some(_), Some(_)) | (None, None) => issues.push(
                Code::Shape,
                mp,
                format!("member #{} must have exactly one of \"include\" and \"procedure\"", i + 1),
                Some(r#"write {"include": "file.json"} (a path relative to this file, or a procedure code among the inputs) or {"procedure": {...}}"#.into()),
            ),
            (None, Some(p)) => procedure(p, &mp.key("procedure"), issues),
            (Some(path), None) if path.trim().is_empty() => issues.push(
                Code::InvalidValue,
                mp.key("include"),
                "the include is empty".into(),
                Some("name a file relative to this group file, or a procedure code".into()),
            ),
            (Some(_), None) => {}
        }
    }
}

/// Checks the links and member codes of a group once its members are known.
/// `members` pairs each member procedure with the index of its entry in `procedures`.
pub(crate) fn group_links(
    g: &Group,
    members: &[(usize, &Procedure)],
    at: &JsonPath,
    issues: &mut Issues,
) {
    let mut by_code: HashMap<&str, &Procedure> = HashMap::default();
    for &(i, p) in members {
        if by_code.insert(p.code.as_str(), p).is_some() {
            issues.push(
                Code::DuplicateId,
                at.key("procedures").index(i),
                format!("procedure code `{}` appears twice in the group", p.code),
                Some(
                    "a group lists each member procedure once; codes are unique within a group"
                        .into(),
                ),
            );
        }
    }
    let codes: Vec<&str> = members.iter().map(|(_, p)| p.code.as_str()).collect();
    let step_ids: HashMap<&str, HashSet<&str>> = by_code
        .iter()
        .map(|(&code, p)| (code, p.steps.iter().map(|x| x.id.as_str()).collect()))
        .collect();
    for (i, l) in g.links.iter().enumerate() {
        let lp = at.key("links").index(i);
        for (end, code, step, step_key) in [
            ("from", &l.from, &l.from_step, "from_step"),
            ("to", &l.to, &l.to_step, "to_step"),
        ] {
            match by_code.get(code.as_str()) {
                None => issues.push(
                    Code::UnknownReference,
                    lp.key(end),
                    format!("link #{} goes {end} procedure `{code}`, which is not a member of the group", i + 1),
                    issues.suggest(code, "member procedure", &codes),
                ),
                Some(p) => {
                    if let Some(s) = step
                        && !step_ids
                            .get(code.as_str())
                            .is_some_and(|ids| ids.contains(s.as_str()))
                    {
                        let ids: Vec<&str> = p.steps.iter().map(|x| x.id.as_str()).collect();
                        issues.push(
                            Code::UnknownReference,
                            lp.key(step_key),
                            format!("link #{} names step `{s}` in procedure `{code}`, which has no such step", i + 1),
                            issues.suggest(s, "step", &ids),
                        );
                    }
                }
            }
        }
        if l.from == l.to && by_code.contains_key(l.from.as_str()) {
            issues.push(
                Code::InvalidValue,
                lp,
                format!("link #{} goes from procedure `{}` to itself", i + 1, l.from),
                Some("links join two different member procedures; steps inside one procedure are joined by flows".into()),
            );
        }
    }
}

impl Issues {
    pub(crate) fn push_pub(&mut self, code: Code, path: JsonPath, message: String, help: String) {
        self.push(code, path, message, Some(help));
    }
}
