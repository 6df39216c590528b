//! Every JSON syntax problem of a file that a tolerant parser can read past, at once.
//!
//! serde_json stops at the first syntax error. jsonc-parser, with its default (loose) options,
//! reads past the usual slips of hand-written JSON — a missing or trailing comma, a comment, a
//! key or a text in single quotes or no quotes, `+1`, `.5`, `0x1F` — and gives an AST with byte
//! ranges. Each of those slips is still an error in a procedure file: this module finds them all
//! in the text's tokens (jsonc-parser's scanner), and the one problem nothing can read past (an
//! unclosed text, brackets that do not match) as the last error. Runs only when serde_json has
//! already refused the file, so valid files never pay for it.

use jsonc_parser::ast::Value;
use jsonc_parser::errors::{ParseError, ParseErrorKind};
use jsonc_parser::tokens::Token;
use jsonc_parser::{CollectOptions, ParseOptions, ParseStringErrorKind, Scanner, ScannerOptions};

use crate::diag::{Code, Diagnostic, Source};
use crate::validate::MAX_ISSUES;

/// The result of reading a file tolerantly.
pub(crate) struct Tolerant<'a> {
    /// The value, when the parser could read the whole file (possibly past some slips).
    pub(crate) value: Option<Value<'a>>,
    /// Every syntax problem found, in the order of the text.
    pub(crate) problems: Vec<Diagnostic>,
    /// Whether the parser stopped at a problem it cannot read past.
    pub(crate) fatal: bool,
}

/// Reads `src` tolerantly: the value (if the parser got through) and every syntax problem.
pub(crate) fn read(src: &Source) -> Tolerant<'_> {
    let text: &str = &src.text;
    let parsed =
        jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default());
    let (value, fatal) = match parsed {
        Ok(r) => (r.value, None),
        Err(e) => (None, Some(e)),
    };
    // Slips after the point where the parser gave up are not reported: past a broken string
    // or bracket, the tokens no longer mean what they seem.
    // An object or list left open is found at the end of the text (its range is the opening
    // bracket): every token before is good.
    let limit = match &fatal {
        Some(e)
            if !matches!(
                e.kind(),
                ParseErrorKind::UnterminatedObject | ParseErrorKind::UnterminatedArray
            ) =>
        {
            e.range().start
        }
        _ => text.len(),
    };
    let mut problems = slips(src, limit);
    if let Some(e) = &fatal {
        problems.push(fatal_problem(src, e));
    } else if value.is_none() {
        let at = text.len();
        problems.push(
            Diagnostic::at(Code::Syntax, src, at, at, "invalid JSON: the file holds no value, only comments")
                .with_help(r#"write one procedure as {"procedure": {...}} or one group as {"group": {...}} (see docs/FORMAT.md)"#),
        );
    }
    problems.sort_by_key(|d| (d.code == Code::TooLarge, d.position));
    Tolerant {
        value,
        problems,
        fatal: fatal.is_some(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Comma,
    Colon,
    /// A string, number, boolean, null or bare word.
    Scalar,
    Comment,
}

struct Tok<'a> {
    kind: Kind,
    token: Token<'a>,
    start: usize,
    end: usize,
}

/// The tokens of `text` up to the first token the scanner cannot read.
fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut scanner = Scanner::new(text, &ScannerOptions::default());
    let mut out = Vec::new();
    while let Ok(Some(token)) = scanner.scan() {
        let kind = match token {
            Token::OpenBrace | Token::OpenBracket => Kind::Open,
            Token::CloseBrace | Token::CloseBracket => Kind::Close,
            Token::Comma => Kind::Comma,
            Token::Colon => Kind::Colon,
            Token::CommentLine(_) | Token::CommentBlock(_) => Kind::Comment,
            Token::String(_)
            | Token::Word(_)
            | Token::Boolean(_)
            | Token::Number(_)
            | Token::Null => Kind::Scalar,
        };
        out.push(Tok {
            kind,
            token,
            start: scanner.token_start(),
            end: scanner.token_end(),
        });
    }
    out
}

