//! Signatories: the lines under a document that name an office and a person,
//! `印度共和国外交部长 苏杰生`.
//!
//! Rule `signatures.signature-line`: a paragraph that matches `signature.line` (an office, a
//! space, a name) whose office begins with the name of a state of the reference data; the state is
//! the signatory's country, the rest the office. A person the reference data knows is that entity.
//!
//! Cost: linear in the number of paragraphs.

use super::{Context, Extractor, Fact, Record};
use crate::document::Document;
use crate::reference::NameKind;
use crate::vocab::dg;

/// See the module documentation.
pub struct SignatureExtractor;

const RULE: &str = "signatures.signature-line";

/// A signature line of a document.
pub struct SignatureLine {
    pub range: std::ops::Range<usize>,
    pub name: String,
    pub office: String,
    /// Index of the state in the reference data.
    pub country: usize,
}

/// The signature lines of a document.
pub fn signature_lines(document: &Document, context: &Context<'_>) -> Vec<SignatureLine> {
    let pattern = context.patterns.get("signature.line");
    document
        .paragraphs()
        .filter_map(|range| {
            let captures = pattern.captures(document.slice(range.clone()))?;
            let office = captures.name("office")?;
            let first = context
                .reference
                .find_names(office.as_str())
                .into_iter()
                .next()?;
            let country = first.entities[0];
            let is_state = first.range.start == 0
                && first.kind == NameKind::Name
                && context.reference.entities[country].class.as_ref() == dg::STATE;
            let rest = &office.as_str()[first.range.end..];
            (is_state && !rest.is_empty()).then(|| SignatureLine {
                range,
                name: captures["name"].to_owned(),
                office: rest.to_owned(),
                country,
            })
        })
        .collect()
}

impl Extractor for SignatureExtractor {
    fn name(&self) -> &'static str {
        "signatures"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["signature"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        signature_lines(document, context)
            .into_iter()
            .map(|line| {
                let person = context
                    .reference
                    .entity_named(&line.name)
                    .filter(|index| context.reference.entities[*index].class.as_ref() == dg::PERSON)
                    .map(|index| context.reference.entities[index].iri.as_str().to_owned());
                Record::new(
                    document,
                    line.range,
                    RULE,
                    Fact::Signature {
                        name: line.name,
                        person,
                        office: line.office,
                        country: context.reference.entities[line.country]
                            .iri
                            .as_str()
                            .to_owned(),
                    },
                )
            })
            .collect()
    }
}
