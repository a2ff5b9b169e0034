//! How values read on a page: labels in the court's words, dates as "27 November 2026".

use assize_domain::access::Role;
use serde::Serialize;

pub fn role_label(r: Role) -> &'static str {
    match r {
        Role::PoliceOfficer => "Police officer",
        Role::PoliceAdmin => "Police case administrator",
        Role::Prosecutor => "Prosecutor",
        Role::Paralegal => "Paralegal",
        Role::DefenceSolicitor => "Defence solicitor",
        Role::DefenceAdvocate => "Defence advocate",
        Role::FirmAdmin => "Firm administrator",
        Role::ListingOfficer => "Listing officer",
        Role::LegalAdviser => "Legal adviser",
        Role::CourtAssociate => "Court associate",
        Role::CourtAdmin => "Court administrator",
        Role::Judicial => "Judiciary",
        Role::AgencyOfficer => "Agency officer",
        Role::Auditor => "Auditor",
    }
}

/// A snake_case enum value as words: `conditional_bail` → "Conditional bail".
pub fn words<T: Serialize>(v: &T) -> String {
    let raw = serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut s = raw.replace('_', " ");
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
    s
}

/// A court date as the courts write it: "27 November 2026".
pub fn date(d: jiff::civil::Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// A `YYYY-MM-DD` text date as "27 November 2026" (left as given if it is not a date).
pub fn date_text(d: &str) -> String {
    d.parse::<jiff::civil::Date>()
        .map(date)
        .unwrap_or_else(|_| d.to_string())
}

/// An instant in court time (Europe/London): "27 November 2026, 14:05".
pub fn when(t: jiff::Timestamp) -> String {
    let tz = jiff::tz::TimeZone::get("Europe/London").unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned_datetime(tz)
        .strftime("%-d %B %Y, %H:%M")
        .to_string()
}

/// Pounds from pence: 12345 → "£123.45".
pub fn money(pence: i64) -> String {
    format!("£{}.{:02}", pence / 100, (pence % 100).abs())
}

/// Percent-encode a query-string value.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A hearing in words: "Trial, Monday 7 December 2026 at Belmarsh Magistrates' Court".
pub fn hearing(h: &assize_domain::case::Hearing) -> String {
    let kind = assize_domain::refdata::RefData::global()
        .hearing_type(&h.hearing_type)
        .map(|t| t.description.clone())
        .unwrap_or_else(|| h.hearing_type.clone());
    format!("{kind}, {} at {}", date(h.hearing_date), h.court_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_dates_read_as_the_court_writes_them() {
        assert_eq!(
            words(&assize_domain::case::CustodyStatus::ConditionalBail),
            "Conditional bail"
        );
        assert_eq!(date(jiff::civil::date(2026, 11, 7)), "7 November 2026");
        assert_eq!(date_text("2026-01-31"), "31 January 2026");
        assert_eq!(date_text("soon"), "soon");
        assert_eq!(money(12345), "£123.45");
        assert_eq!(money(5), "£0.05");
        assert_eq!(url_encode("/cases/1?a=b c"), "/cases/1%3Fa%3Db%20c");
    }
}
