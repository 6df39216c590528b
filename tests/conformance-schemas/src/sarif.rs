//! `analyze --format sarif` (in both languages) is a valid SARIF 2.1.0 log: it passes the published schema and reads
//! back into the `serde-sarif` crate's types without losing a property (the CLI's tests check
//! what the results say and where they are).

use super::*;

/// The SARIF 2.1.0 schema, from the sources of the serde-sarif crate (offline, as cargo
/// fetched it for the build).
fn sarif_schema() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let o = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .expect("serde-sarif is a dependency")["manifest_path"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The SARIF logs of every example and of the files written from docs/FORMAT.md, with the rules
/// described in each language.
fn sarif_logs() -> Vec<serde_json::Value> {
    let inputs = ["examples", "tests/from-format-doc"];
    ["vi", "en"]
        .iter()
        .map(|&lang| {
            let mut args = vec!["analyze", "--format", "sarif", "--lang", lang];
            args.extend(inputs);
            let o = run(&args);
            assert_eq!(o.status.code(), Some(0), "--lang {lang}: {}", stderr(&o));
            serde_json::from_slice(&o.stdout).unwrap()
        })
        .collect()
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let schema = sarif_schema();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    // The published schema's two `language` patterns have a stray `]` (an erratum of the
    // official file), which the meta-schema refuses as a regular expression. quytrinh never
    // writes `language`; the patterns are mended as intended, nothing else is changed.
    let mut schema = schema;
    for def in ["run", "toolComponent"] {
        schema["definitions"][def]["properties"]["language"]["pattern"] =
            serde_json::json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    let validator = jsonschema::validator_for(&schema).unwrap();
    for log in sarif_logs() {
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(log["runs"][0]["results"].as_array().unwrap().len() > 50);
        // A wrong log fails the same validator: the check is not vacuous.
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
        assert!(!validator.is_valid(&broken));
    }
}

/// quytrinh writes the log with its own small types; serde-sarif's types (made from the schema)
/// read every property back under the same name, and write the same JSON again.
#[test]
fn sarif_output_reads_back_into_serde_sarif_unchanged() {
    for log in sarif_logs() {
        let typed: serde_sarif::sarif::Sarif = serde_json::from_value(log.clone()).unwrap();
        assert_eq!(typed.runs.len(), 1);
        let results = typed.runs[0].results.as_ref().unwrap();
        assert!(results.len() > 50);
        assert!(results.iter().all(|r| r.rule_index.is_some()));
        let again = serde_json::to_value(&typed).unwrap();
        assert!(
            again == log,
            "a property of quytrinh's SARIF is not SARIF's (lost or renamed on the way back)"
        );
    }
}
