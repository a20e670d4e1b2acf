//! Aligned text tables for people: columns padded by display width, so wide Chinese characters
//! line up with Latin text in a terminal.

use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Writes `rows` under `headers`, columns separated by two spaces, a rule under the header.
pub fn write_table(
    mut out: impl Write,
    headers: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|header| header.width()).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            if index < widths.len() {
                widths[index] = widths[index].max(display(cell).width());
            }
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = String>| -> io::Result<()> {
        let cells: Vec<String> = cells.collect();
        let last = cells.len().saturating_sub(1);
        for (index, cell) in cells.iter().enumerate() {
            if index > 0 {
                out.write_all(b"  ")?;
            }
            out.write_all(cell.as_bytes())?;
            if index < last {
                let padding = widths[index].saturating_sub(cell.width());
                out.write_all(" ".repeat(padding).as_bytes())?;
            }
        }
        out.write_all(b"\n")
    };
    line(&mut out, &mut headers.iter().cloned())?;
    line(&mut out, &mut widths.iter().map(|width| "─".repeat(*width)))?;
    for row in rows {
        line(&mut out, &mut row.iter().map(|cell| display(cell)))?;
    }
    Ok(())
}

/// A cell as shown: line breaks and tabs become spaces.
fn display(cell: &str) -> String {
    cell.replace(['\n', '\r', '\t'], " ")
}
