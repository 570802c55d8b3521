//! `#[actions]` → the impl block (declarative bodies filled in), `impl ActionSet` (the
//! definitions) and `impl Connector` (the dispatch: one line per action).

use super::Paths;
use crate::checks::placeholders;
use crate::model::{
    ActionModel, ActionsModel, MethodModel, Naming, SchemeName, SecretModel, TriggerKind, TriggerModel,
};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, Pat};

/// Expands a valid model.
pub fn expand(model: &ActionsModel) -> TokenStream {
    let paths = Paths::new(model.krate.as_ref());
    let (core, p) = (&paths.core, &paths.private);
    let self_ty = &model.item.self_ty;
    let name = quote!(<Self as #core::ConnectorSpec>::NAME);
    let mut item = model.item.clone();
    let mut checks = TokenStream::new();
    let mut definitions = Vec::new();
    let mut arms = Vec::new();
    let mut ids = Vec::new();
    for action in &model.actions {
        let id = &action.naming.id;
        let input = input_type(core, &action.method);
        let output = output_type(&paths, &action.method);
        let api = api_meta(&paths, action);
        let meta = action_meta(&paths, action, &api);
        definitions.push(quote!(#p::action_definition::<#input, #output>(&#meta)));
        let method = &action.method.sig.ident;
        let call = if action.method.params.is_empty() {
            quote!(|_: #input| self.#method())
        } else {
            quote!(|input| self.#method(input))
        };
        let call_info = quote!(#p::ActionCall { connector: #name, action });
        arms.push(quote!(#id => #p::run_action::<#input, _, _>(#call_info, input, #call),));
        ids.push(id);
        let Some(http) = &action.http else { continue };
        if !action.method.params.is_empty() {
            let fields = quote!(<#input as #core::Input>::FIELDS);
            for placeholder in placeholders(&http.endpoint.value()) {
                let message = format!("endpoint placeholder `{{{placeholder}}}` names no input field of the action `{id}`; add the field to its input struct or fix the placeholder");
                checks.extend(paths.require_field(&fields, &placeholder, http.endpoint.span(), &message));
            }
            for (field, _) in &http.param_mapping {
                let message = format!("param_mapping key `{field}` names no input field of the action `{id}`; keys are input field names (as serialized)");
                checks.extend(paths.require_field(&fields, &field.to_string(), field.span(), &message));
            }
        }
        if !action.method.has_body {
            if let Some(api) = &api {
                fill_declarative_body(&paths, &mut item, action, api);
            }
        }
    }
    let mut trigger_definitions = Vec::new();
    let mut webhook_arms = Vec::new();
    let mut poll_arms = Vec::new();
    let mut trigger_ids = Vec::new();
    let mut trigger_metas = Vec::new();
    let mut subscribe_arms = Vec::new();
    let mut unsubscribe_arms = Vec::new();
    let mut refresh_arms = Vec::new();
    let mut gateway_arms: Vec<(&syn::Ident, Vec<&String>)> = Vec::new();
    let mut trigger_checks = TokenStream::new();
    for trigger in &model.triggers {
        let id = &trigger.naming.id;
        let config = input_type(core, &trigger.method);
        let output = output_type(&paths, &trigger.method);
        let meta = trigger_meta(&paths, trigger);
        trigger_definitions.push(quote!(
            #p::trigger_definition::<#config, <#output as #p::TriggerEvents>::Event>(&#meta)
        ));
        trigger_metas.push(meta);
        trigger_checks.extend(secret_checks(&paths, trigger, &config, self_ty));
        let method = &trigger.method.sig.ident;
        if trigger.kind == Some(TriggerKind::Polling) {
            poll_arms.push(quote!(#id => #p::run_poll::<#config, _, _>(trigger, config, |config| self.#method(config, cursor)).await,));
            webhook_arms.push(quote!(#id => #p::Err(#p::wrong_trigger_kind(#name, trigger, "webhook")),));
        } else {
            webhook_arms.push(quote!(#id => #p::run_webhook::<#config, _, _>(trigger, config, |config| self.#method(config, request)).await,));
            poll_arms.push(quote!(#id => #p::Err(#p::wrong_trigger_kind(#name, trigger, "polling")),));
        }
        if let (Some(subscribe), Some(unsubscribe)) = (&trigger.subscribe, &trigger.unsubscribe) {
            // Spanned on the method named in the attribute: a wrong signature is reported there.
            let subscribe_call = quote::quote_spanned!(subscribe.span()=>
                #p::run_subscribe::<#config, _>(trigger, config, |config| self.#subscribe(config, context)).await
            );
            let unsubscribe_call = quote::quote_spanned!(unsubscribe.span()=>
                #p::run_unsubscribe::<#config, _>(trigger, config, |config| self.#unsubscribe(config, subscription)).await
            );
            if let Some(refresh) = &trigger.refresh {
                let refresh_call = quote::quote_spanned!(refresh.span()=>
                    #p::run_refresh::<#config, _>(trigger, config, |config| self.#refresh(config, subscription)).await
                );
                refresh_arms.push(quote!(#id => #refresh_call,));
            }
            subscribe_arms.push(quote!(#id => #subscribe_call,));
            unsubscribe_arms.push(quote!(#id => #unsubscribe_call,));
        }
        if let Some(open) = &trigger.gateway {
            match gateway_arms.iter_mut().find(|(method, _)| *method == open) {
                Some((_, ids)) => ids.push(id),
                None => gateway_arms.push((open, vec![id])),
            }
        }
        trigger_ids.push(id);
    }
    // The server passes the ids of triggers naming the same method: the first one picks it.
    let gateway_arms = gateway_arms.iter().map(|(open, ids)| {
        let call = quote::quote_spanned!(open.span()=> self.#open(triggers).await);
        quote!(#p::Some(#(&#ids)|*) => #call,)
    });
    let test_connection = match model.test_connection.first() {
        Some(method) => {
            let method = &method.sig.ident;
            quote!(self.#method().await.map(|_| ()))
        }
        None => quote!(#p::default_test_connection(self).await),
    };
    let result = quote!(#core::Result);
    let value = quote!(#p::serde_json::Value);
    quote! {
        #item

        #[automatically_derived]
        impl #p::ActionSet for #self_ty {
            const TRIGGERS: &'static [#p::TriggerMeta] = &[#(#trigger_metas),*];
            fn actions() -> #p::Vec<#core::ActionDefinition> {
                #p::Vec::from([#(#definitions),*])
            }
            fn triggers() -> #p::Vec<#core::TriggerDefinition> {
                #p::Vec::from([#(#trigger_definitions),*])
            }
        }

        #[automatically_derived]
        impl #core::Connector for #self_ty {
            fn execute<'a>(&'a self, action: &'a str, input: #value) -> #core::BoxFuture<'a, #result<#value>> {
                match action {
                    #(#arms)*
                    _ => #p::ready_error(#p::unknown_id(#name, "action", action, &[#(#ids),*])),
                }
            }

            fn test_connection(&self) -> #core::BoxFuture<'_, #result<()>> {
                #p::Box::pin(async move { #test_connection })
            }

            #[allow(unused_variables)]
            fn handle_webhook<'a>(&'a self, trigger: &'a str, config: #value, request: #core::WebhookRequest)
                -> #core::BoxFuture<'a, #result<#core::WebhookReply<#value>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#webhook_arms)*
                        _ => #p::Err(#p::unknown_id(#name, "trigger", trigger, &[#(#trigger_ids),*])),
                    }
                })
            }

            #[allow(unused_variables)]
            fn subscribe<'a>(&'a self, trigger: &'a str, config: #value, context: #core::SubscribeContext)
                -> #core::BoxFuture<'a, #result<#p::Option<#core::Subscription>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#subscribe_arms)*
                        _ => #p::Ok(#p::None),
                    }
                })
            }

            #[allow(unused_variables)]
            fn unsubscribe<'a>(&'a self, trigger: &'a str, config: #value, subscription: #core::Subscription)
                -> #core::BoxFuture<'a, #result<()>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#unsubscribe_arms)*
                        _ => #p::Ok(()),
                    }
                })
            }

            #[allow(unused_variables)]
            fn refresh_subscription<'a>(&'a self, trigger: &'a str, config: #value, subscription: #core::Subscription)
                -> #core::BoxFuture<'a, #result<#p::Option<#core::Subscription>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#refresh_arms)*
                        _ => #p::Ok(#p::None),
                    }
                })
            }

            fn open_gateway<'a>(&'a self, triggers: &'a [&'a str])
                -> #core::BoxFuture<'a, #result<#core::gateway::GatewayConnection>> {
                #p::Box::pin(async move {
                    match triggers.first() {
                        #(#gateway_arms)*
                        _ => #p::Err(#p::not_a_gateway(#name, triggers)),
                    }
                })
            }

            #[allow(unused_variables)]
            fn poll<'a>(&'a self, trigger: &'a str, config: #value, cursor: #p::Option<#value>)
                -> #core::BoxFuture<'a, #result<#core::Polled<#value>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#poll_arms)*
                        _ => #p::Err(#p::unknown_id(#name, "trigger", trigger, &[#(#trigger_ids),*])),
                    }
                })
            }
        }

        #checks
        #trigger_checks
    }
}

