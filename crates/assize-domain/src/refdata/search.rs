//! Type-ahead search over code lists (offences, results): a person types either the start of a
//! code ("TH68") or words from the title ("shop theft"), and wants the likeliest entries first.

/// Rank of a match; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    ExactCode,
    CodePrefix,
    TitleStart,
    AllWordStarts,
    AllSubstrings,
}

/// Find up to `limit` items whose code starts with `query` (ignoring case) or whose
/// lower-cased text (`lower_texts[i]` belongs to `items[i]`) contains every word of `query`.
/// Results are ordered by rank (exact code, code prefix, text starts with the query, every word
/// starts a word of the text, every word somewhere in the text), then, for text matches, shortest
/// text first (the plain offence before its many qualified variants), then by position in `items`.
/// A blank query finds nothing.
pub(super) fn search<'a, T>(
    items: &'a [T],
    lower_texts: &[String],
    code_of: impl Fn(&T) -> &str,
    query: &str,
    limit: usize,
) -> Vec<&'a T> {
    let query = query.trim().to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() || limit == 0 {
        return Vec::new();
    }
    let mut hits: Vec<(Rank, usize, usize)> = items
        .iter()
        .zip(lower_texts)
        .enumerate()
        .filter_map(|(i, (item, text))| {
            rank(code_of(item), text, &query, &words).map(|r| {
                // Code matches stay in code order; text matches prefer the shortest text.
                let len = if r <= Rank::CodePrefix { 0 } else { text.len() };
                (r, len, i)
            })
        })
        .collect();
    hits.sort_unstable();
    hits.into_iter()
        .take(limit)
        .map(|(_, _, i)| &items[i])
        .collect()
}

fn rank(code: &str, text: &str, query: &str, words: &[&str]) -> Option<Rank> {
    if code.eq_ignore_ascii_case(query) {
        return Some(Rank::ExactCode);
    }
    if words.len() == 1
        && code.len() >= query.len()
        && code.is_char_boundary(query.len())
        && code[..query.len()].eq_ignore_ascii_case(query)
    {
        return Some(Rank::CodePrefix);
    }
    if !words.iter().all(|w| text.contains(w)) {
        return None;
    }
    if text.starts_with(query) {
        Some(Rank::TitleStart)
    } else if words.iter().all(|w| starts_a_word(text, w)) {
        Some(Rank::AllWordStarts)
    } else {
        Some(Rank::AllSubstrings)
    }
}

fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_code_then_title() {
        let items = vec![
            ("TH68010", "Theft from a shop"),
            ("TH68001", "Theft from the person of another"),
            ("XX00001", "Shoplifting by a thief"),
            ("TH68010A", "Attempt theft from shop"),
        ];
        let lower: Vec<String> = items.iter().map(|(_, t)| t.to_lowercase()).collect();
        let codes = |q: &str, n: usize| -> Vec<&str> {
            search(&items, &lower, |i| i.0, q, n)
                .into_iter()
                .map(|i| i.0)
                .collect()
        };
        assert_eq!(codes("th68010", 10), ["TH68010", "TH68010A"]);
        assert_eq!(codes("TH680", 1), ["TH68010"]);
        assert_eq!(codes("shop theft", 10), ["TH68010", "TH68010A"]);
        assert_eq!(codes("theft", 10), ["TH68010", "TH68001", "TH68010A"]);
        assert_eq!(codes("hop", 10), ["TH68010", "XX00001", "TH68010A"]);
        assert!(codes("   ", 10).is_empty());
        assert!(codes("theft", 0).is_empty());
    }
}
