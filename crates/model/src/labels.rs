//! The one vocabulary of the model's values as a reviewer reads them (Vietnamese, or English on
//! request): channels, actions, signatures, document forms and yes/no states. Every output
//! that names one of these values in prose takes its words from here, never the JSON spelling.

use crate::{Action, Channel, Form, Lang, Signature};

impl Channel {
    /// How a reviewer names the channel: `trực tuyến`, `trực tiếp`, `bưu chính công ích`,
    /// `bằng giấy`, `tại hiện trường`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Online => lang.pick("trực tuyến", "online"),
            Channel::InPerson => lang.pick("trực tiếp", "in person"),
            Channel::Postal => lang.pick("bưu chính công ích", "public postal service"),
            Channel::Paper => lang.pick("bằng giấy", "on paper"),
            Channel::Field => lang.pick("tại hiện trường", "on site"),
        }
    }
}

impl Action {
    /// What the step does, as a short phrase: `nộp hồ sơ`, `tiếp nhận`, `trả kết quả`, ….
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Action::Submit => lang.pick("nộp hồ sơ", "file"),
            Action::Supplement => lang.pick("bổ sung hồ sơ", "supplement"),
            Action::Appear => lang.pick("có mặt", "appear"),
            Action::Pay => lang.pick("nộp phí, lệ phí", "pay"),
            Action::Receive => lang.pick("tiếp nhận", "receive"),
            Action::Process => lang.pick("xử lý", "process"),
            Action::Verify => lang.pick("xác minh", "verify"),
            Action::Consult => lang.pick("lấy ý kiến", "consult"),
            Action::Approve => lang.pick("phê duyệt", "approve"),
            Action::Transfer => lang.pick("chuyển hồ sơ", "transfer"),
            Action::IssueResult => lang.pick("cấp kết quả", "issue the result"),
            Action::ReturnResult => lang.pick("trả kết quả", "return the result"),
        }
    }
}

impl Signature {
    /// `không ký`, `ký tay`, `ký số`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Signature::None => lang.pick("không ký", "no signature"),
            Signature::Wet => lang.pick("ký tay", "hand signature"),
            Signature::Digital => lang.pick("ký số", "digital signature"),
        }
    }
}

impl Form {
    /// `bản điện tử`, `bản giấy`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Form::Electronic => lang.pick("bản điện tử", "electronic"),
            Form::Paper => lang.pick("bản giấy", "paper"),
        }
    }
}

impl Lang {
    /// A yes/no state as a reviewer writes it: `đã` / `chưa` (`yes` / `no`), as in "(chưa → đã)".
    pub fn status(self, done: bool) -> &'static str {
        match (self, done) {
            (Lang::Vi, true) => "đã",
            (Lang::Vi, false) => "chưa",
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Action, Channel, Form, Lang, Signature};

    #[test]
    fn no_label_is_a_json_spelling() {
        let channels = [
            Channel::Online,
            Channel::InPerson,
            Channel::Postal,
            Channel::Paper,
            Channel::Field,
        ];
        for c in channels {
            assert_ne!(c.label(Lang::Vi), c.as_str());
        }
        assert_eq!(Channel::InPerson.label(Lang::Vi), "trực tiếp");
        assert_eq!(Channel::Online.label(Lang::Vi), "trực tuyến");
        assert_eq!(Action::ReturnResult.label(Lang::Vi), "trả kết quả");
        assert_eq!(Signature::Wet.label(Lang::Vi), "ký tay");
        assert_eq!(Form::Paper.label(Lang::Vi), "bản giấy");
        assert_eq!(Lang::Vi.status(false), "chưa");
        assert_eq!(Lang::Vi.status(true), "đã");
    }
}
