//! Helpers the extractors share for reading Chinese sentences: clause boundaries that respect
//! brackets, matching brackets, what lies inside brackets, Chinese numerals and the numbers and
//! dates a pattern captured.
//!
//! Cost: each helper is linear in the text it scans.

/// Opening and closing brackets that enclose names and parentheticals.
const PAIRS: [(char, char); 4] = [('（', '）'), ('《', '》'), ('〈', '〉'), ('(', ')')];

/// Clause separators.
fn is_clause_separator(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '。' | '！' | '？' | ',' | ';')
}

/// Byte offset where the clause containing `at` begins: just after the last clause separator
/// before `at` that is not inside brackets, looked for at most [`LONGEST_BRACKETED`] bytes back
/// (where the scan stops, the clause is taken to begin).
pub fn clause_start(text: &str, at: usize) -> usize {
    let mut depth: i32 = 0;
    let mut from = at.saturating_sub(LONGEST_BRACKETED);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    for (index, c) in text[from..at].char_indices().rev() {
        let index = from + index;
        if PAIRS.iter().any(|(_, close)| *close == c) {
            depth += 1;
        } else if PAIRS.iter().any(|(open, _)| *open == c) {
            depth = (depth - 1).max(0);
        } else if depth == 0 && is_clause_separator(c) {
            return index + c.len_utf8();
        }
    }
    from
}

/// The longest bracketed text looked for, in bytes: far longer than any title, name or date in
/// brackets, and short enough that looking for the close of every bracket of a sentence stays
/// linear in its length, however the brackets nest or fail to close.
pub const LONGEST_BRACKETED: usize = 4096;

/// The byte offset just after the bracket that closes the one opening at `open` (which must be
/// an opening bracket); `None` when it is not closed within [`LONGEST_BRACKETED`] bytes.
pub fn matching_close(text: &str, open: usize) -> Option<usize> {
    let first = text[open..].chars().next()?;
    let (opening, closing) = PAIRS.iter().copied().find(|(o, _)| *o == first)?;
    let mut depth = 0;
    let mut end = (open + LONGEST_BRACKETED).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    for (index, c) in text[open..end].char_indices() {
        if c == opening {
            depth += 1;
        } else if c == closing {
            depth -= 1;
            if depth == 0 {
                return Some(open + index + c.len_utf8());
            }
        }
    }
    None
}

/// For each byte of `text` (and one past its end), whether it lies inside one of the bracket
/// `pairs`, the brackets themselves included; nesting is counted.
pub fn inside_brackets(text: &str, pairs: &[(char, char)]) -> Vec<bool> {
    let mut inside = vec![false; text.len() + 1];
    let mut depth: u32 = 0;
    for (index, c) in text.char_indices() {
        if pairs.iter().any(|(open, _)| *open == c) {
            depth += 1;
        }
        inside[index..index + c.len_utf8()].fill(depth > 0);
        if pairs.iter().any(|(_, close)| *close == c) {
            depth = depth.saturating_sub(1);
        }
    }
    inside
}

/// The number a pattern's group captured (a year, month or day in ASCII digits), if the group
/// took part in the match.
pub fn group_number(captures: &regex::Captures<'_>, name: &str) -> Option<u32> {
    captures.name(name).and_then(|m| m.as_str().parse().ok())
}

/// The date a pattern's year, month and day groups (named `groups`, in that order) captured, if
/// all three took part in the match and make a date of the calendar.
pub fn group_date(captures: &regex::Captures<'_>, groups: [&str; 3]) -> Option<super::Date> {
    let [year, month, day] = groups.map(|name| group_number(captures, name));
    super::Date::from_parts(i32::try_from(year?).ok()?, month?, day?)
}

/// The value of a Chinese numeral (`九`, `十六`, `二十七`, `一百零五`) or of ASCII digits.
pub fn numeral(text: &str) -> Option<u32> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|v| v as u32)
            .or((c == '〇').then_some(0))
    };
    let mut total = 0;
    let mut current = 0;
    for c in text.chars() {
        match c {
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            _ => current = digit(c)?,
        }
    }
    Some(total + current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_skip_commas_inside_brackets() {
        let text = "团长们强调，应落实《A》（2019年6月14日，比什凯克）、《B》";
        let at = text.find("《B》").unwrap();
        assert_eq!(
            &text[clause_start(text, at)..at],
            "应落实《A》（2019年6月14日，比什凯克）、"
        );
    }

    #[test]
    fn brackets_match_with_nesting() {
        let text = "《2022—2023年落实〈纲要〉新环境下联合行动计划》（2021年7月15日，杜尚别）";
        assert_eq!(
            &text[..matching_close(text, 0).unwrap()],
            "《2022—2023年落实〈纲要〉新环境下联合行动计划》"
        );
        assert_eq!(matching_close("《never closed", 0), None);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(numeral("九"), Some(9));
        assert_eq!(numeral("十六"), Some(16));
        assert_eq!(numeral("二十七"), Some(27));
        assert_eq!(numeral("一百零五"), Some(105));
        assert_eq!(numeral("77"), Some(77));
        assert_eq!(numeral("多"), None);
    }
}
