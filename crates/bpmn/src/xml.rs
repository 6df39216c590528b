//! A thin layer over quick-xml's writer: elements with attributes, text elements, nesting.
//! Every name and value is escaped by quick-xml; no XML is built from strings here.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

/// The namespaces of the files quytrinh writes and reads.
pub(crate) const BPMN: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
pub(crate) const BPMNDI: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
pub(crate) const DC: &str = "http://www.omg.org/spec/DD/20100524/DC";
pub(crate) const DI: &str = "http://www.omg.org/spec/DD/20100524/DI";
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The colour extension bpmn-js and Camunda Modeler draw (non-normative, from the OMG).
pub(crate) const COLOR: &str = "http://www.omg.org/spec/BPMN/non-normative/color/1.0";
/// quytrinh's own extension namespace (docs/BPMN.md).
pub const QT: &str = "urn:quytrinh:bpmn:1";

/// Attributes: name and value, in writing order.
pub(crate) type Attrs<'a> = Vec<(&'a str, String)>;

/// An XML document being written, indented by two spaces.
pub(crate) struct Xml {
    w: Writer<Vec<u8>>,
}

impl std::fmt::Debug for Xml {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Xml")
    }
}

fn start<'a>(name: &'a str, attrs: &'a [(&'a str, String)]) -> BytesStart<'a> {
    BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, v.as_str())))
}

impl Xml {
    pub(crate) fn new() -> io::Result<Self> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(quick_xml::events::BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            None,
        )))?;
        Ok(Xml { w })
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, String)]) -> io::Result<()> {
        self.w.write_event(Event::Empty(start(name, attrs)))
    }

    /// `<name attrs>`: close it with [`Xml::close`].
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, String)]) -> io::Result<()> {
        self.w.write_event(Event::Start(start(name, attrs)))
    }

    pub(crate) fn close(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs>text</name>`.
    pub(crate) fn text(
        &mut self,
        name: &str,
        attrs: &[(&str, String)],
        text: &str,
    ) -> io::Result<()> {
        self.w.write_event(Event::Start(start(name, attrs)))?;
        self.w.write_event(Event::Text(BytesText::new(text)))?;
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    pub(crate) fn finish(self) -> String {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}
