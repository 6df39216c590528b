//! End-to-end tests of the `quytrinh` binary.
