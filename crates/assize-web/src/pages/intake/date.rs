//! A GOV.UK date input (three boxes) read as a calendar date with the Design System's
//! messages. Shared by every page with a date input (intake, access log, representation).

/// A GOV.UK date input's three boxes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
}

impl DateParts {
    fn is_blank(&self) -> bool {
        [&self.day, &self.month, &self.year]
            .iter()
            .all(|p| p.trim().is_empty())
    }

    /// `YYYY-MM-DD`, None when blank, or the GOV.UK date-input message naming `label`.
    pub fn iso(&self, label: &str) -> Result<Option<String>, String> {
        if self.is_blank() {
            return Ok(None);
        }
        let parts = [
            ("day", &self.day),
            ("month", &self.month),
            ("year", &self.year),
        ];
        let missing: Vec<&str> = parts
            .iter()
            .filter(|(_, v)| v.trim().is_empty())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(format!("{label} must include a {}", missing.join(" and ")));
        }
        let year = self.year.trim();
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err("Year must include 4 numbers".into());
        }
        let (d, m, y) = (
            self.day.trim().parse::<i8>(),
            self.month.trim().parse::<i8>(),
            year.parse::<i16>(),
        );
        match (d, m, y) {
            (Ok(d), Ok(m), Ok(y)) => jiff::civil::Date::new(y, m, d)
                .map(|d| Some(d.to_string()))
                .map_err(|_| format!("{label} must be a real date")),
            _ => Err(format!("{label} must be a real date")),
        }
    }
}

/// The first instant of a Europe/London day (court dates are London dates; the log stores UTC).
pub fn london_day_start(d: jiff::civil::Date) -> Option<jiff::Timestamp> {
    Some(
        d.in_tz("Europe/London")
            .ok()?
            .start_of_day()
            .ok()?
            .timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::london_day_start;

    #[test]
    fn court_days_are_london_days() {
        // British Summer Time: the day starts at 23:00 UTC the evening before.
        let summer = london_day_start(jiff::civil::date(2026, 7, 1)).unwrap();
        assert_eq!(summer.to_string(), "2026-06-30T23:00:00Z");
        let winter = london_day_start(jiff::civil::date(2026, 12, 1)).unwrap();
        assert_eq!(winter.to_string(), "2026-12-01T00:00:00Z");
    }
}
