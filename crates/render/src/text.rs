//! Diagram text: the one escaping function for user text, line wrapping, numbers in the
//! reader's style, and the words the diagrams add to the model's vocabulary (roles, criteria,
//! links; channels and signatures are named by the model's `Channel::label` and
//! `Signature::label`).

use quytrinh_model::{Channel, Lang, Role, Signature};

/// Escapes free text (names, labels, legal provisions: anything from the input) for an
/// HTML-like Graphviz label. This is the only way user text enters the DOT output.
///
/// Graphviz parses HTML-like labels as XML: `&`, `<`, `>`, `"` and `'` become entities; line
/// breaks and other control characters become spaces (the renderer does its own wrapping,
/// with `<BR/>`); the two code points XML forbids (U+FFFE, U+FFFF) become U+FFFD; bidi
/// embeddings, overrides and isolates and zero-width characters are dropped. Everything
/// else, Vietnamese tone marks included, is kept as UTF-8. Braces, brackets and backslashes
/// have no meaning inside `<...>` and pass unchanged.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape_html`], appended to `out`: runs of plain text are copied whole.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // A scan of bytes, not chars: every character replaced starts with a byte no other
    // character's encoding holds (an ASCII byte, 0xC2 for the C1 controls, 0xEF for U+FFFE and
    // U+FFFF), so a cut there is on a character boundary. Other bytes are skipped by a table.
    let bytes = text.as_bytes();
    let mut plain = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !ATTENTION.get(usize::from(b)).copied().unwrap_or(true) {
            i += 1;
            continue;
        }
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let (replacement, len) = match b {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0x00..=0x1F | 0x7F => (" ", 1),
            0xC2 if (0x80..=0x9F).contains(&next(1)) => (" ", 2),
            0xEF if next(1) == 0xBF && matches!(next(2), 0xBE | 0xBF) => ("\u{FFFD}", 3),
            // The bidi embeddings, overrides and isolates and the zero-width characters
            // (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069) would reorder or hide the text
            // of the drawing: dropped.
            0xE2 if next(1) == 0x80 && matches!(next(2), 0x8B..=0x8F | 0xAA..=0xAE) => ("", 3),
            0xE2 if next(1) == 0x81 && matches!(next(2), 0xA6..=0xA9) => ("", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(text.get(plain..i).unwrap_or_default());
        out.push_str(replacement);
        i += len;
        plain = i;
    }
    out.push_str(text.get(plain..).unwrap_or_default());
}

/// The bytes [`escape_into`] looks at: the markup characters, ASCII controls, and the lead
/// bytes of the C1 controls (0xC2), of the bidi and zero-width characters (0xE2) and of U+FFFE
/// and U+FFFF (0xEF).
#[expect(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build"
)]
static ATTENTION: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7F] = true;
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0xC2] = true;
    table[0xE2] = true;
    table[0xEF] = true;
    table
};

/// Splits text into lines of at most `width` characters at spaces (a longer word is cut),
/// as even as the same number of lines allows, escapes each line and joins them with
/// `<BR/>`. Runs of whitespace, line breaks included, count as one space.
pub(crate) fn wrapped(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_wrapped(&mut out, text, width);
    out
}

/// [`wrapped`], appended to `out`.
pub(crate) fn push_wrapped(out: &mut String, text: &str, width: usize) {
    wrap_into(out, text, width, "<BR/>");
}

/// [`wrapped`], one line per item.
#[cfg(test)]
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = String::new();
    wrap_into(&mut out, text, width, "\n");
    // An escaped line never holds a line break, and no line is empty.
    out.split_terminator('\n').map(str::to_owned).collect()
}

/// Appends the wrapped, escaped lines of `text` to `out`, `separator` between them.
///
/// The lines are those of the greedy wrap at the narrowest width that needs no more lines than
/// the greedy wrap at `width` (no short orphan on the last line). The greedy line count never
/// increases with the width (`line_count_never_grows_with_the_width` below), so that width is
/// found by bisection over line counts, and only the chosen layout is written.
fn wrap_into(out: &mut String, text: &str, width: usize, separator: &str) {
    let width = width.max(1);
    if fits_one_line(text, width) {
        // The common case: the whole text is its only line, as it is.
        escape_into(out, text);
        return;
    }
    // The words with their lengths in characters: on the stack when there are few.
    let mut few = [("", 0usize); 24];
    let mut count = 0;
    let mut many: Vec<(&str, usize)> = Vec::new();
    for_each_word(text, |word| {
        match few.get_mut(count) {
            Some(slot) if many.is_empty() => *slot = word,
            _ => {
                if many.is_empty() {
                    many.extend_from_slice(&few);
                }
                many.push(word);
            }
        }
        count += 1;
    });
    let words = if many.is_empty() {
        few.get(..count).unwrap_or_default()
    } else {
        &many
    };
    let lines = line_count(words, width);
    let (mut narrowest, mut widest) = (1, width);
    while narrowest < widest {
        let mid = narrowest + (widest - narrowest) / 2;
        if line_count(words, mid) <= lines {
            widest = mid;
        } else {
            narrowest = mid + 1;
        }
    }
    lay_out(out, words, widest, separator);
}

