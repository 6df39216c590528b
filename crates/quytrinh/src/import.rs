//! Models made in other tools, read into the quytrinh format and checked as `quytrinh check`
//! would check a file.
//!
//! ```
//! let bpmn = r#"<?xml version="1.0" encoding="UTF-8"?>
//! <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
//!   <process id="p" name="Đăng ký khai sinh">
//!     <startEvent id="s"/>
//!     <task id="t" name="Nộp hồ sơ"/>
//!     <endEvent id="e"/>
//!     <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
//!     <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
//!   </process>
//! </definitions>"#;
//! let imported = quytrinh::import::bpmn("khai-sinh.bpmn", bpmn).unwrap();
//! assert!(imported.json.contains("Nộp hồ sơ"));
//! ```

use quytrinh_bpmn::Imported;
use quytrinh_model::{Diagnostic, Document};

/// A BPMN model read into the quytrinh format.
#[derive(Debug, Clone)]
pub struct BpmnImport {
    /// The model, every guess made and the BPMN task each step came from.
    pub imported: Imported,
    /// The model as a file (pretty JSON, a line break at the end).
    pub json: String,
    /// What `quytrinh check` finds in the model (each member of a group checked too): the
    /// model is usable when none is an error.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the BPMN 2.0 text `text` (the file `name`) into the quytrinh format and checks the
/// result; a BPMN file that cannot be read as a model gives its diagnostics instead.
pub fn bpmn(name: &str, text: &str) -> Result<BpmnImport, Vec<Diagnostic>> {
    let imported = quytrinh_bpmn::import(name, text)?;
    let mut json = serde_json::to_string_pretty(&imported.document).map_err(|e| {
        vec![Diagnostic::for_file(
            quytrinh_model::Code::Io,
            name,
            format!("cannot write the model: {e}"),
        )]
    })?;
    json.push('\n');
    // The model must pass `quytrinh check`: validate it (each member of a group too).
    let shown = format!("{name} (imported)");
    let mut diagnostics = quytrinh_model::parse_str(&shown, &json)
        .err()
        .unwrap_or_default();
    if let Some(g) = &imported.document.group {
        for m in g.procedures.iter().filter_map(|m| m.procedure.as_ref()) {
            let one = Document {
                procedure: Some(m.clone()),
                group: None,
            };
            let text = serde_json::to_string_pretty(&one).unwrap_or_default();
            if let Err(d) =
                quytrinh_model::parse_str(&format!("{name} (imported {})", m.code), &text)
            {
                diagnostics.extend(d);
            }
        }
    }
    Ok(BpmnImport {
        imported,
        json,
        diagnostics,
    })
}
