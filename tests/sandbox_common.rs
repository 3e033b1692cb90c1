//! Shared by the `sandbox_*` tests (`crate::sandbox_common` in the suite): start a sandbox, call
//! it over real HTTP on loopback, read the answer.
#![allow(dead_code)]

use reqwest::Method;
use serde_json::Value;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::Credentials;

/// The access token of the seed pages' curl samples.
pub const SAMPLE_TOKEN: &str = "1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf";

pub struct Env {
    pub sb: Sandbox,
    pub http: reqwest::Client,
    pub base: String,
}

pub struct Answer {
    pub status: u16,
    pub body: Option<Value>,
    pub raw: Vec<u8>,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn json(&self) -> &Value {
        self.body.as_ref().expect("a JSON body")
    }
    pub fn code(&self) -> &str {
        self.json()["code"].as_str().unwrap_or_default()
    }
    /// `(id, code)` of each per-id result under `key`.
    pub fn items(&self, key: &str) -> Vec<(String, String)> {
        self.json()[key]
            .as_array()
            .expect("per-id results")
            .iter()
            .map(|i| {
                (
                    i["details"]["id"].as_str().unwrap_or_default().to_string(),
                    i["code"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

pub async fn start() -> Env {
    start_with(SandboxOptions::default()).await
}

pub async fn start_with(options: SandboxOptions) -> Env {
    let sb = Sandbox::start(options).await.expect("sandbox starts");
    let base = sb.endpoints().api_domain;
    Env {
        sb,
        http: reqwest::Client::new(),
        base,
    }
}

impl Env {
    /// `path` starts with `/` and may hold a query; `token` None sends no Authorization header.
    pub async fn call_as(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Answer {
        let mut req = self.http.request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Zoho-oauthtoken {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json")
                .body(b.to_string());
        }
        let resp = req.send().await.expect("HTTP answer");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let raw = resp.bytes().await.expect("body").to_vec();
        let body = if raw.is_empty() {
            None
        } else {
            Some(serde_json::from_slice(&raw).expect("JSON body"))
        };
        Answer {
            status,
            body,
            raw,
            headers,
        }
    }

    /// With the seed pages' sample token.
    pub async fn call(&self, method: Method, path: &str) -> Answer {
        self.call_as(method, path, Some(SAMPLE_TOKEN), &[], None)
            .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path).await
    }

    /// A POST of a JSON `body` with the sample token.
    pub async fn post(&self, path: &str, body: &str) -> Answer {
        self.call_as(Method::POST, path, Some(SAMPLE_TOKEN), &[], Some(body))
            .await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.call(Method::DELETE, path).await
    }

    /// `POST` of a JSON body, with the seed pages' sample token.
    pub async fn post_json(&self, path: &str, body: &str) -> Answer {
        self.call_as(Method::POST, path, Some(SAMPLE_TOKEN), &[], Some(body))
            .await
    }

    /// `POST /crm/v7/coql` of `{"select_query": query}`, with the sample token.
    pub async fn coql(&self, query: &str) -> Answer {
        let body = serde_json::json!({ "select_query": query }).to_string();
        self.post_json("/crm/v7/coql", &body).await
    }

    /// Every record a listing (`path` with its query) answers, through `page_token` paging;
    /// empty when it answers 204.
    pub async fn all_pages(&self, path: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let q = match &token {
                Some(t) => format!("{path}&page_token={t}"),
                None => path.to_string(),
            };
            let a = self.get(&q).await;
            if a.status == 204 {
                return out;
            }
            assert_eq!(a.status, 200, "{q}: {:?}", a.body);
            out.extend(a.json()["data"].as_array().expect("data").iter().cloned());
            match a.json()["info"]["next_page_token"].as_str() {
                Some(t) if a.json()["info"]["more_records"] == true => token = Some(t.to_string()),
                _ => return out,
            }
        }
    }

    /// The refresh-token grant with the parameters in the query, as Zoho's pages show: the
    /// HTTP status and the JSON answer.
    pub async fn grant_answer(&self, creds: &Credentials) -> (u16, Value) {
        let url = format!(
            "{}/oauth/v2/token?grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
            self.sb.endpoints().accounts_url,
            creds.refresh_token.expose(),
            creds.client_id,
            creds.client_secret.expose()
        );
        let resp = self.http.post(url).send().await.expect("token answer");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("token JSON"))
    }

    /// A grant Zoho answers with HTTP 200 (an access token, or an `error` key).
    pub async fn grant(&self, creds: &Credentials) -> Value {
        let (status, body) = self.grant_answer(creds).await;
        assert_eq!(status, 200);
        body
    }

    /// A fresh access token for `creds`.
    pub async fn token_for(&self, creds: &Credentials) -> String {
        let g = self.grant(creds).await;
        g["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("no access token in the grant: {}", g["error"]))
            .to_string()
    }
}
