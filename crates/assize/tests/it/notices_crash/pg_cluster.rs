//! A private PostgreSQL cluster, so restarting it disturbs no other test: `initdb` + `pg_ctl` on
//! a free loopback port for the restart test, stopped and removed by its drop guard.

use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use uuid::Uuid;

use super::process::{free_port, tail};

/// `initdb` into a temporary directory and `pg_ctl` on a free loopback port (as the `postgres`
/// user when the tests run as root, which PostgreSQL refuses). Stopped and removed when dropped.
pub(super) struct PgCluster {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    as_postgres: bool,
}

impl PgCluster {
    pub(super) fn start() -> PgCluster {
        let bin = pg_bin_dir();
        let as_postgres = std::fs::metadata("/proc/self")
            .map(|m| m.uid())
            .unwrap_or(1)
            == 0;
        let dir = std::env::temp_dir().join(format!("assize-pg-{}", Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).expect("cluster directory");
        let cluster = PgCluster {
            bin,
            dir,
            port: free_port(),
            as_postgres,
        };
        if as_postgres {
            let uid = id_of("-u");
            let gid = id_of("-g");
            std::os::unix::fs::chown(&cluster.dir, Some(uid), Some(gid)).expect("chown");
        }
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        cluster.pg_ctl(&["start"]);
        cluster
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    pub(super) fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl -D … -w <args>` with the cluster's port, socket directory and log.
    pub(super) fn pg_ctl(&self, args: &[&str]) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("log").display().to_string();
        let data = self.data();
        let mut all = vec!["-D", &data, "-w", "-t", "30", "-l", &log, "-o", &opts];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    pub(super) fn restart(&self, mode: &str) {
        self.pg_ctl(&["-m", mode, "restart"]);
    }

    /// `<bin>/<program>`, run as the `postgres` user when the tests run as root.
    fn command(&self, program: &str) -> (PathBuf, Command) {
        let exe = self.bin.join(program);
        let cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        (exe, cmd)
    }

    fn run(&self, program: &str, args: &[&str]) {
        let (exe, mut cmd) = self.command(program);
        let out = cmd
            .args(args)
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("run {}: {e}", exe.display()));
        assert!(
            out.status.success(),
            "{program} {args:?}: {}\n{}\n{}\nserver log:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            tail(&self.dir.join("log"), 30)
        );
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let (_, mut cmd) = self.command("pg_ctl");
        let _ = cmd
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .stdin(Stdio::null())
            .output();
        if std::thread::panicking() {
            eprintln!(
                "private PostgreSQL log (tail):\n{}",
                tail(&self.dir.join("log"), 40)
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest `/usr/lib/postgresql/<version>/bin`, else the directory of `pg_ctl` on the PATH.
fn pg_bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("pg_ctl").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return bin;
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|d| d.join("pg_ctl").is_file())
        .expect("PostgreSQL's pg_ctl (in /usr/lib/postgresql/*/bin or on the PATH)")
}

fn id_of(flag: &str) -> u32 {
    let out = Command::new("id")
        .args([flag, "postgres"])
        .output()
        .expect("id postgres");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("the postgres user exists")
}
