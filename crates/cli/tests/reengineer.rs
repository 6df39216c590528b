//! `quytrinh reengineer` and `quytrinh compare`, end to end.

use super::*;

/// The committed to-be examples: (as-is file, to-be file), relative to the repository.
const TO_BE_EXAMPLES: [(&str, &str); 5] = [
    (
        "examples/ho-kinh-doanh.json",
        "examples/to-be/ho-kinh-doanh.to-be.json",
    ),
    (
        "examples/dang-ky-le-hoi.json",
        "examples/to-be/dang-ky-le-hoi.to-be.json",
    ),
    (
        "examples/giay-phep-xay-dung.json",
        "examples/to-be/giay-phep-xay-dung.to-be.json",
    ),
    (
        "examples/groups/lien-thong-khai-sinh-2015-giay.json",
        "examples/to-be/lien-thong-khai-sinh-2015-giay.to-be.json",
    ),
    (
        "examples/groups/lien-thong-khai-tu.json",
        "examples/to-be/lien-thong-khai-tu.to-be.json",
    ),
];

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn regenerating_the_to_be_examples_gives_the_committed_bytes() {
    let dir = tmp();
    for (as_is, to_be) in TO_BE_EXAMPLES {
        let out = dir.path().join("out.json");
        let o = run(&["reengineer", as_is, "-o", out.to_str().unwrap(), "--force"]);
        assert_eq!(o.status.code(), Some(0), "{as_is}: {}", stderr(&o));
        let written = std::fs::read_to_string(&out).unwrap();
        let committed = std::fs::read_to_string(repo().join(to_be)).unwrap();
        assert!(
            written == committed,
            "{to_be} is stale: run `quytrinh reengineer {as_is} -o {to_be} --force`"
        );
        // The same bytes on stdout.
        let o = run(&["reengineer", as_is]);
        assert_eq!(stdout(&o), committed, "{as_is}");
    }
}

