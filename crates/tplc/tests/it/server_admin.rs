//! `tplc admin create`, `tplc token create`, `tplc audit verify` against SQLite and, when
//! `TPLC_TEST_POSTGRES_URL` is set, PostgreSQL.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::support::{Run, temporary_dir, tplc};

const PASSWORD: &str = "amber-violet-kettle-93-orbit";

/// Runs `tplc` with `input` on standard input.
fn tplc_input(arguments: &[&str], input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tplc"))
        .args(arguments)
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tplc binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs SQL against the database behind the CLI's back.
fn sql(url: &str, statement: &str) -> Vec<String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use sqlx::Row as _;
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows.iter()
                .map(|row| row.try_get::<String, _>(0).unwrap_or_default())
                .collect()
        } else {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let rows = sqlx::query(statement).fetch_all(&pool).await.unwrap();
            pool.close().await;
            rows.iter()
                .map(|row| row.try_get::<String, _>(0).unwrap_or_default())
                .collect()
        }
    })
}

/// The admin, token and audit commands against one database: `location` are the CLI flags,
/// `url` the same database for direct SQL.
fn admin_token_audit(location: &[&str], url: &str) {
    let with = |arguments: &[&str]| -> Vec<String> {
        arguments
            .iter()
            .chain(location)
            .map(|s| (*s).to_owned())
            .collect()
    };
    let args = with(&[
        "admin",
        "create",
        "--username",
        "alice",
        "--password-stdin",
        "--org",
        "Acme Medical",
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = tplc_input(&refs, &format!("{PASSWORD}\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("created administrator \"alice\""),
        "{}",
        run.stdout
    );
    // The password is stored as an argon2id hash, never in the clear.
    let hashes = sql(
        url,
        "SELECT password_hash FROM users WHERE username = 'alice'",
    );
    assert!(hashes[0].starts_with("$argon2id$"), "{hashes:?}");
    assert!(!hashes[0].contains(PASSWORD));

    // Taken names and weak passwords are refused with one line.
    let run = tplc_input(&refs, &format!("{PASSWORD}\n"));
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("taken"), "{}", run.stderr);
    let args = with(&["admin", "create", "--username", "bobby", "--password-stdin"]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    for weak in ["short\n", "password1234\n", "my-name-is-bobby-ok\n", "\n"] {
        let run = tplc_input(&refs, weak);
        assert_eq!(run.code, 2, "{weak:?} accepted");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }

    let args = with(&[
        "token",
        "create",
        "--username",
        "alice",
        "--role",
        "editor",
        "--org",
        "Acme Medical",
    ]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = tplc(&refs);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let token = run.stdout.trim();
    assert!(tplc_auth::looks_like_token(token), "{token}");
    assert!(run.stderr.contains("shown only this once"));
    let stored = sql(url, "SELECT token_hash FROM api_tokens");
    assert_eq!(stored, vec![tplc_auth::token_hash(token).to_hex()]);
    let roles = sql(url, "SELECT role FROM api_tokens");
    assert_eq!(roles, vec!["editor".to_owned()]);
    for (org, user, expected) in [
        ("Nobody Inc", "alice", "no organization"),
        ("Acme Medical", "mallory", "no user"),
    ] {
        let args = with(&[
            "token",
            "create",
            "--username",
            user,
            "--role",
            "viewer",
            "--org",
            org,
        ]);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = tplc(&refs);
        assert_eq!(run.code, 2);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }

    let args = with(&["audit", "verify"]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = tplc(&refs);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // user.create, organization.create, membership.add, token.create
    assert_eq!(run.stdout.trim(), "audit chain verified: 4 events");
    let actions = sql(url, "SELECT action FROM audit_events ORDER BY id");
    assert_eq!(
        actions,
        [
            "user.create",
            "organization.create",
            "membership.add",
            "token.create"
        ]
    );

    // Tampering with a stored event is found and named.
    sql(
        url,
        "UPDATE audit_events SET actor = 'mallory' WHERE action = 'membership.add'",
    );
    let ids = sql(
        url,
        "SELECT CAST(id AS TEXT) FROM audit_events WHERE action = 'membership.add'",
    );
    let run = tplc(&refs);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .starts_with(&format!("audit chain broken at event {}:", ids[0])),
        "{}",
        run.stdout
    );
}

#[test]
fn admin_token_and_audit_commands_on_sqlite() {
    let dir = temporary_dir("server-admin");
    let data = dir.display().to_string();
    let url = format!("sqlite://{}/tplc.sqlite3", dir.display());
    admin_token_audit(&["--data-dir", &data], &url);
}

#[test]
fn admin_token_and_audit_commands_on_postgres() {
    let Ok(base) = std::env::var("TPLC_TEST_POSTGRES_URL") else {
        println!("skipped: TPLC_TEST_POSTGRES_URL not set (PostgreSQL tests)");
        return;
    };
    let schema = format!("tplc_cli_test_{}", std::process::id());
    sql(&base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
    sql(&base, &format!("CREATE SCHEMA {schema}"));
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options[search_path]={schema}");
    admin_token_audit(&["--database-url", &url], &url);
    sql(&base, &format!("DROP SCHEMA {schema} CASCADE"));
}

#[test]
fn a_password_is_never_taken_as_an_argument_and_bad_urls_are_one_line() {
    let run = tplc(&["admin", "create", "--username", "x"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--password-stdin"), "{}", run.stderr);
    let run = tplc(&["audit", "verify", "--database-url", "mysql://nowhere/x"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("sqlite: or postgres:"),
        "{}",
        run.stderr
    );
}
