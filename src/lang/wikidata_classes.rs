//! Which Wikidata classes may stand for each diplograph class: `ontology/wikidata-classes.tsv`,
//! read and checked against the ontology at start, and used by [`crate::link`] to check that a
//! candidate item is of a fitting type; and what a Wikidata item identifier looks like.
//!
//! Parsing is O(n) in the table's lines; a lookup is O(log n) per class asked.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use crate::rdf::vocab::{dg, rdf};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Quad};
use std::collections::BTreeMap;

/// Whether `id` is a Wikidata item identifier (`Q` and digits).
pub fn is_item_id(id: &str) -> bool {
    id.len() > 1
        && id.starts_with('Q')
        && id[1..].bytes().all(|byte| byte.is_ascii_digit())
        && !id[1..].starts_with('0')
}

/// Which Wikidata classes may stand for each diplograph class (`ontology/wikidata-classes.tsv`).
#[derive(Debug, Clone, Default)]
pub struct ClassTable {
    rows: BTreeMap<NamedNode, Vec<String>>,
}

impl ClassTable {
    /// Parses the table; `file` names it in errors. Every class must be a `dg:` term and every
    /// identifier a Wikidata item.
    pub fn parse(file: &str, text: &str) -> Result<Self, DataError> {
        let mut rows = BTreeMap::new();
        for (number, line) in data_lines(text) {
            let invalid = |message: String| line_error(file, number, message);
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 2 {
                return Err(invalid("expected `CLASS<TAB>Q… Q…<TAB>comment`".to_owned()));
            }
            let class = NamedNode::new(format!("{}{}", dg::NAMESPACE, fields[0].trim()))
                .map_err(|_| invalid(format!("`{}` is not a class name", fields[0])))?;
            let items: Vec<String> = fields[1].split_whitespace().map(str::to_owned).collect();
            if items.is_empty() {
                return Err(invalid("no Wikidata class given".to_owned()));
            }
            if let Some(bad) = items.iter().find(|item| !is_item_id(item)) {
                return Err(invalid(format!(
                    "`{bad}` is not a Wikidata item identifier (Q followed by digits)"
                )));
            }
            if rows.insert(class.clone(), items).is_some() {
                return Err(invalid(format!("{class} has a second row")));
            }
        }
        Ok(Self { rows })
    }

    /// Checks that every class of the table is declared in the ontology.
    pub fn check_against(&self, file: &str, ontology: &[Quad]) -> Result<(), DataError> {
        for class in self.rows.keys() {
            let declared = ontology.iter().any(|quad| {
                matches!(&quad.subject, NamedOrBlankNode::NamedNode(subject) if subject == class)
                    && quad.predicate.as_ref() == rdf::TYPE
            });
            if !declared {
                return Err(DataError::Invalid {
                    file: file.to_owned(),
                    message: format!("{class} is not a class of the ontology"),
                });
            }
        }
        Ok(())
    }

    /// The Wikidata classes of the first of `classes` that has a row.
    pub fn wikidata_classes(&self, classes: &[NamedNode]) -> Option<&[String]> {
        classes
            .iter()
            .find_map(|class| self.rows.get(class).map(Vec::as_slice))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_class_table_is_read_and_checked() {
        let table = ClassTable::parse(
            "ontology/wikidata-classes.tsv",
            include_str!("../../ontology/wikidata-classes.tsv"),
        )
        .unwrap();
        let ontology = crate::lang::reference::parse_turtle(
            "ontology/diplograph.ttl",
            include_str!("../../ontology/diplograph.ttl"),
        )
        .unwrap();
        table
            .check_against("ontology/wikidata-classes.tsv", &ontology)
            .unwrap();
        assert_eq!(
            table.wikidata_classes(&[dg::CITY.into_owned()]),
            Some(&["Q515".to_owned()][..])
        );
        let bad = ClassTable::parse("t.tsv", "City\tQ5x\tcity\n").unwrap_err();
        assert!(bad.to_string().starts_with("t.tsv:1:"), "{bad}");
        let unknown = ClassTable::parse("t.tsv", "Town\tQ515\n").unwrap();
        assert!(unknown.check_against("t.tsv", &ontology).is_err());
    }
}
