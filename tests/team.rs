//! The organisation's view on a real PostgreSQL (tests/support/postgres.rs starts one for
//! this binary): the admin's commands, row security under each manager's own login, `team
//! status`, and each way a connection fails, through the real binary.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use support::postgres::{Cluster, cluster};
use support::{stderr, stdout};

const MAYA_PW: &str = "maya's pass: 'quoted'; --";
const LEE_PW: &str = "lee-pass";

/// The binary with no team settings leaking in from the machine.
fn cadence(dir: &Path) -> Command {
    let mut cmd = support::cadence(dir);
    for var in [
        "CADENCE_TEAM_URL",
        "CADENCE_TEAM_MANAGER",
        "CADENCE_TEAM_ROLE",
        "PGPASSWORD",
        "PGPASSFILE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn run(cmd: &mut Command, input: Option<&str>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cadence runs");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}{}",
        out.status.code(),
        stdout(out),
        stderr(out)
    );
    stdout(out)
}

/// A database of its own for one test, with the schema on it.
fn initialised(pg: &Cluster, dir: &Path, name: &str) -> String {
    let db = pg.fresh_database(name);
    ok(&run(
        cadence(dir).args(["team", "admin", "init", "--url", &pg.url("postgres", &db)]),
        None,
    ));
    db
}

fn add(
    pg: &Cluster,
    dir: &Path,
    db: &str,
    what: &str,
    (name, role): (&str, &str),
    leader: Option<&str>,
    pw: &str,
) -> Output {
    let url = pg.url("postgres", db);
    let mut cmd = cadence(dir);
    cmd.args([
        "team",
        "admin",
        what,
        name,
        "--role",
        role,
        "--password-stdin",
        "--url",
        &url,
    ]);
    if let Some(leader) = leader {
        cmd.args(["--leader", leader]);
    }
    run(&mut cmd, Some(&format!("{pw}\n")))
}

/// `team status` as `role` with its password in PGPASSWORD.
fn status(
    pg: &Cluster,
    dir: &Path,
    db: &str,
    role: &str,
    manager: &str,
    extra: &[(&str, &str)],
) -> Output {
    let mut cmd = cadence(dir);
    cmd.args(["team", "status"])
        .env("CADENCE_TEAM_URL", pg.url(role, db))
        .env("CADENCE_TEAM_MANAGER", manager);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    run(&mut cmd, None)
}

