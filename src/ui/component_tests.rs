//! Component tests: each mounts one of the page's Yew components into a fresh `<div>` of a real
//! document (headless Chromium, driven by wasm-bindgen-test-runner; see scripts/test.sh) and
//! asserts on the DOM it draws. The views they draw come from the core itself: an
//! [`Engine`] that applied the tutorial notes' manifests (`examples/*.yaml`).
//!
//! What they leave out: the App (its frame loop, the editor's CodeMirror, localStorage), which
//! the browser tests in tests/browser/ cover against the built page.
//!
//! Architecture Invariant: every test mounts into its own root and finds elements by the
//! stable `data-testid` hooks (src/ui/mod.rs), never by position in the page.

use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::view::{ClockView, ClusterView, PodView};
use crate::sim::world::Preset;
use crate::ui::cluster::{ClusterActions, ClusterPanel};
use crate::ui::cluster_links::GRID_FROM_PODS;
use crate::ui::console::Console;
use crate::ui::controls::TimeControls;
use crate::ui::engine::Engine;
use crate::ui::i18n::{Lang, Message};
use crate::ui::lang_switch::LangSwitch;
use crate::ui::state::{ConsoleEntry, ConsoleState, EntryKind};
use crate::ui::timeline::Timeline;
use crate::ui::words::console::{ConsoleNote, ConsoleText};

wasm_bindgen_test_configure!(run_in_browser);

const PV_DEMO: &str = include_str!("../../examples/pv-demo.yaml");
const STATEFUL_DEMO: &str = include_str!("../../examples/stateful-demo.yaml");

/// How many timer steps the engine may take to bring the notes' set up.
const STEPS_MAX: usize = 500;

/// A fresh, attached `<div>` to mount a component in.
fn fresh_root() -> Element {
    let document = document();
    let root = document.create_element("div").expect("a div");
    document
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("the div attached");
    root
}

/// The test page's document.
fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|window| window.document())
        .expect("a document")
}

/// Lets Yew's scheduler render (and run the effects) before the test looks.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(1)).await;
}

/// Mounts `C` with `props` in a fresh root, lets it render, and returns the root.
async fn mount<C>(props: C::Properties) -> Element
where
    C: BaseComponent,
{
    let root = fresh_root();
    yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

/// Every element under `root` with `data-testid` = `id`.
fn all(root: &Element, id: &str) -> Vec<Element> {
    let list = root
        .query_selector_all(&format!("[data-testid=\"{id}\"]"))
        .expect("a valid selector");
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

/// The one element under `root` with `data-testid` = `id`.
fn one(root: &Element, id: &str) -> Element {
    let found = all(root, id);
    assert_eq!(found.len(), 1, "exactly one [data-testid={id}]");
    found.into_iter().next().expect("one element")
}

fn attribute(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}

fn actions() -> ClusterActions {
    ClusterActions {
        command: Callback::noop(),
        select: Callback::noop(),
        fault: Callback::noop(),
        fill: Callback::noop(),
        link: Callback::noop(),
    }
}

/// The editor's tabs as the page opens: the notes' two files.
fn notes_files(stateful_demo: &str) -> Vec<(String, String)> {
    vec![
        ("pv-demo.yaml".to_string(), PV_DEMO.to_string()),
        ("stateful-demo.yaml".to_string(), stateful_demo.to_string()),
    ]
}

/// An engine on the notes' cluster after applying both files, stepped until `done` holds for
/// its view (or [`STEPS_MAX`] steps).
fn engine_after_apply(stateful_demo: &str, done: impl Fn(&ClusterView) -> bool) -> Engine {
    let mut engine = Engine::new(Preset::Kubeadm, 7);
    let files = notes_files(stateful_demo);
    engine.run_line("kubectl apply -f pv-demo.yaml", &files);
    engine.run_line("kubectl apply -f stateful-demo.yaml", &files);
    for _ in 0..STEPS_MAX {
        if done(&engine.view()) {
            break;
        }
        engine.step();
    }
    engine
}

fn pod<'v>(view: &'v ClusterView, name: &str) -> Option<&'v PodView> {
    view.stateful_sets
        .iter()
        .flat_map(|set| set.slots.iter())
        .filter_map(|slot| slot.pod.as_deref())
        .find(|pod| pod.name == name)
}

fn controls_props(playing: bool, clock_ms: u64) -> crate::ui::controls::TimeControlsProps {
    yew::props!(crate::ui::controls::TimeControlsProps {
        playing,
        speed_index: 1usize,
        clock: ClockView::at(clock_ms),
        viewing_past: false,
        seed: 42u64,
        on_action: Callback::noop(),
        on_step: Callback::noop(),
        on_restart: Callback::noop(),
        on_new_seed: Callback::noop(),
    })
}

#[wasm_bindgen_test]
async fn time_controls_mark_play_pressed_while_playing_and_show_the_clock() {
    let root = mount::<TimeControls>(controls_props(true, 42_000)).await;
    assert_eq!(attribute(&one(&root, "play"), "aria-pressed"), "true");
    assert_eq!(attribute(&one(&root, "pause"), "aria-pressed"), "false");
    let clock = one(&root, "clock");
    assert_eq!(attribute(&clock, "data-ms"), "42000");
    assert_eq!(
        clock.text_content().unwrap_or_default(),
        ClockView::at(42_000).time_of_day
    );
    assert_eq!(attribute(&one(&root, "seed"), "data-seed"), "42");
}