/// Whether the character whose encoding starts with the bytes `lead`, `next` may be a
/// whitespace or control character beyond ASCII: C1 controls, U+0085 and U+00A0 (0xC2 then
/// up to 0xA0), U+1680 (0xE1 0x9A), U+2000–U+205F (0xE2 0x80–0x81), U+3000 (0xE3 0x80). The
/// letters with Vietnamese marks (0xE1 0xBA–0xBB …) never are, so they are not decoded.
fn may_be_space(lead: u8, next: u8) -> bool {
    matches!(
        (lead, next),
        (0xC2, ..=0xA0) | (0xE1, 0x9A) | (0xE2, 0x80 | 0x81) | (0xE3, 0x80)
    )
}

/// Calls `f` with each word of `text` (the runs between whitespace and control characters)
/// and its length in characters, in one scan of the bytes.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut((&'a str, usize))) {
    let bytes = text.as_bytes();
    let (mut start, mut chars) = (0, 0);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let separator_len = match b {
            0x80..=0xBF => {
                i += 1;
                continue;
            }
            0x00..=0x20 | 0x7F => 1,
            _ if may_be_space(b, bytes.get(i + 1).copied().unwrap_or(0)) => text
                .get(i..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| c.is_whitespace() || c.is_control())
                .map_or(0, char::len_utf8),
            _ => 0,
        };
        if separator_len > 0 {
            if chars > 0 {
                f((text.get(start..i).unwrap_or_default(), chars));
            }
            i += separator_len;
            start = i;
            chars = 0;
        } else {
            chars += 1;
            i += 1;
        }
    }
    if chars > 0 {
        f((text.get(start..).unwrap_or_default(), chars));
    }
}

/// Whether `text` is one line of the wrap at `width` exactly as written: at most `width`
/// characters, words separated by single spaces, no other whitespace or control character,
/// not empty.
fn fits_one_line(text: &str, width: usize) -> bool {
    // Past 4 bytes a character, there are more characters than the width.
    if text.len() > width.saturating_mul(4) {
        return false;
    }
    let mut chars = 0;
    let mut after_space = true;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            // A byte that continues a character.
            0x80..=0xBF => continue,
            b' ' => {
                if after_space {
                    return false;
                }
                after_space = true;
            }
            // ASCII controls, and the ASCII whitespace among them.
            0x00..=0x1F | 0x7F => return false,
            0x21..=0x7E => after_space = false,
            // A character of several bytes: the only whitespace or control characters start
            // with 0xC2 (C1 controls, U+0085, U+00A0), 0xE1 (U+1680), 0xE2 (U+2000–U+205F) or
            // 0xE3 (U+3000).
            _ => {
                if may_be_space(b, text.as_bytes().get(i + 1).copied().unwrap_or(0))
                    && text
                        .get(i..)
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(|c| c.is_whitespace() || c.is_control())
                {
                    return false;
                }
                after_space = false;
            }
        }
        chars += 1;
        if chars > width {
            return false;
        }
    }
    !after_space
}

/// How many lines the greedy wrap of `words` (each with its length in characters) takes at
/// `width`: a word longer than the width starts a line and is cut into lines of `width`
/// characters, its rest continuing as a word.
fn line_count(words: &[(&str, usize)], width: usize) -> usize {
    let mut lines = 0;
    let mut line_len = 0;
    for &(_, len) in words {
        let mut len = len;
        if len > width {
            if line_len > 0 {
                lines += 1;
                line_len = 0;
            }
            let cuts = (len - 1) / width;
            lines += cuts;
            len -= cuts * width;
        }
        if line_len > 0 && line_len + 1 + len > width {
            lines += 1;
            line_len = 0;
        }
        if line_len > 0 {
            line_len += 1;
        }
        line_len += len;
    }
    if line_len > 0 {
        lines += 1;
    }
    lines
}

