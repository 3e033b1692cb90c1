//! `zcrm-tui sandbox` and `--demo` with the flags that size and shape the org: --generate,
//! --seed, --edition, --org; the read-only refresh token of the first line.

use crate::cli_support as support;

use std::path::Path;
use std::process::Child;

use serde_json::{Value, json};
use support::*;

/// A sandbox process and its first line.
struct Served {
    child: Child,
    line: Value,
    rt: tokio::runtime::Runtime,
}

impl Served {
    fn start(home: &Path, args: &[&str]) -> Served {
        let (child, line) = spawn_sandbox(home, args);
        Served {
            child,
            line,
            rt: tokio::runtime::Runtime::new().unwrap(),
        }
    }

    fn token(&self, refresh_key: &str) -> String {
        let grant = sandbox_grant(&self.line, refresh_key);
        grant["access_token"].as_str().unwrap().to_string()
    }

    /// (status, body) of an API call with the access token of `refresh_key`.
    fn call(&self, method: reqwest::Method, path: &str, refresh_key: &str) -> (u16, Value) {
        let token = self.token(refresh_key);
        let url = format!("{}{path}", self.line["api_domain"].as_str().unwrap());
        self.rt.block_on(async {
            let r = reqwest::Client::new()
                .request(method, url)
                .header("Authorization", format!("Zoho-oauthtoken {token}"))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let body = r.json().await.unwrap_or(Value::Null);
            (status, body)
        })
    }

    fn get(&self, path: &str) -> Value {
        let (status, body) = self.call(reqwest::Method::GET, path, "refresh_token");
        assert_eq!(status, 200, "{path}: {body}");
        body
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn generate_and_edition_shape_the_served_org() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--generate",
        "Leads=2500",
        "--generate",
        "Deals=30",
        "--seed",
        "9",
        "--edition",
        "standard",
    ];
    let s = Served::start(home.path(), &args);
    let org = s.get("/crm/v8/org");
    assert_eq!(org["org"][0]["license_details"]["paid_type"], "standard");
    let page = s.get("/crm/v8/Leads?fields=Full_Name,Email&page=10");
    assert_eq!(
        page["info"]["more_records"], true,
        "400 seeded + 2,500 generated"
    );
    let deals = s.get("/crm/v8/Deals?fields=Deal_Name,Stage");
    assert_eq!(
        deals["data"].as_array().unwrap().len(),
        150,
        "120 seeded + 30"
    );
    let far = s.get("/crm/v8/Leads?fields=Email&per_page=200&page=10");
    let email = far["data"][199]["Email"].as_str().unwrap().to_string();
    let found = s.get(&format!("/crm/v8/Leads/search?email={email}"));
    assert_eq!(found["data"].as_array().unwrap().len(), 1, "{found}");

    // The same flags give the same records in another process.
    let again = Served::start(tempfile::tempdir().unwrap().path(), &args);
    let far_again = again.get("/crm/v8/Leads?fields=Email&per_page=200&page=10");
    assert_eq!(far_again["data"], far["data"]);
}

#[test]
fn the_first_line_carries_a_read_only_token_that_cannot_delete() {
    let home = tempfile::tempdir().unwrap();
    let s = Served::start(home.path(), &[]);
    assert_ne!(s.line["read_only_refresh_token"], s.line["refresh_token"]);
    let leads = s.get("/crm/v8/Leads?fields=Full_Name");
    let id = leads["data"][0]["id"].as_str().unwrap();
    let path = format!("/crm/v8/Leads?ids={id}");
    let (status, body) = s.call(reqwest::Method::DELETE, &path, "read_only_refresh_token");
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("NO_PERMISSION")),
        "{body}"
    );
    // It still reads.
    let (status, _) = s.call(
        reqwest::Method::GET,
        "/crm/v8/org",
        "read_only_refresh_token",
    );
    assert_eq!(status, 200);
}

fn small_org() -> Value {
    let seed: Value = serde_json::from_str(include_str!("../assets/sandbox/org.json")).unwrap();
    let lead = |id: &str, name: &str| {
        json!({ "id": id, "Last_Name": name, "Full_Name": name, "Email": format!("{name}@acme.example"),
                "Owner": { "name": "Ada Admin", "id": "4400000000000000101" },
                "Created_Time": "2024-03-01T10:00:00+00:00", "Modified_Time": "2024-03-02T10:00:00+00:00" })
    };
    json!({
        "org": { "company_name": "Acme Training", "id": "4400000000000000001",
                 "license_details": { "paid": true, "paid_type": "professional", "users_license_purchased": 3 } },
        "users": [
            { "id": "4400000000000000101", "full_name": "Ada Admin", "email": "ada@acme.example",
              "profile": { "name": "Administrator", "id": "1" }, "role": { "name": "CEO", "id": "2" },
              "can_delete": true }
        ],
        "modules": seed["modules"],
        "contact_roles": seed["contact_roles"],
        "records": {
            "Leads": [lead("4400000000000001001", "Turing"), lead("4400000000000001002", "Hopper")],
            "Campaigns": [{ "id": "4400000000000002001", "Campaign_Name": "Launch" }]
        },
        "relations": [["Campaigns", "4400000000000002001", "Leads", "4400000000000001002"]]
    })
}

