//! Guesses about one step from its Vietnamese wording.
//!
//! The tables provinces publish ("quy trình nội bộ giải quyết TTHC") describe each step in
//! free text: what is done ("Tiếp nhận hồ sơ, kiểm tra tính đầy đủ…"), who does it ("Bộ phận
//! Một cửa", "Lãnh đạo UBND xã") and how long it takes ("0,5 ngày", "4 giờ", "Không tính thời
//! gian"). The functions here turn that text into the model's values.
//!
//! Every answer is a [`Guess`]: the value and the phrase of the text that triggered it, as
//! written (NFC, runs of white space made one space), or no phrase when nothing matched and the
//! value is the documented default. Matching ignores letter case and only matches whole words;
//! tone marks matter ("trả" is not "tra").
//!
//! Durations count every "ngày" as a working day and 8 working hours as one day
//! ([`quytrinh_model::WORKING_HOURS_PER_DAY`]).
//!
//! ```
//! use quytrinh_import::guess;
//! use quytrinh_model::{Action, Channel, Role};
//!
//! let s = guess::step(
//!     "Xác minh thực địa, lập biên bản",
//!     "Công chức địa chính",
//!     "02 ngày làm việc",
//! );
//! assert_eq!(s.role.value, Role::Official);
//! assert_eq!(s.action.value, Action::Verify);
//! assert_eq!(s.action.phrase.as_deref(), Some("Xác minh"));
//! assert_eq!(s.channel.value, Channel::Field);
//! assert_eq!(s.channel.phrase.as_deref(), Some("thực địa"));
//! assert_eq!(s.time.map(|t| t.days), Some(2.0));
//! ```

use quytrinh_model::{Action, Channel, Role, Signature, WORKING_HOURS_PER_DAY};
use unicode_normalization::UnicodeNormalization;

/// A value guessed from text, with the reason for the guess.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess<T> {
    /// The value guessed.
    pub value: T,
    /// The words that triggered the guess, as written in the text (NFC, white space made
    /// single spaces). `None` when nothing matched and `value` is the function's default.
    pub phrase: Option<String>,
}

impl<T> Guess<T> {
    /// True when nothing in the text matched and the value is a default.
    pub fn is_default(&self) -> bool {
        self.phrase.is_none()
    }
}

/// A duration read from text.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkingTime {
    /// Working days (8 working hours a day); 0 when the time is not counted.
    pub days: f64,
    /// False for "Không tính thời gian" (the step's time is not counted in the time limit).
    pub counted: bool,
    /// The words the duration was read from, as written.
    pub phrase: String,
}

/// Every guess about one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepGuess {
    /// The role of the party responsible (trách nhiệm thực hiện).
    pub role: Guess<Role>,
    /// The action, from the content's verb and the role.
    pub action: Guess<Action>,
    /// The channel, from the content's words and the action.
    pub channel: Guess<Channel>,
    /// The applicant's signature, if the content speaks of one.
    pub signature: Guess<Signature>,
    /// `None` when the time text holds no duration.
    pub time: Option<WorkingTime>,
}

/// Guesses everything about a step from the three usual columns of a table: its content
/// (nội dung công việc), the party responsible (trách nhiệm thực hiện) and its time (thời gian
/// thực hiện). The action is guessed with the role in mind (an applicant submits, pays,
/// supplements, appears or receives the result); the channel and the signature from the content
/// and the action.
pub fn step(content: &str, party: &str, time: &str) -> StepGuess {
    let role = role(party);
    let action = action(content, role.value);
    let channel = channel(content, action.value);
    let signature = signature(content, action.value);
    StepGuess {
        role,
        action,
        channel,
        signature,
        time: duration(time),
    }
}

