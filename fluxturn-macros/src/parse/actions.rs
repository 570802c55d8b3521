//! `#[actions] impl X { ... }` → [`ActionsModel`]: every `#[action]`, `#[trigger]` and
//! `#[test_connection]` method, with our attributes taken off the methods and every default
//! (id, name, description, event type, body encoding) settled.

use super::{aliases, crate_path, lit_str};
use crate::attr::{enum_value, key, names, span_of, Attr, BoolAttr};
use crate::checks::title_case;
use crate::doc::Doc;
use crate::errors::{closest, suggestion, Errors};
use crate::model::{
    ActionModel, ActionsModel, BodyEncoding, EventIdModel, HttpMethod, HttpModel, MethodModel, Naming, SchemeName,
    SecretModel, TriggerKind, TriggerModel,
};
use proc_macro2::TokenStream;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{parse_quote, FnArg, ImplItem, ImplItemFn, LitStr, Token};

names! {
    /// The keys of `#[action(...)]`.
    enum ActionKey {
        Id = "id",
        LegacyId = "legacy_id",
        Aliases = "aliases",
        Name = "name",
        Description = "description",
        Category = "category",
        Icon = "icon",
        Http = "http",
        Idempotent = "idempotent",
    }
}

names! {
    /// The keys of `http(...)` in `#[action(...)]`.
    enum HttpKey {
        Method = "method",
        Endpoint = "endpoint",
        Headers = "headers",
        ParamMapping = "param_mapping",
        Body = "body",
    }
}

names! {
    /// The keys of `#[trigger(...)]`.
    enum TriggerKey {
        Id = "id",
        Aliases = "aliases",
        Name = "name",
        Description = "description",
        EventType = "event_type",
        Icon = "icon",
        Webhook = "webhook",
        Polling = "polling",
        Gateway = "gateway",
        Verify = "verify",
        Secret = "secret",
        EventId = "event_id",
        Subscribe = "subscribe",
        Unsubscribe = "unsubscribe",
        Refresh = "refresh",
        Endpoint = "endpoint",
    }
}

names! {
    /// Our method attributes.
    enum MethodAttribute {
        Action = "action",
        Trigger = "trigger",
        TestConnection = "test_connection",
    }
}

names! {
    /// The keys of `#[actions(...)]`.
    enum ActionsKey {
        Crate = "crate",
        Webhooks = "webhooks",
    }
}

names! {
    /// The keys of `webhooks(...)` in `#[actions(...)]`: defaults for every webhook trigger.
    enum WebhooksKey {
        Verify = "verify",
        Secret = "secret",
        EventId = "event_id",
        Subscribe = "subscribe",
        Unsubscribe = "unsubscribe",
        Refresh = "refresh",
        Endpoint = "endpoint",
    }
}

names! {
    /// The values of `endpoint = "..."`: where the provider sends a trigger's deliveries.
    enum EndpointName {
        Registration = "registration",
        Connection = "connection",
    }
}

/// The seven webhook keys as written, on a trigger or in `#[actions(webhooks(...))]` (what every
/// webhook trigger of the block declares unless it declares its own: one provider signs every
/// delivery the same way).
#[derive(Default, Clone)]
pub struct WebhookKeys {
    verify: Option<LitStr>,
    secret: Option<LitStr>,
    event_id: Option<LitStr>,
    subscribe: Option<syn::Ident>,
    unsubscribe: Option<syn::Ident>,
    refresh: Option<syn::Ident>,
    endpoint: Option<LitStr>,
}

impl WebhookKeys {
    /// Each key as given here, else as in `defaults`.
    fn or(self, defaults: &WebhookKeys) -> WebhookKeys {
        WebhookKeys {
            verify: self.verify.or_else(|| defaults.verify.clone()),
            secret: self.secret.or_else(|| defaults.secret.clone()),
            event_id: self.event_id.or_else(|| defaults.event_id.clone()),
            subscribe: self.subscribe.or_else(|| defaults.subscribe.clone()),
            unsubscribe: self.unsubscribe.or_else(|| defaults.unsubscribe.clone()),
            refresh: self.refresh.or_else(|| defaults.refresh.clone()),
            endpoint: self.endpoint.or_else(|| defaults.endpoint.clone()),
        }
    }
}

