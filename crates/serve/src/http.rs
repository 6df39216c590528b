//! The routes.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the page |
//! | `GET /assets/*` | its script, style and licences |
//! | `GET /api/files` | the `.json` files of the folder |
//! | `GET /api/file?path=P` | a file's text and version (a hash of its bytes) |
//! | `GET /api/schema` | the JSON Schema of the format |
//! | `POST /api/update` | `{path, text}` → the analysis, the DOT, the step table |
//! | `POST /api/reengineer` | `{path, text}` → the to-be model and the before/after DOT |
//! | `POST /api/save` | `{path, text, version}` → written, or 409 when the file changed |

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use quytrinh_model::Lang;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::paths::{self, PathError};
use crate::{App, MAX_BODY, assets, guard, work};

/// The application: every route behind the guard, with the body limit.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/assets/{name}", get(asset))
        .route("/api/files", get(files))
        .route("/api/file", get(file))
        .route("/api/schema", get(schema))
        .route("/api/update", post(update))
        .route("/api/reengineer", post(reengineer))
        .route("/api/save", post(save))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(app.clone(), guarded))
        .with_state(app)
}

async fn guarded(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    if let Err(refusal) = guard::check(req.method(), req.headers(), app.port) {
        return error(StatusCode::FORBIDDEN, refusal.message());
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
        ),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    conflict: bool,
}

fn error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(ErrorBody {
            error: message,
            conflict: status == StatusCode::CONFLICT,
        }),
    )
        .into_response()
}

fn path_error(e: &PathError) -> Response {
    let status = match e {
        PathError::Invalid(_) => StatusCode::BAD_REQUEST,
        PathError::Outside(_) => StatusCode::FORBIDDEN,
        PathError::NotFound(_) => StatusCode::NOT_FOUND,
    };
    error(status, &e.to_string())
}

async fn page(State(app): State<Arc<App>>) -> Response {
    let lang = app.lang.pick("vi", "en");
    let html = assets::INDEX_HTML.replace("{{LANG}}", lang);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

async fn asset(axum::extract::Path(name): axum::extract::Path<String>) -> Response {
    match assets::get(&name) {
        Some((mime, bytes)) => ([(header::CONTENT_TYPE, mime)], bytes).into_response(),
        None => error(StatusCode::NOT_FOUND, "no such asset"),
    }
}

#[derive(Debug, Serialize)]
struct Files {
    /// The folder's name (not its full path: the page needs no more).
    folder: String,
    files: Vec<String>,
    lang: &'static str,
}

async fn files(State(app): State<Arc<App>>) -> Json<Files> {
    Json(Files {
        folder: app
            .root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        files: paths::list(&app.root),
        lang: app.lang.pick("vi", "en"),
    })
}

#[derive(Debug, Deserialize)]
struct FileQuery {
    path: String,
}

#[derive(Debug, Serialize)]
struct FileBody {
    path: String,
    text: String,
    version: String,
}

fn version_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

async fn file(State(app): State<Arc<App>>, Query(q): Query<FileQuery>) -> Response {
    let path = match paths::existing(&app.root, &q.path) {
        Ok(p) => p,
        Err(e) => return path_error(&e),
    };
    let bytes = match paths::read_regular(&path) {
        Ok(b) => b,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("{}: {e}", q.path)),
    };
    let version = version_of(&bytes);
    match String::from_utf8(bytes) {
        Ok(text) => Json(FileBody {
            path: q.path,
            text,
            version,
        })
        .into_response(),
        Err(_) => error(
            StatusCode::BAD_REQUEST,
            &format!("{} is not UTF-8 text", q.path),
        ),
    }
}

async fn schema() -> Response {
    Json(quytrinh_model::json_schema()).into_response()
}

#[derive(Debug, Deserialize)]
struct Edit {
    path: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct Timed<T> {
    #[serde(flatten)]
    body: T,
    /// The server's time for this update (model in, findings and DOT out), in milliseconds.
    server_ms: f64,
}

/// The path of an edit, checked as a save would check it (the file need not exist).
fn edit_path(app: &App, rel: &str) -> Option<Response> {
    paths::writable(&app.root, rel)
        .err()
        .map(|e| path_error(&e))
}

/// `work` done on an edit whose path is checked, timed.
fn timed<T: Serialize>(app: &App, edit: &Edit, work: fn(&Path, Lang, &str, &str) -> T) -> Response {
    if let Some(r) = edit_path(app, &edit.path) {
        return r;
    }
    let start = Instant::now();
    let body = work(&app.root, app.lang, &edit.path, &edit.text);
    let server_ms = start.elapsed().as_secs_f64() * 1000.0;
    Json(Timed { body, server_ms }).into_response()
}

async fn update(State(app): State<Arc<App>>, Json(edit): Json<Edit>) -> Response {
    timed(&app, &edit, work::update)
}

async fn reengineer(State(app): State<Arc<App>>, Json(edit): Json<Edit>) -> Response {
    timed(&app, &edit, work::reengineer)
}

#[derive(Debug, Deserialize)]
struct Save {
    path: String,
    text: String,
    /// The version the page loaded (empty for a new file).
    version: String,
}

#[derive(Debug, Serialize)]
struct Saved {
    path: String,
    version: String,
}

async fn save(State(app): State<Arc<App>>, Json(s): Json<Save>) -> Response {
    let target = match paths::writable(&app.root, &s.path) {
        Ok(p) => p,
        Err(e) => return path_error(&e),
    };
    let Ok(_guard) = app.save_lock.lock() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "save lock poisoned");
    };
    let current = match std::fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_file() => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("{} is not a regular file", s.path),
            );
        }
        Ok(_) => match paths::read_regular(&target) {
            Ok(bytes) => Some(version_of(&bytes)),
            Err(e) => return error(StatusCode::BAD_REQUEST, &format!("{}: {e}", s.path)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("{}: {e}", s.path)),
    };
    if current.as_deref().unwrap_or("") != s.version {
        return error(
            StatusCode::CONFLICT,
            &format!(
                "{} changed on disk since it was loaded: reload it (your text is kept in the editor) or copy your changes first",
                s.path
            ),
        );
    }
    match write_atomic(&target, s.text.as_bytes()) {
        Ok(()) => Json(Saved {
            path: s.path,
            version: version_of(s.text.as_bytes()),
        })
        .into_response(),
        Err(e) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("{} was not written: {e}", s.path),
        ),
    }
}

/// Writes `bytes` to `target` through a temporary file in the same folder renamed over it,
/// keeping the permissions of the file it replaces.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".quytrinh-save-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match std::fs::metadata(target) {
        Ok(m) => std::fs::set_permissions(tmp.path(), m.permissions())?,
        Err(_) => new_file_permissions(tmp.path())?,
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// A new file gets the ordinary mode (a temporary file is private to its owner).
#[cfg(unix)]
fn new_file_permissions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