/// The role of the party responsible for a step ("Tổ chức, cá nhân", "Bộ phận Một cửa",
/// "Lãnh đạo phòng", "Chi cục Thuế", "Nhân viên bưu chính"). The one-stop counter and the
/// applicant win over a person's title ("Công chức Bộ phận Một cửa" is the agency), a person's
/// title over a unit ("Lãnh đạo Phòng Tư pháp" is an official). Default: `agency`.
pub fn role(party: &str) -> Guess<Role> {
    const RULES: &[Rule<Role>] = &[
        ("bộ phận một cửa", Role::Agency, 0),
        ("bộ phận tiếp nhận", Role::Agency, 0),
        ("bộ phận tn&tkq", Role::Agency, 0),
        ("bộ phận tn và tkq", Role::Agency, 0),
        ("trung tâm phục vụ hành chính công", Role::Agency, 0),
        ("trung tâm hành chính công", Role::Agency, 0),
        ("một cửa", Role::Agency, 0),
        ("doanh nghiệp cung ứng dịch vụ", Role::ServiceProvider, 0),
        ("nhân viên bưu chính", Role::ServiceProvider, 0),
        ("bưu chính", Role::ServiceProvider, 0),
        ("bưu điện", Role::ServiceProvider, 0),
        ("ngân hàng", Role::ServiceProvider, 0),
        ("tổ chức, cá nhân", Role::Applicant, 0),
        ("cá nhân, tổ chức", Role::Applicant, 0),
        ("tổ chức/cá nhân", Role::Applicant, 0),
        ("cá nhân/tổ chức", Role::Applicant, 0),
        ("công dân", Role::Applicant, 0),
        ("người dân", Role::Applicant, 0),
        ("người yêu cầu", Role::Applicant, 0),
        ("người nộp", Role::Applicant, 0),
        ("người đề nghị", Role::Applicant, 0),
        ("người đăng ký", Role::Applicant, 0),
        ("người có yêu cầu", Role::Applicant, 0),
        ("người sử dụng đất", Role::Applicant, 0),
        ("chủ hộ", Role::Applicant, 0),
        ("chủ đầu tư", Role::Applicant, 0),
        ("hộ gia đình", Role::Applicant, 0),
        ("doanh nghiệp", Role::Applicant, 0),
        ("cơ quan liên quan", Role::OtherAgency, 1),
        ("cơ quan phối hợp", Role::OtherAgency, 1),
        ("đơn vị phối hợp", Role::OtherAgency, 1),
        ("đơn vị liên quan", Role::OtherAgency, 1),
        ("cơ quan thuế", Role::OtherAgency, 1),
        ("chi cục thuế", Role::OtherAgency, 1),
        ("cục thuế", Role::OtherAgency, 1),
        ("kho bạc", Role::OtherAgency, 1),
        ("bảo hiểm xã hội", Role::OtherAgency, 1),
        ("công an", Role::OtherAgency, 1),
        ("lãnh đạo", Role::Official, 1),
        ("chủ tịch", Role::Official, 1),
        ("giám đốc", Role::Official, 1),
        ("thủ trưởng", Role::Official, 1),
        ("trưởng phòng", Role::Official, 1),
        ("chuyên viên", Role::Official, 1),
        ("công chức", Role::Official, 1),
        ("viên chức", Role::Official, 1),
        ("cán bộ", Role::Official, 1),
        ("văn thư", Role::Official, 1),
        ("kế toán", Role::Official, 1),
        ("người có thẩm quyền", Role::Official, 1),
        ("cá nhân", Role::Applicant, 2),
        ("tổ chức", Role::Applicant, 2),
        ("ủy ban nhân dân", Role::Agency, 2),
        ("uỷ ban nhân dân", Role::Agency, 2),
        ("ubnd", Role::Agency, 2),
        ("văn phòng", Role::Agency, 2),
        ("phòng", Role::Agency, 2),
        ("sở", Role::Agency, 2),
        ("chi cục", Role::Agency, 2),
        ("cục", Role::Agency, 2),
        ("trung tâm", Role::Agency, 2),
        ("bộ phận", Role::Agency, 2),
        ("cơ quan", Role::Agency, 2),
        ("đơn vị", Role::Agency, 2),
    ];
    best(party, RULES, Role::Agency)
}

