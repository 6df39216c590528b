//! The body of a Word file (.docx) as one [`Grid`]: each paragraph outside tables is a row of
//! one cell (titles such as "1. Quy trình … (Mã TTHC: …)" live there), each row of a table a
//! row of cells placed on the table's grid columns. A cell spanning columns (`w:gridSpan`) or
//! rows (`w:vMerge`) becomes a declared [`Merge`]. Tables inside a cell are read as that cell's
//! text. Deleted text of tracked changes and field codes are left out.

use std::io::Read;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::table::{Grid, Merge, Place};

/// The most bytes of XML read from one part of the file (a guard against zip bombs).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// What a Word file holds for the importer: its body grid and the fonts its runs and styles
/// name (to recognise TCVN3 and VNI files).
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub(crate) grid: Grid,
    pub(crate) fonts: Vec<String>,
}

/// Reads `word/document.xml` (and the fonts of `word/styles.xml`) of the .docx `bytes`.
pub(crate) fn read(name: &str, bytes: &[u8]) -> Result<Body, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a .docx file (a zip archive): {e}"))?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or("not a Word file: it has no word/document.xml")?;
    let mut fonts = Vec::new();
    if let Some(styles) = part(&mut zip, "word/styles.xml")? {
        collect_fonts(&styles, &mut fonts);
    }
    let grid = parse(name, &document, &mut fonts)?;
    fonts.sort();
    fonts.dedup();
    Ok(Body { grid, fonts })
}

/// One part of the archive as text, `None` when absent.
pub(crate) fn part<R: std::io::Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the archive: {e}")),
    };
    let mut text = String::new();
    file.take(MAX_PART_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {name} in the archive: {e}"))?;
    Ok(Some(text))
}

/// The font names of `w:rFonts` elements and of spreadsheet `<name val="…"/>` / `<rFont
/// val="…"/>` elements in `xml`.
pub(crate) fn collect_fonts(xml: &str, fonts: &mut Vec<String>) {
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => font_attrs(&e, fonts),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

fn font_attrs(e: &BytesStart<'_>, fonts: &mut Vec<String>) {
    let local = e.local_name();
    let keys: &[&str] = match local.as_ref() {
        "rFonts" => &["ascii", "hAnsi", "cs", "eastAsia"],
        "name" | "rFont" | "font" => &["val", "name"],
        _ => return,
    };
    for a in e.attributes().flatten() {
        if keys.contains(&a.key.local_name().as_ref())
            && let Ok(v) = a.normalized_value(XmlVersion::Implicit1_0)
            && !v.trim().is_empty()
        {
            fonts.push(v.trim().to_owned());
        }
    }
}

/// A table being read.
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<TableCell>>,
}

