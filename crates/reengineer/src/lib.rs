//! Re-engineering of administrative procedures (tái cấu trúc quy trình TTHC, Thông tư
//! 01/2023/TT-VPCP: "rà soát, đánh giá, thiết kế lại quy trình … để tổ chức thực hiện trên môi
//! trường điện tử"): from a procedure or a group and its analysis, the to-be model with the
//! standard remedy of every unjustified blocker applied, and the list of changes; then the
//! as-is model against the to-be.
//!
//! Pure functions, like the analyzer: model and analysis in, model and changes out. Nothing
//! here reads files, prints or exits; the CLI does that.
//!
//! What is guaranteed (the tests check each on every example and on generated models):
//! - codes and ids of the as-is model are kept; every change is recorded ([`Change`]: what,
//!   where, the criteria it makes met, the rule and clause) and noted in the changed step's,
//!   document's, procedure's or group's `note`, in Vietnamese;
//! - justified blockers (`required_by`) are left as they are and listed in [`ToBe::kept`]:
//!   they need a change of law first;
//! - the to-be level is never lower than the as-is level, and it is `full_online` whenever
//!   the as-is model has no justified blocker;
//! - re-engineering the to-be model again changes nothing;
//! - a step that still carries a paper original the law requires (`required_by` on the
//!   document) is never made online: a filing, supplement or collection in person goes by
//!   public post instead (no trip, and criterion 8 met for a return), anything else is kept,
//!   listed in [`ToBe::kept`] and its note says why;
//! - the options the applicant chooses between (`chosen_by: "applicant"`) are judged by the
//!   analyzer on the applicant's best way (rules version 2): an option kept by the applicant's
//!   choice is no blocker and is left as it is, beside the one re-engineering makes online;
//!   refusal branches (`reject`) are kept, and a return step added for a missing one follows
//!   the ends of the procedure that are not refusals;
//! - a step moved online, by post or to a digital signature whose name still tells the old way
//!   ("Nộp lệ phí bằng tiền mặt tại Bộ phận Một cửa", "ký tay") is renamed (the old name kept in
//!   its note), or flagged for the reviewer where no phrase can be replaced; changes lists name
//!   values in the model's one vocabulary ("trực tiếp → trực tuyến", "chưa → đã").
//!
//! The remedies (RULES.md, "Blockers and remedies"): filing, supplements and payment online,
//! a digital signature where it was wet; a document a database holds (`available_from`)
//! dropped and looked up there (Nghị định 42/2022/NĐ-CP, once-only); other paper documents
//! accepted as electronic copies; agency paper steps on the electronic systems; on-site
//! verification replaced by checks against the shared databases; presence replaced by
//! electronic identification; an electronic result, returned online (or by post where it was
//! posted); a missing payment or return step added; the information and forms published.
//! For groups, see [`reengineer_group`].
#![warn(missing_docs)]

mod change;
pub mod compare;
mod group;
mod json;
mod names;
mod notes;
mod procedure;
mod redesign;
mod text;

pub use change::{Change, ChangeKind, Kept, LinkRef, ToBe};
pub use compare::{Comparison, compare};
pub use group::{GroupModel, group_members, reengineer_group, reengineer_loaded_group};
pub use json::to_pretty_json;
pub use procedure::reengineer_procedure;
pub use redesign::redesign_markdown;
pub use text::{LevelChange, change_line, changes_text, what};

static VISITS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// How many list entries (steps, documents, flows, changes) re-engineering has looked at so
/// far in this process: a measure of its work that tests compare across sizes (it grows
/// linearly with the steps; a search per change made it quadratic).
pub fn visits() -> usize {
    VISITS.load(std::sync::atomic::Ordering::Relaxed)
}

pub(crate) fn visit(n: usize) {
    VISITS.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
}
