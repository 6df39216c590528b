//! The JSON Schema of the input format: the committed copy is what `quytrinh schema` prints,
//! every example passes it, and every bad input fails it or the loader.

use super::*;

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/quytrinh.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).unwrap()
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn the_committed_schema_is_what_quytrinh_schema_prints() {
    let o = run(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo().join("docs/quytrinh.schema.json")).unwrap();
    assert!(
        stdout(&o) == committed,
        "docs/quytrinh.schema.json is stale; run `quytrinh schema > docs/quytrinh.schema.json`"
    );
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let action = serde_json::to_string(&s["$defs"]["Action"]).unwrap();
    assert!(action.contains("return_result") && action.contains("Trả kết quả"));
    assert_eq!(
        s["$defs"]["Procedure"]["properties"]["published"]["default"],
        false
    );
}

#[test]
fn every_example_passes_the_schema_and_points_to_it() {
    let v = validator();
    let mut files = Vec::new();
    json_files(&repo().join("examples"), &mut files);
    assert!(files.len() >= 10);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        if !path.components().any(|c| c.as_os_str() == "to-be") {
            let target = doc["$schema"].as_str().unwrap_or_else(|| {
                panic!("{} has no \"$schema\"", path.display());
            });
            let resolved = path.parent().unwrap().join(target);
            assert!(
                resolved.canonicalize().unwrap()
                    == repo()
                        .join("docs/quytrinh.schema.json")
                        .canonicalize()
                        .unwrap(),
                "{}: $schema {target} is not docs/quytrinh.schema.json",
                path.display()
            );
        }
    }
}

/// A bad file fails the schema (or is not JSON) or, when the schema cannot see the problem
/// (ids, the step graph, includes), `quytrinh check`.
#[test]
fn every_bad_input_fails_the_schema_or_the_loader() {
    let v = validator();
    let bad = repo().join("tests/bad");
    let mut entries: Vec<_> = std::fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut schema_caught = 0;
    for path in entries {
        let rel = path
            .strip_prefix(repo())
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let loader_fails = run(&["check", &rel]).status.code() == Some(2);
        let schema_fails = path.is_file() && {
            let text = std::fs::read(&path).unwrap();
            let values: Vec<Option<serde_json::Value>> = if rel.ends_with(".jsonl") {
                text.split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                    .map(|l| serde_json::from_slice(l).ok())
                    .collect()
            } else {
                vec![serde_json::from_slice(&text).ok()]
            };
            values
                .iter()
                .any(|v_| v_.as_ref().is_none_or(|doc| !v.is_valid(doc)))
        };
        schema_caught += usize::from(schema_fails);
        assert!(
            schema_fails || loader_fails,
            "{rel} passes both the schema and the loader"
        );
    }
    assert!(
        schema_caught >= 8,
        "the schema catches only {schema_caught}"
    );
}

/// `quytrinh new` writes starter files that pass `check` and the schema, with a note on each
/// part; it never overwrites a file.
#[test]
fn starter_files_pass_check_and_explain_themselves() {
    let v = validator();
    let dir = tempfile::tempdir().unwrap();
    for kind in ["procedure", "group"] {
        let o = run(&["new", kind]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(v.is_valid(&doc), "{kind}");
        assert!(text.matches("\"note\"").count() >= 2, "{kind}");
        let path = dir.path().join(format!("{kind}.json"));
        let p = path.to_str().unwrap();
        assert_eq!(run(&["new", kind, "-o", p]).status.code(), Some(0));
        let o = run(&["check", p]);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", stderr(&o));
        assert_eq!(run(&["new", kind, "-o", p]).status.code(), Some(2));
    }
}

/// Fields that decide a criterion, left out, draw a warning (not an error); a file that is
/// something else is named so; a fee with separators gets a plain-language fix.
#[test]
fn plain_messages_for_common_slips() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let minimal = r#"{"procedure": {"code": "1", "name": "T", "actors": [{"id": "a", "name": "A", "role": "applicant"}],
        "steps": [{"id": "s", "name": "S", "actor": "a", "action": "submit", "channel": "online"}]}}"#;
    let o = run(&["check", &write("minimal.json", minimal)]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    for field in ["published", "forms_downloadable", "result.electronic"] {
        assert!(err.contains(&format!("`{field}` is left out")), "{err}");
    }
    assert!(err.contains("QT030"), "{err}");

    let o = run(&[
        "check",
        &write("package.json", r#"{"name": "x", "version": "1.0.0"}"#),
    ]);
    exits_saying(&o, 2, "not a procedure or group file");

    let fee = minimal.replace(r#""name": "T","#, r#""name": "T", "fee_vnd": "50.000","#);
    let o = run(&["check", &write("fee.json", &fee)]);
    exits_saying(&o, 2, "a whole number without separators, e.g. 50000");
}