/// Writes the greedy wrap of `words` at `width` (as [`line_count`] counts it) to `out`,
/// escaped, `separator` between lines.
fn lay_out(out: &mut String, words: &[(&str, usize)], width: usize, separator: &str) {
    let mut started = false;
    let mut new_line = |out: &mut String| {
        if started {
            out.push_str(separator);
        }
        started = true;
    };
    let mut line_len = 0;
    for &(word, len) in words {
        let (mut word, mut len) = (word, len);
        if len > width {
            line_len = 0;
            while len > width {
                let cut = word
                    .char_indices()
                    .nth(width)
                    .map_or(word.len(), |(i, _)| i);
                let Some((piece, rest)) = word.split_at_checked(cut) else {
                    break;
                };
                new_line(out);
                escape_into(out, piece);
                word = rest;
                len -= width;
            }
        }
        if line_len > 0 && line_len + 1 + len > width {
            line_len = 0;
        }
        if line_len > 0 {
            out.push(' ');
            line_len += 1;
        } else {
            new_line(out);
        }
        escape_into(out, word);
        line_len += len;
    }
}

/// The signature a step asks for, if any, in the model's words (`ký tay`, `ký số`).
pub(crate) fn signature(s: Signature, lang: Lang) -> Option<&'static str> {
    (s != Signature::None).then(|| s.label(lang))
}

/// `text` with its first letter in capitals.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(crate) fn role(r: Role, lang: Lang) -> &'static str {
    match r {
        Role::Applicant => lang.pick("người yêu cầu", "applicant"),
        Role::Agency => lang.pick("cơ quan giải quyết", "agency"),
        Role::Official => lang.pick("cán bộ, công chức", "official"),
        Role::OtherAgency => lang.pick("cơ quan phối hợp", "other agency"),
        Role::ServiceProvider => lang.pick("đơn vị cung cấp dịch vụ", "service provider"),
    }
}

