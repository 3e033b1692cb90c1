//! Building API addresses: every path segment and query value percent-encoded.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::error::ZohoError;

/// Everything but RFC 3986's unreserved characters is encoded in a path segment, so `/ ? # %`,
/// spaces and non-ASCII in an external value can never change the shape of the URL.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Query values: as strict as segments, but commas stay readable (`ids=1,2,3` as Zoho writes it)
/// and so do the characters of Zoho's criteria syntax.
const QUERY_VALUE: &AsciiSet = &SEGMENT.remove(b',').remove(b'(').remove(b')').remove(b':');

/// Encode one path segment. Refuses values no URL can carry as a segment: empty, `.` and `..`
/// (URL parsers fold those, even percent-encoded, into the neighbouring segments).
pub fn segment(value: &str, what: &str) -> Result<String, ZohoError> {
    if value.is_empty() {
        return Err(ZohoError::InvalidInput(format!("{what} is empty")));
    }
    if value == "." || value == ".." {
        return Err(ZohoError::InvalidInput(format!(
            "{what} {value:?} cannot be sent in a URL path"
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// Encode a query value.
pub fn query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// `{api_domain}/crm/v{version}`; segments and query are appended to it.
#[derive(Clone, Debug)]
pub struct ApiBase {
    base: String,
}

impl ApiBase {
    pub fn new(api_domain: &str, version: u8) -> Self {
        Self {
            base: format!("{}/crm/v{version}", api_domain.trim_end_matches('/')),
        }
    }

    /// Join already-encoded segments and `(name, raw value)` query pairs.
    pub fn url(&self, encoded_segments: &[String], query: &[(&str, String)]) -> String {
        let mut url = self.base.clone();
        for s in encoded_segments {
            url.push('/');
            url.push_str(s);
        }
        for (i, (name, value)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.push_str(&query_value(value));
        }
        url
    }
}

/// Encode `application/x-www-form-urlencoded` pairs (reqwest's `form` feature is not enabled).
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", query_value(k), utf8_percent_encode(v, SEGMENT)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_values_are_encoded() {
        assert_eq!(segment("a/b?c#d e", "v").unwrap(), "a%2Fb%3Fc%23d%20e");
        assert_eq!(segment("Müller", "v").unwrap(), "M%C3%BCller");
        assert_eq!(segment("100%", "v").unwrap(), "100%25");
        assert_eq!(segment("ext.contact-3_~", "v").unwrap(), "ext.contact-3_~");
        assert!(segment("", "v").is_err());
        assert!(segment("..", "v").is_err());
        assert!(segment(".", "v").is_err());
        assert_eq!(segment("...", "v").unwrap(), "...");
    }

    #[test]
    fn urls_are_built_under_the_version() {
        let b = ApiBase::new("http://127.0.0.1:9/", 8);
        let url = b.url(
            &["Leads".to_string()],
            &[
                ("ids", "1,2".to_string()),
                ("wf_trigger", "false".to_string()),
            ],
        );
        assert_eq!(
            url,
            "http://127.0.0.1:9/crm/v8/Leads?ids=1,2&wf_trigger=false"
        );
        let url = b.url(
            &[],
            &[("criteria", "(Last_Name:equals:O'Neil & Co)".to_string())],
        );
        assert_eq!(
            url,
            "http://127.0.0.1:9/crm/v8?criteria=(Last_Name:equals:O%27Neil%20%26%20Co)"
        );
    }

    #[test]
    fn encoded_segments_survive_url_parsing() {
        let seg = segment("a/b?c#d é", "v").unwrap();
        let url = ApiBase::new("http://127.0.0.1:9", 7).url(&[seg], &[]);
        let parsed = url::Url::parse(&url).unwrap();
        assert_eq!(parsed.path(), "/crm/v7/a%2Fb%3Fc%23d%20%C3%A9");
        assert!(parsed.query().is_none() && parsed.fragment().is_none());
    }

    #[test]
    fn form_bodies_are_encoded() {
        assert_eq!(
            form_body(&[
                ("grant_type", "refresh_token"),
                ("client_secret", "a&b=c d")
            ]),
            "grant_type=refresh_token&client_secret=a%26b%3Dc%20d"
        );
    }
}
