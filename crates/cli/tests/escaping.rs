//! Issue 17: arbitrary Unicode (controls, bidi, HTML, Markdown, DOT syntax, Vietnamese) put in
//! every user text of a procedure goes through every output format, and each format's own
//! parser says it stayed text: the Markdown (pulldown-cmark) has no raw HTML and no link, the
//! DOT parses (graphviz-rust), the SVG drawn from it is well-formed XML (roxmltree) with no
//! script and no event attribute, and the terminal text (as the CLI prints it) has no control
//! or bidi character.

use proptest::prelude::*;
use quytrinh::draw::{self, Format, Overlays};
use quytrinh_model::{Catalog, Lang};
use quytrinh_render::{Direction, Options};

/// Pieces that mean something to one of the output languages.
const PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</code>",
    "```",
    "~~~",
    "\n# heading\n",
    "\n    indented",
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "*b* _i_ `c` | ~s~",
    "\"]; a -> b [label=\"",
    "<<B>x</B>>",
    "}\ndigraph { x }",
    "&amp; &#60; &lt;",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{1b}[31m",
    "\u{1b}]0;title\u{7}",
    "\r",
    "\u{0}",
    "\u{85}",
    "\u{feff}",
    "\u{fffe}",
    "Đăng ký khai sinh",
    "\\",
    "<!-- c -->",
    "<?xml?>",
    "]]>",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        1..8,
    )
    // A visible first word: blank names are refused by the model (another test covers that).
    .prop_map(|parts| format!("A {}", parts.concat()))
}

/// The catalogue of one procedure with `t` in every free text, loaded and validated as the
/// CLI does (`None` when the model refuses it).
fn catalog(t: &str) -> Option<Catalog> {
    let j = serde_json::json!({"procedure": {
        "code": "1.1", "name": t, "authority": t, "field": t,
        "actors": [
            {"id": "cd", "name": t, "role": "applicant"},
            {"id": "mc", "name": t, "role": "agency"}
        ],
        "documents": [{"id": t, "name": t, "form": "paper", "required_by": t}],
        "steps": [
            {"id": "nop", "name": t, "actor": "cd", "action": "submit", "channel": "in_person", "documents": [t], "note": t},
            {"id": "xl", "name": t, "actor": "mc", "action": "process", "channel": "paper", "required_by": t},
            {"id": "tra", "name": t, "actor": "mc", "action": "return_result", "channel": "in_person"}
        ],
        "flows": [{"from": "nop", "to": "xl", "label": t}, {"from": "xl", "to": "tra"}]
    }});
    let loaded = quytrinh::load::load_str("p.json", &j.to_string());
    (!loaded.has_errors()).then_some(loaded.catalog)
}

fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
        || ('\u{200b}'..='\u{200f}').contains(&c)
}

proptest! {
    // 48 cases in the ordinary test run (each draws an SVG); PROPTEST_CASES asks for more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn user_text_stays_text_in_every_format(t in hostile_text(), en in any::<bool>()) {
        let Some(catalog) = catalog(&t) else {
            // Refused by the model (e.g. an id it cannot take): nothing is output.
            return Ok(());
        };
        let lang = if en { Lang::En } else { Lang::Vi };
        let config = quytrinh_analyze::Config { lang, ..Default::default() };
        let report = quytrinh_analyze::analyze_catalog(&catalog, &config);

        // Markdown: no raw HTML, no link, no image, no code block from the input.
        let md = quytrinh_analyze::format::markdown(&report, lang, None);
        let redesign = quytrinh_reengineer::redesign_markdown(&catalog, &report, &config);
        for text in [&md, &redesign] {
            for e in pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::all()) {
                use pulldown_cmark::{Event, Tag};
                match e {
                    Event::Html(h) | Event::InlineHtml(h) => {
                        prop_assert!(false, "raw HTML {h:?} in\n{text}")
                    }
                    Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                        prop_assert!(false, "markup from the input {e:?} in\n{text}")
                    }
                    _ => {}
                }
            }
        }

        // Terminal text, as `quytrinh analyze` prints it.
        let text = quytrinh_analyze::format::text(&report, lang, None);
        let shown = quytrinh_model::escape::terminal_lines(&text);
        prop_assert!(!shown.chars().any(hidden), "a control reached the terminal: {shown:?}");

        // DOT parses; SVG is well-formed XML with no script (drawn without the cache).
        let overlays = Overlays::of_report(&catalog, &report);
        let options = Options { lang, direction: Direction::TopToBottom };
        let diagrams = draw::diagrams(&catalog, Some(&overlays), &options, Format::Dot).unwrap();
        let dot = &diagrams[0].text;
        prop_assert!(graphviz_rust::parse(dot).is_ok(), "DOT does not parse:\n{dot}");
        quytrinh::graphviz::set_limits(quytrinh::graphviz::Limits { cache: None, ..Default::default() });
        let svg = draw::svg_if_installed(dot, "1.1");
        prop_assert!(svg.is_ok(), "dot failed: {:?}", svg.err());
        if let Ok(Some(svg)) = svg {
            let xml = roxmltree::Document::parse_with_options(
                &svg,
                roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
            );
            prop_assert!(xml.is_ok(), "SVG is not XML: {:?}", xml.err());
            if let Ok(xml) = xml {
                for node in xml.descendants().filter(|n| n.is_element()) {
                    prop_assert!(node.tag_name().name() != "script", "a script element");
                    prop_assert!(
                        node.attributes().all(|at| !at.name().to_ascii_lowercase().starts_with("on")),
                        "an event attribute"
                    );
                    prop_assert!(
                        node.tag_name().name() != "image" && node.tag_name().name() != "foreignObject",
                        "an image or foreign object"
                    );
                }
            }
        }
    }
}
