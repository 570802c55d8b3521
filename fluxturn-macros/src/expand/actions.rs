//! `#[actions]` → the impl block (declarative bodies filled in), `impl ActionSet` (the
//! definitions) and `impl Connector` (the dispatch: one line per action).

use super::{opt_str, require_field};
use crate::checks::{placeholders, title_case};
use crate::model::{ActionModel, ActionsModel, MethodModel, TriggerModel};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, LitStr, Pat};

const P: &str = "::fluxturn_core::__private";

fn private() -> TokenStream {
    P.parse().expect("path")
}

/// Expands a valid model.
pub fn expand(model: &ActionsModel) -> TokenStream {
    let p = private();
    let self_ty = &model.item.self_ty;
    let mut item = model.item.clone();
    let mut checks = TokenStream::new();
    let mut definitions = Vec::new();
    let mut arms = Vec::new();
    let mut ids = Vec::new();
    for action in &model.actions {
        let (id, _) = action.id();
        let input = input_type(&action.method);
        let output = output_type(&action.method);
        let api = api_meta(action);
        let meta = action_meta(action, &api);
        definitions.push(quote!(#p::action_definition::<#input, #output>(&#meta)));
        let method = &action.method.sig.ident;
        let call = if action.method.params.is_empty() {
            quote!(|_: #input| self.#method())
        } else {
            quote!(|input| self.#method(input))
        };
        let idempotent = action.idempotent;
        let call_info = quote!(#p::ActionCall { connector: <Self as ::fluxturn_core::ConnectorSpec>::NAME, action, idempotent: #idempotent });
        arms.push(quote!(#id => #p::run_action::<#input, _, _>(#call_info, input, #call).await,));
        ids.push(id.clone());
        if let Some(http) = &action.http {
            let fields = quote!(<#input as ::fluxturn_core::Input>::FIELDS);
            if let (Some(endpoint), false) = (&http.endpoint, action.method.params.is_empty()) {
                for placeholder in placeholders(&endpoint.value()) {
                    let message = format!("endpoint placeholder `{{{placeholder}}}` names no input field of the action `{id}`; add the field to its input struct or fix the placeholder");
                    checks.extend(require_field(&fields, &placeholder, endpoint.span(), &message));
                }
            }
            if !action.method.params.is_empty() {
                for (field, _) in &http.param_mapping {
                    let message = format!("param_mapping key `{field}` names no input field of the action `{id}`; keys are input field names (as serialized)");
                    checks.extend(require_field(&fields, &field.to_string(), field.span(), &message));
                }
            }
            if !action.method.has_body {
                fill_declarative_body(&mut item, action, &api);
            }
        }
    }
    let mut trigger_definitions = Vec::new();
    let mut webhook_arms = Vec::new();
    let mut poll_arms = Vec::new();
    let mut trigger_ids = Vec::new();
    for trigger in &model.triggers {
        let (id, _) = trigger.id();
        let config = input_type(&trigger.method);
        let output = output_type(&trigger.method);
        let meta = trigger_meta(trigger);
        trigger_definitions.push(quote!(
            #p::trigger_definition::<#config, <#output as #p::TriggerEvents>::Event>(&#meta)
        ));
        let method = &trigger.method.sig.ident;
        let name = quote!(<Self as ::fluxturn_core::ConnectorSpec>::NAME);
        if trigger.polling.is_some() {
            poll_arms.push(quote!(#id => #p::run_poll::<#config, _, _>(trigger, config, |config| self.#method(config, cursor)).await,));
            webhook_arms.push(quote!(#id => #p::Err(#p::wrong_trigger_kind(#name, trigger, "webhook")),));
        } else {
            webhook_arms.push(quote!(#id => #p::run_webhook::<#config, _, _>(trigger, config, |config| self.#method(config, request)).await,));
            poll_arms.push(quote!(#id => #p::Err(#p::wrong_trigger_kind(#name, trigger, "polling")),));
        }
        trigger_ids.push(id);
    }
    let test_connection = match model.test_connection.first() {
        Some(method) => {
            let method = &method.sig.ident;
            quote!(self.#method().await.map(|_| ()))
        }
        None => quote!(#p::default_test_connection(self).await),
    };
    let result = quote!(::fluxturn_core::Result);
    let value = quote!(#p::serde_json::Value);
    quote! {
        #item

        impl #p::ActionSet for #self_ty {
            fn actions() -> #p::Vec<::fluxturn_core::ActionDefinition> {
                #p::Vec::from([#(#definitions),*])
            }
            fn triggers() -> #p::Vec<::fluxturn_core::TriggerDefinition> {
                #p::Vec::from([#(#trigger_definitions),*])
            }
        }

        impl ::fluxturn_core::Connector for #self_ty {
            fn execute<'a>(&'a self, action: &'a str, input: #value) -> ::fluxturn_core::BoxFuture<'a, #result<#value>> {
                #p::Box::pin(async move {
                    match action {
                        #(#arms)*
                        _ => #p::Err(#p::unknown_id(<Self as ::fluxturn_core::ConnectorSpec>::NAME, "action", action, &[#(#ids),*])),
                    }
                })
            }

            fn test_connection(&self) -> ::fluxturn_core::BoxFuture<'_, #result<()>> {
                #p::Box::pin(async move { #test_connection })
            }

            #[allow(unused_variables)]
            fn handle_webhook<'a>(&'a self, trigger: &'a str, config: #value, request: ::fluxturn_core::WebhookRequest)
                -> ::fluxturn_core::BoxFuture<'a, #result<#p::Vec<#value>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#webhook_arms)*
                        _ => #p::Err(#p::unknown_id(<Self as ::fluxturn_core::ConnectorSpec>::NAME, "trigger", trigger, &[#(#trigger_ids),*])),
                    }
                })
            }

            #[allow(unused_variables)]
            fn poll<'a>(&'a self, trigger: &'a str, config: #value, cursor: #p::Option<#value>)
                -> ::fluxturn_core::BoxFuture<'a, #result<::fluxturn_core::Polled<#value>>> {
                #p::Box::pin(async move {
                    match trigger {
                        #(#poll_arms)*
                        _ => #p::Err(#p::unknown_id(<Self as ::fluxturn_core::ConnectorSpec>::NAME, "trigger", trigger, &[#(#trigger_ids),*])),
                    }
                })
            }
        }

        #checks
    }
}

/// The first parameter's type, or `NoInput`.
fn input_type(method: &MethodModel) -> TokenStream {
    match method.params.first() {
        Some(ty) => quote!(#ty),
        None => quote!(::fluxturn_core::NoInput),
    }
}

/// `<Ret as Returns>::Output`, spanned on the return type so a wrong one is pointed at.
fn output_type(method: &MethodModel) -> TokenStream {
    let p = private();
    match &method.sig.output {
        syn::ReturnType::Type(_, ty) => quote_spanned!(ty.span()=> <#ty as #p::Returns>::Output),
        syn::ReturnType::Default => {
            quote_spanned!(method.sig.ident.span()=> <() as #p::Returns>::Output)
        }
    }
}

fn description(explicit: Option<&LitStr>, method: &MethodModel) -> String {
    explicit.map(LitStr::value).or_else(|| method.doc.clone()).unwrap_or_default()
}

fn api_meta(action: &ActionModel) -> Option<TokenStream> {
    let p = private();
    let http = action.http.as_ref()?;
    let method = http.method.as_ref().map(|m| m.value().to_uppercase()).unwrap_or_default();
    let endpoint = http.endpoint.as_ref().map(LitStr::value).unwrap_or_default();
    let headers = http.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let mapping = http.param_mapping.iter().map(|(field, param)| {
        let field = field.to_string();
        quote!((#field, #param))
    });
    let body = http.body.as_ref().map(LitStr::value).unwrap_or_else(|| "json".to_owned());
    let idempotent = action.idempotent;
    Some(quote!(#p::ApiMeta {
        method: #method, endpoint: #endpoint, headers: &[#(#headers),*], param_mapping: &[#(#mapping),*], body: #body, idempotent: #idempotent
    }))
}

fn action_meta(action: &ActionModel, api: &Option<TokenStream>) -> TokenStream {
    let p = private();
    let (id, _) = action.id();
    let name = action.name.as_ref().map(LitStr::value).unwrap_or_else(|| title_case(&id));
    let description = description(action.description.as_ref(), &action.method);
    let category = opt_str(action.category.as_ref());
    let icon = opt_str(action.icon.as_ref());
    let api = match api {
        Some(api) => quote!(#p::Some(#api)),
        None => quote!(#p::None),
    };
    let idempotent = action.idempotent;
    quote!(#p::ActionMeta { id: #id, name: #name, description: #description, category: #category, icon: #icon, api: #api, idempotent: #idempotent })
}

fn trigger_meta(trigger: &TriggerModel) -> TokenStream {
    let p = private();
    let (id, _) = trigger.id();
    let name = trigger.name.as_ref().map(LitStr::value).unwrap_or_else(|| title_case(&id));
    let description = description(trigger.description.as_ref(), &trigger.method);
    let event_type = trigger.event_type.as_ref().map(LitStr::value).unwrap_or_else(|| id.clone());
    let icon = opt_str(trigger.icon.as_ref());
    let (webhook, polling) = (trigger.webhook.is_some(), trigger.polling.is_some());
    quote!(#p::TriggerMeta { id: #id, name: #name, description: #description, event_type: #event_type, icon: #icon, webhook: #webhook, polling: #polling })
}

/// Gives a bodiless declarative action its body: one call to `run_declared`.
fn fill_declarative_body(item: &mut syn::ItemImpl, action: &ActionModel, api: &Option<TokenStream>) {
    let p = private();
    let Some(api) = api else { return };
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
            None => quote!(&::fluxturn_core::NoInput {}),
        };
        f.block = syn::parse_quote!({
            #p::run_declared(<Self as #p::HasHttp>::http(self), &#api, #input).await
        });
    }
}
