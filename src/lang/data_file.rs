//! The line-oriented data files: `ontology/patterns.tsv`, `ontology/triggers.tsv`,
//! `ontology/wikidata-classes.tsv`, the decisions file of `diplograph link` and the expected facts
//! of `diplograph evaluate`. They share one reading: blank lines and lines that begin with `#` are
//! skipped, a `\r` before the line end is dropped, and an error names the file and the line.

use crate::error::DataError;

/// The lines that carry data, with their numbers (from 1).
pub fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

/// An error at line `number` of `file`.
pub fn line_error(file: &str, number: usize, message: String) -> DataError {
    DataError::InvalidLine {
        file: file.to_owned(),
        line: number,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped_and_lines_keep_their_numbers() {
        let lines: Vec<_> = data_lines("# comment\n\na\tb\r\n  \nc\n").collect();
        assert_eq!(lines, vec![(3, "a\tb"), (5, "c")]);
    }
}
