//! Every `#[action]` form: with a body or declarative, with or without input, every key.
use fluxturn_core::prelude::*;

/// Every action form.
#[connector(name = "actions_demo", display_name = "Actions Demo", description = "Explicit description",
            category = "utility", base_url = "https://api.example.com/v1", rate_limit(requests_per_second = 2))]
pub struct ActionsDemo {
    http: Http,
}

/// An id in the path.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "camelCase")]
pub struct ById {
    pub item_id: String,
    pub note: Option<String>,
}

#[actions]
impl ActionsDemo {
    /// Plain method, no input
    #[action]
    async fn ping(&self) -> Result<()> {
        Ok(())
    }

    #[action(id = "get_item", name = "Get Item", description = "Fetch one item", category = "Items", icon = "search",
             http(method = "GET", endpoint = "/items/{itemId}"), idempotent)]
    async fn get(&self, input: ById) -> Result<serde_json::Value>;

    /// Replace an item
    #[action(http(method = "PUT", endpoint = "/items/{itemId}", param_mapping(note = "body_text")))]
    async fn put_item(&self, input: ById) -> Result<serde_json::Value>;

    /// Patch an item
    #[action(http(method = "PATCH", endpoint = "/items/{itemId}", headers(If_Match = "*")))]
    async fn patch_item(&self, input: ById) -> Result<serde_json::Value>;

    /// Delete an item
    #[action(http(method = "DELETE", endpoint = "/items/{itemId}"))]
    async fn delete_item(&self, input: ById) -> Result<serde_json::Value>;

    /// Kept under the id existing workflows use
    #[action(legacy_id = "item_getAll", http(method = "GET", endpoint = "/items"))]
    async fn get_all(&self) -> Result<serde_json::Value>;

    /// Create, declared and hand-written
    #[action(http(method = "POST", endpoint = "/items"))]
    async fn create_item(&self, input: ById) -> Result<serde_json::Value> {
        self.http.post("/items").json(&input).send_json().await
    }

    /// Proves the connection works.
    #[test_connection]
    async fn check(&self) -> Result<serde_json::Value> {
        self.http.get("/me").send_json().await
    }
}

fn main() {
    let d = ActionsDemo::definition();
    assert_eq!(d.display_name, "Actions Demo");
    assert_eq!(d.description, "Explicit description");
    assert_eq!(d.rate_limits.requests_per_second, Some(2));
    let ids: Vec<&str> = d.supported_actions.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["ping", "get_item", "put_item", "patch_item", "delete_item", "item_getAll", "create_item"]);
    let get = d.action("get_item").unwrap();
    assert_eq!((get.name.as_str(), get.description.as_str()), ("Get Item", "Fetch one item"));
    assert_eq!((get.category.as_deref(), get.icon.as_deref()), (Some("Items"), Some("search")));
    assert!(get.idempotent);
    let api = get.api.as_ref().unwrap();
    assert_eq!((api.method.as_str(), api.endpoint.as_str()), ("GET", "/items/{itemId}"));
    assert!(api.headers.is_empty(), "a GET sends no body, so no Content-Type");
    assert_eq!(d.action("put_item").unwrap().api.as_ref().unwrap().param_mapping["note"], "body_text");
    assert_eq!(d.action("patch_item").unwrap().api.as_ref().unwrap().headers["If-Match"], "*");
    assert_eq!(d.action("ping").unwrap().name, "Ping");
    assert!(d.action("ping").unwrap().api.is_none());
}
