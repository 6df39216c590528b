//! Escaping user text for each output language, in one place: HTML (and Graphviz's HTML-like
//! labels, which are XML), Markdown, and Mermaid. Every piece of user text written by this
//! crate goes through one of these, and only these.

pub use crate::text::escape_html;

/// Escapes free text for Markdown (CommonMark with GFM tables), inline: in a table cell, a
/// heading or a paragraph. The characters that start inline markup, entities, raw HTML or end a
/// table cell get a backslash (`\ ` * _ [ ] < > & | ~`); line breaks and other control characters
/// become spaces, so the text stays on its line.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes free text for a quoted Mermaid label (`["…"]`, `|"…"|`): Mermaid's entity codes
/// replace the characters that end the string or read as markup (`"` `#` `<` `>` `&`), and
/// line breaks and other control characters become spaces (the caller adds its own `<br/>`).
pub fn escape_mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes free text for a double-quoted YAML string (`"…"`, as in Mermaid's front matter):
/// `\` and `"` get a backslash; line breaks and other control characters become spaces.
pub fn escape_yaml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '"' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a|b <script>alert('x')</script> *c* _d_ [e](f) `g` & #h; \"i\"\nj\\k";

    #[test]
    fn markdown_keeps_text_literal_and_on_one_line() {
        let got = escape_markdown(HOSTILE);
        assert_eq!(
            got,
            "a\\|b \\<script\\>alert('x')\\</script\\> \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` \\& #h; \"i\" j\\\\k"
        );
        assert_eq!(escape_markdown("Đăng ký khai sinh"), "Đăng ký khai sinh");
    }

    #[test]
    fn mermaid_labels_cannot_be_closed_or_hold_markup() {
        let got = escape_mermaid(HOSTILE);
        assert!(!got.contains(['"', '<', '>', '\n']), "{got}");
        assert!(got.contains("#lt;script#gt;"), "{got}");
        assert_eq!(escape_mermaid("Hồ sơ #1"), "Hồ sơ #35;1");
    }

    #[test]
    fn yaml_strings_cannot_be_closed() {
        assert_eq!(escape_yaml("a\"b\\c\nd"), "a\\\"b\\\\c d");
    }
}
