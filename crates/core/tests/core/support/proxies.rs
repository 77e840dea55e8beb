//! Real proxy servers for the proxy tests, started per test on 127.0.0.1 and
//! stopped when dropped: Debian's tinyproxy (HTTP, optional Basic auth) and
//! pproxy from PyPI (SOCKS5, optional user/password). `scripts/setup.sh --test`
//! installs both; a missing one fails the test with the command to install it.
//! Each logs what it carried, which is what the tests read.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A port nobody listens on at the moment.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port on 127.0.0.1")
}

/// Waits until something accepts connections on `port` (or the process died).
fn wait_listening(child: &mut Child, port: u16, what: &str, log: &std::path::Path) {
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let started = Instant::now();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            let log = std::fs::read_to_string(log).unwrap_or_default();
            panic!("{what} exited ({status}) before listening on {port}:\n{log}");
        }
        // A readiness wait for a process to start, not a measurement: generous.
        if started.elapsed() > Duration::from_secs(60) {
            panic!("{what} did not listen on {port} within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub struct ProxyServer {
    child: Child,
    pub port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl ProxyServer {
    /// "http://127.0.0.1:PORT" or "socks5://127.0.0.1:PORT".
    pub fn url(&self, scheme: &str) -> String {
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// Everything the proxy logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits (a little, for the proxy's buffered log) until the log mentions `needle`.
    pub fn log_mentions(&self, needle: &str) -> bool {
        for _ in 0..50 {
            if self.log().contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for ProxyServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(program: &str, args: &[&str], log: &std::path::Path, install: &str) -> Child {
    let out = std::fs::File::create(log).expect("a log file in the temp dir");
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out.try_clone().expect("the log file opens twice"))
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot start {program} ({e}); install it with {install} (scripts/setup.sh --test does)")
        })
}

/// tinyproxy on a port of its own, logging every connection and request;
/// `auth`: the Basic user name and password it demands.
pub fn tinyproxy(auth: Option<(&str, &str)>) -> ProxyServer {
    let dir = tempfile::tempdir().expect("a temp dir");
    let port = free_port();
    let log = dir.path().join("tinyproxy.log");
    let mut conf = format!(
        "Port {port}\nListen 127.0.0.1\nTimeout 30\nLogFile \"{}\"\nLogLevel Connect\nMaxClients 32\nAllow 127.0.0.1\nDisableViaHeader Yes\n",
        log.display()
    );
    if let Some((user, password)) = auth {
        conf.push_str(&format!("BasicAuth {user} {password}\n"));
    }
    let conf_path = dir.path().join("tinyproxy.conf");
    std::fs::write(&conf_path, conf).expect("the config is written");
    // -d: stay in the foreground (so it stops with the test); its own output
    // goes next to the log it writes.
    let console = dir.path().join("console.log");
    let mut child = spawn(
        "tinyproxy",
        &["-d", "-c", conf_path.to_str().expect("a UTF-8 temp path")],
        &console,
        "apt-get install tinyproxy-bin",
    );
    wait_listening(&mut child, port, "tinyproxy", &console);
    ProxyServer { child, port, log, _dir: dir }
}

/// pproxy as a SOCKS5 server on a port of its own, logging each connection it
/// carries ("socks5 127.0.0.1:… -> 127.0.0.1:PORT"); `auth`: user and password,
/// asked on every connection (`--auth 0`: pproxy otherwise trusts an address
/// that authenticated once).
pub fn socks5(auth: Option<(&str, &str)>) -> ProxyServer {
    let dir = tempfile::tempdir().expect("a temp dir");
    let port = free_port();
    let log = dir.path().join("pproxy.log");
    let mut listen = format!("socks5://127.0.0.1:{port}");
    if let Some((user, password)) = auth {
        listen.push_str(&format!("#{user}:{password}"));
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child =
        spawn(&python, &["-u", "-m", "pproxy", "-l", &listen, "-v", "--auth", "0"], &log, "pip install pproxy==2.7.9");
    wait_listening(&mut child, port, "pproxy", &log);
    ProxyServer { child, port, log, _dir: dir }
}
