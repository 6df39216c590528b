//! A "quy trình nội bộ" table (Thứ tự công việc | Nội dung công việc | Trách nhiệm thực hiện |
//! Thời gian thực hiện | Kết quả) to procedure models, with every guess and its source cell.
//!
//! The input is a [`Grid`] of cell texts: a CSV file, one sheet of a workbook, or the body of a
//! Word file (its paragraphs and the rows of its tables, in order). Merged cells the file
//! declares (an Excel merge, a Word `gridSpan` or `vMerge`) are known: their text counts for
//! every cell they cover, except a time shared by several steps, which is counted once. A CSV
//! file declares no merge, so an empty party cell takes the party above, reported as a guess.
//!
//! One grid may hold several procedures: each begins at a header row, its title is the text
//! above the header ("1. Quy trình … (Mã TTHC: 1.001806)", and a case line such as "a) Đối với
//! trường hợp …" under it), and it ends at "Tổng thời gian …", at the next header, or where its
//! Word table ends.

use std::fmt;

use quytrinh_model::{Actor, Procedure, ProcedureResult, Step};

use crate::guess;

/// A grid of cell texts: `rows[r][c]`, from a CSV file, a sheet, or the body of a Word file.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet's name; the file name for a CSV or Word file. Used in the report.
    pub name: String,
    /// The cell texts, row by row.
    pub rows: Vec<Vec<String>>,
    /// Where each row is in its file, when not row `r + 1` of sheet `name` (a Word file's
    /// paragraphs and table rows). Empty for sheets and CSV files.
    pub places: Vec<Place>,
    /// The merged cells the file declares, in grid coordinates.
    pub merges: Vec<Merge>,
}

/// Where a row of a [`Grid`] is in a Word file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Place {
    /// Row `row` (1-based) of the `table`-th table (1-based) of the document.
    Table {
        /// The table, 1-based.
        table: usize,
        /// The row in that table, 1-based.
        row: usize,
    },
    /// The `n`-th paragraph (1-based) outside tables.
    Paragraph(usize),
}

/// A rectangle of merged cells, 0-based and inclusive, in grid coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The first row.
    pub first_row: usize,
    /// The first column.
    pub first_col: usize,
    /// The last row.
    pub last_row: usize,
    /// The last column.
    pub last_col: usize,
}

impl Grid {
    /// A grid of sheet rows without merges.
    pub fn sheet(name: impl Into<String>, rows: Vec<Vec<String>>) -> Grid {
        Grid {
            name: name.into(),
            rows,
            ..Grid::default()
        }
    }

    /// The top-left cell of the merge covering `(r, c)`, when another cell.
    fn origin(&self, r: usize, c: usize) -> Option<(usize, usize)> {
        self.merges
            .iter()
            .find(|m| {
                (m.first_row..=m.last_row).contains(&r) && (m.first_col..=m.last_col).contains(&c)
            })
            .map(|m| (m.first_row, m.first_col))
            .filter(|&o| o != (r, c))
    }

    /// The text of a cell as written, trimmed; a cell covered by a merge has its origin's text.
    fn text(&self, r: usize, c: usize) -> &str {
        let (r, c) = self.origin(r, c).unwrap_or((r, c));
        self.raw(r, c)
    }

    fn raw(&self, r: usize, c: usize) -> &str {
        self.rows
            .get(r)
            .and_then(|row| row.get(c))
            .map_or("", |s| s.trim())
    }

    fn place(&self, r: usize) -> Option<Place> {
        self.places.get(r).copied()
    }

    /// The cell `(r, c)` as the report names it.
    pub fn cell(&self, r: usize, c: usize) -> Cell {
        match self.place(r) {
            Some(Place::Table { table, row }) => Cell::Table {
                table,
                row,
                column: c + 1,
            },
            Some(Place::Paragraph(n)) => Cell::Paragraph(n),
            None => Cell::Sheet {
                sheet: self.name.clone(),
                row: r + 1,
                column: c + 1,
            },
        }
    }

    /// The table a row belongs to (the sheet for a sheet), for notes about a whole procedure.
    fn scope(&self, r: usize) -> Cell {
        match self.place(r) {
            Some(Place::Table { table, .. }) => Cell::WholeTable(table),
            _ => Cell::Whole(self.name.clone()),
        }
    }
}