fn one_line_refusal(out: &Output, code: i32, words: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    for w in words {
        assert!(err.contains(w), "expected '{w}' in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn init_makes_the_schema_and_a_second_init_changes_nothing() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = pg.fresh_database("t_init");
    let url = pg.url("postgres", &db);
    let first = ok(&run(
        cadence(dir.path()).args(["team", "admin", "init", "--url", &url]),
        None,
    ));
    assert!(
        first.contains("version 1") && first.contains("V1__team_schema"),
        "{first}"
    );
    let mut admin = pg.superuser(&db);
    let snapshot = |admin: &mut postgres::Client| -> Vec<String> {
        let rows = admin
            .query(
                "SELECT format('%s %s', tablename, rowsecurity) FROM pg_tables WHERE schemaname = 'public' \
                 UNION ALL SELECT format('policy %s %s', tablename, policyname) FROM pg_policies \
                 UNION ALL SELECT format('history %s %s', version, applied_on) FROM refinery_schema_history \
                 UNION ALL SELECT format('version %s', version) FROM schema_version ORDER BY 1",
                &[],
            )
            .unwrap();
        rows.iter().map(|r| r.get(0)).collect()
    };
    let before = snapshot(&mut admin);
    for table in [
        "managers",
        "meetings",
        "one_on_ones",
        "ratings",
        "scorecards",
        "criterion_scores",
        "action_items",
        "coach_results",
        "calibration_calls",
        "calibration_scores",
        "shared_texts",
    ] {
        assert!(
            before.contains(&format!("{table} t")),
            "{table} with row security: {before:?}"
        );
    }
    // Every table but the schema's own bookkeeping has a primary key starting with manager_id.
    let keys: Vec<(String, String)> = admin
        .query(
            "SELECT c.relname::text, a.attname::text FROM pg_constraint k \
             JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1] \
             WHERE k.contype = 'p' AND n.nspname = 'public' \
             AND c.relname NOT IN ('schema_version', 'refinery_schema_history')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(keys.len(), 12, "{keys:?}");
    assert!(
        keys.iter().all(|(_, column)| column == "manager_id"),
        "{keys:?}"
    );
    let second = ok(&run(
        cadence(dir.path()).args(["team", "admin", "init", "--url", &url]),
        None,
    ));
    assert!(second.contains("already: nothing changed"), "{second}");
    assert_eq!(snapshot(&mut admin), before);
}

#[test]
fn managers_and_leaders_get_logins_that_connect_and_are_not_superusers() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = initialised(pg, dir.path(), "t_roles");
    // The contract's order: the manager first, naming a leader who has no login yet.
    let out = ok(&add(
        pg,
        dir.path(),
        &db,
        "add-manager",
        ("Maya Chen", "maya_r"),
        Some("Lee Park"),
        MAYA_PW,
    ));
    assert!(
        out.contains("added Maya Chen as a manager with login role maya_r, reporting to Lee Park"),
        "{out}"
    );
    assert!(out.contains("Lee Park was not on the team server"), "{out}");
    let out = ok(&add(
        pg,
        dir.path(),
        &db,
        "add-leader",
        ("Lee Park", "lee_r"),
        None,
        LEE_PW,
    ));
    assert!(
        out.contains("added Lee Park as a leader with login role lee_r"),
        "{out}"
    );
    let mut admin = pg.superuser(&db);
    let rows = admin
        .query(
            "SELECT m.name, m.kind, m.role_name, l.name, r.rolsuper, r.rolcreaterole, r.rolcanlogin \
             FROM managers m LEFT JOIN managers l ON l.manager_id = m.leader_id \
             JOIN pg_roles r ON r.rolname = m.role_name ORDER BY m.name",
            &[],
        )
        .unwrap();
    // Name, kind, role, leader, superuser, may create roles, may log in.
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            let leader: Option<String> = r.get(3);
            let flags: [bool; 3] = [r.get(4), r.get(5), r.get(6)];
            format!(
                "{} {} {} {leader:?} {flags:?}",
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, String>(2)
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Lee Park leader lee_r None [false, false, true]",
            "Maya Chen manager maya_r Some(\"Lee Park\") [false, false, true]",
        ]
    );
    // The password with quotes and a comment marker is the password, and nothing else is.
    pg.connect("maya_r", Some(MAYA_PW), &db);
    // Adding the same role again is refused as bad input, and changes nothing.
    let again = add(
        pg,
        dir.path(),
        &db,
        "add-manager",
        ("Sam Ortiz", "maya_r"),
        None,
        "x",
    );
    one_line_refusal(&again, 2, &["--role maya_r", "exists"]);
    let count: i64 = admin
        .query_one("SELECT count(*) FROM managers", &[])
        .unwrap()
        .get(0);
    assert_eq!(count, 2);
    // A role name that is not a safe identifier never reaches the server.
    let bad = add(
        pg,
        dir.path(),
        &db,
        "add-manager",
        ("Sam Ortiz", "sam\"; DROP TABLE managers; --"),
        None,
        "x",
    );
    one_line_refusal(&bad, 2, &["lower-case letters"]);
    // Without --password-stdin nothing is made.
    let url = pg.url("postgres", &db);
    let no_stdin = run(
        cadence(dir.path()).args([
            "team",
            "admin",
            "add-manager",
            "Sam Ortiz",
            "--role",
            "sam_r",
            "--url",
            &url,
        ]),
        None,
    );
    one_line_refusal(&no_stdin, 2, &["--password-stdin"]);
    let sam: i64 = admin
        .query_one("SELECT count(*) FROM pg_roles WHERE rolname = 'sam_r'", &[])
        .unwrap()
        .get(0);
    assert_eq!(sam, 0);
}

/// Two leaders, each with a manager, and a second-line leader over one of them.
fn org(pg: &Cluster, dir: &Path, name: &str) -> String {
    let db = initialised(pg, dir, name);
    let p = |s: &str| format!("{s}_{name}");
    ok(&add(
        pg,
        dir,
        &db,
        "add-leader",
        ("Vic Stone", &p("vic")),
        None,
        LEE_PW,
    ));
    ok(&add(
        pg,
        dir,
        &db,
        "add-leader",
        ("Lee Park", &p("lee")),
        Some("Vic Stone"),
        LEE_PW,
    ));
    ok(&add(
        pg,
        dir,
        &db,
        "add-manager",
        ("Maya Chen", &p("maya")),
        Some("Lee Park"),
        MAYA_PW,
    ));
    ok(&add(
        pg,
        dir,
        &db,
        "add-leader",
        ("Ana Ruiz", &p("ana")),
        None,
        LEE_PW,
    ));
    ok(&add(
        pg,
        dir,
        &db,
        "add-manager",
        ("Ben Okafor", &p("ben")),
        Some("Ana Ruiz"),
        MAYA_PW,
    ));
    db
}

fn insert_meeting(client: &mut postgres::Client, meeting: &str) -> Result<u64, postgres::Error> {
    client.execute(
        "INSERT INTO meetings (manager_id, meeting_id, kind, status, planned_at, minutes) \
         VALUES (cadence_me(), $1, 'one_on_one', 'held', now(), 30)",
        &[&meeting],
    )
}

fn meetings_seen(client: &mut postgres::Client) -> Vec<String> {
    client
        .query("SELECT meeting_id FROM meetings ORDER BY meeting_id", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn each_login_reads_and_writes_its_own_rows_and_a_leader_reads_its_tree_only() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "rls");
    let mut maya = pg.connect("maya_rls", Some(MAYA_PW), &db);
    let mut ben = pg.connect("ben_rls", Some(MAYA_PW), &db);
    let mut lee = pg.connect("lee_rls", Some(LEE_PW), &db);
    let mut vic = pg.connect("vic_rls", Some(LEE_PW), &db);
    let mut ana = pg.connect("ana_rls", Some(LEE_PW), &db);
    assert_eq!(insert_meeting(&mut maya, "maya-1").unwrap(), 1);
    assert_eq!(insert_meeting(&mut ben, "ben-1").unwrap(), 1);
    // A manager reads only their own rows.
    assert_eq!(meetings_seen(&mut maya), ["maya-1"]);
    assert_eq!(meetings_seen(&mut ben), ["ben-1"]);
    // ... and cannot write another's: not as theirs, not over theirs, not away.
    let ben_id: i64 = ben.query_one("SELECT cadence_me()", &[]).unwrap().get(0);
    let forged = maya.execute(
        "INSERT INTO meetings (manager_id, meeting_id, kind, status, planned_at) VALUES ($1, 'forged', 'one_on_one', 'held', now())",
        &[&ben_id],
    );
    let err = forged.unwrap_err();
    assert!(
        err.as_db_error()
            .unwrap()
            .message()
            .contains("row-level security"),
        "{err}"
    );
    assert_eq!(
        maya.execute(
            "UPDATE meetings SET minutes = 1 WHERE meeting_id = 'ben-1'",
            &[]
        )
        .unwrap(),
        0
    );
    assert_eq!(
        maya.execute("DELETE FROM meetings WHERE meeting_id = 'ben-1'", &[])
            .unwrap(),
        0
    );
    let moved = maya.execute(
        "UPDATE meetings SET manager_id = $1 WHERE meeting_id = 'maya-1'",
        &[&ben_id],
    );
    assert!(moved.is_err(), "moving a row to another manager is refused");
    // Nor change who is who.
    assert!(
        maya.execute("UPDATE managers SET leader_id = NULL", &[])
            .is_err()
    );
    assert!(
        maya.execute("UPDATE schema_version SET version = 9", &[])
            .is_err()
    );
    // A leader reads the managers under them, transitively, and not another leader's.
    assert_eq!(meetings_seen(&mut lee), ["maya-1"]);
    assert_eq!(meetings_seen(&mut vic), ["maya-1"]);
    assert_eq!(meetings_seen(&mut ana), ["ben-1"]);
    // ... and writes none of their rows.
    assert_eq!(
        lee.execute("UPDATE meetings SET minutes = 1", &[]).unwrap(),
        0
    );
    assert_eq!(lee.execute("DELETE FROM meetings", &[]).unwrap(), 0);
    let maya_id: i64 = maya.query_one("SELECT cadence_me()", &[]).unwrap().get(0);
    assert!(lee
        .execute(
            "INSERT INTO meetings (manager_id, meeting_id, kind, status, planned_at) VALUES ($1, 'by-lee', 'one_on_one', 'held', now())",
            &[&maya_id],
        )
        .is_err());
    let names = |c: &mut postgres::Client| -> Vec<String> {
        c.query("SELECT name FROM managers ORDER BY name", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect()
    };
    assert_eq!(names(&mut ana), ["Ana Ruiz", "Ben Okafor"]);
    assert_eq!(names(&mut vic), ["Lee Park", "Maya Chen", "Vic Stone"]);
    assert_eq!(meetings_seen(&mut pg.superuser(&db)), ["ben-1", "maya-1"]);
}

#[test]
fn status_says_who_is_connected_and_what_leaves_without_the_password_or_url() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "status");
    let pw = [("PGPASSWORD", MAYA_PW)];
    let text = ok(&status(
        pg,
        dir.path(),
        &db,
        "maya_status",
        "Maya Chen",
        &pw,
    ));
    let server = format!("maya_status@127.0.0.1:{}/{db}", pg.port);
    assert!(
        text.contains(&format!(
            "connected as Maya Chen (manager, role maya_status) to {server}"
        )),
        "{text}"
    );
    assert!(
        text.contains("server: PostgreSQL 1")
            && text.contains("team schema version 1 (this cadence knows 1)"),
        "{text}"
    );
    assert!(
        text.contains("meetings") && text.contains("planned/held/canceled/missed/moved"),
        "{text}"
    );
    assert!(
        text.contains("stay here (share_text is off in [team])"),
        "{text}"
    );
    assert!(text.contains("Never: private notes."), "{text}");
    assert!(
        !text.contains(MAYA_PW) && !text.contains("postgresql://"),
        "{text}"
    );
    // The opt-in from the config file, and JSON for scripts.
    std::fs::write(
        dir.path().join("config.toml"),
        "[team]\nshare_text = true\n",
    )
    .unwrap();
    let mut cmd = cadence(dir.path());
    cmd.args(["team", "status", "--format", "json"])
        .env("CADENCE_TEAM_URL", pg.url("lee_status", &db))
        .env("CADENCE_TEAM_MANAGER", "Lee Park")
        .env("CADENCE_TEAM_ROLE", "leader")
        .env("PGPASSWORD", LEE_PW);
    let json: serde_json::Value = serde_json::from_str(&ok(&run(&mut cmd, None))).unwrap();
    assert_eq!(json["manager"], "Lee Park");
    assert_eq!(json["role"], "leader");
    assert_eq!(json["managers_below"], 1);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["share_text"], true);
    assert_eq!(json["never"], "private notes");
    assert!(
        json["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kind"] == "scorecards")
    );
    assert!(!json.to_string().contains(LEE_PW));
}

