//! Models made in other tools, read into the quytrinh format: BPMN 2.0 drawings ([`bpmn`],
//! checked as `quytrinh check` would check a file), and the "quy trình nội bộ" tables
//! provinces publish ([`table`]: CSV, Excel or Word, every guess with the cell it comes from).
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

use std::path::{Path, PathBuf};

use quytrinh_bpmn::{Imported, TaskPlace};
use quytrinh_model::{Diagnostic, Document};

use crate::Error;

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

impl BpmnImport {
    /// The BPMN tasks of the steps `diagnostic` names (in backquotes), to show a problem of
    /// the model in the drawing.
    pub fn tasks_named(&self, diagnostic: &Diagnostic) -> Vec<&TaskPlace> {
        let named: Vec<&str> = diagnostic.message.split('`').skip(1).step_by(2).collect();
        self.imported
            .tasks
            .iter()
            .filter(|t| named.contains(&t.step.as_str()))
            .collect()
    }
}

/// Reads the BPMN file `path`, or standard input for `-`, as UTF-8 text: the text, or the
/// diagnostic that says why it cannot be read.
pub fn read_bpmn(path: &Path) -> Result<String, Box<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut b).map(|_| b)
    } else {
        crate::read::read_regular(path, crate::read::MAX_DOCUMENT_BYTES)
            .map_err(std::io::Error::from)
    };
    let bytes = bytes.map_err(|e| {
        Box::new(Diagnostic::for_file(
            quytrinh_model::Code::Io,
            name.as_str(),
            format!("cannot read the file: {e}"),
        ))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Box::new(Diagnostic::for_file(
            quytrinh_model::Code::NotUtf8,
            name.as_str(),
            "the file is not UTF-8 text; save it as UTF-8 (BPMN tools do by default)",
        ))
    })
}

/// Procedures read from a published table file.
#[derive(Debug, Clone)]
pub struct TableImport {
    /// The table file, as given.
    pub file: PathBuf,
    /// Its name without its folder, as the import report names it.
    pub name: String,
    /// Each procedure (one per header row), every guess with its cell.
    pub imported: Vec<quytrinh_import::table::Imported>,
}

/// Reads the table file `file` (`.csv` in UTF-8, `.xlsx` with every sheet, `.docx` with every
/// table) into procedures; `code` is the procedure code (mã TTHC) when the title has none.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let csv = dir.path().join("khai-sinh.csv");
/// std::fs::write(&csv, "Bước,Nội dung công việc,Trách nhiệm thực hiện,Thời gian thực hiện\n\
///     1,Tiếp nhận hồ sơ,Bộ phận một cửa,0.5 ngày\n2,Trả kết quả,Bộ phận một cửa,0.5 ngày\n").unwrap();
/// let table = quytrinh::import::table(&csv, Some("1.001193")).unwrap();
/// assert_eq!(table.imported.len(), 1);
/// assert!(table.model().unwrap().contains("\"1.001193\""));
/// assert!(table.check_output(&dir.path().join("out.json")).is_ok());
/// ```
pub fn table(file: &Path, code: Option<&str>) -> Result<TableImport, Error> {
    use quytrinh_import::read;
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bytes = crate::read::read_regular(file, crate::read::MAX_DOCUMENT_BYTES)
        .map_err(|e| miette::miette!("cannot read {}: {e}", file.display()))?;
    let grids = read::grids(&name, &bytes).map_err(|e| {
        let help = e.help();
        let message = match &e {
            read::ReadError::Legacy { .. } | read::ReadError::Unsupported { .. } => e
                .to_string()
                .replacen(&name, &file.display().to_string(), 1),
            _ => e.to_string(),
        };
        miette::miette!(help = help, "{message}")
    })?;
    let imported = quytrinh_import::table::import_all(&grids, code).map_err(|e| {
        miette::miette!(
            help = "the table needs a header row with \"Nội dung công việc\" and \"Trách nhiệm thực hiện\" (or \"Bộ phận thực hiện\")",
            "{e}"
        )
    })?;
    Ok(TableImport {
        file: file.to_path_buf(),
        name,
        imported,
    })
}

impl TableImport {
    /// Whether the model may be written to `path`: several procedures go into a `.jsonl` file
    /// only (one a line), never into one `.json`.
    pub fn check_output(&self, path: &Path) -> Result<(), Error> {
        let jsonl = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
        if self.imported.len() > 1 && !jsonl {
            return Err(miette::miette!(
                help =
                    "name the output file .jsonl (one procedure a line; `quytrinh check` reads it)",
                "{} holds {} procedures: they cannot go into one .json file",
                self.file.display(),
                self.imported.len()
            ));
        }
        Ok(())
    }

    /// The model as a file: one procedure as pretty JSON, several as `.jsonl` (a document a
    /// line).
    pub fn model(&self) -> Result<String, Error> {
        let several = self.imported.len() > 1;
        let mut out = String::new();
        for i in &self.imported {
            let doc = Document {
                procedure: Some(i.procedure.clone()),
                group: None,
            };
            let json = if several {
                serde_json::to_string(&doc)
            } else {
                serde_json::to_string_pretty(&doc)
            }
            .map_err(|e| miette::miette!("{e}"))?;
            out.push_str(&json);
            out.push('\n');
        }
        Ok(out)
    }

    /// What was guessed for each procedure and from which cell, as text (a block per
    /// procedure).
    pub fn notes(&self) -> Vec<String> {
        self.imported
            .iter()
            .map(quytrinh_import::report::text)
            .collect()
    }

    /// The import report as a Markdown checklist.
    pub fn report_markdown(&self) -> String {
        quytrinh_import::report::markdown(&self.name, &self.imported)
    }
}
