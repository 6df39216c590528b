//! Writing the changes into the to-be model's `note` fields (Vietnamese), so the file explains
//! itself: "Tái cấu trúc: nộp hồ sơ trực tuyến, ký số (TC3, TC4)".

use std::collections::HashMap;

use quytrinh_model::{Group, Lang, Procedure};

use crate::change::{Change, Kept, NoteTarget};
use crate::text;

/// Notes the changes of `p` on its steps, documents and the procedure itself.
pub(crate) fn write_procedure(p: &mut Procedure, changes: &[Change], kept: &[Kept]) {
    // Steps left alone because they carry a paper original the law requires: say why. (The
    // steps by id, found once: a search per kept blocker was quadratic.)
    crate::visit(p.steps.len() + kept.len());
    let at: HashMap<String, usize> = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    for k in kept.iter().filter(|k| k.noted && k.procedure == p.code) {
        let found = k.step.as_ref().and_then(|id| at.get(id)).copied();
        let Some(step) = found.and_then(|i| p.steps.get_mut(i)) else {
            continue;
        };
        let doc = k.document_name.as_deref().or(k.document.as_deref());
        let s = format!(
            "Giữ nguyên: {} phải là bản giấy theo {}, nên bước chưa thể thực hiện trực tuyến",
            doc.unwrap_or_default(),
            k.required_by
        );
        append(&mut step.note, &s);
    }
    // The changes noted on each target, gathered once (a pass over every change per step
    // was quadratic).
    crate::visit(changes.len() + p.steps.len() + p.documents.len());
    let mut by_target: HashMap<&NoteTarget, Vec<&Change>> = HashMap::new();
    for c in changes.iter().filter(|c| c.procedure == p.code) {
        for t in &c.noted {
            let list = by_target.entry(t).or_default();
            if !list.last().is_some_and(|l| std::ptr::eq(*l, c)) {
                list.push(c);
            }
        }
    }
    if by_target.is_empty() {
        return;
    }
    let noted = |t: NoteTarget| by_target.get(&t).and_then(|cs| sentence(cs));
    if let Some(s) = noted(NoteTarget::Procedure) {
        append(&mut p.note, &s);
    }
    for step in &mut p.steps {
        if let Some(s) = noted(NoteTarget::Step(step.id.clone())) {
            append(&mut step.note, &s);
        }
    }
    for doc in &mut p.documents {
        if let Some(s) = noted(NoteTarget::Document(doc.id.clone())) {
            append(&mut doc.note, &s);
        }
    }
}

/// Notes the link changes on the group.
pub(crate) fn write_group(g: &mut Group, changes: &[Change]) {
    let mine: Vec<&Change> = changes
        .iter()
        .filter(|c| c.procedure == g.code && c.noted.contains(&NoteTarget::Group))
        .collect();
    if let Some(s) = sentence(&mine) {
        append(&mut g.note, &s);
    }
}

/// "Tái cấu trúc: <what>, <what> (<codes>)" for the changes noted on one target.
fn sentence(here: &[&Change]) -> Option<String> {
    if here.is_empty() {
        return None;
    }
    let mut phrases: Vec<String> = Vec::new();
    let mut criteria: Vec<u8> = Vec::new();
    let mut findings: Vec<&str> = Vec::new();
    for c in here {
        let phrase = text::what(c, Lang::Vi);
        if !phrases.contains(&phrase) {
            phrases.push(phrase);
        }
        criteria.extend(c.criteria.iter().copied());
        findings.extend(c.rules.iter().copied().filter(|r| r.starts_with("F-")));
    }
    criteria.sort_unstable();
    criteria.dedup();
    let mut codes: Vec<String> = criteria.iter().map(|c| format!("TC{c}")).collect();
    for f in findings {
        if !codes.iter().any(|c| c == f) {
            codes.push(f.to_owned());
        }
    }
    let mut s = format!("Tái cấu trúc: {}", phrases.join(", "));
    if !codes.is_empty() {
        s.push_str(&format!(" ({})", codes.join(", ")));
    }
    Some(s)
}

/// Appends `sentence` to a note, once.
fn append(note: &mut Option<String>, sentence: &str) {
    match note {
        None => *note = Some(sentence.to_owned()),
        Some(n) if n.contains(sentence) => {}
        Some(n) => {
            let trimmed = n.trim_end();
            let sep = if trimmed.is_empty() {
                ""
            } else if trimmed.ends_with(['.', '!', '?', ':', ';']) {
                " "
            } else {
                ". "
            };
            *n = format!("{trimmed}{sep}{sentence}");
        }
    }
}
