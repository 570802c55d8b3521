//! `cargo fmt --all -- --check` (a CI step) reaches every connector file: each connector crate's
//! root is its file, and rustfmt follows its plain `mod` declarations from there; a misformatted
//! connector file fails the check.

use connectors::CONNECTOR_FILES;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The source folder of connector `name`'s crate.
fn connector_src(name: &str) -> PathBuf {
    crate_dir().join("catalogue").join(name).join("src")
}

/// `rustfmt --check -v` from `lib`, with the workspace's configuration; `None` when rustfmt is
/// not installed (the test then says so and passes: CI installs it).
fn rustfmt_check(lib: &Path) -> Option<Output> {
    let config = crate_dir().join("../rustfmt.toml");
    let output = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--check", "-v", "--edition", "2021", "--config-path"])
        .arg(&config)
        .arg(lib)
        .output();
    match output {
        Ok(output) => Some(output),
        Err(error) => {
            println!("skipped: rustfmt could not be run ({error}); `rustup component add rustfmt` brings it");
            None
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn rustfmt_reaches_every_listed_connector_file() {
    for file in CONNECTOR_FILES {
        let name = file.rsplit('/').next().unwrap().trim_end_matches(".rs");
        let path = connector_src(name).join(format!("{name}.rs"));
        let Some(output) = rustfmt_check(&path) else { return };
        let listing = String::from_utf8_lossy(&output.stdout);
        assert!(
            listing.lines().any(|line| line.strip_prefix("Formatting ").is_some_and(|p| Path::new(p) == path)),
            "rustfmt does not reach {}\n{listing}",
            path.display()
        );
    }
}

#[test]
fn a_misformatted_connector_file_fails_the_check() {
    let copy: PathBuf = std::env::temp_dir().join(format!("fluxturn-fmt-{}", std::process::id()));
    copy_dir(&connector_src("acme"), &copy);
    let acme = copy.join("acme.rs");
    let mut text = std::fs::read_to_string(&acme).unwrap();
    text.push_str("\nfn   badly_formatted ( ) -> u8 { 1+1 }\n");
    std::fs::write(&acme, text).unwrap();
    let result = rustfmt_check(&acme);
    std::fs::remove_dir_all(&copy).ok();
    let Some(output) = result else { return };
    assert!(!output.status.success(), "rustfmt --check accepted a misformatted connector file");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(diff.contains("acme.rs"), "the diff does not name the misformatted file:\n{diff}");
}
