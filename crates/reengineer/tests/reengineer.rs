//! Tests of the re-engineering: one small procedure per blocker kind, groups, the guarantees on
//! every example (idempotence, level never lower, full online when nothing is justified) and
//! snapshots of the changes lists.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use quytrinh_analyze::{Config, GroupAnalysis, Level, ProcedureAnalysis, Report, analyze_catalog};
use quytrinh_model::{Catalog, Document, Group, Lang, Loader, Procedure, RealFs};
use quytrinh_reengineer::{
    Change, LevelChange, ToBe, changes_text, reengineer_procedure, to_pretty_json,
};
use serde_json::{Value, json};

mod properties;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Loads files through the real loader (includes resolved, links checked); panics on a diagnostic.
fn load_paths(paths: &[PathBuf]) -> Catalog {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    for p in paths {
        let bytes = std::fs::read(p).unwrap();
        loader.add_bytes(&p.display().to_string(), Some(p), &bytes);
    }
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.catalog
}

/// Loads one document from its text; panics on a diagnostic.
fn load_text(text: &str) -> Catalog {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    loader.add_bytes("t.json", None, text.as_bytes());
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:?}\n{text}", loaded.diagnostics);
    loaded.catalog
}

/// Every example file, in sorted order.
fn example_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "examples/groups"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// A re-engineered catalogue item: a standalone procedure or a group.
enum Outcome {
    Procedure {
        as_is: Box<ProcedureAnalysis>,
        to_be: ToBe<Procedure>,
    },
    Group {
        as_is: Box<GroupAnalysis>,
        members: Vec<ProcedureAnalysis>,
        to_be: ToBe<Group>,
    },
}

/// Re-engineers the one procedure or group a catalogue holds.
fn reengineer(catalog: &Catalog, config: &Config) -> Outcome {
    let report = analyze_catalog(catalog, config);
    if let (Some(g), Some(ga)) = (catalog.groups.first(), report.groups.first()) {
        let analyses: Vec<ProcedureAnalysis> = g
            .members
            .iter()
            .filter_map(|id| report.procedures.get(id.0).cloned())
            .collect();
        let to_be = quytrinh_reengineer::reengineer_loaded_group(catalog, g, ga, &report);
        return Outcome::Group {
            as_is: Box::new(ga.clone()),
            members: analyses,
            to_be,
        };
    }
    let p = &catalog.procedures[0].procedure;
    let a = report.procedures[0].clone();
    let to_be = reengineer_procedure(p, &a);
    Outcome::Procedure {
        as_is: Box::new(a),
        to_be,
    }
}

impl Outcome {
    fn document(&self) -> Document {
        match self {
            Outcome::Procedure { to_be, .. } => Document {
                procedure: Some(to_be.model.clone()),
                group: None,
            },
            Outcome::Group { to_be, .. } => Document {
                procedure: None,
                group: Some(to_be.model.clone()),
            },
        }
    }

    fn changes(&self) -> &[Change] {
        match self {
            Outcome::Procedure { to_be, .. } => &to_be.changes,
            Outcome::Group { to_be, .. } => &to_be.changes,
        }
    }

    fn kept_count(&self) -> usize {
        match self {
            Outcome::Procedure { to_be, .. } => to_be.kept.len(),
            Outcome::Group { to_be, .. } => to_be.kept.len(),
        }
    }

    fn as_is_level(&self) -> Level {
        match self {
            Outcome::Procedure { as_is, .. } => as_is.level,
            Outcome::Group { as_is, .. } => as_is.level,
        }
    }

    /// Any justified blocker in the as-is analysis (of the procedure or of any member).
    fn any_justified(&self) -> bool {
        match self {
            Outcome::Procedure { as_is, .. } => as_is.blockers.iter().any(|b| b.justified),
            Outcome::Group { members, .. } => members
                .iter()
                .any(|m| m.blockers.iter().any(|b| b.justified)),
        }
    }

    fn text(&self, to_be_report: &Report, lang: Lang) -> String {
        let levels: Vec<LevelChange> = match self {
            Outcome::Procedure { as_is, .. } => vec![LevelChange {
                code: as_is.code.clone(),
                name: as_is.name.clone(),
                before: as_is.level,
                after: to_be_report.procedures[0].level,
            }],
            Outcome::Group { as_is, .. } => vec![LevelChange {
                code: as_is.code.clone(),
                name: as_is.name.clone(),
                before: as_is.level,
                after: to_be_report.groups[0].level,
            }],
        };
        match self {
            Outcome::Procedure { to_be, .. } => {
                changes_text(&to_be.changes, &to_be.kept, &levels, lang)
            }
            Outcome::Group { to_be, .. } => {
                changes_text(&to_be.changes, &to_be.kept, &levels, lang)
            }
        }
    }
}

/// The to-be document as written by the CLI, reloaded through the loader (it must load
/// without a diagnostic) and analysed.
fn reload(outcome: &Outcome, config: &Config) -> (String, Catalog, Report) {
    let text = to_pretty_json(&outcome.document()).unwrap();
    let catalog = load_text(&text);
    let report = analyze_catalog(&catalog, config);
    (text, catalog, report)
}

fn to_be_level(report: &Report) -> Level {
    report
        .groups
        .first()
        .map_or_else(|| report.procedures[0].level, |g| g.level)
}