#[test]
fn org_loads_a_file_of_the_assets_shape_and_its_admin_signs_in() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "acme.json", &small_org().to_string(), 0o600);
    let s = Served::start(
        home.path(),
        &[
            "--org",
            path.to_str().unwrap(),
            "--generate",
            "Leads=50",
            "--generate",
            "Deals=3",
        ],
    );
    assert_eq!(
        s.get("/crm/v8/org")["org"][0]["company_name"],
        "Acme Training"
    );
    let leads = s.get("/crm/v8/Leads?fields=Full_Name,Owner");
    let rows = leads["data"].as_array().unwrap();
    assert_eq!(rows.len(), 52);
    assert_eq!(rows[0]["Full_Name"], "Turing");
    assert!(
        rows.iter()
            .all(|r| r["Owner"]["id"] == "4400000000000000101"),
        "owners from the file's users"
    );
    // A module the file has no records of still gets named, dated, owned records.
    let deals = s.get("/crm/v8/Deals?fields=Deal_Name,Created_Time,Owner");
    let deals = deals["data"].as_array().unwrap();
    assert_eq!(deals.len(), 3);
    for d in deals {
        assert!(d["Deal_Name"].as_str().unwrap().starts_with("Deal "), "{d}");
        assert!(d["Created_Time"].as_str().unwrap().starts_with("20"), "{d}");
        assert_eq!(d["Owner"]["id"], "4400000000000000101");
    }
    let members = s.get("/crm/v8/Campaigns/4400000000000002001/Leads?fields=Full_Name");
    assert_eq!(members["data"][0]["Full_Name"], "Hopper");
    // The admin of the file deletes; the org had no read-only user, so the sandbox added one.
    let (status, body) = s.call(
        reqwest::Method::DELETE,
        "/crm/v8/Leads?ids=4400000000000001001",
        "refresh_token",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"][0]["details"]["id"], "4400000000000001001");
    let (status, body) = s.call(
        reqwest::Method::DELETE,
        "/crm/v8/Leads?ids=4400000000000001002",
        "read_only_refresh_token",
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("NO_PERMISSION"))
    );
}

#[test]
fn bad_org_files_and_flags_are_said_plainly() {
    let home = tempfile::tempdir().unwrap();
    let mut org = small_org();
    org["records"]["Leads"][1]["id"] = json!("4400000000000001001");
    let mut no_admin = small_org();
    no_admin["users"][0]["can_delete"] = json!(false);
    let mut unknown = small_org();
    unknown["records"]["Leeds"] = json!([]);
    let mut dangling = small_org();
    dangling["relations"][0][3] = json!("4400000000000009999");
    let cases = [
        ("missing.json", None, "cannot be read"),
        (
            "garbage.json",
            Some("{ not json".to_string()),
            "not an org file",
        ),
        ("array.json", Some("[]".to_string()), "not an org file"),
        (
            "no-users.json",
            Some(json!({"org": {}, "modules": []}).to_string()),
            "missing field `users`",
        ),
        ("twice.json", Some(org.to_string()), "also"),
        ("no-admin.json", Some(no_admin.to_string()), "administrator"),
        (
            "unknown.json",
            Some(unknown.to_string()),
            "records.Leeds: no module `Leeds`",
        ),
        (
            "dangling.json",
            Some(dangling.to_string()),
            "relations[0]: no record 4400000000000009999",
        ),
    ];
    for (name, text, says) in cases {
        let path = match text {
            Some(t) => write_file(home.path(), name, &t, 0o600),
            None => home.path().join(name),
        };
        let out = run(bin(home.path()).args(["sandbox", "--org", path.to_str().unwrap()]));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(path.to_str().unwrap()) && err.contains(says),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            out.stdout.is_empty(),
            "no first line for a sandbox that did not start"
        );
    }
    for (args, says) in [
        (
            vec!["sandbox", "--generate", "Leeds=5"],
            "no module `Leeds`",
        ),
        (vec!["sandbox", "--generate", "Leads"], "MODULE=N"),
        (vec!["sandbox", "--edition", "gold"], "not an edition"),
        (vec!["--generate", "Leads=5"], "add --demo"),
        (
            vec!["--demo", "--edition", "free", "journal"],
            "shape a sandbox",
        ),
    ] {
        let out = run(bin(home.path()).args(&args));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// Waits (at most 20 s) until the screen, as a terminal draws it, holds `text`.
fn shows(tui: &PtyRun, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let nz = |n: u16| std::num::NonZeroU16::new(n).expect("not zero");
        let mut vt = vt100::Parser::new(nz(40), nz(120), 0);
        vt.process(tui.screen().as_bytes());
        let contents = vt.screen().contents();
        if contents.contains(text) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "`{text}` never showed:\n{contents}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn demo_takes_generate_and_edition() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = PtyRun::start(
        home.path(),
        &[
            "--demo",
            "--generate",
            "Leads=600",
            "--edition",
            "standard",
            "--seed",
            "3",
        ],
        &[],
    );
    tui.wait_for("demo │ dc sandbox │ API v8");
    tui.wait_for("Appointments");
    tui.send(b"/Leads");
    tui.send(b"\r");
    tui.send(b"\r");
    shows(&tui, "Leads (1/200+)");
    // `G` loads every page: 400 seeded and 600 generated Leads.
    tui.send(b"G");
    shows(&tui, "Leads (1000/1000)");
    tui.send(b"q");
    let (code, screen) = tui.finish();
    assert_eq!(code, 0, "{screen}");
}
