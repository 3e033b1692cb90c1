//! Helpers shared by the `cli_*` tests (`crate::cli_support` in the suite): the real binary with
//! a clean environment, and a sandbox served by this test process.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use zcrm_tui::sandbox::{RequestRecord, Sandbox, SandboxControl, SandboxOptions};
use zcrm_tui::zoho::{ClientConfig, ZohoClient};

/// An id no record has.
pub const GHOST: &str = "4150868000999999999";

/// Stdout of a `--json` run: one JSON value per line.
pub fn json_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

/// The binary, with no ZCRM_* variable inherited, config and logs in a private directory.
pub fn bin(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zcrm-tui"));
    for k in [
        "ZCRM_CONFIG",
        "ZCRM_CLIENT_ID",
        "ZCRM_CLIENT_SECRET",
        "ZCRM_REFRESH_TOKEN",
        "ZCRM_DC",
        "ZCRM_LOG",
        "ZCRM_DATA_DIR",
    ] {
        c.env_remove(k);
    }
    c.env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// `zcrm-tui sandbox ARGS`, its output piped, and its first stdout line (the JSON object).
pub fn spawn_sandbox(home: &Path, args: &[&str]) -> (std::process::Child, Value) {
    use std::io::BufRead;
    let mut child = bin(home)
        .arg("sandbox")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the sandbox starts");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = std::io::BufReader::new(out).read_line(&mut first);
    }
    match serde_json::from_str(&first) {
        Ok(line) => (child, line),
        Err(e) => {
            let _ = child.kill();
            panic!("first line is not JSON: {first:?}: {e}");
        }
    }
}

/// The token endpoint's answer to a refresh-token grant with the credentials of a sandbox's
/// first line (`refresh_key` names which refresh token), parameters in the query.
pub fn sandbox_grant(line: &Value, refresh_key: &str) -> Value {
    sandbox_grant_status(line, refresh_key).1
}

/// [`sandbox_grant`] with the answer's HTTP status.
pub fn sandbox_grant_status(line: &Value, refresh_key: &str) -> (u16, Value) {
    let accounts = line["accounts_url"].as_str().unwrap_or_default();
    let mut url = url::Url::parse(&format!("{accounts}/oauth/v2/token")).expect("a URL");
    url.query_pairs_mut()
        .append_pair("grant_type", "refresh_token")
        .append_pair("client_id", line["client_id"].as_str().unwrap_or_default())
        .append_pair(
            "client_secret",
            line["client_secret"].as_str().unwrap_or_default(),
        )
        .append_pair(
            "refresh_token",
            line[refresh_key].as_str().unwrap_or_default(),
        );
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    rt.block_on(async {
        let answer = reqwest::Client::new()
            .post(url)
            .send()
            .await
            .expect("a token answer");
        let status = answer.status().as_u16();
        (status, answer.json().await.expect("JSON"))
    })
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the binary runs")
}

