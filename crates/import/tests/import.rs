//! The import crate's integration tests.

use quytrinh_import::guess;
use quytrinh_model::{Action, Channel, Role, Signature};

#[test]
fn a_row_of_a_published_table() {
    let s = guess::step(
        "Tiếp nhận hồ sơ trên Hệ thống thông tin giải quyết TTHC, chuyển cho Phòng Tư pháp",
        "Công chức Bộ phận Một cửa",
        "Không tính thời gian",
    );
    assert_eq!(s.role.value, Role::Agency);
    assert_eq!(s.action.value, Action::Receive);
    assert_eq!(s.channel.value, Channel::Online);
    assert_eq!(s.channel.phrase.as_deref(), Some("Hệ thống thông tin"));
    assert_eq!(s.signature.value, Signature::None);
    let t = s.time.as_ref().map(|t| (t.days, t.counted));
    assert_eq!(t, Some((0.0, false)));
}

#[test]
fn an_applicant_row_without_hints_gets_defaults() {
    let s = guess::step("Hồ sơ", "Tổ chức, cá nhân", "");
    assert_eq!(s.role.value, Role::Applicant);
    assert_eq!(s.action.value, Action::Submit);
    assert!(s.action.is_default());
    assert_eq!(s.channel.value, Channel::InPerson);
    assert!(s.channel.is_default());
    assert_eq!(s.time, None);
}
