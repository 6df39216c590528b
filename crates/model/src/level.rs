//! The level of an online public service: one type for the whole workspace (the analyzer
//! decides it, the renderer draws it, the CLI gates on it).

use serde::{Deserialize, Serialize};

use crate::Lang;

/// The level of an online public service (rules version 2), ordered from the lowest to the
/// highest, so `a < b` reads "a is below b".
///
/// `full_online` and `partial_online` are the two levels of Nghị định 42/2022/NĐ-CP with the
/// criteria Thông tư 01/2023/TT-VPCP sets for them; `information_only` is Thông tư 01/2023's
/// "chỉ đáp ứng các tiêu chí 1, 2"; `partial_below_criteria` is the tool's own name for a
/// service that takes forms or the dossier online yet misses criteria a partly online one must
/// meet; `offline` is the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Not even criteria 1 and 2: not provided online (chưa cung cấp trực tuyến).
    Offline,
    /// Criteria 1 and 2 only: online information (cung cấp thông tin trực tuyến), not an online
    /// public service.
    InformationOnly,
    /// Criteria 1 and 2, a `submit` step online and criterion 3 or 4 met, but not all of 1, 2,
    /// 3, 4 and 7: below the criteria of a partly online service (the tool's own level).
    PartialBelowCriteria,
    /// Criteria 1, 2, 3, 4 and 7: dịch vụ công trực tuyến một phần.
    PartialOnline,
    /// All 8 criteria met or not applicable: dịch vụ công trực tuyến toàn trình.
    FullOnline,
}

impl Level {
    /// Every level, from the lowest.
    pub const ALL: [Level; 5] = [
        Level::Offline,
        Level::InformationOnly,
        Level::PartialBelowCriteria,
        Level::PartialOnline,
        Level::FullOnline,
    ];

    /// The JSON spelling (`full_online`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Offline => "offline",
            Level::InformationOnly => "information_only",
            Level::PartialBelowCriteria => "partial_below_criteria",
            Level::PartialOnline => "partial_online",
            Level::FullOnline => "full_online",
        }
    }

    /// Parses the JSON spelling.
    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// The name a reviewer uses, as a phrase that fits after "Mức độ:" / "Level:".
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Offline => lang.pick("chưa cung cấp trực tuyến", "not provided online"),
            Level::InformationOnly => {
                lang.pick("cung cấp thông tin trực tuyến", "online information only")
            }
            Level::PartialBelowCriteria => lang.pick(
                "chưa đạt tiêu chí dịch vụ công trực tuyến một phần",
                "below the criteria of a partly online service",
            ),
            Level::PartialOnline => lang.pick(
                "dịch vụ công trực tuyến một phần",
                "partly online public service",
            ),
            Level::FullOnline => lang.pick(
                "dịch vụ công trực tuyến toàn trình",
                "fully online public service",
            ),
        }
    }

    /// A short name for tight places (diagram headers, table cells).
    pub fn short_label(self, lang: Lang) -> &'static str {
        match self {
            Level::Offline => lang.pick("Chưa trực tuyến", "Offline"),
            Level::InformationOnly => lang.pick("Thông tin trực tuyến", "Information only"),
            Level::PartialBelowCriteria => lang.pick("Chưa đạt mức một phần", "Below partial"),
            Level::PartialOnline => lang.pick("Một phần", "Partial"),
            Level::FullOnline => lang.pick("Toàn trình", "Fully online"),
        }
    }

    /// The level is the tool's own reading of the law rather than the law's words (said so
    /// wherever it is explained): `partial_below_criteria`, and `information_only` read as
    /// "nothing of the dossier goes online".
    pub fn is_tool_reading(self) -> bool {
        matches!(self, Level::PartialBelowCriteria | Level::InformationOnly)
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Level;

    #[test]
    fn ordered_lowest_first_and_parsed_back() {
        let mut sorted = Level::ALL;
        sorted.sort();
        assert_eq!(sorted, Level::ALL);
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        assert!(Level::PartialBelowCriteria < Level::PartialOnline);
        assert!(Level::InformationOnly < Level::PartialBelowCriteria);
    }
}
