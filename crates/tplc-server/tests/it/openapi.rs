//! The OpenAPI document is served and lists every route of the API.

use std::collections::BTreeSet;

use serde_json::Value;
use tplc_server::api::ROUTES;

use crate::support::{Server, TestDb};

crate::backend_tests!(openapi_lists_every_route);

async fn openapi_lists_every_route(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let r = server
        .bare_client()
        .get(server.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let doc: Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if let Some(op) = item.get(method) {
                documented.insert((method.to_uppercase(), path.clone()));
                assert!(
                    op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                    "{method} {path}"
                );
            }
        }
    }
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(documented, routes);
    // Every route of the table is served by the router (the matrix test checks the statuses;
    // here: no route answers the fallback's `no_route`).
    for (method, path, _) in ROUTES {
        let url = server.url(&format!("/api/v1{}", fill_ones(path)));
        let r = server
            .bare_client()
            .request(reqwest::Method::from_bytes(method.as_bytes()).unwrap(), url)
            .header("origin", &server.base)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap_or(Value::Null);
        assert_ne!(body["code"], "no_route", "{method} {path}: {status}");
        assert_ne!(status, 405, "{method} {path}");
        assert!(status < 500, "{method} {path}: {status}");
    }
    println!("{} routes documented and served", routes.len());
}

fn fill_ones(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').unwrap() + start;
        out.push('1');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}
