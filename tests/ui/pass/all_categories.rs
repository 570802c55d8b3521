//! Every one of FluxTurn's 20 categories is accepted, and maps to `ConnectorCategory`.
use fluxturn_core::prelude::*;

/// Connector in ai.
#[connector(name = "c_ai", category = "ai")]
pub struct C0;
#[actions]
impl C0 {}

/// Connector in analytics.
#[connector(name = "c_analytics", category = "analytics")]
pub struct C1;
#[actions]
impl C1 {}

/// Connector in cms.
#[connector(name = "c_cms", category = "cms")]
pub struct C2;
#[actions]
impl C2 {}

/// Connector in communication.
#[connector(name = "c_communication", category = "communication")]
pub struct C3;
#[actions]
impl C3 {}

/// Connector in crm.
#[connector(name = "c_crm", category = "crm")]
pub struct C4;
#[actions]
impl C4 {}

/// Connector in data_processing.
#[connector(name = "c_data_processing", category = "data_processing")]
pub struct C5;
#[actions]
impl C5 {}

/// Connector in database.
#[connector(name = "c_database", category = "database")]
pub struct C6;
#[actions]
impl C6 {}

/// Connector in development.
#[connector(name = "c_development", category = "development")]
pub struct C7;
#[actions]
impl C7 {}

/// Connector in ecommerce.
#[connector(name = "c_ecommerce", category = "ecommerce")]
pub struct C8;
#[actions]
impl C8 {}

/// Connector in finance.
#[connector(name = "c_finance", category = "finance")]
pub struct C9;
#[actions]
impl C9 {}

/// Connector in forms.
#[connector(name = "c_forms", category = "forms")]
pub struct C10;
#[actions]
impl C10 {}

/// Connector in infrastructure.
#[connector(name = "c_infrastructure", category = "infrastructure")]
pub struct C11;
#[actions]
impl C11 {}

/// Connector in marketing.
#[connector(name = "c_marketing", category = "marketing")]
pub struct C12;
#[actions]
impl C12 {}

/// Connector in productivity.
#[connector(name = "c_productivity", category = "productivity")]
pub struct C13;
#[actions]
impl C13 {}

/// Connector in project_management.
#[connector(name = "c_project_management", category = "project_management")]
pub struct C14;
#[actions]
impl C14 {}

/// Connector in social.
#[connector(name = "c_social", category = "social")]
pub struct C15;
#[actions]
impl C15 {}

/// Connector in storage.
#[connector(name = "c_storage", category = "storage")]
pub struct C16;
#[actions]
impl C16 {}

/// Connector in support.
#[connector(name = "c_support", category = "support")]
pub struct C17;
#[actions]
impl C17 {}

/// Connector in utility.
#[connector(name = "c_utility", category = "utility")]
pub struct C18;
#[actions]
impl C18 {}

/// Connector in video.
#[connector(name = "c_video", category = "video")]
pub struct C19;
#[actions]
impl C19 {}

fn main() {
    assert_eq!(C0::definition().category.as_str(), "ai");
    assert_eq!(C1::definition().category.as_str(), "analytics");
    assert_eq!(C2::definition().category.as_str(), "cms");
    assert_eq!(C3::definition().category.as_str(), "communication");
    assert_eq!(C4::definition().category.as_str(), "crm");
    assert_eq!(C5::definition().category.as_str(), "data_processing");
    assert_eq!(C6::definition().category.as_str(), "database");
    assert_eq!(C7::definition().category.as_str(), "development");
    assert_eq!(C8::definition().category.as_str(), "ecommerce");
    assert_eq!(C9::definition().category.as_str(), "finance");
    assert_eq!(C10::definition().category.as_str(), "forms");
    assert_eq!(C11::definition().category.as_str(), "infrastructure");
    assert_eq!(C12::definition().category.as_str(), "marketing");
    assert_eq!(C13::definition().category.as_str(), "productivity");
    assert_eq!(C14::definition().category.as_str(), "project_management");
    assert_eq!(C15::definition().category.as_str(), "social");
    assert_eq!(C16::definition().category.as_str(), "storage");
    assert_eq!(C17::definition().category.as_str(), "support");
    assert_eq!(C18::definition().category.as_str(), "utility");
    assert_eq!(C19::definition().category.as_str(), "video");
    assert_eq!(fluxturn_core::ConnectorCategory::ALL.len(), 20);
}
