//! BPMN in and out: every example and group exported and read back gives the same model and
//! the same analysis; hand-drawn Camunda-style files import with their guesses reported; bad
//! files are refused at the right place.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use quytrinh_analyze::{Config, analyze_catalog, analyze_procedure};
use quytrinh_bpmn::{Layout, group_bpmn, import, procedure_bpmn};
use quytrinh_model::{Action, Channel, Document, FlowKind, Lang, Loaded, Loader, RealFs, Role};
use quytrinh_render::from_analysis::{group_overlay, overlay};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "examples/groups", "examples/to-be"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 19, "examples not found: {files:?}");
    files
}

fn load_files(files: &[PathBuf]) -> Loaded {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    for p in files {
        loader.add_bytes(
            &p.display().to_string(),
            Some(p),
            &std::fs::read(p).unwrap(),
        );
    }
    let loaded = loader.finish();
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded
}

fn load_text(name: &str, text: &str) -> Loaded {
    let fs = RealFs;
    let mut loader = Loader::new(&fs);
    loader.add_bytes(name, None, text.as_bytes());
    let loaded = loader.finish();
    assert!(
        !loaded.has_errors(),
        "{name}: {:#?}\n{text}",
        loaded
            .diagnostics
            .iter()
            .map(|d| d.to_plain_string())
            .collect::<Vec<_>>()
    );
    loaded
}

/// The analysis as JSON, without where its input came from (a file before, a text after).
fn json<T: serde::Serialize>(x: &T) -> serde_json::Value {
    let mut v = serde_json::to_value(x).unwrap();
    if let Some(o) = v.as_object_mut() {
        o.remove("source");
    }
    v
}

#[track_caller]
fn same(got: &serde_json::Value, want: &serde_json::Value, what: &str) {
    if got != want {
        let keys: Vec<_> = want
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, v)| got.get(k.as_str()) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        let first = keys.first().map(|k| (&got[k.as_str()], &want[k.as_str()]));
        panic!("{what}: differs in {keys:?}; first got/want: {first:?}");
    }
}

/// The round trip without Graphviz: the layout only places shapes, and the import ignores it.
#[test]
fn every_example_round_trips_to_the_same_model_and_analysis() {
    let loaded = load_files(&example_files());
    let catalog = &loaded.catalog;
    let config = Config::default();
    let report = analyze_catalog(catalog, &config);
    let layout = Layout::default();
    for (i, p) in catalog.procedures.iter().enumerate() {
        let before = &report.procedures[i];
        let xml = procedure_bpmn(&p.procedure, Some(&overlay(before)), &layout, Lang::Vi);
        let back = import(&format!("{}.bpmn", p.procedure.code), &xml)
            .unwrap_or_else(|d| panic!("{}: {:#?}", p.procedure.code, d));
        assert!(
            back.guesses.is_empty(),
            "{}: {:?}",
            p.procedure.code,
            back.guesses
        );
        let got = back.document.procedure.expect("a procedure");
        same(&json(&got), &json(&p.procedure), &p.procedure.code);
        assert_eq!(got, p.procedure, "{}", p.procedure.code);
        // Each on its own (a group member's analysis in the catalogue is made in its group:
        // the groups are compared below).
        let alone = analyze_procedure(&p.procedure, &config);
        let after = analyze_procedure(&got, &config);
        same(&json(&after), &json(&alone), &p.procedure.code);
    }
    for (gi, g) in catalog.groups.iter().enumerate() {
        let before = &report.groups[gi];
        let o = group_overlay(catalog, g, before, &report);
        let xml = group_bpmn(catalog, g, Some(&o), &layout, Lang::Vi);
        let back =
            import("group.bpmn", &xml).unwrap_or_else(|d| panic!("{}: {:#?}", g.group.code, d));
        assert!(
            back.guesses.is_empty(),
            "{}: {:?}",
            g.group.code,
            back.guesses
        );
        let doc = back.document;
        let imported = doc.group.as_ref().expect("a group");
        assert_eq!(imported.code, g.group.code);
        assert_eq!(imported.links, g.links, "{}", g.group.code);
        let members: Vec<_> = catalog.members(g).cloned().collect();
        let got: Vec<_> = imported
            .procedures
            .iter()
            .map(|m| m.procedure.clone().unwrap())
            .collect();
        assert_eq!(got, members, "{}", g.group.code);
        // The group's analysis, from the imported file alone.
        let text = serde_json::to_string(&doc).unwrap();
        let again = load_text("group.json", &text);
        let r2 = analyze_catalog(&again.catalog, &config);
        same(&json(&r2.groups[0]), &json(before), &g.group.code);
        // The members, judged in the group, as before.
        assert_eq!(r2.procedures.len(), g.members.len());
        for (a, id) in r2.procedures.iter().zip(&g.members) {
            let was = &report.procedures[id.0];
            same(
                &json(a),
                &json(was),
                &format!("{} in {}", a.code, g.group.code),
            );
        }
    }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/bpmn").join(name)).unwrap()
}