/// The action of a step done by a party of role `role`. An applicant's step is one of
/// `submit` (the default), `supplement`, `appear`, `pay`, `return_result`; another party's step
/// is one of the agency's actions (`receive`, `process` — the default —, `verify`, `consult`,
/// `approve`, `transfer`, `issue_result`, `return_result`) or `pay` (fees collected). A
/// specific verb ("tiếp nhận", "thẩm định", "ký duyệt") wins over a general one ("xem xét",
/// "kiểm tra"); among verbs of the same weight the first in the text wins. "Ký" alone counts as
/// signing a decision, "trình ký" as preparing one.
pub fn action(text: &str, role: Role) -> Guess<Action> {
    const APPLICANT: &[Rule<Action>] = &[
        ("nộp phí", Action::Pay, 0),
        ("nộp lệ phí", Action::Pay, 0),
        ("nộp tiền", Action::Pay, 0),
        ("thanh toán", Action::Pay, 0),
        ("nghĩa vụ tài chính", Action::Pay, 0),
        ("bổ sung", Action::Supplement, 0),
        ("hoàn thiện hồ sơ", Action::Supplement, 0),
        ("có mặt", Action::Appear, 0),
        ("chụp ảnh", Action::Appear, 0),
        ("vân tay", Action::Appear, 0),
        ("phỏng vấn", Action::Appear, 0),
        ("sát hạch", Action::Appear, 0),
        ("nhận kết quả", Action::ReturnResult, 0),
        ("nhận giấy", Action::ReturnResult, 0),
        ("nộp hồ sơ", Action::Submit, 0),
        ("nộp", Action::Submit, 1),
        ("gửi hồ sơ", Action::Submit, 0),
        ("đăng ký", Action::Submit, 1),
        ("đề nghị", Action::Submit, 1),
    ];
    const AGENCY: &[Rule<Action>] = &[
        ("trả kết quả", Action::ReturnResult, 0),
        ("trả giấy", Action::ReturnResult, 0),
        ("trả hồ sơ", Action::ReturnResult, 0),
        ("trả cho", Action::ReturnResult, 0),
        ("trao kết quả", Action::ReturnResult, 0),
        ("giao kết quả", Action::ReturnResult, 0),
        ("nhận kết quả", Action::ReturnResult, 1),
        ("tiếp nhận", Action::Receive, 0),
        ("nhận hồ sơ", Action::Receive, 0),
        ("thu phí", Action::Pay, 0),
        ("thu lệ phí", Action::Pay, 0),
        ("thu tiền", Action::Pay, 0),
        ("nộp phí", Action::Pay, 0),
        ("nộp lệ phí", Action::Pay, 0),
        ("xác minh", Action::Verify, 0),
        ("thẩm tra", Action::Verify, 0),
        ("kiểm tra thực tế", Action::Verify, 0),
        ("kiểm tra thực địa", Action::Verify, 0),
        ("kiểm tra hiện trường", Action::Verify, 0),
        ("khảo sát", Action::Verify, 0),
        ("đo đạc", Action::Verify, 0),
        ("lấy ý kiến", Action::Consult, 0),
        ("xin ý kiến", Action::Consult, 0),
        ("tham vấn", Action::Consult, 0),
        ("có ý kiến", Action::Consult, 0),
        ("phê duyệt", Action::Approve, 0),
        ("ký duyệt", Action::Approve, 0),
        ("ký", Action::Approve, 0),
        ("duyệt", Action::Approve, 0),
        ("trình ký", Action::Process, 0),
        ("trình", Action::Process, 0),
        ("thẩm định", Action::Process, 0),
        ("dự thảo", Action::Process, 0),
        ("soạn thảo", Action::Process, 0),
        ("thụ lý", Action::Process, 0),
        ("luân chuyển", Action::Transfer, 0),
        ("chuyển", Action::Transfer, 0),
        ("bàn giao", Action::Transfer, 0),
        ("gửi hồ sơ", Action::Transfer, 0),
        ("gửi kết quả", Action::Transfer, 0),
        ("phát hành", Action::IssueResult, 0),
        ("vào sổ", Action::IssueResult, 0),
        ("vào số", Action::IssueResult, 0),
        ("đóng dấu", Action::IssueResult, 0),
        ("ban hành", Action::IssueResult, 0),
        ("in giấy", Action::IssueResult, 0),
        ("cấp giấy", Action::IssueResult, 1),
        ("xem xét", Action::Process, 1),
        ("kiểm tra", Action::Process, 1),
        ("giải quyết", Action::Process, 1),
        ("xử lý", Action::Process, 1),
        ("rà soát", Action::Process, 1),
        ("tổng hợp", Action::Process, 1),
    ];
    if role == Role::Applicant {
        best(text, APPLICANT, Action::Submit)
    } else {
        best(text, AGENCY, Action::Process)
    }
}