/// Slots for [`WebhookKeys`] while an attribute is read (a key given twice is reported).
struct WebhookSlots {
    verify: Attr<LitStr>,
    secret: Attr<LitStr>,
    event_id: Attr<LitStr>,
    subscribe: Attr<syn::Ident>,
    unsubscribe: Attr<syn::Ident>,
    refresh: Attr<syn::Ident>,
    endpoint: Attr<LitStr>,
}

impl WebhookSlots {
    fn new() -> Self {
        Self {
            verify: Attr::none("verify"),
            secret: Attr::none("secret"),
            event_id: Attr::none("event_id"),
            subscribe: Attr::none("subscribe"),
            unsubscribe: Attr::none("unsubscribe"),
            refresh: Attr::none("refresh"),
            endpoint: Attr::none("endpoint"),
        }
    }

    /// Reads the value of key `which`.
    fn set(&mut self, which: WebhooksKey, meta: &syn::meta::ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
        let span = span_of(meta);
        match which {
            WebhooksKey::Verify => self.verify.set(errors, span, lit_str(meta)?),
            WebhooksKey::Secret => self.secret.set(errors, span, lit_str(meta)?),
            WebhooksKey::EventId => self.event_id.set(errors, span, lit_str(meta)?),
            WebhooksKey::Subscribe => self.subscribe.set(errors, span, meta.value()?.parse()?),
            WebhooksKey::Unsubscribe => self.unsubscribe.set(errors, span, meta.value()?.parse()?),
            WebhooksKey::Refresh => self.refresh.set(errors, span, meta.value()?.parse()?),
            WebhooksKey::Endpoint => self.endpoint.set(errors, span, lit_str(meta)?),
        }
        Ok(())
    }

    fn get(self) -> WebhookKeys {
        WebhookKeys {
            verify: self.verify.get(),
            secret: self.secret.get(),
            event_id: self.event_id.get(),
            subscribe: self.subscribe.get(),
            unsubscribe: self.unsubscribe.get(),
            refresh: self.refresh.get(),
            endpoint: self.endpoint.get(),
        }
    }
}

fn parse_webhook_defaults(meta: &syn::meta::ParseNestedMeta, errors: &mut Errors) -> syn::Result<WebhookKeys> {
    let mut slots = WebhookSlots::new();
    meta.parse_nested_meta(|meta| {
        if let Some(which) = key(errors, &meta, "webhooks", WebhooksKey::from_name, WebhooksKey::NAMES)? {
            slots.set(which, &meta, errors)?;
        }
        Ok(())
    })?;
    Ok(slots.get())
}

/// Parses `#[actions(...)]`'s arguments and the impl block.
pub fn parse(args: TokenStream, item: TokenStream, errors: &mut Errors) -> syn::Result<ActionsModel> {
    let mut krate = Attr::none("crate");
    let mut webhooks = Attr::none("webhooks");
    let parser = syn::meta::parser(|meta| {
        match key(errors, &meta, "actions", ActionsKey::from_name, ActionsKey::NAMES)? {
            Some(ActionsKey::Crate) => krate.set(errors, span_of(&meta), crate_path(&meta)?),
            Some(ActionsKey::Webhooks) => {
                let defaults = parse_webhook_defaults(&meta, errors)?;
                webhooks.set(errors, span_of(&meta), defaults);
            }
            None => {}
        }
        Ok(())
    });
    parser.parse2(args)?;
    let defaults = webhooks.get().unwrap_or_default();
    let mut item: syn::ItemImpl = syn::parse2(item)?;
    let mut model = ActionsModel {
        item: item.clone(),
        krate: krate.get(),
        actions: Vec::new(),
        triggers: Vec::new(),
        test_connection: Vec::new(),
        unannotated_bodiless: Vec::new(),
    };
    for impl_item in &mut item.items {
        // `fn f(&self, ..) -> T;` (a declarative action) reaches us as verbatim tokens. It gets a
        // placeholder body so the impl block parses; a valid declarative action's body is
        // replaced by the expander, and any other bodiless method is an error.
        let bodiless = match impl_item {
            ImplItem::Verbatim(tokens) => match syn::parse2::<syn::TraitItemFn>(tokens.clone()) {
                Ok(f) if f.default.is_none() => Some(f),
                _ => None,
            },
            _ => None,
        };
        if let Some(f) = bodiless {
            *impl_item = ImplItem::Fn(ImplItemFn {
                attrs: f.attrs,
                vis: syn::Visibility::Inherited,
                defaultness: None,
                sig: f.sig,
                block: parse_quote!({ ::core::unreachable!() }),
            });
            if let ImplItem::Fn(f) = impl_item {
                parse_method(f, false, &mut model, &defaults, errors)?;
            }
        } else if let ImplItem::Fn(f) = impl_item {
            parse_method(f, true, &mut model, &defaults, errors)?;
        }
    }
    model.item = item;
    Ok(model)
}

