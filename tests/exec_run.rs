//! `kubectl run -i [--rm]`: waiting for the pod, attaching (or reading the log of a pod that has
//! already finished), waiting for the exit code, and deleting the pod. The kubelet that moves the
//! pod along is written on another branch, so these tests play it by writing statuses into the
//! store between polls.

mod exec_common;

use exec_common::*;
use expect_test::expect;
use sts_playground::sim::session::{CommandState, Session};

fn words(line: &str) -> Vec<String> {
    match sts_playground::sim::script::parse(line)
        .expect("parses")
        .pop()
    {
        Some(step) => match step.action {
            sts_playground::sim::script::Action::Kubectl { argv, .. } => argv,
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// A session with `myapp-0` serving "hello from myapp-0".
fn serving() -> Session {
    let mut session = session();
    create(&mut session.cluster, stateful_pod(0, "nginx:1.25"));
    set_running(&mut session.cluster, "myapp-0", "k8s-node1", "10.244.1.5");
    kubectl(
        &mut session,
        "kubectl exec myapp-0 -- sh -c 'echo hello from myapp-0 > /usr/share/nginx/html/index.html'",
    );
    session
}

struct Terminal {
    text: String,
}

impl Terminal {
    fn start(session: &mut Session, line: &str) -> Terminal {
        let (out, state) = session.start(&words(line), None);
        let mut terminal = Terminal {
            text: format!("$ {line}\n{}", out.text()),
        };
        terminal.state(state);
        terminal
    }

    fn poll(&mut self, session: &mut Session) {
        let (out, state) = session.poll();
        self.text.push_str(&out.text());
        self.state(state);
    }

    fn state(&mut self, state: CommandState) {
        if let CommandState::Finished(code) = state {
            self.text.push_str(&format!("[exit {code}]\n"));
        }
    }
}

const CLIENT: &str =
    "kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp";

#[test]
fn attaching_to_a_running_pod_shows_the_banner_then_the_output() {
    let mut session = serving();
    let mut terminal = Terminal::start(&mut session, CLIENT);
    terminal.poll(&mut session);
    set_running(&mut session.cluster, "client", "k8s-node2", "10.244.2.7");
    terminal.poll(&mut session);
    set_terminated(&mut session.cluster, "client", "Succeeded", 0);
    terminal.poll(&mut session);
    expect![[r#"
        $ kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
        All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.
        If you don't see a command prompt, try pressing enter.
        hello from myapp-0
        pod "client" deleted from default namespace
        [exit 0]
    "#]]
    .assert_eq(&terminal.text);
    assert!(session
        .cluster
        .store
        .get(&pod_key("client"))
        .is_none_or(|pod| pod.meta().deletion_timestamp.is_some()));
}

#[test]
fn a_pod_that_finished_before_the_attach_shows_its_log() {
    let mut session = serving();
    let mut terminal = Terminal::start(&mut session, CLIENT);
    set_running(&mut session.cluster, "client", "k8s-node2", "10.244.2.7");
    set_terminated(&mut session.cluster, "client", "Succeeded", 0);
    terminal.poll(&mut session);
    expect![[r#"
        $ kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
        hello from myapp-0
        pod "client" deleted from default namespace
        [exit 0]
    "#]]
    .assert_eq(&terminal.text);
}

#[test]
fn a_failed_pod_returns_its_exit_code_after_the_deletion() {
    let mut session = serving();
    let line = "kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://nosuch";
    let mut terminal = Terminal::start(&mut session, line);
    set_running(&mut session.cluster, "client", "k8s-node2", "10.244.2.7");
    terminal.poll(&mut session);
    set_terminated(&mut session.cluster, "client", "Failed", 1);
    terminal.poll(&mut session);
    expect![[r#"
        $ kubectl run -i --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://nosuch
        All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.
        If you don't see a command prompt, try pressing enter.
        wget: bad address 'nosuch'
        pod "client" deleted from default namespace
        pod default/client terminated (Error)
        [exit 1]
    "#]]
    .assert_eq(&terminal.text);
}

#[test]
fn a_pod_that_never_starts_times_out_and_is_still_removed() {
    let mut session = serving();
    let (out, code) = session.run_blocking(&words(CLIENT), None);
    expect![[r#"
        pod "client" deleted from default namespace
        error: timed out waiting for the condition
        [exit 1]
    "#]]
    .assert_eq(&format!("{}[exit {code}]\n", out.text()));
    assert_eq!(session.cluster.now, 60_000);
}

#[test]
fn an_always_pod_with_a_tty_ends_when_its_container_stops() {
    let mut session = serving();
    let line = "kubectl run -it shell --image=busybox:1.36 -- sh -c 'echo hi; echo oops >&2'";
    let mut terminal = Terminal::start(&mut session, line);
    set_running(&mut session.cluster, "shell", "k8s-node2", "10.244.2.7");
    terminal.poll(&mut session);
    set_terminated(&mut session.cluster, "shell", "Running", 0);
    terminal.poll(&mut session);
    expect![[r#"
        $ kubectl run -it shell --image=busybox:1.36 -- sh -c 'echo hi; echo oops >&2'
        All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.
        If you don't see a command prompt, try pressing enter.
        hi
        oops
        Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running
        [exit 0]
    "#]]
    .assert_eq(&terminal.text);
    let logs = kubectl(&mut session, "kubectl logs shell");
    expect![[r#"
        $ kubectl logs shell
        hi
        oops
    "#]]
    .assert_eq(&logs);
}

#[test]
fn quiet_attach_prints_only_the_output() {
    let mut session = serving();
    let line = "kubectl run -i -q --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp";
    let mut terminal = Terminal::start(&mut session, line);
    set_running(&mut session.cluster, "client", "k8s-node2", "10.244.2.7");
    terminal.poll(&mut session);
    set_terminated(&mut session.cluster, "client", "Succeeded", 0);
    terminal.poll(&mut session);
    expect![[r#"
        $ kubectl run -i -q --rm client --image=busybox:1.36 --restart=Never -- wget -qO- http://myapp-0.myapp
        hello from myapp-0
        [exit 0]
    "#]]
    .assert_eq(&terminal.text);
}
