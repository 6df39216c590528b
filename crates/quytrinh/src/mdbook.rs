//! The mdBook preprocessor: the protocol ([`preprocess`], independent of what a block renders
//! to) and the blocks drawn as quytrinh draws them ([`render_block`], [`run`]).
//!
//! mdBook runs a preprocessor twice: `quytrinh mdbook supports <renderer>` (exit 0 if supported),
//! then `quytrinh mdbook` with `[context, book]` as JSON on stdin, expecting the book back on
//! stdout. Each fenced block whose info string starts with `quytrinh` holds a path to a procedure
//! or group file (relative to the chapter's file); it is replaced by what `render` returns.
//! Chapters are found by shape, so the book layouts of mdBook 0.4 (`sections`) and 0.5 (`items`)
//! both work.

use std::path::{Path, PathBuf};

use quytrinh_model::Lang;
use quytrinh_render::escape_html;
use serde_json::Value;

/// Runs the preprocessor on mdBook's input (`[context, book]` as JSON) and returns the book to
/// hand back, every ```` ```quytrinh ```` block drawn by [`render_block`]; `warn` receives the
/// lines to show on standard error (Graphviz missing: the book is built without the diagrams).
///
/// ```
/// let input = r##"[{"root": "/nowhere", "config": {"book": {"src": "src"}}},
///                 {"items": [{"Chapter": {"name": "A", "content": "# A\n", "source_path": "a.md", "sub_items": []}}]}]"##;
/// let book = quytrinh::mdbook::run(input, &mut |_| {}).unwrap();
/// assert!(book.contains("# A"));
/// ```
pub fn run(input: &str, warn: &mut dyn FnMut(&str)) -> Result<String, String> {
    preprocess(input, &mut |block, options| {
        render_block(block, options, warn)
    })
}

/// One block: the file loaded (only inside the book's read root), drawn as inline SVG (a note
/// in its place when Graphviz is not installed), and its analysis when the block asks for it.
pub fn render_block(
    block: &Block,
    options: &BookOptions,
    warn: &mut dyn FnMut(&str),
) -> Result<String, String> {
    let lang = if options.lang_en { Lang::En } else { Lang::Vi };
    // Only files inside the book's read root: not an absolute path elsewhere, not `../..`.
    let path = crate::read::within(&options.read_root, &block.path).map_err(|e| e.to_string())?;
    let loaded = crate::load::load_within(std::slice::from_ref(&path), Some(&options.read_root));
    if loaded.has_errors() {
        let first: Vec<String> = loaded
            .diagnostics
            .iter()
            .take(5)
            .map(|d| d.to_plain_string())
            .collect();
        return Err(format!("the file has errors:\n{}", first.join("\n")));
    }
    let config = quytrinh_analyze::Config {
        lang,
        field_verification: options.field_verification,
    };
    let drawn = crate::draw::draw_one(&loaded.catalog, &config, true).map_err(|e| e.to_string())?;
    let figure = match crate::draw::svg_if_installed(&drawn.dot, &drawn.code)
        .map_err(|e| e.to_string())?
    {
        Some(svg) => inline_svg(&svg),
        None => {
            // The build goes on: the page says what is missing, where the diagram would be.
            warn(&format!(
                "quytrinh mdbook: Graphviz `dot` is not installed; `{}` is shown without its diagram",
                block.written
            ));
            format!(
                "<p class=\"quytrinh-missing\"><strong>{}</strong> {}</p>",
                lang.pick("Chưa vẽ được sơ đồ:", "Diagram not drawn:"),
                escape_html(&format!(
                    "{} `{}` ({})",
                    lang.pick(
                        "máy dựng sách chưa cài Graphviz (chương trình dot), cần để vẽ sơ đồ của",
                        "Graphviz (the dot program) is not installed on the machine that built this book; it is needed to draw"
                    ),
                    block.written,
                    lang.pick("cài: apt-get install graphviz", "install it: apt-get install graphviz")
                ))
            )
        }
    };
    let mut out = format!("<div class=\"quytrinh-diagram\">\n{figure}\n</div>\n");
    if block.analysis
        && let Some(report) = &drawn.report
    {
        out.push('\n');
        out.push_str(&quytrinh_analyze::format::markdown_section(
            report,
            &drawn.code,
            lang,
        ));
    }
    Ok(out)
}