/// The guarantees, on one catalogue item: the to-be loads, its level is not lower (and full
/// online when nothing is justified), and re-engineering it again changes nothing.
#[track_caller]
fn check_guarantees(catalog: &Catalog, config: &Config, what: &str) -> (Outcome, Report) {
    let outcome = reengineer(catalog, config);
    let (text, to_be_catalog, report) = reload(&outcome, config);
    let after = to_be_level(&report);
    assert!(
        after >= outcome.as_is_level(),
        "{what}: level went down {:?} → {after:?}",
        outcome.as_is_level()
    );
    if !outcome.any_justified() {
        assert_eq!(
            after,
            Level::FullOnline,
            "{what}: nothing justified but not full online\n{text}"
        );
    }
    for (p, loaded) in report.procedures.iter().zip(&to_be_catalog.procedures) {
        // A step that still carries a paper original the law requires is kept (or routed by
        // post): it cannot go online first, so its blockers may stay, listed as kept.
        let keeps_paper = |step: &str| {
            loaded.procedure.steps.iter().any(|s| {
                s.id == step
                    && s.documents.iter().any(|d| {
                        loaded.procedure.documents.iter().any(|x| {
                            x.id == *d
                                && x.form == quytrinh_model::Form::Paper
                                && x.required_by.is_some()
                        })
                    })
            })
        };
        assert!(
            p.blockers
                .iter()
                .all(|b| b.justified || b.step.as_deref().is_some_and(keeps_paper)),
            "{what}: unjustified blocker left in {}: {:?}",
            p.code,
            p.blockers
        );
    }
    let again = reengineer(&to_be_catalog, config);
    assert!(
        again.changes().is_empty(),
        "{what}: not idempotent: {:#?}",
        again.changes()
    );
    assert_eq!(
        to_pretty_json(&again.document()).unwrap(),
        text,
        "{what}: the second run changed the model"
    );
    (outcome, report)
}

#[test]
fn every_example_keeps_the_guarantees() {
    for policy in [
        quytrinh_analyze::FieldVerification::Blocks,
        quytrinh_analyze::FieldVerification::Allowed,
    ] {
        let config = Config {
            field_verification: policy,
            ..Config::default()
        };
        for file in example_files() {
            let catalog = load_paths(std::slice::from_ref(&file));
            check_guarantees(&catalog, &config, &file.display().to_string());
        }
    }
}

/// The examples: as-is level → to-be level, changes and kept blockers.
#[test]
fn examples_levels_before_and_after() {
    let config = Config::default();
    let mut lines = Vec::new();
    for file in example_files() {
        let catalog = load_paths(std::slice::from_ref(&file));
        let (outcome, report) = check_guarantees(&catalog, &config, &file.display().to_string());
        let name = file
            .strip_prefix(repo().join("examples"))
            .unwrap()
            .display()
            .to_string();
        lines.push(format!(
            "{name}: {} → {}, {} changes, {} kept",
            outcome.as_is_level().as_str(),
            to_be_level(&report).as_str(),
            outcome.changes().len(),
            outcome.kept_count()
        ));
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn changes_lists_of_the_examples() {
    let config = Config::default();
    for (file, lang) in [
        ("ho-kinh-doanh.json", Lang::Vi),
        ("ho-kinh-doanh.json", Lang::En),
        ("dang-ky-le-hoi.json", Lang::Vi),
        ("giay-phep-xay-dung.json", Lang::Vi),
        ("chung-thuc-ban-sao.json", Lang::Vi),
        ("groups/lien-thong-khai-sinh-2015-giay.json", Lang::Vi),
        ("groups/lien-thong-khai-tu.json", Lang::Vi),
    ] {
        let catalog = load_paths(&[repo().join("examples").join(file)]);
        let outcome = reengineer(&catalog, &config);
        let (_, _, report) = reload(&outcome, &config);
        let name = format!(
            "{}_{}",
            file.replace(['/', '.'], "_"),
            lang.pick("vi", "en")
        );
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!("changes", outcome.text(&report, lang));
        });
    }
}

#[test]
fn changes_as_json() {
    let catalog = load_paths(&[repo().join("examples/ho-kinh-doanh.json")]);
    let outcome = reengineer(&catalog, &Config::default());
    insta::assert_json_snapshot!(outcome.changes());
}

// ---------------------------------------------------------------------------------------------
// One small procedure per blocker kind.

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

/// One line per change: `kind step/document [criteria] rules`, then `kept:` lines, then the
/// to-be level.
fn summary(outcome: &Outcome, report: &Report) -> String {
    let mut lines: Vec<String> = outcome
        .changes()
        .iter()
        .map(|c| {
            let mut s = c.kind.as_str().to_owned();
            if let Some(st) = &c.step {
                s.push(' ');
                s.push_str(st);
            }
            if let Some(d) = &c.document {
                s.push_str(&format!(" /{d}"));
            }
            if let Some(l) = &c.link {
                s.push_str(&format!(" {}→{}", l.from, l.to));
            }
            if let (Some(b), Some(a)) = (&c.before, &c.after) {
                s.push_str(&format!(" {b}→{a}"));
            }
            s.push_str(&format!(" {:?} {}", c.criteria, c.rules.join(",")));
            s
        })
        .collect();
    if let Outcome::Procedure { to_be, .. } = outcome {
        for k in &to_be.kept {
            lines.push(format!(
                "kept {:?} {:?} {:?}",
                k.step, k.document, k.criteria
            ));
        }
    }
    lines.push(format!("→ {}", to_be_level(report).as_str()));
    lines.join("\n")
}

