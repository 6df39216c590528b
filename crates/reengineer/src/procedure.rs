//! One procedure: the standard remedy of every unjustified blocker (RULES.md, "Blockers and
//! remedies"), applied to a copy of the model.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use quytrinh_analyze::rules::Cause;
use quytrinh_analyze::{Blocker, FindingDetail, ProcedureAnalysis};
use quytrinh_model::{
    Action, Actor, Channel, Flow, FlowKind, Form, Procedure, ProcedureResult, Role, Signature, Step,
};

use crate::change::{Basis, Change, ChangeKind, Log, NoteTarget, ToBe, Value};
use crate::{names, notes};

/// The to-be model of one procedure: the as-is model with the standard remedy of every
/// unjustified blocker of `analysis` applied, each change recorded and noted in the model.
/// Justified blockers (a `required_by` provision) are left as they are and listed in
/// [`ToBe::kept`]. Codes and ids of the as-is model are kept; steps and actors that must be
/// added get fresh ids.
///
/// `analysis` is the analysis of `p` (under the caller's on-site verification policy). The
/// result is a fixed point: re-engineering it again, with its own analysis, changes nothing.
pub fn reengineer_procedure(p: &Procedure, analysis: &ProcedureAnalysis) -> ToBe<Procedure> {
    let mut to_be = p.clone();
    let mut log = Log::default();
    remedy(&mut to_be, analysis, &mut log);
    notes::write_procedure(&mut to_be, &log.changes, &log.kept);
    ToBe {
        model: to_be,
        changes: log.changes,
        kept: log.kept,
    }
}

/// Applies the remedies of `a`'s blockers and once-only findings to `p`. Each remedy first
/// checks that what raised the blocker still holds, so a model already changed by a group
/// remedy (a filing turned into a receipt, a document dropped) is not changed twice.
pub(crate) fn remedy(p: &mut Procedure, a: &ProcedureAnalysis, log: &mut Log) {
    let mut places = Places::default();
    for b in &a.blockers {
        if b.justified {
            log.keep(b);
        } else {
            apply(p, b, log, &mut places);
        }
    }
    // A document that a database already holds, still asked from the applicant (once-only,
    // Nghị định 42/2022/NĐ-CP), even as an electronic copy.
    for f in &a.findings {
        if let FindingDetail::SameDocument {
            document,
            available_from: Some(source),
            ..
        } = &f.detail
        {
            let justified = places
                .document(p, document)
                .and_then(|i| p.documents.get(i))
                .is_some_and(|d| d.required_by.is_some());
            if !justified {
                look_up(p, document, source, &Basis::of_finding(f), log, &mut places);
            }
        }
    }
    // The documents looked up leave the dossier in one pass (one pass per document was
    // quadratic in a long dossier).
    if !places.dropped.is_empty() {
        crate::visit(p.documents.len());
        p.documents.retain(|d| !places.dropped.contains(&d.id));
    }
    names::fit(p, log);
}

/// Where each step and document is in the procedure, by id, and which steps list each
/// document: found in constant time per blocker (a search of the lists per blocker was
/// quadratic). Made again when a list changed (a step added) or an entry no longer matches.
/// Documents looked up are only marked `dropped` while the remedies run, and leave the list
/// once at the end.
#[derive(Debug, Default)]
struct Places {
    steps: HashMap<String, usize>,
    documents: HashMap<String, usize>,
    /// Document id → the ids of the steps that list it, in step order.
    listed_by: HashMap<String, Vec<String>>,
    dropped: HashSet<String>,
    lens: (usize, usize),
}

impl Places {
    fn refresh(&mut self, p: &Procedure) {
        if self.lens == (p.steps.len(), p.documents.len()) && !self.steps.is_empty() {
            return;
        }
        crate::visit(p.steps.len() + p.documents.len());
        self.steps = p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        self.listed_by.clear();
        for s in &p.steps {
            crate::visit(s.documents.len());
            for d in &s.documents {
                let steps = self.listed_by.entry(d.clone()).or_default();
                if steps.last() != Some(&s.id) {
                    steps.push(s.id.clone());
                }
            }
        }
        self.documents = p
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        self.lens = (p.steps.len(), p.documents.len());
    }

    /// The place of `id` in the map `places` picks, checked by `holds` against the procedure;
    /// the maps are built again once when an edit has moved it.
    fn find(
        &mut self,
        p: &Procedure,
        id: &str,
        places: fn(&Self) -> &HashMap<String, usize>,
        holds: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        self.refresh(p);
        let i = *places(self).get(id)?;
        if holds(i) {
            return Some(i);
        }
        self.lens = (usize::MAX, 0);
        self.refresh(p);
        places(self).get(id).copied()
    }