#[test]
fn a_password_file_is_used_at_0600_and_refused_when_others_may_read_it() {
    use std::os::unix::fs::PermissionsExt;
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "pgpass");
    let file = dir.path().join("pgpass");
    let line = format!(
        "127.0.0.1:{}:{db}:maya_pgpass:{}\n",
        pg.port,
        MAYA_PW.replace(':', "\\:")
    );
    std::fs::write(&file, line).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let via = [("PGPASSFILE", file.to_str().unwrap())];
    ok(&status(
        pg,
        dir.path(),
        &db,
        "maya_pgpass",
        "Maya Chen",
        &via,
    ));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = status(pg, dir.path(), &db, "maya_pgpass", "Maya Chen", &via);
    one_line_refusal(&out, 1, &["mode 0644", "chmod 600"]);
    assert!(!stderr(&out).contains(MAYA_PW));
}

#[test]
fn each_way_a_connection_fails_is_one_line_with_its_exit_code_and_the_file_untouched() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "errors");
    let local = support::demo_db(dir.path());
    let before = std::fs::read(&local).unwrap();
    let pw = [("PGPASSWORD", MAYA_PW), ("CADENCE_DB", local.as_str())];
    let server = format!("maya_errors@127.0.0.1:{}/{db}", pg.port);

    // A bad URL: exit 2, the text not repeated.
    let mut cmd = cadence(dir.path());
    cmd.args(["team", "status"])
        .env("CADENCE_TEAM_URL", "postgresql://maya:hunter2@db/sales")
        .env("CADENCE_TEAM_MANAGER", "Maya Chen");
    let out = run(&mut cmd, None);
    one_line_refusal(
        &out,
        2,
        &[
            "CADENCE_TEAM_URL",
            "holds a password",
            "postgresql://USER@HOST:PORT/DATABASE",
        ],
    );
    assert!(!stderr(&out).contains("hunter2"));
    let out = run(
        cadence(dir.path()).args(["team", "admin", "init", "--url", "mysql://root@db/x"]),
        None,
    );
    one_line_refusal(&out, 2, &["--url", "not a PostgreSQL URL"]);

    // A manager the server does not know under this role: exit 2.
    let out = status(pg, dir.path(), &db, "maya_errors", "Mia Chen", &pw);
    one_line_refusal(
        &out,
        2,
        &["no manager 'Mia Chen' for role maya_errors", "Maya Chen"],
    );
    let out = status(
        pg,
        dir.path(),
        &db,
        "maya_errors",
        "Maya Chen",
        &[pw[0], ("CADENCE_TEAM_ROLE", "leader")],
    );
    one_line_refusal(
        &out,
        2,
        &[
            "Maya Chen is a manager on the team server",
            "role = \"manager\"",
        ],
    );

    // The wrong password: exit 1.
    let out = status(
        pg,
        dir.path(),
        &db,
        "maya_errors",
        "Maya Chen",
        &[("PGPASSWORD", "wrong")],
    );
    one_line_refusal(&out, 1, &["refused the login of", &server]);
    assert!(!stderr(&out).contains("wrong\n"));
    // No password at all: said, exit 1.
    let out = status(pg, dir.path(), &db, "maya_errors", "Maya Chen", &[]);
    one_line_refusal(
        &out,
        1,
        &["for a password, and there is none", "PGPASSWORD"],
    );

    // TLS asked for from a server that has none: refused, never sent in plain text.
    let mut cmd = cadence(dir.path());
    cmd.args(["team", "status"])
        .env(
            "CADENCE_TEAM_URL",
            format!("{}?sslmode=require", pg.url("maya_errors", &db)),
        )
        .env("CADENCE_TEAM_MANAGER", "Maya Chen")
        .env("PGPASSWORD", MAYA_PW);
    let out = run(&mut cmd, None);
    one_line_refusal(&out, 1, &["does not offer TLS", "sslmode=require"]);
    assert!(!stderr(&out).contains(MAYA_PW));

    // A server that is down: exit 1, at once.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut cmd = cadence(dir.path());
    cmd.args(["team", "status"])
        .env(
            "CADENCE_TEAM_URL",
            format!("postgresql://maya@127.0.0.1:{port}/sales"),
        )
        .env("CADENCE_TEAM_MANAGER", "Maya Chen")
        .env("PGPASSWORD", MAYA_PW);
    let out = run(&mut cmd, None);
    one_line_refusal(
        &out,
        1,
        &[
            "cannot reach the team server at maya@127.0.0.1",
            "connection refused",
        ],
    );

    // A server whose schema is newer than this cadence knows: exit 1, for status and init.
    pg.superuser(&db)
        .execute("UPDATE schema_version SET version = 99", &[])
        .unwrap();
    let out = status(pg, dir.path(), &db, "maya_errors", "Maya Chen", &pw);
    one_line_refusal(
        &out,
        1,
        &[
            "schema version 99, newer than this cadence knows (1)",
            "upgrade cadence",
        ],
    );
    let out = run(
        cadence(dir.path()).args(["team", "admin", "init", "--url", &pg.url("postgres", &db)]),
        None,
    );
    one_line_refusal(&out, 1, &["schema version 99", "upgrade cadence"]);

    assert_eq!(
        std::fs::read(&local).unwrap(),
        before,
        "the local file is untouched"
    );
}

