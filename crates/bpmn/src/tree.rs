//! A BPMN file read into a small element tree (namespaces resolved, every element with the
//! byte offset where it starts), by quick-xml's namespace-aware reader.

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quytrinh_model::{Code, Diagnostic, Source};

/// One element: its namespace and local name, attributes, children and text.
#[derive(Debug, Clone, Default)]
pub(crate) struct El {
    pub(crate) ns: String,
    pub(crate) name: String,
    /// (namespace, local name, value); the namespace is empty for unprefixed attributes.
    pub(crate) attrs: Vec<(String, String, String)>,
    pub(crate) children: Vec<El>,
    pub(crate) text: String,
    /// Byte offset of the element's `<`.
    pub(crate) at: usize,
}

impl El {
    /// An unprefixed attribute.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(ns, n, _)| ns.is_empty() && n == name)
            .map(|(_, _, v)| v.as_str())
    }

    /// The children in namespace `ns` named `name`.
    pub(crate) fn all<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a El> + 'a {
        self.children
            .iter()
            .filter(move |c| c.ns == ns && c.name == name)
    }

    pub(crate) fn first(&self, ns: &str, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.ns == ns && c.name == name)
    }

    /// The child `ns:name` of this element's `extensionElements`.
    pub(crate) fn extension(&self, ns: &str, name: &str) -> Option<&El> {
        self.first(crate::xml::BPMN, "extensionElements")?
            .first(ns, name)
    }
}

fn namespace(r: ResolveResult<'_>) -> String {
    match r {
        ResolveResult::Bound(ns) => ns.0.to_owned(),
        _ => String::new(),
    }
}

/// Reads `source` into its root element, or says where and why it is not well-formed XML.
pub(crate) fn parse(source: &Source) -> Result<El, Box<Diagnostic>> {
    let text: &str = &source.text;
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    let syntax = |at: usize, msg: String| {
        Box::new(Diagnostic::at(Code::Syntax, source, at, at + 1, msg).with_help(
            "the file must be well-formed XML: a BPMN 2.0 file as Camunda Modeler, bpmn.io or quytrinh write it",
        ))
    };
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_resolved_event() {
            Ok((ns, ev)) => (namespace(ns), ev),
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(at);
                return Err(syntax(at, format!("this is not well-formed XML: {e}")));
            }
        };
        match event {
            (ns, Event::Start(e)) => {
                let el = element(&reader, ns, &e, at).map_err(|m| syntax(at, m))?;
                stack.push(el);
            }
            (ns, Event::Empty(e)) => {
                let el = element(&reader, ns, &e, at).map_err(|m| syntax(at, m))?;
                attach(&mut stack, &mut root, el);
            }
            (_, Event::End(_)) => {
                if let Some(el) = stack.pop() {
                    attach(&mut stack, &mut root, el);
                }
            }
            (_, Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            (_, Event::CData(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.into_inner());
                }
            }
            (_, Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                let Some(resolved) = resolved else {
                    return Err(syntax(at, format!("unknown entity `&{};`", &*r)));
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(syntax(
            open.at,
            format!("the element <{}> is never closed", open.name),
        ));
    }
    root.ok_or_else(|| syntax(0, "the file holds no XML element".to_owned()))
}

/// Puts a finished element under its parent, or makes it the root.
fn attach(stack: &mut [El], root: &mut Option<El>, el: El) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => {
            if root.is_none() {
                *root = Some(el);
            }
        }
    }
}

fn element(
    reader: &NsReader<&[u8]>,
    ns: String,
    e: &quick_xml::events::BytesStart<'_>,
    at: usize,
) -> Result<El, String> {
    let mut el = El {
        ns,
        name: e.local_name().as_ref().to_owned(),
        at,
        ..El::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|err| format!("a malformed attribute: {err}"))?;
        if a.key.as_namespace_binding().is_some() {
            continue;
        }
        let (ans, local) = reader.resolver().resolve_attribute(a.key);
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| format!("a malformed attribute value: {err}"))?;
        el.attrs.push((
            namespace(ans),
            local.as_ref().to_owned(),
            value.into_owned(),
        ));
    }
    Ok(el)
}
