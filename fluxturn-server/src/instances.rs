//! Connected instances cached per configuration (so each keeps its rate limiter and token
//! refresher), and the configurations `execute` read recently. An instance the cache lets go of
//! (its configuration changed or was deleted, or the server is stopping) is closed.

use crate::storage::configs::StoredConfig;
use fluxturn_core::Connector;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long `execute` trusts a configuration it read, before reading it again (changes made
/// through this server are seen at once; this bounds how stale another instance's changes get).
const CONFIG_CACHE_TTL: Duration = Duration::from_secs(2);

/// A connected connector instance of one configuration. Dereferences to the [`Connector`].
///
/// It is closed ([`Connector::close`]) once: by the cache when nobody else holds it, else when
/// its last holder (a request still running with it) drops it.
pub struct Instance {
    /// The configuration it was connected for (for the log).
    configuration_id: String,
    /// `None` only once it is closed.
    connector: Option<Box<dyn Connector>>,
}

impl Instance {
    /// An instance of configuration `configuration_id`.
    pub fn new(configuration_id: &str, connector: Box<dyn Connector>) -> Self {
        Self { configuration_id: configuration_id.to_owned(), connector: Some(connector) }
    }

    /// Closes the instance now.
    async fn close(mut self) {
        if let Some(connector) = self.connector.take() {
            close_connector(std::mem::take(&mut self.configuration_id), connector).await;
        }
    }
}

impl std::ops::Deref for Instance {
    type Target = dyn Connector;

    fn deref(&self) -> &Self::Target {
        self.connector.as_deref().expect("an instance is only closed when it is consumed or dropped")
    }
}

impl Drop for Instance {
    /// The last holder of an instance the cache let go of closes it, on the runtime.
    fn drop(&mut self) {
        let Some(connector) = self.connector.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(close_connector(std::mem::take(&mut self.configuration_id), connector));
            }
            Err(_) => tracing::warn!(
                configuration = %self.configuration_id,
                "a connector instance was dropped outside the runtime and not closed"
            ),
        }
    }
}

/// Calls [`Connector::close`]; a failure is logged (connector errors carry no secrets).
async fn close_connector(configuration_id: String, connector: Box<dyn Connector>) {
    if let Err(error) = connector.close().await {
        tracing::warn!(configuration = %configuration_id, %error, "closing a connector instance failed");
    }
}

/// An instance the cache let go of: closed now when nobody else holds it, else by its last
/// holder.
async fn release(instance: Arc<Instance>) {
    if let Some(instance) = Arc::into_inner(instance) {
        instance.close().await;
    }
}

/// A connected instance and the `updated_at` of the configuration it was built from.
type VersionedInstance = (String, Arc<Instance>);

/// Connected instances by configuration id, and the configurations `execute` read recently.
#[derive(Default)]
pub struct InstanceCache {
    instances: Mutex<HashMap<String, VersionedInstance>>,
    configs: Mutex<HashMap<String, (Instant, StoredConfig)>>,
}

