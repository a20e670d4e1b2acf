//! Government bodies named after their state: `中国商务部`, `越南工贸部`, `中国国家移民管理局`.
//!
//! Rule `bodies.state-body`: right after the name of a state (not a party form), the shortest run
//! of up to 16 Chinese characters that ends with a `body-head` word (`部`, `局`, `总署`, `委员会`…)
//! at a word boundary: before a character that is not Chinese or a `body-follower` word (`与`,
//! `关于`…), so that `外交部长` (an office) and `北部湾` (a place) are not bodies. A name that holds
//! an international organisation's name (`中国上合组织睦邻友好合作委员会`) is not the state's body.
//! The same body named with the state's full or short name (`中华人民共和国商务部`, `中国商务部`)
//! is one node. [`bodies_in`] finds the signatory bodies of instrument titles and the organisers
//! of events the same way.
//!
//! Cost: linear in the length of the text times the number of head words.

use super::mentions::resolved_names;
use super::{Context, Extractor, Fact, Record};
use crate::lang::reference::NameKind;
use crate::lang::triggers::Category;
use crate::rdf::vocab::dg;
use crate::text::document::Document;

/// See the module documentation.
pub struct BodyExtractor;

const RULE: &str = "bodies.state-body";
const MAX_CHARS: usize = 16;

/// A body found in a text: byte range (state name included), the state, the body's own name.
pub struct FoundBody {
    pub range: std::ops::Range<usize>,
    pub country: usize,
    pub body: String,
}

/// The bodies named in `text` after a state name at one of `states` (byte range, entity).
pub fn find_bodies(
    text: &str,
    states: &[(std::ops::Range<usize>, usize)],
    context: &Context<'_>,
) -> Vec<FoundBody> {
    let mut found = Vec::new();
    for (range, country) in states {
        let rest = &text[range.end..];
        let run: String = rest
            .chars()
            .take_while(|c| crate::text::normalize::is_cjk_ideograph(*c))
            .take(MAX_CHARS)
            .collect();
        // The shortest name that ends with a head word at a word boundary.
        let end = run
            .char_indices()
            .map(|(index, c)| index + c.len_utf8())
            .find(|end| {
                let after = &rest[*end..];
                context
                    .triggers
                    .suffix(Category::BodyHead, &run[..*end])
                    .is_some()
                    && (!after.starts_with(|c: char| crate::text::normalize::is_cjk_ideograph(c))
                        || context
                            .triggers
                            .prefix(Category::BodyFollower, after)
                            .is_some())
            });
        if let Some(end) = end {
            let body = &run[..end];
            // A committee named after an organisation (`中国上合组织…委员会`) is not the state's own body.
            let names_organisation = context.reference.find_names(body).iter().any(|name| {
                context.reference.entities[name.entities[0]].class.as_ref()
                    == dg::INTERNATIONAL_ORGANISATION
            });
            if body.chars().count() >= 2 && !names_organisation {
                found.push(FoundBody {
                    range: range.start..range.end + end,
                    country: *country,
                    body: body.to_owned(),
                });
            }
        }
    }
    found
}

/// A body as recorded: label (the state's Chinese name and the body), body, state IRI.
pub fn body_parts(found: &FoundBody, context: &Context<'_>) -> (String, String, String) {
    let country = &context.reference.entities[found.country];
    (
        format!("{}{}", country.label_zh, found.body),
        found.body.clone(),
        country.iri.as_str().to_owned(),
    )
}

/// The states named by a full name or alias in `text`: (byte range, entity).
pub fn states_in(text: &str, context: &Context<'_>) -> Vec<(std::ops::Range<usize>, usize)> {
    context
        .reference
        .find_names(text)
        .into_iter()
        .filter(|name| {
            name.kind == NameKind::Name
                && context.reference.entities[name.entities[0]].class.as_ref() == dg::STATE
        })
        .map(|name| (name.range, name.entities[0]))
        .collect()
}

/// The bodies named after a state in `text`, as [`body_parts`]: the signatory bodies of an
/// instrument's title, the organisers of an event.
pub fn bodies_in(text: &str, context: &Context<'_>) -> Vec<(String, String, String)> {
    find_bodies(text, &states_in(text, context), context)
        .iter()
        .map(|found| body_parts(found, context))
        .collect()
}

/// States named by a full name or alias in a document: (byte range in the normalized text, entity).
pub fn state_names(
    document: &Document,
    context: &Context<'_>,
) -> Vec<(std::ops::Range<usize>, usize)> {
    resolved_names(document, context)
        .iter()
        .filter(|(_, entity, kind)| {
            *kind == NameKind::Name
                && context.reference.entities[*entity].class.as_ref() == dg::STATE
        })
        .map(|(range, entity, _)| (range.clone(), *entity))
        .collect()
}

impl Extractor for BodyExtractor {
    fn name(&self) -> &'static str {
        "bodies"
    }

    fn produces(&self) -> &'static [&'static str] {
        &["body"]
    }

    fn extract(&self, document: &Document, context: &Context<'_>) -> Vec<Record> {
        let full = &document.normalized.text;
        find_bodies(full, &state_names(document, context), context)
            .into_iter()
            .map(|found| {
                Record::new(document, found.range.clone(), RULE, {
                    let (label, body, country) = body_parts(&found, context);
                    Fact::Body {
                        label,
                        body,
                        country,
                    }
                })
            })
            .collect()
    }
}