/// Runs with `input` on stdin (a pipe, so not a terminal).
pub fn run_with_stdin(cmd: &mut Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(input.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Stdout without the line naming the journal operation (`Journal: operation ...`), which
/// holds a fresh id each run; asserts that the line is there.
pub fn report(o: &Output) -> String {
    let out = stdout(o);
    assert!(
        out.lines().any(|l| l.starts_with("Journal: operation ")),
        "no journal line in:\n{out}"
    );
    out.lines()
        .filter(|l| !l.starts_with("Journal: operation "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The operation id a removal printed (`Journal: operation ID ...`).
pub fn op_id(o: &Output) -> String {
    let out = stdout(o);
    out.lines()
        .find_map(|l| l.strip_prefix("Journal: operation "))
        .and_then(|rest| rest.split([' ', ';']).next())
        .unwrap_or_else(|| panic!("no journal line in:\n{out}"))
        .to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn status(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

/// Writes `text` to `dir/name` with the unix `mode`.
pub fn write_file(dir: &Path, name: &str, text: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("file written");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("mode set");
    }
    #[cfg(not(unix))]
    let _ = mode;
    path
}

/// A sandbox on loopback, kept serving by this runtime while the binary runs.
pub struct Org {
    pub rt: tokio::runtime::Runtime,
    pub sandbox: Option<Sandbox>,
    pub home: tempfile::TempDir,
}

impl Org {
    pub fn start() -> Org {
        Org::start_with(SandboxOptions::default())
    }

    /// A sandbox shaped by `options` (generated records, an edition...).
    pub fn start_with(options: SandboxOptions) -> Org {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let sandbox = rt.block_on(Sandbox::start(options)).unwrap();
        Org {
            rt,
            sandbox: Some(sandbox),
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn sb(&self) -> &Sandbox {
        self.sandbox.as_ref().unwrap()
    }

    pub fn control(&self) -> SandboxControl {
        self.sb().control()
    }

    /// The binary aimed at the sandbox: domains as flags, credentials from the environment.
    pub fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_via(&self.sb().endpoints().api_domain, args)
    }

    /// As [`Org::cmd`], with API calls sent to `api_domain` (a proxy in front of the sandbox);
    /// tokens still come from the sandbox.
    pub fn cmd_via(&self, api_domain: &str, args: &[&str]) -> Command {
        let e = self.sb().endpoints();
        let c = self.sb().credentials();
        let mut cmd = bin(self.home.path());
        cmd.args(args)
            .args([
                "--api-domain",
                api_domain,
                "--accounts-url",
                &e.accounts_url,
            ])
            .env("ZCRM_CLIENT_ID", &c.client_id)
            .env("ZCRM_CLIENT_SECRET", c.client_secret.expose())
            .env("ZCRM_REFRESH_TOKEN", c.refresh_token.expose());
        cmd
    }

    /// Ids of `module` a delete fails for: locked, or awaiting approval.
    pub fn unremovable_ids(&self, module: &str) -> Vec<String> {
        let ctl = self.control();
        ctl.locked_record_ids(module)
            .into_iter()
            .chain(ctl.not_approved_record_ids(module))
            .collect()
    }

    /// Live ids of `module` that can be removed (neither locked nor awaiting approval).
    pub fn removable_ids(&self, module: &str) -> Vec<String> {
        let ctl = self.control();
        let unremovable = self.unremovable_ids(module);
        ctl.record_ids(module)
            .into_iter()
            .filter(|id| !unremovable.contains(id))
            .collect()
    }

    /// The first `n` removable ids of `module`.
    pub fn ids(&self, module: &str, n: usize) -> Vec<String> {
        let mut ids = self.removable_ids(module);
        assert!(ids.len() >= n, "{module} has too few removable records");
        ids.truncate(n);
        ids
    }

    pub fn deletes(&self) -> Vec<RequestRecord> {
        self.control()
            .requests()
            .into_iter()
            .filter(|r| r.method == "DELETE")
            .collect()
    }

    /// Requests that changed data (anything but GET), as the sandbox served them.
    pub fn writes(&self) -> Vec<String> {
        self.control()
            .requests()
            .into_iter()
            .filter(|r| r.method != "GET")
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// A private configuration file whose default profile `name` reaches this sandbox, with
    /// `extra` (TOML lines) added to the profile.
    pub fn profile_file(&self, name: &str, extra: &str) -> PathBuf {
        let e = self.sb().endpoints();
        let c = self.sb().credentials();
        let text = format!(
            "default_profile = \"{name}\"\n[profiles.{name}]\napi_domain = \"{}\"\n\
             accounts_url = \"{}\"\nclient_id = \"{}\"\nclient_secret = \"{}\"\n\
             refresh_token = \"{}\"\n{extra}\n",
            e.api_domain,
            e.accounts_url,
            c.client_id,
            c.client_secret.expose(),
            c.refresh_token.expose()
        );
        write_file(self.home.path(), &format!("{name}.toml"), &text, 0o600)
    }

    pub fn client(&self) -> ZohoClient {
        ZohoClient::new(ClientConfig {
            endpoints: self.sb().endpoints(),
            api_version: 8,
            credentials: self.sb().credentials(),
            concurrency: 4,
        })
        .unwrap()
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.home.path().join(name)
    }
}

/// How a [`Org::proxy`] changes an answer: `(path and query, status, body) -> (status, body)`.
pub type Edit = fn(&str, u16, String) -> (u16, String);

impl Org {
    /// A loopback proxy in front of the sandbox's API that passes every request on and lets
    /// `edit` change each answer; returns its base URL, for [`Org::cmd_via`].
    pub fn proxy(&self, edit: Edit) -> String {
        let upstream = self.sb().endpoints().api_domain;
        let listener = self
            .rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::sync::Arc::new(reqwest::Client::new());
        let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
            let (client, upstream) = (client.clone(), upstream.clone());
            async move { forward(&client, &upstream, edit, req).await }
        });
        self.rt.spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        format!("http://{addr}")
    }
}

async fn forward(
    client: &reqwest::Client,
    upstream: &str,
    edit: Edit,
    req: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 24).await.unwrap();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut out = client
        .request(parts.method.clone(), format!("{upstream}{path}"))
        .body(body);
    for (k, v) in &parts.headers {
        if k != "host" && k != "content-length" {
            out = out.header(k, v);
        }
    }
    let answer = out.send().await.unwrap();
    let status = answer.status().as_u16();
    let content_type = answer.headers().get("content-type").cloned();
    let (status, text) = edit(path, status, answer.text().await.unwrap());
    let mut res = axum::response::Response::builder().status(status);
    if let Some(ct) = content_type {
        res = res.header("content-type", ct);
    }
    res.body(axum::body::Body::from(text)).unwrap()
}

impl Drop for Org {
    fn drop(&mut self) {
        if let Some(sb) = self.sandbox.take() {
            self.rt.block_on(sb.shutdown());
        }
    }
}

/// The binary running in a pseudo-terminal, its screen output collected as text.
pub struct PtyRun {
    screen: std::sync::Arc<std::sync::Mutex<String>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    reading: Option<std::thread::JoinHandle<()>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl PtyRun {
    /// Starts the binary with `args` in a 120x40 pty, environment cleaned as in [`bin`].
    pub fn start(home: &Path, args: &[&str], env: &[(&str, &str)]) -> PtyRun {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zcrm-tui"));
        cmd.args(args);
        for k in [
            "ZCRM_CONFIG",
            "ZCRM_CLIENT_ID",
            "ZCRM_CLIENT_SECRET",
            "ZCRM_REFRESH_TOKEN",
            "ZCRM_DC",
            "ZCRM_LOG",
            "ZCRM_DATA_DIR",
            "NO_COLOR",
        ] {
            cmd.env_remove(k);
        }
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawned in the pty");
        drop(pair.slave);
        let screen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = screen.clone();
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        PtyRun {
            screen,
            writer,
            child,
            reading: Some(reading),
            _master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.screen.lock().unwrap().clone()
    }

    /// Waits (at most 20 s) until the output holds `text`.
    pub fn wait_for(&self, text: &str) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !self.screen.lock().unwrap().contains(text) {
            assert!(
                std::time::Instant::now() < deadline,
                "`{text}` never showed:\n{}",
                self.screen()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the exit; returns the status and everything shown.
    pub fn finish(mut self) -> (u32, String) {
        let status = self.child.wait().expect("the binary exits");
        drop(self._master);
        if let Some(r) = self.reading.take() {
            let _ = r.join();
        }
        let text = self.screen.lock().unwrap().clone();
        (status.exit_code(), text)
    }
}

impl Org {
    /// Changes `field` of `module`'s record `id` through the API (`PUT /{module}`), as another
    /// user would: its `Modified_Time` moves on.
    pub fn update(&self, module: &str, id: &str, field: &str, value: &str) {
        let e = self.sb().endpoints();
        let c = self.sb().credentials();
        let line = serde_json::json!({
            "accounts_url": e.accounts_url, "client_id": c.client_id,
            "client_secret": c.client_secret.expose(), "refresh_token": c.refresh_token.expose(),
        });
        let token = sandbox_grant(&line, "refresh_token")["access_token"]
            .as_str()
            .expect("an access token")
            .to_string();
        let url = format!("{}/crm/v8/{module}", e.api_domain);
        let body = serde_json::json!({ "data": [{ "id": id, field: value }] });
        let (status, answer): (u16, Value) = self.rt.block_on(async {
            let a = reqwest::Client::new()
                .put(url)
                .header("Authorization", format!("Zoho-oauthtoken {token}"))
                .json(&body)
                .send()
                .await
                .expect("an answer");
            (a.status().as_u16(), a.json().await.expect("JSON"))
        });
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["data"][0]["code"], "SUCCESS", "{answer}");
    }
}

impl Org {
    /// Runs the binary on a pty, types `answer` once the prompt shows, returns (exit code, screen).
    pub fn on_terminal(&self, args: &[&str], answer: &str) -> (u32, String) {
        let e = self.sb().endpoints();
        let c = self.sb().credentials();
        let mut all: Vec<&str> = args.to_vec();
        all.extend([
            "--api-domain",
            &e.api_domain,
            "--accounts-url",
            &e.accounts_url,
        ]);
        let mut run = PtyRun::start(
            self.home.path(),
            &all,
            &[
                ("ZCRM_CLIENT_ID", c.client_id.as_str()),
                ("ZCRM_CLIENT_SECRET", c.client_secret.expose()),
                ("ZCRM_REFRESH_TOKEN", c.refresh_token.expose()),
            ],
        );
        run.wait_for("to confirm: ");
        run.send(answer.as_bytes());
        run.send(b"\r");
        run.finish()
    }
}
