//! A "quy trình nội bộ" table (Thứ tự công việc | Nội dung công việc | Trách nhiệm thực hiện |
//! Thời gian thực hiện | Kết quả) to procedure models, with every guess and its source cell.
//!
//! The input is a grid of cell texts (a CSV file, a sheet); a merged cell reaches this module
//! as its text in the first cell and empty cells after it, so an empty party or time cell takes
//! the one above (reported as a guess). One grid may hold several procedures: each begins at a
//! header row, its title is the text above the header, and it ends at "Tổng thời gian …" or at
//! the next header.

use quytrinh_model::{Actor, Procedure, ProcedureResult, Step};

use crate::guess;

/// A grid of cell texts: `rows[r][c]`, from a CSV file or one sheet.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The sheet's name (the file name for a CSV file), used in the report.
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// One thing the importer guessed or took as a default, with the cell it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// `sheet!R5C3` (1-based row and column), or the sheet alone.
    pub cell: String,
    /// What was guessed, e.g. `step B2 action`.
    pub what: String,
    /// The value written into the model.
    pub value: String,
    /// Why: the phrase that triggered the guess, or what default was taken.
    pub because: String,
}

/// One procedure read from a table, with everything guessed about it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub procedure: Procedure,
    pub guesses: Vec<Note>,
    /// "Tổng thời gian giải quyết" as published, in working days.
    pub published_total_days: Option<f64>,
    /// The sum of the steps' times, in working days.
    pub steps_total_days: f64,
}

