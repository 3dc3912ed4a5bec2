//! `sts-playground bench`: the performance table of the README, measured on this machine.
//!
//! Each phase drives the core exactly as a learner's commands would (kubectl through a
//! `Session`), then steps simulated time until the phase has converged, and reports the
//! wall-clock time of that work on one thread (the core is single-threaded, so this is its CPU
//! time on an idle machine). Peak memory is the process's high-water mark (`VmHWM`);
//! `bench --memory` runs the 4,000-replica life alone in the process and also reports the live
//! heap at its peak, counted by [`CountingAllocator`] (the native binary's global allocator; the
//! page never uses it).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use crate::sim::model::{Kind, Object};
use crate::sim::session::Session;
use crate::sim::store::ObjectKey;
use crate::sim::world::Preset;

/// The most simulated steps one phase may take before it is reported as not converging.
const PHASE_STEPS_MAX: usize = 10_000_000;
/// The most simulated time one phase may take before it is reported as not converging.
const PHASE_SIMULATED_MS_MAX: u64 = 12 * 60 * 60 * 1000;
/// How many further notes' sessions the table averages (after the first of the process).
const NOTES_AGAIN_RUNS: usize = 20;
/// How often `bench --notes` repeats the notes' session by default.
const NOTES_PROFILE_RUNS: usize = 100;
/// The size whose peak memory `bench --memory` measures (issue 2's target).
const MEMORY_REPLICAS: usize = 4000;

fn statefulset_yaml(replicas: usize, policy: &str, image: &str) -> String {
    format!(
        "apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  ports:
  - port: 80
    name: web
  selector:
    app: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: {replicas}
  podManagementPolicy: {policy}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: {image}
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [\"ReadWriteOnce\"]
      resources:
        requests:
          storage: 1Gi
"
    )
}

fn kubectl(session: &mut Session, line: &str) -> String {
    let argv: Vec<String> = line.split_whitespace().map(String::from).collect();
    let (output, _) = session.run_blocking(&argv, None);
    output.text()
}

fn set_status(session: &Session) -> Option<crate::sim::model::StatefulSetStatus> {
    match session
        .cluster
        .store
        .get(&ObjectKey::new(Kind::StatefulSet, "default", "web"))
    {
        Some(Object::StatefulSet(set)) => Some(set.status.clone()),
        _ => None,
    }
}

/// Steps simulated time until `done` holds; returns false if it never does.
fn converge(session: &mut Session, done: impl Fn(&Session) -> bool) -> bool {
    let give_up_at = session.cluster.now + PHASE_SIMULATED_MS_MAX;
    for _ in 0..PHASE_STEPS_MAX {
        if done(session) {
            return true;
        }
        if session.cluster.now > give_up_at {
            return false;
        }
        if !session.cluster.step() {
            return done(session);
        }
    }
    false
}

/// Pods left in the cluster (the benchmark's cluster holds only the set's pods); the store
/// keeps this count, so checking it after every step costs nothing.
fn pods_left(session: &Session) -> usize {
    session.cluster.store.count(Kind::Pod)
}

/// Times of one StatefulSet's whole life at `replicas`, in milliseconds:
/// (create, rolling update, scale to 0), and whether each converged.
pub struct Life {
    pub create_ms: f64,
    pub update_ms: f64,
    pub scale_down_ms: f64,
    pub converged: bool,
}

pub fn life(replicas: usize, policy: &str) -> Life {
    life_until(replicas, policy, Phase::ScaleDown)
}

/// The phases of a life, in order: `bench --profile N POLICY create` stops after the first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Create,
    Update,
    ScaleDown,
}

