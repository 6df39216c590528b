//! One procedure: the 8 criteria, blockers, levels, visits, the critical path and its findings.

use std::collections::BTreeSet;

use quytrinh_model::{Action, Channel, DossierDocument, Form, Procedure, Signature, Step};

use crate::report::{Blocker, Criteria, Finding, FindingDetail, Level, ProcedureAnalysis, PublishedReason, Status, Asked};
use crate::rules::{self, Cause, FindingKind};
use crate::timing;
use crate::{Config, FieldVerification};

/// Analyses one procedure against the 8 criteria (RULES.md).
pub fn analyze_procedure(p: &Procedure, config: &Config) -> ProcedureAnalysis {
    let lang = config.lang;
    let mut blockers: Vec<Blocker> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let visits: BTreeSet<&str> = p.steps.iter().filter(|s| is_applicant_visit(s)).map(|s| s.id.as_str()).collect();
    let new = |criterion: u8, cause: Cause, step: Option<&Step>, doc: Option<&DossierDocument>| {
        blocker(p, criterion, cause, step, doc, &visits).with_text(lang)
    };

    // Criterion 1: `published` not true.
    if !p.published {
        blockers.push(new(1, Cause::NotPublished, None, None));
    }
    // Criterion 2: `forms_downloadable` not true.
    if !p.forms_downloadable {
        blockers.push(new(2, Cause::FormsNotDownloadable, None, None));
    }
    // Criterion 3: a submit/supplement step not online, or one with a wet signature.
    for s in p.steps.iter().filter(|s| is_filing(s)) {
        if s.channel != Channel::Online {
            blockers.push(new(3, Cause::FilingNotOnline, Some(s), None));
        } else if s.signature == Signature::Wet {
            blockers.push(new(3, Cause::WetSignature, Some(s), None));
        }
    }
    // Criterion 4: a paper document in a submit/supplement step; a submit step not online.
    for s in p.steps.iter().filter(|s| is_filing(s)) {
        if s.action == Action::Submit && s.channel != Channel::Online {
            blockers.push(new(4, Cause::FilingNotOnline, Some(s), None));
        }
        for d in paper_documents(p, s) {
            blockers.push(new(4, Cause::PaperInDossier, Some(s), Some(d)));
        }
    }
    // Criterion 5: a pay step not online; a fee with no pay step. Not applicable with neither.
    let pay_steps: Vec<&Step> = p.steps.iter().filter(|s| s.action == Action::Pay).collect();
    let fee_due = p.fee_vnd.unwrap_or(0) > 0;
    for s in pay_steps.iter().filter(|s| s.channel != Channel::Online) {
        blockers.push(new(5, Cause::PaymentNotOnline, Some(s), None));
    }
    if fee_due && pay_steps.is_empty() {
        blockers.push(new(5, Cause::FeeWithoutPayment, None, None));
    }
    // Criterion 6: presence, paper documents, paper channel, on-site verification.
    for s in &p.steps {
        if s.action.is_applicant_facing() && s.channel == Channel::InPerson {
            blockers.push(new(6, Cause::Presence, Some(s), None));
        } else if s.channel == Channel::Paper {
            blockers.push(new(6, Cause::PaperProcessing, Some(s), None));
        } else if s.channel == Channel::Field {
            match config.field_verification {
                FieldVerification::Blocks => blockers.push(new(6, Cause::FieldVerification, Some(s), None)),
                FieldVerification::Allowed => findings.push(Finding::new(
                    FindingKind::FieldVerification,
                    FindingDetail::FieldVerification {
                        step: s.id.clone(),
                        step_name: s.name.clone(),
                        required_by: s.required_by.clone(),
                    },
                    lang,
                )),
            }
        }
        for d in paper_documents(p, s) {
            blockers.push(new(6, Cause::PaperDocument, Some(s), Some(d)));
        }
    }
    // Criterion 7: no electronic result.
    if !p.result.as_ref().is_some_and(|r| r.electronic) {
        blockers.push(new(7, Cause::NoElectronicResult, None, None));
    }
    // Criterion 8: a return_result step neither online nor postal; no return_result step.
    let returns: Vec<&Step> = p.steps.iter().filter(|s| s.action == Action::ReturnResult).collect();
    for s in returns.iter().filter(|s| !matches!(s.channel, Channel::Online | Channel::Postal)) {
        blockers.push(new(8, Cause::ReturnNotRemote, Some(s), None));
    }
    if returns.is_empty() {
        blockers.push(new(8, Cause::NoReturnStep, None, None));
    }

    let mut statuses = [Status::Met; 8];
    for b in &blockers {
        if let Some(slot) = usize::from(b.criterion).checked_sub(1).and_then(|i| statuses.get_mut(i)) {
            *slot = Status::Unmet;
        }
    }
    if !fee_due
        && pay_steps.is_empty()
        && let Some(slot) = statuses.get_mut(4)
    {
        *slot = Status::NotApplicable;
    }
    let criteria = Criteria(statuses);
    let level = level_of(&criteria);
    let legacy_level = legacy_level_of(&criteria, p);

    // Documents a database already holds but the applicant still gives (once-only).
    for d in &p.documents {
        let Some(source) = &d.available_from else { continue };
        let asked: Vec<Asked> = p
            .steps
            .iter()
            .filter(|s| s.action.is_applicant_facing() && s.documents.contains(&d.id))
            .map(|s| Asked { procedure: p.code.clone(), step: s.id.clone(), document: Some(d.id.clone()), name: d.name.clone() })
            .collect();
        if !asked.is_empty() {
            findings.push(Finding::new(
                FindingKind::OnceOnly,
                FindingDetail::SameDocument {
                    procedures: vec![p.code.clone()],
                    document: d.id.clone(),
                    asked,
                    available_from: Some(source.clone()),
                },
                lang,
            ));
        }
    }

    let path = timing::critical_path(p);
    if let Some(limit) = p.time_limit_days
        && path.days > limit + timing::EPSILON
    {
        findings.push(Finding::new(
            FindingKind::Timing,
            FindingDetail::Timing { critical_path_days: path.days, time_limit_days: limit, path: path.steps.clone() },
            lang,
        ));
    }

    let must_publish = if level == Level::FullOnline {
        Vec::new()
    } else {
        blockers
            .iter()
            .filter_map(|b| {
                Some(PublishedReason {
                    criterion: b.criterion,
                    step: b.step.clone(),
                    document: b.document.clone(),
                    reason_category: b.reason_category,
                    reason: b.reason.clone(),
                    legal_provision: b.required_by.clone()?,
                })
            })
            .collect()
    };

    ProcedureAnalysis {
        code: p.code.clone(),
        name: p.name.clone(),
        authority: p.authority.clone(),
        level,
        legacy_level,
        criteria,
        blockers,
        findings,
        applicant_visits: u32::try_from(visits.len()).unwrap_or(u32::MAX),
        critical_path_days: path.days,
        critical_path: path.steps,
        hand_offs: path.hand_offs,
        time_limit_days: p.time_limit_days,
        annual_volume: p.annual_volume,
        must_publish,
    }
}

