//! A group of inter-linked procedures (nhóm TTHC liên thông): one filing at a single window,
//! documents asked once, members' results carried by links, links online; then each member's
//! own remedies.

use quytrinh_analyze::{
    FindingDetail, FindingKind, GroupAnalysis, ProcedureAnalysis, normalize_name,
};
use quytrinh_model::{
    Action, Catalog, Channel, Form, Group, Link, LoadedGroup, Member, Procedure, Signature, Step,
};

use crate::change::{Basis, Change, ChangeKind, Kept, Log, NoteTarget, ToBe, Value};
use crate::notes;
use crate::procedure::{agency_actor, drop_document, remedy};

/// A group with its member procedures and links resolved (includes read, included groups
/// flattened), as the loader gives them.
#[derive(Debug, Clone, Copy)]
pub struct GroupModel<'a> {
    /// The group's header (code, name, time limit, note); its `procedures` are not read.
    pub group: &'a Group,
    /// The member procedures, in the order listed.
    pub members: &'a [&'a Procedure],
    /// The links between members, those of included groups too.
    pub links: &'a [Link],
}

/// The members of a loaded group, for [`GroupModel::members`].
pub fn group_members<'a>(catalog: &'a Catalog, group: &'a LoadedGroup) -> Vec<&'a Procedure> {
    catalog.members(group).collect()
}

/// The to-be model of a loaded group, from the analysis of its whole catalogue (`report` is
/// [`quytrinh_analyze::analyze_catalog`] of `catalog`, `analysis` the group's entry in it).
/// Members' analyses are taken by their place in the catalogue, not by code, so a catalogue
/// that holds two procedures with one code (an as-is and its to-be, local variants) is right.
pub fn reengineer_loaded_group(
    catalog: &Catalog,
    group: &LoadedGroup,
    analysis: &GroupAnalysis,
    report: &quytrinh_analyze::Report,
) -> ToBe<Group> {
    let members = group_members(catalog, group);
    let analyses: Vec<ProcedureAnalysis> = group
        .members
        .iter()
        .filter_map(|id| report.procedures.get(id.0).cloned())
        .collect();
    let model = GroupModel {
        group: &group.group,
        members: &members,
        links: &group.links,
    };
    reengineer_group(&model, analysis, &analyses)
}

/// The to-be model of a group: one self-contained group (members inline, links included) with
/// the group remedies applied, then each member's own ([`crate::reengineer_procedure`]):
///
/// - single window: the first member with an applicant `submit` step keeps it; the `submit`
///   steps of the others become online `receive` steps of their agency, fed by a link (one
///   from the first member is added when nothing links to that member);
/// - once-only: a document a later member asks again is dropped from its applicant steps and
///   carried by a link from the member that asked it first; a member's result asked from the
///   applicant by another member is dropped and carried by a link from its producer;
/// - links not online are made online.
///
/// `members` are the members' analyses (matched by code); `analysis` is the group's.
pub fn reengineer_group(
    model: &GroupModel<'_>,
    analysis: &GroupAnalysis,
    members: &[ProcedureAnalysis],
) -> ToBe<Group> {
    let mut procs: Vec<Procedure> = model.members.iter().map(|p| (*p).clone()).collect();
    let mut links: Vec<Link> = model.links.to_vec();
    let mut log = Log::default();
    let code = model.group.code.clone();
    links_online(&mut links, &code, &mut log);
    let mut work = Work {
        code: &code,
        as_is: model.members,
        procs: &mut procs,
        links: &mut links,
        log: &mut log,
    };
    work.once_only(analysis);
    if let Some(f) = analysis
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::SingleWindow)
    {
        work.single_window(&Basis::of_finding(f));
    }

    // Each member's own remedies, on the model the group remedies left.
    for p in &mut procs {
        if let Some(a) = members.iter().find(|a| a.code == p.code) {
            remedy(p, a, &mut log);
        }
    }
    tidy(&mut log, &procs);
    for p in &mut procs {
        notes::write_procedure(p, &log.changes, &log.kept);
    }
    let mut group = Group {
        code: model.group.code.clone(),
        name: model.group.name.clone(),
        time_limit_days: model.group.time_limit_days,
        procedures: procs.into_iter().map(Member::inline).collect(),
        links,
        note: model.group.note.clone(),
    };
    notes::write_group(&mut group, &log.changes);
    ToBe {
        model: group,
        changes: log.changes,
        kept: log.kept,
    }
}

/// Makes the links not online online (Thông tư 01/2023/TT-VPCP, Điều 17 khoản 4).
fn links_online(links: &mut [Link], code: &str, log: &mut Log) {
    let basis = Basis::of_finding_kind(FindingKind::Link);
    for l in links.iter_mut().filter(|l| l.channel != Channel::Online) {
        let before = l.channel;
        l.channel = Channel::Online;
        log.record(
            Change::new(code, ChangeKind::LinkOnline)
                .link(&l.from, &l.to)
                .values(Value::Channel(before), Value::Channel(Channel::Online))
                .noted(NoteTarget::Group)
                .basis(&basis),
        );
    }
}

