//! The page and its assets, embedded in the binary: `web/index.html` (source) and the bundle
//! `web/assets/` built from npm by `web/build.sh` (committed; see its licences file).

/// The page; `{{LANG}}` becomes `vi` or `en`.
pub const INDEX_HTML: &str = include_str!("../web/index.html");

/// Every asset: name, MIME type, bytes.
const ASSETS: [(&str, &str, &[u8]); 3] = [
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../web/assets/app.js"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../web/assets/app.css"),
    ),
    (
        "LICENSES.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../web/assets/LICENSES.txt"),
    ),
];

/// The MIME type and bytes of the asset `name`.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, mime, bytes)| (*mime, *bytes))
}
