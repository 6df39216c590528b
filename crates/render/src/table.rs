//! The step table of an internal procedure ("quy trình nội bộ"): one row per step, in the order
//! of `steps`, with the columns Vietnamese process documents use (Bước | Nội dung công việc |
//! Trách nhiệm | Thời gian | Kết quả / biểu mẫu), and a last row with the total time (the
//! critical path) against the legal time limit. The same numbers (`B1`, `B2`, …) are on every
//! diagram, so the table and the chart read together.
//!
//! [`step_table`] builds the table once; [`StepTable::markdown`], [`StepTable::html`] and
//! [`csv()`] write it. Every piece of user text is escaped for the language it is written into
//! ([`crate::escape`]).

use std::fmt::Write as _;

use quytrinh_model::{Action, Channel, Form, Lang, Procedure};

use crate::escape::{escape_html, escape_markdown};
use crate::text;

/// Tolerance when comparing days (the analyzer rounds to 9 decimals).
const EPSILON: f64 = 1e-9;

/// The critical path of a procedure as the analysis found it: its length in working days and
/// its steps (ids, in order). The table shows this total; it never computes one of its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriticalPath<'a> {
    /// Its length, in working days.
    pub days: f64,
    /// Its steps' ids, in order.
    pub steps: &'a [String],
}

/// What the step table marks besides the steps (all optional: without it the table shows the
/// model only).
#[derive(Debug, Clone, Default)]
pub struct TableFacts<'a> {
    /// The critical path: its steps' durations are marked and its length is the total.
    pub critical_path: Option<CriticalPath<'a>>,
    /// Steps the applicant may avoid by choice (rules v2, findings `optional_channel`), with
    /// the criteria each breaks: an option kept beside the way the verdict follows, noted as
    /// such (never as a blocker).
    pub optional_steps: Vec<OptionalStep<'a>>,
}

/// A step outside the applicant's best way that breaks a criterion (rules v2: a finding of kind
/// `optional_channel`, one per criterion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionalStep<'a> {
    /// The step's id.
    pub step: &'a str,
    /// The criterion it breaks (1–8).
    pub criterion: u8,
    /// The first step of the option the best way takes instead.
    pub instead: Option<&'a str>,
}

/// The step table of one procedure.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTable {
    /// The procedure's code (mã TTHC).
    pub code: String,
    /// The procedure's name.
    pub name: String,
    /// The language of the headings and labels.
    pub lang: Lang,
    /// One per step, in the order of `steps`.
    pub rows: Vec<Row>,
    /// The total time against the legal limit.
    pub total: Total,
}

/// One step. Each cell is a list of lines (joined by a line break in every format).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `B1`, `B2`, … from [`Lang::step_number`].
    pub number: String,
    /// The step's id in the model.
    pub step_id: String,
    /// The step's name, then its channel (and signature), its decision question, its note.
    pub content: Vec<String>,
    /// The actor's name.
    pub responsible: String,
    /// From [`Lang::duration`]; empty when the step has no duration.
    pub time: String,
    /// The documents handed over (with their form), and the result on `issue_result` and
    /// `return_result` steps.
    pub output: Vec<String>,
    /// The step is on the critical path.
    pub critical: bool,
    /// The applicant may avoid this step by choice (an option kept beside the online way).
    pub optional: bool,
}

/// The last row: the total time against the legal limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// The critical path in working days (`None` when no analysis was given).
    pub days: Option<f64>,
    /// The legal time limit (thời hạn giải quyết), in working days.
    pub time_limit_days: Option<f64>,
    /// The critical path's steps as numbers (`B1 → B2 → B4`).
    pub path: String,
}

impl Total {
    /// By how many days the total exceeds the limit (`None` when it does not, or either is
    /// unknown).
    pub fn overrun(&self) -> Option<f64> {
        let over = self.days? - self.time_limit_days?;
        (over > EPSILON).then_some(over)
    }
}