fn procedure_of(name: &str) -> (quytrinh_model::Procedure, Vec<quytrinh_bpmn::Guess>) {
    let text = fixture(name);
    let imported = import(name, &text).unwrap_or_else(|d| panic!("{name}: {:#?}", d));
    let doc = Document {
        procedure: imported.document.procedure.clone(),
        group: None,
    };
    // The model passes the checks of `quytrinh check`.
    load_text(name, &serde_json::to_string(&doc).unwrap());
    (
        imported.document.procedure.expect("a procedure"),
        imported.guesses,
    )
}

#[test]
fn a_camunda_drawing_imports_with_every_guess_reported() {
    let (p, guesses) = procedure_of("camunda-khai-sinh.bpmn");
    let step = |id: &str| p.steps.iter().find(|s| s.id == id).unwrap();
    // Lanes are actors, roles guessed from their names.
    let role = |id: &str| p.actors.iter().find(|a| a.id == id).unwrap().role;
    assert_eq!(role("Lane_nguoi_dan"), Role::Applicant);
    assert_eq!(role("Lane_mot_cua"), Role::Agency);
    // The start event's task starts.
    assert_eq!(p.steps[0].id, "Activity_nop");
    assert_eq!(step("Activity_nop").action, Action::Submit);
    assert_eq!(step("Activity_nop").channel, Channel::Online);
    assert_eq!(step("Activity_tra").channel, Channel::InPerson);
    // A gateway's question is the step's decision; the loop back is rework, the refusal reject.
    assert_eq!(
        step("Activity_kiem_tra").decision.as_deref(),
        Some("Hồ sơ hợp lệ?")
    );
    let kind = |from: &str, to: &str| {
        p.flows
            .as_ref()
            .unwrap()
            .iter()
            .find(|f| f.from == from && f.to == to)
            .unwrap_or_else(|| panic!("{from} -> {to}"))
            .kind
    };
    assert_eq!(
        kind("Activity_kiem_tra", "Activity_bo_sung"),
        FlowKind::Alternative
    );
    assert_eq!(
        kind("Activity_bo_sung", "Activity_kiem_tra"),
        FlowKind::Rework
    );
    assert_eq!(
        kind("Activity_kiem_tra", "Activity_tu_choi"),
        FlowKind::Reject
    );
    // Every guess names its element; the task guesses say which words triggered them.
    let about =
        |el: &str, field: &str| guesses.iter().find(|g| g.element == el && g.field == field);
    let g = about("Activity_nop", "channel").expect("channel guess");
    assert!(g.reason.contains("trực tuyến"), "{g:?}");
    assert!(about("Lane_nguoi_dan", "role").is_some());
    assert!(about("Process_khai_sinh", "code").is_some());
    assert!(about("Flow_bo_sung_lai", "kind").is_some());
}