/// A life that stops after `last` (the phases after it report 0 ms and count as converged).
pub fn life_until(replicas: usize, policy: &str, last: Phase) -> Life {
    let mut session = Session::new(Preset::Kind, 1);
    session.files.insert(
        "web.yaml".into(),
        statefulset_yaml(replicas, policy, "nginx:1.25"),
    );
    session.files.insert(
        "web2.yaml".into(),
        statefulset_yaml(replicas, policy, "nginx:1.26"),
    );
    let n = replicas as i32;
    let started = Instant::now();
    kubectl(&mut session, "apply -f web.yaml");
    let created = converge(&mut session, |s| {
        set_status(s).is_some_and(|st| st.ready_replicas == n)
    });
    let create_ms = started.elapsed().as_secs_f64() * 1000.0;
    if last == Phase::Create {
        return Life {
            create_ms,
            update_ms: 0.0,
            scale_down_ms: 0.0,
            converged: created,
        };
    }
    let started = Instant::now();
    kubectl(&mut session, "apply -f web2.yaml");
    let updated = converge(&mut session, |s| {
        set_status(s).is_some_and(|st| {
            st.updated_replicas == n
                && st.ready_replicas == n
                && st.current_revision == st.update_revision
        })
    });
    let update_ms = started.elapsed().as_secs_f64() * 1000.0;
    if last == Phase::Update {
        return Life {
            create_ms,
            update_ms,
            scale_down_ms: 0.0,
            converged: created && updated,
        };
    }
    let started = Instant::now();
    kubectl(&mut session, "scale sts web --replicas=0");
    let scaled = converge(&mut session, |s| {
        pods_left(s) == 0 && set_status(s).is_some_and(|st| st.replicas == 0)
    });
    let scale_down_ms = started.elapsed().as_secs_f64() * 1000.0;
    Life {
        create_ms,
        update_ms,
        scale_down_ms,
        converged: created && updated && scaled,
    }
}

/// The process's minor page faults so far (`/proc/self/stat`), or None where it cannot be read.
fn minor_faults() -> Option<i64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which is in parentheses): minflt is the eighth.
    let (_, after) = stat.rsplit_once(')')?;
    after.split_whitespace().nth(7)?.parse().ok()
}

/// The CPU time this thread has used so far, in milliseconds (user and system time, so page
/// faults count), or None where the clock cannot be read.
fn thread_cpu_ms() -> Option<f64> {
    /// `struct timespec` of the C library on 64-bit Linux.
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, out: *mut Timespec) -> i32;
    }
    /// Linux's `CLOCK_THREAD_CPUTIME_ID`.
    const THREAD_CPU_CLOCK: i32 = 3;
    if !cfg!(all(target_os = "linux", target_pointer_width = "64")) {
        return None;
    }
    let mut now = Timespec {
        seconds: 0,
        nanoseconds: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; the call writes only into it.
    let status = unsafe { clock_gettime(THREAD_CPU_CLOCK, &mut now) };
    (status == 0).then(|| now.seconds as f64 * 1000.0 + now.nanoseconds as f64 / 1e6)
}

fn notes_session_ms() -> (f64, bool) {
    let (wall, _, _, done) = notes_session_timed();
    (wall, done)
}

/// The notes' session once, from its first command to convergence: its wall time in ms, its
/// CPU time in ms (when the thread's CPU clock can be read), the minor page faults it took
/// (first touches of heap and code pages, the cost of a cold process) and whether it converged.
fn notes_session_timed() -> (f64, Option<f64>, Option<i64>, bool) {
    let mut session = Session::new(Preset::Kubeadm, 1);
    session.files.insert(
        "pv-demo.yaml".into(),
        crate::sim::testkit::NOTES_PV_DEMO.into(),
    );
    session.files.insert(
        "stateful-demo.yaml".into(),
        crate::sim::testkit::NOTES_STATEFUL_DEMO.into(),
    );
    let faults_before = minor_faults();
    let cpu_before = thread_cpu_ms();
    let started = Instant::now();
    kubectl(&mut session, "apply -f pv-demo.yaml");
    kubectl(&mut session, "apply -f stateful-demo.yaml");
    let done = converge(&mut session, |s| {
        match s
            .cluster
            .store
            .get(&ObjectKey::new(Kind::StatefulSet, "default", "myapp"))
        {
            Some(Object::StatefulSet(set)) => set.status.ready_replicas == 2,
            _ => false,
        }
    });
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    let cpu = cpu_before.and_then(|before| Some(thread_cpu_ms()? - before));
    let faults = faults_before.and_then(|before| Some(minor_faults()? - before));
    (wall, cpu, faults, done)
}

