//! What every run record carries: the tool's version, a stable digest for minting identifiers
//! from text, and the time of the run as an `xsd:dateTime`.
//!
//! Ingest, link, the corpus summary and the Wikidata cache all record runs or key caches this
//! way; they take these from here so that none of them depends on another. Every function is
//! O(n) in its input or O(1).

use crate::rdf::vocab::xsd;
use oxigraph::model::Literal;
use std::time::SystemTime;

/// The version recorded in runs.
pub const TOOL_VERSION: &str = concat!("diplograph ", env!("CARGO_PKG_VERSION"));

/// 64-bit FNV-1a: a stable digest, the same on every platform and version.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An `xsd:dateTime` literal in UTC, second precision.
pub fn date_time(time: SystemTime) -> Literal {
    let seconds = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |duration| duration.as_secs() as i64);
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Literal::new_typed_literal(
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
        xsd::DATE_TIME,
    )
}