#[test]
fn a_server_that_never_answers_times_out_instead_of_hanging() {
    // A listener that accepts and says nothing: the connect timeout must end the wait.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cadence(dir.path());
    cmd.args(["team", "status"])
        .env(
            "CADENCE_TEAM_URL",
            format!("postgresql://maya@127.0.0.1:{port}/sales?connect_timeout=2"),
        )
        .env("CADENCE_TEAM_MANAGER", "Maya Chen");
    let started = std::time::Instant::now();
    let out = run(&mut cmd, None);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    one_line_refusal(&out, 1, &["did not answer in time"]);
    drop(silent);
}

// --- team push: the outbox drained into the server -------------------------------------

/// The kinds a push fills, in the order the counts are compared.
const PUSHED_TABLES: &[&str] = &[
    "sellers",
    "meetings",
    "one_on_ones",
    "ratings",
    "scorecards",
    "criterion_scores",
    "action_items",
    "shared_texts",
];

/// The demo team written to `dir/cadence.db`, through the binary.
fn demo(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("cadence.db");
    ok(&run(
        cadence(dir).args(["demo", "--db", path.to_str().unwrap()]),
        None,
    ));
    path
}

/// `cadence team <args> --db FILE` as `role` (its password in PGPASSWORD), for `manager`.
fn as_manager(
    pg: &Cluster,
    dir: &Path,
    db: &str,
    (role, manager): (&str, &str),
    file: &Path,
    args: &[&str],
) -> Command {
    let mut cmd = cadence(dir);
    cmd.args(["--db", file.to_str().unwrap(), "team"])
        .args(args)
        .env("CADENCE_TEAM_URL", pg.url(role, db))
        .env("CADENCE_TEAM_MANAGER", manager)
        .env("PGPASSWORD", MAYA_PW);
    cmd
}

