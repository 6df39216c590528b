//! Text in the old Vietnamese 8-bit encodings, TCVN3 (ABC) and VNI, which Word and Excel files
//! from before Unicode still hold: read as Unicode they show as "Thñ tôc hµnh chÝnh" (TCVN3,
//! fonts `.VnTime`, `.VnArial`…) or "Thuû tuïc haønh chính" (VNI, fonts `VNI-Times`…). Such a
//! file cannot be imported; it must be converted to Unicode first.
//!
//! Detection looks at the words: a TCVN3 word holds a character of U+00A1–U+00BF (`µ ¸ ¶ · ¹
//! ¨ © ª « ¬ ®`…) next to a letter; a VNI word holds a letter Vietnamese never uses (`ø û ï ö
//! ñ Ñ`) or a vowel followed by `â`/`ê` ("aâ", "eâ", "oâ", "aê"). Words with letters only
//! Unicode Vietnamese has (`ă đ ơ ư`, U+1EA0–U+1EF9) count against. The fonts the file names
//! (`.Vn…`, `VNI-…`) are reported and tip the balance when the text alone is thin.

/// One of the two old encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Encoding {
    /// TCVN3, also called ABC (fonts `.VnTime`, `.VnArial`, `.VnTimeH`…).
    Tcvn3,
    /// VNI Windows (fonts `VNI-Times`, `VNI-Helve`…).
    Vni,
}

impl Encoding {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Tcvn3 => "TCVN3 (ABC)",
            Encoding::Vni => "VNI Windows",
        }
    }
}

/// Why a text was found to be in an old encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The old encoding (TCVN3 or VNI).
    pub encoding: Encoding,
    /// A few words as they read without conversion, e.g. `Thñ tôc hµnh`.
    pub sample: String,
    /// A font of that encoding the file names, if any.
    pub font: Option<String>,
}

/// The encoding a font name belongs to: `.VnTime` is TCVN3, `VNI-Times` is VNI.
pub fn font_encoding(font: &str) -> Option<Encoding> {
    let f = font.trim().to_ascii_lowercase();
    if f.starts_with(".vn") {
        Some(Encoding::Tcvn3)
    } else if f.starts_with("vni-") || f.starts_with("vni ") {
        Some(Encoding::Vni)
    } else {
        None
    }
}

/// Whether the texts (the cells of a file) are in TCVN3 or VNI, given the fonts the file names.
pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>, fonts: &[String]) -> Option<Finding> {
    let mut tcvn3 = 0usize;
    let mut vni = 0usize;
    let mut unicode = 0usize;
    let mut samples: Vec<String> = Vec::new();
    for text in texts {
        for word in text.split(|c: char| c.is_whitespace() || ",;:()\"'/".contains(c)) {
            if word.is_empty() {
                continue;
            }
            let chars: Vec<char> = word.chars().collect();
            if chars.iter().any(|&c| is_unicode_vietnamese(c)) {
                unicode += 1;
                continue;
            }
            let t = is_tcvn3_word(&chars);
            let v = !t && is_vni_word(&chars);
            if t {
                tcvn3 += 1;
            }
            if v {
                vni += 1;
            }
            if (t || v) && samples.len() < 4 {
                samples.push(word.to_owned());
            }
        }
    }
    let font = fonts.iter().find(|f| font_encoding(f).is_some()).cloned();
    let legacy = tcvn3 + vni;
    let enough = if font.is_some() { 1 } else { 3 };
    if legacy < enough || legacy <= unicode {
        return None;
    }
    // TCVN3 also writes some letters VNI's way (ủ is `ñ`, ử is `ö`), VNI never writes
    // U+00A1–U+00BF next to letters: a fair share of those words means TCVN3.
    let encoding = match font.as_deref().and_then(font_encoding) {
        Some(e) => e,
        None if tcvn3 * 2 >= vni => Encoding::Tcvn3,
        None => Encoding::Vni,
    };
    Some(Finding {
        encoding,
        sample: samples.join(" "),
        font,
    })
}

/// Letters only Unicode Vietnamese writes: ă â đ ê ô ơ ư (either case) and U+1EA0–U+1EF9.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

fn is_tcvn3_word(chars: &[char]) -> bool {
    let has_letter = chars.iter().any(char::is_ascii_alphabetic);
    has_letter
        && chars
            .iter()
            .any(|&c| ('\u{A1}'..='\u{BF}').contains(&c) && !matches!(c, '«' | '»' | '°' | '±'))
}

fn is_vni_word(chars: &[char]) -> bool {
    let has_letter = chars.iter().any(char::is_ascii_alphabetic);
    if !has_letter {
        return false;
    }
    let foreign = chars.iter().any(|c| {
        matches!(
            c,
            'ø' | 'û' | 'ï' | 'ö' | 'ä' | 'ñ' | 'Ñ' | 'Ø' | 'Û' | 'Ï' | 'Ö' | 'Ä'
        )
    });
    let hats = chars.windows(2).any(|w| {
        matches!(
            w,
            ['a' | 'e' | 'o' | 'A' | 'E' | 'O', 'â' | 'ê' | 'Â' | 'Ê']
        )
    });
    foreign || hats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_text_is_found() {
        let f = detect(
            ["Thñ tôc hµnh chÝnh", "Bé phËn mét cöa tiÕp nhËn hå s¬"],
            &[],
        );
        assert_eq!(f.map(|f| f.encoding), Some(Encoding::Tcvn3));
    }

    #[test]
    fn vni_text_is_found() {
        let f = detect(
            ["Thuû tuïc haønh chính", "Boä phaän moät cöûa tieáp nhaän"],
            &[],
        );
        assert_eq!(f.map(|f| f.encoding), Some(Encoding::Vni));
    }

    #[test]
    fn unicode_vietnamese_is_not() {
        let text = [
            "Thủ tục hành chính",
            "Bộ phận Một cửa tiếp nhận hồ sơ, chuyển Phòng Tư pháp",
            "Không tính thời gian; 0,5 ngày; «ghi chú» ±",
            "Señor Müller",
        ];
        assert_eq!(detect(text, &[]), None);
        assert_eq!(detect(text, &[".VnTime".into()]), None);
    }

    #[test]
    fn a_legacy_font_tips_a_thin_text() {
        let f = detect(["hµnh"], &[".VnTime".into()]);
        assert_eq!(f.as_ref().map(|f| f.encoding), Some(Encoding::Tcvn3));
        assert_eq!(f.and_then(|f| f.font).as_deref(), Some(".VnTime"));
        assert_eq!(detect(["hµnh"], &[]), None);
        assert_eq!(font_encoding("VNI-Times"), Some(Encoding::Vni));
    }
}