/// The system allocator, counting the bytes live on the heap and their high-water mark.
/// The native binary installs it as its global allocator so that `bench --memory` can tell the
/// simulation's own heap from the process's other memory. It counts only once
/// [`CountingAllocator::start_counting`] has been called (by `bench --memory`): every other run
/// pays one relaxed load per call instead of locked read-modify-writes, which cost the timed
/// phases about a fifth of their wall time.
///
/// Architecture Invariant: blocks freed after counting started that were allocated before it
/// are not subtracted (their size was never added), so the live count never wraps below zero.
pub struct CountingAllocator;

static COUNTING: AtomicBool = AtomicBool::new(false);
static HEAP_LIVE: AtomicUsize = AtomicUsize::new(0);
static HEAP_PEAK: AtomicUsize = AtomicUsize::new(0);

impl CountingAllocator {
    /// Starts counting the live heap from zero (everything allocated before is left out).
    pub fn start_counting() {
        HEAP_LIVE.store(0, Ordering::Relaxed);
        HEAP_PEAK.store(0, Ordering::Relaxed);
        COUNTING.store(true, Ordering::Relaxed);
    }

    fn grew(size: usize) {
        if !COUNTING.load(Ordering::Relaxed) {
            return;
        }
        let live = HEAP_LIVE.fetch_add(size, Ordering::Relaxed) + size;
        if live > HEAP_PEAK.load(Ordering::Relaxed) {
            HEAP_PEAK.fetch_max(live, Ordering::Relaxed);
        }
    }

    fn shrank(size: usize) {
        if !COUNTING.load(Ordering::Relaxed) {
            return;
        }
        // A block allocated before counting started was never added: saturate at zero.
        let _ = HEAP_LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |live| {
            Some(live.saturating_sub(size))
        });
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters only observe.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            Self::grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            Self::grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.dealloc(pointer, layout) };
        Self::shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on as it is.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            Self::shrank(layout.size());
            Self::grew(new_size);
        }
        moved
    }
}

/// The live heap's high-water mark in MB, or None when the counting allocator is not installed.
fn heap_peak_mb() -> Option<f64> {
    let peak = HEAP_PEAK.load(Ordering::Relaxed);
    (peak > 0).then(|| peak as f64 / (1024.0 * 1024.0))
}

fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn mark(converged: bool) -> &'static str {
    if converged {
        ""
    } else {
        "  (did not converge)"
    }
}

