//! The to-be model as an input file a human edits further: pretty JSON, 2-space indentation,
//! keys in the format's order, whole numbers without `.0`, a trailing newline.

use std::io;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use quytrinh_model::Document;

/// A procedure or group document as pretty JSON (FORMAT.md key order) with a trailing newline.
pub fn to_pretty_json(doc: &Document) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        Pretty(PrettyFormatter::with_indent(b"  ")),
    );
    doc.serialize(&mut ser)?;
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// serde_json's pretty formatter, with `3.0` written `3` as in hand-written files.
struct Pretty<'a>(PrettyFormatter<'a>);

/// The largest whole number an `f64` holds exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

impl Formatter for Pretty<'_> {
    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: f64) -> io::Result<()> {
        if value.is_finite() && value.fract() == 0.0 && value.abs() < EXACT {
            #[allow(clippy::cast_possible_truncation)]
            let whole = value as i64;
            write!(w, "{whole}")
        } else {
            self.0.write_f64(w, value)
        }
    }
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}
