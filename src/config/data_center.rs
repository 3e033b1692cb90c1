//! Zoho's data centers: each one's accounts (OAuth) server and API domain.

use super::*;

/// Zoho's data centers, each with its accounts (OAuth) server and API domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataCenter {
    Us,
    Eu,
    In,
    Au,
    Jp,
    Ca,
    Cn,
    Sa,
}

impl DataCenter {
    pub const ALL: [DataCenter; 8] = [
        DataCenter::Us,
        DataCenter::Eu,
        DataCenter::In,
        DataCenter::Au,
        DataCenter::Jp,
        DataCenter::Ca,
        DataCenter::Cn,
        DataCenter::Sa,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DataCenter::Us => "us",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::Au => "au",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Cn => "cn",
            DataCenter::Sa => "sa",
        }
    }

    pub fn endpoints(self) -> Endpoints {
        let (accounts, api) = match self {
            DataCenter::Us => ("https://accounts.zoho.com", "https://www.zohoapis.com"),
            DataCenter::Eu => ("https://accounts.zoho.eu", "https://www.zohoapis.eu"),
            DataCenter::In => ("https://accounts.zoho.in", "https://www.zohoapis.in"),
            DataCenter::Au => (
                "https://accounts.zoho.com.au",
                "https://www.zohoapis.com.au",
            ),
            DataCenter::Jp => ("https://accounts.zoho.jp", "https://www.zohoapis.jp"),
            DataCenter::Ca => ("https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
            DataCenter::Cn => (
                "https://accounts.zoho.com.cn",
                "https://www.zohoapis.com.cn",
            ),
            DataCenter::Sa => ("https://accounts.zoho.sa", "https://www.zohoapis.sa"),
        };
        Endpoints {
            api_domain: api.to_string(),
            accounts_url: accounts.to_string(),
        }
    }
}

impl fmt::Display for DataCenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for DataCenter {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let wanted = s.trim().to_ascii_lowercase();
        // Zoho's own domain suffixes are accepted too: people copy them from the console URL.
        let wanted = match wanted.as_str() {
            "com" => "us",
            "com.au" => "au",
            "com.cn" => "cn",
            other => other,
        };
        DataCenter::ALL
            .into_iter()
            .find(|dc| dc.code() == wanted)
            .ok_or_else(|| {
                ConfigError::new(
                    format!("unknown data center `{s}`"),
                    "Use one of: us, eu, in, au, jp, ca, cn, sa (the suffix of your CRM's URL: \
                     crm.zoho.eu is eu), or set api_domain and accounts_url explicitly.",
                )
            })
    }
}