/// A place in the source file, named the way its program shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cell {
    /// A cell of a sheet or CSV file: shown `Sheet!C5`.
    Sheet {
        /// The sheet's name (the file name for a CSV file).
        sheet: String,
        /// The row, 1-based.
        row: usize,
        /// The column, 1-based (shown as letters).
        column: usize,
    },
    /// A cell of a Word table: shown `table 2, row 5, column 3`.
    Table {
        /// The table, 1-based.
        table: usize,
        /// The row in that table, 1-based.
        row: usize,
        /// The column, 1-based.
        column: usize,
    },
    /// A paragraph of a Word file outside tables (a title): shown `paragraph 12`.
    Paragraph(usize),
    /// A whole sheet or CSV file.
    Whole(String),
    /// A whole Word table.
    WholeTable(usize),
}

/// The letters of a 1-based column number, as spreadsheets name it (1 → A, 27 → AA).
pub fn column_letters(column: usize) -> String {
    let mut n = column;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(d).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Sheet { sheet, row, column } => {
                write!(f, "{sheet}!{}{row}", column_letters(*column))
            }
            Cell::Table { table, row, column } => {
                write!(f, "table {table}, row {row}, column {column}")
            }
            Cell::Paragraph(n) => write!(f, "paragraph {n}"),
            Cell::Whole(sheet) => write!(f, "{sheet}"),
            Cell::WholeTable(t) => write!(f, "table {t}"),
        }
    }
}

/// One thing the importer guessed or took as a default, with the cell it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// Where the guess comes from.
    pub cell: Cell,
    /// What was guessed, e.g. `step 2 action`.
    pub what: String,
    /// The value written into the model.
    pub value: String,
    /// Why: the phrase that triggered the guess, or what default was taken.
    pub because: String,
}

/// One procedure read from a table, with everything guessed about it.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The procedure read, every guess written into it.
    pub procedure: Procedure,
    /// Every value guessed or taken as a default, with the cell it comes from.
    pub guesses: Vec<Note>,
    /// Where the procedure's header row is.
    pub header: Cell,
    /// "Tổng thời gian giải quyết" as published, in working days, and where it is.
    pub published_total_days: Option<f64>,
    /// Where that total is written.
    pub published_total_cell: Option<Cell>,
    /// The sum of the steps' counted times, in working days.
    pub steps_total_days: f64,
}

impl Imported {
    /// Whether the steps add up to the published total (within a thousandth of a day).
    pub fn total_matches(&self) -> Option<bool> {
        self.published_total_days
            .map(|t| (t - self.steps_total_days).abs() < 1e-3)
    }
}

/// Reads every procedure of the grids, in order. `code` (from `--code`) is used where a title
/// gives no "Mã TTHC". A code met twice (cases a and b of one procedure) gets a suffix, reported
/// as a guess, so that the procedures can sit in one catalogue. An error says why no procedure
/// table was found.
pub fn import_all(grids: &[Grid], code: Option<&str>) -> Result<Vec<Imported>, String> {
    let mut out: Vec<Imported> = Vec::new();
    for grid in grids {
        read_grid(grid, code, &mut out);
    }
    if out.is_empty() {
        let names: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
        return Err(format!(
            "{}: no table with the columns \"Nội dung công việc\" and \"Trách nhiệm thực hiện\" was found",
            names.join(", ")
        ));
    }
    make_codes_unique(&mut out);
    Ok(out)
}

/// Reads every procedure of one grid (see [`import_all`]).
pub fn import(grid: &Grid, code: Option<&str>) -> Result<Vec<Imported>, String> {
    import_all(std::slice::from_ref(grid), code)
}