/// The log as the report shows it: a paper document accepted electronically and then dropped
/// by a group remedy leaves only the drop to tell; changes and kept blockers member by member,
/// in the group's order, the links last.
fn tidy(log: &mut Log, procs: &[Procedure]) {
    let documents: std::collections::HashSet<(&str, &str)> = procs
        .iter()
        .flat_map(|p| p.documents.iter().map(|d| (p.code.as_str(), d.id.as_str())))
        .collect();
    log.retain_changes(|c| {
        c.kind != ChangeKind::ElectronicCopy
            || c.document
                .as_deref()
                .is_some_and(|d| documents.contains(&(c.procedure.as_str(), d)))
    });
    let position = |code: &str| {
        procs
            .iter()
            .position(|p| p.code == code)
            .unwrap_or(procs.len())
    };
    log.sort_changes(|c: &Change| position(&c.procedure));
    log.kept.sort_by_key(|k| position(&k.procedure));
}

struct Work<'w, 'a> {
    code: &'w str,
    as_is: &'a [&'a Procedure],
    procs: &'w mut Vec<Procedure>,
    links: &'w mut Vec<Link>,
    log: &'w mut Log,
}

impl Work<'_, '_> {
    /// The once-only remedies of the group's findings: a document two members ask is asked by
    /// the first only, another member's result asked from the applicant comes through a link.
    fn once_only(&mut self, analysis: &GroupAnalysis) {
        for f in &analysis.findings {
            match &f.detail {
                // The same document asked by two or more members: the first keeps it.
                FindingDetail::SameDocument {
                    asked,
                    available_from: None,
                    ..
                } => {
                    let Some(first) = asked.first() else { continue };
                    for a in asked.iter().filter(|a| a.procedure != first.procedure) {
                        let Some(doc) = a.document.as_deref() else {
                            continue;
                        };
                        self.carry_instead(
                            &first.procedure,
                            &a.procedure,
                            doc,
                            ChangeKind::AskedOnce,
                            &Basis::of_finding(f),
                        );
                    }
                }
                // Another member's result asked from the applicant: its producer's link
                // carries it.
                FindingDetail::ResultAsked {
                    procedure,
                    document,
                    produced_by,
                    ..
                } => {
                    self.carry_instead(
                        produced_by,
                        procedure,
                        document,
                        ChangeKind::ResultThroughLink,
                        &Basis::of_finding(f),
                    );
                }
                _ => {}
            }
        }
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.procs.iter().position(|p| p.code == code)
    }