/// The first parameter's type, or `NoInput`.
fn input_type(core: &TokenStream, method: &MethodModel) -> TokenStream {
    match method.params.first() {
        Some(ty) => quote!(#ty),
        None => quote!(#core::NoInput),
    }
}

/// `<Ret as Returns>::Output`, spanned on the return type so a wrong one is pointed at.
fn output_type(paths: &Paths, method: &MethodModel) -> TokenStream {
    let p = &paths.private;
    match &method.sig.output {
        syn::ReturnType::Type(_, ty) => quote_spanned!(ty.span()=> <#ty as #p::Returns>::Output),
        syn::ReturnType::Default => quote_spanned!(method.sig.ident.span()=> <() as #p::Returns>::Output),
    }
}

fn api_meta(paths: &Paths, action: &ActionModel) -> Option<TokenStream> {
    let p = &paths.private;
    let http = action.http.as_ref()?;
    let method = http.method.name();
    let endpoint = &http.endpoint;
    let headers = http.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let mapping = http.param_mapping.iter().map(|(field, param)| {
        let field = field.to_string();
        quote!((#field, #param))
    });
    let body = http.body.name();
    let idempotent = action.idempotent;
    Some(quote!(#p::ApiMeta {
        method: #method, endpoint: #endpoint, headers: &[#(#headers),*], param_mapping: &[#(#mapping),*], body: #body, idempotent: #idempotent
    }))
}

/// The id, aliases, name, descriptions and icon fields of an action's or trigger's meta.
fn naming_fields(paths: &Paths, naming: &Naming) -> TokenStream {
    let Naming { id, aliases, name, description, long_description, icon, .. } = naming;
    let long_description = paths.opt_string(long_description.as_deref());
    let icon = paths.opt_str(icon.as_ref());
    quote!(id: #id, aliases: &[#(#aliases),*], name: #name, description: #description, long_description: #long_description, icon: #icon)
}

fn action_meta(paths: &Paths, action: &ActionModel, api: &Option<TokenStream>) -> TokenStream {
    let p = &paths.private;
    let naming = naming_fields(paths, &action.naming);
    let category = paths.opt_str(action.category.as_ref());
    let api = paths.option(api.as_ref());
    let idempotent = action.idempotent;
    quote!(#p::ActionMeta { #naming, category: #category, api: #api, idempotent: #idempotent })
}

fn trigger_meta(paths: &Paths, trigger: &TriggerModel) -> TokenStream {
    let (p, core) = (&paths.private, &paths.core);
    let naming = naming_fields(paths, &trigger.naming);
    let event_type = &trigger.event_type;
    let (webhook, polling) = (trigger.kind == Some(TriggerKind::Webhook), trigger.kind == Some(TriggerKind::Polling));
    let gateway = paths.option(trigger.gateway.as_ref().map(|open| {
        let name = open.to_string();
        quote!(#name)
    }));
    let subscribes = trigger.subscribe.is_some() && trigger.unsubscribe.is_some();
    let refreshes = subscribes && trigger.refresh.is_some();
    let shared_endpoint = trigger.shared_endpoint;
    let verify = paths.option(trigger.verify.map(|scheme| {
        let variant = syn::Ident::new(scheme_variant(scheme), proc_macro2::Span::call_site());
        quote!(#core::SignatureScheme::#variant)
    }));
    let secret = paths.option(trigger.secret.as_ref().map(|(secret, _)| match secret {
        SecretModel::Config(field) => quote!(#core::SecretSource::Config(#field)),
        SecretModel::Credential(key) => quote!(#core::SecretSource::Credential(#key)),
        SecretModel::Generated => quote!(#core::SecretSource::Generated),
    }));
    let event_id = paths.option(trigger.event_id.as_ref().map(|event_id| {
        let spec = &event_id.spec;
        quote!(match #core::EventId::parse(#spec) { #p::Some(id) => id, #p::None => ::core::panic!("checked by the macro") })
    }));
    quote!(#p::TriggerMeta {
        #naming, event_type: #event_type, webhook: #webhook, polling: #polling, gateway: #gateway,
        verify: #verify, secret: #secret, event_id: #event_id, subscribes: #subscribes, refreshes: #refreshes,
        shared_endpoint: #shared_endpoint,
    })
}

/// The `SignatureScheme` variant of a scheme name.
fn scheme_variant(scheme: SchemeName) -> &'static str {
    match scheme {
        SchemeName::SlackV0 => "SlackV0",
        SchemeName::Stripe => "Stripe",
        SchemeName::GitHub => "GitHub",
        SchemeName::Twilio => "Twilio",
        SchemeName::Telegram => "Telegram",
        SchemeName::DiscordEd25519 => "DiscordEd25519",
        SchemeName::Airtable => "Airtable",
        SchemeName::UrlToken => "UrlToken",
        SchemeName::Shopify => "Shopify",
        SchemeName::WooCommerce => "WooCommerce",
        SchemeName::ClickUp => "ClickUp",
        SchemeName::ZoomV0 => "ZoomV0",
        SchemeName::HubSpotV3 => "HubSpotV3",
        SchemeName::Meta => "Meta",
        SchemeName::Asana => "Asana",
        SchemeName::Trello => "Trello",
        SchemeName::SendGrid => "SendGrid",
    }
}

/// Compile-time checks that a trigger's `secret` names a field that exists.
fn secret_checks(paths: &Paths, trigger: &TriggerModel, config: &TokenStream, self_ty: &syn::Type) -> TokenStream {
    let (p, core) = (&paths.private, &paths.core);
    let Some((secret, span)) = &trigger.secret else { return TokenStream::new() };
    let id = &trigger.naming.id;
    match secret {
        SecretModel::Config(field) => {
            let config_type = type_name(config);
            paths.require_field(
                &quote!(<#config as #core::Input>::FIELDS),
                field,
                *span,
                &format!("trigger `{id}`: `secret = \"config.{field}\"` names no field of its configuration `{config_type}`; add the field, or fix the name (fields are named as serialized, e.g. `signingSecret` under `rename_all = \"camelCase\"`)"),
            )
        }
        SecretModel::Credential(key) => paths.require_field(
            &quote!(<<#self_ty as #core::ConnectorSpec>::Credentials as #core::Credentials>::KEYS),
            key,
            *span,
            &format!("trigger `{id}`: `secret = \"credentials.{key}\"` names no credential of this connector; add the credential field, or fix the key (keys are as in the credentials form, e.g. `authToken`)"),
        ),
        SecretModel::Generated => {
            let _ = p;
            TokenStream::new()
        }
    }
}

/// A type as written, for messages: `Filter`, `NoInput` (not `::fluxturn_core::NoInput`).
fn type_name(ty: &TokenStream) -> String {
    let written = ty.to_string().replace(' ', "");
    match written.contains('<') {
        true => written,
        false => written.rsplit("::").next().unwrap_or_default().to_owned(),
    }
}

/// Gives a bodiless declarative action its body: one call to `run_declared`.
fn fill_declarative_body(paths: &Paths, item: &mut syn::ItemImpl, action: &ActionModel, api: &TokenStream) {
    let (core, p) = (&paths.core, &paths.private);
    let method = &action.method.sig.ident;
    for impl_item in &mut item.items {
        let ImplItem::Fn(f) = impl_item else { continue };
        if f.sig.ident != *method {
            continue;
        }
        let input = f.sig.inputs.iter().find_map(|arg| match arg {
            FnArg::Typed(pat) => match &*pat.pat {
                Pat::Ident(ident) => Some(ident.ident.clone()),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        });
        let input = match input {
            Some(ident) => quote!(&#ident),
            None => quote!(&#core::NoInput {}),
        };
        f.block = syn::parse_quote!({
            #p::run_declared(<Self as #p::HasHttp>::http(self), &#api, #input).await
        });
    }
}