/// Re-engineers `base()` edited by `edit`, checks the guarantees and compares the summary.
#[track_caller]
fn check(edit: impl FnOnce(&mut Value), expect: &str) -> Procedure {
    let mut v = base();
    edit(&mut v["procedure"]);
    let catalog = load_text(&v.to_string());
    let config = Config::default();
    let (outcome, report) = check_guarantees(&catalog, &config, "crafted");
    assert_eq!(summary(&outcome, &report), expect.trim());
    match outcome {
        Outcome::Procedure { to_be, .. } => to_be.model,
        Outcome::Group { .. } => unreachable!(),
    }
}

fn step<'p>(p: &'p Procedure, id: &str) -> &'p quytrinh_model::Step {
    p.steps.iter().find(|s| s.id == id).unwrap()
}

/// Appends `item` to the JSON list `list` (steps, documents) of a procedure being edited.
fn push(list: &mut Value, item: Value) {
    list.as_array_mut().unwrap().push(item);
}

/// Inserts `item` at `at` in the JSON list `list`.
fn insert(list: &mut Value, at: usize, item: Value) {
    list.as_array_mut().unwrap().insert(at, item);
}

/// Removes the last item of the JSON list `list`.
fn pop(list: &mut Value) {
    list.as_array_mut().unwrap().pop();
}

/// Replaces the last step of the JSON list `steps` by `new` ones.
fn instead_of_the_last_step(steps: &mut Value, new: [Value; 2]) {
    pop(steps);
    for step in new {
        push(steps, step);
    }
}

#[test]
fn nothing_to_do_on_a_fully_online_procedure() {
    let p = check(|_| {}, "→ full_online");
    assert_eq!(p, load_text(&base().to_string()).procedures[0].procedure);
}

#[test]
fn criteria_1_and_2_published() {
    let p = check(
        |p| {
            p["published"] = json!(false);
            p["forms_downloadable"] = json!(false);
        },
        "publish false→true [1] TC1-UNPUBLISHED
forms_downloadable false→true [2] TC2-NO-FORMS
→ full_online",
    );
    assert_eq!(
        p.note.as_deref(),
        Some(
            "Tái cấu trúc: công khai đầy đủ thông tin trên CSDL quốc gia về TTHC, đăng tải mẫu đơn, tờ khai để tải về (TC1, TC2)"
        )
    );
}

#[test]
fn submit_in_person_with_wet_signature_goes_online_signed_digitally() {
    let p = check(
        |p| {
            p["steps"][0]["channel"] = json!("in_person");
            p["steps"][0]["signature"] = json!("wet");
        },
        "file_online nop in_person→online [3, 4, 6] TC3-FILING,TC6-PRESENCE
digital_signature nop wet→digital [3] TC3-WET-SIGNATURE
→ full_online",
    );
    assert_eq!(
        step(&p, "nop").note.as_deref(),
        Some("Tái cấu trúc: gửi hồ sơ trực tuyến, ký số (TC3, TC4, TC6)")
    );
}

#[test]
fn wet_signature_online() {
    check(
        |p| p["steps"][0]["signature"] = json!("wet"),
        "digital_signature nop wet→digital [3] TC3-WET-SIGNATURE\n→ full_online",
    );
}

#[test]
fn a_supplement_with_documents_by_post_goes_online() {
    // Rules v2: a supplement without documents by post breaks nothing; with documents it
    // breaks criterion 4 (the whole dossier electronically).
    for (documents, expect) in [
        (json!([]), "→ full_online"),
        (
            json!(["tk"]),
            "file_online bs postal→online [4] TC3-FILING\n→ full_online",
        ),
    ] {
        check(
            |p| {
                push(
                    &mut p["steps"],
                    json!({"id": "bs", "name": "Bổ sung", "actor": "a",
                    "action": "supplement", "channel": "postal", "documents": documents}),
                );
                p["flows"] = json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "tra"},
                    {"from": "xl", "to": "bs", "kind": "rework"}, {"from": "bs", "to": "xl", "kind": "rework"}]);
            },
            expect,
        );
    }
}

#[test]
fn a_document_a_database_holds_is_dropped_and_looked_up() {
    let p = check(
        |p| {
            push(
                &mut p["documents"],
                json!({"id": "cccd", "name": "Căn cước công dân",
                "form": "paper", "available_from": "CSDL quốc gia về dân cư"}),
            );
            p["steps"][0]["documents"] = json!(["tk", "cccd"]);
            p["steps"][1]["documents"] = json!(["cccd"]);
        },
        "looked_up /cccd [4, 6] TC4-PAPER-DOSSIER,TC6-PAPER-DOCUMENT,F-ONCE-ONLY\n→ full_online",
    );
    assert!(p.documents.iter().all(|d| d.id != "cccd"));
    assert_eq!(step(&p, "nop").documents, ["tk"]);
    assert!(step(&p, "xl").documents.is_empty());
    assert_eq!(
        step(&p, "nop").note.as_deref(),
        Some(
            "Tái cấu trúc: không yêu cầu Căn cước công dân, khai thác từ CSDL quốc gia về dân cư (TC4, TC6, F-ONCE-ONLY)"
        )
    );
    assert_eq!(step(&p, "xl").note, step(&p, "nop").note);
}

