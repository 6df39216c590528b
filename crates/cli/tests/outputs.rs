//! The publishing outputs: the step table (`table`), the HTML report, PNG and Mermaid diagrams,
//! and `--field-verification` on `render`.

use quytrinh_model::Lang;

use crate::{exits_saying, repo, run, run_with_env, stderr, stdout};
use quytrinh_render::testing::dot_available;

/// Every example (and its to-be version, and every group member).
const INPUTS: [&str; 3] = ["examples", "examples/groups", "examples/to-be"];

/// The total of every step table is the critical path of the analysis, in both languages, and
/// its limit is the procedure's time limit.
#[test]
fn the_table_total_is_the_critical_path_of_the_analysis() {
    for input in INPUTS {
        for lang in [Lang::Vi, Lang::En] {
            let code = lang.pick("vi", "en");
            let o = run(&["analyze", "--format", "json", "--lang", code, input]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let o = run(&["table", "--format", "csv", "--lang", code, input]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
            let totals: Vec<csv::StringRecord> = reader
                .records()
                .map(Result::unwrap)
                .filter(|r| &r[1] == lang.pick("Tổng", "Total"))
                .collect();
            let procedures = report["procedures"].as_array().unwrap();
            assert_eq!(totals.len(), procedures.len(), "{input}");
            for (total, p) in totals.iter().zip(procedures) {
                assert_eq!(&total[0], p["code"].as_str().unwrap());
                let days = p["critical_path_days"].as_f64().unwrap();
                assert_eq!(total[4], lang.duration(days), "{input} {}", &total[0]);
                let limit = p["time_limit_days"].as_f64();
                match limit {
                    Some(l) => assert!(total[5].contains(&lang.duration(l)), "{total:?}"),
                    None => assert!(!total[5].contains(lang.pick("vượt", "exceeded"))),
                }
                let over = limit.is_some_and(|l| days > l + 1e-9);
                assert_eq!(
                    total[5].contains(lang.pick("vượt", "exceeded by")),
                    over,
                    "{total:?}"
                );
            }
        }
    }
}

/// The step rows follow `steps` with the model's numbers; Markdown and HTML hold the same rows.
#[test]
fn table_formats_agree_and_number_the_steps() {
    let path = "examples/giay-phep-xay-dung.json";
    let markdown = stdout(&run(&["table", path]));
    let html = stdout(&run(&["table", "--format", "html", path]));
    let steps = std::fs::read_to_string(repo().join(path)).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&steps).unwrap();
    let steps = doc["procedure"]["steps"].as_array().unwrap();
    for (i, step) in steps.iter().enumerate() {
        let number = Lang::Vi.step_number(i);
        let name = step["name"].as_str().unwrap();
        assert!(
            markdown.contains(&format!("| {number} | {name}<br>")),
            "{number} {name}\n{markdown}"
        );
        assert!(
            html.contains(&format!(
                "<td class=\"number\">{number}</td><td class=\"content\"><strong>{name}</strong>"
            )),
            "{number} {name}"
        );
    }
    assert!(markdown.contains("**21,5 ngày** | Thời hạn giải quyết: 20 ngày — vượt 1,5 ngày |"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<tr class=\"total overrun\">"));
}

#[test]
fn table_writes_a_file_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("sub/bang.csv");
    let o = run(&[
        "table",
        "--format",
        "csv",
        "-o",
        file.to_str().unwrap(),
        "examples/khai-sinh.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(
            "Mã TTHC,Bước,Nội dung công việc,Trách nhiệm,Thời gian,Kết quả / biểu mẫu\n"
        )
    );
}

/// `report --format html` of `paths`: the one file it writes.
fn html_report(paths: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "report",
        "--format",
        "html",
        "-o",
        dir.path().to_str().unwrap(),
    ];
    args.extend_from_slice(paths);
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["report.html"]);
    std::fs::read_to_string(dir.path().join("report.html")).unwrap()
}

/// The HTML report is one page that needs nothing else: every diagram inline and scaled to the
/// page, a step table beside each procedure's, and no script or outside resource.
#[test]
fn html_report_is_one_self_contained_page() {
    if !dot_available("this test") {
        return;
    }
    let html = html_report(&[
        "examples/giay-phep-xay-dung.json",
        "examples/groups/lien-thong-khai-tu.json",
    ]);
    let procedures = 1 + 3; // the procedure and the group's three members
    let svgs = html.matches("<svg width=\"100%\"").count();
    assert_eq!(svgs, procedures + 1, "a diagram per procedure and group");
    assert_eq!(
        html.matches("<table class=\"quytrinh-steps\">").count(),
        procedures
    );
    assert!(html.contains("<figure class=\"quytrinh-diagram\">"));
    for outside in ["<script", "<link", "src=\"http", "href=\"http", "@import"] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(html.contains("@page { size: A4;"));
}

