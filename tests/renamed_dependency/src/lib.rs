//! A connector crate that names `fluxturn-core` `flux`: every macro takes `crate = "flux"`, so
//! no generated path says `::fluxturn_core` (which does not exist here).

/// Utilities.
pub mod utility {
    pub mod echo;
}

flux::connectors! {
    crate = "flux";
    utility::echo::Echo,
}
