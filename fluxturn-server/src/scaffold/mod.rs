//! `fluxturn new connector NAME`: starts a connector with the files an author would otherwise
//! copy by hand — the connector file (compiling, with `#[test_connection]`), its test against a
//! local mock (passing as generated), its icon, its crate (`connectors/catalogue/<name>/`, whose
//! root is the connector file), and in the `connectors` crate the dependency on it, its re-export
//! under its category and its entry in the `connectors!` list. With
//! `--from-compat FILE` (one of FluxTurn's compat files) it declares every action and trigger
//! with its input struct and field attributes, so only the bodies are left to write.
//!
//! Everything is checked before anything is written: an existing file, a name already
//! registered or a bad compat file changes nothing.

mod compat;
mod names;
mod plan;
mod register;
mod render;

pub use plan::AuthKind;

use fluxturn_core::ConnectorCategory;
use std::path::{Path, PathBuf};

/// The arguments of `fluxturn new connector`.
#[derive(Debug, clap::Args)]
pub struct NewConnector {
    /// The connector's id, snake_case (`google_sheets`): its file, module and registry name.
    /// With --from-compat it defaults to the compat file's.
    pub name: Option<String>,
    /// Its category (the frontend's list): communication, crm, productivity, ... With
    /// --from-compat it defaults to the compat file's.
    #[arg(long)]
    pub category: Option<String>,
    /// How it authenticates. With --from-compat it defaults to what the compat file's auth type is
    /// closest to; otherwise api_key.
    #[arg(long, value_enum)]
    pub auth: Option<AuthKind>,
    /// One of FluxTurn's compat files (`NAME.json`): declare every action and trigger it lists.
    #[arg(long, value_name = "FILE")]
    pub from_compat: Option<PathBuf>,
    /// The root of the FluxTurn workspace (the folder holding `connectors/`).
    #[arg(long, default_value = ".")]
    pub workspace: PathBuf,
}

/// A file written, and why.
#[derive(Debug)]
pub struct Written {
    /// Its path.
    pub path: PathBuf,
    /// What it is.
    pub what: &'static str,
}

/// Writes the new connector; the files written, or why nothing was.
pub fn run(args: &NewConnector) -> Result<Vec<Written>, String> {
    let crate_dir = args.workspace.join("connectors");
    let lib_path = crate_dir.join("src/lib.rs");
    let lib = std::fs::read_to_string(&lib_path).map_err(|e| {
        format!(
            "cannot read {}: {e}; run this at the root of the FluxTurn workspace, or pass --workspace DIR",
            lib_path.display()
        )
    })?;
    let compat = match &args.from_compat {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let file: compat::CompatFile = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a FluxTurn compat file: {e}", path.display()))?;
            Some(file)
        }
    };
    let name = args
        .name
        .clone()
        .or_else(|| compat.as_ref().map(|c| c.name.clone()))
        .ok_or("give the connector's NAME (or --from-compat FILE)")?;
    if !names::is_connector_name(&name) {
        return Err(format!("`{name}` is not a connector name: use snake_case, e.g. `google_sheets`"));
    }
    let category = args
        .category
        .clone()
        .or_else(|| compat.as_ref().and_then(|c| c.category.clone()))
        .ok_or("give its --category (one of the frontend's categories, e.g. communication)")?;
    if category.parse::<ConnectorCategory>().is_err() {
        let known: Vec<&str> = ConnectorCategory::ALL.iter().map(|c| c.as_str()).collect();
        return Err(format!("unknown category `{category}`; one of: {}", known.join(", ")));
    }
    let plan = match compat {
        Some(mut compat) => {
            compat.name = name.clone();
            let auth = args.auth.unwrap_or_else(|| AuthKind::from_compat(&compat));
            let source = args.from_compat.as_deref().map(Path::display).map(|d| d.to_string()).unwrap_or_default();
            plan::Plan::from_compat(&compat, &category, auth, &source)
        }
        None => plan::Plan::example(&name, &category, args.auth.unwrap_or(AuthKind::ApiKey)),
    };
    // Every edit is computed first, so a refusal writes nothing.
    let lib = register::register(&lib, &category, &name, &plan.type_name)?;
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest = register::dependency(&manifest, &name)?;
    let connector_dir = crate_dir.join("catalogue").join(&name);
    if connector_dir.exists() {
        return Err(format!("{} already exists; nothing was written", connector_dir.display()));
    }
    let new_files = [
        (connector_dir.join("Cargo.toml"), register::manifest(&name, &category), "the connector's crate"),
        (connector_dir.join(format!("src/{name}.rs")), render::connector(&plan), "the connector"),
        (
            connector_dir.join(format!("icons/{name}.svg")),
            render::icon(&plan),
            "its icon (replace it with the real one)",
        ),
        (crate_dir.join(format!("tests/{name}.rs")), render::test(&plan), "its test against a mock"),
    ];
    if let Some((path, _, _)) = new_files.iter().find(|(path, _, _)| path.exists()) {
        return Err(format!("{} already exists; nothing was written", path.display()));
    }
    let edits = [
        (manifest_path, manifest, "the connectors crate's dependency on it"),
        (lib_path, lib, "its re-export and its entry in the connectors! list"),
    ];
    let mut written = Vec::new();
    for (path, text, what) in new_files.into_iter().chain(edits) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(Written { path, what });
    }
    // Formatting is a courtesy: the files compile either way.
    let _ = std::process::Command::new("rustfmt")
        .args(["--edition", "2021"])
        .args(written.iter().filter(|w| w.path.extension().is_some_and(|e| e == "rs")).map(|w| &w.path))
        .stderr(std::process::Stdio::null())
        .status();
    Ok(written)
}