#[derive(Debug, Default)]
struct TableCell {
    text: String,
    /// Grid columns before this cell in its row (`w:gridBefore` and earlier cells).
    col: usize,
    span: usize,
    /// `w:vMerge`: `Some(true)` starts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

/// The grid of a Word document's body (`word/document.xml`): a row per paragraph outside
/// tables, the rows of each outermost table with its merges; the fonts met go to `fonts`.
fn parse(name: &str, xml: &str, fonts: &mut Vec<String>) -> Result<Grid, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut body = BodyReader {
        grid: Grid {
            name: name.to_owned(),
            ..Grid::default()
        },
        ..BodyReader::default()
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "word/document.xml is not well-formed XML (byte {}): {e}",
                reader.error_position()
            )
        })?;
        let reading = body.in_text && body.skip == 0;
        match event {
            Event::Start(e) => {
                font_attrs(&e, fonts);
                body.start(&e);
            }
            Event::Empty(e) => {
                font_attrs(&e, fonts);
                body.empty(&e);
            }
            Event::End(e) => body.end(e.local_name().as_ref()),
            Event::Text(t) if reading => {
                let text = t.xml_content(XmlVersion::Implicit1_0);
                body.push_text(&text);
            }
            Event::CData(t) if reading => {
                let text = t.into_inner();
                body.push_text(&text);
            }
            Event::GeneralRef(r) if reading => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let Some(text) = resolved {
                    body.push_text(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.grid)
}

/// A document body being read, element by element.
#[derive(Debug, Default)]
struct BodyReader {
    grid: Grid,
    /// Tables open now; only the outermost makes rows.
    depth: usize,
    /// The outermost table being read.
    table: Table,
    /// Tables read so far.
    tables: usize,
    /// Paragraphs outside tables so far.
    paragraphs: usize,
    /// The text of the paragraph being read outside tables.
    paragraph: String,
    /// The cell of the outermost table being read.
    cell: Option<TableCell>,
    /// The grid column of the next cell in its row.
    next_col: usize,
    /// Inside `w:t`, a run's text.
    in_text: bool,
    /// Inside w:del (deleted text), w:instrText or mc:Fallback: text left out.
    skip: usize,
}

impl BodyReader {
    fn start(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            "tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    self.table = Table::default();
                }
            }
            "tr" if self.depth == 1 => {
                self.table.rows.push(Vec::new());
                self.next_col = 0;
            }
            "tc" if self.depth == 1 => {
                self.cell = Some(TableCell {
                    col: self.next_col,
                    span: 1,
                    ..TableCell::default()
                });
            }
            "t" => self.in_text = true,
            "del" | "instrText" | "Fallback" | "delText" => self.skip += 1,
            "p" if self.depth == 0 => self.paragraph.clear(),
            _ => {}
        }
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        let depth = self.depth;
        let local = e.local_name();
        match local.as_ref() {
            "gridSpan" | "vMerge" | "gridBefore" => {
                let val = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "val")
                    .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                    .map(|v| v.into_owned());
                match local.as_ref() {
                    "gridSpan" if depth == 1 => {
                        if let Some(c) = self.cell.as_mut() {
                            c.span = val.and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
                        }
                    }
                    "vMerge" if depth == 1 => {
                        if let Some(c) = self.cell.as_mut() {
                            c.vmerge = Some(val.as_deref() == Some("restart"));
                        }
                    }
                    "gridBefore" if depth == 1 && self.cell.is_none() => {
                        self.next_col += val.and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
                    }
                    _ => {}
                }
            }
            "p" if depth == 0 => self.paragraphs += 1,
            "tab" if self.skip == 0 => self.push_text(" "),
            "br" | "cr" if self.skip == 0 => self.push_text("\n"),
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "tbl" => {
                if self.depth == 1 {
                    self.tables += 1;
                    add_table(&mut self.grid, &self.table, self.tables);
                }
                self.depth = self.depth.saturating_sub(1);
            }
            "tc" if self.depth == 1 => {
                if let Some(mut c) = self.cell.take() {
                    c.text = c.text.trim().to_owned();
                    self.next_col = c.col + c.span;
                    if let Some(row) = self.table.rows.last_mut() {
                        row.push(c);
                    }
                }
            }
            "t" => self.in_text = false,
            "del" | "instrText" | "Fallback" | "delText" => {
                self.skip = self.skip.saturating_sub(1);
            }
            "p" => {
                if self.depth == 0 {
                    self.paragraphs += 1;
                    let text = self.paragraph.trim();
                    if !text.is_empty() {
                        self.grid.rows.push(vec![text.to_owned()]);
                        self.grid.places.push(Place::Paragraph(self.paragraphs));
                    }
                } else {
                    self.push_text("\n");
                }
            }
            _ => {}
        }
    }

    /// Text read: into the paragraph outside tables, else into the open cell.
    fn push_text(&mut self, text: &str) {
        if self.depth == 0 {
            self.paragraph.push_str(text);
        } else if let Some(c) = self.cell.as_mut() {
            c.text.push_str(text);
        }
    }
}