/// Parses our attributes on one method and removes them from it.
fn parse_method(
    f: &mut ImplItemFn,
    has_body: bool,
    model: &mut ActionsModel,
    defaults: &WebhookKeys,
    errors: &mut Errors,
) -> syn::Result<()> {
    let is_ours =
        |a: &syn::Attribute| a.path().get_ident().is_some_and(|i| MethodAttribute::from_name(&i.to_string()).is_some());
    let ours: Vec<syn::Attribute> = f.attrs.iter().filter(|a| is_ours(a)).cloned().collect();
    f.attrs.retain(|a| !is_ours(a));
    if ours.len() > 1 {
        errors.add_spanned(&ours[1], "a method takes one of #[action], #[trigger] or #[test_connection], not several");
    }
    let Some(attr) = ours.into_iter().next() else {
        if !has_body {
            model.unannotated_bodiless.push(f.sig.ident.clone());
        }
        return Ok(());
    };
    let doc = Doc::of(&f.attrs);
    let method = MethodModel {
        sig: f.sig.clone(),
        has_body,
        params: f
            .sig
            .inputs
            .iter()
            .filter_map(|arg| match arg {
                FnArg::Typed(pat) => Some((*pat.ty).clone()),
                FnArg::Receiver(_) => None,
            })
            .collect(),
    };
    let kind = attr.path().get_ident().and_then(|i| MethodAttribute::from_name(&i.to_string()));
    match kind {
        Some(MethodAttribute::Action) => model.actions.push(parse_action(&attr, method, doc, errors)?),
        Some(MethodAttribute::Trigger) => model.triggers.push(parse_trigger(&attr, method, doc, defaults, errors)?),
        Some(MethodAttribute::TestConnection) | None => {
            if !matches!(attr.meta, syn::Meta::Path(_)) {
                errors.add_spanned(&attr, "#[test_connection] takes no arguments");
            }
            model.test_connection.push(method);
        }
    }
    Ok(())
}

/// What an action or trigger attribute wrote about its naming.
struct Written {
    id: Option<LitStr>,
    aliases: Attr<Vec<LitStr>>,
    name: Attr<LitStr>,
    description: Attr<LitStr>,
    icon: Attr<LitStr>,
}

/// Settles id, name, description and icon from what was written and the method.
fn naming(written: Written, method: &MethodModel, doc: Doc, kind: &str, errors: &mut Errors) -> Naming {
    let Written { id, aliases, name, description, icon } = written;
    let (id, id_span) = match id {
        Some(id) => (id.value(), id.span()),
        None => (method.sig.ident.to_string(), method.sig.ident.span()),
    };
    let description = description.get().map(|d| d.value()).or(doc.short).unwrap_or_else(|| {
        let name = &method.sig.ident;
        errors.add(
            name.span(),
            format!("{kind} `{name}` has no description: add a `///` doc comment or `description = \"...\"`"),
        );
        String::new()
    });
    Naming {
        name: name.get().map(|n| n.value()).unwrap_or_else(|| title_case(&id)),
        id,
        id_span,
        aliases: aliases.get().unwrap_or_default(),
        description,
        long_description: doc.long,
        icon: icon.get(),
    }
}

