//! A table file's bytes to grids: CSV (UTF-8), Excel (.xlsx) and Word (.docx), chosen by the
//! file name's extension. Files in the old TCVN3 or VNI encodings are refused with a
//! [`ReadError::Legacy`], never read as garbled text.

use std::fmt;

use crate::legacy::{self, Finding};
use crate::table::Grid;

/// Why a file could not be read as tables.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadError {
    /// The text is in TCVN3 or VNI, not Unicode.
    Legacy {
        /// The file.
        file: String,
        /// Which encoding, and the words that show it.
        finding: Finding,
    },
    /// A CSV file that is not UTF-8 (and not recognisably TCVN3 or VNI).
    NotUtf8 {
        /// The file.
        file: String,
    },
    /// Not a file of its kind (a broken zip, not CSV…), with the reason.
    Unreadable {
        /// The file.
        file: String,
        /// What its reader said.
        reason: String,
    },
    /// An extension the importer does not read.
    Unsupported {
        /// The file.
        file: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Legacy { file, finding } => {
                write!(
                    f,
                    "{file}: the text is in the old {} encoding, not Unicode",
                    finding.encoding.name()
                )?;
                match &finding.font {
                    Some(font) => write!(f, " (font {font}")?,
                    None => write!(f, " (")?,
                }
                if !finding.sample.is_empty() {
                    if finding.font.is_some() {
                        write!(f, "; ")?;
                    }
                    write!(f, "it reads \"{}\"", finding.sample)?;
                }
                write!(f, "), so it cannot be imported")
            }
            ReadError::NotUtf8 { file } => write!(f, "{file}: the CSV file is not UTF-8 text"),
            ReadError::Unreadable { file, reason } => write!(f, "{file}: {reason}"),
            ReadError::Unsupported { file } => write!(
                f,
                "{file}: only .csv, .xlsx and .docx tables can be imported"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// How to get past the error.
    pub fn help(&self) -> String {
        match self {
            ReadError::Legacy { finding, .. } => format!(
                "convert the file to Unicode first: in Unikey, open the converter (Unikey Toolkit, Ctrl+Shift+F6), choose source {} and destination Unicode, convert the text (copy it from Word or Excel, press \"Chuyển mã\", paste it back) or the saved .rtf file, choose a Unicode font (Times New Roman), save, and import again",
                finding.encoding.name()
            ),
            ReadError::NotUtf8 { .. } => {
                "save the table as \"CSV UTF-8\" (Excel: Save As > CSV UTF-8) and import that file".into()
            }
            ReadError::Unreadable { .. } => {
                "open the file in Word or Excel and save it again as .docx or .xlsx (or as CSV UTF-8)".into()
            }
            ReadError::Unsupported { .. } => {
                "save a .doc as .docx, a .xls as .xlsx (File > Save As), or save the table as CSV UTF-8".into()
            }
        }
    }
}

/// The grids of the table file `file` (its name, for the extension and the report) holding
/// `bytes`.
pub fn grids(file: &str, bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let unreadable = |reason: String| ReadError::Unreadable {
        file: file.to_owned(),
        reason,
    };
    let (grids, fonts) = match ext.as_str() {
        "csv" => (vec![csv(file, bytes)?], Vec::new()),
        "xlsx" | "xlsm" => crate::xlsx::read(bytes).map_err(unreadable)?,
        "docx" | "docm" => {
            let body = crate::docx::read(file, bytes).map_err(unreadable)?;
            (vec![body.grid], body.fonts)
        }
        _ => {
            return Err(ReadError::Unsupported {
                file: file.to_owned(),
            });
        }
    };
    let texts = grids
        .iter()
        .flat_map(|g| g.rows.iter().flatten().map(String::as_str));
    if let Some(finding) = legacy::detect(texts, &fonts) {
        return Err(ReadError::Legacy {
            file: file.to_owned(),
            finding,
        });
    }
    Ok(grids)
}

fn csv(file: &str, bytes: &[u8]) -> Result<Grid, ReadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        // TCVN3 and VNI files are 8-bit: read each byte as the Latin-1 character to look.
        let latin1: String = bytes.iter().map(|&b| char::from(b)).collect();
        if let Some(finding) = legacy::detect(latin1.lines(), &[]) {
            return Err(ReadError::Legacy {
                file: file.to_owned(),
                finding,
            });
        }
        return Err(ReadError::NotUtf8 {
            file: file.to_owned(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Unreadable {
            file: file.to_owned(),
            reason: format!("not a readable CSV file: {e}"),
        })?;
        rows.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
    }
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    Ok(Grid::sheet(name, rows))
}
