//! `zcrm-tui sandbox`: the emulator's knobs.

use clap::Args;

use super::ShapeArgs;

#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Latency added to every API request, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_ms: u64,
    /// Requests in flight beyond this get 429 TOO_MANY_REQUESTS (default: no limit).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_concurrency: Option<u64>,
    /// Lifetime of the access tokens handed out, in seconds.
    #[arg(long, value_name = "S", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..))]
    pub token_ttl_s: u64,
    /// Fraction (0.0 to 1.0) of API requests answered 500 INTERNAL_ERROR.
    #[arg(long, value_name = "F", default_value_t = 0.0, value_parser = parse_rate)]
    pub error_rate: f64,
    /// Faults injected at --fault-rate, drawn from this list: 500, 429, 401, auth, 500-after,
    /// drop, truncated, empty (a 2xx with no body), lost (done, answer lost), late (held past the
    /// client's timeout, done anyway), pass.
    #[arg(long, value_name = "LIST", requires = "fault_rate", value_parser = parse_faults)]
    pub faults: Option<FaultList>,
    /// Fraction (0.0 to 1.0) of API requests that get one of --faults.
    #[arg(long, value_name = "F", requires = "faults", value_parser = parse_rate)]
    pub fault_rate: Option<f64>,
    /// How long a `late` fault holds a call before carrying it out (default 75 s, past the
    /// client's 60 s timeout).
    #[arg(long, value_name = "MS")]
    pub late_landing_ms: Option<u64>,
    /// Hand out access tokens without Zoho's throttle (by default at most 10 per refresh token
    /// per 10 minutes, then 400 "Access Denied", as Zoho's accounts server answers).
    #[arg(long)]
    pub no_token_throttle: bool,

    #[command(flatten)]
    pub shape: ShapeArgs,
}

/// Fault kinds, as `--faults` names them.
#[derive(Debug, Clone)]
pub struct FaultList(pub Vec<crate::sandbox::Fault>);

fn parse_faults(s: &str) -> Result<FaultList, String> {
    crate::sandbox::parse_fault_kinds(s).map(FaultList)
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let v: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number between 0.0 and 1.0"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0.0..=1.0"))
    }
}