fn read_grid(grid: &Grid, code: Option<&str>, out: &mut Vec<Imported>) {
    let mut r = 0;
    let mut floor = 0;
    let mut last_title: Option<Title> = None;
    while r < grid.rows.len() {
        if let Some(cols) = header(grid, r) {
            let title = find_title(grid, floor, r, last_title.as_ref());
            let (imported, next) = read_procedure(grid, r, &cols, &title, code, out.len());
            if let Some(i) = imported {
                out.push(i);
            }
            if title.code.is_some() {
                last_title = Some(Title {
                    case: None,
                    ..title
                });
            }
            floor = next;
            r = next;
        } else {
            r += 1;
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Columns {
    content: usize,
    party: usize,
    time: Option<usize>,
    /// "Kết quả", "Biểu mẫu/Kết quả", "Hồ sơ/Biểu mẫu".
    result: Option<usize>,
    /// The unit a bare number in the time column is in, from the header ("Thời gian (ngày)").
    time_unit: Option<&'static str>,
}

fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .nfc()
        .collect::<String>()
        .to_lowercase()
}

fn header(grid: &Grid, r: usize) -> Option<Columns> {
    let row = grid.rows.get(r)?;
    let cells: Vec<String> = (0..row.len()).map(|c| fold(grid.raw(r, c))).collect();
    let find = |pred: &dyn Fn(&str) -> bool| cells.iter().position(|c| pred(c));
    let content = find(&|c| c.starts_with("nội dung")).or_else(|| {
        find(&|c| {
            [
                "tên công việc",
                "công việc",
                "trình tự",
                "các bước",
                "mô tả",
            ]
            .iter()
            .any(|w| c.starts_with(w))
        })
    })?;
    let party = find(&|c| {
        [
            "trách nhiệm",
            "người thực hiện",
            "đơn vị thực hiện",
            "bộ phận thực hiện",
            "cơ quan thực hiện",
            "cá nhân",
            "chủ thể",
            "người/",
            "đơn vị/",
            "bộ phận/",
            "cán bộ",
            "người, bộ phận",
            "bộ phận, người",
        ]
        .iter()
        .any(|w| c.starts_with(w))
    })
    .filter(|&p| p != content)?;
    let time = find(&|c| c.starts_with("thời gian") || c.starts_with("thời hạn"));
    let result =
        find(&|c| c.starts_with("kết quả") || c.starts_with("biểu mẫu") || c.starts_with("hồ sơ/"))
            .filter(|&k| Some(k) != time && k != content && k != party);
    let time_unit = time.and_then(|t| {
        let h = cells.get(t)?;
        if h.contains("(giờ") {
            Some("giờ")
        } else if h.contains("(ngày") {
            Some("ngày")
        } else {
            None
        }
    });
    Some(Columns {
        content,
        party,
        time,
        result,
        time_unit,
    })
}

/// A procedure's title: its name, its code and where they were read.
#[derive(Debug, Clone, Default)]
struct Title {
    name: Option<String>,
    code: Option<String>,
    /// A case line ("a) Đối với trường hợp …") under the title.
    case: Option<String>,
    cell: Option<Cell>,
}

/// The title above the header at `header_row`, read from the rows after `floor` (the end of
/// the procedure before). A case line alone ("b) …") keeps the title of the procedure before.
fn find_title(grid: &Grid, floor: usize, header_row: usize, last: Option<&Title>) -> Title {
    let mut title = Title::default();
    let lines: Vec<(usize, usize, String)> = (floor..header_row)
        .rev()
        .take(6)
        .filter_map(|r| {
            let row = grid.rows.get(r)?;
            let (c, t) = row
                .iter()
                .enumerate()
                .filter(|(_, t)| !t.trim().is_empty())
                .max_by_key(|(_, t)| t.trim().chars().count())?;
            Some((r, c, t.split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect();
    for (r, c, text) in &lines {
        if title.case.is_none() && title.name.is_none() && is_case_line(text) {
            title.case = Some(text.clone());
            title.cell.get_or_insert_with(|| grid.cell(*r, *c));
            continue;
        }
        if title.name.is_none() {
            title.name = Some(clean_title(text));
            title.code = code_in(text);
            title.cell = Some(grid.cell(*r, *c));
            if title.code.is_some() {
                break;
            }
        } else if let Some(code) = code_in(text) {
            // A title split over two lines: the code on the line above.
            title.code = Some(code);
            break;
        }
    }
    if title.name.is_none()
        && title.case.is_some()
        && let Some(last) = last
    {
        title.name = last.name.clone();
        title.code = last.code.clone();
    }
    title
}

/// "a) Đối với trường hợp …", "b. Trường hợp …", "Trường hợp …".
fn is_case_line(text: &str) -> bool {
    let f = fold(text);
    let mut chars = f.chars();
    let lettered = matches!(
        (chars.next(), chars.next()),
        (Some(l), Some(')' | '.')) if l.is_alphabetic()
    );
    (lettered && f.contains("trường hợp"))
        || f.starts_with("trường hợp")
        || f.starts_with("đối với trường hợp")
}

/// The procedure code in "(Mã TTHC: 1.001193)", "Mã số TTHC: …" or "Mã thủ tục: …".
fn code_in(title: &str) -> Option<String> {
    let lower = title.to_lowercase();
    let at = ["mã tthc", "mã số tthc", "mã thủ tục", "mã số thủ tục"]
        .iter()
        .find_map(|w| lower.find(w))?;
    let rest = title.get(at..)?;
    let after = rest.split_once(':').map(|(_, b)| b)?;
    let code: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    let code = code.trim_end_matches(['.', '-']).to_owned();
    (!code.is_empty()).then_some(code)
}

/// A title's procedure name: the words in quotes when there are ("Quy trình …: “Cấp giấy
/// phép …” (Mã TTHC: …)"), else the title without its list number and its "(Mã TTHC: …)".
fn clean_title(title: &str) -> String {
    for (open, close) in [('“', '”'), ('"', '"')] {
        if let Some((_, rest)) = title.split_once(open)
            && let Some((inner, _)) = rest.split_once(close)
            && !inner.trim().is_empty()
        {
            return inner.trim().to_owned();
        }
    }
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

fn is_total_row(grid: &Grid, r: usize) -> bool {
    grid.rows
        .get(r)
        .is_some_and(|row| fold(&row.join(" ")).contains("tổng thời gian"))
}

/// Reads the procedure whose header row is `header_row`: its steps down to the total row, the
/// next header or the end of its table; returns it (if it has steps) and the row after it.
fn read_procedure(
    grid: &Grid,
    header_row: usize,
    cols: &Columns,
    title: &Title,
    code: Option<&str>,
    index: usize,
) -> (Option<Imported>, usize) {
    let mut reading = Reading {
        grid,
        cols,
        guesses: Vec::new(),
        steps: Vec::new(),
        actors: Vec::new(),
        total: None,
        total_cell: None,
        sum: 0.0,
        last_party: String::new(),
        step_rows: Vec::new(),
    };
    let table = match grid.place(header_row) {
        Some(Place::Table { table, .. }) => Some(table),
        _ => None,
    };
    let mut r = header_row + 1;
    while r < grid.rows.len() {
        let place = grid.place(r);
        let in_table = match (table, place) {
            (Some(t), Some(Place::Table { table, .. })) => t == table,
            (Some(_), _) => false,
            (None, _) => true,
        };
        if is_total_row(grid, r) {
            reading.total_row(r);
            r += 1;
            break;
        }
        if !in_table || header(grid, r).is_some() {
            break;
        }
        let content = grid.raw(r, cols.content);
        // Column numbering rows ("(1) (2) (3)"), empty rows and rows whose content cell
        // continues a merge from above carry no step.
        let continues = grid.origin(r, cols.content).is_some_and(|(o, _)| o < r);
        if !(continues
            || content.is_empty()
            || content
                .trim_matches(|c: char| "()0123456789 ".contains(c))
                .is_empty())
        {
            reading.step_row(r, content);
        }
        r += 1;
    }
    if reading.steps.is_empty() {
        return (None, r);
    }
    (Some(reading.finish(header_row, title, code, index)), r)
}

/// A procedure table being read, row by row: what it has given so far.
struct Reading<'g> {
    grid: &'g Grid,
    cols: &'g Columns,
    guesses: Vec<Note>,
    steps: Vec<Step>,
    actors: Vec<Actor>,
    /// The published total time, and its cell.
    total: Option<f64>,
    total_cell: Option<Cell>,
    /// The sum of the steps' counted times.
    sum: f64,
    /// The party of the step above, for an empty party cell.
    last_party: String,
    /// The grid row of each step, to find which step a merged time cell began at.
    step_rows: Vec<usize>,
}

impl Reading<'_> {
    /// The row "Tổng thời gian giải quyết": the published total, in any cell or as a bare
    /// number under the time column.
    fn total_row(&mut self, r: usize) {
        let (grid, cols) = (self.grid, self.cols);
        let row = grid.rows.get(r).map_or(&[][..], Vec::as_slice);
        let found = row
            .iter()
            .enumerate()
            .find_map(|(c, t)| guess::duration(t).map(|d| (c, d)));
        if let Some((c, d)) = found {
            self.total = Some(d.days);
            self.total_cell = Some(grid.cell(r, c));
        } else if let Some(c) = cols.time {
            // "Tổng thời gian giải quyết | | | 4" under "Thời gian (ngày)".
            let (t, bare) = with_unit(grid.text(r, c), cols.time_unit);
            if let (true, Some(d)) = (bare, guess::duration(&t)) {
                self.total = Some(d.days);
                self.total_cell = Some(grid.cell(r, c));
                self.guesses.push(bare_number_note(
                    grid.cell(r, c),
                    "total time".into(),
                    d.days,
                    cols.time_unit,
                ));
            }
        }
    }

    /// The step of row `r`, whose content cell says `content`.
    fn step_row(&mut self, r: usize, content: &str) {
        let (grid, cols) = (self.grid, self.cols);
        let n = self.steps.len() + 1;
        let mut party = grid.text(r, cols.party).to_owned();
        if party.is_empty() && !self.last_party.is_empty() {
            party = self.last_party.clone();
            self.guesses.push(Note {
                cell: grid.cell(r, cols.party),
                what: format!("step {n} party"),
                value: party.clone(),
                because: "empty cell, no merge declared: the party above is taken".into(),
            });
        }
        self.last_party = party.clone();
        let (time_text, bare_number, shared_with) = match cols.time {
            None => (String::new(), false, None),
            Some(c) => match grid.origin(r, c) {
                Some((o, oc)) if o < r => (String::new(), false, Some((o, oc))),
                _ => {
                    let (t, bare) = with_unit(grid.text(r, c), cols.time_unit);
                    (t, bare, None)
                }
            },
        };
        let g = guess::step(content, &party, &time_text);
        let actor_id = self.actor(r, party, &g);
        self.guess_notes(r, n, &g);
        let mut notes = Vec::new();
        let duration_days = match (&g.time, shared_with) {
            (_, Some((o, oc))) => {
                self.shared_time(grid.cell(r, oc), n, o);
                notes.push("thời gian tính chung với bước trên (ô gộp)".to_owned());
                None
            }
            (Some(t), None) if t.counted => {
                if let (true, Some(c)) = (bare_number, cols.time) {
                    self.guesses.push(bare_number_note(
                        grid.cell(r, c),
                        format!("step {n} time"),
                        t.days,
                        cols.time_unit,
                    ));
                }
                self.sum += t.days;
                Some(t.days)
            }
            (Some(t), None) => {
                notes.push(format!("{} (thời gian không tính vào thời hạn)", t.phrase));
                None
            }
            (None, None) => {
                let cell = cols
                    .time
                    .map_or_else(|| grid.cell(r, cols.content), |c| grid.cell(r, c));
                let bare = time_text.trim();
                self.guesses.push(Note {
                    cell,
                    what: format!("step {n} time"),
                    value: "none".into(),
                    because: if bare.is_empty() {
                        "no time given".into()
                    } else {
                        format!("no duration in \"{bare}\"")
                    },
                });
                None
            }
        };
        if let Some(c) = cols.result {
            let res = grid.text(r, c);
            if !res.is_empty() {
                notes.push(format!(
                    "Kết quả: {}",
                    res.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
        self.step_rows.push(r);
        self.steps.push(Step {
            signature: g.signature.value,
            duration_days,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
            ..Step::new(
                format!("b{n}"),
                content.split_whitespace().collect::<Vec<_>>().join(" "),
                actor_id,
                g.action.value,
                g.channel.value,
            )
        });
    }

    /// The id of the actor named `party` (row `r`), a new one with its guessed role if it is
    /// not known yet.
    fn actor(&mut self, r: usize, party: String, g: &guess::StepGuess) -> String {
        if let Some(i) = self.actors.iter().position(|a| a.name == party) {
            return format!("a{}", i + 1);
        }
        self.actors.push(Actor {
            id: format!("a{}", self.actors.len() + 1),
            name: if party.is_empty() {
                "Chưa rõ".into()
            } else {
                party
            },
            role: g.role.value,
        });
        self.guesses.push(Note {
            cell: self.grid.cell(r, self.cols.party),
            what: format!("actor a{} role", self.actors.len()),
            value: g.role.value.as_str().into(),
            because: because(&g.role.phrase, "no known word: the default"),
        });
        format!("a{}", self.actors.len())
    }

    /// The notes of step `n`'s guessed action, channel and (when not the default) signature.
    fn guess_notes(&mut self, r: usize, n: usize, g: &guess::StepGuess) {
        let at = self.grid.cell(r, self.cols.content);
        for (field, value, phrase, default) in [
            (
                "action",
                g.action.value.as_str(),
                &g.action.phrase,
                "no known verb: the default for the party's role",
            ),
            (
                "channel",
                g.channel.value.as_str(),
                &g.channel.phrase,
                "nothing said: the default for the action",
            ),
        ] {
            self.guesses.push(Note {
                cell: at.clone(),
                what: format!("step {n} {field}"),
                value: value.into(),
                because: because(phrase, default),
            });
        }
        if !g.signature.is_default() {
            self.guesses.push(Note {
                cell: at,
                what: format!("step {n} signature"),
                value: format!("{:?}", g.signature.value).to_lowercase(),
                because: because(&g.signature.phrase, ""),
            });
        }
    }

    /// The note of step `n`, whose time cell (`cell`) is merged with the one of row `origin`.
    fn shared_time(&mut self, cell: Cell, n: usize, origin: usize) {
        let first = self
            .step_rows
            .iter()
            .position(|&sr| sr == origin)
            .map(|i| i + 1);
        self.guesses.push(Note {
            cell,
            what: format!("step {n} time"),
            value: "none".into(),
            because: match first {
                Some(m) => format!(
                    "the time cell is merged with step {m}'s: its time is counted once, on step {m}"
                ),
                None => "the time cell is merged with the one above: counted there".into(),
            },
        });
    }

    /// The procedure read: its name and code from the title (placeholders, noted, when it has
    /// none), the facts a table never gives noted as defaults.
    fn finish(
        mut self,
        header_row: usize,
        title: &Title,
        code: Option<&str>,
        index: usize,
    ) -> Imported {
        let grid = self.grid;
        let scope = grid.scope(header_row);
        let header_cell = grid.cell(header_row, self.cols.content);
        let title_cell = title.cell.clone().unwrap_or_else(|| scope.clone());
        let name = match (&title.name, &title.case) {
            (Some(n), Some(c)) => format!("{n} — {c}"),
            (Some(n), None) => n.clone(),
            (None, Some(c)) => c.clone(),
            (None, None) => {
                let n = format!("Thủ tục {}", index + 1);
                self.guesses.push(Note {
                    cell: scope.clone(),
                    what: "procedure name".into(),
                    value: n.clone(),
                    because: "no title above the table: a placeholder".into(),
                });
                n
            }
        };
        let code = match (&title.code, code) {
            (Some(c), _) => c.clone(),
            (None, Some(c)) => c.to_owned(),
            (None, None) => {
                let c = format!("CHUA-CO-MA-{}", index + 1);
                self.guesses.push(Note {
                    cell: title_cell,
                    what: "procedure code".into(),
                    value: c.clone(),
                    because: "no \"Mã TTHC\" in the title and no --code: a placeholder".into(),
                });
                c
            }
        };
        for field in ["published", "forms_downloadable", "result.electronic"] {
            self.guesses.push(Note {
                cell: scope.clone(),
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
            time_limit_days: self.total,
            fee_vnd: None,
            annual_volume: None,
            published: false,
            forms_downloadable: false,
            result: Some(ProcedureResult {
                name: None,
                electronic: false,
            }),
            actors: self.actors,
            documents: Vec::new(),
            steps: self.steps,
            flows: None,
            note: Some(format!(
                "Imported from {scope} by `quytrinh import table`; every action, channel and role is a guess to confirm (see the import report)."
            )),
        };
        Imported {
            procedure,
            guesses: self.guesses,
            header: header_cell,
            published_total_days: self.total,
            published_total_cell: self.total_cell,
            steps_total_days: self.sum,
        }
    }
}

/// A bare number in the time column ("2", "0,5") with the unit the header names, or in
/// working days when the header names none; and whether the number was bare.
fn with_unit(text: &str, unit: Option<&str>) -> (String, bool) {
    let t = text.trim();
    let bare = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '/');
    if bare {
        (format!("{t} {}", unit.unwrap_or("ngày")), true)
    } else {
        (t.to_owned(), false)
    }
}

/// The note for a time cell holding a bare number, read in `unit` (from the header).
fn bare_number_note(cell: Cell, what: String, days: f64, unit: Option<&str>) -> Note {
    Note {
        cell,
        what,
        value: format!("{days} working days"),
        because: match unit {
            Some(u) => format!("a bare number: read in {u}, the unit the column header names"),
            None => "a bare number and no unit in the column header: read as working days".into(),
        },
    }
}

/// A code met more than once gets `-2`, `-3`… after its first use, reported as a guess.
fn make_codes_unique(out: &mut [Imported]) {
    let mut seen: Vec<String> = Vec::new();
    for i in out.iter_mut() {
        let code = i.procedure.code.clone();
        let count = seen.iter().filter(|c| **c == code).count();
        seen.push(code.clone());
        if count > 0 {
            let new = format!("{code}-{}", count + 1);
            i.guesses.push(Note {
                cell: i.header.clone(),
                what: "procedure code".into(),
                value: new.clone(),
                because: format!(
                    "code {code} is used by a procedure before in this file (another case of it): a suffix keeps codes unique"
                ),
            });
            i.procedure.code = new;
        }
    }
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
        Grid::sheet(
            "t.csv",
            rows.iter()
                .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        )
    }

    #[test]
    fn a_table_with_empty_cells_and_a_total() {
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
        assert_eq!(p.name, "Cấp giấy phép");
        assert_eq!(p.steps.len(), 5);
        assert_eq!(p.actors.len(), 3);
        assert_eq!(one.published_total_days, Some(4.0));
        assert_eq!(one.total_matches(), Some(true));
        let party = one
            .guesses
            .iter()
            .find(|n| n.what == "step 3 party")
            .map(|n| n.cell.to_string());
        assert_eq!(party.as_deref(), Some("t.csv!C5"));
    }

    #[test]
    fn declared_merges_are_known_and_a_shared_time_counts_once() {
        let mut g = grid(&[
            &[
                "Thứ tự",
                "Nội dung công việc",
                "Bộ phận thực hiện",
                "Thời gian (ngày)",
            ],
            &["1", "Tiếp nhận hồ sơ", "Bộ phận Một cửa", "0,5"],
            &["2", "Thẩm định hồ sơ", "Phòng Tư pháp", "3"],
            &["3", "Trình lãnh đạo phòng", "", ""],
            &["4", "Ký quyết định", "Lãnh đạo UBND", "0,5"],
            &["Tổng thời gian giải quyết", "", "", "04 ngày"],
        ]);
        g.merges = vec![
            Merge {
                first_row: 2,
                first_col: 2,
                last_row: 3,
                last_col: 2,
            },
            Merge {
                first_row: 2,
                first_col: 3,
                last_row: 3,
                last_col: 3,
            },
        ];
        let out = import(&g, Some("2.000001")).unwrap_or_default();
        let [one] = out.as_slice() else {
            panic!("one procedure expected, got {}", out.len());
        };
        let s = &one.procedure.steps;
        assert_eq!(s.get(2).map(|s| s.actor.as_str()), Some("a2"));
        assert_eq!(s.get(2).and_then(|s| s.duration_days), None);
        assert_eq!(s.get(1).and_then(|s| s.duration_days), Some(3.0));
        assert_eq!(one.total_matches(), Some(true));
        assert!(!one.guesses.iter().any(|n| n.what == "step 3 party"));
        assert!(one.guesses.iter().any(|n| n.what == "step 3 time"
            && n.because.contains("step 2")
            && n.cell.to_string() == "t.csv!D4"));
        assert_eq!(one.procedure.code, "2.000001");
    }

    #[test]
    fn titles_codes_and_cases() {
        assert_eq!(
            code_in("1. Quy trình nội bộ giải quyết TTHC: “Cấp phép” (Mã TTHC:1.013814)"),
            Some("1.013814".into())
        );
        assert_eq!(
            clean_title("1. Quy trình nội bộ giải quyết TTHC: “Cấp phép” (Mã TTHC: 1.013814)"),
            "Cấp phép"
        );
        assert_eq!(
            clean_title("2. Chứng thực bản sao (Mã TTHC: 2.000815)"),
            "Chứng thực bản sao"
        );
        assert!(is_case_line("a) Đối với trường hợp cấp giấy chứng nhận"));
        assert!(!is_case_line("1. Quy trình cấp giấy phép"));
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(28), "AB");
    }
}
