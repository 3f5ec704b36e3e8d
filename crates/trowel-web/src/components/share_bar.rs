//! Above the paste: the share link, the exports, and what happens to the paste's secrets.
//!
//! Everything that leaves the page through here (the link, each export, each copy) carries the
//! paste without its secrets unless the user ticks "include secrets"
//! ([`State::text_to_share`], [`exports::report_to_export`]).

use crate::browser;
use crate::exports::{self, Format};
use crate::share::{self, MAX_PAYLOAD_CHARS};
use crate::state::{Action, Share, State};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    pub state: State,
    pub dispatch: Callback<Action>,
}

/// Save or copy an export.
#[derive(Clone, Copy, PartialEq)]
enum Deliver {
    Download,
    Copy,
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let state = &props.state;
    // What the last export did, said next to the buttons.
    let done = use_state_eq(String::new);

    let onclick_share = {
        let (state, dispatch) = (state.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, revision, dispatch) = (state.text_to_share().into_owned(), state.revision, dispatch.clone());
            yew::platform::spawn_local(async move {
                let share = match browser::compress(text.as_bytes()).await {
                    Ok(compressed) => match share::fragment(&compressed) {
                        Ok(fragment) => {
                            browser::replace_fragment(&fragment);
                            let link = browser::href();
                            browser::copy(&link);
                            Share::Link(link)
                        }
                        Err(chars) => Share::TooLarge { chars },
                    },
                    Err(why) => Share::Failed(format!("This browser could not compress the paste ({why}).")),
                };
                dispatch.emit(Action::Share { revision, share });
            });
        })
    };
    let export = |format: Format, deliver: Deliver| {
        let (state, done) = (state.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(report) = exports::report_to_export(&state) else { return };
            let text = format.render(&report, state.facts_collapsed());
            match deliver {
                Deliver::Download => {
                    browser::download(&format.file_name(), format.media_type(), &text);
                    done.set(format!("Saved {}", format.file_name()));
                }
                Deliver::Copy => {
                    browser::copy(&text);
                    done.set(format!("Copied the {} export", format.label()));
                }
            }
        })
    };
    let onchange_include = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            dispatch.emit(Action::SetIncludeSecrets(input.checked()));
        })
    };

    let secrets = state.secrets().len();
    let ready = state.report().is_some() && !state.source.is_empty();
    let fallback = Format::ALL[0];
    let message = match &state.share {
        Share::None => html! {},
        Share::Opening => html! { <p class="share-note" data-testid="share-opening">{ "Opening the shared paste…" }</p> },
        Share::Link(link) => html! {
            <div class="share-link">
                <input class="control" data-testid="share-url" readonly=true value={link.clone()} aria-label="Share link"
                    onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())} />
                <span class="share-note">
                    { "Copied. The paste is in the link itself, after the #, which browsers never send to a server" }
                    { if state.include_secrets || secrets == 0 { "." } else { "; its secrets are left out." } }
                </span>
            </div>
        },
        Share::TooLarge { chars } => html! {
            <p class="share-note warn" data-testid="share-too-large" role="alert">
                { format!("This paste needs a link of {chars} characters; a share link carries at most {MAX_PAYLOAD_CHARS} \
                    (chat tools cut longer messages). Share the {} export instead: ", fallback.label()) }
                <button type="button" class="link" onclick={export(fallback, Deliver::Download)}>{ format!("save {}", fallback.file_name()) }</button>
            </p>
        },
        Share::Failed(why) => html! { <p class="share-note warn" data-testid="share-error" role="alert">{ why.clone() }</p> },
    };

    html! {
        <div class="sharebar">
            <div class="sharebar-row">
                <button type="button" class="control button" data-testid="share" onclick={onclick_share} disabled={!ready}
                    title="Put the paste, compressed, in this page's address and copy the link">{ "Share link" }</button>
                <details class="exports">
                    <summary class="control button" data-testid="export-menu">{ "Export…" }</summary>
                    <div class="export-menu">
                        { for Format::ALL.iter().map(|&format| html! {
                            <div class="export-row">
                                <button type="button" class="control button" data-testid={format!("export-{}", format.id())}
                                    disabled={!ready} onclick={export(format, Deliver::Download)}>{ format!("Save {}", format.label()) }</button>
                                <button type="button" class="control button small" data-testid={format!("copy-{}", format.id())}
                                    disabled={!ready} onclick={export(format, Deliver::Copy)} aria-label={format!("Copy the {} export", format.label())}>{ "Copy" }</button>
                            </div>
                        }) }
                    </div>
                </details>
                <label class="include-secrets" title="Secrets are replaced by ‹redacted:kind› in the link, exports and copies unless this is ticked">
                    <input type="checkbox" data-testid="redact-toggle" checked={state.include_secrets} onchange={onchange_include} />
                    { "include secrets" }
                </label>
                <span class="share-note" aria-live="polite">{ (*done).clone() }</span>
            </div>
            if secrets > 0 {
                <p class="secrets-note" data-testid="secrets-notice" role="note">
                    { format!("{secrets} secret{} found, highlighted below: ", if secrets == 1 { "" } else { "s" }) }
                    { if state.include_secrets { "included in the share link, exports and copies, as you chose." } else { "left out of the share link, exports and copies." } }
                </p>
            }
            { message }
        </div>
    }
}