    /// Drops `doc` from the applicant steps of member `to` (as the as-is model has them) and
    /// has a link from `from` carry it instead.
    fn carry_instead(&mut self, from: &str, to: &str, doc: &str, kind: ChangeKind, basis: &Basis) {
        let (Some(m), Some(producer)) = (self.index(to), self.index(from)) else {
            return;
        };
        let applicant_steps: Vec<String> = self
            .as_is
            .get(m)
            .map(|p| {
                p.steps
                    .iter()
                    .filter(|s| s.action.is_applicant_facing())
                    .map(|s| s.id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let Some(p) = self.procs.get_mut(m) else {
            return;
        };
        let Some(name) = p
            .documents
            .iter()
            .find(|d| d.id == doc)
            .map(|d| d.name.clone())
        else {
            return;
        };
        if p.documents
            .iter()
            .any(|d| d.id == doc && d.required_by.is_some())
        {
            return;
        }
        let steps = drop_document(p, doc, |s| applicant_steps.contains(&s.id));
        if steps.is_empty() {
            return;
        }
        if !p.steps.iter().any(|s| s.documents.iter().any(|d| d == doc)) {
            p.documents.retain(|d| d.id != doc);
        }
        let to_step = steps.first().cloned();
        let carried = match kind {
            ChangeKind::ResultThroughLink => self
                .procs
                .get(producer)
                .and_then(|p| p.result.as_ref())
                .and_then(|r| r.name.clone())
                .unwrap_or_else(|| name.clone()),
            _ => name.clone(),
        };
        let any_link = kind != ChangeKind::ResultThroughLink;
        let link = self.feed_link(from, to, to_step, any_link, basis);
        if let Some(l) = self.links.get_mut(link) {
            carry(l, &carried);
        }
        let via = self.links.get(link).map(|l| (l.from.clone(), l.to.clone()));
        let mut change = Change::new(to, kind)
            .document(doc, &name)
            .source(from)
            .basis(basis);
        if let Some((f, t)) = via {
            change = change.link(&f, &t);
        }
        for s in steps {
            change = change.noted(NoteTarget::Step(s));
        }
        self.log.record(change);
    }

    /// The first member with a `submit` step keeps it; the others' `submit` steps become
    /// online receipts by their agency, fed by a link.
    fn single_window(&mut self, basis: &Basis) {
        let Some(keeper) = self
            .procs
            .iter()
            .position(|p| p.steps.iter().any(|s| s.action == Action::Submit))
        else {
            return;
        };
        let Some(keeper_code) = self.procs.get(keeper).map(|p| p.code.clone()) else {
            return;
        };
        for m in keeper + 1..self.procs.len() {
            let Some(p) = self.procs.get_mut(m) else {
                continue;
            };
            let filings: Vec<usize> = p
                .steps
                .iter()
                .enumerate()
                .filter(|(_, s)| s.action == Action::Submit)
                .map(|(i, _)| i)
                .collect();
            if filings.is_empty() {
                continue;
            }
            let code = p.code.clone();
            let agency = agency_actor(p);
            for i in filings {
                let Some(p) = self.procs.get_mut(m) else {
                    continue;
                };
                let Some(step) = p.steps.get_mut(i) else {
                    continue;
                };
                if let Some(required_by) = &step.required_by {
                    self.log
                        .kept
                        .push(kept_filing(&code, step, None, required_by, basis));
                    continue;
                }
                // A filing that carries a paper original the law requires stays the
                // applicant's: the original would still have to reach this agency, and a
                // receipt through the link would leave the member with no filing of its own
                // (a lower level, RULES.md v2 "Levels").
                let original = step.documents.iter().find_map(|id| {
                    p.documents
                        .iter()
                        .find(|d| d.id == *id && d.form == Form::Paper)
                        .and_then(|d| {
                            let by = d.required_by.clone()?;
                            Some((d.id.clone(), d.name.clone(), by))
                        })
                });
                if let Some((doc, doc_name, required_by)) = original {
                    let paper = Some((doc, doc_name));
                    self.log
                        .kept
                        .push(kept_filing(&code, step, paper, &required_by, basis));
                    continue;
                }
                step.action = Action::Receive;
                step.actor = agency.clone();
                step.channel = Channel::Online;
                step.signature = Signature::None;
                let (id, name) = (step.id.clone(), step.name.clone());
                let names: Vec<String> = step
                    .documents
                    .iter()
                    .map(|d| {
                        p.documents
                            .iter()
                            .find(|x| x.id == *d)
                            .map_or_else(|| d.clone(), |x| x.name.clone())
                    })
                    .collect();
                let link = self.feed_link(&keeper_code, &code, Some(id.clone()), true, basis);
                if let Some(l) = self.links.get_mut(link) {
                    for n in &names {
                        carry(l, n);
                    }
                }
                let via = self.links.get(link).map(|l| (l.from.clone(), l.to.clone()));
                let mut change = Change::new(&code, ChangeKind::SingleWindow)
                    .step(&id, &name)
                    .values(
                        Value::Action(Action::Submit),
                        Value::Action(Action::Receive),
                    )
                    .source(&keeper_code)
                    .basis(basis);
                if let Some((f, t)) = via {
                    change = change.link(&f, &t);
                }
                self.log.record(change);
            }
        }
    }

    /// The index of the link that feeds member `to`: the one from `from`, else (when `any`)
    /// any link into `to`; one from `from` is added when there is none.
    fn feed_link(
        &mut self,
        from: &str,
        to: &str,
        to_step: Option<String>,
        any: bool,
        basis: &Basis,
    ) -> usize {
        if let Some(i) = self.links.iter().position(|l| l.from == from && l.to == to) {
            return i;
        }
        if any && let Some(i) = self.links.iter().position(|l| l.to == to) {
            return i;
        }
        self.links.push(Link {
            from: from.to_owned(),
            to: to.to_owned(),
            channel: Channel::Online,
            from_step: None,
            to_step,
            carries: Vec::new(),
            label: Some("Liên thông điện tử (tái cấu trúc)".to_owned()),
        });
        self.log.record(
            Change::new(self.code, ChangeKind::LinkAdded)
                .link(from, to)
                .noted(NoteTarget::Group)
                .basis(basis),
        );
        self.links.len().saturating_sub(1)
    }
}

/// A filing of member `code` that the single window leaves to the applicant because the law
/// requires it as it is (`required_by`), or requires the paper original (id, name) it carries.
fn kept_filing(
    code: &str,
    step: &Step,
    paper: Option<(String, String)>,
    required_by: &str,
    basis: &Basis,
) -> Kept {
    let (document, document_name) = paper.unzip();
    Kept {
        procedure: code.to_owned(),
        step: Some(step.id.clone()),
        step_name: Some(step.name.clone()),
        document,
        document_name,
        criteria: Vec::new(),
        rules: vec![basis.rule],
        reason_category: None,
        required_by: required_by.to_owned(),
        noted: false,
    }
}

/// Adds `name` to what a link carries, unless an entry already names it.
fn carry(link: &mut Link, name: &str) {
    let wanted = normalize_name(name);
    if !link
        .carries
        .iter()
        .any(|c| normalize_name(c).contains(&wanted))
    {
        link.carries.push(name.to_owned());
    }
}
