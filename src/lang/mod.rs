//! Language data behind types, each read and checked at start with `file:line` in its errors: the
//! patterns and their named groups, trigger words, the reference data (states, places,
//! organisations, persons), the members of groups of states, Traditional forms, Chinese numerals,
//! and the Wikidata classes of entity types. The data itself lives in `ontology/`; these modules
//! only read and look it up.

pub mod data_file;
pub mod memberships;
pub mod numerals;
pub mod reference;
pub mod rules;
pub mod traditional;
pub mod triggers;
pub mod wikidata_classes;