fn push(pg: &Cluster, dir: &Path, db: &str, who: (&str, &str), file: &Path) -> Output {
    run(&mut as_manager(pg, dir, db, who, file, &["push"]), None)
}

fn local_count(file: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(file).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// What the demo file holds of each pushed kind, in `PUSHED_TABLES` order (shared texts
/// counted as the caller says).
fn local_counts(file: &Path, shared_texts: i64) -> Vec<i64> {
    vec![
        local_count(file, "SELECT count(*) FROM sellers"),
        local_count(file, "SELECT count(*) FROM meetings"),
        local_count(file, "SELECT count(*) FROM one_on_ones"),
        local_count(
            file,
            "SELECT count(*) FROM one_on_ones WHERE rating IS NOT NULL",
        ),
        local_count(
            file,
            "SELECT count(*) FROM scorecards WHERE state = 'finished'",
        ),
        local_count(
            file,
            "SELECT count(*) FROM scores s JOIN scorecards c ON c.id = s.scorecard_id \
             WHERE c.state = 'finished' AND s.mark IS NOT NULL",
        ),
        local_count(file, "SELECT count(*) FROM action_items"),
        shared_texts,
    ]
}

/// The rows of each pushed kind on the server for one manager, as the superuser sees them.
fn server_counts(admin: &mut postgres::Client, manager: &str) -> Vec<i64> {
    PUSHED_TABLES
        .iter()
        .map(|table| {
            admin
                .query_one(
                    &format!(
                        "SELECT count(*) FROM {table} t JOIN managers m USING (manager_id) \
                         WHERE m.name = $1"
                    ),
                    &[&manager],
                )
                .unwrap()
                .get(0)
        })
        .collect()
}

/// Every row of every pushed table, as text: two equal snapshots mean nothing changed.
fn server_rows(admin: &mut postgres::Client) -> Vec<String> {
    let mut rows = Vec::new();
    for table in PUSHED_TABLES {
        for row in admin
            .query(
                &format!("SELECT t::text FROM {table} t ORDER BY t::text"),
                &[],
            )
            .unwrap()
        {
            rows.push(format!("{table} {}", row.get::<_, String>(0)));
        }
    }
    rows
}

#[test]
fn the_demo_pushed_twice_arrives_once_and_status_shows_the_outbox() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "push_twice");
    let file = demo(dir.path());
    let maya = ("maya_push_twice", "Maya Chen");
    let entries = local_count(&file, "SELECT count(*) FROM team_outbox");
    assert!(entries > 300, "the demo fills the outbox: {entries}");
    let before = ok(&run(
        &mut as_manager(pg, dir.path(), &db, maya, &file, &["status"]),
        None,
    ));
    assert!(
        before.contains(&format!(
            "outbox: {} changes pending, last push never",
            cadence::text::thousands(entries)
        )),
        "{before}"
    );
    let first = ok(&push(pg, dir.path(), &db, maya, &file));
    assert_eq!(
        first.trim(),
        format!(
            "pushed {} changes (0 pending)",
            cadence::text::thousands(entries)
        )
    );
    let mut admin = pg.superuser(&db);
    let expected = local_counts(&file, 0);
    assert_eq!(server_counts(&mut admin, "Maya Chen"), expected);
    let rows = server_rows(&mut admin);
    let second = ok(&push(pg, dir.path(), &db, maya, &file));
    assert_eq!(second.trim(), "pushed 0 changes (0 pending)");
    assert_eq!(
        server_rows(&mut admin),
        rows,
        "a second push changes nothing"
    );
    // The server committed but the mark was lost (a crash between the two): everything goes
    // again, and is still there once.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "UPDATE app_state SET value = '0' WHERE key = 'team_pushed_seq'",
            [],
        )
        .unwrap();
    ok(&push(pg, dir.path(), &db, maya, &file));
    assert_eq!(server_rows(&mut admin), rows, "sent again, nothing doubled");
    let after = ok(&run(
        &mut as_manager(pg, dir.path(), &db, maya, &file, &["status"]),
        None,
    ));
    assert!(
        after.contains(&format!(
            "outbox: 0 changes pending, last push {}",
            support::NOW
        )),
        "{after}"
    );
    let mut json = as_manager(
        pg,
        dir.path(),
        &db,
        maya,
        &file,
        &["status", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&run(&mut json, None))).unwrap();
    assert_eq!(json["pending"], 0);
    assert_eq!(json["last_push"], support::NOW);
}