/// `TC4, TC6` / `C4, C6`.
pub(crate) fn criteria<'a>(list: impl IntoIterator<Item = &'a u8>, lang: Lang) -> String {
    let prefix = lang.pick("TC", "C");
    list.into_iter()
        .map(|c| format!("{prefix}{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A link's channel as the group diagram names it: `liên thông giấy` / `paper link`.
pub(crate) fn link_channel(c: Channel, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("liên thông {}", c.label(lang)),
        Lang::En => format!("{} link", c.label(lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    /// The escaping and the one-line check, char by char as first written: the byte scans
    /// must agree with them.
    fn escape_by_chars(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
                '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    fn fits_by_chars(text: &str, width: usize) -> bool {
        let mut chars = 0;
        let mut after_space = true;
        for c in text.chars() {
            chars += 1;
            if c == ' ' {
                if after_space {
                    return false;
                }
                after_space = true;
            } else if c.is_whitespace() || c.is_control() {
                return false;
            } else {
                after_space = false;
            }
        }
        !after_space && chars <= width
    }

    #[test]
    fn byte_scans_agree_with_char_scans() {
        const ALPHABET: [char; 26] = [
            'a', ' ', '\t', '\n', '&', '<', '>', '"', '\'', '\u{0}', '\u{7f}', '\u{80}', '\u{85}',
            '\u{9f}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{2028}', '\u{205f}', '\u{3000}',
            '\u{fffe}', '\u{ffff}', 'ệ', 'đ', '\u{1ea0}', '\u{e000}',
        ];
        let mut strings: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = strings
                .iter()
                .flat_map(|s| ALPHABET.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        // And some longer ones, from a fixed sequence.
        let mut seed = 7u64;
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push(ALPHABET[(seed >> 33) as usize % ALPHABET.len()]);
            }
            strings.push(s);
        }
        for s in &strings {
            let mut out = String::new();
            escape_into(&mut out, s);
            assert_eq!(out, escape_by_chars(s), "{s:?}");
            for width in [1, 2, 3, 5, 40] {
                assert_eq!(
                    fits_one_line(s, width),
                    fits_by_chars(s, width),
                    "{s:?} {width}"
                );
            }
            let mut words = Vec::new();
            for_each_word(s, |w| words.push(w));
            let by_chars: Vec<(&str, usize)> = s
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
                .map(|w| (w, w.chars().count()))
                .collect();
            assert_eq!(words, by_chars, "{s:?}");
        }
    }

    fn check_escape(input: &str, expected: &str) {
        assert_eq!(escape_html(input), expected);
    }

    #[test]
    fn escape_markup_characters() {
        check_escape(
            r#"a & b <c> "d" 'e'"#,
            "a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39;",
        );
        check_escape("&amp;", "&amp;amp;");
        check_escape(
            "</TD></TR></TABLE>>",
            "&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;&gt;",
        );
    }

    #[test]
    fn escape_dot_syntax_passes_harmlessly() {
        // Outside quotes these would end an attribute list or a statement; inside an HTML-like
        // label they are plain text.
        check_escape(
            r#"x"] ; a -> b { } \" \\ \n"#,
            r#"x&quot;] ; a -&gt; b { } \&quot; \\ \n"#,
        );
    }

    #[test]
    fn escape_line_breaks_and_controls() {
        check_escape("a\nb\r\nc\td\u{0}e\u{1b}f\u{7f}", "a b  c d e f ");
        check_escape("x\u{FFFE}\u{FFFF}y", "x\u{FFFD}\u{FFFD}y");
    }

    #[test]
    fn escape_keeps_vietnamese_and_other_scripts() {
        check_escape("Đăng ký khai sinh — Hộ tịch", "Đăng ký khai sinh — Hộ tịch");
        // Decomposed marks (NFD) are kept as they are: no normalisation behind the user's back.
        check_escape(
            "Ngu\u{031b}\u{0300}o\u{031b}i",
            "Ngu\u{031b}\u{0300}o\u{031b}i",
        );
        check_escape("漢字 😀 ǅ", "漢字 😀 ǅ");
    }

    #[test]
    fn wrap_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("Tiếp nhận, kiểm tra hồ sơ", 12),
            ["Tiếp nhận,", "kiểm tra", "hồ sơ"]
        );
        assert_eq!(
            wrap("Tiếp nhận, kiểm tra hồ sơ", 22),
            ["Tiếp nhận,", "kiểm tra hồ sơ"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("  a\n\nb  ", 10), ["a b"]);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("<b> & c", 3), ["&lt;b&gt;", "&amp; c"]);
    }

    /// The wrap as it was first written (a greedy pass per candidate width), kept to check
    /// that the bisection gives the same lines.
    fn wrap_by_scanning(text: &str, width: usize) -> Vec<String> {
        fn greedy(text: &str, width: usize) -> Vec<String> {
            let mut lines: Vec<String> = Vec::new();
            let mut line = String::new();
            let mut line_len = 0usize;
            for word in text
                .split(|c: char| c.is_whitespace() || c.is_control())
                .filter(|w| !w.is_empty())
            {
                let mut word: Vec<char> = word.chars().collect();
                while word.len() > width {
                    if line_len > 0 {
                        lines.push(std::mem::take(&mut line));
                        line_len = 0;
                    }
                    let rest = word.split_off(width);
                    lines.push(word.into_iter().collect());
                    word = rest;
                }
                if line_len > 0 && line_len + 1 + word.len() > width {
                    lines.push(std::mem::take(&mut line));
                    line_len = 0;
                }
                if line_len > 0 {
                    line.push(' ');
                    line_len += 1;
                }
                line_len += word.len();
                line.extend(word);
            }
            if line_len > 0 {
                lines.push(line);
            }
            lines
        }
        let width = width.max(1);
        let mut best = greedy(text, width);
        let mut w = width;
        while w > 1 {
            let narrower = greedy(text, w - 1);
            if narrower.len() > best.len() {
                break;
            }
            best = narrower;
            w -= 1;
        }
        best.iter().map(|l| escape_html(l)).collect()
    }

    /// Every sequence of up to `max_words` word lengths of 1..=`max_len`.
    fn word_length_sequences(max_words: usize, max_len: usize) -> Vec<Vec<usize>> {
        let mut all = vec![Vec::new()];
        let mut last = vec![Vec::new()];
        for _ in 0..max_words {
            let mut next = Vec::new();
            for seq in &last {
                for len in 1..=max_len {
                    let mut s: Vec<usize> = seq.clone();
                    s.push(len);
                    next.push(s);
                }
            }
            all.extend(next.iter().cloned());
            last = next;
        }
        all
    }

    #[test]
    fn line_count_never_grows_with_the_width() {
        for lens in word_length_sequences(5, 11) {
            let words: Vec<(&str, usize)> = lens.iter().map(|&n| ("", n)).collect();
            for width in 2..=14 {
                assert!(
                    line_count(&words, width) <= line_count(&words, width - 1),
                    "{lens:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn wrap_gives_the_lines_of_the_scanning_wrap() {
        let letters = ['a', 'ế', '&', 'Đ', '😀'];
        for lens in word_length_sequences(4, 7) {
            let text = lens
                .iter()
                .enumerate()
                .map(|(i, &n)| letters.iter().cycle().skip(i).take(n).collect::<String>())
                .collect::<Vec<_>>()
                .join(if lens.len() % 2 == 0 { " " } else { " \n\t " });
            for width in 0..=9 {
                assert_eq!(
                    wrap(&text, width),
                    wrap_by_scanning(&text, width),
                    "{text:?} at {width}"
                );
            }
        }
    }

    #[test]
    fn criteria_lists() {
        assert_eq!(criteria(&[4, 6], Lang::Vi), "TC4, TC6");
        assert_eq!(criteria(&[4, 6], Lang::En), "C4, C6");
    }
}
