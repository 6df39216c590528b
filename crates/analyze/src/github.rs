//! `analyze --format github`: the report as GitHub Actions workflow commands, one line per
//! blocker or finding (`::error file=…,line=…,col=…,title=…::message`), so a CI run marks the
//! offending steps in the changed files.
//!
//! Escaping follows the runner's rules: in the message, `%`, CR and LF become `%25`, `%0D`,
//! `%0A`; in a property value, `:` and `,` also become `%3A` and `%2C`. A line holds one
//! command whatever the text, so input cannot start a command of its own.

use crate::annotate::{Places, Severity, annotations};
use crate::report::Report;

/// One workflow command per blocker and finding of `report`, each ending with a newline.
pub fn commands(report: &Report, places: &Places) -> String {
    let mut out = String::new();
    for a in annotations(report, places) {
        let command = match a.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        out.push_str("::");
        out.push_str(command);
        out.push(' ');
        let mut props: Vec<(&str, String)> = Vec::new();
        if let Some(file) = &a.file {
            props.push(("file", file.replace('\\', "/")));
        }
        props.push(("line", a.place.line.to_string()));
        if a.place.end_line > a.place.line {
            props.push(("endLine", a.place.end_line.to_string()));
        }
        props.push(("col", a.place.column.to_string()));
        props.push(("title", format!("{} [{}]", a.title, a.rule)));
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", property(&v)))
            .collect();
        out.push_str(&props.join(","));
        out.push_str("::");
        out.push_str(&data(&a.message));
        out.push('\n');
    }
    out
}

/// A command's message: `%`, CR and LF escaped.
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value: as [`data`], and `:` and `,` escaped.
pub fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(
            property("a:b,c%\n::error::x"),
            "a%3Ab%2Cc%25%0A%3A%3Aerror%3A%3Ax"
        );
    }
}