/// Builds the step table of `p`.
pub fn step_table(p: &Procedure, facts: &TableFacts<'_>, lang: Lang) -> StepTable {
    let critical: &[String] = facts.critical_path.map_or(&[], |c| c.steps);
    let rows = p
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut content = vec![step.name.clone()];
            let mut how = text::capitalised(step.channel.label(lang));
            if let Some(signature) = text::signature(step.signature, lang) {
                let _ = write!(how, ", {signature}");
            }
            content.push(how);
            if let Some(question) = &step.decision {
                content.push(format!(
                    "{}: {question}",
                    lang.pick("Quyết định", "Decision")
                ));
            }
            if let Some(law) = &step.required_by {
                content.push(format!("{}: {law}", lang.pick("Theo", "Required by")));
            }
            let options: Vec<&OptionalStep<'_>> = facts
                .optional_steps
                .iter()
                .filter(|o| o.step == step.id)
                .collect();
            let optional = !options.is_empty();
            if let Some(first) = options.first() {
                let criteria: Vec<u8> = options.iter().map(|o| o.criterion).collect();
                let mut line = format!(
                    "{} ({})",
                    lang.pick(
                        "Phương án giữ lại theo lựa chọn của người dân",
                        "An option kept at the applicant's choice"
                    ),
                    text::criteria(&criteria, lang)
                );
                if let Some(i) = first
                    .instead
                    .and_then(|id| p.steps.iter().position(|s| s.id == id))
                {
                    let _ = write!(
                        line,
                        "; {} {}",
                        lang.pick("cách trực tuyến:", "the online way:"),
                        lang.step_number(i)
                    );
                }
                content.push(line);
            }
            let mut output: Vec<String> = step
                .documents
                .iter()
                .map(|id| match p.documents.iter().find(|d| &d.id == id) {
                    Some(d) if d.form == Form::Paper => {
                        format!("{} ({})", d.name, lang.pick("bản giấy", "paper"))
                    }
                    Some(d) => d.name.clone(),
                    None => id.clone(),
                })
                .collect();
            if matches!(step.action, Action::IssueResult | Action::ReturnResult) {
                output.push(result_line(p, step.channel, lang));
            }
            Row {
                number: lang.step_number(i),
                step_id: step.id.clone(),
                content,
                responsible: p
                    .actors
                    .iter()
                    .find(|a| a.id == step.actor)
                    .map_or_else(|| step.actor.clone(), |a| a.name.clone()),
                time: step
                    .duration_days
                    .map(|d| lang.duration(d))
                    .unwrap_or_default(),
                output,
                critical: critical.contains(&step.id),
                optional,
            }
        })
        .collect();
    let path = critical
        .iter()
        .filter_map(|id| p.steps.iter().position(|s| &s.id == id))
        .map(|i| lang.step_number(i))
        .collect::<Vec<_>>()
        .join(" → ");
    StepTable {
        code: p.code.clone(),
        name: p.name.clone(),
        lang,
        rows,
        total: Total {
            days: facts.critical_path.map(|c| c.days),
            time_limit_days: p.time_limit_days,
            path,
        },
    }
}

/// `Kết quả: Giấy khai sinh (bản điện tử)`: electronic where the procedure has an electronic
/// result and the step is online, else on paper (a copy sent by post or handed over).
fn result_line(p: &Procedure, channel: Channel, lang: Lang) -> String {
    let result = p.result.as_ref();
    let name = result
        .and_then(|r| r.name.as_deref())
        .unwrap_or(lang.pick("kết quả giải quyết", "the result"));
    let form = if result.is_some_and(|r| r.electronic) && channel == Channel::Online {
        Form::Electronic.label(lang)
    } else {
        Form::Paper.label(lang)
    };
    format!("{}: {name} ({form})", lang.pick("Kết quả", "Result"))
}

/// The column headings, in order.
pub fn headings(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("Bước", "Step"),
        lang.pick("Nội dung công việc", "Work done"),
        lang.pick("Trách nhiệm", "Responsible"),
        lang.pick("Thời gian", "Time"),
        lang.pick("Kết quả / biểu mẫu", "Result / forms"),
    ]
}

