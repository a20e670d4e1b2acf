//! Dates written in Chinese numerals, read as the Arabic digits every date pattern expects.
//!
//! Communiqués of every era write dates in Chinese numerals: `一九七四年五月三十一日`,
//! `二〇〇五年十月十一日`, `二○一九年四月二十五日` (a white circle for zero), and reposts
//! `二O一八年` (a Latin O). Normalization rewrites such a date to `1974年5月31日`, each new digit
//! mapped back to the numeral it came from, so that the patterns of `ontology/patterns.tsv` (which
//! read `\d`) and the spans of the facts both hold. Where a date may stand is the pattern
//! `layout.numeral-date` (data): a year of four numerals with `年`, a month with `月`, a day with
//! `日`. What is rewritten:
//! - a year (four positional digits, at least one a Chinese numeral, zero written `〇 ○ 零 O 0`);
//! - a month, only after a rewritten year or before a day (`三月` alone may be a count);
//! - a day, only after a month, or after a range word (`至`, `到`, a dash) that follows a date.
//!
//! Full-width digits (`２０１９`) become ASCII digits in the same pass.
//!
//! Cost: linear in the length of the line.

use regex::Regex;

/// The value of a Chinese numeral character, or of a character that stands for zero in a year.
fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' | 'O' | 'o' | 'Ｏ' | '0' => 0,
        '一' | '1' => 1,
        '二' | '两' | '2' => 2,
        '三' | '3' => 3,
        '四' | '4' => 4,
        '五' | '5' => 5,
        '六' | '6' => 6,
        '七' | '7' => 7,
        '八' | '8' => 8,
        '九' | '9' => 9,
        _ => return None,
    })
}

/// The value of a small Chinese number (1–99): `五`, `十`, `十二`, `二十`, `三十一`.
pub fn small_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    // `卅` is thirty, `卅一` thirty-one.
    if chars.first() == Some(&'卅') {
        return match chars.len() {
            1 => Some(30),
            2 => digit_value(chars[1]).map(|units| 30 + units),
            _ => None,
        };
    }
    let ten = chars.iter().position(|c| *c == '十');
    let value = match ten {
        None if chars.len() == 1 => digit_value(chars[0])?,
        None => return None,
        Some(at) => {
            let tens = match at {
                0 => 1,
                1 => digit_value(chars[0])?,
                _ => return None,
            };
            let units = match chars.len() - at - 1 {
                0 => 0,
                1 => digit_value(chars[at + 1])?,
                _ => return None,
            };
            tens * 10 + units
        }
    };
    (value > 0).then_some(value)
}

/// True for a character that a date in Chinese numerals may hold (its digits, `十`, the forms of
/// zero).
pub fn is_date_numeral(c: char) -> bool {
    is_chinese_numeral(c) || matches!(c, 'O' | 'o' | 'Ｏ')
}

/// True for a character that is a Chinese numeral proper (not a Latin O or an ASCII digit).
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '○'
            | '零'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '卅'
    )
}

/// Words that join the two ends of a date range (`至`, `到`, dashes): a bare day after one of them
/// is the range's end.
fn is_range_word(c: char) -> bool {
    matches!(c, '至' | '到' | '—' | '－' | '-' | '–' | '~' | '〜' | '～')
}

