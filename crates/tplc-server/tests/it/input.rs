//! Bad input: always a 4xx with the error body and, where there is one, the place; never a 500.

use serde_json::{Value, json};

use crate::support::{self, Server, TestDb};

crate::backend_tests!(bad_input_is_4xx_with_a_place);

async fn bad_input_is_4xx_with_a_place(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store();
    let alice = support::user(store, "alice").await;
    let a = support::objects(store, "Acme", alice.id, "bob").await;
    let (token, _) = support::token(store, a.org, alice.id, tplc_store::Role::Admin, "t").await;
    let client = server.bare_client();
    let post = |path: String, content_type: &'static str, body: Vec<u8>| {
        let request = client
            .post(server.url(&path))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body);
        async move {
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            let v: Value = r.json().await.unwrap_or(Value::Null);
            (status, v)
        }
    };
    let products = format!("/api/v1/organizations/{}/products", a.org);
    let upload = format!(
        "/api/v1/organizations/{}/versions/{}/sboms",
        a.org, a.version
    );
    let mut cases = 0;
    let mut check = |(status, v): (u16, Value), want: u16, code: &str, pointer: Option<&str>| {
        cases += 1;
        assert_eq!(status, want, "{v}");
        assert_eq!(v["status"], want, "{v}");
        assert_eq!(v["code"], code, "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        if let Some(p) = pointer {
            assert_eq!(v["pointer"], p, "{v}");
        }
        v
    };

    // Malformed JSON: 400 with the line and column.
    let v = check(
        post(
            products.clone(),
            "application/json",
            b"{\"name\": ".to_vec(),
        )
        .await,
        400,
        "malformed_json",
        None,
    );
    assert!(v["message"].as_str().unwrap().contains("line 1"), "{v}");
    // Unknown field: 422 pointing at it.
    check(
        post(
            products.clone(),
            "application/json",
            br#"{"name":"X","colour":"red"}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/colour"),
    );
    // Wrong type, deep: the pointer names it.
    let analyses = format!(
        "/api/v1/organizations/{}/findings/{}/analyses",
        a.org, a.finding
    );
    check(
        post(
            analyses.clone(),
            "application/json",
            br#"{"state":"in_triage","response":["update",7]}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/response/1"),
    );
    check(
        post(
            analyses.clone(),
            "application/json",
            br#"{"state":"fixed"}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/state"),
    );
    check(
        post(
            analyses.clone(),
            "application/json",
            br#"{"state":"in_triage","response":["update","never"]}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/response/1"),
    );
    let v = check(
        post(
            analyses.clone(),
            "application/json",
            br#"{"state":"exploitable","cvss_environmental":"CVSS:3.1/AV:N/AV:L"}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/cvss_environmental"),
    );
    assert!(v["message"].as_str().unwrap().contains("column"), "{v}");
    // Missing field.
    check(
        post(products.clone(), "application/json", b"{}".to_vec()).await,
        422,
        "invalid",
        Some(""),
    );
    // A rule of the model: a malformed date.
    let versions = format!(
        "/api/v1/organizations/{}/products/{}/versions",
        a.org, a.product
    );
    check(
        post(
            versions.clone(),
            "application/json",
            br#"{"version":"2","release_date":"2026-13-01"}"#.to_vec(),
        )
        .await,
        422,
        "invalid",
        Some("/release_date"),
    );
    // Not JSON at all.
    check(
        post(products.clone(), "text/plain", b"name=x".to_vec()).await,
        415,
        "unsupported_media_type",
        None,
    );
    // Over the JSON limit (1 MiB).
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(1024 * 1024 + 10));
    check(
        post(products.clone(), "application/json", big.into_bytes()).await,
        413,
        "too_large",
        None,
    );
    // A conflict.
    check(
        post(
            products.clone(),
            "application/json",
            br#"{"name":"Acme pump"}"#.to_vec(),
        )
        .await,
        409,
        "conflict",
        None,
    );

    // Uploads: over the upload limit (256 KiB in these tests).
    let huge = format!(
        "{{\"bomFormat\":\"CycloneDX\",\"x\":\"{}\"}}",
        "y".repeat(300 * 1024)
    );
    check(
        post(
            upload.clone(),
            "application/octet-stream",
            huge.into_bytes(),
        )
        .await,
        413,
        "too_large",
        None,
    );
    // XML with a DTD (an entity-expansion attempt).
    let dtd = br#"<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><metadata><component type="device"><name>&b;</name></component></metadata></bom>"#;
    check(
        post(upload.clone(), "application/xml", dtd.to_vec()).await,
        400,
        "dtd_refused",
        None,
    );
    // Not an SBOM format.
    check(
        post(
            upload.clone(),
            "application/octet-stream",
            b"hello".to_vec(),
        )
        .await,
        400,
        "unsupported_format",
        None,
    );
    check(
        post(upload.clone(), "application/octet-stream", Vec::new()).await,
        400,
        "unsupported_format",
        None,
    );
    check(
        post(upload.clone(), "application/json", br#"{"a":1}"#.to_vec()).await,
        400,
        "unsupported_format",
        None,
    );
    // Malformed SBOMs: 422 with the reader's location.
    check(
        post(
            upload.clone(),
            "application/json",
            br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":"one"}"#.to_vec(),
        )
        .await,
        422,
        "invalid_sbom",
        Some("/version"),
    );
    let v = check(
        post(
            upload.clone(),
            "application/json",
            b"{\"bomFormat\":\"CycloneDX\",\n\"specVersion\":".to_vec(),
        )
        .await,
        422,
        "invalid_sbom",
        None,
    );
    assert!(v["message"].as_str().unwrap().contains("line 2"), "{v}");
    let v = check(post(upload.clone(), "application/xml", br#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1"><components><component></bom>"#.to_vec()).await, 422, "invalid_sbom", None);
    assert!(v["message"].as_str().unwrap().contains("line 1"), "{v}");
    let v = check(post(upload.clone(), "text/plain", b"SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nPackageName:\n".to_vec()).await, 422, "invalid_sbom", None);
    assert!(v["message"].as_str().unwrap().contains("line"), "{v}");
    // UTF-16 with an odd byte count.
    check(
        post(upload.clone(), "application/json", vec![0xFF, 0xFE, 0x7B]).await,
        400,
        "bad_encoding",
        None,
    );
    // Nothing of these was stored.
    assert_eq!(db.count("sbom_documents").await, 1);
    assert_eq!(db.count("jobs WHERE kind = 'ingest_sbom'").await, 0);

    // Bad query parameters and paths.
    let get = |path: String| {
        let request = client.get(server.url(&path)).bearer_auth(&token);
        async move {
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    let findings = format!("/api/v1/organizations/{}/findings", a.org);
    check(
        get(format!("{findings}?per_page=abc")).await,
        400,
        "bad_query",
        None,
    );
    check(
        get(format!("{findings}?per_page=0")).await,
        400,
        "bad_query",
        Some("per_page"),
    );
    check(
        get(format!("{findings}?severity=awful")).await,
        400,
        "bad_query",
        Some("severity"),
    );
    check(
        get(format!("{findings}?colour=red")).await,
        400,
        "bad_query",
        None,
    );
    check(
        get(format!(
            "/api/v1/organizations/{}/sboms/{}/content?format=pdf",
            a.org, a.sbom
        ))
        .await,
        400,
        "bad_query",
        Some("format"),
    );
    check(
        get(format!(
            "/api/v1/organizations/{}/sboms/{}/check?profile=nope",
            a.org, a.sbom
        ))
        .await,
        400,
        "bad_query",
        Some("profile"),
    );
    check(
        get("/api/v1/organizations/abc".into()).await,
        404,
        "not_found",
        None,
    );
    check(
        get("/api/v1/organizations/99999999999999999999".into()).await,
        404,
        "not_found",
        None,
    );
    check(
        get("/api/v1/no/such/route".into()).await,
        404,
        "no_route",
        None,
    );
    println!("{cases} bad-input cases, each a 4xx with the error body");
    let _ = json!(null);
}
