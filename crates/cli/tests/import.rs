//! `quytrinh import table`: CSV, Excel and Word tables to models that pass `check`, with a
//! report of every guess; old encodings and other files refused with exit code 2.

use super::*;

/// Imports `fixture` into a .jsonl file, checks it, and returns the models and the report.
fn import_and_check(fixture: &str) -> (Vec<serde_json::Value>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let md = dir.path().join("report.md");
    let o = run(&[
        "import",
        "table",
        fixture,
        "-o",
        out.to_str().unwrap(),
        "--report",
        md.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{fixture}: {}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let docs = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let c = run(&["check", out.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0), "{fixture}: {}", stderr(&c));
    (docs, stderr(&o), std::fs::read_to_string(&md).unwrap())
}

#[test]
fn real_and_built_tables_in_every_format_import_and_pass_check() {
    for (fixture, totals) in [
        (
            "tests/import/real/cao-bang-2022-qd-ubnd.csv",
            [10.0, 10.0, 5.0, 10.0, 35.0, 7.0],
        ),
        (
            "tests/import/real/cao-bang-2022-qd-ubnd.docx",
            [10.0, 10.0, 5.0, 10.0, 35.0, 7.0],
        ),
        (
            "tests/import/built/built.csv",
            [1.0, 5.0, 7.0, 4.0, 15.0, 3.0],
        ),
        (
            "tests/import/built/built.xlsx",
            [1.0, 5.0, 7.0, 4.0, 15.0, 3.0],
        ),
        (
            "tests/import/built/built.docx",
            [1.0, 5.0, 7.0, 4.0, 15.0, 3.0],
        ),
    ] {
        let (docs, report, markdown) = import_and_check(fixture);
        let got: Vec<f64> = docs
            .iter()
            .map(|d| d["procedure"]["time_limit_days"].as_f64().unwrap())
            .collect();
        assert_eq!(got, totals, "{fixture}");
        assert_eq!(report.matches("the table publishes").count(), 6, "{report}");
        assert_eq!(report.matches("they differ").count(), 0, "{report}");
        for d in &docs {
            let steps = d["procedure"]["steps"].as_array().unwrap().len();
            for n in 1..=steps {
                assert!(report.contains(&format!("step {n} action")), "{report}");
                assert!(
                    markdown.contains(&format!("step {n} channel")),
                    "{markdown}"
                );
            }
        }
        assert_eq!(
            markdown.matches("\n## ").count(),
            6,
            "{fixture}: one section per procedure\n{markdown}"
        );
    }
}

#[test]
fn the_report_names_cells_as_excel_and_word_show_them() {
    let (docs, report, _) = import_and_check("tests/import/built/built.xlsx");
    assert_eq!(docs[3]["procedure"]["code"], "CHUA-CO-MA-4");
    assert!(
        report.contains("QT4!A1: procedure code = CHUA-CO-MA-4"),
        "{report}"
    );
    assert!(report.contains("QT3!D5: step 3 time = none"), "{report}");
    let (_, report, _) = import_and_check("tests/import/built/built.docx");
    assert!(
        report.contains("table 3, row 4, column 4: step 3 time = none"),
        "{report}"
    );
    let (_, report, _) = import_and_check("tests/import/built/built.csv");
    assert!(report.contains("built.csv!C15: step 3 party"), "{report}");
    assert!(report.contains("from \"Tiếp nhận\""), "{report}");
}

#[test]
fn tcvn3_and_vni_files_are_refused_with_how_to_convert() {
    for (fixture, encoding) in [
        ("tests/import/legacy/tcvn3.docx", "TCVN3"),
        ("tests/import/legacy/tcvn3.csv", "TCVN3"),
        ("tests/import/legacy/vni.xlsx", "VNI"),
    ] {
        let o = run(&["import", "table", fixture]);
        assert_eq!(o.status.code(), Some(2), "{fixture}");
        let e = stderr(&o);
        assert!(e.contains(fixture), "{e}");
        assert!(e.contains(encoding), "{e}");
        assert!(e.contains("Unikey"), "{e}");
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn other_files_are_refused_with_a_reason() {
    let o = run(&["import", "table", "examples/khai-sinh.json"]);
    exits_saying(&o, 2, "only .csv, .xlsx and .docx");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.csv");
    std::fs::write(&p, "a,b\n1,2\n").unwrap();
    let o = run(&["import", "table", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Nội dung công việc"), "{}", stderr(&o));
    // Several procedures cannot go into one .json file.
    let out = dir.path().join("out.json");
    let o = run(&[
        "import",
        "table",
        "tests/import/built/built.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(".jsonl"), "{}", stderr(&o));
    assert!(!out.exists());
}
