//! Importing procedures that exist only as text or tables: the "quy trình nội bộ giải quyết
//! thủ tục hành chính" tables every province publishes.
//!
//! [`guess`] reads the Vietnamese wording of one step (its content and the party responsible
//! for it) and guesses what the model needs: the action, the channel, the applicant's
//! signature, the actor's role, and the duration in working days. Every guess carries the
//! phrase that triggered it, so an import report can say why; nothing guessed is ever
//! presented as known.
//!
//! This crate is pure: it never prints and never touches the file system.

#![warn(missing_docs)]

mod docx;
pub mod guess;
pub mod legacy;
pub mod read;
pub mod report;
pub mod table;
mod xlsx;