/// The server's (status, closed_on) of one action item of Maya's.
fn server_action(admin: &mut postgres::Client, id: i64) -> (String, Option<String>) {
    let row = admin
        .query_one(
            "SELECT status, closed_on::text FROM action_items WHERE action_id = $1",
            &[&id.to_string()],
        )
        .unwrap();
    (row.get(0), row.get(1))
}

#[test]
fn a_change_and_its_undo_push_the_correction() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "push_undo");
    let file = demo(dir.path());
    let maya = ("maya_push_undo", "Maya Chen");
    ok(&push(pg, dir.path(), &db, maya, &file));
    let id = local_count(
        &file,
        "SELECT min(id) FROM action_items WHERE status = 'open'",
    );
    let mut admin = pg.superuser(&db);
    assert_eq!(server_action(&mut admin, id), ("open".into(), None));
    ok(&run(
        cadence(dir.path()).args([
            "--db",
            file.to_str().unwrap(),
            "actions",
            "done",
            &id.to_string(),
        ]),
        None,
    ));
    let pushed = ok(&push(pg, dir.path(), &db, maya, &file));
    assert!(
        pushed.starts_with("pushed ") && pushed.contains("(0 pending)"),
        "{pushed}"
    );
    assert_eq!(
        server_action(&mut admin, id),
        ("done".into(), Some("2026-11-27".into()))
    );
    // The cockpit's undo, on the same file: the correction is just another change.
    let mut store = cadence::store::Store::open(&file).unwrap();
    assert!(store.undo_action_change().unwrap().is_some());
    drop(store);
    ok(&push(pg, dir.path(), &db, maya, &file));
    assert_eq!(server_action(&mut admin, id), ("open".into(), None));
    assert_eq!(
        server_counts(&mut admin, "Maya Chen"),
        local_counts(&file, 0)
    );
}

