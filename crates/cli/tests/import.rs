//! `quytrinh import table`: a table to models that pass `check`, with a report of every guess.

use super::*;

#[test]
fn a_csv_table_with_two_procedures_imports_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let o = run(&[
        "import",
        "table",
        "tests/import/built-two-procedures.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stderr(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    let docs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    let first = &docs[0]["procedure"];
    assert_eq!(first["code"], "1.001809");
    assert_eq!(first["time_limit_days"], 4.0);
    assert_eq!(first["steps"].as_array().unwrap().len(), 6);
    assert_eq!(first["steps"][0]["action"], "receive");
    assert_eq!(first["steps"][2]["action"], "consult");
    assert_eq!(first["steps"][3]["action"], "approve");
    assert_eq!(first["steps"][5]["action"], "return_result");
    // No code in the second title and no --code: a placeholder, reported as a guess.
    assert!(
        docs[1]["procedure"]["code"]
            .as_str()
            .unwrap()
            .starts_with("CHUA-CO-MA")
    );
    assert!(report.contains("procedure code = CHUA-CO-MA-2"), "{report}");
    // The working days add up to each published total.
    assert_eq!(report.matches("they differ").count(), 0, "{report}");
    assert!(
        report.contains("add up to 4 working days; the table publishes 4"),
        "{report}"
    );
    assert!(
        report.contains("add up to 0.5 working days; the table publishes 0.5"),
        "{report}"
    );
    // Every step's action and channel is named with its cell; the merged party cell too.
    for n in 1..=6 {
        assert!(report.contains(&format!("step {n} action")), "{report}");
        assert!(report.contains(&format!("step {n} channel")), "{report}");
    }
    assert!(
        report.contains("built-two-procedures.csv!R6C3: step 3 party"),
        "{report}"
    );
    assert!(report.contains("from \"Tiếp nhận\""), "{report}");
    let o = run(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn other_files_are_refused_with_a_reason() {
    let o = run(&["import", "table", "examples/khai-sinh.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("only .csv"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.csv");
    std::fs::write(&p, "a,b\n1,2\n").unwrap();
    let o = run(&["import", "table", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Nội dung công việc"), "{}", stderr(&o));
}