#[test]
fn a_camunda_collaboration_imports_as_a_group() {
    let name = "camunda-lien-thong.bpmn";
    let imported = import(name, &fixture(name)).unwrap();
    let g = imported.document.group.as_ref().expect("a group");
    assert_eq!(g.procedures.len(), 2);
    assert_eq!(g.links.len(), 1);
    let l = &g.links[0];
    assert_eq!(l.from_step.as_deref(), Some("Activity_ky"));
    assert_eq!(l.to_step.as_deref(), Some("Activity_nhan"));
    assert_eq!(l.channel, Channel::Online);
    assert!(
        imported
            .guesses
            .iter()
            .any(|x| x.element == "Flow_lien_thong" && x.field == "channel")
    );
    load_text(name, &serde_json::to_string(&imported.document).unwrap());
}

#[track_caller]
fn refused(text: &str, line: usize, words: &str) {
    let d = import("bad.bpmn", text).expect_err("must be refused");
    let first = &d[0];
    assert_eq!(first.line(), Some(line), "{}", first.to_plain_string());
    assert!(first.message.contains(words), "{}", first.to_plain_string());
    assert!(first.help.is_some());
}

#[test]
fn bad_files_are_refused_where_the_problem_is() {
    refused("<a>\n  <b>\n</a>\n", 3, "not well-formed");
    refused(
        "<?xml version=\"1.0\"?>\n<html/>\n",
        2,
        "not a BPMN 2.0 file",
    );
    let ns = "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"";
    refused(
        &format!(
            "<bpmn:definitions {ns}>\n  <bpmn:process id=\"P\">\n    <bpmn:task id=\"T\"/>\n    <bpmn:sequenceFlow id=\"F\" sourceRef=\"T\" targetRef=\"X\"/>\n  </bpmn:process>\n</bpmn:definitions>\n"
        ),
        4,
        "`X`",
    );
    refused(
        &format!("<bpmn:definitions {ns}>\n  <bpmn:process id=\"P\"/>\n</bpmn:definitions>\n"),
        1,
        "no process with a task",
    );
    let qt = "xmlns:qt=\"urn:quytrinh:bpmn:1\"";
    refused(
        &format!(
            "<bpmn:definitions {ns} {qt}>\n  <bpmn:process id=\"P\">\n    <bpmn:task id=\"T\">\n      <bpmn:extensionElements>\n        <qt:step id=\"t\" action=\"fly\" channel=\"online\"/>\n      </bpmn:extensionElements>\n    </bpmn:task>\n  </bpmn:process>\n</bpmn:definitions>\n"
        ),
        5,
        "`fly`",
    );
}

#[test]
fn the_export_is_deterministic_and_names_the_extension() {
    let loaded = load_files(&[root().join("examples/khai-sinh.json")]);
    let p = &loaded.catalog.procedures[0].procedure;
    let dot = quytrinh_bpmn::procedure_layout_dot(p);
    assert_eq!(dot, quytrinh_bpmn::procedure_layout_dot(p));
    assert!(dot.contains("rankdir=LR"));
    let a = procedure_bpmn(p, None, &Layout::default(), Lang::Vi);
    assert_eq!(a, procedure_bpmn(p, None, &Layout::default(), Lang::Vi));
    assert!(a.contains(quytrinh_bpmn::QT));
    assert!(a.contains("<bpmndi:BPMNShape"));
    // Lanes in the fixed lane order: the applicant's first.
    let first_lane = a.find("<bpmn:lane ").unwrap();
    let applicant = &p.actors[p.lane_order()[0]];
    assert!(a[first_lane..].starts_with(&format!("<bpmn:lane id=\"Lane_0_{}\"", applicant.id)));
    let _ = Path::new("");
}

/// Is Graphviz `dot` here (else the layout test skips, or fails in CI)?
fn dot_available() -> bool {
    quytrinh_render::testing::dot_available("the layout check")
}

