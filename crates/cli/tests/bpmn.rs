//! `render --format bpmn` and `import bpmn`: files written, read back, checked; guesses and
//! errors reported.

use super::{exits_saying, repo, run, stderr, stdout};

#[test]
fn render_bpmn_then_import_gives_models_that_pass_check() {
    if !quytrinh_render::testing::dot_available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = run(&[
        "render",
        "--format",
        "bpmn",
        "-o",
        d,
        "examples/khai-sinh.json",
        "examples/groups/lien-thong-khai-tu.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for f in &files {
        assert_eq!(f.extension().unwrap(), "bpmn");
        let text = std::fs::read_to_string(f).unwrap();
        assert!(text.starts_with("<?xml"));
        assert!(text.contains("<bpmndi:BPMNDiagram"));
        let json = f.with_extension("json");
        let o = run(&[
            "import",
            "bpmn",
            f.to_str().unwrap(),
            "-o",
            json.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        // Our own export says everything: nothing is guessed.
        assert!(!stderr(&o).contains("guessed"), "{}", stderr(&o));
        let o = run(&["check", json.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // To standard output: exactly one diagram named by the inputs.
    let o = run(&["render", "--format", "bpmn", "examples/khai-sinh.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Đăng ký khai sinh"));
}

#[test]
fn import_of_a_camunda_drawing_reports_each_guess_by_element() {
    let o = run(&["import", "bpmn", "tests/bpmn/camunda-khai-sinh.bpmn"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let model: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(model["procedure"]["steps"][0]["id"], "Activity_nop");
    let err = stderr(&o);
    assert!(
        err.contains("guessed channel = online for `Activity_nop`"),
        "{err}"
    );
    assert!(
        err.contains("guessed role = applicant for `Lane_nguoi_dan`"),
        "{err}"
    );
    // The model passes `quytrinh check` from standard input.
    let o = super::run_in(&repo(), &["check", "-"], Some(stdout(&o).as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn import_of_bad_bpmn_exits_2_at_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.bpmn");
    std::fs::write(
        &bad,
        "<bpmn:definitions>\n  <bpmn:process>\n</bpmn:definitions>\n",
    )
    .unwrap();
    let o = run(&["import", "bpmn", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("bad.bpmn:3:"), "{err}");
    let o = run(&["import", "bpmn", "no-such-file.bpmn"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn bpmn_is_not_a_format_of_check_or_compare() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = run(&[
        "render",
        "--check",
        "--format",
        "bpmn",
        "-o",
        d,
        "examples/khai-sinh.json",
    ]);
    exits_saying(&o, 2, "--check compares DOT files only");
    let o = run(&[
        "render",
        "--compare",
        "--format",
        "bpmn",
        "examples/ho-kinh-doanh.json",
        "examples/to-be/ho-kinh-doanh.to-be.json",
    ]);
    exits_saying(&o, 2, "--compare draws DOT, SVG or PNG only");
    assert!(stdout(&o).is_empty());
}

#[test]
fn a_drawing_that_makes_a_bad_model_is_refused_with_its_tasks_located() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("unreach.bpmn");
    std::fs::write(
        &f,
        r#"<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="P" name="Thử">
    <bpmn:startEvent id="S"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:task id="A" name="Nộp hồ sơ trực tuyến"/>
    <bpmn:task id="B" name="Trả kết quả qua bưu chính"/>
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="A"/>
  </bpmn:process>
</bpmn:definitions>
"#,
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let o = run(&[
        "import",
        "bpmn",
        f.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    let err = stderr(&o);
    assert!(err.contains("QT012"), "{err}");
    assert!(
        err.contains("unreach.bpmn:5:5: step `B` of P is the task `B` there"),
        "{err}"
    );
}
