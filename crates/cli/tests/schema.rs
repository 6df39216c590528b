//! The JSON Schema of the input format: the committed copy is what `quytrinh schema` prints.
//! That every example passes it and points to it, every starter file passes it and every bad
//! input fails it or the loader is checked by the separate crate `tests/conformance-schemas`
//! (`scripts/ci/schemas.sh`), which keeps the schema validator out of this workspace's build.

use super::*;

fn schema() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/quytrinh.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
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

/// `quytrinh new` writes starter files that pass `check`, with a note on each part; it never
/// overwrites a file.
#[test]
fn starter_files_pass_check_and_explain_themselves() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["procedure", "group"] {
        let o = run(&["new", kind]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let text = stdout(&o);
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(doc.is_object(), "{kind}");
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