impl StepTable {
    /// The total row's cells: label, time, and the limit with the overrun.
    pub fn total_cells(&self) -> (String, String, String) {
        let lang = self.lang;
        let t = &self.total;
        let mut label = lang
            .pick(
                "Tổng thời gian giải quyết (nhánh dài nhất)",
                "Total time (longest branch)",
            )
            .to_owned();
        if !t.path.is_empty() {
            let _ = write!(label, ": {}", t.path);
        }
        let time = t.days.map(|d| lang.duration(d)).unwrap_or_default();
        let limit = match (t.time_limit_days, t.overrun()) {
            (None, _) => lang
                .pick(
                    "Thời hạn giải quyết: chưa quy định",
                    "Legal time limit: not given",
                )
                .to_owned(),
            (Some(l), Some(over)) => format!(
                "{}: {} — {} {}",
                lang.pick("Thời hạn giải quyết", "Legal time limit"),
                lang.duration(l),
                lang.pick("vượt", "exceeded by"),
                lang.duration(over)
            ),
            (Some(l), None) if t.days.is_some() => format!(
                "{}: {} — {}",
                lang.pick("Thời hạn giải quyết", "Legal time limit"),
                lang.duration(l),
                lang.pick("trong thời hạn", "within the limit")
            ),
            (Some(l), None) => format!(
                "{}: {}",
                lang.pick("Thời hạn giải quyết", "Legal time limit"),
                lang.duration(l)
            ),
        };
        (label, time, limit)
    }

    /// What the bold times mean, when some are bold.
    fn bold_note(&self) -> Option<&'static str> {
        self.rows
            .iter()
            .any(|r| r.critical && !r.time.is_empty())
            .then(|| {
                self.lang.pick(
                    "Thời gian in đậm: các bước trên nhánh dài nhất.",
                    "Times in bold: the steps on the longest branch.",
                )
            })
    }

    /// The title: `Quy trình nội bộ: 1.001193 — Đăng ký khai sinh`.
    pub fn title(&self) -> String {
        format!(
            "{}: {} — {}",
            self.lang.pick("Quy trình nội bộ", "Internal procedure"),
            self.code,
            self.name
        )
    }

    /// The table in Markdown (a pipe table; lines in a cell joined by `<br>`), with a heading
    /// of `level` `#`s (none when 0) and a note on the marks used.
    pub fn markdown(&self, level: usize) -> String {
        let mut out = String::new();
        if level > 0 {
            let _ = writeln!(
                out,
                "{} {}\n",
                "#".repeat(level),
                escape_markdown(&self.title())
            );
        }
        let _ = writeln!(out, "| {} |", headings(self.lang).join(" | "));
        out.push_str("|---|---|---|---:|---|\n");
        let lines = |cell: &[String]| {
            cell.iter()
                .map(|l| escape_markdown(l))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        for r in &self.rows {
            let time = match (r.critical, r.time.is_empty()) {
                (true, false) => format!("**{}**", escape_markdown(&r.time)),
                (_, true) => "–".to_owned(),
                (false, false) => escape_markdown(&r.time),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.number,
                lines(&r.content),
                escape_markdown(&r.responsible),
                time,
                lines(&r.output)
            );
        }
        let (label, time, limit) = self.total_cells();
        let _ = writeln!(
            out,
            "| | **{}** | | **{}** | {} |",
            escape_markdown(&label),
            escape_markdown(&time),
            escape_markdown(&limit)
        );
        if let Some(note) = self.bold_note() {
            let _ = writeln!(out, "\n{note}");
        }
        out
    }

    /// The table as an HTML fragment (`<table class="quytrinh-steps">`, with a caption), for a
    /// page that styles it.
    pub fn html(&self) -> String {
        let mut out = String::new();
        let lines = |out: &mut String, cell: &[String]| {
            for (i, l) in cell.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                out.push_str(&escape_html(l));
            }
        };
        let _ = write!(
            out,
            "<table class=\"quytrinh-steps\">\n<caption>{}</caption>\n<thead><tr>",
            escape_html(&self.title())
        );
        for (i, h) in headings(self.lang).iter().enumerate() {
            let class = ["number", "content", "responsible", "time", "output"]
                .get(i)
                .copied()
                .unwrap_or_default();
            let _ = write!(out, "<th class=\"{class}\">{}</th>", escape_html(h));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            let mut classes = Vec::new();
            if r.critical {
                classes.push("critical");
            }
            if r.optional {
                classes.push("optional");
            }
            if classes.is_empty() {
                out.push_str("<tr>");
            } else {
                let _ = write!(out, "<tr class=\"{}\">", classes.join(" "));
            }
            let _ = write!(out, "<td class=\"number\">{}</td>", escape_html(&r.number));
            out.push_str("<td class=\"content\"><strong>");
            out.push_str(&escape_html(r.content.first().map_or("", String::as_str)));
            out.push_str("</strong>");
            for l in r.content.iter().skip(1) {
                out.push_str("<br><small>");
                out.push_str(&escape_html(l));
                out.push_str("</small>");
            }
            out.push_str("</td>");
            let _ = write!(
                out,
                "<td class=\"responsible\">{}</td><td class=\"time\">{}</td><td class=\"output\">",
                escape_html(&r.responsible),
                if r.time.is_empty() {
                    "–".to_owned()
                } else {
                    escape_html(&r.time)
                }
            );
            lines(&mut out, &r.output);
            out.push_str("</td></tr>\n");
        }
        let (label, time, limit) = self.total_cells();
        let class = if self.total.overrun().is_some() {
            "total overrun"
        } else {
            "total"
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\"><td></td><td class=\"content\" colspan=\"2\">{}</td><td class=\"time\">{}</td><td class=\"output\">{}</td></tr>\n</tbody>\n</table>\n",
            escape_html(&label),
            escape_html(&time),
            escape_html(&limit)
        );
        if let Some(note) = self.bold_note() {
            let _ = writeln!(out, "<p class=\"table-note\">{}</p>", escape_html(note));
        }
        out
    }
}

