//! The HTTP layer of `quytrinh serve`, driven in process (`tower::ServiceExt::oneshot`): the
//! security rules (Host, Origin, content type, body size, paths confined to the folder) and
//! the answers the page relies on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::http::{Request, StatusCode};
use quytrinh_model::Lang;
use quytrinh_serve::{App, MAX_BODY, router};
use serde_json::{Value, json};
use tower::ServiceExt as _;

const PORT: u16 = 8808;
const HOST: &str = "127.0.0.1:8808";
const ORIGIN: &str = "http://127.0.0.1:8808";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A folder with a copy of khai-sinh.json (and a sub-folder), plus a secret file beside it.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
    app: Arc<App>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("served");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::copy(
        examples().join("khai-sinh.json"),
        root.join("khai-sinh.json"),
    )
    .unwrap();
    std::fs::copy(
        examples().join("ho-kinh-doanh.json"),
        root.join("sub/ho-kinh-doanh.json"),
    )
    .unwrap();
    let outside = dir.path().join("secret.json");
    std::fs::write(&outside, "{\"secret\": true}\n").unwrap();
    let app = App::new(&root, Lang::Vi, PORT).unwrap();
    Fixture {
        _dir: dir,
        root,
        outside,
        app,
    }
}

async fn send(app: &Arc<App>, req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let res = router(app.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let body = to_bytes(res.into_body(), usize::MAX).await.unwrap();
    (status, body.to_vec())
}

async fn get(app: &Arc<App>, uri: &str) -> (StatusCode, Value) {
    let req = Request::get(uri)
        .header("host", HOST)
        .body(Body::empty())
        .unwrap();
    let (status, body) = send(app, req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn post(app: &Arc<App>, uri: &str, body: &Value) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header("host", HOST)
        .header("origin", ORIGIN)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let (status, body) = send(app, req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

#[test]
fn the_page_is_served_in_the_chosen_language() {
    let f = fixture();
    rt().block_on(async {
        let req = Request::get("/")
            .header("host", HOST)
            .body(Body::empty())
            .unwrap();
        let (status, body) = send(&f.app, req).await;
        assert_eq!(status, StatusCode::OK);
        let html = String::from_utf8(body).unwrap();
        assert!(html.contains("<html lang=\"vi\">"), "{html}");
        let app_en = App::new(&f.root, Lang::En, PORT).unwrap();
        let req = Request::get("/")
            .header("host", HOST)
            .body(Body::empty())
            .unwrap();
        let (_, body) = send(&app_en, req).await;
        assert!(
            String::from_utf8(body)
                .unwrap()
                .contains("<html lang=\"en\">")
        );
        let req = Request::get("/assets/app.js")
            .header("host", "localhost:8808")
            .body(Body::empty())
            .unwrap();
        let (status, body) = send(&f.app, req).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.len() > 100_000);
    });
}

#[test]
fn a_foreign_host_header_is_refused_dns_rebinding() {
    let f = fixture();
    rt().block_on(async {
        for host in ["evil.example:8808", "127.0.0.1:9999", "localhost"] {
            let req = Request::get("/api/files")
                .header("host", host)
                .body(Body::empty())
                .unwrap();
            let (status, _) = send(&f.app, req).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{host}");
        }
        let req = Request::get("/api/files").body(Body::empty()).unwrap();
        assert_eq!(send(&f.app, req).await.0, StatusCode::FORBIDDEN);
    });
}

#[test]
fn files_are_listed_and_read_inside_the_folder_only() {
    let f = fixture();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&f.outside, f.root.join("link-out.json")).unwrap();
        std::os::unix::fs::symlink(f.outside.parent().unwrap(), f.root.join("dir-out")).unwrap();
    }
    rt().block_on(async {
        let (status, list) = get(&f.app, "/api/files").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            list["files"],
            json!(["khai-sinh.json", "sub/ho-kinh-doanh.json"])
        );
        let (status, file) = get(&f.app, "/api/file?path=sub/ho-kinh-doanh.json").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(file["version"].as_str().unwrap().len(), 64);
        assert!(file["text"].as_str().unwrap().contains("\"procedure\""));

        let outside = f.outside.display().to_string();
        for path in [
            "../secret.json",
            "sub/../../secret.json",
            outside.as_str(),
            "link-out.json",
            "dir-out/secret.json",
        ] {
            let uri = format!("/api/file?path={}", urlencode(path));
            let (status, body) = get(&f.app, &uri).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {body}");
            assert!(
                body["error"].as_str().unwrap().contains("outside"),
                "{body}"
            );
        }
        let (status, _) = get(&f.app, "/api/file?path=missing.json").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = get(&f.app, "/api/file?path=notes.txt").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    });
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn cross_origin_and_non_json_writes_are_refused() {
    let f = fixture();
    let before = std::fs::read(f.root.join("khai-sinh.json")).unwrap();
    let body = json!({"path": "khai-sinh.json", "text": "{}", "version": ""}).to_string();
    rt().block_on(async {
        let cases: [(&str, Option<&str>, &str, Option<&str>); 5] = [
            ("no origin", None, "application/json", None),
            (
                "another site",
                Some("http://evil.example"),
                "application/json",
                None,
            ),
            (
                "another port",
                Some("http://127.0.0.1:9999"),
                "application/json",
                None,
            ),
            (
                "a form",
                Some(ORIGIN),
                "application/x-www-form-urlencoded",
                None,
            ),
            (
                "marked cross-site",
                Some(ORIGIN),
                "application/json",
                Some("cross-site"),
            ),
        ];
        for (what, origin, content_type, fetch_site) in cases {
            let mut req = Request::post("/api/save")
                .header("host", HOST)
                .header("content-type", content_type);
            if let Some(o) = origin {
                req = req.header("origin", o);
            }
            if let Some(s) = fetch_site {
                req = req.header("sec-fetch-site", s);
            }
            let (status, _) = send(&f.app, req.body(Body::from(body.clone())).unwrap()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
        }
    });
    assert_eq!(
        std::fs::read(f.root.join("khai-sinh.json")).unwrap(),
        before
    );
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let f = fixture();
    rt().block_on(async {
        let text = "x".repeat(MAX_BODY + 1);
        let (status, _) = post(
            &f.app,
            "/api/update",
            &json!({"path": "khai-sinh.json", "text": text}),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    });
}

#[test]
fn save_writes_atomically_and_refuses_a_stale_version() {
    let f = fixture();
    let target = f.root.join("khai-sinh.json");
    rt().block_on(async {
        let (_, file) = get(&f.app, "/api/file?path=khai-sinh.json").await;
        let version = file["version"].as_str().unwrap().to_owned();
        let text = file["text"]
            .as_str()
            .unwrap()
            .replace("\"online\"", "\"in_person\"");
        let (status, saved) = post(
            &f.app,
            "/api/save",
            &json!({"path": "khai-sinh.json", "text": text, "version": version}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
        assert_ne!(saved["version"], json!(version));

        // The old version is stale now: a second page that loaded it cannot overwrite.
        let (status, body) = post(
            &f.app,
            "/api/save",
            &json!({"path": "khai-sinh.json", "text": "{}", "version": version}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["conflict"], json!(true));
        assert!(body["error"].as_str().unwrap().contains("changed on disk"));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), text);

        // Changed behind the page's back (another editor): refused too.
        std::fs::write(&target, "{\"edited\": \"elsewhere\"}").unwrap();
        let (status, _) = post(
            &f.app,
            "/api/save",
            &json!({"path": "khai-sinh.json", "text": text, "version": saved["version"]}),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "{\"edited\": \"elsewhere\"}"
        );

        // Outside the folder: refused, nothing written.
        let (status, _) = post(
            &f.app,
            "/api/save",
            &json!({"path": "../secret.json", "text": "{}", "version": ""}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(
            std::fs::read_to_string(&f.outside).unwrap(),
            "{\"secret\": true}\n"
        );
        // A new file in the folder: its version is empty.
        let (status, _) = post(
            &f.app,
            "/api/save",
            &json!({"path": "sub/new.json", "text": "{}\n", "version": ""}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            std::fs::read_to_string(f.root.join("sub/new.json")).unwrap(),
            "{}\n"
        );
    });
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&f.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".quytrinh")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn save_through_a_link_out_of_the_folder_is_refused() {
    let f = fixture();
    std::os::unix::fs::symlink(&f.outside, f.root.join("link-out.json")).unwrap();
    std::os::unix::fs::symlink(f.outside.parent().unwrap(), f.root.join("dir-out")).unwrap();
    rt().block_on(async {
        for path in ["link-out.json", "dir-out/secret.json", "dir-out/new.json"] {
            let (status, _) = post(
                &f.app,
                "/api/save",
                &json!({"path": path, "text": "{}", "version": ""}),
            )
            .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
    });
    assert_eq!(
        std::fs::read_to_string(&f.outside).unwrap(),
        "{\"secret\": true}\n"
    );
    assert!(!f.outside.parent().unwrap().join("new.json").exists());
}

#[test]
fn an_update_gives_the_analysis_the_dot_and_where_each_blocker_is() {
    let f = fixture();
    rt().block_on(async {
        let (_, file) = get(&f.app, "/api/file?path=sub/ho-kinh-doanh.json").await;
        let text = file["text"].as_str().unwrap();
        let (status, u) = post(
            &f.app,
            "/api/update",
            &json!({"path": "sub/ho-kinh-doanh.json", "text": text}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(u["ok"], json!(true), "{u}");
        assert_eq!(u["kind"], json!("procedure"));
        assert!(u["dot"].as_str().unwrap().starts_with("digraph"));
        assert_eq!(u["criteria"].as_array().unwrap().len(), 8);
        assert!(u["server_ms"].as_f64().is_some());
        let blockers = u["blockers"].as_array().unwrap();
        assert!(!blockers.is_empty());
        let lines: Vec<&str> = text.lines().collect();
        for b in blockers.iter().filter(|b| b["step"].is_string()) {
            let line = b["line"].as_u64().unwrap() as usize;
            let step = b["step"].as_str().unwrap();
            // The line holds the step's object; its id is on that line or just below.
            let near = lines[line - 1..(line + 2).min(lines.len())].join("\n");
            assert!(
                near.contains(&format!("\"{step}\"")),
                "{step} at {line}: {near}"
            );
            let node = b["node"].as_str().unwrap();
            assert!(u["dot"].as_str().unwrap().contains(&format!("  {node}[")));
        }
        assert!(u["table_html"].as_str().unwrap().contains("<table"));
    });
}

#[test]
fn a_bad_model_is_reported_with_its_place_and_the_server_keeps_answering() {
    let f = fixture();
    rt().block_on(async {
        for text in [
            "{\"procedure\": {",
            "{\"procedure\": {\"code\": 1}}",
            "[1, 2, 3]",
            "",
            "\u{0}\u{1b}",
            "{\"group\": {\"code\": \"G\", \"name\": \"G\", \"procedures\": [{\"include\": \"../secret.json\"}]}}",
        ] {
            let (status, u) = post(
                &f.app,
                "/api/update",
                &json!({"path": "khai-sinh.json", "text": text}),
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{text}");
            assert_eq!(u["ok"], json!(false), "{text}: {u}");
            assert!(
                !u["diagnostics"].as_array().unwrap().is_empty() || u["problem"].is_string(),
                "{text}: {u}"
            );
        }
        let (_, u) = post(
            &f.app,
            "/api/update",
            &json!({"path": "khai-sinh.json", "text": "{\n  \"procedure\": {\n    \"code\": 1\n  }\n}"}),
        )
        .await;
        // Every problem of the file comes at once; the mistyped `code` is at its own line.
        let code = u["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["message"].as_str().is_some_and(|m| m.contains("`code`")))
            .unwrap_or_else(|| panic!("no diagnostic for `code`: {u}"));
        assert_eq!(code["line"], json!(3), "{u}");
        assert_eq!(code["column"], json!(13), "{u}");
        assert_eq!(code["file"], json!("khai-sinh.json"));
        // Malformed requests are refused, not fatal.
        let req = Request::post("/api/update")
            .header("host", HOST)
            .header("origin", ORIGIN)
            .header("content-type", "application/json")
            .body(Body::from("{\"path\": 3"))
            .unwrap();
        assert!(send(&f.app, req).await.0.is_client_error());
        let (status, _) = post(
            &f.app,
            "/api/update",
            &json!({"path": "../x.json", "text": "{}"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Still answering.
        let (status, _) = get(&f.app, "/api/files").await;
        assert_eq!(status, StatusCode::OK);
    });
}

#[test]
fn the_to_be_model_and_the_before_after_diagram() {
    let f = fixture();
    rt().block_on(async {
        let (_, file) = get(&f.app, "/api/file?path=sub/ho-kinh-doanh.json").await;
        let (status, t) = post(
            &f.app,
            "/api/reengineer",
            &json!({"path": "sub/ho-kinh-doanh.json", "text": file["text"]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(t["ok"], json!(true), "{t}");
        assert!(t["compare_dot"].as_str().unwrap().starts_with("digraph"));
        assert!(t["dot"].as_str().unwrap().starts_with("digraph"));
        assert!(t["text"].as_str().unwrap().contains("\"procedure\""));
        assert_ne!(t["level_before"], t["level_after"]);
    });
}