#[test]
fn an_electronic_document_a_database_holds_is_not_asked_either() {
    check(
        |p| {
            push(
                &mut p["documents"],
                json!({"id": "cccd", "name": "Căn cước công dân",
                "form": "electronic", "available_from": "CSDL quốc gia về dân cư"}),
            );
            p["steps"][0]["documents"] = json!(["tk", "cccd"]);
        },
        "looked_up /cccd [] F-ONCE-ONLY\n→ full_online",
    );
}

#[test]
fn a_paper_document_is_accepted_as_an_electronic_copy() {
    let p = check(
        |p| {
            push(
                &mut p["documents"],
                json!({"id": "gcs", "name": "Giấy chứng sinh", "form": "paper"}),
            );
            p["steps"][0]["documents"] = json!(["tk", "gcs"]);
        },
        "electronic_copy /gcs paper→electronic [4, 6] TC4-PAPER-DOSSIER,TC6-PAPER-DOCUMENT\n→ full_online",
    );
    let gcs = p.documents.iter().find(|d| d.id == "gcs").unwrap();
    assert_eq!(
        gcs.note.as_deref(),
        Some("Tái cấu trúc: chấp nhận bản điện tử (TC4, TC6)")
    );
}

#[test]
fn payment_in_person_goes_online() {
    check(
        |p| {
            p["fee_vnd"] = json!(50000);
            insert(
                &mut p["steps"],
                1,
                json!({"id": "phi", "name": "Nộp phí", "actor": "a",
                "action": "pay", "channel": "in_person"}),
            );
        },
        "pay_online phi in_person→online [5, 6] TC5-OFFLINE-PAYMENT,TC6-PRESENCE\n→ full_online",
    );
}

#[test]
fn a_fee_without_a_payment_step_gets_one_after_the_filing() {
    let p = check(
        |p| {
            p["fee_vnd"] = json!(50000);
            p["flows"] = json!([{"from": "nop", "to": "xl"}, {"from": "xl", "to": "nop", "kind": "rework"}, {"from": "xl", "to": "tra"}]);
        },
        "payment_added thanh_toan_truc_tuyen [5] TC5-NO-PAY-STEP\n→ full_online",
    );
    let ids: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["nop", "thanh_toan_truc_tuyen", "xl", "tra"]);
    let flows: Vec<(&str, &str)> = p
        .flows
        .as_ref()
        .unwrap()
        .iter()
        .map(|f| (f.from.as_str(), f.to.as_str()))
        .collect();
    assert_eq!(
        flows,
        [
            ("nop", "thanh_toan_truc_tuyen"),
            ("thanh_toan_truc_tuyen", "xl"),
            ("xl", "nop"),
            ("xl", "tra")
        ]
    );
}

#[test]
fn presence_is_replaced_by_electronic_identification_unless_required() {
    check(
        |p| {
            insert(
                &mut p["steps"],
                1,
                json!({"id": "vt", "name": "Đối chiếu", "actor": "a",
                "action": "appear", "channel": "in_person"}),
            );
        },
        "presence_removed vt in_person→online [6] TC6-PRESENCE\n→ full_online",
    );
    check(
        |p| {
            insert(
                &mut p["steps"],
                1,
                json!({"id": "vt", "name": "Lấy vân tay", "actor": "a",
                "action": "appear", "channel": "in_person", "required_by": "Luật Căn cước 2023, Điều 23"}),
            );
        },
        "kept Some(\"vt\") None [6]\n→ partial_online",
    );
}

#[test]
fn paper_processing_goes_onto_the_electronic_systems() {
    check(
        |p| p["steps"][1]["channel"] = json!("paper"),
        "process_online xl paper→online [6] TC6-PAPER-PROCESSING\n→ full_online",
    );
}

#[test]
fn field_verification_goes_online_unless_required() {
    let p = check(
        |p| p["steps"][1]["channel"] = json!("field"),
        "verify_online xl field→online [6] TC6-FIELD\n→ full_online",
    );
    assert!(
        step(&p, "xl")
            .note
            .as_deref()
            .unwrap()
            .contains("xác minh qua cơ sở dữ liệu dùng chung")
    );
    check(
        |p| {
            p["steps"][1]["channel"] = json!("field");
            p["steps"][1]["required_by"] = json!("Luật Xây dựng, Điều 102");
        },
        "kept Some(\"xl\") None [6]\n→ partial_online",
    );
}

#[test]
fn field_verification_allowed_by_policy_is_left_alone() {
    let mut v = base();
    v["procedure"]["steps"][1]["channel"] = json!("field");
    let catalog = load_text(&v.to_string());
    let config = Config {
        field_verification: quytrinh_analyze::FieldVerification::Allowed,
        ..Config::default()
    };
    let (outcome, report) = check_guarantees(&catalog, &config, "allowed");
    assert_eq!(summary(&outcome, &report), "→ full_online");
}

#[test]
fn an_electronic_result_is_issued() {
    check(
        |p| p["result"]["electronic"] = json!(false),
        "electronic_result false→true [7] TC7-NO-E-RESULT\n→ full_online",
    );
    let p = check(
        |p| p["result"] = Value::Null,
        "electronic_result false→true [7] TC7-NO-E-RESULT\n→ full_online",
    );
    assert!(p.result.unwrap().electronic);
}