/// User text in the HTML report stays text, in the analysis as in the tables.
#[test]
fn html_report_escapes_hostile_text() {
    if !dot_available("this test") {
        return;
    }
    let html = html_report(&["tests/mermaid/hostile.json"]);
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<b>đậm</b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// PNG through Graphviz, to stdout and into a folder.
#[test]
fn render_png() {
    if !dot_available("this test") {
        return;
    }
    const MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
    let o = run(&["render", "--format", "png", "examples/khai-sinh.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.starts_with(MAGIC));
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "render",
        "--format",
        "png",
        "-o",
        dir.path().to_str().unwrap(),
        "examples/groups/lien-thong-khai-tu.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}"); // the group and its three members
    for n in &names {
        assert!(n.ends_with(".png"), "{n}");
        assert!(
            std::fs::read(dir.path().join(n))
                .unwrap()
                .starts_with(MAGIC)
        );
    }
}

/// Mermaid: one file per diagram, every lane a subgraph in the fixed lane order (the applicant
/// first), the same step numbers as the table.
#[test]
fn render_mermaid_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&[
        "render",
        "--format",
        "mermaid",
        "-o",
        dir.path().to_str().unwrap(),
        "examples",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let chart = std::fs::read_to_string(dir.path().join("1.001193.mmd")).unwrap();
    assert!(chart.contains("\nflowchart TB\n"));
    let first_lane = chart
        .lines()
        .find(|l| l.trim_start().starts_with("subgraph"))
        .unwrap();
    assert!(first_lane.contains("Cha hoặc mẹ của trẻ"), "{first_lane}");
    assert!(chart.contains("<b>B1 · "));
    // --check compares DOT only.
    let o = run(&[
        "render",
        "--format",
        "mermaid",
        "--compare",
        "examples/ho-kinh-doanh.json",
        "examples/to-be/ho-kinh-doanh.to-be.json",
    ]);
    exits_saying(&o, 2, "--compare draws DOT, SVG or PNG only");
}

/// `--field-verification allowed` on `render` draws what `analyze` with it reports: the on-site
/// verification step no longer breaks criterion 6.
#[test]
fn render_follows_field_verification() {
    let path = "examples/giay-phep-xay-dung.json";
    let blocks = stdout(&run(&["render", "--format", "mermaid", path]));
    let allowed = stdout(&run(&[
        "render",
        "--format",
        "mermaid",
        "--field-verification",
        "allowed",
        path,
    ]));
    let field_step = |chart: &str| {
        chart
            .lines()
            .find(|l| l.contains("Kiểm tra thực địa"))
            .unwrap()
            .to_owned()
    };
    assert!(
        field_step(&blocks).contains("TC6"),
        "{}",
        field_step(&blocks)
    );
    assert!(
        !field_step(&allowed).contains("TC6"),
        "{}",
        field_step(&allowed)
    );
    let analysis = |extra: &[&str]| {
        let mut args = vec!["analyze", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(path);
        let v: serde_json::Value = serde_json::from_slice(&run(&args).stdout).unwrap();
        v["procedures"][0]["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["step"] == "kiem_tra_thuc_dia" && b["criterion"] == 6)
    };
    assert!(analysis(&[]));
    assert!(!analysis(&["--field-verification", "allowed"]));
}

/// Without Graphviz, the mdBook preprocessor still builds the book: the page says the diagram
/// is missing and why, and the analysis is there; `field-verification` in book.toml is read.
#[test]
fn mdbook_without_graphviz_says_so_in_the_page() {
    let root = repo().join("docs");
    let input = std::fs::read_to_string(repo().join("tests/mdbook/input.json"))
        .unwrap()
        .replace("ROOT", root.to_str().unwrap())
        .replace(
            r#""command": "quytrinh mdbook""#,
            r#""command": "quytrinh mdbook", "field-verification": "allowed""#,
        );
    let empty = tempfile::tempdir().unwrap();
    let o = run_with_env(
        &repo(),
        &["mdbook"],
        &[("PATH", empty.path().as_os_str())],
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("Graphviz `dot` is not installed"));
    let book: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let content = book["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(
        content.contains("<p class=\"quytrinh-missing\"><strong>Chưa vẽ được sơ đồ:</strong>"),
        "{content:.400}"
    );
    assert!(content.contains("apt-get install graphviz"));
    assert!(
        content.contains("### 1.001193"),
        "the analysis is still there"
    );

    let bad = input.replace(
        r#""field-verification": "allowed""#,
        r#""field-verification": "no""#,
    );
    let o = crate::run_in(&repo(), &["mdbook"], Some(bad.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("field-verification"), "{}", stderr(&o));
}

/// In the Mermaid chart of every example and to-be procedure, the lanes come in the fixed
/// order: by role (applicant, agency, official, other agency, service provider), then as the
/// file lists the actors.
#[test]
fn mermaid_lanes_follow_the_lane_order_in_every_example() {
    const ROLES: [&str; 5] = [
        "applicant",
        "agency",
        "official",
        "other_agency",
        "service_provider",
    ];
    let mut checked = 0;
    for dir in ["examples", "examples/to-be"] {
        let mut files: Vec<_> = std::fs::read_dir(repo().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let Some(p) = doc.get("procedure") else {
                continue; // a group: its members are examples of their own
            };
            let mut actors: Vec<(usize, &str)> = p["actors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    let role = a["role"].as_str().unwrap();
                    let rank = ROLES.iter().position(|r| *r == role).unwrap();
                    (rank, a["name"].as_str().unwrap())
                })
                .collect();
            actors.sort_by_key(|&(rank, _)| rank); // stable: the file's order within a role
            let expected: Vec<&str> = actors.iter().map(|&(_, name)| name).collect();
            let o = run(&["render", "--format", "mermaid", file.to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            let chart = stdout(&o);
            let lanes: Vec<&str> = chart
                .lines()
                .filter_map(|l| l.trim().strip_prefix("subgraph "))
                .map(|l| l.split('"').nth(1).unwrap())
                .collect();
            assert_eq!(lanes, expected, "{}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 14, "only {checked} procedures checked");
}