fn parse_action(attr: &syn::Attribute, method: MethodModel, doc: Doc, errors: &mut Errors) -> syn::Result<ActionModel> {
    let mut id = Attr::none("id");
    let mut legacy_id = Attr::none("legacy_id");
    let mut alias_list = Attr::none("aliases");
    let mut name = Attr::none("name");
    let mut description = Attr::none("description");
    let mut category = Attr::none("category");
    let mut icon = Attr::none("icon");
    let mut http = Attr::none("http");
    let mut idempotent = BoolAttr::none("idempotent");
    if !matches!(attr.meta, syn::Meta::Path(_)) {
        attr.parse_nested_meta(|meta| {
            let Some(which) = key(errors, &meta, "action", ActionKey::from_name, ActionKey::NAMES)? else {
                return Ok(());
            };
            let span = span_of(&meta);
            match which {
                ActionKey::Id => id.set(errors, span, lit_str(&meta)?),
                ActionKey::LegacyId => legacy_id.set(errors, span, lit_str(&meta)?),
                ActionKey::Aliases => {
                    let list = aliases(&meta, errors)?;
                    alias_list.set(errors, span, list);
                }
                ActionKey::Name => name.set(errors, span, lit_str(&meta)?),
                ActionKey::Description => description.set(errors, span, lit_str(&meta)?),
                ActionKey::Category => category.set(errors, span, lit_str(&meta)?),
                ActionKey::Icon => icon.set(errors, span, lit_str(&meta)?),
                ActionKey::Idempotent => idempotent.set_from(errors, &meta)?,
                ActionKey::Http => {
                    let parsed = parse_http(&meta, errors)?;
                    http.set(errors, span, parsed);
                }
            }
            Ok(())
        })?;
    }
    let (id, legacy_id) = (id.get(), legacy_id.get());
    if let (Some(_), Some(legacy)) = (&id, &legacy_id) {
        errors.add(legacy.span(), "give either `id` or `legacy_id`, not both");
    }
    if let Some(legacy) = legacy_id.as_ref().filter(|l| l.value().is_empty() || l.value().contains(char::is_whitespace))
    {
        errors.add(legacy.span(), "a legacy_id cannot be empty or contain spaces");
    }
    let legacy = legacy_id.is_some();
    let http = http.get();
    let written = Written { id: legacy_id.or(id), aliases: alias_list, name, description, icon };
    let naming = naming(written, &method, doc, "action", errors);
    Ok(ActionModel {
        method,
        naming,
        legacy,
        category: category.get(),
        declares_http: http.is_some(),
        http: http.flatten(),
        idempotent: idempotent.get(),
    })
}