/// One fenced ```` ```quytrinh ```` block to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The file named in the block, resolved against the chapter's folder.
    pub path: PathBuf,
    /// The path as written, for messages.
    pub written: String,
    /// `analysis` was given in the info string (or set for the whole book).
    pub analysis: bool,
}

/// Book-wide options from `[preprocessor.quytrinh]` in book.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookOptions {
    /// `analysis = true`: every block shows its analysis.
    pub analysis: bool,
    /// `lang = "en"`: diagrams and analyses in English.
    pub lang_en: bool,
    /// `field-verification = "blocks" | "allowed"`: as `--field-verification` of `analyze` and
    /// `render`, for the diagrams and the analysis alike.
    pub field_verification: quytrinh_analyze::FieldVerification,
    /// The only folder blocks (and the includes of the files they name) are read from: the
    /// book's folder, or `read-root` of `[preprocessor.quytrinh]`, relative to it.
    pub read_root: PathBuf,
}

/// Runs the preprocessor on mdBook's input; `render` turns one block into Markdown/HTML.
/// Errors name the chapter and the block.
pub fn preprocess(
    input: &str,
    render: &mut dyn FnMut(&Block, &BookOptions) -> Result<String, String>,
) -> Result<String, String> {
    let value: Value = serde_json::from_str(input)
        .map_err(|e| format!("mdBook sent input that is not JSON: {e}"))?;
    let Value::Array(mut pair) = value else {
        return Err("mdBook sent input that is not [context, book]".to_owned());
    };
    if pair.len() != 2 {
        return Err("mdBook sent input that is not [context, book]".to_owned());
    }
    let mut book = pair.pop().unwrap_or(Value::Null);
    let context = pair.pop().unwrap_or(Value::Null);
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .unwrap_or_default();
    let config = context.get("config");
    let src = config
        .and_then(|c| c.get("book"))
        .and_then(|b| b.get("src"))
        .and_then(Value::as_str)
        .unwrap_or("src");
    let ours = config
        .and_then(|c| c.get("preprocessor"))
        .and_then(|p| p.get("quytrinh"));
    let options = BookOptions {
        analysis: ours
            .and_then(|o| o.get("analysis"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
        lang_en: ours.and_then(|o| o.get("lang")).and_then(Value::as_str) == Some("en"),
        field_verification: field_verification(ours)?,
        read_root: root.join(
            ours.and_then(|o| o.get("read-root"))
                .and_then(Value::as_str)
                .unwrap_or(""),
        ),
    };
    let src_dir = root.join(src);
    let mut errors = Vec::new();
    walk(&mut book, &src_dir, &options, render, &mut errors);
    if errors.is_empty() {
        serde_json::to_string(&book).map_err(|e| e.to_string())
    } else {
        Err(errors.join("\n"))
    }
}

/// `field-verification` (or `field_verification`) of the preprocessor's table: `blocks` (the
/// default) or `allowed`.
fn field_verification(ours: Option<&Value>) -> Result<quytrinh_analyze::FieldVerification, String> {
    use quytrinh_analyze::FieldVerification;
    let value = ours.and_then(|o| {
        o.get("field-verification")
            .or_else(|| o.get("field_verification"))
    });
    match value {
        None => Ok(FieldVerification::Blocks),
        Some(Value::String(s)) if s == "blocks" => Ok(FieldVerification::Blocks),
        Some(Value::String(s)) if s == "allowed" => Ok(FieldVerification::Allowed),
        Some(other) => Err(format!(
            "book.toml: [preprocessor.quytrinh] field-verification is {other}; write \"blocks\" (the default) or \"allowed\""
        )),
    }
}

/// Visits every chapter, whatever the nesting.
fn walk(
    v: &mut Value,
    src_dir: &Path,
    options: &BookOptions,
    render: &mut dyn FnMut(&Block, &BookOptions) -> Result<String, String>,
    errors: &mut Vec<String>,
) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Object(chapter)) = map.get_mut("Chapter") {
                let source = chapter
                    .get("source_path")
                    .and_then(Value::as_str)
                    .map(PathBuf::from);
                let name = chapter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
                    .to_owned();
                let dir = src_dir.join(
                    source
                        .as_deref()
                        .and_then(Path::parent)
                        .unwrap_or(Path::new("")),
                );
                if let Some(Value::String(content)) = chapter.get_mut("content") {
                    match rewrite(content, &dir, options, render) {
                        Ok(new) => *content = new,
                        Err(e) => errors.push(format!("chapter \"{name}\": {e}")),
                    }
                }
            }
            for (_, child) in map.iter_mut() {
                walk(child, src_dir, options, render, errors);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk(child, src_dir, options, render, errors);
            }
        }
        _ => {}
    }
}

