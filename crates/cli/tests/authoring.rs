//! Writing procedure files: every problem of a file in one run, files written from
//! docs/FORMAT.md alone, and the annotations a CI run shows (SARIF, GitHub workflow commands).

use super::*;

fn codes(diags: &serde_json::Value) -> Vec<String> {
    let mut c: Vec<String> = diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect();
    c.sort();
    c
}

#[test]
fn five_slips_give_five_located_errors_in_one_run() {
    let (exit, diags) = check_json("tests/bad/five-slips.json");
    assert_eq!(exit, 2);
    assert_eq!(
        codes(&diags),
        ["QT004", "QT004", "QT006", "QT007", "QT008"],
        "{diags:#}"
    );
    for d in diags.as_array().unwrap() {
        assert!(
            d["line"].as_u64().is_some() && d["column"].as_u64().is_some(),
            "{d}"
        );
        assert_eq!(d["severity"], "error");
    }
    let fee = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "QT007")
        .unwrap();
    assert_eq!(
        (fee["line"].as_u64(), fee["column"].as_u64()),
        (Some(5), Some(16))
    );
    assert!(
        fee["message"]
            .as_str()
            .unwrap()
            .contains("a whole number without separators, e.g. 50000, not the text \"50.000\"")
    );
    // The terminal form says the same, and the exit code is the same.
    let o = run(&["check", "tests/bad/five-slips.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("5 errors"), "{}", stdout(&o));
    for at in [
        "five-slips.json:5:16",
        "five-slips.json:13:7",
        "five-slips.json:13:80",
        "five-slips.json:13:89",
    ] {
        assert!(stderr(&o).contains(at), "{at} missing from\n{}", stderr(&o));
    }
}

#[test]
fn a_file_with_only_syntax_slips_also_gets_its_ids_checked() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"procedure": {"code": "1.1", "name": "T", "published": true, "forms_downloadable": true,
      "actors": [{"id": "cd", "name": "Công dân", "role": "applicant"},],
      "steps": [{"id": "nop", "name": "Nộp", "actor": "cdd", "action": "submit", "channel": "online"}]}}"#;
    std::fs::write(dir.path().join("p.json"), text).unwrap();
    let o = run_in(dir.path(), &["check", "--format", "json", "p.json"], None);
    assert_eq!(o.status.code(), Some(2));
    let diags: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(codes(&diags), ["QT004", "QT011"], "{diags:#}");
}

