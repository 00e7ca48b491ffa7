//! The authorisation matrix: every route of the API × every kind of caller, with the exact
//! status each gets; and every object route with another organization's object → 404.

use std::fmt::Write as _;

use reqwest::Method;
use serde_json::{Value, json};
use tplc_server::api::ROUTES;
use tplc_store::*;

use crate::support::{self, Objects, Server, TestDb};

crate::backend_tests!(authorization_matrix);

/// How a caller authenticates.
#[derive(Clone)]
enum Auth {
    Anonymous,
    /// A session: the client holds the cookie; the CSRF token goes in a header.
    Session(reqwest::Client, String),
    Bearer(String),
}

struct CallerCase {
    name: &'static str,
    auth: Auth,
    /// The effective role in organization A, `None` when it has none.
    role: Option<tplc_auth::Role>,
    server_admin: bool,
}

fn fill(path: &str, o: &Objects, advisory: &str) -> String {
    path.replace("{org}", &o.org.to_string())
        .replace("{user}", &o.member.to_string())
        .replace("{token}", &o.token.to_string())
        .replace("{product}", &o.product.to_string())
        .replace("{version}", &o.version.to_string())
        .replace("{sbom}", &o.sbom.to_string())
        .replace("{component}", &o.component.to_string())
        .replace("{finding}", &o.finding.to_string())
        .replace("{job}", &o.job.to_string())
        .replace("{link}", &o.link.to_string())
        .replace("{diagram}", &o.diagram.to_string())
        .replace("{catalog}", "jp-mhlw-0523")
        .replace("{id}", advisory)
}

/// The path of a request: `fill`, plus the query a route needs (an upload's file name).
fn target(method: &str, path: &str, o: &Objects, advisory: &str) -> String {
    let filled = fill(path, o, advisory);
    if method == "POST" && path.ends_with("/diagrams") {
        format!("{filled}?file_name=network-{}.png", o.diagram)
    } else {
        filled
    }
}

/// An MDS2 workbook with one answer.
fn mds2_workbook() -> Vec<u8> {
    let form = tplc_mds2::Mds2Form::hn_1_2019();
    let mut document = tplc_mds2::Mds2Document::default();
    document.set("DOC-9", tplc_mds2::Answer::No, "");
    tplc_mds2::write_xlsx(form, &document).unwrap()
}

/// A valid body for a route (unique names, so that repeating a request succeeds).
fn body(method: &str, path: &str, n: usize) -> Option<Vec<u8>> {
    let json = |v: Value| Some(serde_json::to_vec(&v).unwrap());
    match (method, path) {
        ("POST", "/organizations") => json(json!({"name": format!("Org {n}")})),
        ("POST", "/organizations/{org}/members") => json(
            json!({"username": format!("new{n}"), "role": "viewer", "password": "a long enough password 123"}),
        ),
        ("PATCH", "/organizations/{org}/members/{user}") => json(json!({"role": "viewer"})),
        ("POST", "/organizations/{org}/tokens") => {
            json(json!({"name": format!("t{n}"), "role": "viewer"}))
        }
        ("POST", "/organizations/{org}/products")
        | ("PUT", "/organizations/{org}/products/{product}") => {
            json(json!({"name": format!("Product {n}")}))
        }
        ("POST", "/organizations/{org}/products/{product}/versions")
        | ("PUT", "/organizations/{org}/versions/{version}") => {
            json(json!({"version": format!("v{n}")}))
        }
        ("POST", "/organizations/{org}/versions/{version}/sboms") => {
            Some(support::CDX.as_bytes().to_vec())
        }
        ("POST", "/organizations/{org}/findings/{finding}/analyses") => {
            json(json!({"state": "in_triage", "detail": "looking"}))
        }
        ("POST", "/organizations/{org}/versions/{version}/evidence") => json(json!({
            "catalog": "jp-mhlw-0523", "item_id": "jp0523-1-2-a",
            "document_number": format!("QM-{n}"), "title": "Development plan", "status": "approved"
        })),
        ("PUT", "/organizations/{org}/versions/{version}/evidence/{link}") => json(json!({
            "catalog": "jp-mhlw-0523", "item_id": "jp0523-1-1-a",
            "document_number": "QM-SEC-001", "title": format!("Security policy {n}"),
            "status": "approved"
        })),
        ("PUT", "/organizations/{org}/versions/{version}/annex-f") => {
            json(json!({"applied": false}))
        }
        ("PUT", "/organizations/{org}/products/{product}/scope") => json(json!({
            "decision": {"interfaces": ["network"], "has_software": true, "in_scope": true},
            "environment": {"platform": format!("Linux {n}")}
        })),
        ("POST", "/organizations/{org}/products/{product}/diagrams") => {
            Some(support::DIAGRAM.to_vec())
        }
        ("POST", "/organizations/{org}/versions/{version}/disclosures") => {
            json(json!({"customer": format!("Hospital {n}"), "shown_at": "2025-06-01"}))
        }
        ("PUT", "/organizations/{org}/versions/{version}/mds2") => json(json!({
            "meta": {"manufacturer": "Acme"},
            "answers": {"DOC-9": {"answer": "no"}}
        })),
        ("POST", "/organizations/{org}/versions/{version}/mds2.xlsx") => Some(mds2_workbook()),
        _ => None,
    }
}

