//! Ranking the blockers of all procedures as re-engineering targets (Thông tư 01/2023/TT-VPCP,
//! Điều 16: the number of applicants and the frequency; effectiveness).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use quytrinh_model::Lang;

use crate::report::{Blocker, ProcedureAnalysis, Target};

/// Ranks every blocker: unjustified first, then by yearly applicant visits saved
/// (`annual_volume` × the visits the step causes), then by the number of criteria the step
/// breaks, then by procedure code, step, criterion and document for a stable order.
pub fn rank_targets(procedures: &[ProcedureAnalysis], lang: Lang) -> Vec<Target> {
    rank(procedures, |b| b.remedy_in(lang))
}

/// [`rank_targets`] with each target's remedy from `remedy`: the analysis of a catalogue takes
/// the blocker's own, already in the report's language, instead of writing it again.
pub(crate) fn rank(
    procedures: &[ProcedureAnalysis],
    remedy: impl Fn(&Blocker) -> String,
) -> Vec<Target> {
    let mut targets = Vec::with_capacity(procedures.iter().map(|p| p.blockers.len()).sum());
    for p in procedures {
        push_targets(&mut targets, p, &remedy);
    }
    targets.sort_by(compare);
    for (i, t) in targets.iter_mut().enumerate() {
        t.rank = i + 1;
    }
    targets
}

/// Adds the targets of one procedure's blockers, unranked, in blocker order.
fn push_targets(
    targets: &mut Vec<Target>,
    p: &ProcedureAnalysis,
    remedy: impl Fn(&Blocker) -> String,
) {
    let mut broken: BTreeMap<&str, BTreeSet<u8>> = BTreeMap::new();
    for b in &p.blockers {
        if let Some(step) = &b.step {
            broken.entry(step.as_str()).or_default().insert(b.criterion);
        }
    }
    for b in &p.blockers {
        let visits = u64::from(b.applicant_visit);
        targets.push(Target {
            rank: 0,
            code: p.code.clone(),
            name: p.name.clone(),
            step: b.step.clone(),
            document: b.document.clone(),
            criterion: b.criterion,
            rule: b.rule,
            yearly_visits_saved: p.annual_volume.unwrap_or(0).saturating_mul(visits),
            criteria_broken: b
                .step
                .as_deref()
                .and_then(|s| broken.get(s))
                .map_or(1, BTreeSet::len),
            justified: b.justified,
            reason_category: b.reason_category,
            remedy: remedy(b),
        });
    }
}

fn compare(a: &Target, b: &Target) -> Ordering {
    a.justified
        .cmp(&b.justified)
        .then(b.yearly_visits_saved.cmp(&a.yearly_visits_saved))
        .then(b.criteria_broken.cmp(&a.criteria_broken))
        .then_with(|| a.code.cmp(&b.code))
        .then_with(|| a.step.cmp(&b.step))
        .then(a.criterion.cmp(&b.criterion))
        .then_with(|| a.document.cmp(&b.document))
}