/// The channel of a step with action `action`: on site ("thực địa", "hiện trường"), by post
/// ("bưu chính", "bưu điện"), online ("trực tuyến", "cổng dịch vụ công", "phần mềm", "điện
/// tử"), in person ("trực tiếp", "tại Bộ phận Một cửa") or on paper ("bản giấy"); the first
/// mentioned wins. Default when nothing is said: `in_person` for the applicant's actions
/// (the counter), `paper` for the agencies' own work.
pub fn channel(text: &str, action: Action) -> Guess<Channel> {
    const RULES: &[Rule<Channel>] = &[
        ("thực địa", Channel::Field, 0),
        ("hiện trường", Channel::Field, 0),
        ("kiểm tra thực tế", Channel::Field, 0),
        ("xác minh thực tế", Channel::Field, 0),
        ("tại cơ sở", Channel::Field, 0),
        ("dịch vụ bưu chính", Channel::Postal, 0),
        ("bưu chính", Channel::Postal, 0),
        ("bưu điện", Channel::Postal, 0),
        ("dịch vụ công trực tuyến", Channel::Online, 0),
        ("trực tuyến", Channel::Online, 0),
        ("cổng dịch vụ công", Channel::Online, 0),
        ("môi trường điện tử", Channel::Online, 0),
        ("điện tử", Channel::Online, 0),
        ("phần mềm", Channel::Online, 0),
        ("hệ thống thông tin", Channel::Online, 0),
        ("qua mạng", Channel::Online, 0),
        ("thư điện tử", Channel::Online, 0),
        ("email", Channel::Online, 0),
        ("vneid", Channel::Online, 0),
        ("ký số", Channel::Online, 0),
        ("trực tiếp", Channel::InPerson, 0),
        ("tại bộ phận một cửa", Channel::InPerson, 0),
        ("tại bộ phận tiếp nhận", Channel::InPerson, 0),
        (
            "tại trung tâm phục vụ hành chính công",
            Channel::InPerson,
            0,
        ),
        ("tại quầy", Channel::InPerson, 0),
        ("bản giấy", Channel::Paper, 0),
        ("hồ sơ giấy", Channel::Paper, 0),
        ("văn bản giấy", Channel::Paper, 0),
    ];
    let default = if action.is_applicant_facing() {
        Channel::InPerson
    } else {
        Channel::Paper
    };
    best(text, RULES, default)
}

/// The applicant's signature in a step with action `action` (the model's `signature` is the
/// applicant's): `digital` for "ký số", "chữ ký số", "chữ ký điện tử"; `wet` for "ký nhận",
/// "ký tên", "ký vào", "ký sổ", "ký trực tiếp"; `none` (the default) otherwise and for every
/// step that is not the applicant's (an official signing a decision is not the applicant's
/// signature).
pub fn signature(text: &str, action: Action) -> Guess<Signature> {
    const RULES: &[Rule<Signature>] = &[
        ("chữ ký số", Signature::Digital, 0),
        ("chữ ký điện tử", Signature::Digital, 0),
        ("ký số", Signature::Digital, 0),
        ("ký điện tử", Signature::Digital, 0),
        ("ký nhận", Signature::Wet, 0),
        ("ký tên", Signature::Wet, 0),
        ("ký vào", Signature::Wet, 0),
        ("ký sổ", Signature::Wet, 0),
        ("ký trực tiếp", Signature::Wet, 0),
    ];
    if !action.is_applicant_facing() {
        return Guess {
            value: Signature::None,
            phrase: None,
        };
    }
    best(text, RULES, Signature::None)
}

/// The first duration in the text, in working days: "0,5 ngày", "01 ngày làm việc", "4 giờ"
/// (8 working hours a day), "30 phút", "1 buổi" (half a day), "1 tuần" (5 working days), "1/2
/// ngày", "½ ngày", "nửa ngày". "Không tính thời gian" (or "không tính") is a time not counted:
/// 0 days with `counted: false`. `None` when the text holds neither.
pub fn duration(text: &str) -> Option<WorkingTime> {
    let t = Folded::new(text);
    for phrase in ["không tính thời gian", "không tính"] {
        if let Some(at) = t.find(phrase, 0) {
            return Some(WorkingTime {
                days: 0.0,
                counted: false,
                phrase: t.original(at, at + phrase.len()),
            });
        }
    }
    if let Some(at) = t.find("nửa ngày", 0) {
        return Some(WorkingTime {
            days: 0.5,
            counted: true,
            phrase: t.original(at, at + "nửa ngày".len()),
        });
    }
    const UNITS: &[(&str, f64)] = &[
        ("ngày làm việc", 1.0),
        ("ngày", 1.0),
        ("giờ làm việc", 1.0 / WORKING_HOURS_PER_DAY),
        ("giờ", 1.0 / WORKING_HOURS_PER_DAY),
        ("tiếng", 1.0 / WORKING_HOURS_PER_DAY),
        ("phút", 1.0 / (60.0 * WORKING_HOURS_PER_DAY)),
        ("buổi", 0.5),
        ("tuần làm việc", 5.0),
        ("tuần", 5.0),
    ];
    let s = t.folded.as_str();
    let mut from = 0;
    while let Some((start, end, n)) = next_number(s, from) {
        from = end;
        let rest = s.get(end..).unwrap_or("");
        let gap = rest.len() - rest.trim_start().len();
        let unit_at = end + gap;
        for (unit, factor) in UNITS {
            if t.is_word_at(unit, unit_at) {
                return Some(WorkingTime {
                    days: n * factor,
                    counted: true,
                    phrase: t.original(start, unit_at + unit.len()),
                });
            }
        }
    }
    None
}