#[test]
fn the_result_is_returned_online_but_post_is_kept() {
    check(
        |p| p["steps"][2]["channel"] = json!("in_person"),
        "return_online tra in_person→online [6, 8] TC6-PRESENCE,TC8-RETURN\n→ full_online",
    );
    check(
        |p| p["steps"][2]["channel"] = json!("postal"),
        "→ full_online",
    );
}

#[test]
fn a_missing_return_step_is_added_after_every_end() {
    let p = check(
        |p| {
            pop(&mut p["steps"]);
        },
        "return_added tra_ket_qua_truc_tuyen [8] TC8-NO-RETURN-STEP\n→ full_online",
    );
    let last = p.steps.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.channel),
        ("b", quytrinh_model::Channel::Online)
    );
    assert!(p.flows.is_none(), "steps still run in the order listed");

    let p = check(
        |p| {
            let refusal = json!({"id": "tu_choi", "name": "Từ chối", "actor": "b", "action": "approve", "channel": "online"});
            let other = json!({"id": "bs", "name": "Bổ sung", "actor": "a", "action": "supplement", "channel": "online"});
            instead_of_the_last_step(&mut p["steps"], [refusal, other]);
            p["flows"] = json!([{"from": "nop", "to": "xl", "kind": "alternative"}, {"from": "nop", "to": "tu_choi", "kind": "alternative"},
                {"from": "xl", "to": "bs", "kind": "rework"}, {"from": "bs", "to": "xl", "kind": "rework"}]);
        },
        "return_added tra_ket_qua_truc_tuyen [8] TC8-NO-RETURN-STEP\n→ full_online",
    );
    let into: Vec<&str> = p
        .flows
        .as_ref()
        .unwrap()
        .iter()
        .filter(|f| f.to == "tra_ket_qua_truc_tuyen")
        .map(|f| f.from.as_str())
        .collect();
    assert_eq!(
        into,
        ["xl", "tu_choi"],
        "the supplement step, off the main path, is not an end"
    );
}

