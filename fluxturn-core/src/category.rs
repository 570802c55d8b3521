//! FluxTurn's twenty connector categories.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

macro_rules! categories {
    ($($variant:ident => $name:literal, $doc:literal;)*) => {
        /// The category a connector is listed under in the frontend. Serialized in snake_case.
        ///
        /// ```
        /// use fluxturn_core::ConnectorCategory;
        /// let c: ConnectorCategory = "project_management".parse().unwrap();
        /// assert_eq!(c.as_str(), "project_management");
        /// assert_eq!(ConnectorCategory::ALL.len(), 20);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ConnectorCategory {
            $(#[doc = $doc] $variant,)*
        }

        impl ConnectorCategory {
            /// Every category, in the frontend's order.
            pub const ALL: &'static [ConnectorCategory] = &[$(Self::$variant),*];

            /// The snake_case name (`"data_processing"`).
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }
        }

        impl FromStr for ConnectorCategory {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok(Self::$variant),)*
                    other => Err(format!("unknown connector category `{other}`")),
                }
            }
        }
    };
}

categories! {
    Ai => "ai", "AI models and services.";
    Analytics => "analytics", "Analytics and tracking.";
    Cms => "cms", "Content management systems.";
    Communication => "communication", "Chat, messaging, email, telephony.";
    Crm => "crm", "Customer relationship management.";
    DataProcessing => "data_processing", "Data transformation and processing.";
    Database => "database", "Databases and data stores.";
    Development => "development", "Developer tools and code hosting.";
    Ecommerce => "ecommerce", "Online shops.";
    Finance => "finance", "Payments, accounting, banking.";
    Forms => "forms", "Forms and surveys.";
    Infrastructure => "infrastructure", "Cloud and infrastructure services.";
    Marketing => "marketing", "Marketing and advertising.";
    Productivity => "productivity", "Documents, notes, spreadsheets, calendars.";
    ProjectManagement => "project_management", "Project and task management.";
    Social => "social", "Social networks.";
    Storage => "storage", "File storage.";
    Support => "support", "Customer support and help desks.";
    Utility => "utility", "General-purpose utilities.";
    Video => "video", "Video hosting and conferencing.";
}

impl fmt::Display for ConnectorCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
