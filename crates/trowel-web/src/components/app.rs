//! The whole page: the paste on the left, what Trowel made of it on the right.
//!
//! The app owns the state (a reducer) and the effects that touch the outside world:
//! analysing the paste (and finding its secrets) a moment after the last edit, keeping it in
//! local storage, and reading a share link from the page's address.

use super::diagnoses::Diagnoses;
use super::editor::Editor;
use super::graph_view::GraphView;
use super::header::Header;
use super::line_inspector::LineInspector;
use super::reconstruction::Reconstruction;
use super::section::Section;
use super::share_bar::ShareBar;
use super::timeline::Timeline;
use super::unparsed::Unparsed;
use crate::examples::EXAMPLES;
use crate::keep;
use crate::offload;
use crate::share::{self, LinkError};
use crate::source::Source;
use crate::state::{quoted_lines, Action, DroppedFile, Phase, Share, State, BROWSER_LIMIT_BYTES};
use crate::{browser, secrets};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Quiet time after an edit before the analysis runs; large pastes wait a little longer so
/// typing in them stays smooth.
const DEBOUNCE_MS: u32 = 200;
const DEBOUNCE_LARGE_MS: u32 = 600;
/// About one frame at 60 Hz.
const FRAME_MS: u32 = 17;

/// The page's clock, in milliseconds.
pub(super) fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Analyses one revision of the paste: a small one at once on this thread (it takes
/// milliseconds), a large one in the worker of [`offload`] while the page stays responsive
/// and shows its progress, one past [`BROWSER_LIMIT_BYTES`] not at all.
fn analyse(source: Source, revision: u64, dispatch: Callback<Action>) {
    let progress = {
        let dispatch = dispatch.clone();
        move |phase| dispatch.emit(Action::Progressed { revision, phase, at_ms: now_ms() })
    };
    let on_this_thread = move |dispatch: &Callback<Action>, source: &Source| {
        let started = now_ms();
        let report = trowel_core::analyze(source.text());
        dispatch.emit(Action::Analyzed { revision, report, millis: now_ms() - started });
    };
    if source.text().len() > BROWSER_LIMIT_BYTES {
        return progress(Phase::TooLarge);
    }
    if !source.is_large() {
        return on_this_thread(&dispatch, &source);
    }
    progress(Phase::Reading);
    let (sent, shown) = (progress.clone(), source.clone());
    offload::analyze(shown.text(), move || sent(Phase::Analysing), move |answer| match answer {
        Ok(Some((report, millis))) => {
            progress(Phase::Rendering);
            // One frame, so the page can show "rendering" before it is busy drawing.
            Timeout::new(FRAME_MS, move || dispatch.emit(Action::Analyzed { revision, report, millis })).forget();
        }
        // A newer paste took the worker; its own analysis answers.
        Ok(None) => {}
        Err(error) => {
            web_sys::console::warn_1(&format!("Trowel analyses on the page's thread: {error}").into());
            progress(Phase::Analysing);
            Timeout::new(FRAME_MS, move || on_this_thread(&dispatch, &source)).forget();
        }
    });
}

/// Opens the share link in the page's address, if it holds one: its paste replaces the
/// paste, or a message says why it cannot (the paste stays as it was).
fn open_link(dispatch: Callback<Action>, revision: u64) {
    let Some(payload) = share::payload(&browser::hash()) else { return };
    let link = browser::href();
    dispatch.emit(Action::Share { revision, share: Share::Opening });
    yew::platform::spawn_local(async move {
        let text = match payload {
            Ok(compressed) => browser::decompress(&compressed).await.map_err(LinkError::Corrupt).and_then(share::text),
            Err(error) => Err(error),
        };
        dispatch.emit(match text {
            Ok(text) => Action::Opened { text, link },
            Err(error) => Action::Share { revision, share: Share::Failed(format!("This share link could not be opened: {error}.")) },
        });
    });
}

#[component]
pub fn App() -> Html {
    let state = use_reducer_eq(|| {
        let state = State::new(keep::load());
        // Marked at once, so the first render already knows the address holds a link.
        match share::payload(&browser::hash()) {
            Some(_) => state.apply(Action::Share { revision: state.revision, share: Share::Opening }),
            None => state,
        }
    });
    let dispatch: Callback<Action> = use_callback(state.dispatcher(), |action, dispatcher| dispatcher.dispatch(action));
    let revision_now = use_mut_ref(|| 0u64);
    *revision_now.borrow_mut() = state.revision;

    // A share link in the address, when the page opens or when only its fragment changes.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            open_link(dispatch.clone(), *revision_now.borrow());
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                open_link(dispatch.clone(), *revision_now.borrow());
            });
            move || drop(listener)
        });
    }
    // The address keeps a share fragment only while it is the link to the paste shown: a
    // reload after an edit must bring back the edited paste (kept in storage), not the link's.
    use_effect_with(matches!(state.share, Share::Link(_) | Share::Opening), |&linked| {
        if !linked && share::payload(&browser::hash()).is_some() {
            browser::replace_fragment("");
        }
    });
    let readers: Rc<RefCell<Vec<(Rc<Cell<bool>>, FileReader)>>> = use_mut_ref(Vec::new);
    let dragging = use_state_eq(|| false);

    // Keep, then analyse, each revision of the paste once the typing pauses (at once on load).
    // Keeping comes first so a crash inside the analysis cannot lose the paste.
    {
        let dispatch = dispatch.clone();
        let source = state.source.clone();
        use_effect_with(state.revision, move |&revision| {
            let delay = match revision {
                0 => 0,
                _ if source.is_large() => DEBOUNCE_LARGE_MS,
                _ => DEBOUNCE_MS,
            };
            let timeout = Timeout::new(delay, move || {
                if revision == 0 {
                    offload::warm_up();
                }
                dispatch.emit(Action::Kept(keep::save(source.text())));
                // Finding secrets reads the whole paste on the page's thread: a large paste (one the
                // worker analyses) is not highlighted, and its exports are redacted whole instead.
                if !source.is_large() {
                    dispatch.emit(Action::SecretsFound { revision, secrets: secrets::find(source.text()) });
                }
                analyse(source, revision, dispatch);
            });
            move || drop(timeout)
        });
    }

    // A mark the browser tests and benchmarks read: when the app first painted its own DOM.
    use_effect_with((), |_| {
        if let Some(performance) = gloo::utils::window().performance() {
            let _ = performance.mark("trowel:first-render");
        }
    });

    let on_files = {
        let (dispatch, readers) = (dispatch.clone(), readers.clone());
        use_callback((), move |files: Vec<web_sys::File>, _| {
            // A reader must live until its file is read, and cannot be dropped inside its own
            // callback: finished batches are let go when the next one starts.
            readers.borrow_mut().retain(|(done, _)| !done.get());
            let done = Rc::new(Cell::new(false));
            let results: Rc<RefCell<Vec<Option<DroppedFile>>>> = Rc::new(RefCell::new(vec![None; files.len()]));
            for (i, file) in files.into_iter().enumerate() {
                let (results, dispatch, done_reading) = (results.clone(), dispatch.clone(), done.clone());
                let name = file.name();
                let reader = gloo::file::callbacks::read_as_text(&gloo::file::File::from(file), move |text| {
                    let text = text.unwrap_or_else(|error| {
                        web_sys::console::warn_1(&format!("Trowel could not read {name}: {error}").into());
                        String::new()
                    });
                    results.borrow_mut()[i] = Some(DroppedFile { name, text });
                    if results.borrow().iter().all(Option::is_some) {
                        let files = results.borrow_mut().drain(..).flatten().collect();
                        dispatch.emit(Action::AddFiles(files));
                        done_reading.set(true);
                    }
                });
                readers.borrow_mut().push((done.clone(), reader));
            }
        })
    };
    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |index: usize| {
            if let Some(example) = EXAMPLES.get(index) {
                dispatch.emit(Action::Edit(example.text.to_string()));
            }
        })
    };

    // Files dropped anywhere on the page are read, not opened by the browser in our place.
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Leaving for a child element is not leaving the page.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let (dragging, on_files) = (dragging.clone(), on_files.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|d| d.files()) {
                on_files.emit((0..list.length()).filter_map(|i| list.get(i)).collect());
            }
        })
    };
    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                dispatch.emit(Action::ClearSelection);
            }
        })
    };

    let report = state.report().cloned();
    let quoted = use_memo(report.clone(), |report| report.as_ref().map(|r| quoted_lines(r)).unwrap_or_default());
    let related = state.nodes_on_selected_line();
    let empty = state.source.is_empty();

    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop} {onkeydown}>
            <Header
                lines={state.source.line_count()}
                bytes={state.source.text().len()}
                artifacts={report.as_ref().map_or(0, |r| r.artifacts.len())}
                millis={state.analysis.as_ref().map(|a| a.millis)}
                analysing={state.analysing() && !empty}
                progress={state.progress}
                kept={state.kept}
                {on_example}
                on_files={on_files.clone()}
                dispatch={dispatch.clone()}
            />
            <main class="workspace">
                <section class="paste-pane" aria-label="Your paste">
                    <ShareBar state={(*state).clone()} dispatch={dispatch.clone()} />
                    <Editor
                        source={state.source.clone()}
                        highlight={state.highlight.clone()}
                        quoted={quoted}
                        scroll_request={state.scroll_request}
                        secrets={state.secrets()}
                        dispatch={dispatch.clone()}
                    />
                    if let (Some(report), Some(line)) = (report.clone(), state.selected_line) {
                        <LineInspector {report} {line} nodes={related.clone()} dispatch={dispatch.clone()} />
                    }
                </section>
                <section class="results-pane" aria-label="What Trowel found">
                    <Diagnoses
                        report={report.clone()}
                        {empty}
                        analysing={state.analysing()}
                        selected_node={state.selected_node.clone()}
                        include_secrets={state.include_secrets}
                        dispatch={dispatch.clone()}
                    />
                    if let Some(report) = report.clone().filter(|_| !empty) {
                        if !report.graph.nodes.is_empty() {
                            <Section id="graph" title="Evidence graph" count={report.graph.nodes.len()}>
                                <GraphView
                                    report={report.clone()}
                                    collapsed={state.facts_collapsed()}
                                    selected_node={state.selected_node.clone()}
                                    related={related}
                                    dispatch={dispatch.clone()}
                                />
                            </Section>
                        }
                        <Timeline report={report.clone()} dispatch={dispatch.clone()} />
                        <Reconstruction report={report.clone()} dispatch={dispatch.clone()} />
                        <Unparsed {report} dispatch={dispatch.clone()} />
                    }
                </section>
            </main>
        </div>
    }
}
