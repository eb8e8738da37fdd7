//! A throwaway PostgreSQL server for the tests that need one: one cluster per test binary,
//! in a temporary directory owned by the `postgres` user, listening on 127.0.0.1 on a free
//! port and on no shared unix socket, stopped when the test process ends.
//!
//! The server binaries are looked for in `/usr/lib/postgresql/*/bin` (Debian's layout). When
//! they are missing and the tests run as root, Debian's `postgresql` package is installed;
//! otherwise the tests fail saying what to install. A missing server is never a skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The superuser the cluster is made with; it logs in from 127.0.0.1 without a password,
/// every other role with its SCRAM password.
pub const SUPERUSER: &str = "postgres";

/// The running cluster of this test binary.
pub struct Cluster {
    pub port: u16,
    pg_ctl: PathBuf,
    data: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();

/// The cluster of this test binary, started on first use.
pub fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(|| {
        let cluster = Cluster::start();
        // Statics are never dropped: the server is stopped when the process exits.
        unsafe { libc::atexit(stop_at_exit) };
        cluster
    })
}

extern "C" fn stop_at_exit() {
    if let Some(cluster) = CLUSTER.get() {
        cluster.stop();
    }
}

impl Cluster {
    fn start() -> Cluster {
        let bin = server_binaries();
        let as_postgres = unsafe { libc::geteuid() } == 0;
        let dir = tempfile::Builder::new()
            .prefix("cadence-pg-")
            .tempdir()
            .expect("a temporary directory for the cluster")
            .keep();
        if as_postgres {
            // The server refuses to run as root: the directory is the postgres user's.
            let (uid, gid) = postgres_ids();
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown to postgres");
        }
        let data = dir.join("data");
        let pg_ctl = bin.join("pg_ctl");
        let mut initdb = server_command(as_postgres, &bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                SUPERUSER,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .args(["-E", "UTF8", "--locale=C", "--no-sync"]);
        run_quietly(&mut initdb, "initdb");
        // Only the superuser logs in without a password, and only from the loopback.
        let hba = format!(
            "local all all trust\nhost all {SUPERUSER} 127.0.0.1/32 trust\n\
             host all all 127.0.0.1/32 scram-sha-256\n"
        );
        std::fs::write(data.join("pg_hba.conf"), hba).expect("pg_hba.conf");
        for _ in 0..5 {
            let port = free_port();
            let conf = format!(
                "\nport = {port}\nlisten_addresses = '127.0.0.1'\n\
                 unix_socket_directories = '{}'\nfsync = off\nmax_connections = 200\n",
                dir.display()
            );
            std::fs::write(data.join("postgresql.auto.conf"), conf).expect("server settings");
            let mut start = server_command(as_postgres, &pg_ctl);
            start
                .args(["start", "-w", "-t", "60", "-D"])
                .arg(&data)
                .arg("-l")
                .arg(dir.join("server.log"));
            if start
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
            {
                let cluster = Cluster {
                    port,
                    pg_ctl,
                    data,
                    dir,
                    as_postgres,
                };
                cluster.watch_for_the_end_of(std::process::id());
                return cluster;
            }
            // Another process took the port between the probe and the start: try another.
        }
        let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
        panic!("the test PostgreSQL did not start on five free ports:\n{log}");
    }

    /// Stops the server if this process is killed before its exit handler runs: a small
    /// watcher waits for the process to go, then stops the cluster and removes its files.
    /// Every value reaches the shell as an argument, never inside the script's text.
    fn watch_for_the_end_of(&self, pid: u32) {
        let script = r#"while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ -f "$3/postmaster.pid" ]; then
  if [ "$4" = yes ]; then runuser -u postgres -- "$2" stop -D "$3" -m fast -s
  else "$2" stop -D "$3" -m fast -s; fi
fi
rm -rf -- "$5""#;
        let _ = Command::new("sh")
            .args(["-c", script, "watch"])
            .arg(pid.to_string())
            .arg(&self.pg_ctl)
            .arg(&self.data)
            .arg(if self.as_postgres { "yes" } else { "no" })
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }

    fn stop(&self) {
        let mut stop = server_command(self.as_postgres, &self.pg_ctl);
        stop.args(["stop", "-m", "fast", "-s", "-D"])
            .arg(&self.data);
        let _ = stop.stdout(Stdio::null()).stderr(Stdio::null()).status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// A URL for `user` on `database`, without a password.
    pub fn url(&self, user: &str, database: &str) -> String {
        format!("postgresql://{user}@127.0.0.1:{}/{database}", self.port)
    }

    /// A superuser connection to `database`.
    pub fn superuser(&self, database: &str) -> ::postgres::Client {
        self.connect(SUPERUSER, None, database)
    }

    /// A connection as `user` with `password`, through plain SQL.
    pub fn connect(
        &self,
        user: &str,
        password: Option<&str>,
        database: &str,
    ) -> ::postgres::Client {
        let mut config = ::postgres::Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user(user)
            .dbname(database)
            .connect_timeout(std::time::Duration::from_secs(10));
        if let Some(password) = password {
            config.password(password);
        }
        config
            .connect(::postgres::NoTls)
            .unwrap_or_else(|e| panic!("connecting as {user} to {database}: {e}"))
    }

    /// A fresh, empty database of this name, for one test.
    pub fn fresh_database(&self, name: &str) -> String {
        let mut admin = self.superuser("postgres");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .expect("drop the old test database");
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create the test database");
        name.to_string()
    }
}

/// The newest `/usr/lib/postgresql/N/bin` holding `initdb`, installing Debian's package when
/// there is none and the tests run as root.
fn server_binaries() -> PathBuf {
    if let Some(bin) = find_server_binaries() {
        return bin;
    }
    let root = unsafe { libc::geteuid() } == 0;
    if !root {
        panic!(
            "the tests need the PostgreSQL server (initdb and pg_ctl in /usr/lib/postgresql/*/bin): \
             install it with `sudo apt-get install postgresql`, or run the tests as root to have \
             them install it"
        );
    }
    for args in [
        &["install", "-y", "-q", "postgresql"][..],
        &["update", "-q"][..],
        &["install", "-y", "-q", "postgresql"][..],
    ] {
        let status = Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(Stdio::null())
            .status();
        if args[0] == "install" && status.is_ok_and(|s| s.success()) {
            break;
        }
    }
    find_server_binaries().unwrap_or_else(|| {
        panic!("`apt-get install -y postgresql` did not give initdb in /usr/lib/postgresql/*/bin")
    })
}

fn find_server_binaries() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn server_command(as_postgres: bool, program: &Path) -> Command {
    if as_postgres {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run_quietly(command: &mut Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn postgres_ids() -> (u32, u32) {
    let name = std::ffi::CString::new("postgres").unwrap();
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    assert!(
        !entry.is_null(),
        "the postgresql package makes a `postgres` user; there is none"
    );
    unsafe { ((*entry).pw_uid, (*entry).pw_gid) }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}