fn success(method: &str, path: &str) -> u16 {
    match (method, path) {
        ("POST", p) if p.ends_with("/sboms") || p.ends_with("/rematch") => 202,
        ("POST", p) if p.ends_with("/mds2.xlsx") => 200,
        ("POST", _) => 201,
        ("DELETE", p)
            if p.ends_with("/members/{user}")
                || p.ends_with("/evidence/{link}")
                || p.ends_with("/diagrams/{diagram}") =>
        {
            204
        }
        _ => 200,
    }
}

/// The status the table says `caller` gets on a route of organization A.
fn expected(caller: &CallerCase, method: &str, path: &str, permission: &str) -> u16 {
    if matches!(caller.auth, Auth::Anonymous) && permission != "public" {
        return 401;
    }
    match permission {
        "public" | "authenticated" => success(method, path),
        "server_admin" => {
            if caller.server_admin {
                success(method, path)
            } else {
                403
            }
        }
        p => {
            let p: tplc_auth::Permission = p.parse().unwrap();
            match tplc_auth::authorize(caller.role, p) {
                Ok(()) => success(method, path),
                Err(denied) => denied.status(),
            }
        }
    }
}

async fn send(
    server: &Server,
    auth: &Auth,
    method: &str,
    path: &str,
    body: Option<Vec<u8>>,
) -> (u16, Value) {
    let url = server.url(&format!("/api/v1{path}"));
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = match auth {
        Auth::Anonymous => server.client().request(method, url),
        Auth::Session(client, csrf) => client.request(method, url).header("x-csrf-token", csrf),
        Auth::Bearer(token) => server.bare_client().request(method, url).bearer_auth(token),
    };
    if let Some(body) = body {
        let json = body.first() == Some(&b'{') && !body.starts_with(b"{\"bomFormat\"");
        request = request
            .header(
                "content-type",
                if json {
                    "application/json"
                } else {
                    "application/octet-stream"
                },
            )
            .body(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, value)
}

/// Puts the target member, evidence link and diagram back (a successful DELETE removed them).
async fn ensure_member(store: &Store, o: &mut Objects) {
    if store.membership(o.org, o.member).await.is_err() {
        support::member(store, o.org, o.member, Role::Viewer).await;
    }
    if store.evidence_link(o.org, o.version, o.link).await.is_err() {
        o.link = support::evidence_link(store, o.org, o.version).await;
    }
    if store.diagram(o.org, o.product, o.diagram).await.is_err() {
        o.diagram = support::diagram(store, o.org, o.product).await;
    }
}

async fn authorization_matrix(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store().clone();
    let admin = support::user(&store, "admin").await;
    let mut tx = store.begin().await.unwrap();
    tx.set_server_admin(admin.id, true).await.unwrap();
    tx.commit().await.unwrap();
    let editor = support::user(&store, "editor").await;
    let viewer = support::user(&store, "viewer").await;
    let outsider = support::user(&store, "outsider").await;
    let mut a = support::objects(&store, "Acme", admin.id, "member-a").await;
    let b = support::objects(&store, "Other", outsider.id, "member-b").await;
    support::member(&store, a.org, editor.id, Role::Editor).await;
    support::member(&store, a.org, viewer.id, Role::Viewer).await;
    let (admin_token, _) = support::token(&store, a.org, admin.id, Role::Admin, "adm").await;
    let (editor_token, _) = support::token(&store, a.org, admin.id, Role::Editor, "ed").await;
    let (viewer_token, _) = support::token(&store, a.org, admin.id, Role::Viewer, "vw").await;
    // An admin-role token of an editor acts as an editor (never more than the membership).
    let (capped_token, _) = support::token(&store, a.org, editor.id, Role::Admin, "cap").await;
    // A token scoped to the other organization gets nothing in A.
    let (other_token, _) = support::token(&store, b.org, outsider.id, Role::Admin, "oth").await;

    let session = |name: &'static str| {
        let server = &server;
        async move {
            let client = server.client();
            let info = server.login(&client, name).await;
            Auth::Session(client, info["csrf_token"].as_str().unwrap().to_owned())
        }
    };
    use tplc_auth::Role as R;
    let callers = vec![
        CallerCase {
            name: "admin (session)",
            auth: session("admin").await,
            role: Some(R::Admin),
            server_admin: true,
        },
        CallerCase {
            name: "editor (session)",
            auth: session("editor").await,
            role: Some(R::Editor),
            server_admin: false,
        },
        CallerCase {
            name: "viewer (session)",
            auth: session("viewer").await,
            role: Some(R::Viewer),
            server_admin: false,
        },
        CallerCase {
            name: "no membership (session)",
            auth: session("outsider").await,
            role: None,
            server_admin: false,
        },
        CallerCase {
            name: "token admin",
            auth: Auth::Bearer(admin_token),
            role: Some(R::Admin),
            server_admin: false,
        },
        CallerCase {
            name: "token editor",
            auth: Auth::Bearer(editor_token),
            role: Some(R::Editor),
            server_admin: false,
        },
        CallerCase {
            name: "token viewer",
            auth: Auth::Bearer(viewer_token),
            role: Some(R::Viewer),
            server_admin: false,
        },
        CallerCase {
            name: "token admin of editor",
            auth: Auth::Bearer(capped_token),
            role: Some(R::Editor),
            server_admin: false,
        },
        CallerCase {
            name: "token of other org",
            auth: Auth::Bearer(other_token),
            role: None,
            server_admin: false,
        },
        CallerCase {
            name: "anonymous",
            auth: Auth::Anonymous,
            role: None,
            server_admin: false,
        },
    ];

    let mut table = String::new();
    let mut failures = Vec::new();
    let mut cells = 0;
    let mut n = 0;
    for (method, path, permission) in ROUTES {
        // Logging in and out is covered by the session tests (a DELETE here would end the
        // matrix's own sessions).
        if *path == "/session" && *method != "GET" {
            continue;
        }
        let _ = write!(table, "{method:6} {path:58} {permission:18}");
        for caller in &callers {
            n += 1;
            ensure_member(&store, &mut a).await;
            let want = expected(caller, method, path, permission);
            let (got, body_value) = send(
                &server,
                &caller.auth,
                method,
                &target(method, path, &a, "GHSA-jfh8-c2jp-5v3q"),
                body(method, path, n),
            )
            .await;
            cells += 1;
            let _ = write!(table, " {got}");
            if got != want {
                failures.push(format!(
                    "{method} {path} as {}: got {got}, want {want}: {body_value}",
                    caller.name
                ));
            }
            assert!(
                got < 500,
                "{method} {path} as {}: {got} {body_value}",
                caller.name
            );
            if got >= 400 {
                // Every refusal has the error body.
                assert_eq!(body_value["status"], got, "{method} {path}: {body_value}");
                assert!(
                    body_value["code"].is_string() && body_value["code"] != "no_route",
                    "{method} {path}: {body_value}"
                );
            }
        }
        table.push('\n');
    }
    println!("{table}");

    // Another organization's objects, through organization A's path or B's: 404 for A's
    // admin, whatever the route.
    let admin_auth = callers[0].auth.clone();
    let mut cross = 0;
    for (method, path, _) in ROUTES {
        if !path.starts_with("/organizations/{org}") || path.contains("/advisories/") {
            continue;
        }
        let object_route = path.matches('{').count() > 1;
        let mut targets = vec![target(method, path, &b, "x")];
        if object_route {
            // A's organization, B's object.
            let mut mixed = b;
            mixed.org = a.org;
            targets.push(target(method, path, &mixed, "x"));
        }
        for target in targets {
            n += 1;
            ensure_member(&store, &mut a).await;
            let (got, v) = send(&server, &admin_auth, method, &target, body(method, path, n)).await;
            cross += 1;
            if got != 404 {
                failures.push(format!(
                    "{method} {target} (other organization's object): got {got}, want 404: {v}"
                ));
            }
        }
    }
    println!("{cells} matrix cells, {cross} cross-organization requests");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cells >= ROUTES.len() * 10 - 20, "{cells}");
    assert!(ROUTES.len() >= 36 + 25, "{}", ROUTES.len());
}