#[wasm_bindgen_test]
async fn time_controls_mark_pause_pressed_while_paused() {
    let root = mount::<TimeControls>(controls_props(false, 0)).await;
    assert_eq!(attribute(&one(&root, "play"), "aria-pressed"), "false");
    assert_eq!(attribute(&one(&root, "pause"), "aria-pressed"), "true");
    let speed: HtmlSelectElement = one(&root, "speed").dyn_into().expect("a select");
    assert_eq!(speed.length() as usize, crate::ui::state::SPEEDS.len());
}

#[derive(Properties, PartialEq)]
struct InLangProps {
    lang: Lang,
    children: Html,
}

/// Gives its children the language, as the App's context does.
#[function_component]
fn InLang(props: &InLangProps) -> Html {
    html! {
        <ContextProvider<Lang> context={props.lang}>
            { props.children.clone() }
        </ContextProvider<Lang>>
    }
}

/// Mounts `children` under the language `lang`.
async fn mount_in(lang: Lang, children: Html) -> Element {
    mount::<InLang>(yew::props!(InLangProps { lang, children })).await
}

fn console_with(entries: &[(EntryKind, &str)]) -> Rc<ConsoleState> {
    let mut console = ConsoleState::default();
    for (kind, text) in entries {
        console.entries.push(ConsoleEntry {
            id: console.next_entry_id,
            kind: *kind,
            text: text.to_string(),
        });
        console.next_entry_id += 1;
    }
    Rc::new(console)
}

fn console_html(console: Rc<ConsoleState>) -> Html {
    html! {
        <Console
            {console}
            running={None::<String>}
            on_action={Callback::noop()}
            on_run={Callback::noop()}
            on_interrupt={Callback::noop()}
            on_complete={Callback::noop()}
        />
    }
}

/// The console output's spans as (class, text).
fn console_spans(root: &Element) -> Vec<(String, String)> {
    let output = one(root, "console-output");
    let list = output.query_selector_all("span").expect("a valid selector");
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .map(|span| (span.class_name(), span.text_content().unwrap_or_default()))
        .collect()
}

