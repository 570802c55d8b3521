//! Every `#[field(...)]` hint, serde renames, and enums as selects.
use fluxturn_core::prelude::*;

/// Field hints demo.
#[connector(name = "fields_demo", category = "forms")]
pub struct FieldsDemo;

/// Output format.
#[derive(Deserialize, Serialize, JsonSchema)]
pub enum Format {
    /// Plain text
    #[serde(rename = "text")]
    Text,
    /// Markdown
    #[serde(rename = "markdown")]
    Markdown,
}

/// Every hint.
#[derive(Deserialize, Serialize, JsonSchema, Input)]
#[serde(rename_all = "kebab-case")]
pub struct Everything {
    /// Shown under the field
    #[field(label = "Title", placeholder = "Hello", min_length = 1, max_length = 80, pattern = "^[A-Z]")]
    pub title_text: String,
    #[field(description = "Explicit help", input_type = "textarea", default = "Hi")]
    pub body: Option<String>,
    #[field(min = -5, max = 5.5, step = 0.5, default = 1)]
    pub score: Option<f64>,
    #[field(default = true)]
    pub notify: Option<bool>,
    pub format: Option<Format>,
    #[field(show(format = ["markdown"]), hide(notify = [false]))]
    pub extensions: Option<Vec<String>>,
    #[serde(rename = "X")]
    pub renamed: Option<u8>,
    #[serde(skip)]
    pub internal: Option<u8>,
}

#[actions]
impl FieldsDemo {
    /// Uses every hint
    #[action]
    async fn everything(&self, input: Everything) -> Result<()> {
        let _ = input;
        Ok(())
    }
}

fn main() {
    assert_eq!(<Everything as fluxturn_core::Input>::FIELDS, ["title-text", "body", "score", "notify", "format", "extensions", "X"]);
    let d = FieldsDemo::definition();
    let fields = &d.action("everything").unwrap().input_schema;
    let title = &fields["title-text"];
    assert_eq!((title.label.as_deref(), title.placeholder.as_deref()), (Some("Title"), Some("Hello")));
    assert_eq!(title.description.as_deref(), Some("Shown under the field"));
    assert_eq!((title.min_length, title.max_length, title.pattern.as_deref()), (Some(1), Some(80), Some("^[A-Z]")));
    assert!(title.required);
    let body = &fields["body"];
    assert_eq!((body.input_type.as_deref(), body.description.as_deref()), (Some("textarea"), Some("Explicit help")));
    assert_eq!(body.default, Some(serde_json::json!("Hi")));
    assert!(!body.required);
    let score = &fields["score"];
    assert_eq!((score.min.clone(), score.max.clone(), score.step.clone()), (Some((-5).into()), Some(5.5.into()), Some(0.5.into())));
    assert_eq!(fields["notify"].field_type, "boolean");
    let format = &fields["format"];
    assert_eq!(format.field_type, "select");
    let options: Vec<(&str, &serde_json::Value)> = format.options.iter().map(|o| (o.label.as_str(), &o.value)).collect();
    assert_eq!(options, [("Plain text", &serde_json::json!("text")), ("Markdown", &serde_json::json!("markdown"))]);
    let shown = fields["extensions"].display_options.as_ref().unwrap();
    assert_eq!(shown.show["format"], serde_json::json!(["markdown"]));
    assert_eq!(shown.hide["notify"], serde_json::json!([false]));
    assert_eq!(fields["extensions"].items, Some(serde_json::json!({"type": "string"})));
    assert_eq!(fields["extensions"].item_schema, None);
    assert!(fields.contains_key("X") && !fields.contains_key("internal"));
    // The form keeps the struct's order, and says it with `order` too.
    let order: Vec<(&str, Option<usize>)> = fields.iter().map(|(name, f)| (name.as_str(), f.order)).collect();
    let expected = ["title-text", "body", "score", "notify", "format", "extensions", "X"];
    assert_eq!(order, expected.iter().enumerate().map(|(i, n)| (*n, Some(i))).collect::<Vec<_>>());
}