/// Replaces every ```` ```quytrinh ```` block of one chapter. Blocks are found by a CommonMark
/// parser (pulldown-cmark), so only real fenced code blocks count: a ```` ```quytrinh ```` line
/// inside a `~~~` fence, an indented code block or an HTML block is text and stays as it is.
pub fn rewrite(
    content: &str,
    dir: &Path,
    options: &BookOptions,
    render: &mut dyn FnMut(&Block, &BookOptions) -> Result<String, String>,
) -> Result<String, String> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut out = String::with_capacity(content.len());
    let mut errors = Vec::new();
    let mut copied = 0;
    // The block being read: its range, whether `analysis` was asked, its text.
    let mut current: Option<(std::ops::Range<usize>, bool, String)> = None;
    for (event, range) in Parser::new(content).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace();
                let opening = content.get(range.clone()).unwrap_or_default().trim_start();
                // Only backtick fences: `~~~quytrinh` is how a how-to shows one as text.
                if words.next() == Some("quytrinh") && opening.starts_with("```") {
                    let analysis = options.analysis || words.any(|w| w == "analysis");
                    current = Some((range, analysis, String::new()));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, body)) = &mut current {
                    body.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some((range, analysis, body)) = current.take() else {
                    continue;
                };
                out.push_str(content.get(copied..range.start).unwrap_or_default());
                copied = range.end;
                let whole = content.get(range.clone()).unwrap_or_default();
                let last = whole.trim_end().lines().last().unwrap_or_default().trim();
                let closed = whole.trim_end().lines().count() > 1
                    && last.len() >= 3
                    && last.chars().all(|c| c == '`');
                if !closed {
                    errors.push("a ```quytrinh block is not closed".to_owned());
                    continue;
                }
                let written: Vec<&str> = body
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect();
                let [written] = written.as_slice() else {
                    errors.push(
                        "a ```quytrinh block must hold exactly one path to a procedure or group file"
                            .to_owned(),
                    );
                    continue;
                };
                let block = Block {
                    path: dir.join(written),
                    written: (*written).to_owned(),
                    analysis,
                };
                match render(&block, options) {
                    Ok(html) => {
                        out.push_str(&html);
                        if !html.ends_with('\n')
                            && !content.get(copied..).unwrap_or_default().starts_with('\n')
                        {
                            out.push('\n');
                        }
                    }
                    Err(e) => errors.push(format!(
                        "`{}`: {e}",
                        quytrinh_model::escape::terminal(written)
                    )),
                }
            }
            _ => {}
        }
    }
    out.push_str(content.get(copied..).unwrap_or_default());
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors.join("; "))
    }
}

