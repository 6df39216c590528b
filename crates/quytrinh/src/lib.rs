//! quytrinh as a library: everything the `quytrinh` command does, for a documentation build or
//! another program to call without running a process.
//!
//! - [`load`]: procedure and group files from paths, text or readers, with the size limits
//!   and regular-file checks of the one input layer ([`read`]); every diagnostic, not the first.
//! - [`analyze`] (the `quytrinh-analyze` crate): the 8 criteria of Thông tư 01/2023/TT-VPCP,
//!   levels, blockers, findings, targets, the selection list of its Điều 16.
//! - [`analysis`]: the JSON report of any inputs through one pipeline, streamed from a `.jsonl`
//!   catalogue of any size ([`analysis::analyze_json`], on the analyze crate's
//!   [`StreamingAnalysis`]); SARIF and GitHub annotations at each step's line.
//! - [`draw`]: every diagram of a catalogue (DOT, SVG, PNG, Mermaid, BPMN) with the analysis
//!   overlay, their file names, SVG through the guarded and cached Graphviz runner
//!   ([`graphviz`]).
//! - [`report`]: the report ready to publish (Markdown with SVG diagrams, or one HTML page)
//!   and the step tables.
//! - [`redesign`]: the to-be model and the as-is/to-be comparison.
//! - [`mdbook`]: the mdBook preprocessor.
//! - [`import`]: BPMN 2.0 models read into the quytrinh format and checked.
//! - [`output`]: writing files, one or a set all or none, never through a link or a device.
//! - [`check`]: what `quytrinh check` reports of a load (a line per file, or the diagnostics as
//!   JSON).
//!
//! The model, the renderer, re-engineering and BPMN are re-exported as [`model`], [`render`],
//! [`reengineer`] and [`bpmn`].
//!
//! A catalogue too large to hold is streamed: [`load::read_jsonl_with`] reads a `.jsonl` file in
//! batches parsed on all cores and hands each record to the caller in input order, and a
//! [`StreamingAnalysis`] analyses and writes the JSON report procedure by procedure, keeping
//! only what the groups, the targets and the summary need. [`analysis::analyze_json`] joins the
//! two, as `quytrinh analyze --format json` does.
//!
//! ```
//! # fn main() -> Result<(), quytrinh::Error> {
//! let loaded = quytrinh::load::load_str("khai-sinh.json", quytrinh::EXAMPLE);
//! assert!(!loaded.has_errors());
//! let config = quytrinh::analyze::Config::default();
//! let report = quytrinh::analyze::analyze_catalog(&loaded.catalog, &config);
//! assert_eq!(report.procedures[0].level, quytrinh::model::Level::PartialOnline);
//! let options = quytrinh::render::Options::default();
//! let overlays = quytrinh::draw::Overlays::of_report(&loaded.catalog, &report);
//! let diagrams = quytrinh::draw::diagrams(&loaded.catalog, Some(&overlays), &options, quytrinh::draw::Format::Mermaid)?;
//! assert!(diagrams[0].text.contains("flowchart TB"));
//! // Which procedures to review first (Điều 16 of Thông tư 01/2023/TT-VPCP).
//! let selection = quytrinh::analyze::select(&loaded.catalog, &config);
//! assert!(selection.text(config.lang).contains("1.001193"));
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

pub mod analysis;
pub mod check;
pub mod draw;
pub mod graphviz;
pub mod html;
pub mod import;
pub mod load;
pub mod mdbook;
pub mod output;
pub mod read;
pub mod redesign;
pub mod report;

pub use quytrinh_analyze as analyze;
pub use quytrinh_bpmn as bpmn;
pub use quytrinh_model as model;
pub use quytrinh_reengineer as reengineer;
pub use quytrinh_render as render;

pub use analysis::{Analyser, Finished, JsonOptions, JsonRun, StreamingAnalysis, analyze_json};

/// Why an operation stopped: a message that names the file or the model concerned and,
/// usually, a help line that says how to go on (`miette`'s report, shown as the command shows
/// it). Problems in the input files are not errors but diagnostics of [`model::Loaded`].
pub type Error = miette::Report;

/// A small valid procedure file (đăng ký khai sinh, partly online: the result is handed over in
/// person), for examples and tests.
pub const EXAMPLE: &str = r#"{"procedure": {
  "code": "1.001193",
  "name": "Đăng ký khai sinh",
  "published": true,
  "forms_downloadable": true,
  "result": {"name": "Giấy khai sinh", "electronic": true},
  "actors": [
    {"id": "dan", "name": "Người dân", "role": "applicant"},
    {"id": "ubnd", "name": "UBND cấp xã", "role": "agency"}
  ],
  "documents": [{"id": "to_khai", "name": "Tờ khai đăng ký khai sinh", "form": "electronic"}],
  "steps": [
    {"id": "nop", "name": "Nộp hồ sơ trực tuyến", "actor": "dan", "action": "submit", "channel": "online", "documents": ["to_khai"]},
    {"id": "xu_ly", "name": "Xử lý hồ sơ", "actor": "ubnd", "action": "process", "channel": "online", "duration_days": 1},
    {"id": "tra", "name": "Trả kết quả tại UBND", "actor": "ubnd", "action": "return_result", "channel": "in_person"}
  ],
  "flows": [{"from": "nop", "to": "xu_ly"}, {"from": "xu_ly", "to": "tra"}]
}}
"#;