/// Reads every procedure of the grid. `code` (from `--code`) is used where a title gives no
/// "Mã TTHC". An error says why no procedure table was found.
pub fn import(grid: &Grid, code: Option<&str>) -> Result<Vec<Imported>, String> {
    let mut out = Vec::new();
    let mut r = 0;
    while r < grid.rows.len() {
        if let Some(cols) = header(grid.rows.get(r).map_or(&[][..], Vec::as_slice)) {
            let (imported, next) = read_procedure(grid, r, &cols, code, out.len());
            if let Some(i) = imported {
                out.push(i);
            }
            r = next;
        } else {
            r += 1;
        }
    }
    if out.is_empty() {
        return Err(format!(
            "{}: no table with the columns \"Nội dung công việc\" and \"Trách nhiệm thực hiện\" was found",
            grid.name
        ));
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    content: usize,
    party: usize,
    time: Option<usize>,
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn header(row: &[String]) -> Option<Columns> {
    let find = |words: &[&str]| {
        row.iter()
            .position(|c| words.iter().any(|w| fold(c).starts_with(w)))
    };
    let content = find(&["nội dung"])?;
    let party = find(&[
        "trách nhiệm",
        "người thực hiện",
        "đơn vị thực hiện",
        "bộ phận thực hiện",
    ])?;
    let time = find(&["thời gian"]);
    Some(Columns {
        content,
        party,
        time,
    })
}

fn cell_ref(grid: &Grid, r: usize, c: usize) -> String {
    format!("{}!R{}C{}", grid.name, r + 1, c + 1)
}

fn text(grid: &Grid, r: usize, c: usize) -> &str {
    grid.rows
        .get(r)
        .and_then(|row| row.get(c))
        .map_or("", |s| s.trim())
}

/// The title above a header: the nearest non-empty row's longest cell, and where it is.
fn title(grid: &Grid, header_row: usize) -> Option<(String, usize, usize)> {
    (0..header_row).rev().take(4).find_map(|r| {
        let row = grid.rows.get(r)?;
        let (c, t) = row
            .iter()
            .enumerate()
            .filter(|(_, t)| !t.trim().is_empty())
            .max_by_key(|(_, t)| t.len())?;
        Some((t.trim().to_owned(), r, c))
    })
}

/// The procedure code in "(Mã TTHC: 1.001193)" or "Mã số TTHC: …".
fn code_in(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let at = lower.find("mã tthc").or_else(|| lower.find("mã số tthc"))?;
    let rest = title.get(at..)?;
    let after = rest.split_once(':').map(|(_, b)| b)?;
    let code: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    let code = code.trim_end_matches('.').to_owned();
    (!code.is_empty()).then_some(code)
}

fn read_procedure(
    grid: &Grid,
    header_row: usize,
    cols: &Columns,
    code: Option<&str>,
    index: usize,
) -> (Option<Imported>, usize) {
    let mut guesses = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut actors: Vec<Actor> = Vec::new();
    let mut total = None;
    let mut sum = 0.0;
    let mut last_party = String::new();
    let mut r = header_row + 1;
    while r < grid.rows.len() {
        let row = grid.rows.get(r).map_or(&[][..], Vec::as_slice);
        if header(row).is_some() {
            break;
        }
        let joined = fold(&row.join(" "));
        if joined.contains("tổng thời gian") {
            let t = row
                .iter()
                .filter_map(|c| guess::duration(c))
                .next()
                .or_else(|| guess::duration(&row.join(" ")));
            total = t.map(|t| t.days);
            r += 1;
            break;
        }
        let content = text(grid, r, cols.content);
        // Column numbering rows ("(1) (2) (3)") and empty rows carry no step.
        if content.is_empty()
            || content
                .trim_matches(|c: char| "()0123456789 ".contains(c))
                .is_empty()
        {
            r += 1;
            continue;
        }
        let mut party = text(grid, r, cols.party).to_owned();
        if party.is_empty() && !last_party.is_empty() {
            party = last_party.clone();
            guesses.push(Note {
                cell: cell_ref(grid, r, cols.party),
                what: format!("step {} party", steps.len() + 1),
                value: party.clone(),
                because: "empty cell (merged with the one above): the party above is taken".into(),
            });
        }
        last_party = party.clone();
        let time_text = cols.time.map_or("", |c| text(grid, r, c));
        let g = guess::step(content, &party, time_text);
        let n = steps.len() + 1;
        let actor_id = match actors.iter().position(|a| a.name == party) {
            Some(i) => format!("a{}", i + 1),
            None => {
                actors.push(Actor {
                    id: format!("a{}", actors.len() + 1),
                    name: if party.is_empty() {
                        "Chưa rõ".into()
                    } else {
                        party.clone()
                    },
                    role: g.role.value,
                });
                guesses.push(Note {
                    cell: cell_ref(grid, r, cols.party),
                    what: format!("actor a{} role", actors.len()),
                    value: g.role.value.as_str().into(),
                    because: because(&g.role.phrase, "no known word: the default"),
                });
                format!("a{}", actors.len())
            }
        };
        let at = cell_ref(grid, r, cols.content);
        guesses.push(Note {
            cell: at.clone(),
            what: format!("step {n} action"),
            value: g.action.value.as_str().into(),
            because: because(
                &g.action.phrase,
                "no known verb: the default for the party's role",
            ),
        });
        guesses.push(Note {
            cell: at.clone(),
            what: format!("step {n} channel"),
            value: g.channel.value.as_str().into(),
            because: because(
                &g.channel.phrase,
                "nothing said: the default for the action",
            ),
        });
        if !g.signature.is_default() {
            guesses.push(Note {
                cell: at,
                what: format!("step {n} signature"),
                value: format!("{:?}", g.signature.value).to_lowercase(),
                because: because(&g.signature.phrase, ""),
            });
        }
        let mut note = None;
        let duration_days = match &g.time {
            Some(t) if t.counted => {
                sum += t.days;
                Some(t.days)
            }
            Some(t) => {
                note = Some(format!("{} (thời gian không tính vào thời hạn)", t.phrase));
                None
            }
            None => None,
        };
        steps.push(Step {
            id: format!("b{n}"),
            name: content.split_whitespace().collect::<Vec<_>>().join(" "),
            actor: actor_id,
            action: g.action.value,
            channel: g.channel.value,
            documents: Vec::new(),
            signature: g.signature.value,
            duration_days,
            note,
            required_by: None,
            decision: None,
        });
        r += 1;
    }
    if steps.is_empty() {
        return (None, r);
    }
    let found_title = title(grid, header_row);
    let (name, code) = {
        let name = found_title
            .as_ref()
            .map_or_else(|| format!("Thủ tục {}", index + 1), |t| clean_title(&t.0));
        let from_title = found_title.as_ref().and_then(|t| code_in(&t.0));
        let code = match (from_title, code) {
            (Some(c), _) => c,
            (None, Some(c)) => c.to_owned(),
            (None, None) => {
                let c = format!("CHUA-CO-MA-{}", index + 1);
                guesses.push(Note {
                    cell: grid.name.clone(),
                    what: "procedure code".into(),
                    value: c.clone(),
                    because: "no \"Mã TTHC\" in the title and no --code: a placeholder".into(),
                });
                c
            }
        };
        (name, code)
    };
    for field in ["published", "forms_downloadable", "result.electronic"] {
        guesses.push(Note {
            cell: grid.name.clone(),
            what: field.into(),
            value: "false".into(),
            because: "not in the table: check the national TTHC database".into(),
        });
    }
    let procedure = Procedure {
        code,
        name,
        field: None,
        authority: None,
        legal_basis: Vec::new(),
        time_limit_days: total,
        fee_vnd: None,
        annual_volume: None,
        published: false,
        forms_downloadable: false,
        result: Some(ProcedureResult {
            name: None,
            electronic: false,
        }),
        actors,
        documents: Vec::new(),
        steps,
        flows: None,
        note: Some(format!(
            "Imported from the table in {} by `quytrinh import table`; every action, channel and role is a guess to confirm (see the import report).",
            grid.name
        )),
    };
    (
        Some(Imported {
            procedure,
            guesses,
            published_total_days: total,
            steps_total_days: sum,
        }),
        r,
    )
}

/// A title without its list number ("1. ") and its "(Mã TTHC: …)".
fn clean_title(title: &str) -> String {
    let mut t = title.trim();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if let Some(rest) = t
        .get(digits..)
        .filter(|_| digits > 0)
        .and_then(|r| r.strip_prefix('.'))
    {
        t = rest.trim_start();
    }
    let cut = t.to_lowercase().find("(mã").unwrap_or(t.len());
    t.get(..cut).unwrap_or(t).trim().to_owned()
}

fn because(phrase: &Option<String>, default: &str) -> String {
    match phrase {
        Some(p) => format!("from \"{p}\""),
        None => default.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            name: "t.csv".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_table_with_merged_cells_and_a_total() {
        let g = grid(&[
            &["Cấp giấy phép (Mã TTHC: 1.004227)", "", "", ""],
            &[
                "Bước",
                "Nội dung công việc",
                "Trách nhiệm thực hiện",
                "Thời gian thực hiện",
            ],
            &["B1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "4 giờ"],
            &["B2", "Thẩm định hồ sơ", "Chuyên viên", "2 ngày"],
            &["B3", "Xem xét, trình ký", "", "0,5 ngày"],
            &["B4", "Ký duyệt", "Lãnh đạo", "1 ngày"],
            &[
                "B5",
                "Trả kết quả",
                "Bộ phận Một cửa",
                "Không tính thời gian",
            ],
            &["", "Tổng thời gian giải quyết: 04 ngày làm việc", "", ""],
        ]);
        let out = import(&g, None).unwrap_or_default();
        let [one] = out.as_slice() else {
            panic!("one procedure expected, got {}", out.len());
        };
        let p = &one.procedure;
        assert_eq!(p.code, "1.004227");
        assert_eq!(p.steps.len(), 5);
        assert_eq!(p.actors.len(), 3);
        assert_eq!(one.published_total_days, Some(4.0));
        assert!((one.steps_total_days - 4.0).abs() < 1e-9);
        assert!(one.guesses.iter().any(|n| n.cell == "t.csv!R5C3"));
    }
}