/// `http(...)`; `None` when a required key is missing (the error is recorded).
fn parse_http(meta: &syn::meta::ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<HttpModel>> {
    let span = meta.path.span();
    let mut method = Attr::none("method");
    let mut endpoint = Attr::none("endpoint");
    let mut body = Attr::none("body");
    let mut headers = Vec::new();
    let mut param_mapping = Vec::new();
    let mut unknown_value = false;
    meta.parse_nested_meta(|inner| {
        let Some(which) = key(errors, &inner, "action(http", HttpKey::from_name, HttpKey::NAMES)? else {
            return Ok(());
        };
        let key_span = span_of(&inner);
        match which {
            HttpKey::Method => {
                let lit = lit_str(&inner)?;
                match HttpMethod::from_name(&lit.value()) {
                    Some(value) => method.set(errors, key_span, value),
                    None => {
                        let hint = suggestion(&lit.value().to_uppercase(), HttpMethod::NAMES);
                        errors.add(lit.span(), format!("unknown HTTP method `{}`{hint}", lit.value()));
                        unknown_value = true;
                    }
                }
            }
            HttpKey::Endpoint => endpoint.set(errors, key_span, lit_str(&inner)?),
            HttpKey::Body => {
                let lit = lit_str(&inner)?;
                match BodyEncoding::from_name(&lit.value()) {
                    Some(value) => body.set(errors, key_span, value),
                    None => {
                        errors.add(
                            lit.span(),
                            format!(
                                "unknown body encoding `{}`; expected \"json\", \"form\" or \"query\"",
                                lit.value()
                            ),
                        );
                        unknown_value = true;
                    }
                }
            }
            HttpKey::Headers => headers.extend(super::headers(&inner)?),
            HttpKey::ParamMapping => inner.parse_nested_meta(|mapping| {
                let field = mapping.path.require_ident()?.clone();
                mapping.input.parse::<Token![=]>()?;
                param_mapping.push((field, mapping.input.parse()?));
                Ok(())
            })?,
        }
        Ok(())
    })?;
    let method = method.get();
    if method.is_none() && !unknown_value {
        errors.add(span, "http(...) needs `method = \"GET\"` (or POST, PUT, PATCH, DELETE)");
    }
    let endpoint = endpoint.get();
    match &endpoint {
        None => errors.add(span, "http(...) needs `endpoint = \"/path\"`"),
        Some(endpoint) if !endpoint.value().starts_with('/') => {
            errors.add(endpoint.span(), format!("endpoint `{}` must start with `/`", endpoint.value()))
        }
        Some(_) => {}
    }
    Ok(match (method, endpoint) {
        (Some(method), Some(endpoint)) => {
            Some(HttpModel { method, endpoint, headers, param_mapping, body: body.get().unwrap_or(BodyEncoding::Json) })
        }
        _ => None,
    })
}

fn parse_trigger(
    attr: &syn::Attribute,
    method: MethodModel,
    doc: Doc,
    defaults: &WebhookKeys,
    errors: &mut Errors,
) -> syn::Result<TriggerModel> {
    let mut id = Attr::none("id");
    let mut alias_list = Attr::none("aliases");
    let mut name = Attr::none("name");
    let mut description = Attr::none("description");
    let mut event_type = Attr::none("event_type");
    let mut icon = Attr::none("icon");
    let mut webhook = BoolAttr::none("webhook");
    let mut polling = BoolAttr::none("polling");
    let mut gateway = Attr::<syn::Ident>::none("gateway");
    // A bare `gateway` is reported once, and still counts as the kind chosen.
    let mut bare_gateway = None;
    let mut webhook_keys = WebhookSlots::new();
    if !matches!(attr.meta, syn::Meta::Path(_)) {
        attr.parse_nested_meta(|meta| {
            let Some(which) = key(errors, &meta, "trigger", TriggerKey::from_name, TriggerKey::NAMES)? else {
                return Ok(());
            };
            let span = span_of(&meta);
            match which {
                TriggerKey::Id => id.set(errors, span, lit_str(&meta)?),
                TriggerKey::Aliases => {
                    let list = aliases(&meta, errors)?;
                    alias_list.set(errors, span, list);
                }
                TriggerKey::Name => name.set(errors, span, lit_str(&meta)?),
                TriggerKey::Description => description.set(errors, span, lit_str(&meta)?),
                TriggerKey::EventType => event_type.set(errors, span, lit_str(&meta)?),
                TriggerKey::Icon => icon.set(errors, span, lit_str(&meta)?),
                TriggerKey::Webhook => webhook.set_from(errors, &meta)?,
                TriggerKey::Polling => polling.set_from(errors, &meta)?,
                TriggerKey::Gateway if meta.input.is_empty() || meta.input.peek(syn::Token![,]) => {
                    bare_gateway = Some(span);
                    errors.add(
                        span,
                        "`gateway` names the method that opens the connection the events arrive over: write `gateway = open_gateway` and add `async fn open_gateway(&self, triggers: &[&str]) -> Result<GatewayConnection>`",
                    )
                }
                TriggerKey::Gateway => gateway.set(errors, span, meta.value()?.parse()?),
                TriggerKey::Verify
                | TriggerKey::Secret
                | TriggerKey::EventId
                | TriggerKey::Subscribe
                | TriggerKey::Unsubscribe
                | TriggerKey::Refresh
                | TriggerKey::Endpoint => {
                    let which = WebhooksKey::from_name(which.name()).expect("the webhook keys have the same names");
                    webhook_keys.set(which, &meta, errors)?;
                }
            }
            Ok(())
        })?;
    }
    let written = Written { id: id.get(), aliases: alias_list, name, description, icon };
    let naming = naming(written, &method, doc, "trigger", errors);
    let gateway = gateway.get();
    let kinds = [
        (webhook.span(), TriggerKind::Webhook),
        (polling.span(), TriggerKind::Polling),
        (gateway.as_ref().map(syn::Ident::span).or(bare_gateway), TriggerKind::Gateway),
    ];
    let mut given = kinds.iter().filter_map(|(span, kind)| span.map(|span| (span, *kind)));
    let kind = match (given.next(), given.next()) {
        (Some(_), Some((second, _))) => {
            errors.add(second, "a trigger has one kind: `webhook`, `polling` or `gateway = <method>`, not two");
            None
        }
        (None, _) => {
            errors.add(
                attr.path().span(),
                format!("trigger `{}` needs a kind: `webhook` (the provider calls us), `polling` (we call the provider) or `gateway = <method>` (a connection we keep open)", naming.id),
            );
            None
        }
        (Some((_, kind)), None) => Some(kind),
    };
    // A webhook trigger takes the block's `webhooks(...)` defaults for what it does not say itself.
    let keys = match kind {
        Some(TriggerKind::Webhook) => webhook_keys.get().or(defaults),
        _ => webhook_keys.get(),
    };
    let (verify, secret_lit, event_id_lit) = (keys.verify, keys.secret, keys.event_id);
    let scheme = verify
        .as_ref()
        .and_then(|lit| enum_value(errors, lit, "signature scheme", SchemeName::from_name, SchemeName::NAMES));
    let secret = secret_lit.as_ref().and_then(|lit| parse_secret(lit, errors).map(|secret| (secret, lit.span())));
    let event_id = event_id_lit.filter(|lit| check_event_id(lit, kind, errors)).map(|spec| EventIdModel { spec });
    check_verification(kind, verify.as_ref(), scheme, secret_lit.as_ref(), errors);
    let verify = scheme;
    let (subscribe, unsubscribe, refresh) = (keys.subscribe, keys.unsubscribe, keys.refresh);
    check_lifecycle(kind, subscribe.as_ref(), unsubscribe.as_ref(), errors);
    if let (Some(method), Some(other @ (TriggerKind::Polling | TriggerKind::Gateway))) = (&refresh, kind) {
        errors.add(
            method.span(),
            format!(
                "`refresh = {method}` renews a webhook subscription, and a {} trigger has none: remove `refresh`",
                other.word()
            ),
        );
    } else if let (Some(method), None) = (&refresh, &subscribe) {
        errors.add(
            method.span(),
            format!("`refresh = {method}` renews a subscription, but this trigger has no `subscribe`: add `subscribe` and `unsubscribe`, or remove `refresh`"),
        );
    }
    let shared_endpoint = keys.endpoint.as_ref().is_some_and(|lit| check_endpoint(lit, kind, errors));
    Ok(TriggerModel {
        method,
        gateway,
        event_type: event_type.get().map(|e| e.value()).unwrap_or_else(|| naming.id.clone()),
        naming,
        kind,
        verify,
        secret,
        event_id,
        subscribe,
        unsubscribe,
        refresh,
        shared_endpoint,
    })
}

/// `endpoint = "registration" | "connection"`, only on webhook triggers; whether it is shared.
fn check_endpoint(lit: &LitStr, kind: Option<TriggerKind>, errors: &mut Errors) -> bool {
    if let Some(other @ (TriggerKind::Polling | TriggerKind::Gateway)) = kind {
        errors.add(
            lit.span(),
            format!(
                "`endpoint` says where a provider sends webhooks, and a {} trigger receives none: remove `endpoint`",
                other.word()
            ),
        );
        return false;
    }
    enum_value(errors, lit, "webhook endpoint", EndpointName::from_name, EndpointName::NAMES)
        .is_some_and(|endpoint| endpoint == EndpointName::Connection)
}

/// `subscribe` and `unsubscribe` go together (a webhook registered with no way to remove it would
/// pile up at the provider), and only on webhook triggers.
fn check_lifecycle(
    kind: Option<TriggerKind>,
    subscribe: Option<&syn::Ident>,
    unsubscribe: Option<&syn::Ident>,
    errors: &mut Errors,
) {
    if let Some(other @ (TriggerKind::Polling | TriggerKind::Gateway)) = kind {
        for method in subscribe.into_iter().chain(unsubscribe) {
            errors.add(
                method.span(),
                format!("`subscribe` and `unsubscribe` register a webhook with the provider; a {} trigger has none: remove them", other.word()),
            );
        }
        return;
    }
    match (subscribe, unsubscribe) {
        (Some(method), None) => errors.add(
            method.span(),
            format!(
                "`subscribe = {method}` needs `unsubscribe = <method>` too, or the provider's webhook could never be removed: \
                 add an `async fn(&self, config: C, subscription: Subscription) -> Result<()>` and name it"
            ),
        ),
        (None, Some(method)) => errors.add(
            method.span(),
            format!(
                "`unsubscribe = {method}` without `subscribe`: name the `async fn(&self, config: C, context: SubscribeContext) -> Result<Subscription>` that registers the webhook"
            ),
        ),
        _ => {}
    }
}

/// `secret = "config.<field>" | "credentials.<key>" | "generated"`.
fn parse_secret(lit: &LitStr, errors: &mut Errors) -> Option<SecretModel> {
    let value = lit.value();
    let parsed = match value.split_once('.') {
        _ if value == "generated" => Some(SecretModel::Generated),
        Some(("config", field)) if !field.is_empty() => Some(SecretModel::Config(field.to_owned())),
        Some(("credentials", key)) if !key.is_empty() => Some(SecretModel::Credential(key.to_owned())),
        _ => None,
    };
    if parsed.is_none() {
        errors.add(
            lit.span(),
            format!(
                "`secret = \"{value}\"` does not say where the secret lives: write `\"config.<field>\"` (a field of the trigger's configuration), `\"credentials.<key>\"` (a credential of the connection) or `\"generated\"` (made or returned at subscription, stored encrypted){}",
                secret_hint(&value)
            ),
        );
    }
    parsed
}

/// A "did you mean" for a malformed `secret`, or nothing.
fn secret_hint(value: &str) -> String {
    const SOURCES: &[&str] = &["config", "credentials"];
    let (source, name) = match value.split_once(['.', ':', '/']) {
        Some((source, name)) => (source, name),
        None if SOURCES.contains(&value) => (value, ""),
        None if closest(value, ["generated"]).is_some() => return "; did you mean `\"generated\"`?".into(),
        None if !value.is_empty() => {
            return format!("; did you mean `\"config.{value}\"` or `\"credentials.{value}\"`?");
        }
        None => return String::new(),
    };
    match (closest(source, SOURCES.iter().copied()), name.is_empty()) {
        (Some(source), true) => {
            format!("; name the {} after `{source}.`", if source == "config" { "field" } else { "key" })
        }
        (Some(source), false) => format!("; did you mean `\"{source}.{name}\"`?"),
        (None, _) => String::new(),
    }
}

/// `event_id`: one of the four forms `EventId::parse` reads; a polling trigger, which has no
/// request, only the per-event pointer.
fn check_event_id(lit: &LitStr, kind: Option<TriggerKind>, errors: &mut Errors) -> bool {
    let value = lit.value();
    let valid = match value.split_once(':') {
        _ if value.starts_with('/') => true,
        Some(("header" | "form", name)) => !name.is_empty(),
        Some(("body", pointer)) => pointer.starts_with('/'),
        _ => false,
    };
    if !valid {
        errors.add(
            lit.span(),
            format!(
                "`event_id = \"{value}\"` is not an event id location: write `\"header:<name>\"` (e.g. `\"header:X-GitHub-Delivery\"`), `\"body:/<json pointer>\"`, `\"form:<parameter>\"` or `\"/<json pointer into each event>\"`{}",
                event_id_hint(&value)
            ),
        );
        return false;
    }
    if kind == Some(TriggerKind::Polling) && !value.starts_with('/') {
        errors.add(
            lit.span(),
            format!("`event_id = \"{value}\"` reads the request, and a polling trigger has none: point into each event instead (`\"/id\"`)"),
        );
        return false;
    }
    if kind == Some(TriggerKind::Gateway) && (value.starts_with("header:") || value.starts_with("form:")) {
        errors.add(
            lit.span(),
            format!("`event_id = \"{value}\"` reads a header or a form, and a gateway event is a JSON message with neither: write `\"body:/<json pointer>\"` into the message or `\"/<json pointer>\"` into each event"),
        );
        return false;
    }
    true
}

/// A "did you mean" for a malformed `event_id`, or nothing.
fn event_id_hint(value: &str) -> String {
    const PLACES: &[&str] = &["header", "body", "form"];
    match value.split_once(':') {
        Some(("body", pointer)) if !pointer.is_empty() => {
            format!("; a JSON pointer starts with `/`: did you mean `\"body:/{pointer}\"`?")
        }
        Some((place, name)) if name.is_empty() && PLACES.contains(&place) => {
            format!("; name what to read after `{place}:`")
        }
        Some((place, name)) => match closest(place, PLACES.iter().copied()) {
            Some("body") => format!("; did you mean `\"body:/{}\"`?", name.trim_start_matches('/')),
            Some(place) => format!("; did you mean `\"{place}:{name}\"`?"),
            None => String::new(),
        },
        None if value.contains('-') => format!("; did you mean `\"header:{value}\"`?"),
        None if !value.is_empty() => {
            format!("; did you mean `\"body:/{value}\"` (one id per delivery) or `\"/{value}\"` (one per event)?")
        }
        None => String::new(),
    }
}

/// What the secret of each scheme is, for the "`verify` needs a secret" message.
fn secret_of(scheme: SchemeName) -> &'static str {
    match scheme {
        SchemeName::SlackV0 => "the Slack app's signing secret (a credential or a configuration field)",
        SchemeName::Stripe => "the endpoint's `whsec_` secret, returned when the endpoint is created (`\"generated\"`)",
        SchemeName::GitHub => "the hook's secret, chosen when the hook is created (`\"generated\"`)",
        SchemeName::Twilio => "the account's Auth Token (a credential)",
        SchemeName::Telegram => "the `secret_token` given to setWebhook (`\"generated\"`)",
        SchemeName::DiscordEd25519 => "the application's public key (a credential or a configuration field)",
        SchemeName::Airtable => "the webhook's `macSecretBase64`, returned when it is created (`\"generated\"`)",
        SchemeName::UrlToken => "a random token the server puts in the webhook URL it subscribes (`\"generated\"`)",
        SchemeName::Shopify => "the app's client secret (a credential)",
        SchemeName::WooCommerce => "the webhook's secret, chosen when the webhook is created (`\"generated\"`)",
        SchemeName::ClickUp => "the webhook's `secret`, returned when it is created (`\"generated\"`)",
        SchemeName::ZoomV0 => "the Zoom app's secret token (a credential or a configuration field)",
        SchemeName::HubSpotV3 => "the HubSpot app's client secret (a credential)",
        SchemeName::Meta => "the Meta app's secret (a credential)",
        SchemeName::Asana => "the secret Asana hands over in the handshake when the webhook is created (`\"generated\"`)",
        SchemeName::Trello => "the Trello app's secret (a credential)",
        SchemeName::SendGrid => "the Event Webhook's verification key (a configuration field, or `\"generated\"` when subscribing returns it)",
    }
}