/// The tables as one CSV (RFC 4180, through the `csv` crate): a header row, then per table one
/// row per step and its total row, each led by the procedure code. Lines in a cell are joined
/// by a line break (quoted). The total row has the step column `Tổng` / `Total`.
pub fn csv(tables: &[StepTable], lang: Lang) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let code = lang.pick("Mã TTHC", "Code");
    let [step, content, responsible, time, output] = headings(lang);
    // Writing to a Vec cannot fail; a record error (never for strings) would only drop it.
    let mut record = |fields: [&str; 6]| {
        let _ = w.write_record(fields);
    };
    record([code, step, content, responsible, time, output]);
    for t in tables {
        for r in &t.rows {
            record([
                &t.code,
                &r.number,
                &r.content.join("\n"),
                &r.responsible,
                &r.time,
                &r.output.join("\n"),
            ]);
        }
        let (label, time, limit) = t.total_cells();
        record([
            &t.code,
            lang.pick("Tổng", "Total"),
            &label,
            "",
            &time,
            &limit,
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const PROCEDURE: &str = r#"{"procedure": {"code": "X.1", "name": "Cấp <giấy> phép",
        "time_limit_days": 2, "result": {"name": "Giấy phép", "electronic": true},
        "actors": [{"id": "dan", "name": "Công dân | hộ", "role": "applicant"},
                   {"id": "mc", "name": "Bộ phận Một cửa", "role": "agency"}],
        "documents": [{"id": "don", "name": "Đơn *đề nghị*", "form": "electronic", "kind": "form"},
                      {"id": "ban_ve", "name": "Bản vẽ", "form": "paper"}],
        "steps": [
          {"id": "nop", "name": "Nộp hồ sơ", "actor": "dan", "action": "submit", "channel": "online",
           "documents": ["don", "ban_ve"], "signature": "digital"},
          {"id": "xet", "name": "Xem xét", "actor": "mc", "action": "process", "channel": "online",
           "duration_days": 2, "decision": "Đủ điều kiện?"},
          {"id": "cap", "name": "Cấp phép", "actor": "mc", "action": "issue_result", "channel": "online",
           "duration_days": 0.5},
          {"id": "tra", "name": "Trả kết quả", "actor": "mc", "action": "return_result", "channel": "online"}
        ]}}"#;

    fn table(critical: Option<(f64, &[String])>) -> StepTable {
        let doc = quytrinh_model::parse_str("t.json", PROCEDURE).unwrap();
        let p = doc.procedure.unwrap();
        let facts = TableFacts {
            critical_path: critical.map(|(days, steps)| CriticalPath { days, steps }),
            optional_steps: Vec::new(),
        };
        step_table(&p, &facts, Lang::Vi)
    }

    fn path() -> Vec<String> {
        ["nop", "xet", "cap", "tra"].map(str::to_owned).to_vec()
    }

    #[test]
    fn one_row_per_step_numbered_and_timed_by_the_model() {
        let path = path();
        let t = table(Some((2.5, &path)));
        let numbers: Vec<&str> = t.rows.iter().map(|r| r.number.as_str()).collect();
        assert_eq!(numbers, ["B1", "B2", "B3", "B4"]);
        assert_eq!(t.rows[2].time, "4 giờ");
        assert_eq!(t.rows[1].time, "2 ngày");
        assert_eq!(t.rows[0].time, "");
        assert_eq!(t.rows[0].output, ["Đơn *đề nghị*", "Bản vẽ (bản giấy)"]);
        assert_eq!(t.rows[1].content[2], "Quyết định: Đủ điều kiện?");
        // The result on the issuing and the returning step, nowhere else.
        for (i, r) in t.rows.iter().enumerate() {
            let has = r
                .output
                .iter()
                .any(|l| l == "Kết quả: Giấy phép (bản điện tử)");
            assert_eq!(has, i >= 2, "{r:?}");
        }
        assert!(t.rows.iter().all(|r| r.critical));
        assert_eq!(t.total.path, "B1 → B2 → B3 → B4");
    }

    #[test]
    fn the_total_is_the_critical_path_against_the_limit() {
        let path = path();
        let t = table(Some((2.5, &path)));
        assert_eq!(t.total.overrun(), Some(0.5));
        let (_, time, limit) = t.total_cells();
        assert_eq!(time, "2,5 ngày");
        assert_eq!(limit, "Thời hạn giải quyết: 2 ngày — vượt 4 giờ");
        let t = table(Some((2.0, &path)));
        assert_eq!(t.total.overrun(), None);
        assert_eq!(
            t.total_cells().2,
            "Thời hạn giải quyết: 2 ngày — trong thời hạn"
        );
        // Without an analysis, no total is made up.
        let t = table(None);
        assert_eq!(t.total_cells().1, "");
        assert!(t.rows.iter().all(|r| !r.critical));
    }

    #[test]
    fn options_kept_by_choice_are_noted_not_blamed() {
        let doc = quytrinh_model::parse_str("t.json", PROCEDURE).unwrap();
        let p = doc.procedure.unwrap();
        let facts = TableFacts {
            critical_path: None,
            optional_steps: [6, 8]
                .map(|criterion| OptionalStep {
                    step: "tra",
                    criterion,
                    instead: Some("cap"),
                })
                .to_vec(),
        };
        let t = step_table(&p, &facts, Lang::Vi);
        assert!(t.rows[3].optional);
        assert_eq!(
            t.rows[3].content.last().unwrap(),
            "Phương án giữ lại theo lựa chọn của người dân (TC6, TC8); cách trực tuyến: B3"
        );
        assert!(t.rows[..3].iter().all(|r| !r.optional));
        assert!(t.html().contains("<tr class=\"optional\">"));
    }

    #[test]
    fn markdown_snapshot() {
        let path = path();
        insta::assert_snapshot!(table(Some((2.5, &path))).markdown(3));
    }

    #[test]
    fn html_escapes_every_cell_and_marks_the_overrun() {
        let path = path();
        let html = table(Some((2.5, &path))).html();
        assert!(html.contains("Cấp &lt;giấy&gt; phép"), "{html}");
        assert!(!html.contains("<giấy>"), "{html}");
        assert!(html.contains("<tr class=\"total overrun\">"), "{html}");
        assert_eq!(html.matches("<tr class=\"critical\">").count(), 4);
    }

    #[test]
    fn csv_round_trips_through_a_csv_reader() {
        let path = path();
        let t = table(Some((2.5, &path)));
        let text = csv(std::slice::from_ref(&t), Lang::Vi);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            [
                "Mã TTHC",
                "Bước",
                "Nội dung công việc",
                "Trách nhiệm",
                "Thời gian",
                "Kết quả / biểu mẫu"
            ]
        );
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 5);
        assert_eq!(&rows[0][3], "Công dân | hộ");
        assert_eq!(&rows[0][5], "Đơn *đề nghị*\nBản vẽ (bản giấy)");
        assert_eq!(&rows[4][1], "Tổng");
        assert_eq!(&rows[4][4], "2,5 ngày");
    }
}