#[test]
fn a_server_refusing_partway_loses_nothing_and_doubles_nothing() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "push_refused");
    let file = demo(dir.path());
    let maya = ("maya_push_refused", "Maya Chen");
    let entries = local_count(&file, "SELECT count(*) FROM team_outbox");
    let first_action = local_count(
        &file,
        "SELECT min(seq) FROM team_outbox WHERE kind = 'action'",
    );
    assert!(
        first_action > 50,
        "actions come after the first batch: {first_action}"
    );
    let mut admin = pg.superuser(&db);
    admin
        .batch_execute("REVOKE INSERT, UPDATE ON action_items FROM cadence_team")
        .unwrap();
    let mut cmd = as_manager(pg, dir.path(), &db, maya, &file, &["push"]);
    cmd.env("CADENCE_TEAM_BATCH", "50");
    let refused = run(&mut cmd, None);
    one_line_refusal(
        &refused,
        1,
        &[
            "refused the push",
            "permission denied",
            "pending, sent again by the next push",
        ],
    );
    let pending = local_count(
        &file,
        "SELECT count(*) FROM team_outbox WHERE seq > \
         (SELECT CAST(value AS INTEGER) FROM app_state WHERE key = 'team_pushed_seq')",
    );
    assert!(
        pending > 0 && pending < entries,
        "batches before the refusal are marked: {pending}"
    );
    assert!(stderr(&refused).contains(&format!("{} pending", cadence::text::thousands(pending))));
    let sellers: i64 = admin
        .query_one("SELECT count(*) FROM sellers", &[])
        .unwrap()
        .get(0);
    assert_eq!(sellers, 8, "the committed batches stay");
    admin
        .batch_execute("GRANT INSERT, UPDATE ON action_items TO cadence_team")
        .unwrap();
    let resumed = ok(&run(&mut cmd, None));
    assert_eq!(
        resumed.trim(),
        format!(
            "pushed {} changes (0 pending)",
            cadence::text::thousands(pending)
        )
    );
    assert_eq!(
        server_counts(&mut admin, "Maya Chen"),
        local_counts(&file, 0)
    );
}

#[test]
fn a_server_that_is_down_leaves_every_change_pending() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo(dir.path());
    let entries = local_count(&file, "SELECT count(*) FROM team_outbox");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = cadence(dir.path());
    cmd.args(["--db", file.to_str().unwrap(), "team", "push"])
        .env(
            "CADENCE_TEAM_URL",
            format!("postgresql://maya@127.0.0.1:{port}/sales"),
        )
        .env("CADENCE_TEAM_MANAGER", "Maya Chen");
    one_line_refusal(&run(&mut cmd, None), 1, &["cannot reach the team server"]);
    let pending = local_count(
        &file,
        "SELECT count(*) FROM team_outbox WHERE seq > \
         (SELECT CAST(value AS INTEGER) FROM app_state WHERE key = 'team_pushed_seq')",
    );
    assert_eq!(pending, entries);
    cmd.env("CADENCE_TEAM_BATCH", "lots");
    one_line_refusal(
        &run(&mut cmd, None),
        2,
        &["CADENCE_TEAM_BATCH", "1 to 100000", "'lots'"],
    );
}

/// Every text (and text array) column of every table on the server holding `needle`.
fn text_columns_holding(admin: &mut postgres::Client, needle: &str) -> Vec<String> {
    let columns: Vec<(String, String)> = admin
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND (data_type = 'text' OR udt_name = '_text')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert!(columns.len() > 10, "{columns:?}");
    columns
        .into_iter()
        .filter(|(table, column)| {
            let sql = format!(
                "SELECT count(*) FROM \"{table}\" WHERE strpos(\"{column}\"::text, $1) > 0"
            );
            admin.query_one(&sql, &[&needle]).unwrap().get::<_, i64>(0) > 0
        })
        .map(|(t, c)| format!("{t}.{c}"))
        .collect()
}