#[test]
fn the_to_be_examples_pass_check_and_are_fixed_points() {
    for (_, to_be) in TO_BE_EXAMPLES {
        let o = run(&["check", to_be]);
        assert_eq!(o.status.code(), Some(0), "{to_be}: {}", stderr(&o));
        let o = run(&["reengineer", to_be]);
        assert_eq!(o.status.code(), Some(0), "{to_be}: {}", stderr(&o));
        let again = std::fs::read_to_string(repo().join(to_be)).unwrap();
        assert_eq!(stdout(&o), again, "{to_be}: a second run changed it");
        assert!(
            stderr(&o).contains("Không có thay đổi nào."),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn the_changes_list_goes_to_stderr_with_the_model_on_stdout() {
    let o = run(&["reengineer", "examples/ho-kinh-doanh.json"]);
    assert_eq!(o.status.code(), Some(0));
    let model: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(model["procedure"]["code"], "1.001612");
    insta::assert_snapshot!("reengineer_changes_vi", stderr(&o));
}

#[test]
fn with_an_output_file_the_changes_list_goes_to_stdout() {
    let dir = tmp();
    let out = dir.path().join("to-be.json");
    let o = run(&[
        "reengineer",
        "examples/groups/lien-thong-khai-tu.json",
        "-o",
        out.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("reengineer_group_changes_en", stdout(&o));
    assert!(stderr(&o).contains("written: "), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.ends_with("}\n") && text.starts_with("{\n  \"group\": {\n"));
    let o = run(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn never_overwrites_the_input_nor_an_existing_file_without_force() {
    let dir = tmp();
    let input = dir.path().join("in.json");
    let original = std::fs::read(repo().join("examples/ho-kinh-doanh.json")).unwrap();
    std::fs::write(&input, &original).unwrap();

    // The input itself, even with --force and by another spelling of its path.
    for args in [
        vec!["reengineer", "in.json", "-o", "in.json"],
        vec!["reengineer", "in.json", "-o", "./in.json", "--force"],
    ] {
        let o = run_in(dir.path(), &args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("refusing to overwrite the input"),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read(&input).unwrap(), original);
    }

    // An existing file: only with --force.
    let out = dir.path().join("out.json");
    std::fs::write(&out, "keep me").unwrap();
    let o = run_in(
        dir.path(),
        &["reengineer", "in.json", "-o", "out.json"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = run_in(
        dir.path(),
        &["reengineer", "in.json", "-o", "out.json", "--force"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("\"1.001612\"")
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let dir = tmp();
    let out = dir.path().join("out.json");
    let o = run(&[
        "reengineer",
        "tests/bad/dangling-references.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    // More than one procedure in the input.
    let o = run(&["reengineer", "examples"]);
    exits_saying(&o, 2, "takes one procedure or one group");
}

#[test]
fn reads_standard_input() {
    let input = std::fs::read(repo().join("examples/ho-kinh-doanh.json")).unwrap();
    let o = run_in(&repo(), &["reengineer", "-"], Some(&input));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let committed =
        std::fs::read_to_string(repo().join("examples/to-be/ho-kinh-doanh.to-be.json")).unwrap();
    assert_eq!(stdout(&o), committed);
}

#[test]
fn field_verification_allowed_leaves_on_site_checks() {
    let o = run(&[
        "reengineer",
        "--field-verification",
        "allowed",
        "examples/giay-phep-xay-dung.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("kiem_tra_thuc_dia"),
        "allowed on-site verification is neither changed nor a blocker: {}",
        stderr(&o)
    );
}

#[test]
fn compare_a_procedure_in_three_formats() {
    let args = [
        "examples/ho-kinh-doanh.json",
        "examples/to-be/ho-kinh-doanh.to-be.json",
    ];
    for (format, lang) in [
        ("text", "vi"),
        ("text", "en"),
        ("markdown", "vi"),
        ("json", "vi"),
    ] {
        let o = run(&[
            "compare", args[0], args[1], "--format", format, "--lang", lang,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::assert_snapshot!(format!("compare_procedure_{format}_{lang}"), stdout(&o));
    }
}

#[test]
fn compare_a_group_in_three_formats() {
    let args = [
        "examples/groups/lien-thong-khai-sinh-2015-giay.json",
        "examples/to-be/lien-thong-khai-sinh-2015-giay.to-be.json",
    ];
    for format in ["text", "markdown", "json"] {
        let o = run(&["compare", args[0], args[1], "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        insta::assert_snapshot!(format!("compare_group_{format}"), stdout(&o));
    }
    let o = run(&["compare", args[0], args[1], "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["groups"][0]["as_is"]["level"], "offline");
    assert_eq!(v["groups"][0]["to_be"]["level"], "full_online");
    // Rules v2 trips: 9.901501 files and collects the same day (half a day apart: 1 trip),
    // 9.901502 2, 9.901503 1: 4 trips × 1.500.000 dossiers a year.
    assert_eq!(v["groups"][0]["as_is"]["applicant_visits"], 4);
    assert_eq!(v["groups"][0]["yearly_visits_saved"], 6_000_000);
}

#[test]
fn compare_with_nothing_in_common_exits_2() {
    let o = run(&[
        "compare",
        "examples/ho-kinh-doanh.json",
        "examples/khai-sinh.json",
    ]);
    exits_saying(&o, 2, "no procedure or group code");
}

#[test]
fn render_compare_draws_both_models_stacked() {
    let o = run(&[
        "render",
        "--compare",
        "examples/ho-kinh-doanh.json",
        "examples/to-be/ho-kinh-doanh.to-be.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dot = stdout(&o);
    assert!(dot.contains("l_banner") && dot.contains("r_banner"));
    // The two steps re-engineering changed, and only those, have the thick blue border.
    assert_eq!(dot.matches("color=\"#1565c0\"").count(), 2, "{dot}");
    // Each says what changed, old → new; one legend for the whole image.
    assert_eq!(
        dot.matches("cũ → mới").count(),
        2 + 1,
        "two steps and the legend: {dot}"
    );
    assert_eq!(dot.matches("Chú giải").count(), 1);

    let o = run(&[
        "render",
        "--compare",
        "examples/groups/lien-thong-khai-sinh-2015-giay.json",
        "examples/to-be/lien-thong-khai-sinh-2015-giay.to-be.json",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Before and after re-engineering"));
}

#[test]
fn render_compare_needs_two_models() {
    let o = run(&["render", "--compare", "examples/ho-kinh-doanh.json"]);
    exits_saying(&o, 2, "--compare draws two models");
    let o = run(&[
        "render",
        "--compare",
        "examples",
        "examples/ho-kinh-doanh.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
