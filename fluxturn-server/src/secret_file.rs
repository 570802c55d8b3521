//! Small secret files in the data directory (encryption key, API token), created with mode 0600.

use anyhow::Context;
use std::io::Write;
use std::path::Path;

/// The trimmed content of `path`, or `create()`'s value written there first (mode 0600, never
/// overwriting a file another process created at the same moment).
pub fn read_or_create(path: &Path, create: impl FnOnce() -> String) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => return Ok(text.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("could not read {}", path.display())),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    }
    let value = create();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            file.write_all(value.as_bytes())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("could not write {}", path.display()))?;
            Ok(value)
        }
        // Another instance created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(std::fs::read_to_string(path)?.trim().to_owned()),
        Err(e) => Err(e).with_context(|| format!("could not create {}", path.display())),
    }
}

/// Whether `path` was created by this call (for printing a generated token once).
pub fn exists(path: &Path) -> bool {
    path.exists()
}
