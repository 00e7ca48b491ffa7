//! The upload path end to end: 202 with a queued job, the SBOM pending and invisible, one
//! worker run (tplc-jobs), then components, findings, downloads, the check, an analysis and
//! the audit log.

use serde_json::{Value, json};

use crate::support::{self, Server, TestDb};

crate::backend_tests!(upload_ingest_findings_analysis);

async fn upload_ingest_findings_analysis(db: &TestDb) {
    let server = Server::start(db, |s| s).await;
    let store = server.store().clone();
    let alice = support::user(&store, "alice").await;
    let a = support::objects(&store, "Acme", alice.id, "bob").await;
    // The vulnerability database with the real Log4Shell advisory of the demo set.
    let advisory = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tplc-jobs/demo/advisories/GHSA-jfh8-c2jp-5v3q.json");
    tplc_vulndb::import(
        &server.state.vulndb_dir,
        tplc_vulndb::SourceKind::Osv,
        &[advisory],
        &mut |_| {},
    )
    .unwrap();
    let client = server.client();
    let info = server.login(&client, "alice").await;
    let csrf = info["csrf_token"].as_str().unwrap().to_owned();
    let org = a.org.get();
    let api = |path: &str| server.url(&format!("/api/v1/organizations/{org}{path}"));

    // A new version, and an upload to it.
    let r = client
        .post(api(&format!("/products/{}/versions", a.product)))
        .header("x-csrf-token", &csrf)
        .json(
            &json!({"version": "2.0", "release_date": "2026-11-01", "lifecycle_phase": "support"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let version: Value = r.json().await.unwrap();
    let version_id = version["id"].as_i64().unwrap();
    let r = client
        .post(api(&format!("/versions/{version_id}/sboms")))
        .header("x-csrf-token", &csrf)
        .body(support::CDX)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let accepted: Value = r.json().await.unwrap();
    assert_eq!(accepted["sbom"]["state"], "pending");
    assert_eq!(accepted["sbom"]["format"], "cyclonedx-json");
    assert_eq!(accepted["sbom"]["spec_version"], "1.6");
    assert_eq!(accepted["sbom"]["author"], "Team");
    assert_eq!(accepted["job"]["kind"], "ingest_sbom");
    assert_eq!(accepted["job"]["state"], "queued");
    let sbom = accepted["sbom"]["id"].as_i64().unwrap();
    let job = accepted["job"]["id"].as_i64().unwrap();
    assert_eq!(
        accepted["job"]["payload"],
        json!({"organization": org, "sbom_document": sbom})
    );
    assert_eq!(location, format!("/api/v1/organizations/{org}/jobs/{job}"));
    assert_eq!(
        db.count("audit_events WHERE action = 'sbom.upload'").await,
        1
    );

    // Pending: its status is visible, its content and components are not.
    let status = |path: String| {
        let c = client.clone();
        async move { c.get(path).send().await.unwrap().status().as_u16() }
    };
    let r: Value = client
        .get(api(&format!("/sboms/{sbom}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["state"], "pending");
    let listed: Value = client
        .get(api(&format!("/versions/{version_id}/sboms")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([]));
    assert_eq!(status(api(&format!("/sboms/{sbom}/components"))).await, 404);
    assert_eq!(status(api(&format!("/sboms/{sbom}/content"))).await, 404);
    let j: Value = client
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(j["state"], "queued");

    // One worker pass (the fixture's rematch job is older: run until the upload's is done).
    let worker = tplc_jobs::Worker::new(store.clone(), server.state.vulndb_dir.clone(), "test/0");
    for _ in 0..5 {
        let j: Value = client
            .get(server.url(&location))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if j["state"] == "done" {
            break;
        }
        worker.run_once().await.unwrap().expect("a queued job");
    }
    let j: Value = client
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(j["state"], "done", "{j}");
    let r: Value = client
        .get(api(&format!("/sboms/{sbom}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["state"], "ready");
    let components: Value = client
        .get(api(&format!("/sboms/{sbom}/components")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(components.as_array().unwrap().len(), 1);
    assert_eq!(
        components[0]["purl"],
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    );

    // Downloads: the original bytes, and converted.
    let r = client
        .get(api(&format!("/sboms/{sbom}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.cyclonedx+json"
    );
    assert_eq!(r.text().await.unwrap(), support::CDX);
    for (format, media) in [
        ("spdx-json", "application/spdx+json"),
        ("cyclonedx-xml", "application/vnd.cyclonedx+xml"),
        ("cyclonedx-json", "application/vnd.cyclonedx+json"),
    ] {
        let r = client
            .get(api(&format!("/sboms/{sbom}/content?format={format}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{format}");
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with(media),
            "{format}"
        );
        let bytes = r.bytes().await.unwrap().to_vec();
        let (_, doc) = tplc_formats::read_bytes(bytes).unwrap();
        assert!(
            doc.components.iter().any(|c| c.name == "log4j-core"),
            "{format}"
        );
    }
    // The minimum-elements check.
    let report: Value = client
        .get(api(&format!("/sboms/{sbom}/check")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["profile"], "jp-mhlw");
    assert!(report["passed"].is_boolean());
    let ntia: Value = client
        .get(api(&format!("/sboms/{sbom}/check?profile=ntia-2021")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ntia["profile"], "ntia-2021");

    // Findings of the new version: Log4Shell, filtered and paged.
    let page: Value = client
        .get(api(&format!("/findings?version={version_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1, "{page}");
    let finding = &page["items"][0];
    assert_eq!(finding["vulnerability"], "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(finding["component_name"], "log4j-core");
    assert!(finding["analysis_state"].is_null());
    let finding_id = finding["id"].as_i64().unwrap();
    // Both versions: the fixture's finding and this one; paging one at a time with a Link.
    let r = client
        .get(api("/findings?per_page=1&severity=critical"))
        .send()
        .await
        .unwrap();
    let link = r.headers()["link"].to_str().unwrap().to_owned();
    let first: Value = r.json().await.unwrap();
    assert_eq!(first["total"], 2);
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let next = first["next"].as_str().unwrap();
    assert_eq!(link, format!("<{next}>; rel=\"next\""));
    let second: Value = client
        .get(server.url(next))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["page"], 2);
    assert!(second["next"].is_null());
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);
    let none: Value = client
        .get(api("/findings?severity=low"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    let kev: Value = client
        .get(api("/findings?kev=false"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kev_true: Value = client
        .get(api("/findings?kev=true"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        kev["total"].as_u64().unwrap() + kev_true["total"].as_u64().unwrap(),
        2
    );

    // An analysis on the old version (the fixture's finding), carried forward to the new one.
    let r = client
        .post(api(&format!("/findings/{}/analyses", a.finding)))
        .header("x-csrf-token", &csrf)
        .json(&json!({
            "state": "not_affected", "justification": "code_not_reachable",
            "response": ["will_not_fix"], "detail": "JNDI lookups disabled by configuration",
            "cvss_environmental": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/MAV:L"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let analysis: Value = r.json().await.unwrap();
    assert_eq!(analysis["author"], "user:alice");
    assert!(analysis["environmental_score"].as_f64().unwrap() < 10.0);
    let detail: Value = client
        .get(api(&format!("/findings/{finding_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["current_analysis"]["inherited"], true, "{detail}");
    assert_eq!(
        detail["current_analysis"]["analysis"]["state"],
        "not_affected"
    );
    assert_eq!(detail["current_analysis"]["from_version_label"], "1.0");
    assert_eq!(detail["finding"]["analysis_inherited"], true);
    assert_eq!(detail["version"]["version"], "2.0");
    assert_eq!(detail["advisory"]["id"], "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(detail["history"].as_array().unwrap().len(), 1);
    let filtered: Value = client
        .get(api("/findings?state=not_affected"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 2, "the inherited analysis counts too");
    let unanalysed: Value = client
        .get(api("/findings?state=unanalysed"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(unanalysed["total"], 0);
    // A later analysis on the new version: its own, and the history grows.
    let r = client
        .post(api(&format!("/findings/{finding_id}/analyses")))
        .header("x-csrf-token", &csrf)
        .json(&json!({"state": "exploitable", "response": ["update", "update"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let detail: Value = client
        .get(api(&format!("/findings/{finding_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["current_analysis"]["inherited"], false);
    assert_eq!(
        detail["current_analysis"]["analysis"]["response"],
        json!(["update"])
    );
    let history: Value = client
        .get(api(&format!("/findings/{finding_id}/analyses")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(history.as_array().unwrap().len(), 2);

    // The advisory, the jobs, the audit log (paged).
    let adv: Value = client
        .get(api("/advisories/GHSA-jfh8-c2jp-5v3q"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(adv[0]["id"], "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(status(api("/advisories/GHSA-0000-0000-0000")).await, 404);
    let jobs: Value = client
        .get(api("/jobs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        jobs.as_array()
            .unwrap()
            .iter()
            .any(|j| j["id"] == job && j["state"] == "done")
    );
    let mut after = None::<i64>;
    let mut actions = Vec::new();
    loop {
        let url = match after {
            Some(a) => api(&format!("/audit-events?limit=2&after={a}")),
            None => api("/audit-events?limit=2"),
        };
        let page: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        for e in page["items"].as_array().unwrap() {
            actions.push(e["action"].as_str().unwrap().to_owned());
        }
        match page["next_after"].as_i64() {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    for want in ["version.create", "sbom.upload", "analysis.record"] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "analysis.record").count(),
        2
    );
    let events = store.verify_audit_chain().await.unwrap();
    assert_eq!(events as i64, db.count("audit_events").await);
}
