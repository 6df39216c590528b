//! Documentation builds: diagrams kept current (`render --check`), reports, and the mdBook
//! preprocessor protocol.

use quytrinh_render::testing::dot_available;

use super::*;

/// The committed diagrams are what `quytrinh render` draws from the examples today.
#[test]
fn committed_diagrams_are_current() {
    let o = run(&["render", "--check", "-o", "diagrams", "examples"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "stale diagrams; run `quytrinh render -o diagrams examples`:\n{}",
        stderr(&o)
    );
    for entry in std::fs::read_dir(repo().join("diagrams")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "dot") {
            assert!(
                path.with_extension("svg").exists(),
                "{} has no SVG beside it",
                path.display()
            );
        }
    }
}

#[test]
fn render_check_names_stale_missing_and_extra_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(
        run(&["render", "-o", d, "examples/khai-sinh.json"])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(dir.path().join("1.001193.dot"), "digraph {}").unwrap();
    std::fs::write(dir.path().join("old.dot"), "digraph {}").unwrap();
    let o = run(&[
        "render",
        "--check",
        "-o",
        d,
        "examples/khai-sinh.json",
        "examples/khai-tu.json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("stale:") && err.contains("1.001193.dot"),
        "{err}"
    );
    assert!(
        err.contains("missing:") && err.contains("1.000656.dot"),
        "{err}"
    );
    assert!(err.contains("extra:") && err.contains("old.dot"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("1.001193.dot")).unwrap(),
        "digraph {}"
    );
    assert!(
        !dir.path().join("1.000656.dot").exists(),
        "--check must write nothing"
    );
    let o = run(&[
        "render",
        "--check",
        "--format",
        "svg",
        "-o",
        d,
        "examples/khai-sinh.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn report_writes_markdown_with_diagrams_and_the_redesign() {
    if !dot_available("this test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let o = run(&[
        "report",
        "-o",
        d,
        "examples/ho-kinh-doanh.json",
        "examples/groups/lien-thong-khai-tu.json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    for needle in [
        "# Báo cáo rà soát",
        "### 1.001612 — Đăng ký thành lập hộ kinh doanh",
        "![Sơ đồ quy trình](1.001612.svg)",
        "![Sơ đồ quy trình](LT-KT-XTT-MT.svg)",
        "## Đề xuất tái cấu trúc quy trình",
        "dịch vụ công trực tuyến một phần → dịch vụ công trực tuyến toàn trình",
    ] {
        assert!(md.contains(needle), "report.md lacks {needle:?}");
    }
    let svg = std::fs::read_to_string(dir.path().join("1.001612.svg")).unwrap();
    assert!(
        svg.contains("Nộp lệ phí bằng"),
        "the SVG keeps the Vietnamese text"
    );
    let o = run(&[
        "report",
        "--lang",
        "en",
        "-o",
        d,
        "examples/ho-kinh-doanh.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(md.contains("Proposed process redesign"), "{md}");
}

#[test]
fn mdbook_supports_html_only() {
    assert_eq!(run(&["mdbook", "supports", "html"]).status.code(), Some(0));
    assert_eq!(run(&["mdbook", "supports", "epub"]).status.code(), Some(1));
}

/// The preprocessor protocol on a fixture book: blocks replaced by inline SVG (and the analysis
/// when asked), the rest of the book untouched.
#[test]
fn mdbook_preprocessor_replaces_blocks_with_diagrams() {
    if !dot_available("this test") {
        return;
    }
    let root = repo().join("docs");
    let input = std::fs::read_to_string(repo().join("tests/mdbook/input.json"))
        .unwrap()
        .replace("ROOT", root.to_str().unwrap());
    let o = run_in(&repo(), &["mdbook"], Some(input.as_bytes()));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let book: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let chapter = &book["items"][0]["Chapter"];
    let content = chapter["content"].as_str().unwrap();
    assert!(
        content.starts_with("# Khai sinh\n\n<div class=\"quytrinh-diagram\">\n<svg"),
        "{content:.200}"
    );
    assert!(content.contains("Đăng ký khai sinh"));
    assert!(
        content.contains("### 1.001193"),
        "the analysis section is there"
    );
    assert!(content.ends_with("\nHết.\n"));
    assert!(!content.contains("<?xml"));
    let nested = chapter["sub_items"][0]["Chapter"]["content"]
        .as_str()
        .unwrap();
    assert!(
        nested.contains("<svg") && !nested.contains("### "),
        "{nested:.200}"
    );
    assert_eq!(book["items"][1], "Separator");

    let broken = input.replace("examples/khai-sinh.json", "examples/khong-co.json");
    let o = run_in(&repo(), &["mdbook"], Some(broken.as_bytes()));
    exits_saying(&o, 2, "chapter \"Khai sinh\"");
}

/// The verdicts written in examples/README.md (levels, criteria, trips, legacy levels of the
/// single procedures and of the group members) are what `quytrinh analyze` gives today.
#[test]
fn examples_readme_verdicts_are_the_analysis() {
    let mut args = vec![
        "analyze".to_owned(),
        "--format".to_owned(),
        "json".to_owned(),
    ];
    for dir in ["examples", "examples/groups"] {
        let mut files: Vec<String> = std::fs::read_dir(repo().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_str().unwrap()))
            .collect();
        files.sort();
        args.extend(files);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let procedures = report["procedures"].as_array().unwrap();
    let readme = std::fs::read_to_string(repo().join("examples/README.md")).unwrap();
    let mut checked = 0;
    for line in readme.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        // Rows of the two verdict tables: ... | 1 | … | 8 | level | TT 26 | trips | CP / limit |
        let levels = [
            "offline",
            "information_only",
            "partial_below_criteria",
            "partial_online",
            "full_online",
        ];
        let Some(at) = cells
            .iter()
            .position(|c| levels.contains(&c.trim_matches('*')))
        else {
            continue;
        };
        if at < 8 || cells.len() != at + 4 {
            continue;
        }
        let code = cells
            .iter()
            .find_map(|c| {
                let c = c.split_whitespace().next()?;
                procedures.iter().find(|p| p["code"] == c).map(|_| c)
            })
            .unwrap_or_else(|| panic!("no code in {line}"));
        let p = procedures.iter().find(|p| p["code"] == code).unwrap();
        let marks: String = (1..=8)
            .map(|i| match p["criteria"][i.to_string()].as_str().unwrap() {
                "met" => '✓',
                "unmet" => '✗',
                _ => '–',
            })
            .collect();
        let written: String = cells[at - 8..at].concat();
        assert_eq!(written, marks, "criteria of {code} in “{line}”");
        assert_eq!(cells[at].trim_matches('*'), p["level"], "level of {code}");
        assert_eq!(
            cells[at + 1],
            p["legacy_level"].to_string(),
            "TT 26 of {code}"
        );
        assert_eq!(
            cells[at + 2],
            p["applicant_visits"].to_string(),
            "trips of {code}"
        );
        checked += 1;
    }
    assert_eq!(
        checked, 18,
        "11 single procedures and 7 members are in the tables"
    );
}