fn local_texts(file: &Path, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(file).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn private_notes_never_leave_and_shared_texts_only_with_the_opt_in() {
    let pg = cluster();
    let db = org(pg, tempfile::tempdir().unwrap().path(), "push_private");
    // Maya keeps share_text off; Ben opts in, each with their own config and file.
    let maya_dir = tempfile::tempdir().unwrap();
    let ben_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        ben_dir.path().join("config.toml"),
        "[team]\nshare_text = true\n",
    )
    .unwrap();
    let maya_file = demo(maya_dir.path());
    let ben_file = demo(ben_dir.path());
    ok(&push(
        pg,
        maya_dir.path(),
        &db,
        ("maya_push_private", "Maya Chen"),
        &maya_file,
    ));
    ok(&push(
        pg,
        ben_dir.path(),
        &db,
        ("ben_push_private", "Ben Okafor"),
        &ben_file,
    ));
    let mut admin = pg.superuser(&db);
    let private = local_texts(
        &maya_file,
        "SELECT private_notes FROM agenda_items WHERE private_notes <> '' \
         UNION SELECT rating_comment FROM one_on_ones WHERE rating_comment <> '' \
         UNION SELECT title FROM action_items UNION SELECT cancel_reason FROM meetings \
         WHERE cancel_reason <> '' UNION SELECT motivation FROM sellers WHERE motivation <> ''",
    );
    assert!(private.len() > 5, "{private:?}");
    for text in &private {
        let found = text_columns_holding(&mut admin, text);
        assert!(found.is_empty(), "'{text}' is on the server in {found:?}");
    }
    let shared = local_texts(
        &ben_file,
        "SELECT notes FROM agenda_items WHERE notes <> '' \
         UNION SELECT evidence FROM scores s JOIN scorecards c ON c.id = s.scorecard_id \
         WHERE c.state = 'finished' AND trim(evidence) <> '' \
         UNION SELECT o.text FROM observations o JOIN scorecards c ON c.id = o.scorecard_id \
         WHERE c.state = 'finished'",
    );
    assert!(!shared.is_empty());
    for text in &shared {
        let owners: Vec<String> = admin
            .query(
                "SELECT DISTINCT m.name FROM shared_texts t JOIN managers m USING (manager_id) \
                 WHERE t.body = $1",
                &[text],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(owners, ["Ben Okafor"], "'{text}' is Ben's, who opted in");
    }
    let maya_shared = server_counts(&mut admin, "Maya Chen")[7];
    assert_eq!(maya_shared, 0, "Maya did not opt in");
}

#[test]
fn a_push_writes_only_its_own_managers_rows_even_with_the_same_local_ids() {
    let pg = cluster();
    let dir = tempfile::tempdir().unwrap();
    let db = org(pg, dir.path(), "push_rls");
    // Both files are the demo: the same local ids, which must never meet on the server.
    let maya_file = demo(dir.path());
    let ben_dir = tempfile::tempdir().unwrap();
    let ben_file = demo(ben_dir.path());
    let maya = ("maya_push_rls", "Maya Chen");
    ok(&push(
        pg,
        ben_dir.path(),
        &db,
        ("ben_push_rls", "Ben Okafor"),
        &ben_file,
    ));
    let mut admin = pg.superuser(&db);
    let ben_rows = server_rows(&mut admin);
    ok(&push(pg, dir.path(), &db, maya, &maya_file));
    let expected = local_counts(&maya_file, 0);
    assert_eq!(server_counts(&mut admin, "Maya Chen"), expected);
    assert_eq!(server_counts(&mut admin, "Ben Okafor"), expected);
    // Maya's own credentials, through plain SQL: Ben's rows are out of reach.
    let ben_id: i64 = admin
        .query_one(
            "SELECT manager_id FROM managers WHERE name = 'Ben Okafor'",
            &[],
        )
        .unwrap()
        .get(0);
    let mut maya_sql = pg.connect("maya_push_rls", Some(MAYA_PW), &db);
    let updated = maya_sql
        .execute(
            "UPDATE meetings SET status = 'canceled' WHERE manager_id = $1",
            &[&ben_id],
        )
        .unwrap();
    assert_eq!(updated, 0, "Ben's meetings are not Maya's to change");
    let forged = maya_sql.execute(
        "INSERT INTO meetings (manager_id, meeting_id, kind, status, planned_at) \
         VALUES ($1, 'forged', 'one_on_one', 'held', now())",
        &[&ben_id],
    );
    let error = forged.expect_err("row security refuses a row in Ben's name");
    let why = error.as_db_error().map(|db| db.message().to_string());
    assert!(
        why.as_deref()
            .is_some_and(|w| w.contains("row-level security")),
        "{error:?}"
    );
    let bens_after: Vec<String> = server_rows(&mut admin)
        .into_iter()
        .filter(|r| ben_rows.contains(r))
        .collect();
    assert_eq!(
        bens_after.len(),
        ben_rows.len(),
        "Ben's rows are all still there, unchanged"
    );
}