    fn step(&mut self, p: &Procedure, id: &str) -> Option<usize> {
        self.find(
            p,
            id,
            |m| &m.steps,
            |i| p.steps.get(i).is_some_and(|s| s.id == id),
        )
    }

    fn document(&mut self, p: &Procedure, id: &str) -> Option<usize> {
        if self.dropped.contains(id) {
            return None;
        }
        self.find(
            p,
            id,
            |m| &m.documents,
            |i| p.documents.get(i).is_some_and(|d| d.id == id),
        )
    }
}

/// Applies the standard remedy of blocker `b`, recording each change in `log`.
fn apply(p: &mut Procedure, b: &Blocker, log: &mut Log, places: &mut Places) {
    let basis = Basis::of_blocker(b);
    let code = p.code.clone();
    match b.cause {
        Cause::NotPublished => switch_on(&mut p.published, &code, ChangeKind::Publish, &basis, log),
        Cause::FormsNotDownloadable => switch_on(
            &mut p.forms_downloadable,
            &code,
            ChangeKind::FormsDownloadable,
            &basis,
            log,
        ),
        Cause::NoElectronicResult => {
            let result = p.result.get_or_insert(ProcedureResult {
                name: None,
                electronic: false,
            });
            switch_on(
                &mut result.electronic,
                &code,
                ChangeKind::ElectronicResult,
                &basis,
                log,
            );
        }
        Cause::FeeWithoutPayment => {
            if !p.steps.iter().any(|s| s.action == Action::Pay) {
                let step = add_payment(p);
                log.record(
                    Change::new(&code, ChangeKind::PaymentAdded)
                        .step(&step.0, &step.1)
                        .basis(&basis),
                );
            }
        }
        Cause::NoReturnStep => {
            if !p.steps.iter().any(|s| s.action == Action::ReturnResult) {
                let step = add_return(p);
                log.record(
                    Change::new(&code, ChangeKind::ReturnAdded)
                        .step(&step.0, &step.1)
                        .basis(&basis),
                );
            }
        }
        Cause::PaperInDossier | Cause::PaperDocument | Cause::PaperForm => {
            if let Some(doc_id) = b.document.as_deref() {
                paper_document(p, doc_id, &basis, log, places);
            }
        }
        Cause::FilingNotOnline
        | Cause::WetSignature
        | Cause::PaymentNotOnline
        | Cause::Presence
        | Cause::PresenceAtHandOver
        | Cause::PaperProcessing
        | Cause::FieldVerification
        | Cause::ReturnNotRemote => step_remedy(p, b, &basis, log, places),
    }
}

/// Sets a yes/no fact of the procedure that was false, recording the change.
fn switch_on(flag: &mut bool, code: &str, kind: ChangeKind, basis: &Basis, log: &mut Log) {
    if !*flag {
        *flag = true;
        log.record(
            procedure_change(code, kind, basis).values(Value::Status(false), Value::Status(true)),
        );
    }
}

/// A paper document of the dossier: looked up where a database holds it, else accepted as an
/// electronic copy.
fn paper_document(
    p: &mut Procedure,
    doc_id: &str,
    basis: &Basis,
    log: &mut Log,
    places: &mut Places,
) {
    let code = p.code.clone();
    let found = places.document(p, doc_id);
    let Some(doc) = found.and_then(|i| p.documents.get_mut(i)) else {
        // Dropped already (looked up, or received through a link): the same move.
        log.also_answers(&code, None, None, Some(doc_id), basis);
        return;
    };
    if let Some(source) = doc.available_from.clone() {
        look_up(p, doc_id, &source, basis, log, places);
    } else if doc.form == Form::Paper {
        doc.form = Form::Electronic;
        let change = Change::new(&code, ChangeKind::ElectronicCopy)
            .document(&doc.id, &doc.name)
            .values(Value::Form(Form::Paper), Value::Form(Form::Electronic))
            .noted(NoteTarget::Document(doc.id.clone()))
            .basis(basis);
        log.record(change);
    } else {
        log.also_answers(&code, None, None, Some(doc_id), basis);
    }
}