/// The level from the criteria (Thông tư 01/2023/TT-VPCP; Nghị định 42/2022/NĐ-CP).
pub fn level_of(c: &Criteria) -> Level {
    if c.all_ok(&[1, 2, 3, 4, 5, 6, 7, 8]) {
        Level::FullOnline
    } else if c.all_ok(&[1, 2, 3, 4, 7]) {
        Level::PartialOnline
    } else if c.all_ok(&[1, 2]) {
        Level::InformationOnly
    } else {
        Level::Offline
    }
}

/// The older four levels (Nghị định 43/2011/NĐ-CP, Điều 3; Thông tư 26/2009/TT-BTTTT).
pub fn legacy_level_of(c: &Criteria, p: &Procedure) -> u8 {
    let no_paper_step = p.steps.iter().all(|s| s.channel != Channel::Paper);
    if !c.all_ok(&[1]) {
        0
    } else if !c.all_ok(&[2]) {
        1
    } else if !(c.all_ok(&[3, 4]) && no_paper_step) {
        2
    } else if !c.all_ok(&[5, 8]) {
        3
    } else {
        4
    }
}

/// A trip to an agency: an applicant-facing step in person, `supplement` not counted.
fn is_applicant_visit(s: &Step) -> bool {
    s.action.is_applicant_facing() && s.action != Action::Supplement && s.channel == Channel::InPerson
}

fn is_filing(s: &Step) -> bool {
    matches!(s.action, Action::Submit | Action::Supplement)
}

/// The paper documents a step names, each once, in the order the step lists them.
fn paper_documents<'p>(p: &'p Procedure, s: &Step) -> Vec<&'p DossierDocument> {
    let mut seen = BTreeSet::new();
    s.documents
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .filter_map(|id| p.documents.iter().find(|d| d.id == *id))
        .filter(|d| d.form == Form::Paper)
        .collect()
}

fn blocker(
    p: &Procedure,
    criterion: u8,
    cause: Cause,
    step: Option<&Step>,
    doc: Option<&DossierDocument>,
    visits: &BTreeSet<&str>,
) -> Blocker {
    let rule = rules::criterion(criterion);
    let cause_rule = rules::cause(cause);
    // A document blocker is justified by the document's provision, a step blocker by the step's.
    let required_by = match doc {
        Some(d) => d.required_by.clone(),
        None => step.and_then(|s| s.required_by.clone()),
    };
    let mut clause = rule.map_or_else(String::new, |r| r.clause.to_owned());
    if let Some(also) = cause_rule.also {
        clause.push_str("; ");
        clause.push_str(also);
    }
    if doc.is_some_and(|d| d.available_from.is_some()) {
        clause.push_str("; ");
        clause.push_str(rules::ONCE_ONLY_CLAUSE);
    }
    Blocker {
        procedure: p.code.clone(),
        criterion,
        step: step.map(|s| s.id.clone()),
        document: doc.map(|d| d.id.clone()),
        reason: String::new(),
        remedy: String::new(),
        reason_category: cause_rule.category,
        justified: required_by.is_some(),
        required_by,
        rule: rule.map_or("", |r| r.code),
        cause,
        cause_code: cause_rule.code,
        clause,
        channel: step.map(|s| s.channel),
        applicant_visit: step.is_some_and(|s| visits.contains(s.id.as_str())),
        step_name: step.map(|s| s.name.clone()),
        document_name: doc.map(|d| d.name.clone()),
        available_from: doc.and_then(|d| d.available_from.clone()),
    }
}
