use super::*;

#[test]
fn codes_of_other_pages_have_their_own_hint() {
    let h = ErrorCode::parse("CANNOT_RESTORE_WITHOUT_PARENT").hint();
    assert!(h.contains("restore the parent first"), "{h}");
    assert!(ErrorCode::parse("LIMIT_REACHED").hint().contains("2,000"));
    assert!(
        ErrorCode::parse("NEW_CODE")
            .hint()
            .contains("does not know")
    );
}

#[test]
fn every_code_round_trips_and_has_a_status_and_hint() {
    for code in ALL_CODES.iter() {
        assert_eq!(&ErrorCode::parse(code.as_str()), code);
        assert!(code.hint().len() > 20, "{code} hint too short");
        assert!((400..=599).contains(&code.http_status()));
    }
    let mut names: Vec<_> = ALL_CODES.iter().map(|c| c.as_str()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), ALL_CODES.len());
}

#[test]
fn documented_statuses() {
    assert_eq!(ErrorCode::InvalidUrlPattern.http_status(), 404);
    assert_eq!(ErrorCode::OauthScopeMismatch.http_status(), 401);
    assert_eq!(ErrorCode::NoPermission.http_status(), 403);
    assert_eq!(ErrorCode::InternalError.http_status(), 500);
    assert_eq!(ErrorCode::TooManyRequests.http_status(), 429);
    assert_eq!(ErrorCode::InvalidData.http_status(), 400);
    assert_eq!(ErrorCode::RecordLocked.http_status(), 400);
}

#[test]
fn unknown_codes_are_kept_verbatim() {
    let c = ErrorCode::parse("SOMETHING_NEW");
    assert_eq!(c, ErrorCode::Other("SOMETHING_NEW".into()));
    assert_eq!(c.as_str(), "SOMETHING_NEW");
    assert!(!c.hint().is_empty());
}

/// The codes and statuses listed under "Possible Errors" in the seed pages and zoho-api.md.
#[test]
fn every_documented_code_is_known_with_its_status() {
    let documented = [
        ("INVALID_MODULE", 400),
        ("INVALID_URL_PATTERN", 404),
        ("OAUTH_SCOPE_MISMATCH", 401),
        ("NO_PERMISSION", 403),
        ("INTERNAL_ERROR", 500),
        ("INVALID_REQUEST_METHOD", 400),
        ("AUTHORIZATION_FAILED", 400),
        ("INVALID_DATA", 400),
        ("UNABLE_TO_PARSE_DATA_TYPE", 400),
        ("REQUIRED_PARAM_MISSING", 400),
        ("RECORD_LOCKED", 400),
        ("NOT_APPROVED", 400),
        ("LIMIT_EXCEEDED", 400),
        ("INVALID_TOKEN", 401),
        ("AUTHENTICATION_FAILURE", 401),
        ("TOO_MANY_REQUESTS", 429),
        ("LOWER_LIMIT_REACHED", 400),
        ("DISCRETE_PAGINATION_LIMIT_EXCEEDED", 400),
    ];
    for (name, status) in documented {
        let code = ErrorCode::parse(name);
        assert!(!matches!(code, ErrorCode::Other(_)), "unknown code {name}");
        assert_eq!(code.http_status(), status, "{name}");
    }
}

#[test]
fn client_codes_have_hints() {
    for c in [
        client_codes::MISSING_RESULT,
        client_codes::NETWORK,
        client_codes::MALFORMED_REPLY,
        client_codes::OAUTH_REFUSED,
        client_codes::UNKNOWN_OUTCOME,
    ] {
        assert!(hint_for_code(c).len() > 20);
    }
}