/// Puts a finished table's rows into the grid, with its merges.
fn add_table(grid: &mut Grid, table: &Table, number: usize) {
    let first = grid.rows.len();
    // For each grid column, the merge a vertical run of cells is extending.
    let mut open: Vec<Option<usize>> = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let r = first + i;
        let width = row.iter().map(|c| c.col + c.span).max().unwrap_or(0);
        let mut cells = vec![String::new(); width];
        if open.len() < width {
            open.resize(width, None);
        }
        let mut continued = vec![false; open.len()];
        for c in row {
            let continues = c.vmerge == Some(false);
            if continues && let Some(Some(m)) = open.get(c.col) {
                if let Some(merge) = grid.merges.get_mut(*m) {
                    merge.last_row = r;
                }
                if let Some(flag) = continued.get_mut(c.col) {
                    *flag = true;
                }
                continue;
            }
            if let Some(slot) = cells.get_mut(c.col) {
                slot.clone_from(&c.text);
            }
            let starts = c.vmerge == Some(true) || continues;
            if c.span > 1 || starts {
                grid.merges.push(Merge {
                    first_row: r,
                    first_col: c.col,
                    last_row: r,
                    last_col: c.col + c.span - 1,
                });
                if let Some(slot) = open.get_mut(c.col) {
                    *slot = starts.then_some(grid.merges.len() - 1);
                }
                if let Some(flag) = continued.get_mut(c.col) {
                    *flag = starts;
                }
            }
        }
        // A column whose run was not continued in this row is closed.
        for (slot, kept) in open.iter_mut().zip(&continued) {
            if !kept {
                *slot = None;
            }
        }
        grid.rows.push(cells);
        grid.places.push(Place::Table {
            table: number,
            row: i + 1,
        });
    }
    // Merges of one cell (a vMerge restart nobody continued) say nothing.
    grid.merges
        .retain(|m| m.first_row != m.last_row || m.first_col != m.last_col);
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>1. Quy trình cấp phép (Mã TTHC: 1.000001)</w:t></w:r></w:p>
<w:tbl>
<w:tr><w:tc><w:p><w:r><w:t>Bước</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung công việc</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Trách nhiệm thực hiện</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Thời gian</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Tiếp nhận</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">hồ sơ &amp; chuyển</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Bộ phận Một cửa</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>4 giờ</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>B2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Trả kết quả</w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>Không tính thời gian</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>Tổng thời gian giải quyết</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>0,5 ngày</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
</w:body></w:document>"#;

    #[test]
    fn a_table_with_merged_cells() {
        let mut fonts = Vec::new();
        let g = parse("t.docx", DOC, &mut fonts).unwrap_or_default();
        assert_eq!(g.rows.len(), 5);
        assert_eq!(g.places.first(), Some(&Place::Paragraph(1)));
        assert_eq!(
            g.rows.get(2).and_then(|r| r.get(1)).map(String::as_str),
            Some("Tiếp nhận hồ sơ & chuyển")
        );
        assert_eq!(
            g.rows.get(3).and_then(|r| r.get(1)).map(String::as_str),
            Some("Trả kết quả")
        );
        assert_eq!(
            g.rows.get(4).and_then(|r| r.get(3)).map(String::as_str),
            Some("0,5 ngày")
        );
        assert!(g.merges.contains(&Merge {
            first_row: 2,
            first_col: 2,
            last_row: 3,
            last_col: 2
        }));
        assert!(g.merges.contains(&Merge {
            first_row: 4,
            first_col: 0,
            last_row: 4,
            last_col: 2
        }));
        let out = crate::table::import(&g, None).unwrap_or_default();
        let [one] = out.as_slice() else {
            panic!("one procedure expected, got {}", out.len());
        };
        assert_eq!(one.procedure.code, "1.000001");
        assert_eq!(one.procedure.actors.len(), 1);
        assert_eq!(one.total_matches(), Some(true));
        assert!(
            one.guesses
                .iter()
                .any(|n| n.cell.to_string() == "table 1, row 2, column 3")
        );
    }
}
