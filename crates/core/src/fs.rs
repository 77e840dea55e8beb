//! File writing shared by settings, the CLI's `export --output`, the app's
//! export and the API-key file (duizhao-keychain): one atomic write, so no
//! caller can leave half a file behind.

use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

/// How many times the final rename is tried. On Windows, replacing a file fails
/// with "Access denied" while another process (or thread) has it open without
/// `FILE_SHARE_DELETE`, or while an antivirus or indexer briefly holds it; such
/// readers let go within moments, so the rename is tried again. Each attempt is
/// still one atomic rename, so a reader never sees half a file. Elsewhere a
/// rename over an open file just works, and one attempt is all there is.
/// Many short tries rather than a few long ones: a reader that opens the file
/// again and again (the settings test's loop) leaves it closed only for moments.
const RENAME_ATTEMPTS: u32 = if cfg!(windows) { 40 } else { 1 };

/// The pause before retry `n` (1-based): 10 ms more each time up to 50 ms, so
/// about 1.9 s in all before the denial is reported.
fn rename_pause(n: u32) -> Duration {
    Duration::from_millis(10) * n.min(5)
}

/// Writes `bytes` to `path` so that readers see either the old file or the new
/// one, whole: a temporary file in the same folder (a rename is only atomic within
/// one file system; created new, with a short fixed-length name, so a target name
/// near the file system's limit still works), synced, renamed over `path`, then
/// the folder synced so the rename itself survives a power cut. The temporary
/// file is removed if anything fails.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, Access::Default)
}

/// `write_atomically` for a file only its owner may read (an API-key file). On
/// Unix the temporary file is created with mode 0600, so the data is never in a
/// file anyone else can open, not even for a moment, and the rename keeps that
/// mode. On Windows a new file takes the folder's access list; the per-user
/// config folder (`%APPDATA%`) is readable only by the user (and
/// administrators), which is what callers rely on there.
pub fn write_atomically_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, Access::OwnerOnly)
}

#[derive(Clone, Copy, PartialEq)]
enum Access {
    Default,
    OwnerOnly,
}

fn write(path: &Path, bytes: &[u8], access: Access) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temp = dir.join(format!(".duizhao-{}-{:016x}.tmp", std::process::id(), fastrand::u64(..)));
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if access == Access::OwnerOnly {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        #[cfg(not(unix))]
        let _ = access;
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        rename_retrying(|| std::fs::rename(&temp, path), RENAME_ATTEMPTS, |n| std::thread::sleep(rename_pause(n)))?;
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the write already failed, and that is the error to report.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Runs `rename` up to `attempts` times while it fails with `PermissionDenied`
/// (what Windows reports for a target someone holds open), calling `pause(n)`
/// before retry `n`. Any other error, or success, ends it at once; after the last
/// attempt its error is returned. The rename is injected so tests run anywhere.
fn rename_retrying(
    mut rename: impl FnMut() -> std::io::Result<()>,
    attempts: u32,
    mut pause: impl FnMut(u32),
) -> std::io::Result<()> {
    let mut attempt = 1;
    loop {
        match rename() {
            Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied && attempt < attempts => {
                pause(attempt);
                attempt += 1;
            }
            done => return done,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{rename_retrying, write_atomically, write_atomically_private, RENAME_ATTEMPTS};
    use std::io::{Error, ErrorKind};

    /// A rename that answers with `results` in turn, counting its calls.
    fn scripted(
        results: Vec<Result<(), ErrorKind>>,
    ) -> (impl FnMut() -> std::io::Result<()>, std::rc::Rc<std::cell::Cell<usize>>) {
        let calls = std::rc::Rc::new(std::cell::Cell::new(0));
        let counter = calls.clone();
        let rename = move || {
            let i = counter.get();
            counter.set(i + 1);
            results[i].map_err(Error::from)
        };
        (rename, calls)
    }

    #[test]
    fn a_rename_denied_while_a_reader_holds_the_file_succeeds_once_it_lets_go() {
        let denied = Err(ErrorKind::PermissionDenied);
        let (rename, calls) = scripted(vec![denied, denied, denied, Ok(())]);
        let mut pauses = Vec::new();
        rename_retrying(rename, 10, |n| pauses.push(n)).unwrap();
        assert_eq!(calls.get(), 4);
        assert_eq!(pauses, [1, 2, 3]);
    }

    #[test]
    fn a_rename_still_denied_after_the_last_attempt_reports_the_denial() {
        let (rename, calls) = scripted(vec![Err(ErrorKind::PermissionDenied); 5]);
        let mut pauses = 0;
        let err = rename_retrying(rename, 3, |_| pauses += 1).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert_eq!((calls.get(), pauses), (3, 2));
    }

    #[test]
    fn other_rename_errors_are_not_retried() {
        let (rename, calls) = scripted(vec![Err(ErrorKind::NotFound), Ok(())]);
        let err = rename_retrying(rename, 10, |_| panic!("no pause for a missing file")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn only_windows_retries() {
        assert_eq!(RENAME_ATTEMPTS > 1, cfg!(windows));
    }

    #[test]
    fn replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.md", "長".repeat(80)));
        write_atomically(&path, b"old").unwrap();
        write_atomically(&path, "新的".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a-folder");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("inside"), b"x").unwrap();
        assert!(write_atomically(&target, b"text").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_private_file_is_created_readable_only_by_its_owner_even_over_a_wider_one() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.json");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_atomically_private(&path, b"secret").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