/// Makes Graphviz's SVG safe to inline in Markdown or HTML and scaled to the page: no XML
/// prolog or DOCTYPE, no blank line (a blank line would end the HTML block in CommonMark), and
/// the root element's fixed `width` and `height` replaced by `width="100%"` with its natural
/// width as a `max-width` (the `viewBox` is kept, so the drawing scales down to a narrow page and
/// never beyond its own size).
pub fn inline_svg(svg: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let svg = svg.get(start..).unwrap_or_default();
    let tag_end = svg.find('>').map_or(svg.len(), |i| i + 1);
    let (tag, rest) = svg.split_at_checked(tag_end).unwrap_or((svg, ""));
    let (tag, width) = take_attribute(tag, "width");
    let (tag, _) = take_attribute(&tag, "height");
    let scaled = match (width, tag.strip_prefix("<svg")) {
        (Some(w), Some(attributes)) => format!(
            "<svg width=\"100%\" style=\"max-width: {}; height: auto\"{attributes}",
            w.replace(['"', '<', '>', '&', ';'], "")
        ),
        _ => tag,
    };
    format!("{scaled}{rest}")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `tag` without the attribute `name="…"`, and the attribute's value.
fn take_attribute(tag: &str, name: &str) -> (String, Option<String>) {
    let key = format!(" {name}=\"");
    let Some(at) = tag.find(&key) else {
        return (tag.to_owned(), None);
    };
    let value_start = at + key.len();
    let Some(len) = tag.get(value_start..).and_then(|v| v.find('"')) else {
        return (tag.to_owned(), None);
    };
    let value = tag.get(value_start..value_start + len).map(str::to_owned);
    let before = tag.get(..at).unwrap_or_default();
    let after = tag.get(value_start + len + 1..).unwrap_or_default();
    (format!("{before}{after}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(block: &Block, _: &BookOptions) -> Result<String, String> {
        if block.written.contains("missing") {
            Err("no such file".to_owned())
        } else {
            Ok(format!(
                "<svg>{}|{}</svg>",
                block.path.display(),
                block.analysis
            ))
        }
    }

    #[track_caller]
    fn check(input: &str, expect: &str) {
        let got = match preprocess(input, &mut fake) {
            Ok(s) => s,
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn replaces_blocks_in_nested_chapters_of_both_layouts() {
        let chapter = r##"{"Chapter": {"name": "A", "source_path": "ex/a.md", "content": "# A\n```quytrinh\n../x.json\n```\ntext\n", "sub_items": [{"Chapter": {"name": "B", "source_path": "b.md", "content": "```quytrinh analysis\ny.json\n```", "sub_items": []}}]}}"##;
        let expected_a = r##"# A\n<svg>/book/src/ex/../x.json|false</svg>\ntext\n"##;
        let expected_b = r##"<svg>/book/src/y.json|true</svg>\n"##;
        for key in ["sections", "items"] {
            let input = format!(
                r##"[{{"root": "/book", "config": {{"book": {{"src": "src"}}}}}}, {{"{key}": [{chapter}, "Separator"]}}]"##
            );
            let out = preprocess(&input, &mut fake).unwrap_or_default();
            assert!(out.contains(expected_a), "{out}");
            assert!(out.contains(expected_b), "{out}");
        }
    }

    #[test]
    fn book_options_apply_to_every_block() {
        check(
            r##"[{"root": "r", "config": {"preprocessor": {"quytrinh": {"analysis": true}}}}, {"items": [{"Chapter": {"name": "A", "content": "```quytrinh\nx.json\n```\n"}}]}]"##,
            r##"{"items":[{"Chapter":{"content":"<svg>r/src/x.json|true</svg>\n","name":"A"}}]}"##,
        );
    }

    #[test]
    fn field_verification_is_read_from_the_book() {
        let mut seen = Vec::new();
        for (config, expect) in [
            (r#"{}"#, Some("Blocks")),
            (r#"{"field-verification": "allowed"}"#, Some("Allowed")),
            (r#"{"field_verification": "blocks"}"#, Some("Blocks")),
            (r#"{"field-verification": "sometimes"}"#, None),
        ] {
            let input = format!(
                r#"[{{"config": {{"preprocessor": {{"quytrinh": {config}}}}}}}, {{"items": [{{"Chapter": {{"name": "A", "content": "```quytrinh\nx.json\n```\n"}}}}]}}]"#
            );
            seen.clear();
            let out = preprocess(&input, &mut |_, o| {
                seen.push(format!("{:?}", o.field_verification));
                Ok(String::new())
            });
            match expect {
                Some(e) => assert_eq!(seen, [e], "{config}"),
                None => assert!(
                    out.is_err_and(|e| e.contains("field-verification")),
                    "{config}"
                ),
            }
        }
    }

    #[test]
    fn errors_name_the_chapter_and_the_block() {
        check(
            r##"[{}, {"items": [{"Chapter": {"name": "Khai sinh", "content": "```quytrinh\nmissing.json\n```\n"}}]}]"##,
            "error: chapter \"Khai sinh\": `missing.json`: no such file",
        );
        check(
            r##"[{}, {"items": [{"Chapter": {"name": "A", "content": "```quytrinh\na.json\nb.json\n```\n"}}]}]"##,
            "error: chapter \"A\": a ```quytrinh block must hold exactly one path to a procedure or group file",
        );
        check(
            "[1]",
            "error: mdBook sent input that is not [context, book]",
        );
    }

    #[test]
    fn other_code_blocks_are_left_alone() {
        let content = "```json\n{}\n```\n````quytrinh\nx.json\n````\n````markdown\n```quytrinh\ny.json\n```\n````\n";
        let out = rewrite(content, Path::new("d"), &BookOptions::default(), &mut fake)
            .unwrap_or_default();
        assert_eq!(
            out,
            "```json\n{}\n```\n<svg>d/x.json|false</svg>\n````markdown\n```quytrinh\ny.json\n```\n````\n"
        );
    }

    /// Issue 17, case 17: a ```quytrinh line inside a `~~~` fence or an indented code block is
    /// text, not a block.
    #[test]
    fn fences_of_tildes_and_indented_code_are_text() {
        let content = "~~~\n```quytrinh\nx.json\n```\n~~~\n\n    ```quytrinh\n    y.json\n    ```\n\n```quytrinh\nz.json\n```\n";
        let out = rewrite(content, Path::new("d"), &BookOptions::default(), &mut fake)
            .unwrap_or_default();
        assert_eq!(
            out,
            "~~~\n```quytrinh\nx.json\n```\n~~~\n\n    ```quytrinh\n    y.json\n    ```\n\n<svg>d/z.json|false</svg>\n"
        );
    }

    #[test]
    fn inline_svg_drops_the_prolog_and_blank_lines() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg a=\"1\">\n\n<g/>\n</svg>\n";
        assert_eq!(inline_svg(svg), "<svg a=\"1\">\n<g/>\n</svg>");
    }

    #[test]
    fn inline_svg_scales_to_the_page_and_keeps_the_view_box() {
        let svg = "<!-- x -->\n<svg width=\"962pt\" height=\"1404pt\"\n viewBox=\"0.00 0.00 962.00 1404.00\" xmlns=\"http://www.w3.org/2000/svg\">\n<g width=\"3\"/>\n</svg>\n";
        assert_eq!(
            inline_svg(svg),
            "<svg width=\"100%\" style=\"max-width: 962pt; height: auto\"\n viewBox=\"0.00 0.00 962.00 1404.00\" xmlns=\"http://www.w3.org/2000/svg\">\n<g width=\"3\"/>\n</svg>"
        );
    }
}
