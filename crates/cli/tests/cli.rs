//! End-to-end tests of the `quytrinh` binary: exit codes, diagnostics, outputs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod authoring;
mod bpmn;
mod docs;
mod escaping;
mod hostile;
mod import;
mod outputs;
mod reengineer;
mod schema;
#[cfg(feature = "serve")]
mod serve;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `quytrinh` from the repository root with NO_COLOR set.
fn run(args: &[&str]) -> Output {
    run_in(&repo(), args, None)
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    run_with_env(dir, args, &[], stdin)
}

/// [`run_in`] with these variables set in the environment too.
fn run_with_env(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    stdin: Option<&[u8]>,
) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quytrinh"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied());
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("quytrinh runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// Asserts that the run `o` exited with `code` and said `message` on stderr.
#[track_caller]
fn exits_saying(o: &Output, code: i32, message: &str) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
    assert!(stderr(o).contains(message), "{}", stderr(o));
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[track_caller]
fn check_json(path: &str) -> (i32, serde_json::Value) {
    let o = run(&["check", "--format", "json", path]);
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    (o.status.code().unwrap(), v)
}

/// Every bad input in tests/bad: exit 2, each diagnostic with its code and line:column, nothing
/// on stdout but the JSON. The snapshot holds the codes, places and messages.
#[test]
fn bad_inputs_exit_2_with_located_diagnostics() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 18, "the bad-input suite lost cases");
    for case in cases {
        let rel = case
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let (code, diags) = check_json(&rel);
        assert_eq!(code, 2, "{rel} must exit 2");
        let diags = diags.as_array().unwrap();
        assert!(!diags.is_empty(), "{rel}: no diagnostic");
        for d in diags {
            assert!(d["code"].as_str().unwrap().starts_with("QT"), "{rel}: {d}");
            assert!(!d["message"].as_str().unwrap().is_empty());
            assert!(
                d["file"].as_str().unwrap().contains("tests/bad"),
                "{rel}: {d}"
            );
        }
        let name = rel
            .trim_start_matches("tests/bad/")
            .replace(['/', '.'], "_");
        insta::with_settings!({snapshot_suffix => name, prepend_module_to_snapshot => false}, {
            insta::assert_json_snapshot!("bad", diags);
        });
    }
}

#[test]
fn every_bad_input_case_has_its_code() {
    let expect = [
        ("invalid-json.json", "QT004"),
        ("truncated.json", "QT004"),
        ("missing-field.json", "QT006"),
        ("wrong-type.json", "QT007"),
        ("array-for-object.json", "QT007"),
        ("array-for-procedure.json", "QT007"),
        ("unknown-enum.json", "QT008"),
        ("unknown-field.json", "QT005"),
        ("duplicate-id.json", "QT010"),
        ("dangling-references.json", "QT011"),
        ("group-links/group.json", "QT011"),
        ("unreachable-step.json", "QT012"),
        ("dead-end.json", "QT013"),
        ("cycle-without-rework.json", "QT014"),
        ("include-missing/group.json", "QT015"),
        ("include-cyclic/a.json", "QT016"),
        ("negative-duration.json", "QT017"),
        ("empty.json", "QT003"),
        ("not-utf8.json", "QT002"),
        ("wrong-shape.json", "QT009"),
        ("catalog-one-bad-line.jsonl", "QT008"),
        ("chosen-by-mix.json", "QT017"),
        ("reject-cycle.json", "QT014"),
        ("too-many-scenarios.json", "QT020"),
    ];
    for (file, code) in expect {
        let (exit, diags) = check_json(&format!("tests/bad/{file}"));
        assert_eq!(exit, 2, "{file}");
        let codes: Vec<&str> = diags
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&code),
            "{file}: expected {code}, got {codes:?}"
        );
    }
}

#[test]
fn unknown_reference_suggests_the_closest_id() {
    let (_, diags) = check_json("tests/bad/dangling-references.json");
    let text = diags.to_string();
    assert!(text.contains("did you mean `cong_dan`?"), "{text}");
    assert!(text.contains("did you mean `to_khai`?"), "{text}");
    assert!(text.contains("did you mean `tiep_nhan`?"), "{text}");
}

#[test]
fn jsonl_errors_name_the_line_of_the_file() {
    let (_, diags) = check_json("tests/bad/catalog-one-bad-line.jsonl");
    let d = &diags[0];
    assert_eq!(d["line"], 2);
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("did you mean \"online\"?")
    );
}

