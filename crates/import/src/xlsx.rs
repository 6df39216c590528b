//! The sheets of an Excel workbook (.xlsx) as [`Grid`]s, read with calamine: each sheet's
//! cells at their own row and column (so the report names them as Excel does), its merged
//! cells as declared [`Merge`]s, and the fonts its styles name (to recognise TCVN3 and VNI
//! workbooks).

use calamine::{Data, Reader, Xlsx};

use crate::table::{Grid, Merge};

/// The grids of a workbook, one per sheet in the workbook's order, and the fonts it names.
pub(crate) fn read(bytes: &[u8]) -> Result<(Vec<Grid>, Vec<String>), String> {
    let cursor = std::io::Cursor::new(bytes);
    let mut book: Xlsx<_> =
        Xlsx::new(cursor).map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet \"{name}\": {e}"))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r0, c0) = (to_usize(r0), to_usize(c0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0];
        for row in range.rows() {
            let mut cells = vec![String::new(); c0];
            cells.extend(row.iter().map(text));
            rows.push(cells);
        }
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| format!("cannot read the merged cells of sheet \"{name}\": {e}"))?
            .into_iter()
            .map(|d| Merge {
                first_row: to_usize(d.start.0),
                first_col: to_usize(d.start.1),
                last_row: to_usize(d.end.0),
                last_col: to_usize(d.end.1),
            })
            .collect();
        grids.push(Grid {
            name,
            rows,
            places: Vec::new(),
            merges,
        });
    }
    let mut fonts = Vec::new();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    for part in ["xl/styles.xml", "xl/sharedStrings.xml"] {
        if let Some(xml) = crate::docx::part(&mut zip, part)? {
            crate::docx::collect_fonts(&xml, &mut fonts);
        }
    }
    fonts.sort();
    fonts.dedup();
    Ok((grids, fonts))
}

fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A cell's text: numbers as written without a trailing `.0` (`0.5`, `10`).
fn text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}