/// `verify` and `secret` go together, and only on webhook triggers. Errors point at what was
/// written; an unknown scheme or a malformed secret has its own error, and no second one here.
fn check_verification(
    kind: Option<TriggerKind>,
    verify: Option<&LitStr>,
    scheme: Option<SchemeName>,
    secret: Option<&LitStr>,
    errors: &mut Errors,
) {
    let why = match kind {
        Some(TriggerKind::Polling) => Some("a polling trigger calls the provider itself, so no request arrives to verify"),
        Some(TriggerKind::Gateway) => {
            Some("a gateway trigger's events come over the connection its method opened and authenticated, so no request arrives to verify")
        }
        _ => None,
    };
    if let Some(why) = why {
        if let Some(lit) = verify {
            errors.add(lit.span(), format!("`verify` is for webhook triggers: {why}; remove `verify` and `secret`"));
        } else if let Some(lit) = secret {
            errors.add(lit.span(), format!("`secret` is for webhook triggers: {why}; remove `secret`"));
        }
        return;
    }
    match (verify, secret) {
        (Some(lit), None) => {
            let what = scheme.map(secret_of).unwrap_or("the signing secret");
            errors.add(
                lit.span(),
                format!("`verify = \"{}\"` needs the secret to check with, {what}: add `secret = \"config.<field>\"`, `\"credentials.<key>\"` or `\"generated\"`", lit.value()),
            );
        }
        (None, Some(lit)) => errors.add(
            lit.span(),
            "`secret` without `verify`: name the signature scheme too (`verify = \"slack_v0\"`, `\"stripe\"`, `\"github\"`, `\"twilio\"`, `\"telegram\"`, `\"discord_ed25519\"` or `\"airtable\"`)",
        ),
        _ => {}
    }
}
