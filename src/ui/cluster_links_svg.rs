//! The claim→volume lines drawn over the cluster panel: one SVG path per pair that
//! [`claim_links`] names, from the claim's chip to the volume's card in the pool, in the pair's
//! colour; lit up (`is-linked`) while either end is pointed at or focused.
//!
//! Where the ends are is measured from the page, on the next animation frame after something
//! that can move them: a new view (pods appearing, claims binding), the language, a window
//! resize, a scroll inside the panel (a row of slots scrolls sideways), a disclosure opening,
//! and the end of a card's entrance animation. A measurement that finds the same places keeps
//! the same paths, so nothing is drawn again while nothing moved; the panel's own frames never
//! measure anything.
//!
//! Leaves out: sets drawn as the compact grid (their claims are not drawn).
//!
//! Architecture Invariant: the SVG is `aria-hidden` and takes no pointer events: it is
//! decoration over what the claim's accessible name already says (`… → pv003`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use crate::ui::app::use_lang;
use crate::ui::cluster_links::{link_class, link_path, Area, ClaimLink};

#[derive(Properties, PartialEq)]
pub struct ClaimLinesProps {
    /// The cluster panel: the lines are drawn in its coordinates.
    pub panel: NodeRef,
    pub links: Rc<Vec<ClaimLink>>,
    /// The view's resourceVersion: a new view may have moved the ends.
    pub version: u64,
    /// The volume whose pair is highlighted.
    pub linked: Option<String>,
}

/// One drawn line.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    link: ClaimLink,
    path: String,
}

#[function_component]
pub fn ClaimLines(props: &ClaimLinesProps) -> Html {
    let lang = use_lang();
    let lines = use_state(Vec::<Line>::new);
    // What the frames read: the newest links (listeners made earlier see them too) and the
    // lines drawn now (to tell whether a measurement moved anything).
    let current = use_mut_ref(Default::default);
    *current.borrow_mut() = props.links.clone();
    let drawn: Rc<RefCell<Vec<Line>>> = use_mut_ref(Vec::new);
    // The pending measurement, so that several reasons in one frame measure once.
    let pending: Rc<RefCell<Option<AnimationFrame>>> = use_mut_ref(|| None);
    let measure = {
        let panel = props.panel.clone();
        let set_lines = lines.setter();
        let drawn = drawn.clone();
        Rc::new(move || {
            if pending.borrow().is_some() {
                return;
            }
            let panel = panel.clone();
            let current = current.clone();
            let drawn = drawn.clone();
            let set_lines = set_lines.clone();
            let done = pending.clone();
            let frame = request_animation_frame(move |_| {
                let links: Rc<Vec<ClaimLink>> = current.borrow().clone();
                let measured = panel
                    .cast::<Element>()
                    .map(|panel| measure_lines(&panel, &links))
                    .unwrap_or_default();
                if *drawn.borrow() != measured {
                    *drawn.borrow_mut() = measured.clone();
                    set_lines.set(measured);
                }
                // Dropping the handle of the frame that is running cancels nothing.
                let finished = done.borrow_mut().take();
                drop(finished);
            });
            *pending.borrow_mut() = Some(frame);
        })
    };
    {
        // A new view, other links or another language: measure again. Without links (the
        // compact grid, or nothing bound) there is nothing to measure: no frame is asked for.
        let measure = measure.clone();
        let set_lines = lines.setter();
        use_effect_with(
            (props.links.clone(), props.version, lang),
            move |(links, _, _)| {
                if !links.is_empty() {
                    measure();
                } else if !drawn.borrow().is_empty() {
                    drawn.borrow_mut().clear();
                    set_lines.set(Vec::new());
                }
            },
        );
    }
    {
        // What moves the ends without a new view.
        let measure = measure.clone();
        let panel = props.panel.clone();
        use_effect_with((panel, props.links.is_empty()), move |(panel, empty)| {
            let mut listeners = Vec::new();
            if !*empty {
                if let Some(window) = web_sys::window() {
                    let on = measure.clone();
                    listeners.push(EventListener::new(&window, "resize", move |_| on()));
                }
                if let Some(panel) = panel.cast::<Element>() {
                    let capture = EventListenerOptions {
                        phase: EventListenerPhase::Capture,
                        passive: true,
                    };
                    for event in ["scroll", "toggle", "animationend", "transitionend"] {
                        let on = measure.clone();
                        listeners.push(EventListener::new_with_options(
                            &panel,
                            event,
                            capture,
                            move |_| on(),
                        ));
                    }
                }
            }
            move || drop(listeners)
        });
    }
    if lines.is_empty() {
        return Html::default();
    }
    html! {
        <svg class="claim-links" aria-hidden="true" focusable="false">
            { for lines.iter().map(|line| {
                let lit = props.linked.as_deref() == Some(line.link.volume.as_str());
                html! {
                    <path
                        key={format!("{}/{}", line.link.namespace, line.link.claim)}
                        class={classes!("claim-link", link_class(&line.link.volume), lit.then_some("is-linked"))}
                        data-testid="claim-link"
                        data-namespace={line.link.namespace.clone()}
                        data-claim={line.link.claim.clone()}
                        data-volume={line.link.volume.clone()}
                        d={line.path.clone()}
                    />
                }
            }) }
        </svg>
    }
}

/// The lines whose two ends are on the page, in the panel's coordinates.
fn measure_lines(panel: &Element, links: &[ClaimLink]) -> Vec<Line> {
    if links.is_empty() {
        return Vec::new();
    }
    let origin = panel.get_bounding_client_rect();
    let area = |element: &Element| {
        let rect = element.get_bounding_client_rect();
        Area {
            left: rect.left() - origin.left(),
            top: rect.top() - origin.top(),
            width: rect.width(),
            height: rect.height(),
        }
    };
    let claims = elements(panel, "[data-testid=\"pvc\"]");
    let volumes = elements(panel, "[data-testid=\"pv\"]");
    links
        .iter()
        .filter_map(|link| {
            let claim = claims.iter().find(|element| {
                attribute(element, "data-name") == link.claim
                    && attribute(element, "data-volume") == link.volume
            })?;
            let volume = volumes
                .iter()
                .find(|element| attribute(element, "data-name") == link.volume)?;
            let (from, to) = (area(claim), area(volume));
            // A chip that is not laid out (hidden) has no place to start from.
            if from.width == 0.0 || to.width == 0.0 {
                return None;
            }
            Some(Line {
                link: link.clone(),
                path: link_path(from, to),
            })
        })
        .collect()
}

fn elements(panel: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = panel.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .collect()
}

fn attribute(element: &Element, name: &str) -> String {
    element.get_attribute(name).unwrap_or_default()
}