#[test]
fn a_return_that_takes_a_required_paper_original_goes_by_post_not_online() {
    let p = check(
        |p| {
            push(
                &mut p["documents"],
                json!({"id": "bc", "name": "Bản chính",
                "form": "paper", "required_by": "Luật X, Điều 5"}),
            );
            p["steps"][2]["documents"] = json!(["bc"]);
            p["steps"][2]["channel"] = json!("in_person");
        },
        "by_post tra /bc in_person→postal [8] TC6-PRESENCE,TC8-RETURN
kept Some(\"tra\") Some(\"bc\") [6]
→ partial_online",
    );
    // The paper original still has to reach the agency: by post, never online.
    let tra = step(&p, "tra");
    assert_eq!(tra.channel, quytrinh_model::Channel::Postal);
    let note = tra.note.as_deref().unwrap();
    assert_eq!(
        note,
        "Tái cấu trúc: gửi qua bưu chính công ích thay cho đến trực tiếp; Bản chính vẫn là bản giấy theo quy định, chưa thể thực hiện trực tuyến (TC8)"
    );
}

#[test]
fn notes_are_appended_once_to_an_existing_note() {
    let p = check(
        |p| {
            p["steps"][1]["channel"] = json!("paper");
            p["steps"][1]["note"] = json!("Giả định: xử lý thủ công");
        },
        "process_online xl paper→online [6] TC6-PAPER-PROCESSING\n→ full_online",
    );
    assert_eq!(
        step(&p, "xl").note.as_deref(),
        Some(
            "Giả định: xử lý thủ công. Tái cấu trúc: xử lý, luân chuyển trên hệ thống điện tử (TC6)"
        )
    );
}

#[test]
fn a_procedure_without_an_applicant_gets_one_for_the_added_payment() {
    let p = check(
        |p| {
            p["fee_vnd"] = json!(1000);
            p["actors"] = json!([{"id": "b", "name": "Cơ quan", "role": "agency"}]);
            p["steps"] = json!([
                {"id": "tn", "name": "Nhận hồ sơ liên thông", "actor": "b", "action": "receive", "channel": "online"},
                {"id": "tra", "name": "Trả kết quả", "actor": "b", "action": "return_result", "channel": "online"}]);
        },
        "payment_added thanh_toan_truc_tuyen [5] TC5-NO-PAY-STEP\n→ full_online",
    );
    assert_eq!(p.actors[0].id, "nguoi_yeu_cau");
    assert_eq!(step(&p, "thanh_toan_truc_tuyen").actor, "nguoi_yeu_cau");
}

// ---------------------------------------------------------------------------------------------
// Groups.

fn group(members: Value, links: Value) -> String {
    json!({"group": {"code": "G", "name": "Nhóm thử", "procedures": members, "links": links}})
        .to_string()
}

fn member(code: &str, steps: Value, documents: Value, result: &str) -> Value {
    json!({"procedure": {
        "code": code, "name": format!("Thủ tục {code}"), "published": true, "forms_downloadable": true,
        "annual_volume": 100,
        "result": {"name": result, "electronic": true},
        "actors": [{"id": "a", "name": "Người yêu cầu", "role": "applicant"},
                   {"id": "b", "name": "Cơ quan", "role": "agency"}],
        "documents": documents, "steps": steps}})
}

fn online_member(code: &str, docs: &[(&str, &str)], result: &str) -> Value {
    let documents: Vec<Value> = docs
        .iter()
        .map(|(id, name)| json!({"id": id, "name": name, "form": "electronic"}))
        .collect();
    let ids: Vec<&str> = docs.iter().map(|(id, _)| *id).collect();
    member(
        code,
        json!([
            {"id": "nop", "name": "Nộp hồ sơ", "actor": "a", "action": "submit", "channel": "online", "documents": ids},
            {"id": "xl", "name": "Xử lý", "actor": "b", "action": "process", "channel": "online", "duration_days": 1},
            {"id": "tra", "name": "Trả kết quả", "actor": "b", "action": "return_result", "channel": "online"}]),
        Value::Array(documents),
        result,
    )
}

/// A member whose applicant shows one electronic document at the step `asks` (id, name):
/// receive, that step, return the result.
fn asking_member(code: &str, asks: (&str, &str), document: (&str, &str)) -> Value {
    let ((step, name), (doc, doc_name)) = (asks, document);
    member(
        code,
        json!([
            {"id": "tn", "name": "Nhận hồ sơ", "actor": "b", "action": "receive", "channel": "online"},
            {"id": step, "name": name, "actor": "a", "action": "appear", "channel": "online", "documents": [doc]},
            {"id": "tra", "name": "Trả kết quả", "actor": "b", "action": "return_result", "channel": "online"}]),
        json!([{"id": doc, "name": doc_name, "form": "electronic"}]),
        &format!("Kết quả {code}"),
    )
}

#[track_caller]
fn check_group(text: &str, expect: &str) -> Group {
    let catalog = load_text(text);
    let (outcome, report) = check_guarantees(&catalog, &Config::default(), "crafted group");
    assert_eq!(summary(&outcome, &report), expect.trim());
    match outcome {
        Outcome::Group { to_be, .. } => to_be.model,
        Outcome::Procedure { .. } => unreachable!(),
    }
}

fn members(g: &Group) -> Vec<&Procedure> {
    g.procedures
        .iter()
        .map(|m| m.procedure.as_ref().unwrap())
        .collect()
}

#[test]
fn group_single_window_adds_the_link_from_the_first_member() {
    let g = check_group(
        &group(
            json!([
                online_member("A", &[("tk", "Tờ khai A")], "Kết quả A"),
                online_member("B", &[("tkb", "Tờ khai B")], "Kết quả B")
            ]),
            json!([]),
        ),
        "single_window nop A→B submit→receive [] F-SINGLE-WINDOW
renamed nop Nộp hồ sơ→Tiếp nhận hồ sơ liên thông từ thủ tục A [] 
link_added A→B [] F-SINGLE-WINDOW
→ full_online",
    );
    let b = members(&g)[1];
    let nop = step(b, "nop");
    assert_eq!(
        (nop.action, nop.actor.as_str()),
        (quytrinh_model::Action::Receive, "b")
    );
    assert_eq!(
        nop.note.as_deref(),
        Some(
            "Tái cấu trúc: tiếp nhận hồ sơ qua liên thông từ A, không nộp lại (một cửa liên thông), đặt lại tên bước cho khớp cách thực hiện mới (tên cũ: “Nộp hồ sơ”) (F-SINGLE-WINDOW)"
        )
    );
    assert_eq!(g.links.len(), 1);
    assert_eq!(g.links[0].to_step.as_deref(), Some("nop"));
    assert_eq!(g.links[0].carries, ["Tờ khai B"]);
    assert_eq!(
        g.note.as_deref(),
        Some("Tái cấu trúc: thêm liên thông điện tử A → B (F-SINGLE-WINDOW)")
    );
}

#[test]
fn group_asks_a_document_once_and_links_go_online() {
    let g = check_group(
        &group(
            json!([
                online_member("A", &[("cccd", "Căn cước công dân")], "Kết quả A"),
                asking_member(
                    "B",
                    ("bo_sung", "Xuất trình giấy tờ"),
                    ("cc", "CĂN CƯỚC CÔNG DÂN")
                )
            ]),
            json!([{"from": "A", "to": "B", "channel": "paper", "to_step": "tn"}]),
        ),
        "asked_once /cc A→B [] F-ONCE-ONLY
link_online A→B paper→online [] F-LINK
→ full_online",
    );
    let b = members(&g)[1];
    assert!(b.documents.is_empty());
    assert!(step(b, "bo_sung").documents.is_empty());
    assert_eq!(
        step(b, "bo_sung").note.as_deref(),
        Some(
            "Tái cấu trúc: nhận CĂN CƯỚC CÔNG DÂN qua liên thông từ A, không yêu cầu lại (F-ONCE-ONLY)"
        )
    );
    assert_eq!(g.links[0].carries, ["CĂN CƯỚC CÔNG DÂN"]);
}

#[test]
fn group_result_asked_from_the_applicant_comes_through_a_link() {
    let g = check_group(
        &group(
            json!([
                online_member("A", &[("tk", "Tờ khai")], "Giấy khai sinh"),
                asking_member("B", ("xuat_trinh", "Xuất trình"), ("gks", "Giấy khai sinh"))
            ]),
            json!([{"from": "B", "to": "A", "channel": "online"}]),
        ),
        "result_through_link /gks A→B [] F-ONCE-ONLY
link_added A→B [] F-ONCE-ONLY
→ full_online",
    );
    let b = members(&g)[1];
    assert!(b.documents.is_empty());
    assert_eq!(
        step(b, "xuat_trinh").note.as_deref(),
        Some("Tái cấu trúc: nhận Giấy khai sinh (kết quả của A) qua liên thông (F-ONCE-ONLY)")
    );
    let added = g.links.iter().find(|l| l.from == "A").unwrap();
    assert_eq!(
        (added.to.as_str(), added.to_step.as_deref()),
        ("B", Some("xuat_trinh"))
    );
    assert_eq!(added.carries, ["Giấy khai sinh"]);
}

#[test]
fn a_filing_that_carries_a_required_paper_original_is_kept_and_says_why() {
    let p = check(
        |p| {
            push(
                &mut p["documents"],
                json!({"id": "bc", "name": "Bản chính giấy tờ", "form": "paper",
                "required_by": "Nghị định Y, Điều 20"}),
            );
            p["steps"][0]["documents"] = json!(["tk", "bc"]);
            p["steps"][0]["channel"] = json!("in_person");
        },
        "by_post nop /bc in_person→postal [] TC6-PRESENCE
kept Some(\"nop\") Some(\"bc\") [3, 4, 6]
→ information_only",
    );
    // Sent by post (no trip), never online: the filing criteria stay unmet and are kept.
    let nop = step(&p, "nop");
    assert_eq!(nop.channel, quytrinh_model::Channel::Postal);
    assert_eq!(
        nop.note.as_deref(),
        Some(
            "Giữ nguyên: Bản chính giấy tờ phải là bản giấy theo Nghị định Y, Điều 20, nên bước chưa thể thực hiện trực tuyến. Tái cấu trúc: gửi qua bưu chính công ích thay cho đến trực tiếp; Bản chính giấy tờ vẫn là bản giấy theo quy định, chưa thể thực hiện trực tuyến"
        )
    );
}

#[test]
fn step_names_that_contradict_the_new_channel_are_reworded() {
    let p = check(
        |p| {
            p["fee_vnd"] = json!(100_000);
            insert(
                &mut p["steps"],
                2,
                json!({"id": "phi", "name": "Nộp lệ phí bằng tiền mặt tại Bộ phận Một cửa",
                "actor": "a", "action": "pay", "channel": "in_person"}),
            );
            p["steps"][3]["name"] = json!("Nhận Giấy phép bản giấy tại Bộ phận Một cửa");
            p["steps"][3]["channel"] = json!("in_person");
        },
        "pay_online phi in_person→online [5, 6] TC5-OFFLINE-PAYMENT,TC6-PRESENCE
renamed phi Nộp lệ phí bằng tiền mặt tại Bộ phận Một cửa→Nộp lệ phí trực tuyến [] 
return_online tra in_person→online [6, 8] TC6-PRESENCE,TC8-RETURN
renamed tra Nhận Giấy phép bản giấy tại Bộ phận Một cửa→Nhận Giấy phép bản điện tử trực tuyến [] 
→ full_online",
    );
    assert_eq!(step(&p, "phi").name, "Nộp lệ phí trực tuyến");
    assert_eq!(
        step(&p, "tra").note.as_deref(),
        Some(
            "Tái cấu trúc: trả kết quả trực tuyến, đặt lại tên bước cho khớp cách thực hiện mới (tên cũ: “Nhận Giấy phép bản giấy tại Bộ phận Một cửa”) (TC6, TC8)"
        )
    );
}

#[test]
fn a_hand_signature_in_the_name_becomes_a_digital_one_and_paper_words_are_flagged() {
    let p = check(
        |p| {
            p["steps"][0]["name"] = json!("Nộp tờ khai có chữ ký tay");
            p["steps"][0]["signature"] = json!("wet");
            p["steps"][1]["name"] = json!("In giấy phép, đóng dấu");
            p["steps"][1]["channel"] = json!("paper");
        },
        "digital_signature nop wet→digital [3] TC3-WET-SIGNATURE
renamed nop Nộp tờ khai có chữ ký tay→Nộp tờ khai có chữ ký số [] 
process_online xl paper→online [6] TC6-PAPER-PROCESSING
name_to_review xl [] 
→ full_online",
    );
    assert_eq!(step(&p, "nop").name, "Nộp tờ khai có chữ ký số");
    // No phrase to replace: the name stays and the reviewer is told to reword it.
    assert_eq!(step(&p, "xl").name, "In giấy phép, đóng dấu");
    assert!(
        step(&p, "xl")
            .note
            .as_deref()
            .unwrap()
            .contains("tên bước còn mô tả cách thực hiện cũ")
    );
}

#[test]
fn an_agency_step_moved_online_is_signed_digitally() {
    let p = check(
        |p| {
            p["steps"][1]["action"] = json!("approve");
            p["steps"][1]["channel"] = json!("paper");
            p["steps"][1]["signature"] = json!("wet");
        },
        "process_online xl paper→online [6] TC6-PAPER-PROCESSING
digital_signature xl wet→digital [6] TC6-PAPER-PROCESSING
→ full_online",
    );
    assert_eq!(step(&p, "xl").signature, quytrinh_model::Signature::Digital);
}

#[test]
fn a_missing_return_step_is_not_added_after_a_refusal() {
    let p = check(
        |p| {
            let refusal = json!({"id": "tu_choi", "name": "Ký văn bản từ chối", "actor": "b", "action": "approve", "channel": "online"});
            let other = json!({"id": "cap", "name": "Cấp giấy phép", "actor": "b", "action": "issue_result", "channel": "online"});
            instead_of_the_last_step(&mut p["steps"], [refusal, other]);
            p["steps"][1]["decision"] = json!("Đủ điều kiện?");
            p["flows"] = json!([{"from": "nop", "to": "xl"},
                {"from": "xl", "to": "tu_choi", "kind": "reject", "label": "Từ chối"},
                {"from": "xl", "to": "cap"}]);
        },
        "return_added tra_ket_qua_truc_tuyen [8] TC8-NO-RETURN-STEP\n→ full_online",
    );
    let into: Vec<(&str, quytrinh_model::FlowKind)> = p
        .flows
        .as_ref()
        .unwrap()
        .iter()
        .filter(|f| f.to == "tra_ket_qua_truc_tuyen")
        .map(|f| (f.from.as_str(), f.kind))
        .collect();
    assert_eq!(into, [("cap", quytrinh_model::FlowKind::Normal)]);
    // The refusal branch is kept as it was.
    assert!(
        p.flows
            .as_ref()
            .unwrap()
            .iter()
            .any(|f| f.to == "tu_choi" && f.kind == quytrinh_model::FlowKind::Reject)
    );
}

/// Vietnamese words, never the format's enum spellings, in the changes list of every example.
#[test]
fn the_vietnamese_changes_lists_show_no_raw_enum_value() {
    let raw = [
        "in_person",
        "online",
        "postal",
        "paper",
        "field",
        "wet",
        "digital",
        "electronic",
        "true",
        "false",
        "submit",
        "receive",
        "_online",
        "offline",
    ];
    for file in example_files() {
        let catalog = load_paths(std::slice::from_ref(&file));
        let outcome = reengineer(&catalog, &Config::default());
        let (_, _, report) = reload(&outcome, &Config::default());
        let text = outcome.text(&report, Lang::Vi);
        for line in text.lines() {
            // Rule codes (TC6-PAPER-…) and ids are codes, not words: look at the parentheses
            // that show a value before and after.
            for value in line.split(" (").skip(1).filter(|v| v.contains(" → ")) {
                let value = value.split(')').next().unwrap_or_default();
                for r in raw {
                    assert!(
                        !value.split([' ', '→']).any(|w| w == r),
                        "{}: raw value {r} in “{line}”",
                        file.display()
                    );
                }
            }
        }
    }
}

/// `base()` with the result returned by one of two options the applicant chooses between.
fn with_return_options(p: &mut Value, first: Value, second: Value) {
    let steps = p["steps"].as_array_mut().unwrap();
    steps.pop();
    steps.push(first);
    steps.push(second);
    p["steps"][1]["decision"] = json!("Người yêu cầu chọn cách nhận kết quả?");
    p["flows"] = json!([{"from": "nop", "to": "xl"},
        {"from": "xl", "to": "r1", "kind": "alternative", "chosen_by": "applicant", "label": "Cách 1"},
        {"from": "xl", "to": "r2", "kind": "alternative", "chosen_by": "applicant", "label": "Cách 2"}]);
}

#[test]
fn an_in_person_option_the_applicant_chooses_is_left_alone() {
    let p = check(
        |p| {
            with_return_options(
                p,
                json!({"id": "r1", "name": "Nhận kết quả tại Bộ phận Một cửa", "actor": "a",
                    "action": "return_result", "channel": "in_person"}),
                json!({"id": "r2", "name": "Nhận kết quả qua VNeID", "actor": "b",
                    "action": "return_result", "channel": "online"}),
            );
        },
        "→ full_online",
    );
    // Not a blocker: the option stays as the applicant's choice, with its flow.
    assert_eq!(step(&p, "r1").channel, quytrinh_model::Channel::InPerson);
    assert_eq!(step(&p, "r1").name, "Nhận kết quả tại Bộ phận Một cửa");
    assert!(step(&p, "r1").note.is_none());
    let flows = p.flows.as_ref().unwrap();
    assert!(
        flows
            .iter()
            .any(|f| f.to == "r1" && f.chosen_by == Some(quytrinh_model::ChosenBy::Applicant))
    );
}

#[test]
fn when_every_option_breaks_the_best_one_is_remedied_and_the_other_kept() {
    let p = check(
        |p| {
            with_return_options(
                p,
                json!({"id": "r1", "name": "Nhận kết quả tại Bộ phận Một cửa", "actor": "a",
                    "action": "return_result", "channel": "in_person"}),
                json!({"id": "r2", "name": "Nhận kết quả tại điểm Bưu điện", "actor": "a",
                    "action": "return_result", "channel": "in_person"}),
            );
        },
        "return_online r1 in_person→online [6, 8] TC6-PRESENCE,TC8-RETURN
renamed r1 Nhận kết quả tại Bộ phận Một cửa→Nhận kết quả trực tuyến [] 
→ full_online",
    );
    // The other option is offered beside the online one, never removed.
    assert_eq!(step(&p, "r2").channel, quytrinh_model::Channel::InPerson);
    assert_eq!(p.steps.len(), 4);
    assert_eq!(p.flows.as_ref().unwrap().len(), 3);
}