/// The slips a tolerant reading passes over, in tokens that end before `limit`.
fn slips(src: &Source, limit: usize) -> Vec<Diagnostic> {
    let text: &str = &src.text;
    let toks = tokens(text);
    let toks: Vec<&Tok<'_>> = toks.iter().filter(|t| t.end <= limit).collect();
    let mut out = Capped::default();
    let code: Vec<&Tok<'_>> = toks
        .iter()
        .copied()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    for t in &toks {
        if t.kind == Kind::Comment {
            out.push(|| {
                slip(src, t, "invalid JSON: comments are not allowed")
                    .with_help(
                        r#"remove the comment; to keep a remark, write it in a "note" field"#,
                    )
                    .with_label("a comment")
            });
        }
    }
    for (i, t) in code.iter().enumerate() {
        let next = code.get(i + 1);
        let raw = text.get(t.start..t.end).unwrap_or_default();
        let is_key = next.is_some_and(|n| n.kind == Kind::Colon);
        match &t.token {
            Token::String(_) => {
                if raw.starts_with('\'') {
                    out.push(|| {
                        slip(src, t, "invalid JSON: a text in single quotes")
                            .with_help("JSON texts and keys are written in double quotes: \"…\"")
                            .with_label("use double quotes")
                    });
                } else if let Some(problem) = string_problem(raw) {
                    out.push(||
                        slip(src, t, format!("invalid JSON: {problem}"))
                            .with_help(r#"inside a text, write a line break as \n, a tab as \t, a backslash as \\ and a double quote as \""#),
                    );
                }
            }
            Token::Word(w) if is_key => out.push(|| {
                slip(
                    src,
                    t,
                    format!("invalid JSON: the key `{w}` is not in double quotes"),
                )
                .with_help(format!("write the key as \"{w}\""))
            }),
            Token::Number(n) if is_key => out.push(|| {
                slip(
                    src,
                    t,
                    format!("invalid JSON: the key `{n}` is not in double quotes"),
                )
                .with_help(format!("write the key as \"{n}\""))
            }),
            Token::Number(n) => {
                if let Some(help) = number_problem(n) {
                    out.push(|| {
                        slip(src, t, format!("invalid JSON: `{n}` is not a JSON number"))
                            .with_help(help)
                    });
                }
            }
            _ => {}
        }
        let Some(n) = next else { continue };
        if t.kind == Kind::Comma && n.kind == Kind::Close {
            out.push(||
                slip(src, t, "invalid JSON: a comma before a closing bracket")
                    .with_help("remove this comma: JSON allows no comma after the last item of a list or object")
                    .with_label("trailing comma"),
            );
        }
        let ends_value = matches!(t.kind, Kind::Scalar | Kind::Close) && !is_key;
        let starts_value = matches!(n.kind, Kind::Scalar | Kind::Open);
        if ends_value && starts_value {
            let end = next_char_end(text, n.start);
            out.push(|| {
                Diagnostic::at(
                    Code::Syntax,
                    src,
                    n.start,
                    end,
                    "invalid JSON: a comma is missing before this item",
                )
                .with_help("put a comma between two items of a list or two fields of an object")
                .with_label("missing comma before this")
            });
        }
    }
    out.finish(src)
}

/// A syntax error at token `t`.
fn slip(src: &Source, t: &Tok<'_>, message: impl Into<String>) -> Diagnostic {
    Diagnostic::at(Code::Syntax, src, t.start, t.end, message)
}

/// Diagnostics made only for the first [`MAX_ISSUES`] problems (making one costs a pass over
/// the text before it), the rest counted.
#[derive(Default)]
struct Capped {
    made: Vec<Diagnostic>,
    left_out: usize,
}

impl Capped {
    fn push(&mut self, make: impl FnOnce() -> Diagnostic) {
        if self.made.len() < MAX_ISSUES {
            self.made.push(make());
        } else {
            self.left_out += 1;
        }
    }

    fn finish(mut self, src: &Source) -> Vec<Diagnostic> {
        if self.left_out > 0 {
            self.made.push(crate::fields::left_out(src, self.left_out));
        }
        self.made
    }
}

/// What is wrong with a double-quoted string token (raw, quotes included), if anything: a
/// control character written as it is, or an escape JSON does not have.
fn string_problem(raw: &str) -> Option<String> {
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') => {}
                Some('\n' | '\r') => {
                    return Some("a text continues on the next line after a backslash".to_owned());
                }
                Some(e) => return Some(format!("`\\{e}` is not an escape JSON knows")),
                None => {}
            }
        } else if c == '\n' || c == '\r' {
            return Some("a text runs over a line break".to_owned());
        } else if (c as u32) < 0x20 {
            return Some(format!(
                "a control character (U+{:04X}) inside a text",
                c as u32
            ));
        }
    }
    None
}