/// The blocker `b` of a step: the step done online (or only its signature made digital),
/// unless it carries a paper original the law requires.
fn step_remedy(p: &mut Procedure, b: &Blocker, basis: &Basis, log: &mut Log, places: &mut Places) {
    let code = p.code.clone();
    let Some(step_id) = b.step.as_deref() else {
        return;
    };
    let Some(i) = places.step(p, step_id) else {
        return;
    };
    let kind = p
        .steps
        .get(i)
        .map_or(ChangeKind::ProcessOnline, |s| step_kind(b.cause, s.action));
    // A step that still carries a paper original the law requires cannot go online.
    if kind != ChangeKind::DigitalSignature
        && let Some(paper) = p.steps.get(i).and_then(|s| required_paper(p, s, places))
    {
        paper_stays(p, i, b, &paper, log);
        return;
    }
    let Some(step) = p.steps.get_mut(i) else {
        return;
    };
    if kind == ChangeKind::DigitalSignature {
        if !sign_digitally(step, &code, basis, log) {
            log.also_answers(&code, Some(kind), Some(step_id), None, basis);
        }
        return;
    }
    let needed = match kind {
        // Returning by public post already meets criterion 8: keep it.
        ChangeKind::ReturnOnline => !matches!(step.channel, Channel::Online | Channel::Postal),
        _ => step.channel != Channel::Online,
    };
    // A filing turned into an agency receipt by the group remedy is no filing any more.
    let still_filing = kind != ChangeKind::FileOnline
        || matches!(step.action, Action::Submit | Action::Supplement);
    if !(needed && still_filing) {
        log.also_answers(&code, Some(kind), Some(step_id), None, basis);
        return;
    }
    let before = step.channel;
    step.channel = Channel::Online;
    log.record(
        Change::new(&code, kind)
            .step(&step.id, &step.name)
            .values(Value::Channel(before), Value::Channel(Channel::Online))
            .basis(basis),
    );
    // Done online, a signature by hand on paper becomes a digital one: the applicant's on a
    // filing (criterion 3), an official's on an agency step.
    if step.signature == Signature::Wet {
        let wet = if kind == ChangeKind::FileOnline {
            Basis::of_cause(3, Cause::WetSignature)
        } else {
            basis.clone()
        };
        sign_digitally(step, &code, &wet, log);
    }
}

/// A hand signature on paper made digital, the change recorded; false when the step has none.
fn sign_digitally(step: &mut Step, code: &str, basis: &Basis, log: &mut Log) -> bool {
    if step.signature != Signature::Wet {
        return false;
    }
    step.signature = Signature::Digital;
    log.record(
        Change::new(code, ChangeKind::DigitalSignature)
            .step(&step.id, &step.name)
            .values(
                Value::Signature(Signature::Wet),
                Value::Signature(Signature::Digital),
            )
            .basis(basis),
    );
    true
}

/// A paper original that the law requires (`required_by`) among the documents of `step`.
struct RequiredPaper {
    id: String,
    name: String,
    required_by: String,
}

fn required_paper(p: &Procedure, step: &Step, places: &mut Places) -> Option<RequiredPaper> {
    step.documents.iter().find_map(|id| {
        let d = places.document(p, id).and_then(|i| p.documents.get(i))?;
        let required_by = d.required_by.clone().filter(|_| d.form == Form::Paper)?;
        Some(RequiredPaper {
            id: d.id.clone(),
            name: d.name.clone(),
            required_by,
        })
    })
}

/// The blocker `b` of step `i`, which carries a paper original the law requires: the step is
/// not made online (the paper would still have to reach the agency). An applicant's filing,
/// supplement or collection in person is routed by public post instead, which removes the
/// trip and meets criterion 8 for a return; whatever post does not answer (a filing not
/// online, an agency step on paper, presence) is kept and listed with the provision.
fn paper_stays(p: &mut Procedure, i: usize, b: &Blocker, paper: &RequiredPaper, log: &mut Log) {
    let mut basis = Basis::of_blocker(b);
    // By post the applicant no longer comes, but the paper original still breaks criterion 6.
    if b.cause == Cause::Presence {
        basis.criteria.clear();
    }
    let code = p.code.clone();
    let Some(step) = p.steps.get_mut(i) else {
        return;
    };
    let by_post = matches!(
        step.action,
        Action::Submit | Action::Supplement | Action::ReturnResult
    ) && matches!(step.channel, Channel::InPerson | Channel::Postal)
        && matches!(
            b.cause,
            Cause::Presence | Cause::PresenceAtHandOver | Cause::ReturnNotRemote
        );
    if by_post {
        if step.channel == Channel::InPerson {
            step.channel = Channel::Postal;
            let change = Change::new(&code, ChangeKind::ByPost)
                .step(&step.id, &step.name)
                .document(&paper.id, &paper.name)
                .values(
                    Value::Channel(Channel::InPerson),
                    Value::Channel(Channel::Postal),
                )
                .basis(&basis);
            log.record(change);
        } else {
            log.also_answers(
                &code,
                Some(ChangeKind::ByPost),
                Some(&step.id),
                None,
                &basis,
            );
        }
        return;
    }
    log.keep_for_paper(b, &paper.id, &paper.name, &paper.required_by);
}

