//! The mdBook preprocessor protocol (issue 17): arbitrary bytes as mdBook's `[context, book]`
//! input (odd first byte), or as one chapter's Markdown in a well-formed input (even first
//! byte). `preprocess` must never panic; what it returns is JSON, and only real ```quytrinh
//! fenced blocks (never text in `~~~` fences or indented code) reach the renderer.
#![no_main]

use quytrinh::mdbook;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let input = if first % 2 == 1 {
        text.into_owned()
    } else {
        let content = serde_json::to_string(&text).unwrap_or_default();
        format!(
            r#"[{{"root": "/book", "config": {{"book": {{"src": "src"}}, "preprocessor": {{"quytrinh": {{"analysis": {}}}}}}}}}, {{"items": [{{"Chapter": {{"name": "A", "content": {content}, "source_path": "a/b.md", "sub_items": []}}}}, "Separator"]}}]"#,
            first % 4 == 0
        )
    };
    let mut blocks = 0usize;
    let out = mdbook::preprocess(&input, &mut |block, _| {
        blocks += 1;
        assert!(!block.written.is_empty());
        Ok(format!("<svg>{}</svg>", block.written.len()))
    });
    if let Ok(book) = out {
        assert!(serde_json::from_str::<serde_json::Value>(&book).is_ok());
    }
    assert!(blocks <= input.matches("```").count());
});
