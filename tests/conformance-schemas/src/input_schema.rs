//! The input format's JSON Schema (`docs/quytrinh.schema.json`, which the CLI's tests hold equal
//! to `quytrinh schema`): every example passes it and points to it, every starter file passes
//! it, and every bad input fails it or the loader.

use super::*;

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("docs/quytrinh.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).unwrap()
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

/// The starter files of `quytrinh new` pass the schema (the CLI's tests check that they pass
/// `check`).
#[test]
fn starter_files_pass_the_schema() {
    let v = validator();
    for kind in ["procedure", "group"] {
        let o = run(&["new", kind]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{kind}: {errors:?}");
    }
}