/// The move that removes a step blocker, by its cause and the step's action.
fn step_kind(cause: Cause, action: Action) -> ChangeKind {
    match cause {
        Cause::WetSignature => ChangeKind::DigitalSignature,
        Cause::FilingNotOnline => ChangeKind::FileOnline,
        Cause::PaymentNotOnline => ChangeKind::PayOnline,
        Cause::ReturnNotRemote => ChangeKind::ReturnOnline,
        _ => match action {
            Action::Submit | Action::Supplement => ChangeKind::FileOnline,
            Action::Pay => ChangeKind::PayOnline,
            Action::ReturnResult => ChangeKind::ReturnOnline,
            Action::Appear => ChangeKind::PresenceRemoved,
            _ if cause == Cause::FieldVerification => ChangeKind::VerifyOnline,
            _ => ChangeKind::ProcessOnline,
        },
    }
}

fn procedure_change(code: &str, kind: ChangeKind, basis: &Basis) -> Change {
    Change::new(code, kind)
        .noted(NoteTarget::Procedure)
        .basis(basis)
}

/// Drops a document a database already holds from the dossier: from every step that lists it
/// and (marked in `places`, removed at the end of [`remedy`]) from `documents`; those steps get
/// the note "looked up from <source>".
fn look_up(
    p: &mut Procedure,
    doc_id: &str,
    source: &str,
    basis: &Basis,
    log: &mut Log,
    places: &mut Places,
) {
    let name = places
        .document(p, doc_id)
        .and_then(|i| p.documents.get(i))
        .map(|d| d.name.clone());
    let Some(name) = name else {
        log.also_answers(&p.code, None, None, Some(doc_id), basis);
        return;
    };
    let listing = places.listed_by.get(doc_id).cloned().unwrap_or_default();
    let mut steps = Vec::new();
    for id in listing {
        let Some(s) = places.step(p, &id).and_then(|i| p.steps.get_mut(i)) else {
            continue;
        };
        crate::visit(s.documents.len());
        let before = s.documents.len();
        s.documents.retain(|d| d != doc_id);
        if s.documents.len() != before {
            steps.push(id);
        }
    }
    places.dropped.insert(doc_id.to_owned());
    let mut change = Change::new(&p.code, ChangeKind::LookedUp)
        .document(doc_id, &name)
        .source(source)
        .basis(basis);
    for s in steps {
        change = change.noted(NoteTarget::Step(s));
    }
    log.record(change);
}

/// Removes `doc_id` from the document lists of the steps `which` selects; returns their ids.
pub(crate) fn drop_document(
    p: &mut Procedure,
    doc_id: &str,
    which: impl Fn(&Step) -> bool,
) -> Vec<String> {
    let mut steps = Vec::new();
    crate::visit(p.steps.len());
    for s in p.steps.iter_mut().filter(|s| which(s)) {
        let before = s.documents.len();
        s.documents.retain(|d| d != doc_id);
        if s.documents.len() != before {
            steps.push(s.id.clone());
        }
    }
    steps
}

/// An id not used by any step, from `base`.
fn fresh_step_id(p: &Procedure, base: &str) -> String {
    fresh(base, |id| p.steps.iter().any(|s| s.id == id))
}

