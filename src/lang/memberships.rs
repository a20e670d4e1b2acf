//! Members of groups of states over time (`ontology/memberships.tsv`): whom a document speaks for
//! when it speaks as a group without naming its members (`我们，上海合作组织成员国领导人…`,
//! `Statement of the ASEAN Foreign Ministers`). A member counts from the day it joined until the
//! day it left.
//!
//! Cost: reading is linear in the table; a lookup is linear in the group's members.

use crate::error::DataError;
use crate::lang::data_file::{data_lines, line_error};
use crate::lang::reference::Reference;
use crate::rdf::vocab::{dg, dgr};
use std::collections::BTreeMap;

/// One member of a group, with the days (ISO `YYYY-MM-DD`) it joined and left.
#[derive(Debug, Clone)]
struct Member {
    state: usize,
    from: String,
    until: Option<String>,
}

/// The members of each group (reference entity index → members, in the table's order).
#[derive(Debug, Clone, Default)]
pub struct Memberships {
    by_group: BTreeMap<usize, Vec<Member>>,
}

impl Memberships {
    /// Reads the table `text` (named `file` in errors); every group must be an organisation and
    /// every member a state of `reference`.
    pub fn parse(file: &str, text: &str, reference: &Reference) -> Result<Self, DataError> {
        let by_iri = reference.indices_by_iri();
        let entity =
            |number: usize, name: &str, class: oxigraph::model::NamedNodeRef<'_>, what: &str| {
                let iri = format!("{}{name}", dgr::NAMESPACE);
                by_iri
                    .get(iri.as_str())
                    .copied()
                    .filter(|&index| reference.entities[index].class.as_ref() == class)
                    .ok_or_else(|| {
                        line_error(
                            file,
                            number,
                            format!("dgr:{name} is not {what} of the reference data"),
                        )
                    })
            };
        let is_date = |text: &str| {
            text.len() == 10
                && text.char_indices().all(|(at, c)| {
                    if at == 4 || at == 7 {
                        c == '-'
                    } else {
                        c.is_ascii_digit()
                    }
                })
        };
        let mut memberships = Self::default();
        for (number, line) in data_lines(text).skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [group, member, from, until] = fields[..] else {
                return Err(line_error(
                    file,
                    number,
                    "expected GROUP<TAB>MEMBER<TAB>FROM<TAB>UNTIL".to_owned(),
                ));
            };
            let group = entity(
                number,
                group,
                dg::INTERNATIONAL_ORGANISATION,
                "an international organisation",
            )?;
            let state = entity(number, member, dg::STATE, "a state")?;
            if !is_date(from) || !(until.is_empty() || is_date(until)) {
                return Err(line_error(
                    file,
                    number,
                    format!("dates are written YYYY-MM-DD (`{from}`, `{until}`)"),
                ));
            }
            let members = memberships.by_group.entry(group).or_default();
            if members.iter().any(|known| known.state == state) {
                return Err(line_error(
                    file,
                    number,
                    format!("dgr:{member} is listed twice for this group"),
                ));
            }
            members.push(Member {
                state,
                from: from.to_owned(),
                until: (!until.is_empty()).then(|| until.to_owned()),
            });
        }
        Ok(memberships)
    }

    /// The members of `group` on `date` (ISO; `None` for today's members), or `None` for a group
    /// the table does not list.
    pub fn members_on(&self, group: usize, date: Option<&str>) -> Option<Vec<usize>> {
        let members = self.by_group.get(&group)?;
        Some(
            members
                .iter()
                .filter(|member| {
                    date.is_none_or(|date| {
                        member.from.as_str() <= date
                            && member.until.as_deref().is_none_or(|until| date < until)
                    })
                })
                .map(|member| member.state)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::mapping::{Iris, DEFAULT_BASE};
    use crate::map::pipeline::{DataFiles, Pipeline};

    fn reference() -> Reference {
        Pipeline::load(&DataFiles::embedded(), Iris::new(DEFAULT_BASE).unwrap())
            .unwrap()
            .reference
    }

    fn index(reference: &Reference, name: &str) -> usize {
        let iri = format!("{}{name}", dgr::NAMESPACE);
        reference
            .entities
            .iter()
            .position(|entity| entity.iri.as_str() == iri)
            .unwrap()
    }

    #[test]
    fn members_count_from_the_day_they_joined_until_the_day_they_left() {
        let reference = reference();
        let table = "group\tmember\tfrom\tuntil\n\
                     SCO\tChina\t2001-06-15\t\n\
                     SCO\tIndia\t2017-06-09\t\n\
                     SCO\tRussia\t2001-06-15\t2010-01-01\n";
        let memberships = Memberships::parse("t.tsv", table, &reference).unwrap();
        let sco = index(&reference, "SCO");
        let (china, india, russia) = (
            index(&reference, "China"),
            index(&reference, "India"),
            index(&reference, "Russia"),
        );
        assert_eq!(
            memberships.members_on(sco, Some("2005-01-01")),
            Some(vec![china, russia])
        );
        assert_eq!(
            memberships.members_on(sco, Some("2017-06-09")),
            Some(vec![china, india])
        );
        assert_eq!(
            memberships.members_on(sco, None),
            Some(vec![china, india, russia])
        );
        assert_eq!(memberships.members_on(china, None), None);
    }

    #[test]
    fn bad_rows_are_refused_with_their_line() {
        let reference = reference();
        for (row, message) in [
            ("SCO\tAtlantis\t2001-06-15\t", "dgr:Atlantis is not a state"),
            (
                "China\tRussia\t2001-06-15\t",
                "dgr:China is not an international organisation",
            ),
            ("SCO\tChina\t15.6.2001\t", "dates are written YYYY-MM-DD"),
            ("SCO\tChina", "expected GROUP<TAB>MEMBER<TAB>FROM<TAB>UNTIL"),
        ] {
            let table = format!("group\tmember\tfrom\tuntil\n{row}\n");
            let error = Memberships::parse("t.tsv", &table, &reference)
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("t.tsv:2: "), "{error}");
            assert!(error.contains(message), "{error}");
        }
        let twice =
            "group\tmember\tfrom\tuntil\nSCO\tChina\t2001-06-15\t\nSCO\tChina\t2001-06-15\t\n";
        let error = Memberships::parse("t.tsv", twice, &reference)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("t.tsv:3: ") && error.contains("twice"),
            "{error}"
        );
    }
}