/// The files in tests/from-format-doc were written from docs/FORMAT.md alone (not the examples,
/// not the code); they load without a problem and analyse as that page leads one to expect.
#[test]
fn files_written_from_the_format_page_alone_check_and_analyse_as_expected() {
    let (exit, diags) = check_json("tests/from-format-doc");
    assert_eq!(exit, 0, "{diags:#}");
    assert_eq!(diags, serde_json::json!([]), "no error, no warning");

    let o = run(&["analyze", "--format", "json", "tests/from-format-doc"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let procedure = |code: &str| {
        report["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["code"] == code)
            .unwrap_or_else(|| panic!("{code} not analysed"))
            .clone()
    };
    // Registering a death at the counter, on paper: published with downloadable forms
    // (criteria 1, 2), no fee (5 does not apply), everything else on paper or in person; the
    // dossier filed one day and the extract collected the next: two trips.
    let khai_tu = procedure("1.000656");
    assert_eq!(khai_tu["level"], "information_only");
    assert_eq!(
        khai_tu["criteria"],
        serde_json::json!({"1": "met", "2": "met", "3": "unmet", "4": "unmet",
            "5": "not_applicable", "6": "unmet", "7": "unmet", "8": "unmet"})
    );
    assert_eq!(khai_tu["applicant_visits"], 2);
    assert_eq!(khai_tu["critical_path_days"], 1.0);
    // The funeral allowance: online with a digital signature, documents taken from databases,
    // an electronic decision, and the money by transfer or in cash at the applicant's choice:
    // fully online, the cash option reported as kept by choice, no trip.
    let mai_tang = procedure("1.001776");
    assert_eq!(mai_tang["level"], "full_online");
    assert_eq!(mai_tang["applicant_visits"], 0);
    assert!(mai_tang["blockers"].as_array().unwrap().is_empty());
    let kinds: Vec<&str> = mai_tang["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["optional_channel", "optional_channel"]);
    // Longest branch: 0.5 + 2 + 1 + 1 (the transfer) days, within the limit of 5.
    assert_eq!(mai_tang["critical_path_days"], 4.5);
    // The group: as low as its lowest member. Each member has the applicant's own filing
    // (the allowance is also a procedure on its own), so the applicant files twice: a
    // single-window finding; the two declaration forms have different ids, so no once-only one.
    let group = &report["groups"][0];
    assert_eq!(group["code"], "LT-KT-MTP");
    assert_eq!(group["level"], "information_only");
    assert_eq!(
        group["members"],
        serde_json::json!(["1.000656", "1.001776"])
    );
    let kinds: Vec<&str> = group["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["single_window"], "{group:#}");
}

/// The SARIF log's rules and results: each result at its step, with its rule's index. That the
/// log is valid SARIF 2.1.0 (the published schema, serde-sarif's types) is checked by the
/// separate crate `tests/conformance-schemas` (`scripts/ci/schemas.sh`), which keeps the schema
/// validator out of this workspace's build.
#[test]
fn sarif_output_places_each_result_at_its_step() {
    let o = run(&[
        "analyze",
        "--format",
        "sarif",
        "examples",
        "tests/from-format-doc",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run0 = &log["runs"][0];
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"TC6-PRESENCE") && rules.contains(&"F-TIMING"));
    for r in run0["tool"]["driver"]["rules"].as_array().unwrap() {
        let basis = r["properties"]["legal_basis"].as_array().unwrap();
        let help = r["help"]["text"].as_str().unwrap();
        // Every rule carries its legal basis, except those resting on the model's own
        // `legal_basis` (timing) or on the criterion of the option (optional channel).
        if r["id"] == "F-TIMING" || r["id"] == "F-OPTIONAL-CHANNEL" {
            assert!(basis.is_empty(), "{r}");
        } else {
            assert!(!basis.is_empty(), "{r}");
            assert!(help.contains(basis[0].as_str().unwrap()), "{r}");
        }
    }
    let results = run0["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], r["ruleId"].as_str().unwrap());
    }
    // The in-person filing of the death registration is at its step: line 26, column 7.
    let at_nop: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "TC6-PRESENCE")
        .map(|r| &r["locations"][0]["physicalLocation"])
        .filter(|l| l["artifactLocation"]["uri"] == "tests/from-format-doc/khai-tu.json")
        .collect();
    assert_eq!(at_nop.len(), 2, "{at_nop:#?}");
    assert_eq!(at_nop[0]["region"]["startLine"], 26);
    assert_eq!(at_nop[0]["region"]["startColumn"], 7);
    assert_eq!(at_nop[1]["region"]["startLine"], 37);
}

#[test]
fn github_annotations_mark_the_steps_one_command_a_line() {
    let o = run(&[
        "analyze",
        "--format",
        "github",
        "--lang",
        "en",
        "tests/from-format-doc",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.len() >= 18, "{out}");
    for l in &lines {
        assert!(
            l.starts_with("::error file=")
                || l.starts_with("::warning file=")
                || l.starts_with("::notice file="),
            "{l}"
        );
        let (props, message) = l
            .split_once("::")
            .map(|(_, rest)| rest.split_once("::").unwrap())
            .unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'));
        let title = props.split(",title=").nth(1).unwrap();
        assert!(
            !title.contains(','),
            "commas in a property are escaped: {title}"
        );
    }
    assert!(
        out.contains("::error file=tests/from-format-doc/khai-tu.json,line=26,endLine=28,col=7,title=TC6 1.000656/nop [TC6-PRESENCE]::"),
        "{out}"
    );
    assert!(
        out.contains("%0A→ "),
        "the remedy on a line of its own: {out}"
    );
    // SARIF and GitHub annotate the same results.
    let sarif = run(&["analyze", "--format", "sarif", "tests/from-format-doc"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        lines.len()
    );
}
