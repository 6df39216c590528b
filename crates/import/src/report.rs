//! The import report: for each procedure read, every guess with the cell it comes from, and
//! the check of the steps' times against the published total, for a reviewer to confirm line by
//! line. As text (for the terminal) or as a Markdown checklist (a file to work through).

use crate::table::Imported;

/// Days without a needless `.0` (`4`, `0.5`, `0.25`), with their unit.
fn days(d: f64) -> String {
    let rounded = (d * 1000.0).round() / 1000.0;
    if (rounded - 1.0).abs() < f64::EPSILON {
        "1 working day".into()
    } else {
        format!("{rounded} working days")
    }
}

/// The line about the total: the sum of the steps against "Tổng thời gian giải quyết".
pub fn total_line(i: &Imported) -> String {
    match (i.published_total_days, &i.published_total_cell) {
        (Some(t), cell) => format!(
            "the steps add up to {}; the table publishes {}{}{}",
            days(i.steps_total_days),
            days(t),
            cell.as_ref().map(|c| format!(" ({c})")).unwrap_or_default(),
            if i.total_matches() == Some(true) {
                ""
            } else {
                " — they differ: check the times"
            }
        ),
        (None, _) => format!(
            "the steps add up to {}; the table gives no total",
            days(i.steps_total_days)
        ),
    }
}

/// The report of one procedure as plain text lines.
pub fn text(i: &Imported) -> String {
    let p = &i.procedure;
    let mut s = format!(
        "import report: {} {} ({} steps, header at {}); every line below is a guess to confirm\n",
        p.code,
        p.name,
        p.steps.len(),
        i.header
    );
    for n in &i.guesses {
        s.push_str(&format!(
            "  {}: {} = {} ({})\n",
            n.cell, n.what, n.value, n.because
        ));
    }
    s.push_str(&format!("  total: {}\n", total_line(i)));
    s
}

/// The report of every procedure of `file` as a Markdown checklist.
pub fn markdown(file: &str, imported: &[Imported]) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut s = format!(
        "# Import report: {}\n\nEvery row below is a guess made by `quytrinh import table`: confirm it against the table (the cell is named as Excel or Word shows it) and correct the model where it is wrong. Nothing here is known from the table itself.\n",
        esc(file)
    );
    for i in imported {
        let p = &i.procedure;
        s.push_str(&format!(
            "\n## {} — {}\n\n{} steps, header at {}. Total: {}.\n\n| ✓ | cell | what | value | why |\n|---|---|---|---|---|\n",
            esc(&p.code),
            esc(&p.name),
            p.steps.len(),
            i.header,
            esc(&total_line(i))
        ));
        for n in &i.guesses {
            s.push_str(&format!(
                "| [ ] | {} | {} | `{}` | {} |\n",
                esc(&n.cell.to_string()),
                esc(&n.what),
                esc(&n.value),
                esc(&n.because)
            ));
        }
    }
    s
}