/// What to do about a number token JSON does not allow (`+1`, `.5`, `5.`, `0x1F`, `007`,
/// `Infinity`), if it is one.
fn number_problem(n: &str) -> Option<&'static str> {
    let digits = n.strip_prefix('-').unwrap_or(n);
    if n.starts_with('+') {
        Some("write the number without a plus sign")
    } else if digits == "Infinity" || digits == "NaN" {
        Some("write a finite number")
    } else if digits.starts_with("0x") || digits.starts_with("0X") {
        Some("write the number in decimal digits")
    } else if digits.starts_with('.')
        || digits.ends_with('.')
        || digits.contains(".e")
        || digits.contains(".E")
    {
        Some("write a digit on both sides of the decimal point, e.g. 0.5")
    } else if digits.len() > 1
        && digits.starts_with('0')
        && digits.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
    {
        Some(
            "write the number without leading zeros (an id or code with leading zeros is a text: \"007\")",
        )
    } else {
        None
    }
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

/// The problem the tolerant parser could not read past, in plain words.
fn fatal_problem(src: &Source, e: &ParseError) -> Diagnostic {
    let r = e.range();
    let (start, end) = (r.start, r.end.max(next_char_end(&src.text, r.start)));
    let (code, message, help): (Code, String, &str) = match e.kind() {
        ParseErrorKind::String(ParseStringErrorKind::UnterminatedStringLiteral) => (
            Code::Syntax,
            "a text is not closed: its closing \" is missing".into(),
            "add the closing double quote; if the file ends here, it may be truncated",
        ),
        ParseErrorKind::String(k) => (
            Code::Syntax,
            format!("an invalid escape in a text ({k})"),
            r#"inside a text, write a backslash as \\ and a double quote as \"; \uXXXX needs four hex digits"#,
        ),
        ParseErrorKind::UnterminatedObject => (
            Code::Syntax,
            "the object { opened here is not closed".into(),
            "add the closing } (the file may be truncated, or a } is missing further up)",
        ),
        ParseErrorKind::UnterminatedArray => (
            Code::Syntax,
            "the list [ opened here is not closed".into(),
            "add the closing ] (the file may be truncated, or a ] is missing further up)",
        ),
        ParseErrorKind::UnterminatedCommentBlock => (
            Code::Syntax,
            "a /* comment */ is not closed".into(),
            "remove the comment: JSON has no comments (write remarks in a \"note\" field)",
        ),
        ParseErrorKind::ExpectedColonAfterObjectKey => (
            Code::Syntax,
            "a `:` is missing after a key".into(),
            "write each field as \"key\": value",
        ),
        ParseErrorKind::ExpectedObjectValue => (
            Code::Syntax,
            "a value is missing after `:`".into(),
            "write the field's value after the colon, or remove the field",
        ),
        ParseErrorKind::UnexpectedWord => {
            let word = src.text.get(r.start..r.end).unwrap_or_default();
            (
                Code::Syntax,
                format!("`{word}` is not a JSON value"),
                "texts are written in double quotes (\"…\"); true, false and null in lower case",
            )
        }
        ParseErrorKind::UnexpectedCloseBrace | ParseErrorKind::UnexpectedCloseBracket => (
            Code::Syntax,
            "a closing bracket that matches nothing".into(),
            "check that every { is closed by } and every [ by ], in order",
        ),
        ParseErrorKind::UnexpectedComma | ParseErrorKind::UnexpectedColon => (
            Code::Syntax,
            format!(
                "a `{}` where a value belongs",
                src.text.get(r.start..r.end).unwrap_or_default()
            ),
            "remove it, or write the missing value before it",
        ),
        ParseErrorKind::MultipleRootJsonValues => (
            Code::Syntax,
            "more than one value at the top level".into(),
            "a file holds one object { }; for many procedures, write one per line in a .jsonl file",
        ),
        ParseErrorKind::NestingDepthExceeded => (
            Code::TooLarge,
            "the JSON is nested too deeply".into(),
            "procedure files nest a few levels at most; check that the file is a procedure or group",
        ),
        k => (
            Code::Syntax,
            k.to_string().to_lowercase(),
            "fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)",
        ),
    };
    let message = if code == Code::Syntax {
        format!("invalid JSON: {message}")
    } else {
        message
    };
    Diagnostic::at(code, src, start, end, message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        let src = Source::new("t.json", text);
        read(&src)
            .problems
            .iter()
            .map(|d| {
                let (l, c) = d.position.unwrap_or_default();
                (l, c, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn reads_past_every_usual_slip() {
        let text = "{\n  // a comment\n  'a': 1,\n  b: [1 2,],\n  \"c\": +3,\n  \"d\": .5\n}";
        let p = problems(text);
        let messages: Vec<&str> = p.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid JSON: comments are not allowed",
                "invalid JSON: a text in single quotes",
                "invalid JSON: the key `b` is not in double quotes",
                "invalid JSON: a comma is missing before this item",
                "invalid JSON: a comma before a closing bracket",
                "invalid JSON: `+3` is not a JSON number",
                "invalid JSON: `.5` is not a JSON number",
            ]
        );
        assert_eq!((p[3].0, p[3].1), (4, 9), "points at the item after the gap");
        assert_eq!((p[4].0, p[4].1), (4, 10), "points at the comma");
    }

    #[test]
    fn valid_json_has_no_slips() {
        let text = r#"{"a": [1, 2.5, -3e2, "x\n\u00e9", true, null, {"b": {}}], "c": []}"#;
        assert!(problems(text).is_empty());
        assert!(read(&Source::new("t", text)).value.is_some());
    }

    #[test]
    fn stops_at_what_it_cannot_read_past_and_keeps_the_slips_before() {
        let text = "{\"a\": 1 \"b\": 2, \"c\": \"unclosed\n}";
        let src = Source::new("t.json", text);
        let t = read(&src);
        assert!(t.fatal && t.value.is_none());
        let messages: Vec<&str> = t.problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid JSON: a comma is missing before this item",
                "invalid JSON: a text is not closed: its closing \" is missing",
            ]
        );
    }

    #[test]
    fn a_truncated_file_keeps_its_slips() {
        let p = problems(r#"{"procedure": {"code": "1", "steps": [], }"#);
        let messages: Vec<&str> = p.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid JSON: the object { opened here is not closed",
                "invalid JSON: a comma before a closing bracket",
            ]
        );
        assert_eq!((p[0].0, p[0].1), (1, 1));
    }

    #[test]
    fn a_missing_colon_is_not_also_a_missing_comma() {
        let p = problems(r#"{"a" 1}"#);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].2, "invalid JSON: a `:` is missing after a key");
    }

    #[test]
    fn raw_line_breaks_and_unknown_escapes_in_texts() {
        let p = problems("{\"a\": \"x\ny\", \"b\": \"\\q\"}");
        let messages: Vec<&str> = p.iter().map(|x| x.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "invalid JSON: a text runs over a line break",
                "invalid JSON: `\\q` is not an escape JSON knows",
            ]
        );
    }
}