/// The map behind a mutex; a panic elsewhere while it was held leaves it usable.
fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl InstanceCache {
    /// The instance of configuration `id` built from its version `version` ([`crate::storage::configs::StoredConfig::version`]).
    pub fn get(&self, id: &str, version: &str) -> Option<Arc<Instance>> {
        locked(&self.instances).get(id).filter(|(v, _)| v == version).map(|(_, instance)| instance.clone())
    }

    /// Caches `connector` as the instance of version `version` of configuration `id`, closing
    /// the instance it replaces.
    pub async fn put(&self, id: &str, version: &str, connector: Box<dyn Connector>) -> Arc<Instance> {
        let instance = Arc::new(Instance::new(id, connector));
        let replaced = locked(&self.instances).insert(id.to_owned(), (version.to_owned(), instance.clone()));
        if let Some((_, replaced)) = replaced {
            release(replaced).await;
        }
        instance
    }

    /// Forgets (and closes) the instance and the cached configuration of a changed or deleted
    /// configuration.
    pub async fn forget(&self, id: &str) {
        locked(&self.configs).remove(id);
        let removed = locked(&self.instances).remove(id);
        if let Some((_, removed)) = removed {
            release(removed).await;
        }
    }

    /// Closes every cached instance (graceful shutdown, once no request is left).
    pub async fn close_all(&self) {
        locked(&self.configs).clear();
        let instances: Vec<VersionedInstance> = locked(&self.instances).drain().map(|(_, entry)| entry).collect();
        for (_, instance) in instances {
            release(instance).await;
        }
    }

    /// The configuration `id` as `execute` read it less than [`CONFIG_CACHE_TTL`] ago.
    pub fn recent_config(&self, id: &str) -> Option<StoredConfig> {
        locked(&self.configs).get(id).filter(|(at, _)| at.elapsed() < CONFIG_CACHE_TTL).map(|(_, c)| c.clone())
    }

    /// Remembers a configuration `execute` read.
    pub fn remember_config(&self, config: &StoredConfig) {
        locked(&self.configs).insert(config.id.clone(), (Instant::now(), config.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluxturn_core::{BoxFuture, Polled, Result, WebhookRequest};
    use serde_json::Value;

    /// A connector that records which of its instances were closed.
    struct Probe {
        name: &'static str,
        closed: Arc<Mutex<Vec<&'static str>>>,
    }

    impl Connector for Probe {
        fn execute<'a>(&'a self, _action: &'a str, input: Value) -> BoxFuture<'a, Result<Value>> {
            Box::pin(async move { Ok(input) })
        }

        fn test_connection(&self) -> BoxFuture<'_, Result<()>> {
            Box::pin(async { Ok(()) })
        }

        fn handle_webhook<'a>(
            &'a self,
            _trigger: &'a str,
            _config: Value,
            _request: WebhookRequest,
        ) -> BoxFuture<'a, Result<fluxturn_core::WebhookReply<Value>>> {
            Box::pin(async { Ok(fluxturn_core::WebhookReply::events(Vec::new())) })
        }

        fn poll<'a>(
            &'a self,
            _trigger: &'a str,
            _config: Value,
            _cursor: Option<Value>,
        ) -> BoxFuture<'a, Result<Polled<Value>>> {
            Box::pin(async { Ok(Polled::default()) })
        }

        fn close(&self) -> BoxFuture<'_, Result<()>> {
            Box::pin(async move {
                self.closed.lock().unwrap().push(self.name);
                Ok(())
            })
        }
    }

    fn probe(name: &'static str, closed: &Arc<Mutex<Vec<&'static str>>>) -> Box<dyn Connector> {
        Box::new(Probe { name, closed: closed.clone() })
    }

    #[tokio::test]
    async fn a_replaced_or_forgotten_instance_is_closed_once() {
        let closed = Arc::default();
        let cache = InstanceCache::default();
        cache.put("a", "v1", probe("a-v1", &closed)).await;
        cache.put("b", "v1", probe("b-v1", &closed)).await;
        assert!(closed.lock().unwrap().is_empty(), "nothing closed while cached");
        cache.put("a", "v2", probe("a-v2", &closed)).await;
        assert_eq!(*closed.lock().unwrap(), ["a-v1"], "the configuration changed: the old instance is closed");
        assert!(cache.get("a", "v1").is_none() && cache.get("a", "v2").is_some());
        cache.forget("a").await;
        cache.forget("a").await;
        assert_eq!(*closed.lock().unwrap(), ["a-v1", "a-v2"], "deleted: closed, once");
        assert!(cache.get("a", "v2").is_none());
    }

    #[tokio::test]
    async fn an_instance_still_in_use_is_closed_by_its_last_holder() {
        let closed = Arc::default();
        let cache = InstanceCache::default();
        let in_use = cache.put("a", "v1", probe("a-v1", &closed)).await;
        cache.forget("a").await;
        assert!(closed.lock().unwrap().is_empty(), "a request still holds it");
        assert_eq!(in_use.execute("x", Value::from(1)).await.unwrap(), 1, "and can still use it");
        drop(in_use);
        for _ in 0..100 {
            if !closed.lock().unwrap().is_empty() {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(*closed.lock().unwrap(), ["a-v1"]);
    }

    #[tokio::test]
    async fn close_all_closes_every_cached_instance() {
        let closed = Arc::default();
        let cache = InstanceCache::default();
        cache.put("a", "v1", probe("a", &closed)).await;
        cache.put("b", "v1", probe("b", &closed)).await;
        cache.close_all().await;
        let mut names = closed.lock().unwrap().clone();
        names.sort_unstable();
        assert_eq!(names, ["a", "b"]);
        assert!(cache.get("a", "v1").is_none());
    }
}
