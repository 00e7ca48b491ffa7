//! `tplc serve` as a process: a `kill -9` during an ingestion, then a restart (SQLite); and two
//! servers draining one queue of 100 ingestions on one PostgreSQL database (when
//! `TPLC_TEST_POSTGRES_URL` is set; `scripts/scale_out.sh` runs it).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tplc_store::{
    FindingFilter, JobId, JobState, NewProduct, NewProductVersion, OrganizationId,
    OrganizationKind, SbomDocumentId, SbomState, Store,
};

use crate::support::{temporary_dir, tplc};

/// A running `tplc serve`, killed with SIGKILL when dropped.
struct Server(Child);

impl Server {
    fn start(arguments: &[&str]) -> Self {
        let child = Command::new(env!("CARGO_BIN_EXE_tplc"))
            .arg("serve")
            .args(["--listen", "127.0.0.1:0"])
            .args(arguments)
            .env("LANG", "C")
            // A dead worker's job is requeued 2 s after its last heartbeat.
            .env("TPLC_JOB_STALE_SECONDS", "2")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tplc serve starts");
        Self(child)
    }

    /// `kill -9`.
    fn kill9(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }

    /// SIGTERM, then wait for the graceful exit.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.0.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Imports one OSV advisory of urllib3 < 1.26.17 into `vulndb`.
fn import_advisory(vulndb: &Path) {
    let staging = vulndb.with_extension("staging");
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(
        staging.join("TEST-1.json"),
        serde_json::json!({
            "id": "TEST-1", "modified": "2026-01-01T00:00:00Z", "summary": "test",
            "affected": [{"package": {"ecosystem": "PyPI", "name": "urllib3"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.26.17"}]}]}],
        })
        .to_string(),
    )
    .unwrap();
    tplc_vulndb::import(
        vulndb,
        tplc_vulndb::SourceKind::Osv,
        &[staging],
        &mut |_| {},
    )
    .unwrap();
}

/// An organization with one product version; uploads (pending SBOM + ingestion job, as the
/// upload API stores them) of each SBOM.
async fn seed(
    store: &Store,
    sboms: Vec<Vec<u8>>,
) -> (OrganizationId, Vec<(SbomDocumentId, JobId)>) {
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::Manufacturer, "Crash Test Medical")
        .await
        .unwrap();
    let product = tx
        .create_product(
            org.id,
            &NewProduct {
                name: "Pump".into(),
                ..NewProduct::default()
            },
        )
        .await
        .unwrap();
    let version = tx
        .create_product_version(org.id, product.id, &NewProductVersion::new("1.0"))
        .await
        .unwrap();
    let mut uploads = Vec::new();
    for bytes in sboms {
        let (new, _) = tplc_jobs::new_sbom(bytes, None).unwrap();
        let document = tx.create_sbom(org.id, version.id, &new).await.unwrap();
        let job = tx
            .enqueue_job(&tplc_jobs::ingest_job(org.id, document.id))
            .await
            .unwrap();
        uploads.push((document.id, job.id));
    }
    tx.commit().await.unwrap();
    (org.id, uploads)
}

/// A synthetic SBOM of `count` components with urllib3 1.26.15 added (one finding).
fn sbom_with_finding(count: usize, tag: usize) -> Vec<u8> {
    let mut bom: serde_json::Value =
        serde_json::from_slice(&tplc_test::synthetic_cyclonedx_json(count)).unwrap();
    let components = bom["components"].as_array_mut().unwrap();
    components.push(
        serde_json::json!({"type": "library", "bom-ref": format!("urllib3-{tag}"),
        "name": "urllib3", "version": "1.26.15", "purl": "pkg:pypi/urllib3@1.26.15"}),
    );
    serde_json::to_vec(&bom).unwrap()
}

#[test]
fn kill_9_during_an_ingestion_then_restart_completes_it_exactly_once() {
    const COMPONENTS: usize = 20_000;
    let dir = temporary_dir("serve-kill9");
    let data = dir.display().to_string();
    import_advisory(&dir.join("vulndb"));
    let rt = runtime();
    let store = rt.block_on(Store::open_default(&dir)).unwrap();
    let (org, uploads) = rt.block_on(seed(&store, vec![sbom_with_finding(COMPONENTS, 0)]));
    let (doc, job) = uploads[0];
    let expected = (COMPONENTS + 1) as i64;
    let url = format!("sqlite://{}/tplc.sqlite3", dir.display());

    // A watcher: the SBOM is pending with no components, or ready with all, never between.
    let (stop_watch, watch_stopped) = std::sync::mpsc::channel::<()>();
    let watch_url = url.clone();
    let watcher = std::thread::spawn(move || {
        let rt = runtime();
        rt.block_on(async {
            let pool = sqlx::SqlitePool::connect(&watch_url).await.unwrap();
            let mut observations = 0_u64;
            loop {
                let (state, count): (String, i64) = sqlx::query_as(
                    "SELECT d.state, (SELECT COUNT(*) FROM components k WHERE k.sbom_document_id = d.id) \
                     FROM sbom_documents d WHERE d.id = $1",
                )
                .bind(doc.get())
                .fetch_one(&pool)
                .await
                .unwrap();
                match state.as_str() {
                    "pending" => assert_eq!(count, 0, "a partial SBOM was visible"),
                    "ready" => assert_eq!(count, expected, "a partial SBOM was visible"),
                    other => panic!("SBOM became {other}"),
                }
                observations += 1;
                if watch_stopped.try_recv().is_ok() {
                    pool.close().await;
                    return observations;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    });

    let server = Server::start(&["--data-dir", &data, "--workers", "1"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let state = rt.block_on(store.job(org, job)).unwrap().state;
        if state == JobState::Running {
            break;
        }
        assert_eq!(state, JobState::Queued, "the job ended before the kill");
        assert!(
            Instant::now() < deadline,
            "the server never claimed the job"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(300));
    server.kill9();
    let held = rt.block_on(store.job(org, job)).unwrap();
    assert_eq!(held.state, JobState::Running, "killed mid-job: {held:?}");
    assert_eq!(
        rt.block_on(store.sbom_document_status(org, doc))
            .unwrap()
            .state,
        SbomState::Pending
    );

    let started = Instant::now();
    let server = Server::start(&["--data-dir", &data, "--workers", "1"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let done = loop {
        let state = rt.block_on(store.job(org, job)).unwrap();
        if state.state == JobState::Done {
            break state;
        }
        assert_ne!(state.state, JobState::Failed, "{state:?}");
        assert!(Instant::now() < deadline, "not resumed: {state:?}");
        std::thread::sleep(Duration::from_millis(50));
    };
    println!(
        "timing: resumed and completed {} ms after the restart",
        started.elapsed().as_millis()
    );
    server.stop();
    let _ = stop_watch.send(());
    let observations = watcher.join().unwrap();
    println!("watcher: {observations} observations, none partial");
    assert_eq!(done.attempts, 2);
    assert_eq!(
        rt.block_on(store.sbom_document(org, doc)).unwrap().state,
        SbomState::Ready
    );
    assert_eq!(
        rt.block_on(store.components(org, doc)).unwrap().len() as i64,
        expected
    );
    let findings = rt
        .block_on(store.findings(org, &FindingFilter::default()))
        .unwrap();
    assert_eq!(findings.len(), 1);
    let events = rt.block_on(store.audit_events(org, None, 1000)).unwrap();
    assert_eq!(
        events.iter().filter(|e| e.action == "sbom.ingest").count(),
        1
    );
    rt.block_on(store.close());
    let run = tplc(&["audit", "verify", "--data-dir", &data]);
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("audit chain verified: "),
        "{}",
        run.stdout
    );
}

#[test]
fn two_servers_on_one_postgres_database_run_each_of_100_ingestions_once() {
    const JOBS: usize = 100;
    let Ok(base) = std::env::var("TPLC_TEST_POSTGRES_URL") else {
        println!("skipped: TPLC_TEST_POSTGRES_URL not set (PostgreSQL scale-out test)");
        return;
    };
    let rt = runtime();
    let schema = format!("tplc_scale_{}", std::process::id());
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(&base).await.unwrap();
        sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options[search_path]={schema}");
    let dir = temporary_dir("serve-scale");
    let data = dir.display().to_string();
    import_advisory(&dir.join("vulndb"));
    let store = rt.block_on(Store::connect(&url)).unwrap();
    let sboms = (0..JOBS).map(|tag| sbom_with_finding(50, tag)).collect();
    let (org, uploads) = rt.block_on(seed(&store, sboms));

    let started = Instant::now();
    let servers = [
        Server::start(&[
            "--database-url",
            &url,
            "--data-dir",
            &data,
            "--workers",
            "2",
        ]),
        Server::start(&[
            "--database-url",
            &url,
            "--data-dir",
            &data,
            "--workers",
            "2",
        ]),
    ];
    let pids: Vec<u32> = servers.iter().map(|server| server.0.id()).collect();
    let deadline = Instant::now() + Duration::from_secs(300);
    while rt.block_on(store.count_jobs(JobState::Done)).unwrap() < JOBS as i64 {
        assert_eq!(rt.block_on(store.count_jobs(JobState::Failed)).unwrap(), 0);
        assert!(Instant::now() < deadline, "the queue was not drained");
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "timing: 100 ingestions drained by two servers in {} ms",
        started.elapsed().as_millis()
    );
    for server in servers {
        server.stop();
    }
    let mut per_process = std::collections::BTreeMap::<u32, usize>::new();
    for (_, job) in &uploads {
        let job = rt.block_on(store.job(org, *job)).unwrap();
        assert_eq!((job.state, job.attempts), (JobState::Done, 1), "{job:?}");
        let worker = job.worker.unwrap_or_default();
        let pid = pids
            .iter()
            .copied()
            .find(|pid| worker.contains(&format!(":{pid}/")))
            .unwrap_or(0);
        *per_process.entry(pid).or_default() += 1;
    }
    println!("jobs per server process: {per_process:?}");
    assert_eq!(
        per_process.len(),
        2,
        "both servers took jobs: {per_process:?}"
    );
    let count = |sql: &str| -> i64 {
        rt.block_on(async {
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        })
    };
    assert_eq!(count("SELECT COUNT(*) FROM findings"), JOBS as i64);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM (SELECT component_id, advisory_id FROM findings GROUP BY 1, 2 HAVING COUNT(*) > 1) d"
        ),
        0
    );
    assert_eq!(count("SELECT COUNT(*) FROM components"), (JOBS * 51) as i64);
    assert_eq!(
        count("SELECT COUNT(*) FROM sbom_documents WHERE state = 'ready'"),
        JOBS as i64
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_events WHERE action = 'sbom.ingest'"),
        JOBS as i64
    );
    for (doc, _) in &uploads {
        assert_eq!(rt.block_on(store.components(org, *doc)).unwrap().len(), 51);
    }
    rt.block_on(store.close());
    let run = tplc(&["audit", "verify", "--database-url", &url]);
    assert_eq!(run.code, 0, "{} {}", run.stdout, run.stderr);
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(&base).await.unwrap();
        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&pool)
            .await;
        pool.close().await;
    });
}
