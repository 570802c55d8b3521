//! `fluxturn new connector`, run as an author runs it, in a scratch workspace: the connectors it
//! writes (one per auth kind, and one from a compat file) compile, and their generated tests pass
//! as generated. Bad arguments change nothing.
//!
//! The scratch workspace is this one's root manifest (same dependency versions, same lock file)
//! with a `connectors` crate and connector crates that hold nothing but what the scaffold writes. It builds in its own
//! target directory under `target/tmp`, warm after the first run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// This workspace's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().canonicalize().unwrap()
}

/// A workspace with an empty `connectors` crate, depending on this workspace's `fluxturn-core`.
fn scratch_workspace() -> tempfile::TempDir {
    let root = root();
    let dir = tempfile::Builder::new().prefix("fluxturn-scaffold-").tempdir().unwrap();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let manifest: String = manifest
        .lines()
        .map(|line| {
            if line.starts_with("members = ") {
                "members = [\"connectors\", \"connectors/catalogue/*\"]".to_owned()
            } else {
                line.replace("{ path = \"", &format!("{{ path = \"{}/", root.display()))
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock")).unwrap();
    let crate_dir = dir.path().join("connectors");
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        "[package]\nname = \"connectors\"\nedition.workspace = true\nversion.workspace = true\npublish = false\n\n\
         [dependencies]\nfluxturn-core.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n\
         schemars.workspace = true\n\n[dev-dependencies]\n\
         fluxturn-core = { workspace = true, features = [\"testing\"] }\n\
         tokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n",
    )
    .unwrap();
    std::fs::write(crate_dir.join("src/lib.rs"), "//! Connectors.\n\nfluxturn_core::connectors! {\n}\n").unwrap();
    dir
}

/// `fluxturn new connector ARGS --workspace WORKSPACE`.
fn new_connector(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fluxturn"))
        .args(["new", "connector"])
        .args(args)
        .arg("--workspace")
        .arg(workspace)
        .output()
        .unwrap()
}

/// Runs `fluxturn new connector` and expects it to succeed.
fn generate(workspace: &Path, args: &[&str]) {
    let output = new_connector(workspace, args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "new connector {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("wrote ") && stdout.contains("connectors! list"), "{stdout}");
}

/// Runs `fluxturn new connector`, expects it to fail with `message`, and checks nothing changed.
fn refused(workspace: &Path, args: &[&str], message: &str) {
    let before = snapshot(workspace);
    let output = new_connector(workspace, args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "new connector {args:?} should have been refused");
    assert!(stderr.contains(message), "new connector {args:?}: expected {message:?} in:\n{stderr}");
    assert_eq!(snapshot(workspace), before, "new connector {args:?} was refused but changed the workspace");
}

/// Every file of the scratch crate, with its content.
fn snapshot(workspace: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut files = Vec::new();
    walk(&workspace.join("connectors"), &mut files);
    files.sort();
    files
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scaffold/helpdesk.json")
}

#[test]
fn new_connectors_compile_and_their_generated_tests_pass() {
    let scratch = scratch_workspace();
    let ws = scratch.path();

    // One connector per auth kind, and one declaring everything a compat file lists.
    generate(ws, &["matrix", "--category", "communication"]);
    generate(ws, &["pager", "--category", "communication", "--auth", "bearer"]);
    generate(ws, &["ledger", "--category", "finance", "--auth", "basic"]);
    generate(ws, &["notes", "--category", "productivity", "--auth", "oauth2"]);
    generate(ws, &["weather", "--category", "utility", "--auth", "none"]);
    let fixture = fixture();
    generate(ws, &["--from-compat", fixture.to_str().unwrap()]);

    let lib = std::fs::read_to_string(ws.join("connectors/src/lib.rs")).unwrap();
    for entry in [
        "communication::matrix::Matrix,",
        "communication::pager::Pager,",
        "finance::ledger::Ledger,",
        "productivity::notes::Notes,",
        "utility::weather::Weather,",
        "support::helpdesk::Helpdesk,",
        "    pub use connector_matrix as matrix;\n    pub use connector_pager as pager;\n",
        "pub mod support {\n    pub use connector_helpdesk as helpdesk;\n}",
    ] {
        assert!(lib.contains(entry), "lib.rs lacks {entry}:\n{lib}");
    }
    let manifest = std::fs::read_to_string(ws.join("connectors/Cargo.toml")).unwrap();
    assert!(manifest.contains("connector-helpdesk = { path = \"catalogue/helpdesk\" }"), "{manifest}");
    let helpdesk = std::fs::read_to_string(ws.join("connectors/catalogue/helpdesk/src/helpdesk.rs")).unwrap();
    for id in
        ["create_ticket", "get_ticket", "delete_ticket", "merge_tickets", "list_agents", "new_ticket", "ticket_updated"]
    {
        assert!(
            helpdesk.contains(&format!("id = \"{id}\"")) || helpdesk.contains(&format!("fn {id}(")),
            "{id} missing:\n{helpdesk}"
        );
    }
    assert!(ws.join("connectors/catalogue/helpdesk/icons/helpdesk.svg").exists());

    // Refusals: each says why, and writes nothing.
    refused(ws, &["Bad-Name", "--category", "support"], "is not a connector name");
    refused(ws, &["zendesk", "--category", "chat"], "unknown category `chat`");
    refused(
        ws,
        &["matrix", "--category", "communication"],
        "a connector type `Matrix` is already in the `connectors!` list",
    );
    refused(ws, &["helpdesk", "--category", "crm"], "already in the `connectors!` list");
    // A file of the author's own is never overwritten.
    std::fs::write(ws.join("connectors/tests/zendesk.rs"), "// mine\n").unwrap();
    refused(ws, &["zendesk", "--category", "support"], "zendesk.rs already exists; nothing was written");
    std::fs::remove_file(ws.join("connectors/tests/zendesk.rs")).unwrap();
    refused(ws, &["--from-compat", "/nonexistent/compat.json"], "cannot read /nonexistent/compat.json");
    let not_compat = ws.join("not-compat.json");
    std::fs::write(&not_compat, "{\"actions\": 3}").unwrap();
    refused(ws, &["--from-compat", not_compat.to_str().unwrap()], "is not a FluxTurn compat file");
    let output = new_connector(&ws.join("elsewhere"), &["x", "--category", "support"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("run this at the root of the FluxTurn workspace"));

    // What the author runs next.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scaffold-check");
    let started = Instant::now();
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["test", "--offline", "-p", "connectors"])
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("the scratch workspace built and tested in {:.0?}", started.elapsed());
    assert!(output.status.success(), "the generated connectors do not pass their tests:\n{stdout}\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.starts_with("warning")).collect();
    assert!(warnings.is_empty(), "the generated code has warnings:\n{stderr}");
    for test in [
        "test_connection_calls_the_api_with_the_credentials",
        "create_ticket_sends_its_request_and_returns_the_answer",
        "get_item_sends_its_request_and_returns_the_answer",
        "a_404_from_the_api_is_not_found",
        "the_definition_lists_every_action_and_trigger",
    ] {
        assert!(stdout.contains(test), "{test} did not run:\n{stdout}");
    }
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    // Four per connector: its definition, its connection test, its first action, an upstream error.
    assert_eq!(passed, 6 * 4, "{stdout}");
    assert!(!stdout.contains("FAILED"), "{stdout}");
}