/// Rewrites the dates in Chinese numerals of one line, and its full-width digits, keeping each
/// character's origin. `pattern` is `layout.numeral-date` with groups `year`, `month` and `day`
/// (the numerals, without their unit characters).
pub fn rewrite_dates(chars: &mut Vec<(char, u32)>, pattern: &Regex) {
    for (c, _) in chars.iter_mut() {
        if ('０'..='９').contains(c) {
            *c = char::from_u32(*c as u32 - '０' as u32 + '0' as u32).unwrap_or(*c);
        }
    }
    if !chars.iter().any(|(c, _)| is_chinese_numeral(*c)) {
        return;
    }
    let text: String = chars.iter().map(|(c, _)| *c).collect();
    // Byte offset → char index of `text`.
    let mut char_at = vec![0usize; text.len() + 1];
    for (index, (offset, _)) in text.char_indices().enumerate() {
        char_at[offset] = index;
    }
    char_at[text.len()] = chars.len();
    // (first char, end char, replacement digits), in text order.
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    // The char index where the last rewritten date ended, for a range's bare end day.
    let mut last_date_end: Option<usize> = None;
    for captures in pattern.captures_iter(&text) {
        let whole = captures.get(0).expect("group 0");
        if whole.is_empty() {
            continue;
        }
        let year = captures.name("year").filter(|year| {
            year.as_str().chars().count() == 4
                && year.as_str().chars().any(is_chinese_numeral)
                && year.as_str().chars().all(|c| digit_value(c).is_some())
        });
        let month = captures.name("month").and_then(|m| {
            small_number(m.as_str())
                .filter(|v| *v <= 12)
                .map(|v| (m, v))
        });
        let day = captures.name("day").and_then(|d| {
            small_number(d.as_str())
                .filter(|v| *v <= 31)
                .map(|v| (d, v))
        });
        let range_end = || {
            let start = char_at[whole.start()];
            start > 0
                && is_range_word(chars[start - 1].0)
                && last_date_end.is_some_and(|end| start - end <= 12)
        };
        let keep_month = month.is_some() && (year.is_some() || day.is_some());
        let keep_day = day.is_some() && (month.is_some() || range_end());
        if year.is_none() && !keep_month && !keep_day {
            continue;
        }
        if let Some(year) = year {
            let digits: String = year
                .as_str()
                .chars()
                .filter_map(digit_value)
                .map(|d| char::from_digit(d, 10).unwrap_or('0'))
                .collect();
            replacements.push((char_at[year.start()], char_at[year.end()], digits));
        }
        if keep_month {
            if let Some((m, value)) = month {
                replacements.push((char_at[m.start()], char_at[m.end()], value.to_string()));
            }
        }
        if keep_day {
            if let Some((d, value)) = day {
                replacements.push((char_at[d.start()], char_at[d.end()], value.to_string()));
            }
        }
        last_date_end = Some(char_at[whole.end()]);
    }
    if replacements.is_empty() {
        return;
    }
    let mut rewritten = Vec::with_capacity(chars.len());
    let mut at = 0;
    for (start, end, digits) in replacements {
        rewritten.extend_from_slice(&chars[at..start]);
        // Each new digit points back to the numeral in its place (the last one for any extra).
        for (index, digit) in digits.chars().enumerate() {
            let origin = chars[(start + index).min(end - 1)].1;
            rewritten.push((digit, origin));
        }
        at = end;
    }
    rewritten.extend_from_slice(&chars[at..]);
    *chars = rewritten;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern() -> Regex {
        crate::lang::rules::Patterns::parse(
            "ontology/patterns.tsv",
            include_str!("../../ontology/patterns.tsv"),
        )
        .expect("the patterns load")
        .get("layout.numeral-date")
        .clone()
    }

    fn rewrite(text: &str) -> String {
        let mut chars: Vec<(char, u32)> = text.chars().zip(0..).collect();
        rewrite_dates(&mut chars, &pattern());
        chars.iter().map(|(c, _)| *c).collect()
    }

    /// Positive and negative lines of `tests/examples/dates-numerals.tsv`.
    #[test]
    fn the_example_lines_read_as_written() {
        let examples = include_str!("../../tests/examples/dates-numerals.tsv");
        let mut checked = 0;
        for (number, line) in crate::lang::data_file::data_lines(examples) {
            let (input, expected) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {number}: expected INPUT<TAB>EXPECTED"));
            assert_eq!(rewrite(input), expected, "line {number}: {input}");
            checked += 1;
        }
        assert!(checked >= 20, "only {checked} examples");
    }

    #[test]
    fn each_new_digit_points_back_to_its_numeral() {
        let text = "一九七四年五月三十一日";
        let mut chars: Vec<(char, u32)> = text.chars().zip(0..).collect();
        rewrite_dates(&mut chars, &pattern());
        let origins: Vec<u32> = chars.iter().map(|(_, origin)| *origin).collect();
        // 1974 ← 一九七四, 年, 5 ← 五, 月, 31 ← 三十一 (3 ← 三, 1 ← 十), 日
        assert_eq!(origins, vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 10]);
    }

    #[test]
    fn small_numbers() {
        assert_eq!(small_number("十"), Some(10));
        assert_eq!(small_number("十二"), Some(12));
        assert_eq!(small_number("二十"), Some(20));
        assert_eq!(small_number("三十一"), Some(31));
        assert_eq!(small_number("十十"), None);
        assert_eq!(small_number("一二"), None);
        assert_eq!(small_number("〇"), None);
    }
}
