//! The one escaping layer for user text, one function per output language. Every string that
//! comes from an input (names, ids, labels, legal provisions, paths, values quoted in
//! diagnostics) passes through one of these before it is written; callers only wrap values.
//!
//! - [`terminal`]: plain text for a terminal or a log. Control characters (C0, DEL, C1) and the
//!   invisible format characters that reorder or hide text (bidi embeddings, overrides and
//!   isolates, zero-width characters, the BOM) are shown as `\u{1b}`, so they can neither drive
//!   the terminal nor make a line read differently from what it holds. [`terminal_lines`] keeps
//!   line breaks and tabs (for whole multi-line texts such as a source snippet).
//! - [`markdown`]: inline Markdown text (a heading, a list item, a table cell). ASCII
//!   characters that make markup (`` \ ` * _ [ # ! | ~ ``) are backslash-escaped, so nothing
//!   becomes emphasis, a link, an image, a heading, a code span or a table column;
//!   `<`, `>` and `&` become entities, so no raw HTML reaches the page; a line break becomes a
//!   space, so a name can never start a block (a heading, a fence).
//! - [`markdown_code`]: a Markdown code span around a value (an id, a code), whatever backticks
//!   the value holds.
//! - [`html`]: HTML or XML text and attribute values (SVG, HTML pages).
//!
//! DOT labels are escaped by `quytrinh_render::escape_html` (HTML-like labels of Graphviz),
//! which uses the same entity rules as [`html`] and turns controls into spaces.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters that must never reach a terminal or a report as they are: controls and the
/// invisible format characters that reorder or hide text.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'              // Arabic letter mark
            | '\u{180E}'            // Mongolian vowel separator
            | '\u{200B}'..='\u{200F}' // zero width space/joiners, LRM, RLM
            | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{2069}' // word joiner, invisible operators, bidi isolates
            | '\u{FEFF}'            // BOM, zero width no-break space
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

fn visible(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Text for a terminal: every control and invisible format character, line breaks included,
/// shown as `\u{…}`.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_hidden(s, |_| false)
}

/// [`terminal`] for a multi-line text: line breaks and tabs are kept, every other control and
/// format character is shown as `\u{…}`.
pub fn terminal_lines(s: &str) -> Cow<'_, str> {
    escape_hidden(s, |c| c == '\n' || c == '\t')
}

fn escape_hidden(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_hidden(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden(c) && !keep(c) {
            visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A multi-line text for a terminal, with a map from byte offsets in `s` to byte offsets in
/// the escaped text (for moving a highlighted span along with its text).
pub fn terminal_lines_mapped(s: &str) -> (String, impl Fn(usize) -> usize + '_) {
    let escaped = terminal_lines(s).into_owned();
    let map = move |offset: usize| {
        let mut to = 0;
        for (i, c) in s.char_indices() {
            if i >= offset {
                break;
            }
            to += if is_hidden(c) && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", u32::from(c)).len()
            } else {
                c.len_utf8()
            };
        }
        to
    };
    (escaped, map)
}

/// Inline Markdown text: the value shows as written, never as markup or HTML.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            // Inside a word (`ban_chinh`) an underscore never makes emphasis.
            '_' if prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric) =>
            {
                out.push('_');
            }
            // A closing bracket makes nothing without an opening one, which is escaped.
            '\\' | '`' | '*' | '_' | '[' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if is_hidden(c) => {
                // `\u{1b}` with its backslash escaped, so it shows as written.
                out.push('\\');
                visible(&mut out, c);
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A Markdown code span holding `s`, for a table cell: fenced by more backticks than `s` holds
/// in a row, line breaks as spaces, hidden characters shown as `\u{…}`, and `|` as `\|` (a
/// table splits its cells before it reads code spans; the backslash is dropped there). Inside
/// a code span `<` and `&` are text, never HTML.
pub fn markdown_code(s: &str) -> String {
    let flat: String = terminal(&s.replace(['\n', '\r'], " ")).replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    // A space on each side when the value starts or ends with a backtick (or is blank), as
    // CommonMark strips exactly one from each side.
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// HTML or XML text (also attribute values in double or single quotes).
pub fn html(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| matches!(c, '<' | '>' | '&' | '"' | '\'') || is_hidden(c))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if is_hidden(c) => visible(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_shows_controls_and_bidi() {
        assert_eq!(terminal("a\u{1b}[31mb\u{7}\r"), "a\\u{1b}[31mb\\u{7}\\u{d}");
        assert_eq!(terminal("x\u{202e}y\nz"), "x\\u{202e}y\\u{a}z");
        assert_eq!(terminal_lines("x\u{202e}y\nz\tw"), "x\\u{202e}y\nz\tw");
        assert_eq!(terminal("Đăng ký khai sinh"), "Đăng ký khai sinh");
    }

    #[test]
    fn mapped_offsets_follow_the_text() {
        let s = "a\u{1b}b\nc";
        let (e, map) = terminal_lines_mapped(s);
        assert_eq!(e, "a\\u{1b}b\nc");
        assert_eq!(map(0), 0);
        assert_eq!(map(1), 1);
        assert_eq!(map(2), 7);
        assert_eq!(&e[map(4)..], "c");
    }

    #[test]
    fn markdown_has_no_markup() {
        assert_eq!(markdown("<script>"), "&lt;script&gt;");
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x](javascript:alert(1))"
        );
        assert_eq!(markdown("a\n# b"), "a \\# b");
        assert_eq!(markdown("Thủ tục"), "Thủ tục");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(markdown_code("a"), "`a`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        assert_eq!(markdown_code("a\nb"), "`a b`");
        assert_eq!(markdown_code("a|b"), "`a\\|b`");
    }

    #[test]
    fn html_entities() {
        assert_eq!(
            html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
