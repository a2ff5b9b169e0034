//! Where on the form each problem the domain reports belongs: its JSON path
//! (`defendants[0].offences[1].offence_code`) to the id of the input to fix
//! (`d0-o1-code`), so the error summary links to it and the message sits beside it. A radio
//! group's id is its first radio's; a date's is its day box's (the GOV.UK conventions).

/// The input id for a domain field path, or None for a path the form has no input for.
pub fn field_id(path: &str) -> Option<String> {
    let fixed = match path {
        "urn" => "urn",
        "initiation_type" => "initiation-type",
        "prosecution_authority_code" => "prosecution-authority-code",
        "originating_organisation" => "originating-organisation",
        "first_hearing" | "first_hearing.court_ou" => "hearing-court",
        "first_hearing.hearing_date" => "hearing-date-day",
        "first_hearing.hearing_type" => "hearing-type",
        "defendants" => "d0-given-names",
        _ => return defendant_field(path),
    };
    Some(fixed.to_string())
}

/// `name[3]rest` → (3, rest).
fn indexed<'a>(path: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let rest = path.strip_prefix(name)?.strip_prefix('[')?;
    let (n, rest) = rest.split_once(']')?;
    Some((n.parse().ok()?, rest))
}

fn defendant_field(path: &str) -> Option<String> {
    let (i, rest) = indexed(path, "defendants")?;
    let field = rest.strip_prefix('.').unwrap_or(rest);
    if let Some((j, rest)) = indexed(field, "offences") {
        let suffix = match rest.strip_prefix('.').unwrap_or(rest) {
            "" | "offence_code" => "code",
            "wording" => "wording",
            "offence_date_from" => "from-day",
            "offence_date_to" => "to-day",
            _ => return None,
        };
        return Some(format!("d{i}-o{j}-{suffix}"));
    }
    let suffix = match field {
        "" | "given_names" => "given-names",
        "family_name" => "family-name",
        "date_of_birth" => "dob-day",
        "asn" => "asn",
        "pnc_id" => "pnc-id",
        "custody_status" | "bail_conditions" => "custody-status",
        "offences" => "o0-code",
        f if f.starts_with("address") => {
            if f.contains("postcode") {
                "postcode"
            } else {
                "address-line-1"
            }
        }
        _ => return None,
    };
    Some(format!("d{i}-{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::field_id;

    #[test]
    fn every_domain_path_of_an_intake_maps_to_its_input() {
        let cases = [
            ("urn", "urn"),
            ("initiation_type", "initiation-type"),
            ("prosecution_authority_code", "prosecution-authority-code"),
            ("originating_organisation", "originating-organisation"),
            ("first_hearing.court_ou", "hearing-court"),
            ("first_hearing.hearing_date", "hearing-date-day"),
            ("first_hearing.hearing_type", "hearing-type"),
            ("defendants", "d0-given-names"),
            ("defendants[0].family_name", "d0-family-name"),
            ("defendants[2].given_names", "d2-given-names"),
            ("defendants[1].date_of_birth", "d1-dob-day"),
            ("defendants[0].asn", "d0-asn"),
            ("defendants[0].pnc_id", "d0-pnc-id"),
            ("defendants[3].custody_status", "d3-custody-status"),
            ("defendants[0].offences", "d0-o0-code"),
            ("defendants[0].address.postcode", "d0-postcode"),
            ("defendants[0].address.lines[1]", "d0-address-line-1"),
            ("defendants[0].offences[1].offence_code", "d0-o1-code"),
            ("defendants[10].offences[12].wording", "d10-o12-wording"),
            (
                "defendants[1].offences[0].offence_date_from",
                "d1-o0-from-day",
            ),
            ("defendants[1].offences[0].offence_date_to", "d1-o0-to-day"),
        ];
        for (path, id) in cases {
            assert_eq!(field_id(path).as_deref(), Some(id), "{path}");
        }
    }

    #[test]
    fn paths_the_form_has_no_input_for_map_to_nothing() {
        for path in [
            "witnesses[0].family_name",
            "defendants[x].asn",
            "defendants[0].nickname",
            "defendants[0].offences[1].plea",
            "limit",
            "",
        ] {
            assert_eq!(field_id(path), None, "{path}");
        }
    }
}
