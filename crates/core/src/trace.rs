//! Start-up and job tracing for measurements: with `DUIZHAO_TRACE_STARTUP` set in
//! the environment, [`trace`] prints what happened on stderr with the
//! milliseconds since its first call (the app's `run()`, the CLI's command), so
//! bench/run.py and a person reading along see where the time goes. Without it,
//! nothing is printed. The app and the CLI write the same lines.

use std::sync::OnceLock;
use std::time::Instant;

/// True when `DUIZHAO_TRACE_STARTUP` is set (read once).
pub fn enabled() -> bool {
    started().is_some()
}

/// Prints `what` with the milliseconds since the first call, when tracing is on.
pub fn trace(what: &str) {
    if let Some(started) = started() {
        eprintln!("duizhao: trace {:>5} ms {what}", started.elapsed().as_millis());
    }
}

/// When the first call was made, or `None` when tracing is off.
fn started() -> Option<Instant> {
    static STARTED: OnceLock<Option<Instant>> = OnceLock::new();
    *STARTED.get_or_init(|| std::env::var_os("DUIZHAO_TRACE_STARTUP").is_some().then(Instant::now))
}