#[test]
fn text_diagnostics_show_the_source_and_the_fix() {
    let o = run(&["check", "tests/bad/unknown-enum.json"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("QT008"), "{err}");
    assert!(err.contains("tests/bad/unknown-enum.json:6:94"), "{err}");
    assert!(err.contains("\"channel\": \"truc_tuyen\""), "{err}");
    assert!(!err.contains('\u{1b}'), "no colour under NO_COLOR: {err}");
    assert!(stdout(&o).contains("error  tests/bad/unknown-enum.json: 1 error"));
}

#[test]
fn check_accepts_stdin() {
    let text = std::fs::read(repo().join("tests/conformance/c01-khai-sinh.json"))
        .unwrap_or_else(|_| br#"{"procedure": {"code": "A", "name": "B", "actors": [{"id": "a", "name": "A", "role": "applicant"}], "steps": [{"id": "s", "name": "S", "actor": "a", "action": "submit", "channel": "online"}]}}"#.to_vec());
    let o = run_in(&repo(), &["check", "-"], Some(&text));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("ok     <stdin>: 1 procedure"));
    let o = run_in(&repo(), &["check", "-"], Some(b"{\"procedure\": 1}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("<stdin>:1:15"), "{}", stderr(&o));
}

#[test]
fn missing_path_and_bad_usage_exit_2() {
    let o = run(&["check", "tests/khong-co-tep.json"]);
    exits_saying(&o, 2, "no such file or folder");
    let o = run(&["check", "--format", "xml", "tests/bad"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn examples_pass_check() {
    let o = run(&["check", "examples"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// A `.jsonl` catalogue is analysed as it streams: procedures are let go once written and read
/// again from the file when a group includes them by code. Its report is the one of the same
/// documents as separate files (all kept whole), apart from where each was read.
#[test]
fn a_streamed_jsonl_catalogue_reports_as_its_files() {
    let examples = repo().join("examples");
    let mut docs: Vec<(String, serde_json::Value)> = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .chain(std::fs::read_dir(examples.join("groups")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for p in &names {
        // Groups include their first member by code instead of by path.
        let text = std::fs::read_to_string(p)
            .unwrap()
            .replace("\"../khai-sinh.json\"", "\"1.001193\"")
            .replace("\"../khai-tu.json\"", "\"1.000656\"");
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        docs.push((name, serde_json::from_str(&text).unwrap()));
    }
    // A group before its members, one including a file that is not an input, by path.
    let code = |d: &serde_json::Value| d["procedure"]["code"].as_str().unwrap().to_owned();
    let first = code(&docs[0].1);
    let last = code(&docs[docs.len() - 4].1);
    let early = serde_json::json!({"group": {"code": "LT-EARLY", "name": "Nhóm đầu",
        "procedures": [{"include": last}, {"include": first}, {"include": "../extra.json"}]}});
    docs.insert(0, ("000-early-group.json".to_owned(), early));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(examples.join("khai-tu.json"), tmp.path().join("extra.json")).unwrap();
    let (files, lines) = (tmp.path().join("files"), tmp.path().join("lines"));
    std::fs::create_dir_all(&files).unwrap();
    std::fs::create_dir_all(&lines).unwrap();
    let mut jsonl = String::new();
    for (i, (name, doc)) in docs.iter().enumerate() {
        std::fs::write(files.join(format!("{i:03}-{name}")), doc.to_string()).unwrap();
        jsonl.push_str(&format!("{doc}\n"));
    }
    std::fs::write(lines.join("catalog.jsonl"), &jsonl).unwrap();

    let report = |path: &Path| {
        let o = run(&["analyze", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let mut v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        fn strip(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    m.remove("source");
                    m.values_mut().for_each(strip);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
                _ => {}
            }
        }
        strip(&mut v);
        v
    };
    let streamed = report(&lines.join("catalog.jsonl"));
    assert_eq!(streamed["summary"]["groups"], 4);
    assert_eq!(streamed["groups"][0]["members"][1], first.as_str());
    assert!(streamed == report(&files), "the reports differ");

    // A bad record anywhere: exit 2, the line named, nothing on stdout.
    std::fs::write(
        lines.join("bad.jsonl"),
        format!("{jsonl}{{\"procedure\": 1}}\n"),
    )
    .unwrap();
    let o = run(&[
        "analyze",
        "--format",
        "json",
        lines.join("bad.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains(&format!(":{}:", docs.len() + 1)),
        "{}",
        stderr(&o)
    );
}

/// A `.jsonl` catalogue of `n` copies of an example procedure, coded `T.00000` and on.
fn copies(example: &str, n: usize) -> String {
    let text = std::fs::read_to_string(repo().join("examples").join(example)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut jsonl = String::new();
    for i in 0..n {
        let mut d = doc.clone();
        d["procedure"]["code"] = format!("T.{i:05}").into();
        jsonl.push_str(&format!("{d}\n"));
    }
    jsonl
}

/// Past the first 16 MiB the JSON report is streamed: a bad record found later still exits 2,
/// and a note says the report on stdout is incomplete.
#[test]
fn a_bad_record_after_the_streamed_part_says_the_report_is_incomplete() {
    let mut jsonl = copies("giay-phep-xay-dung.json", 2500);
    jsonl.push_str("{\"procedure\": {\"code\": 1}}\n");
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let o = run(&["analyze", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.len() > 16 << 20, "{}", o.stdout.len());
    assert!(serde_json::from_slice::<serde_json::Value>(&o.stdout).is_err());
    let err = stderr(&o);
    assert!(err.contains(":2501:"), "{err}");
    assert!(err.contains("incomplete"), "{err}");
}

/// Rendering a large catalogue into a folder counts the files instead of naming each.
#[test]
fn render_of_many_procedures_counts_the_files_it_wrote() {
    let jsonl = copies("khai-sinh.json", 50);
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("c.jsonl"), jsonl).unwrap();
    let out = tmp.path().join("out");
    let o = run(&[
        "render",
        "-o",
        out.to_str().unwrap(),
        tmp.path().join("c.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 50);
    let err = stderr(&o);
    assert!(err.contains("wrote 50 files in"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// `--require` is the same gate whatever the format (JSON is written as it streams, the
/// others from the whole report): exit 1 naming what is below, procedures then groups.
#[test]
fn a_decision_without_branches_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    std::fs::write(
        &path,
        r#"{"procedure": {"code": "T.1", "name": "Thử",
        "actors": [{"id": "a", "name": "Người yêu cầu", "role": "applicant"}],
        "steps": [{"id": "nop", "name": "Nộp", "actor": "a", "action": "submit", "channel": "online",
                   "decision": "Hồ sơ hợp lệ?"},
                  {"id": "tra", "name": "Trả", "actor": "a", "action": "return_result", "channel": "online"}]}}"#,
    )
    .unwrap();
    let o = run(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("QT021"), "{}", stderr(&o));
    let o = run(&["analyze", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn select_lists_the_four_criteria_of_dieu_16_in_the_tools_order() {
    let o = run(&["select", "--format", "json", "examples"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["order"]
            .as_str()
            .unwrap()
            .contains("thứ tự do công cụ quy ước")
    );
    let rows = v["procedures"].as_array().unwrap();
    assert!(rows.len() >= 11);
    for r in rows {
        for key in [
            "code",
            "name",
            "level",
            "legal_fit",
            "annual_volume",
            "data_connected",
            "data_total",
            "yearly_visits_saved",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(r["data_connected"].as_u64() <= r["data_total"].as_u64());
    }
    // Fully online last; among the rest, the legally fit first.
    let full: Vec<bool> = rows.iter().map(|r| r["level"] == "full_online").collect();
    assert!(full.windows(2).all(|w| w[0] <= w[1]), "{full:?}");
    let fit: Vec<bool> = rows
        .iter()
        .filter(|r| r["level"] != "full_online")
        .map(|r| r["legal_fit"].as_bool().unwrap())
        .collect();
    assert!(fit.windows(2).all(|w| w[0] >= w[1]), "{fit:?}");
    for format in ["text", "markdown"] {
        let o = run(&["select", "--format", format, "examples"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(stdout(&o).contains("Điều 16"), "{}", stdout(&o));
        assert!(
            stdout(&o)
                .to_lowercase()
                .contains("thứ tự do công cụ quy ước")
        );
    }
}

#[test]
fn require_accepts_the_level_between() {
    let o = run(&[
        "analyze",
        "tests/conformance/c01-khai-sinh.json",
        "--require",
        "partial_below_criteria",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "analyze",
        "tests/conformance/c01-khai-sinh.json",
        "--require",
        "partial_online",
    ]);
    exits_saying(&o, 1, "partial_below_criteria");
    let o = run(&["analyze", "examples", "--require", "partly"]);
    exits_saying(&o, 2, "partial_below_criteria");
}

#[test]
fn require_gates_every_format_alike() {
    let mut lists = Vec::new();
    for format in ["json", "text", "markdown"] {
        let gate = |level| {
            run(&[
                "analyze",
                "examples",
                "--format",
                format,
                "--require",
                level,
            ])
        };
        let o = gate("full_online");
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("below it: 2.000815 (information_only)"),
            "{err}"
        );
        assert!(
            err.trim_end().ends_with("LT-KT-XTT-MT (partial_online)"),
            "{err}"
        );
        lists.push(err);
        let o = gate("offline");
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
    }
    assert!(lists.windows(2).all(|w| w[0] == w[1]), "{lists:#?}");
}