fn fresh(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2u32..)
        .map(|n| format!("{base}_{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// The applicant's actor id, adding one (first swimlane) when the model has none.
fn applicant_actor(p: &mut Procedure) -> String {
    if let Some(a) = p.actors.iter().find(|a| a.role == Role::Applicant) {
        return a.id.clone();
    }
    let id = fresh("nguoi_yeu_cau", |id| p.actors.iter().any(|a| a.id == id));
    p.actors.insert(
        0,
        Actor {
            id: id.clone(),
            name: "Tổ chức, cá nhân".to_owned(),
            role: Role::Applicant,
        },
    );
    id
}

/// The agency's actor id: the first `agency`, else the first actor that is not the applicant;
/// one is added when the model has none.
pub(crate) fn agency_actor(p: &mut Procedure) -> String {
    if let Some(a) = p.actors.iter().find(|a| a.role == Role::Agency) {
        return a.id.clone();
    }
    if let Some(a) = p.actors.iter().find(|a| a.role != Role::Applicant) {
        return a.id.clone();
    }
    let id = fresh("co_quan_tiep_nhan", |id| {
        p.actors.iter().any(|a| a.id == id)
    });
    let name = p
        .authority
        .clone()
        .unwrap_or_else(|| "Cơ quan tiếp nhận".to_owned());
    p.actors.push(Actor {
        id: id.clone(),
        name,
        role: Role::Agency,
    });
    id
}

fn new_step(id: String, name: &str, actor: String, action: Action) -> Step {
    Step::new(id, name, actor, action, Channel::Online)
}

/// Adds an online payment right after the start step: the start step's forward flows now
/// leave from the payment. Returns the new step's id and name.
fn add_payment(p: &mut Procedure) -> (String, String) {
    let actor = applicant_actor(p);
    let id = fresh_step_id(p, "thanh_toan_truc_tuyen");
    let name = "Thanh toán phí, lệ phí trực tuyến";
    let start = p.steps.first().map(|s| s.id.clone());
    let at = p.steps.len().min(1);
    p.steps
        .insert(at, new_step(id.clone(), name, actor, Action::Pay));
    if let (Some(flows), Some(start)) = (p.flows.as_mut(), start) {
        let mut first = None;
        for (i, f) in flows.iter_mut().enumerate() {
            if f.from == start && f.kind != FlowKind::Rework {
                f.from = id.clone();
                first.get_or_insert(i);
            }
        }
        let flow = Flow {
            from: start,
            to: id.clone(),
            label: None,
            kind: FlowKind::Normal,
            chosen_by: None,
        };
        let at = first.unwrap_or(flows.len()).min(flows.len());
        flows.insert(at, flow);
    }
    (id, name.to_owned())
}

/// Adds an online return of the result after every end of the main path. Returns the new
/// step's id and name.
fn add_return(p: &mut Procedure) -> (String, String) {
    let issuer = p
        .steps
        .iter()
        .rev()
        .find(|s| s.action == Action::IssueResult)
        .map(|s| s.actor.clone());
    let actor = match issuer {
        Some(a) => a,
        None => agency_actor(p),
    };
    let id = fresh_step_id(p, "tra_ket_qua_truc_tuyen");
    let name = "Trả kết quả trực tuyến";
    let ends = main_path_ends(p);
    p.steps
        .push(new_step(id.clone(), name, actor, Action::ReturnResult));
    if let Some(flows) = p.flows.as_mut() {
        for end in ends {
            flows.push(Flow {
                from: end,
                to: id.clone(),
                label: None,
                kind: FlowKind::Normal,
                chosen_by: None,
            });
        }
    }
    (id, name.to_owned())
}

/// The steps reached from the start step along forward flows that have no forward flow out.
/// Without flows, the last step listed.
fn main_path_ends(p: &Procedure) -> Vec<String> {
    let Some(flows) = p.flows.as_ref() else {
        return p.steps.last().map(|s| s.id.clone()).into_iter().collect();
    };
    // The forward flows out of each step, gathered once (linear, not a scan per step). A
    // refusal ends the procedure with its own notice: the result is returned after the other
    // ends.
    crate::visit(flows.len() + p.steps.len());
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in flows
        .iter()
        .filter(|f| !matches!(f.kind, FlowKind::Rework | FlowKind::Reject))
    {
        out.entry(f.from.as_str()).or_default().push(f.to.as_str());
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&str> = p.steps.first().map(|s| s.id.as_str()).into_iter().collect();
    while let Some(v) = queue.pop_front() {
        if !seen.insert(v) {
            continue;
        }
        for &to in out.get(v).into_iter().flatten() {
            queue.push_back(to);
        }
    }
    let ends: Vec<String> = p
        .steps
        .iter()
        .filter(|s| seen.contains(s.id.as_str()))
        .filter(|s| !out.contains_key(s.id.as_str()))
        .map(|s| s.id.clone())
        .collect();
    if ends.is_empty() {
        p.steps.last().map(|s| s.id.clone()).into_iter().collect()
    } else {
        ends
    }
}