fn graphviz_json(dot: &str) -> String {
    String::from_utf8(quytrinh_render::testing::run_dot(dot, "json")).unwrap()
}

/// The shapes of a BPMN file: element id and bounds (x, y, width, height), in file order.
fn shapes(xml: &str) -> Vec<(String, [f64; 4])> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut element = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| a.value.to_string())
                };
                if e.name().as_ref() == "bpmndi:BPMNShape" {
                    element = attr("bpmnElement").unwrap();
                } else if e.name().as_ref() == "dc:Bounds" {
                    let n = |k: &str| attr(k).unwrap().parse::<f64>().unwrap();
                    out.push((element.clone(), [n("x"), n("y"), n("width"), n("height")]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Laid out by Graphviz: lanes stacked in the fixed lane order, every flow node inside its
/// lane, no two flow nodes overlapping.
#[test]
fn graphviz_lays_out_lanes_in_order_without_overlap() {
    if !dot_available() {
        return;
    }
    let loaded = load_files(&example_files());
    let catalog = &loaded.catalog;
    let mut checked = 0;
    let mut check = |xml: &str, what: &str, lanes_in_order: Vec<Vec<String>>| {
        let all = shapes(xml);
        let lanes: Vec<&(String, [f64; 4])> =
            all.iter().filter(|(id, _)| id.contains("Lane_")).collect();
        let nodes: Vec<&(String, [f64; 4])> = all
            .iter()
            .filter(|(id, _)| !id.contains("Lane_") && !id.starts_with("Participant_"))
            .collect();
        // Lanes: top to bottom in the order given, touching, none overlapping.
        let order: Vec<String> = lanes.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(order, lanes_in_order.concat(), "{what}");
        for w in lanes.windows(2) {
            let (a, b) = (&w[0].1, &w[1].1);
            assert!(
                b[1] >= a[1] + a[3] - 0.5,
                "{what}: lanes {} and {} overlap",
                w[0].0,
                w[1].0
            );
        }
        for (i, (a, ra)) in nodes.iter().enumerate() {
            for (b, rb) in nodes.iter().skip(i + 1) {
                let apart = ra[0] + ra[2] <= rb[0]
                    || rb[0] + rb[2] <= ra[0]
                    || ra[1] + ra[3] <= rb[1]
                    || rb[1] + rb[3] <= ra[1];
                assert!(apart, "{what}: {a} {ra:?} overlaps {b} {rb:?}");
            }
            // Inside one lane.
            assert!(
                lanes.iter().any(|(_, l)| ra[0] >= l[0]
                    && ra[0] + ra[2] <= l[0] + l[2]
                    && ra[1] >= l[1]
                    && ra[1] + ra[3] <= l[1] + l[3]),
                "{what}: {a} {ra:?} is in no lane"
            );
        }
        checked += 1;
    };
    let lane_ids = |m: usize, p: &quytrinh_model::Procedure| -> Vec<String> {
        p.lane_order()
            .into_iter()
            .map(|i| format!("Lane_{m}_{}", p.actors[i].id))
            .collect()
    };
    for p in &catalog.procedures {
        let p = &p.procedure;
        let layout =
            Layout::from_json(&graphviz_json(&quytrinh_bpmn::procedure_layout_dot(p))).unwrap();
        assert!(!layout.nodes.is_empty());
        let xml = procedure_bpmn(p, None, &layout, Lang::Vi);
        check(&xml, &p.code, vec![lane_ids(0, p)]);
    }
    for g in &catalog.groups {
        let layout =
            Layout::from_json(&graphviz_json(&quytrinh_bpmn::group_layout_dot(catalog, g)))
                .unwrap();
        let xml = group_bpmn(catalog, g, None, &layout, Lang::Vi);
        let lanes = catalog
            .members(g)
            .enumerate()
            .map(|(m, p)| lane_ids(m, p))
            .collect();
        check(&xml, &g.group.code, lanes);
    }
    assert!(checked >= 19);
}
