//! One procedure: the 8 criteria, blockers, levels, visits, the critical path and its findings.

use std::collections::BTreeSet;

use quytrinh_model::{Action, Channel, DossierDocument, Form, Procedure, Signature, Step};

use crate::report::{
    Asked, Blocker, Criteria, Finding, FindingDetail, Level, ProcedureAnalysis, PublishedReason,
    Status,
};
use crate::rules::{self, Cause, FindingKind};
use crate::timing;
use crate::{Config, FieldVerification};

/// Analyses one procedure against the 8 criteria (RULES.md).
pub fn analyze_procedure(p: &Procedure, config: &Config) -> ProcedureAnalysis {
    let lang = config.lang;
    let mut blockers: Vec<Blocker> = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let visits: BTreeSet<&str> = p
        .steps
        .iter()
        .filter(|s| is_applicant_visit(s))
        .map(|s| s.id.as_str())
        .collect();
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
                FieldVerification::Blocks => {
                    blockers.push(new(6, Cause::FieldVerification, Some(s), None))
                }
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
    let returns: Vec<&Step> = p
        .steps
        .iter()
        .filter(|s| s.action == Action::ReturnResult)
        .collect();
    for s in returns
        .iter()
        .filter(|s| !matches!(s.channel, Channel::Online | Channel::Postal))
    {
        blockers.push(new(8, Cause::ReturnNotRemote, Some(s), None));
    }
    if returns.is_empty() {
        blockers.push(new(8, Cause::NoReturnStep, None, None));
    }

    let mut statuses = [Status::Met; 8];
    for b in &blockers {
        if let Some(slot) = usize::from(b.criterion)
            .checked_sub(1)
            .and_then(|i| statuses.get_mut(i))
        {
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
        let Some(source) = &d.available_from else {
            continue;
        };
        let asked: Vec<Asked> = p
            .steps
            .iter()
            .filter(|s| s.action.is_applicant_facing() && s.documents.contains(&d.id))
            .map(|s| Asked {
                procedure: p.code.clone(),
                step: s.id.clone(),
                document: Some(d.id.clone()),
                name: d.name.clone(),
            })
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
            FindingDetail::Timing {
                critical_path_days: path.days,
                time_limit_days: limit,
                path: path.steps.clone(),
            },
            lang,
        ));
    }

    let must_publish = if level == Level::FullOnline {
        Vec::new()
    } else {
        published_reasons(&blockers)
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
        source: None,
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
    s.action.is_applicant_facing()
        && s.action != Action::Supplement
        && s.channel == Channel::InPerson
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

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::Config;

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
            "information_only L2 ✓✓✗✓–✓✓✓ v0 d2 [3:nop] []",
        );
    }

    #[test]
    fn criterion_3_supplement_by_post() {
        check(
            |p| {
                p["steps"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"id": "bs", "name": "Bổ sung", "actor": "a",
                    "action": "supplement", "channel": "postal"}));
                p["flows"] = json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "tra"},
                    {"from": "xl", "to": "bs", "kind": "rework"}, {"from": "bs", "to": "xl", "kind": "rework"}]);
            },
            "information_only L2 ✓✓✗✓–✓✓✓ v0 d2 [3:bs] []",
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
            "information_only L2 ✓✓✓✗–✗✓✓ v0 d2 [4:nop/gcs 6:nop/gcs] []",
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
            "partial_online L4 ✓✓✓✓–✗✓✓ v1 d2 [6:vt!] []",
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
            "information_only L4 ✓✓✓✓–✓✗✓ v0 d2 [7:-] []",
        );
        check(
            |p| p["result"] = Value::Null,
            "information_only L4 ✓✓✓✓–✓✗✓ v0 d2 [7:-] []",
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
            "information_only L2 ✓✓✗✗–✗✓✓ v1 d2 [3:nop 3:bs 4:nop 6:nop 6:bs] []",
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
            "information_only L2 ✓✓✓✗–✗✓✓ v0 d2 [4:nop/cccd 6:nop/cccd] [once_only]",
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
}
