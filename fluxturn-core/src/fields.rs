//! UI hints on input and credential fields (`#[field(...)]`), and the traits the derives implement.

use crate::{ConnectContext, Result};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A literal written in an attribute (`default = "none"`, `show(mode = ["a", 1])`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// A string.
    Str(&'static str),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A boolean.
    Bool(bool),
}

impl Literal {
    /// The literal as JSON.
    pub fn to_json(self) -> Value {
        match self {
            Self::Str(s) => Value::from(s),
            Self::Int(i) => Value::from(i),
            Self::Float(f) => Value::from(f),
            Self::Bool(b) => Value::from(b),
        }
    }

    /// The literal as the text a form compares (`true` → `"true"`).
    pub fn to_text(self) -> String {
        match self {
            Self::Str(s) => s.to_owned(),
            other => other.to_json().to_string(),
        }
    }
}

/// A condition of `displayOptions`: the field `field` holds one of `values`.
pub type DisplayCondition = (&'static str, &'static [Literal]);

/// The `#[field(...)]` hints of one field, keyed by its serialized name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldHints {
    /// Serialized field name (after serde renames): the key in the form.
    pub name: &'static str,
    /// `aliases = [...]`: other names existing workflows give the field (input fields only).
    pub aliases: &'static [&'static str],
    /// `label = "..."`.
    pub label: Option<&'static str>,
    /// `description = "..."`, else the field's doc comment.
    pub description: Option<&'static str>,
    /// `placeholder = "..."`.
    pub placeholder: Option<&'static str>,
    /// `default = ...`.
    pub default: Option<Literal>,
    /// `input_type = "textarea"`.
    pub input_type: Option<&'static str>,
    /// `field_type = "url"`: overrides the type derived from the Rust type.
    pub field_type: Option<&'static str>,
    /// `min = ...`.
    pub min: Option<Literal>,
    /// `max = ...`.
    pub max: Option<Literal>,
    /// `step = ...`.
    pub step: Option<Literal>,
    /// `min_length = ...`.
    pub min_length: Option<u64>,
    /// `max_length = ...`.
    pub max_length: Option<u64>,
    /// `pattern = "..."`.
    pub pattern: Option<&'static str>,
    /// `help_url = "..."`.
    pub help_url: Option<&'static str>,
    /// `help_text = "..."`.
    pub help_text: Option<&'static str>,
    /// `secret`: a password-type credential.
    pub secret: bool,
    /// `show(field = [values])`.
    pub show: &'static [DisplayCondition],
    /// `hide(field = [values])` (input fields only).
    pub hide: &'static [DisplayCondition],
}

impl FieldHints {
    /// Hints with only a name: the starting point of generated hints.
    pub const fn named(name: &'static str) -> Self {
        Self {
            name,
            aliases: &[],
            label: None,
            description: None,
            placeholder: None,
            default: None,
            input_type: None,
            field_type: None,
            min: None,
            max: None,
            step: None,
            min_length: None,
            max_length: None,
            pattern: None,
            help_url: None,
            help_text: None,
            secret: false,
            show: &[],
            hide: &[],
        }
    }
}

/// An action's or trigger's input type. Implemented by `#[derive(Input)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an action input type",
    label = "this type is not an input",
    note = "add `#[derive(Deserialize, JsonSchema, Input)]` to `{Self}`"
)]
pub trait Input: DeserializeOwned + schemars::JsonSchema + Send + 'static {
    /// Serialized names of the fields.
    const FIELDS: &'static [&'static str];
    /// The `#[field(...)]` hints.
    fn hints() -> &'static [FieldHints];
}

/// The input of an action that takes none: an empty object.
#[derive(Debug, Clone, Copy, Default, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoInput {}

impl Input for NoInput {
    const FIELDS: &'static [&'static str] = &[];
    fn hints() -> &'static [FieldHints] {
        &[]
    }
}

/// A connector's credentials type. Implemented by `#[derive(Credentials)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a credentials type",
    note = "add `#[derive(Credentials)]` to `{Self}`"
)]
pub trait Credentials: Sized + Send + Sync + 'static {
    /// Keys of the fields, as stored (`"apiKey"`).
    const KEYS: &'static [&'static str];
    /// The fields of the "Add connection" form.
    fn auth_fields() -> Vec<crate::AuthField>;
    /// Reads the credentials from their stored JSON form; names a missing or malformed field.
    fn from_values(values: &Map<String, Value>) -> Result<Self>;
}

/// Credentials of a connector that needs none.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCredentials;

impl Credentials for NoCredentials {
    const KEYS: &'static [&'static str] = &[];
    fn auth_fields() -> Vec<crate::AuthField> {
        Vec::new()
    }
    fn from_values(_: &Map<String, Value>) -> Result<Self> {
        Ok(Self)
    }
}

/// A value a connector struct's field is built from when connecting (`Http`, the credentials).
pub trait FromContext: Sized {
    /// Builds the value from the connection context.
    fn from_context(ctx: &ConnectContext) -> Result<Self>;
}

impl FromContext for NoCredentials {
    fn from_context(_: &ConnectContext) -> Result<Self> {
        Ok(Self)
    }
}
