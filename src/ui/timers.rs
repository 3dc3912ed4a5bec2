//! Timers owned by components: an animation-frame loop and nothing else shared. Each is a
//! handle; dropping it cancels what it scheduled (the pattern of Yew's `boids` example, where
//! the component keeps the interval and lets it go on unmount).
//!
//! Architecture Invariant: nothing keeps running after its handle is dropped: a frame that is
//! already under way finds the loop gone and does not schedule another.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_render::{request_animation_frame, AnimationFrame};

type FrameSlot = RefCell<Option<AnimationFrame>>;

/// Calls `on_frame(elapsed_ms)` once per animation frame, with the real milliseconds since the
/// previous frame (0 on the first), until dropped.
pub struct FrameLoop {
    current: Rc<FrameSlot>,
}

impl FrameLoop {
    pub fn start(on_frame: impl Fn(f64) + 'static) -> FrameLoop {
        let current: Rc<FrameSlot> = Rc::new(RefCell::new(None));
        schedule(Rc::downgrade(&current), Rc::new(on_frame), None);
        FrameLoop { current }
    }
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        // Dropping the pending frame's handle cancels it.
        let pending = self.current.borrow_mut().take();
        drop(pending);
    }
}

fn schedule(slot: Weak<FrameSlot>, on_frame: Rc<dyn Fn(f64)>, previous_timestamp: Option<f64>) {
    let Some(current) = slot.upgrade() else {
        return;
    };
    let next_slot = slot.clone();
    let frame = request_animation_frame(move |timestamp| {
        let elapsed = previous_timestamp.map_or(0.0, |previous| (timestamp - previous).max(0.0));
        on_frame(elapsed);
        schedule(next_slot, on_frame, Some(timestamp));
    });
    // The handle replaced here is the frame that is running now (its callback was already
    // taken, so dropping it cancels nothing).
    let finished = current.borrow_mut().replace(frame);
    drop(finished);
}