/// A keyword, the value it means and its weight: lower weights win over higher ones wherever
/// they appear; among equal weights the first in the text wins, then the first in the list.
type Rule<T> = (&'static str, T, u8);

fn best<T: Copy>(text: &str, rules: &[Rule<T>], default: T) -> Guess<T> {
    let t = Folded::new(text);
    let mut found: Option<(u8, usize, usize, T)> = None;
    for &(word, value, weight) in rules {
        let word: String = word.nfc().collect();
        if let Some(at) = t.find(&word, 0) {
            let better = match found {
                None => true,
                Some((w, a, len, _)) => {
                    (weight, at, usize::MAX - word.len()) < (w, a, usize::MAX - len)
                }
            };
            if better {
                found = Some((weight, at, word.len(), value));
            }
        }
    }
    match found {
        Some((_, at, len, value)) => Guess {
            value,
            phrase: Some(t.original(at, at + len)),
        },
        None => Guess {
            value: default,
            phrase: None,
        },
    }
}

/// The next number at or after byte `from` of folded text that starts a word: digits with an
/// optional decimal part (`0,5`, `1.5`), a fraction (`1/2`) or `½`. Returns its byte range and
/// value.
fn next_number(s: &str, from: usize) -> Option<(usize, usize, f64)> {
    let mut prev: Option<char> = s.get(..from).and_then(|p| p.chars().next_back());
    for (i, c) in s.get(from..)?.char_indices() {
        let at = from + i;
        let starts_word = prev.is_none_or(|p| !p.is_alphanumeric() && p != '.' && p != ',');
        prev = Some(c);
        if !starts_word {
            continue;
        }
        if c == '½' {
            return Some((at, at + c.len_utf8(), 0.5));
        }
        if !c.is_ascii_digit() {
            continue;
        }
        let rest = s.get(at..)?;
        let int_len = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let int: f64 = rest.get(..int_len)?.parse().ok()?;
        let after = rest.get(int_len..).unwrap_or("");
        let mut chars = after.chars();
        let sep = chars.next();
        let tail = chars.as_str();
        let frac_len = tail
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(tail.len());
        if frac_len > 0 {
            let digits = tail.get(..frac_len)?;
            match sep {
                Some('.' | ',') => {
                    let n: f64 = format!("{int}.{digits}").parse().ok()?;
                    return Some((at, at + int_len + 1 + frac_len, n));
                }
                Some('/') => {
                    let d: f64 = digits.parse().ok()?;
                    if d > 0.0 {
                        return Some((at, at + int_len + 1 + frac_len, int / d));
                    }
                }
                _ => {}
            }
        }
        return Some((at, at + int_len, int));
    }
    None
}

/// Text made easy to match: NFC, lower case, runs of white space one space; with the way back
/// to the words as written.
struct Folded {
    /// The text as written, in NFC with white space runs made single spaces.
    written: String,
    /// `written` in lower case.
    folded: String,
    /// For each byte of `folded` and one past its end: the byte offset in `written` of the
    /// character it belongs to.
    back: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut written = String::with_capacity(text.len());
        let mut folded = String::with_capacity(text.len());
        let mut back = Vec::with_capacity(text.len() + 1);
        let mut space = false;
        for c in text.trim().nfc() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space {
                back.push(written.len());
                written.push(' ');
                folded.push(' ');
                space = false;
            }
            let at = written.len();
            written.push(c);
            let mut lower = c.to_lowercase();
            let l = match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            };
            folded.push(l);
            back.extend(std::iter::repeat_n(at, l.len_utf8()));
        }
        back.push(written.len());
        Folded {
            written,
            folded,
            back,
        }
    }

    /// The first whole-word occurrence of `word` (lower case, NFC) at or after byte `from`.
    fn find(&self, word: &str, from: usize) -> Option<usize> {
        let mut start = from;
        while let Some(i) = self.folded.get(start..)?.find(word) {
            let at = start + i;
            if self.is_word_at(word, at) {
                return Some(at);
            }
            start = at + self.folded.get(at..)?.chars().next()?.len_utf8();
        }
        None
    }

    /// Whether `word` stands at byte `at` as a whole word.
    fn is_word_at(&self, word: &str, at: usize) -> bool {
        let s = self.folded.as_str();
        if !s.get(at..).is_some_and(|r| r.starts_with(word)) {
            return false;
        }
        let before = s.get(..at).and_then(|p| p.chars().next_back());
        let after = s.get(at + word.len()..).and_then(|r| r.chars().next());
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(before) && edge(after)
    }

    /// The written text of the folded byte range `start..end`.
    fn original(&self, start: usize, end: usize) -> String {
        let a = self.back.get(start).copied().unwrap_or(0);
        let b = self
            .back
            .get(end)
            .copied()
            .unwrap_or(self.written.len())
            .max(a);
        self.written.get(a..b).unwrap_or("").to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_action(text: &str, role: Role, want: Action, phrase: Option<&str>) {
        let g = action(text, role);
        assert_eq!((g.value, g.phrase.as_deref()), (want, phrase), "{text}");
    }

    #[test]
    fn actions_of_agencies() {
        let a = Role::Agency;
        check_action(
            "Tiếp nhận hồ sơ, kiểm tra tính đầy đủ, hợp lệ; chuyển hồ sơ cho phòng chuyên môn",
            a,
            Action::Receive,
            Some("Tiếp nhận"),
        );
        check_action(
            "Thẩm định hồ sơ, dự thảo kết quả, trình lãnh đạo ký",
            a,
            Action::Process,
            Some("Thẩm định"),
        );
        check_action(
            "Lãnh đạo phòng xem xét, ký duyệt",
            a,
            Action::Approve,
            Some("ký duyệt"),
        );
        check_action("Xem xét, ký  \n Giấy phép", a, Action::Approve, Some("ký"));
        check_action(
            "Văn thư vào sổ, đóng dấu, phát hành",
            a,
            Action::IssueResult,
            Some("vào sổ"),
        );
        check_action(
            "Trả kết quả cho tổ chức, cá nhân",
            a,
            Action::ReturnResult,
            Some("Trả kết quả"),
        );
        check_action(
            "Gửi văn bản lấy ý kiến Sở Xây dựng",
            a,
            Action::Consult,
            Some("lấy ý kiến"),
        );
        check_action(
            "Kiểm tra, xác minh thực địa",
            a,
            Action::Verify,
            Some("xác minh"),
        );
        check_action(
            "Chuyển kết quả về Bộ phận Một cửa",
            a,
            Action::Transfer,
            Some("Chuyển"),
        );
        check_action("Không rõ", a, Action::Process, None);
        // "tra" is not "trả".
        check_action("Tra cứu thông tin", a, Action::Process, None);
    }

    #[test]
    fn actions_of_applicants() {
        let a = Role::Applicant;
        check_action("Nộp hồ sơ trực tuyến", a, Action::Submit, Some("Nộp hồ sơ"));
        check_action("Nộp lệ phí", a, Action::Pay, Some("Nộp lệ phí"));
        check_action(
            "Bổ sung hồ sơ theo yêu cầu",
            a,
            Action::Supplement,
            Some("Bổ sung"),
        );
        check_action(
            "Nhận kết quả tại Bộ phận Một cửa",
            a,
            Action::ReturnResult,
            Some("Nhận kết quả"),
        );
        check_action("Có mặt để chụp ảnh", a, Action::Appear, Some("Có mặt"));
        check_action("", a, Action::Submit, None);
    }

    #[test]
    fn roles() {
        let check = |party: &str, want: Role, phrase: Option<&str>| {
            let g = role(party);
            assert_eq!((g.value, g.phrase.as_deref()), (want, phrase), "{party}");
        };
        check(
            "Tổ chức, cá nhân",
            Role::Applicant,
            Some("Tổ chức, cá nhân"),
        );
        check("Công dân", Role::Applicant, Some("Công dân"));
        check(
            "Công chức Bộ phận Một cửa",
            Role::Agency,
            Some("Bộ phận Một cửa"),
        );
        check("Lãnh đạo Phòng Tư pháp", Role::Official, Some("Lãnh đạo"));
        check("Phòng Tư pháp", Role::Agency, Some("Phòng"));
        check("Chi cục Thuế", Role::OtherAgency, Some("Chi cục Thuế"));
        check(
            "Nhân viên bưu chính",
            Role::ServiceProvider,
            Some("Nhân viên bưu chính"),
        );
        check("Chủ tịch UBND xã", Role::Official, Some("Chủ tịch"));
        check("", Role::Agency, None);
    }

    #[test]
    fn channels_and_signatures() {
        let c = channel("Nộp hồ sơ qua Cổng dịch vụ công", Action::Submit);
        assert_eq!(
            (c.value, c.phrase.as_deref()),
            (Channel::Online, Some("Cổng dịch vụ công"))
        );
        let c = channel(
            "Nộp trực tiếp hoặc qua dịch vụ bưu chính công ích",
            Action::Submit,
        );
        assert_eq!(
            (c.value, c.phrase.as_deref()),
            (Channel::InPerson, Some("trực tiếp"))
        );
        assert_eq!(
            channel("Nộp hồ sơ", Action::Submit).value,
            Channel::InPerson
        );
        assert!(channel("Nộp hồ sơ", Action::Submit).is_default());
        assert_eq!(channel("Thẩm định", Action::Process).value, Channel::Paper);
        let s = signature("Ký số vào tờ khai", Action::Submit);
        assert_eq!(
            (s.value, s.phrase.as_deref()),
            (Signature::Digital, Some("Ký số"))
        );
        let s = signature("Ký nhận kết quả", Action::ReturnResult);
        assert_eq!(s.value, Signature::Wet);
        let s = signature("Ký nhận", Action::Approve);
        assert_eq!((s.value, s.phrase), (Signature::None, None));
    }

    #[track_caller]
    fn check_time(text: &str, days: Option<f64>, counted: bool, phrase: &str) {
        let got = duration(text);
        match days {
            None => assert_eq!(got, None, "{text}"),
            Some(d) => {
                let got = got.unwrap_or_else(|| panic!("no duration in {text:?}"));
                assert!((got.days - d).abs() < 1e-9, "{text}: {} != {d}", got.days);
                assert_eq!(got.counted, counted, "{text}");
                assert_eq!(got.phrase, phrase, "{text}");
            }
        }
    }

    #[test]
    fn durations() {
        check_time("0,5 ngày", Some(0.5), true, "0,5 ngày");
        check_time("4 giờ", Some(0.5), true, "4 giờ");
        check_time("02 ngày làm việc", Some(2.0), true, "02 ngày làm việc");
        check_time("08 giờ làm việc", Some(1.0), true, "08 giờ làm việc");
        check_time("1.5 ngày", Some(1.5), true, "1.5 ngày");
        check_time("1/2 ngày", Some(0.5), true, "1/2 ngày");
        check_time("½ ngày", Some(0.5), true, "½ ngày");
        check_time("Nửa ngày", Some(0.5), true, "Nửa ngày");
        check_time("30 phút", Some(1.0 / 16.0), true, "30 phút");
        check_time("01 buổi", Some(0.5), true, "01 buổi");
        check_time(
            "Không tính thời gian",
            Some(0.0),
            false,
            "Không tính thời gian",
        );
        check_time(
            "Tổng thời gian giải quyết: 15 ngày làm việc kể từ ngày nhận đủ hồ sơ",
            Some(15.0),
            true,
            "15 ngày làm việc",
        );
        check_time("08 giờ (01 ngày)", Some(1.0), true, "08 giờ");
        check_time("Theo quy định", None, true, "");
        check_time("Mã 1.001193", None, true, "");
        check_time("", None, true, "");
    }

    #[test]
    fn decomposed_text_is_matched_and_returned_composed() {
        let nfd: String = "Tiếp nhận hồ sơ".nfd().collect();
        let g = action(&nfd, Role::Agency);
        assert_eq!(g.value, Action::Receive);
        assert_eq!(g.phrase.as_deref(), Some("Tiếp nhận"));
    }
}
