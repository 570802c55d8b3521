//! Adding a connector to `connectors/src/lib.rs`: its module under its category, and its type in
//! the `connectors!` list.

/// `lib` with `pub mod {name};` in the module `category` (created when missing) and
/// `{category}::{name}::{type_name},` at the end of the `connectors!` list.
pub fn register(lib: &str, category: &str, name: &str, type_name: &str) -> Result<String, String> {
    let lines: Vec<&str> = lib.lines().collect();
    let list_start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("fluxturn_core::connectors!"))
        .ok_or("connectors/src/lib.rs has no `fluxturn_core::connectors! { ... }` list")?;
    let list_end = (list_start..lines.len())
        .find(|&i| lines[i].trim() == "}")
        .ok_or("the `connectors!` list of connectors/src/lib.rs has no closing `}` line")?;
    let entry = format!("    {category}::{name}::{type_name},");
    if lines[list_start..list_end].iter().any(|l| l.trim_end_matches(',').trim().ends_with(&format!("::{type_name}"))) {
        return Err(format!("a connector type `{type_name}` is already in the `connectors!` list"));
    }
    let module_line = format!("pub mod {category} {{");
    let module = lines.iter().position(|l| l.trim() == module_line);
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 6);
    match module {
        Some(start) => {
            let end = (start..lines.len())
                .find(|&i| lines[i].trim() == "}")
                .ok_or(format!("`pub mod {category}` has no closing `}}` line"))?;
            let wanted = format!("pub mod {name};");
            if lines[start..end].iter().any(|l| l.trim() == wanted) {
                return Err(format!("`{category}::{name}` is already declared in connectors/src/lib.rs"));
            }
            // Alphabetical among the module's connectors.
            let at = (start + 1..end)
                .find(|&i| lines[i].trim() > wanted.as_str() && lines[i].trim().starts_with("pub mod"))
                .unwrap_or(end);
            for (i, line) in lines.iter().enumerate() {
                if i == at {
                    out.push(format!("    {wanted}"));
                }
                if i == list_end {
                    out.push(entry.clone());
                }
                out.push((*line).to_owned());
            }
        }
        None => {
            for (i, line) in lines.iter().enumerate() {
                if i == list_start {
                    out.push(format!("/// Connectors of the `{category}` category."));
                    out.push(module_line.clone());
                    out.push(format!("    pub mod {name};"));
                    out.push("}".to_owned());
                    out.push(String::new());
                }
                if i == list_end {
                    out.push(entry.clone());
                }
                out.push((*line).to_owned());
            }
        }
    }
    Ok(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::register;

    const LIB: &str = "//! Connectors.\n\n/// Chat.\npub mod communication {\n    pub mod acme;\n    pub mod slack;\n}\n\nfluxturn_core::connectors! {\n    communication::acme::Acme,\n    communication::slack::Slack,\n}\n";

    #[test]
    fn a_connector_joins_its_category_in_order_and_ends_the_list() {
        let lib = register(LIB, "communication", "matrix", "Matrix").unwrap();
        assert!(lib.contains("    pub mod acme;\n    pub mod matrix;\n    pub mod slack;\n"), "{lib}");
        assert!(lib.contains("    communication::slack::Slack,\n    communication::matrix::Matrix,\n}\n"), "{lib}");
    }

    #[test]
    fn a_new_category_gets_its_module_before_the_list() {
        let lib = register(LIB, "storage", "dropbox", "Dropbox").unwrap();
        assert!(lib.contains("pub mod storage {\n    pub mod dropbox;\n}\n\nfluxturn_core::connectors! {"), "{lib}");
        assert!(lib.contains("    storage::dropbox::Dropbox,\n}"), "{lib}");
    }

    #[test]
    fn a_connector_already_there_is_refused() {
        assert!(register(LIB, "communication", "slack", "Slack2").unwrap_err().contains("already declared"));
        assert!(register(LIB, "chat", "slack", "Slack").unwrap_err().contains("already in the `connectors!` list"));
        assert!(register("//! nothing\n", "chat", "x", "X").unwrap_err().contains("no `fluxturn_core::connectors!"));
    }
}