#[wasm_bindgen_test]
async fn console_renders_each_entry_with_its_kinds_class_in_order() {
    let console = console_with(&[
        (EntryKind::Prompt, "$ kubectl get pods\n"),
        (
            EntryKind::Stdout,
            "No resources found in default namespace.\n",
        ),
        (
            EntryKind::Stderr,
            "error: the server doesn't have a resource type \"pod\"\n",
        ),
        (EntryKind::Note, "# playground: pod web crashed\n"),
    ]);
    let root = mount_in(Lang::En, console_html(console)).await;
    let spans = console_spans(&root);
    let expected = [
        ("console-prompt", "$ kubectl get pods\n"),
        (
            "console-stdout",
            "No resources found in default namespace.\n",
        ),
        (
            "console-stderr",
            "error: the server doesn't have a resource type \"pod\"\n",
        ),
        ("console-note", "# playground: pod web crashed\n"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(class, text)| (class.to_string(), text.to_string()))
        .collect();
    assert_eq!(spans, expected);
    assert!(all(&root, "console-stop").is_empty(), "nothing runs");
}

#[wasm_bindgen_test]
async fn console_shows_the_help_note_in_chinese_and_kubectl_text_as_printed() {
    let console = console_with(&[
        (EntryKind::Prompt, "$ help\n"),
        (EntryKind::Note, ConsoleNote::Help.en()),
        (EntryKind::Stdout, "NAME      READY   STATUS\n"),
    ]);
    let root = mount_in(Lang::Zh, console_html(console)).await;
    let spans = console_spans(&root);
    assert_eq!(spans.len(), 3);
    assert_eq!(spans[1].0, "console-note");
    assert_eq!(spans[1].1, ConsoleNote::Help.get(Lang::Zh));
    assert_ne!(spans[1].1, ConsoleNote::Help.en(), "the note is translated");
    assert_eq!(
        spans[2].1, "NAME      READY   STATUS\n",
        "kubectl's output is not"
    );
}

#[wasm_bindgen_test]
async fn an_empty_console_welcomes_in_the_chosen_language() {
    let root = mount_in(Lang::Zh, console_html(console_with(&[]))).await;
    let spans = console_spans(&root);
    assert_eq!(
        spans,
        vec![(
            "console-note".to_string(),
            ConsoleText::Welcome.get(Lang::Zh).to_string()
        )]
    );
}

fn cluster_html(view: ClusterView) -> Html {
    html! {
        <ClusterPanel
            view={Rc::new(view)}
            linked={None::<String>}
            busy={false}
            selected={None::<crate::ui::state::ObjectRef>}
            actions={actions()}
        />
    }
}

fn pod_element(root: &Element, name: &str) -> Option<Element> {
    all(root, "pod")
        .into_iter()
        .find(|element| attribute(element, "data-name") == name)
}

#[wasm_bindgen_test]
async fn pod_cards_show_the_cores_phase_and_readiness_for_the_notes_set() {
    let mut engine = engine_after_apply(STATEFUL_DEMO, |view| {
        pod(view, "myapp-1").is_some_and(|pod| pod.is_ready)
    });
    let view = engine.view();
    let first = pod(&view, "myapp-0").expect("myapp-0 exists").clone();
    let second = pod(&view, "myapp-1").expect("myapp-1 exists").clone();
    assert_eq!(
        (first.status.as_str(), first.ready.as_str()),
        ("Running", "1/1")
    );
    let root = mount_in(Lang::En, cluster_html(view)).await;

    assert!(all(&root, "pod-grid").is_empty(), "two pods are cards");
    for pod in [&first, &second] {
        let card = pod_element(&root, &pod.name).expect("a card for each pod");
        assert_eq!(attribute(&card, "data-phase"), pod.status);
        assert_eq!(attribute(&card, "data-ready"), pod.ready);
        assert_eq!(attribute(&card, "data-uid"), pod.uid);
    }
    // The notes' binding: the 2Gi pv003 goes to myapp-0's 1Gi claim, then the 5Gi pv002.
    let volumes: Vec<(String, String)> = all(&root, "pvc")
        .iter()
        .map(|claim| {
            (
                attribute(claim, "data-name"),
                attribute(claim, "data-volume"),
            )
        })
        .collect();
    assert!(volumes.contains(&("myappdata-myapp-0".to_string(), "pv003".to_string())));
    assert!(volumes.contains(&("myappdata-myapp-1".to_string(), "pv002".to_string())));
}

#[wasm_bindgen_test]
async fn a_set_of_more_than_sixty_pods_collapses_to_the_compact_grid() {
    let replicas = GRID_FROM_PODS + 1;
    let big = STATEFUL_DEMO.replacen("replicas: 2", &format!("replicas: {replicas}"), 1);
    assert_ne!(big, STATEFUL_DEMO, "the notes' set names its replicas");
    let mut engine = engine_after_apply(&big, |view| pod(view, "myapp-0").is_some());
    let view = engine.view();
    let slots = view.stateful_sets[0].slots.len();
    assert_eq!(slots, replicas);
    let root = mount_in(Lang::En, cluster_html(view)).await;

    let grid = one(&root, "pod-grid");
    let cells = grid.query_selector_all("li").expect("a valid selector");
    assert_eq!(cells.length() as usize, replicas, "one cell per ordinal");
    let first = pod_element(&grid, "myapp-0").expect("myapp-0's cell");
    assert!(!attribute(&first, "data-phase").is_empty());
    assert!(
        all(&root, "pod").iter().all(|pod| grid.contains(Some(pod))),
        "no pod card outside the grid"
    );
}

#[wasm_bindgen_test]
async fn the_language_switcher_lists_each_language_in_its_own_name() {
    let props = yew::props!(crate::ui::lang_switch::LangSwitchProps {
        lang: Lang::Zh,
        on_change: Callback::noop(),
    });
    let root = mount::<LangSwitch>(props).await;
    let select: HtmlSelectElement = one(&root, "lang-switch").dyn_into().expect("a select");
    let options: Vec<(String, String, String)> = (0..select.length())
        .filter_map(|index| select.item(index))
        .map(|option| {
            (
                attribute(&option, "value"),
                attribute(&option, "lang"),
                option.text_content().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        options,
        vec![
            ("en".to_string(), "en".to_string(), "English".to_string()),
            (
                "zh-CN".to_string(),
                "zh-CN".to_string(),
                "简体中文".to_string()
            ),
        ]
    );
    assert_eq!(select.value(), "zh-CN");
}

#[wasm_bindgen_test]
async fn the_timeline_marks_each_console_line_at_its_moment() {
    let mut engine = engine_after_apply(STATEFUL_DEMO, |view| pod(view, "myapp-0").is_some());
    engine.run_line("kubectl get pods", &[]);
    let timeline = engine.timeline();
    let now_ms = engine.now();
    let expected: Vec<(String, String)> = timeline
        .marks
        .iter()
        .map(|mark| (mark.at.to_string(), mark.moment.inputs.to_string()))
        .collect();
    assert_eq!(expected.len(), 3, "three lines were typed");
    let props = yew::props!(crate::ui::timeline::TimelineProps {
        timeline,
        now_ms,
        on_view: Callback::noop(),
        on_back: Callback::noop(),
        on_fork: Callback::noop(),
    });
    let root = mount_in(Lang::En, html! { <Timeline ..props /> }).await;
    let marks = all(&root, "timeline-mark");
    let drawn: Vec<(String, String)> = marks
        .iter()
        .map(|mark| (attribute(mark, "data-ms"), attribute(mark, "data-inputs")))
        .collect();
    assert_eq!(drawn, expected);
    assert!(marks
        .iter()
        .all(|mark| attribute(mark, "class").contains("timeline-mark--line")));
    let bar = one(&root, "timeline");
    assert_eq!(attribute(&bar, "data-viewing"), "");
}
