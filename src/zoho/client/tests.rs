use super::*;

fn config() -> ClientConfig {
    ClientConfig {
        endpoints: Endpoints {
            api_domain: "http://127.0.0.1:1".into(),
            accounts_url: "http://127.0.0.1:1".into(),
        },
        api_version: DEFAULT_API_VERSION,
        credentials: Credentials {
            client_id: "id".into(),
            client_secret: Secret::new("very-secret"),
            refresh_token: Secret::new("1000.refresh"),
        },
        concurrency: 4,
    }
}

#[test]
fn versions_2_to_8_only() {
    for v in 2..=8 {
        assert!(
            ZohoClient::new(ClientConfig {
                api_version: v,
                ..config()
            })
            .is_ok()
        );
    }
    for v in [0, 1, 9] {
        let e = ZohoClient::new(ClientConfig {
            api_version: v,
            ..config()
        })
        .unwrap_err();
        assert!(matches!(e, ZohoError::InvalidInput(_)));
    }
    assert!(
        ZohoClient::new(ClientConfig {
            concurrency: 0,
            ..config()
        })
        .is_err()
    );
    let mut c = config();
    c.endpoints.api_domain = "ftp://x".into();
    assert!(ZohoClient::new(c).is_err());
}

#[test]
fn debug_never_shows_secrets() {
    let c = ZohoClient::new(config()).unwrap();
    let shown = format!("{c:?}");
    assert!(!shown.contains("very-secret") && !shown.contains("1000.refresh"));
}
