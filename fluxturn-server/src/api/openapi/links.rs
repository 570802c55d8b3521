//! OpenAPI links from the created configuration to every operation that takes its id, found in
//! the finished document (a new `/connectors/{id}` route is linked without being named here), and
//! from a created trigger registration to the operations on it.

use aide::openapi::{Link, OpenApi, ReferenceOr, StatusCode};
use serde_json::json;

/// The operations that create something, the success status, and the path prefix of the
/// operations that take the created id.
const CREATES: [(&str, u16, &str); 2] =
    [("configs_create", 201, "/api/v1/connectors/{id}"), ("triggers_create", 201, "/api/v1/triggers/{id}")];

/// Adds to each create operation's success response a link named after each operation on the
/// created resource (its path starts with the resource's `{id}` path), passing the created `id`.
pub fn link_created_configuration(api: &mut OpenApi) {
    for (create_id, status, prefix) in CREATES {
        link_created(api, (create_id, status), prefix);
    }
}

fn link_created(api: &mut OpenApi, (create_id, status): (&str, u16), prefix: &str) {
    let targets: Vec<String> = api
        .operations()
        .filter(|(path, _, _)| path.starts_with(prefix))
        .filter_map(|(_, _, operation)| operation.operation_id.clone())
        .collect();
    let Some(paths) = api.paths.as_mut() else { return };
    let create = paths.paths.values_mut().filter_map(ReferenceOr::as_item_mut).find_map(|item| {
        [&mut item.post, &mut item.put]
            .into_iter()
            .flatten()
            .find(|operation| operation.operation_id.as_deref() == Some(create_id))
    });
    let Some(created) = create
        .and_then(|operation| operation.responses.as_mut())
        .and_then(|responses| responses.responses.get_mut(&StatusCode::Code(status)))
        .and_then(ReferenceOr::as_item_mut)
    else {
        return;
    };
    for target in targets {
        let link: Link = serde_json::from_value(json!({
            "operationId": target,
            "parameters": { "id": "$response.body#/id" },
            "description": format!("`{target}` on the created resource"),
        }))
        .expect("a link built here is valid");
        created.links.insert(target, ReferenceOr::Item(link));
    }
}
