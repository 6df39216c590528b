//! Self-contained, printable HTML pages (the report, the step tables): one file with its style
//! inline, laid out for A4, in the form provinces publish internal procedures in.

use pulldown_cmark::{Event, Options, Parser};
use quytrinh_model::Lang;
use quytrinh_render::escape_html;

/// The page's style: A4 with margins, DejaVu Sans (it covers Vietnamese), text of 10 pt, tables
/// with rules, diagrams scaled to the text width, and no table row or diagram cut across pages.
const STYLE: &str = r#"
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
html { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10pt; color: #1f2a30; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; line-height: 1.4; }
h1 { font-size: 17pt; margin: 0 0 4mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #90a4ae; padding-bottom: 1mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 4mm 0 2mm; break-after: avoid; }
p, li { margin: 1.5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9pt; }
th, td { border: 1px solid #90a4ae; padding: 1mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: break-word; }
thead th { background: #eceff1; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
caption { caption-side: top; text-align: left; font-weight: bold; font-size: 10.5pt; padding: 0 0 1.5mm; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
table.quytrinh-steps { break-inside: avoid; }
table.quytrinh-steps td.number { width: 8mm; font-weight: bold; white-space: nowrap; }
table.quytrinh-steps td.responsible { width: 30mm; }
table.quytrinh-steps td.time { width: 16mm; white-space: nowrap; }
table.quytrinh-steps td.output { width: 44mm; }
table.quytrinh-steps small { color: #546e7a; font-size: 8.5pt; }
table.quytrinh-steps tr.critical td.time { font-weight: bold; }
table.quytrinh-steps tr.optional td { background: #f5f5f5; }
table.quytrinh-steps tr.total td { font-weight: bold; background: #f3f6fa; }
table.quytrinh-steps tr.overrun td.time, table.quytrinh-steps tr.overrun td.output { color: #b71c1c; }
.table-note { font-size: 8.5pt; color: #546e7a; margin-top: -2mm; }
figure.quytrinh-diagram { margin: 3mm 0 5mm; break-inside: avoid; text-align: center; }
figure.quytrinh-diagram svg { max-height: 245mm; }
figure.quytrinh-diagram figcaption { font-size: 9pt; color: #546e7a; margin-top: 1mm; }
section.quytrinh-procedure { break-before: auto; }
@media screen { body { padding: 12mm 8mm; } }
"#;

/// A complete HTML document: `title`, the style, and `body` (already HTML).
pub fn page(title: &str, lang: Lang, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLE.len() + 512);
    out.push_str("<!DOCTYPE html>\n<html lang=\"");
    out.push_str(lang.pick("vi", "en"));
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    out.push_str(&escape_html(title));
    out.push_str("</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// Markdown (the report's) to HTML. Raw HTML in the Markdown is written as text: the report
/// carries user text, and nothing of it may become markup.
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_stays_text() {
        let html = markdown_to_html(
            "# Báo cáo <script>alert(1)</script>\n\n| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | Đăng ký |\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<td>Đăng ký</td>"), "{html}");
    }

    #[test]
    fn the_page_is_complete_and_escapes_its_title() {
        let p = page("a </title><script>", Lang::Vi, "<p>x</p>\n");
        assert!(p.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
        assert!(p.contains("<title>a &lt;/title&gt;&lt;script&gt;</title>"));
        assert!(p.ends_with("<p>x</p>\n</body>\n</html>\n"));
    }
}