pub fn main(args: &[String]) -> i32 {
    if let Some(position) = args.iter().position(|a| a == "--profile") {
        let replicas = args
            .get(position + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000);
        let policy = args
            .get(position + 2)
            .map(String::as_str)
            .unwrap_or("OrderedReady");
        let last = match args.get(position + 3).map(String::as_str) {
            Some("create") => Phase::Create,
            Some("update") => Phase::Update,
            _ => Phase::ScaleDown,
        };
        profile(replicas, policy, last);
        return 0;
    }
    if args.iter().any(|a| a == "--memory") {
        // The 4,000-replica life alone in this process: its peak is the peak of holding
        // 4,000 pods with their claims and volumes.
        memory(MEMORY_REPLICAS);
        return 0;
    }
    if let Some(position) = args.iter().position(|a| a == "--notes") {
        // The notes' session alone, `--notes N` times over, for profiling.
        let runs: usize = args
            .get(position + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(NOTES_PROFILE_RUNS)
            .max(1);
        // The first run of the process alone, then the mean of the runs after it.
        let (first_wall, first_cpu, faults, _) = notes_session_timed();
        let first_cpu = first_cpu.map_or_else(|| "?".into(), |ms| format!("{ms:.3}"));
        let faults = faults.map_or_else(|| "?".into(), |n| n.to_string());
        println!(
            "notes' session, first in the process: {first_wall:.3} ms wall, {first_cpu} ms CPU, \
             {faults} page faults"
        );
        if runs > 1 {
            let mut total = 0.0;
            for _ in 1..runs {
                total += notes_session_ms().0;
            }
            println!(
                "notes' session again: {:.3} ms on average over {} runs",
                total / (runs - 1) as f64,
                runs - 1
            );
        }
        return 0;
    }
    let quick = args.iter().any(|a| a == "--quick");
    println!("sts-playground bench (native, one thread; times are wall clock of the core's work)");
    println!();
    let (notes_ms, notes_cpu, _, notes_ok) = notes_session_timed();
    println!(
        "{:<58} {:>10.3} ms{}",
        "notes' session to convergence (2 replicas, 5 PVs)",
        notes_ms,
        mark(notes_ok)
    );
    if let Some(cpu) = notes_cpu {
        println!("{:<58} {:>10.3} ms", "  its CPU time (user + system)", cpu);
    }
    // The first session of a process also loads the kubectl schema (once per process or
    // page); the sessions after it show what a session itself costs.
    let mut again_ms = 0.0;
    let mut again_ok = true;
    for _ in 0..NOTES_AGAIN_RUNS {
        let (ms, ok) = notes_session_ms();
        again_ms += ms;
        again_ok &= ok;
    }
    println!(
        "{:<58} {:>10.3} ms{}",
        format!("  the same again, schema loaded (mean of {NOTES_AGAIN_RUNS})"),
        again_ms / NOTES_AGAIN_RUNS as f64,
        mark(again_ok)
    );
    println!();
    println!(
        "{:<22} {:>12} {:>16} {:>14}",
        "1,000 replicas", "create (ms)", "rolling update", "scale to 0"
    );
    for policy in ["Parallel", "OrderedReady"] {
        let run = life(1000, policy);
        println!(
            "{:<22} {:>12.1} {:>13.1} ms {:>11.1} ms{}",
            policy,
            run.create_ms,
            run.update_ms,
            run.scale_down_ms,
            mark(run.converged)
        );
    }
    println!();
    println!("growth of a whole life (create, rolling update, scale to 0; OrderedReady)");
    println!(
        "{:>10} {:>14} {:>22}",
        "replicas", "total (ms)", "ratio to half as many"
    );
    let sizes: &[usize] = if quick {
        &[250, 500, 1000]
    } else {
        &[250, 500, 1000, 2000, 4000]
    };
    let mut previous: Option<f64> = None;
    for &replicas in sizes {
        let run = life(replicas, "OrderedReady");
        let total = run.create_ms + run.update_ms + run.scale_down_ms;
        let ratio = previous
            .map(|p| format!("{:.2}x", total / p))
            .unwrap_or_else(|| "-".into());
        println!(
            "{replicas:>10} {total:>14.1} {ratio:>22}{}",
            mark(run.converged)
        );
        previous = Some(total);
    }
    if let Some(mb) = peak_memory_mb() {
        println!();
        println!("peak memory of this process (VmHWM): {mb:.1} MB");
    }
    0
}

/// `bench --memory`: one whole life of `replicas` (OrderedReady), then the process's peaks.
pub fn memory(replicas: usize) {
    CountingAllocator::start_counting();
    let run = life(replicas, "OrderedReady");
    println!(
        "{replicas} OrderedReady, whole life alone in the process{}",
        mark(run.converged)
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory of this process (VmHWM): {mb:.1} MB");
    }
    if let Some(mb) = heap_peak_mb() {
        println!("peak live heap (counting allocator): {mb:.1} MB");
    }
}

/// One life at a given size, for profiling: `sts-playground bench --profile N POLICY [PHASE]`
/// (PHASE `create` or `update` stops the life after that phase).
pub fn profile(replicas: usize, policy: &str, last: Phase) {
    let run = life_until(replicas, policy, last);
    println!(
        "{replicas} {policy}: create {:.1} ms, update {:.1} ms, scale to 0 {:.1} ms{}",
        run.create_ms,
        run.update_ms,
        run.scale_down_ms,
        mark(run.converged)
    );
    if let Some(mb) = peak_memory_mb() {
        println!("peak memory of this process (VmHWM): {mb:.1} MB");
    }
}
