//! Snapshot tests of every command and error, against a small fake cluster: a StatefulSet
//! `web` of nginx pods behind the headless Service `nginx`, plus client pods of other images.

use super::*;
use crate::sim::fs::FileTree;
use crate::sim::images::{lookup, ImageLookup};
use expect_test::{expect, Expect};
use std::collections::BTreeMap;

/// One simulated pod: its image, root layer and (optional) volume at the document root.
struct FakePod {
    image: ImageInfo,
    hostname: String,
    fqdn: String,
    ip: String,
    root: FileTree,
    volume: Option<(String, FileTree)>,
}

impl FakePod {
    fn new(image: &str, hostname: &str, subdomain: Option<&str>, ip: &str) -> FakePod {
        let ImageLookup::Pullable(image) = lookup(image) else {
            panic!("test image {image} must be pullable")
        };
        let root = image.root_filesystem();
        FakePod {
            image: *image,
            hostname: hostname.to_string(),
            fqdn: match subdomain {
                Some(subdomain) => format!("{hostname}.{subdomain}.default.svc.cluster.local"),
                None => hostname.to_string(),
            },
            ip: ip.to_string(),
            root,
            volume: None,
        }
    }

    fn with_volume(mut self, mount: &str, tree: FileTree) -> FakePod {
        self.volume = Some((mount.to_string(), tree));
        self
    }

    fn container_fs(&mut self) -> ContainerFs<'_> {
        let fs = ContainerFs::new(&mut self.root);
        match &mut self.volume {
            Some((mount, tree)) => fs.with_mount(mount, tree, false),
            None => fs,
        }
    }
}

/// The cluster around the pod running the command.
struct FakeCluster {
    this: FakePod,
    others: Vec<FakePod>,
    dns: BTreeMap<String, DnsAnswer>,
    tty: bool,
}

impl ExecContext for FakeCluster {
    fn image(&self) -> &ImageInfo {
        &self.this.image
    }
    fn hostname(&self) -> String {
        self.this.hostname.clone()
    }
    fn fqdn(&self) -> String {
        self.this.fqdn.clone()
    }
    fn pod_ip(&self) -> String {
        self.this.ip.clone()
    }
    fn namespace(&self) -> String {
        "default".to_string()
    }
    fn env(&self) -> Vec<(String, String)> {
        vec![
            (
                "KUBERNETES_SERVICE_HOST".to_string(),
                "10.96.0.1".to_string(),
            ),
            ("KUBERNETES_SERVICE_PORT".to_string(), "443".to_string()),
        ]
    }
    fn fs(&mut self) -> ContainerFs<'_> {
        self.this.container_fs()
    }
    fn dns_a(&self, name: &str) -> DnsAnswer {
        self.dns.get(name).cloned().unwrap_or(DnsAnswer::NxDomain)
    }
    fn reverse_dns(&self, ip: &str) -> Option<String> {
        self.others
            .iter()
            .find(|pod| pod.ip == ip)
            .map(|pod| pod.fqdn.clone())
    }
    fn http_get(&mut self, ip: &str, port: u16, _host: &str, path: &str) -> HttpResult {
        if ip == "10.244.9.9" {
            return HttpResult::TimedOut;
        }
        let pod = if ip == "127.0.0.1" || ip == self.this.ip {
            Some(&mut self.this)
        } else {
            self.others.iter_mut().find(|pod| pod.ip == ip)
        };
        let Some(pod) = pod else {
            return HttpResult::HostUnreachable;
        };
        if pod.image.serves.as_ref().map(|server| server.port) != Some(port) {
            return HttpResult::ConnectionRefused;
        }
        let image = pod.image.clone();
        let fs = pod.container_fs();
        serve_http(&image, &fs, path)
    }
    fn tty(&self) -> bool {
        self.tty
    }
}

fn volume_with(files: &[(&str, &str)]) -> FileTree {
    let mut tree = FileTree::new();
    for (path, contents) in files {
        tree.write(path, contents, false).unwrap();
    }
    tree
}

fn cluster(this: FakePod) -> FakeCluster {
    let web0 = FakePod::new("nginx:1.25", "web-0", Some("nginx"), "10.244.1.5").with_volume(
        "/usr/share/nginx/html",
        volume_with(&[("/index.html", "hello from web-0\n")]),
    );
    let web1 = FakePod::new("nginx:1.25", "web-1", Some("nginx"), "10.244.2.6")
        .with_volume("/usr/share/nginx/html", FileTree::new());
    let plain = FakePod::new("nginx:1.25", "plain", None, "10.244.1.7");
    let redis = FakePod::new("redis:7.2", "cache-0", None, "10.244.2.8");
    let mut dns = BTreeMap::new();
    let address = |ip: &str| DnsAnswer::Addresses(vec![ip.to_string()]);
    dns.insert(
        "web-0.nginx.default.svc.cluster.local".to_string(),
        address("10.244.1.5"),
    );
    dns.insert(
        "web-1.nginx.default.svc.cluster.local".to_string(),
        address("10.244.2.6"),
    );
    dns.insert(
        "nginx.default.svc.cluster.local".to_string(),
        DnsAnswer::Addresses(vec!["10.244.1.5".to_string(), "10.244.2.6".to_string()]),
    );
    dns.insert(
        "plain.default.svc.cluster.local".to_string(),
        address("10.244.1.7"),
    );
    dns.insert(
        "cache.default.svc.cluster.local".to_string(),
        address("10.244.2.8"),
    );
    dns.insert(
        "gone.default.svc.cluster.local".to_string(),
        address("10.244.9.9"),
    );
    dns.insert(
        "empty.default.svc.cluster.local".to_string(),
        DnsAnswer::NoData,
    );
    dns.insert(
        "kubernetes.default.svc.cluster.local".to_string(),
        address("10.96.0.1"),
    );
    FakeCluster {
        this,
        others: vec![web0, web1, plain, redis],
        dns,
        tty: false,
    }
}

fn web0() -> FakePod {
    FakePod::new("nginx:1.25", "web-0", Some("nginx"), "10.244.1.5").with_volume(
        "/usr/share/nginx/html",
        volume_with(&[("/index.html", "hello from web-0\n")]),
    )
}

fn busybox() -> FakePod {
    FakePod::new("busybox:1.36", "client", None, "10.244.2.9")
}

fn render(outcome: &ExecOutcome) -> String {
    let mut text = outcome.output.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str("⏎\n");
    }
    text.push_str(&format!("[exit {}", outcome.exit_code));
    if outcome.elapsed_ms > 0 {
        text.push_str(&format!(", {} ms", outcome.elapsed_ms));
    }
    if outcome.blocks_forever {
        text.push_str(", blocks forever");
    }
    if outcome.truncated {
        text.push_str(", truncated");
    }
    if !outcome.stderr.is_empty() {
        text.push_str(&format!(", stderr {} bytes", outcome.stderr.len()));
    }
    text.push(']');
    text.replace('\r', "␍").replace('\t', "⇥")
}

/// Runs each command line (split on blanks, or `sh -c` with the rest after `sh -c `) in a fresh
/// cluster around `pod`, one after the other on the same cluster, and snapshots the transcript.
fn check(pod: FakePod, commands: &[&[&str]], expect: Expect) {
    let mut cluster = cluster(pod);
    let mut transcript = String::new();
    for argv in commands {
        let argv: Vec<String> = argv.iter().map(|word| word.to_string()).collect();
        let outcome = exec(&argv, &mut cluster);
        transcript.push_str(&format!("$ {}\n{}\n", argv.join(" "), render(&outcome)));
    }
    expect.assert_eq(&transcript);
}

#[test]
fn hostname_and_identity_files() {
    check(
        web0(),
        &[
            &["hostname"],
            &["hostname", "-f"],
            &["hostname", "-i"],
            &["cat", "/etc/hostname"],
            &["cat", "/etc/hosts"],
            &["cat", "/etc/resolv.conf"],
            &["hostname", "other"],
        ],
        expect![[r#"
            $ hostname
            web-0
            [exit 0]
            $ hostname -f
            web-0.nginx.default.svc.cluster.local
            [exit 0]
            $ hostname -i
            10.244.1.5
            [exit 0]
            $ cat /etc/hostname
            web-0
            [exit 0]
            $ cat /etc/hosts
            # Kubernetes-managed hosts file.
            127.0.0.1⇥localhost
            ::1⇥localhost ip6-localhost ip6-loopback
            fe00::0⇥ip6-localnet
            fe00::0⇥ip6-mcastprefix
            fe00::1⇥ip6-allnodes
            fe00::2⇥ip6-allrouters
            10.244.1.5⇥web-0.nginx.default.svc.cluster.local⇥web-0
            [exit 0]
            $ cat /etc/resolv.conf
            search default.svc.cluster.local svc.cluster.local cluster.local
            nameserver 10.96.0.10
            options ndots:5
            [exit 0]
            $ hostname other
            hostname: you must be root to change the host name
            [exit 1, stderr 51 bytes]
        "#]],
    );
}

#[test]
fn file_tools_gnu() {
    check(
        web0(),
        &[
            &["ls", "/usr/share/nginx/html"],
            &["cat", "/usr/share/nginx/html/index.html"],
            &["cat", "/x"],
            &["ls", "/x"],
            &["rm", "/x"],
            &["rm", "-f", "/x"],
            &["rm", "/usr"],
            &["mkdir", "/data/a"],
            &["mkdir", "-p", "/data/a"],
            &["mkdir", "/data"],
            &["mv", "/nope", "/data"],
            &["echo", "-n", "no newline"],
            &["ls", "-l", "/usr/share/nginx/html"],
            &["cat", "-z", "/x"],
            &["sleep", "5"],
            &["sleep", "abc"],
        ],
        expect![[r#"
            $ ls /usr/share/nginx/html
            index.html
            [exit 0]
            $ cat /usr/share/nginx/html/index.html
            hello from web-0
            [exit 0]
            $ cat /x
            cat: /x: No such file or directory
            [exit 1, stderr 35 bytes]
            $ ls /x
            ls: cannot access '/x': No such file or directory
            [exit 2, stderr 50 bytes]
            $ rm /x
            rm: cannot remove '/x': No such file or directory
            [exit 1, stderr 50 bytes]
            $ rm -f /x
            [exit 0]
            $ rm /usr
            rm: cannot remove '/usr': Is a directory
            [exit 1, stderr 41 bytes]
            $ mkdir /data/a
            mkdir: cannot create directory '/data/a': No such file or directory
            [exit 1, stderr 68 bytes]
            $ mkdir -p /data/a
            [exit 0]
            $ mkdir /data
            mkdir: cannot create directory '/data': File exists
            [exit 1, stderr 52 bytes]
            $ mv /nope /data
            mv: cannot stat '/nope': No such file or directory
            [exit 1, stderr 51 bytes]
            $ echo -n no newline
            no newline⏎
            [exit 0]
            $ ls -l /usr/share/nginx/html
            total 4
            -rw-r--r-- 1 root root   17 Jan  1 00:00 index.html
            [exit 0]
            $ cat -z /x
            cat: invalid option -- 'z'
            Try 'cat --help' for more information.
            [exit 1, stderr 66 bytes]
            $ sleep 5
            [exit 0, 5000 ms]
            $ sleep abc
            sleep: invalid time interval 'abc'
            Try 'sleep --help' for more information.
            [exit 1, stderr 76 bytes]
        "#]],
    );
}

#[test]
fn file_tools_busybox() {
    check(
        busybox(),
        &[
            &["cat", "/x"],
            &["ls", "/x"],
            &["rm", "/x"],
            &["rm", "/tmp"],
            &["mkdir", "/tmp"],
            &["mkdir", "/a/b"],
            &["mv", "/nope", "/tmp"],
            &[
                "sh",
                "-c",
                "echo hi > /tmp/f; cat /tmp/f; mv /tmp/f /tmp/g; ls /tmp; rm /tmp/g; ls /tmp",
            ],
            &["sleep", "abc"],
            &["ls", "-l", "/etc"],
            &["env"],
        ],
        expect![[r#"
            $ cat /x
            cat: can't open '/x': No such file or directory
            [exit 1, stderr 48 bytes]
            $ ls /x
            ls: /x: No such file or directory
            [exit 1, stderr 34 bytes]
            $ rm /x
            rm: can't remove '/x': No such file or directory
            [exit 1, stderr 49 bytes]
            $ rm /tmp
            rm: '/tmp' is a directory
            [exit 1, stderr 26 bytes]
            $ mkdir /tmp
            mkdir: can't create directory '/tmp': File exists
            [exit 1, stderr 50 bytes]
            $ mkdir /a/b
            mkdir: can't create directory '/a/b': No such file or directory
            [exit 1, stderr 64 bytes]
            $ mv /nope /tmp
            mv: can't rename '/nope': No such file or directory
            [exit 1, stderr 52 bytes]
            $ sh -c echo hi > /tmp/f; cat /tmp/f; mv /tmp/f /tmp/g; ls /tmp; rm /tmp/g; ls /tmp
            hi
            g
            [exit 0]
            $ sleep abc
            sleep: invalid number 'abc'
            [exit 1, stderr 28 bytes]
            $ ls -l /etc
            -rw-r--r--    1 root     root              0 Jan  1 00:00 hostname
            -rw-r--r--    1 root     root              0 Jan  1 00:00 hosts
            -rw-r--r--    1 root     root              0 Jan  1 00:00 resolv.conf
            [exit 0]
            $ env
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
            HOSTNAME=client
            KUBERNETES_SERVICE_HOST=10.96.0.1
            KUBERNETES_SERVICE_PORT=443
            HOME=/root
            [exit 0]
        "#]],
    );
}

#[test]
fn missing_executables() {
    check(
        web0(),
        &[
            &["nslookup", "web-1.nginx"],
            &["wget", "-qO-", "http://web-1.nginx"],
            &["/usr/bin/nslookup", "x"],
            &["sh", "-c", "nslookup web-1.nginx"],
            &["sh", "-c", "/bin/nope"],
        ],
        expect![[r#"
            $ nslookup web-1.nginx
            OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown
            [exit 126, stderr 135 bytes]
            $ wget -qO- http://web-1.nginx
            OCI runtime exec failed: exec failed: unable to start container process: exec: "wget": executable file not found in $PATH: unknown
            [exit 126, stderr 131 bytes]
            $ /usr/bin/nslookup x
            OCI runtime exec failed: exec failed: unable to start container process: exec: "/usr/bin/nslookup": stat /usr/bin/nslookup: no such file or directory: unknown
            [exit 126, stderr 159 bytes]
            $ sh -c nslookup web-1.nginx
            sh: 1: nslookup: not found
            [exit 127, stderr 27 bytes]
            $ sh -c /bin/nope
            sh: 1: /bin/nope: not found
            [exit 127, stderr 28 bytes]
        "#]],
    );
    check(
        busybox(),
        &[
            &["curl", "http://web-0.nginx"],
            &["sh", "-c", "curl http://web-0.nginx; echo status=$?"],
        ],
        expect![[r#"
            $ curl http://web-0.nginx
            OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown
            [exit 126, stderr 131 bytes]
            $ sh -c curl http://web-0.nginx; echo status=$?
            sh: curl: not found
            status=127
            [exit 0, stderr 20 bytes]
        "#]],
    );
    check(
        FakePod::new("mysql:8.0", "db-0", None, "10.244.1.9"),
        &[
            &["hostname"],
            &["sh", "-c", "hostname"],
            &["sh", "-c", "echo $MYSQL_VERSION"],
        ],
        expect![[r#"
            $ hostname
            OCI runtime exec failed: exec failed: unable to start container process: exec: "hostname": executable file not found in $PATH: unknown
            [exit 126, stderr 135 bytes]
            $ sh -c hostname
            sh: line 1: hostname: command not found
            [exit 127, stderr 40 bytes]
            $ sh -c echo $MYSQL_VERSION
            8.0
            [exit 0]
        "#]],
    );
    check(
        FakePod::new("registry.k8s.io/pause:3.9", "pause", None, "10.244.1.10"),
        &[&["sh"], &["ls"]],
        expect![[r#"
            $ sh
            OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown
            [exit 126, stderr 129 bytes]
            $ ls
            OCI runtime exec failed: exec failed: unable to start container process: exec: "ls": executable file not found in $PATH: unknown
            [exit 126, stderr 129 bytes]
        "#]],
    );
}

#[test]
fn the_tutorial_write_hostname_into_the_volume() {
    check(
        FakePod::new(
            "registry.k8s.io/nginx-slim:0.24",
            "web-1",
            Some("nginx"),
            "10.244.2.6",
        )
        .with_volume("/usr/share/nginx/html", FileTree::new()),
        &[
            &["curl", "http://localhost/"],
            &[
                "sh",
                "-c",
                "echo \"$(hostname)\" > /usr/share/nginx/html/index.html",
            ],
            &["curl", "-s", "http://localhost/"],
            &["cat", "/usr/share/nginx/html/index.html"],
        ],
        expect![[r#"
            $ curl http://localhost/
              % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                             Dload  Upload   Total   Spent    Left  Speed
            ␍  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0␍100   153  100   153    0     0   149k      0 --:--:-- --:--:-- --:--:--  149k
            <html>␍
            <head><title>403 Forbidden</title></head>␍
            <body>␍
            <center><h1>403 Forbidden</h1></center>␍
            <hr><center>nginx/1.11.1</center>␍
            </body>␍
            </html>␍
            [exit 0, stderr 317 bytes]
            $ sh -c echo "$(hostname)" > /usr/share/nginx/html/index.html
            [exit 0]
            $ curl -s http://localhost/
            web-1
            [exit 0]
            $ cat /usr/share/nginx/html/index.html
            web-1
            [exit 0]
        "#]],
    );
}

#[test]
fn shell_language() {
    check(
        busybox(),
        &[
            &[
                "sh",
                "-c",
                "echo a; false && echo no; false || echo yes; echo $?",
            ],
            &["sh", "-c", "X=1; echo \"x is $X\" '$X' $HOSTNAME ${X}y"],
            &["sh", "-c", "echo one two | cat; echo `hostname`"],
            &["sh", "-c", "cat /nope 2>&1 >/dev/null; echo after"],
            &["sh", "-c", "echo out; cat /nope; echo err >&2"],
            &[
                "sh",
                "-c",
                "echo first > /tmp/log; echo second >> /tmp/log; cat < /tmp/log",
            ],
            &["sh", "-c", "echo x > /nodir/file"],
            &["sh", "-c", "cd /etc && pwd; cd /nope"],
            &["sh", "-c", "exit 3; echo never"],
            &["sh", "-c", "echo 'unterminated"],
            &["sh", "-c", "&& echo"],
            &["sh", "-c", "echo a &&"],
            &["sh", "-c", "for i in 1 2; do echo $i; done"],
            &["sh", "-c"],
            &["sh", "-c", "sleep 2; sleep 3"],
            &["sh", "-c", "sleep infinity"],
            &["sh"],
        ],
        expect![[r#"
            $ sh -c echo a; false && echo no; false || echo yes; echo $?
            a
            yes
            0
            [exit 0]
            $ sh -c X=1; echo "x is $X" '$X' $HOSTNAME ${X}y
            x is 1 $X client 1y
            [exit 0]
            $ sh -c echo one two | cat; echo `hostname`
            one two
            client
            [exit 0]
            $ sh -c cat /nope 2>&1 >/dev/null; echo after
            cat: can't open '/nope': No such file or directory
            after
            [exit 0]
            $ sh -c echo out; cat /nope; echo err >&2
            out
            cat: can't open '/nope': No such file or directory
            err
            [exit 0, stderr 55 bytes]
            $ sh -c echo first > /tmp/log; echo second >> /tmp/log; cat < /tmp/log
            first
            second
            [exit 0]
            $ sh -c echo x > /nodir/file
            sh: can't create /nodir/file: nonexistent directory
            [exit 1, stderr 52 bytes]
            $ sh -c cd /etc && pwd; cd /nope
            /etc
            sh: cd: can't cd to /nope: No such file or directory
            [exit 2, stderr 53 bytes]
            $ sh -c exit 3; echo never
            [exit 3]
            $ sh -c echo 'unterminated
            sh: syntax error: unterminated quoted string
            [exit 2, stderr 45 bytes]
            $ sh -c && echo
            sh: syntax error: unexpected "&&"
            [exit 2, stderr 34 bytes]
            $ sh -c echo a &&
            sh: syntax error: unexpected end of file
            [exit 2, stderr 41 bytes]
            $ sh -c for i in 1 2; do echo $i; done
            sh: for: not supported by the simulated shell (only simple commands, ;, &&, ||, | and redirections)
            [exit 2, stderr 100 bytes]
            $ sh -c
            sh: -c requires an argument
            [exit 2, stderr 28 bytes]
            $ sh -c sleep 2; sleep 3
            [exit 0, 5000 ms]
            $ sh -c sleep infinity
            [exit 0, blocks forever]
            $ sh
            [exit 0]
        "#]],
    );
}

#[test]
fn dash_shell_language() {
    check(
        web0(),
        &[
            &["sh", "-c", "nope"],
            &["sh", "-c", "echo 'a\\tb'"],
            &["sh", "-c", "echo x > /nodir/file"],
            &["sh", "-c", "echo 'unterminated"],
            &["sh", "-c", "&& echo"],
            &["sh", "-c", "cd /nope"],
        ],
        expect![[r#"
            $ sh -c nope
            sh: 1: nope: not found
            [exit 127, stderr 23 bytes]
            $ sh -c echo 'a\tb'
            a⇥b
            [exit 0]
            $ sh -c echo x > /nodir/file
            sh: 1: cannot create /nodir/file: Directory nonexistent
            [exit 2, stderr 56 bytes]
            $ sh -c echo 'unterminated
            sh: 1: Syntax error: Unterminated quoted string
            [exit 2, stderr 48 bytes]
            $ sh -c && echo
            sh: 1: Syntax error: "&&" unexpected
            [exit 2, stderr 37 bytes]
            $ sh -c cd /nope
            sh: 1: cd: can't cd to /nope
            [exit 2, stderr 29 bytes]
        "#]],
    );
}

#[test]
fn nslookup_modern_busybox() {
    check(
        busybox(),
        &[
            &["nslookup", "web-0.nginx.default.svc.cluster.local"],
            &["nslookup", "web-0.nginx"],
            &["nslookup", "nginx"],
            &["nslookup", "empty.default.svc.cluster.local"],
            &["nslookup", "10.244.1.5"],
            &["nslookup"],
        ],
        expect![[r#"
            $ nslookup web-0.nginx.default.svc.cluster.local
            Server:⇥⇥10.96.0.10
            Address:⇥10.96.0.10:53

            Name:⇥web-0.nginx.default.svc.cluster.local
            Address: 10.244.1.5


            [exit 0]
            $ nslookup web-0.nginx
            Server:⇥⇥10.96.0.10
            Address:⇥10.96.0.10:53

            ** server can't find web-0.nginx: NXDOMAIN

            ** server can't find web-0.nginx: NXDOMAIN

            [exit 1]
            $ nslookup nginx
            Server:⇥⇥10.96.0.10
            Address:⇥10.96.0.10:53

            Name:⇥nginx.default.svc.cluster.local
            Address: 10.244.1.5
            Name:⇥nginx.default.svc.cluster.local
            Address: 10.244.2.6

            ** server can't find nginx.svc.cluster.local: NXDOMAIN

            ** server can't find nginx.cluster.local: NXDOMAIN


            ** server can't find nginx.svc.cluster.local: NXDOMAIN

            ** server can't find nginx.cluster.local: NXDOMAIN

            [exit 1]
            $ nslookup empty.default.svc.cluster.local
            Server:⇥⇥10.96.0.10
            Address:⇥10.96.0.10:53



            [exit 0]
            $ nslookup 10.244.1.5
            Server:⇥⇥10.96.0.10
            Address:⇥10.96.0.10:53

            5.1.244.10.in-addr.arpa⇥name = web-0.nginx.default.svc.cluster.local

            [exit 0]
            $ nslookup
            BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.

            Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

            Query DNS about HOST

            QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any
            [exit 1, stderr 190 bytes]
        "#]],
    );
}

#[test]
fn nslookup_legacy_busybox() {
    check(
        FakePod::new("busybox:1.28", "dns-test", None, "10.244.2.10"),
        &[
            &["nslookup", "web-0.nginx"],
            &["nslookup", "nginx"],
            &["nslookup", "nosuch"],
        ],
        expect![[r#"
            $ nslookup web-0.nginx
            Server:    10.96.0.10
            Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

            Name:      web-0.nginx
            Address 1: 10.244.1.5 web-0.nginx.default.svc.cluster.local
            [exit 0]
            $ nslookup nginx
            Server:    10.96.0.10
            Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

            Name:      nginx
            Address 1: 10.244.1.5 web-0.nginx.default.svc.cluster.local
            Address 2: 10.244.2.6 web-1.nginx.default.svc.cluster.local
            [exit 0]
            $ nslookup nosuch
            Server:    10.96.0.10
            Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local

            nslookup: can't resolve 'nosuch'
            [exit 1, stderr 33 bytes]
        "#]],
    );
}

#[test]
fn wget_busybox() {
    check(
        busybox(),
        &[
            &["wget", "-qO-", "http://web-0.nginx"],
            &["wget", "-qO-", "web-1.nginx"],
            &["wget", "-qO-", "http://plain/nope.html"],
            &["wget", "-qO-", "http://plain/"],
            &["wget", "-qO-", "http://nosuch"],
            &["wget", "-qO-", "http://cache"],
            &["wget", "-qO-", "http://gone"],
            &["wget", "-T", "5", "-qO-", "http://gone"],
            &["wget", "-O-", "http://web-0.nginx"],
            &["wget", "http://web-0.nginx/"],
            &["cat", "index.html"],
            &["wget", "-q", "http://web-0.nginx/"],
            &["wget", "-qO-", "http://10.244.1.5:8080/"],
            &["wget"],
        ],
        expect![[r#"
            $ wget -qO- http://web-0.nginx
            hello from web-0
            [exit 0]
            $ wget -qO- web-1.nginx
            wget: server returned error: HTTP/1.1 403 Forbidden
            [exit 1, stderr 52 bytes]
            $ wget -qO- http://plain/nope.html
            wget: server returned error: HTTP/1.1 404 Not Found
            [exit 1, stderr 52 bytes]
            $ wget -qO- http://plain/
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            [exit 0]
            $ wget -qO- http://nosuch
            wget: bad address 'nosuch'
            [exit 1, stderr 27 bytes]
            $ wget -qO- http://cache
            wget: can't connect to remote host (10.244.2.8): Connection refused
            [exit 1, stderr 68 bytes]
            $ wget -qO- http://gone
            wget: can't connect to remote host (10.244.9.9): Connection timed out
            [exit 1, 130000 ms, stderr 70 bytes]
            $ wget -T 5 -qO- http://gone
            wget: download timed out
            [exit 1, 5000 ms, stderr 25 bytes]
            $ wget -O- http://web-0.nginx
            Connecting to web-0.nginx (10.244.1.5:80)
            writing to stdout
            hello from web-0
            -                   100% |*******************************|    17  0:00:00 ETA
            written to stdout
            [exit 0, stderr 156 bytes]
            $ wget http://web-0.nginx/
            Connecting to web-0.nginx (10.244.1.5:80)
            saving to 'index.html'
            index.html          100% |*******************************|    17  0:00:00 ETA
            'index.html' saved
            [exit 0, stderr 162 bytes]
            $ cat index.html
            hello from web-0
            [exit 0]
            $ wget -q http://web-0.nginx/
            wget: can't open 'index.html': File exists
            [exit 1, stderr 43 bytes]
            $ wget -qO- http://10.244.1.5:8080/
            wget: can't connect to remote host (10.244.1.5): Connection refused
            [exit 1, stderr 68 bytes]
            $ wget
            BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.

            Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
            ⇥[--post-data STR | --post-file FILE] [-Y on/off]
            ⇥[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...
            [exit 1, stderr 242 bytes]
        "#]],
    );
}

#[test]
fn curl_debian() {
    check(
        web0(),
        &[
            &["curl", "-s", "http://web-0.nginx"],
            &["curl", "http://web-0.nginx"],
            &["curl", "-s", "http://nosuch"],
            &["curl", "http://nosuch"],
            &["curl", "-sS", "http://cache"],
            &["curl", "-s", "http://web-1.nginx/"],
            &["curl", "-sf", "http://web-1.nginx/missing"],
            &["curl", "-s", "http://plain/usr"],
            &["curl", "-s", "http://localhost/"],
            &["curl", "-sS", "-m", "3", "http://gone"],
            &["curl", "-x", "http://localhost/"],
            &["curl"],
        ],
        expect![[r#"
            $ curl -s http://web-0.nginx
            hello from web-0
            [exit 0]
            $ curl http://web-0.nginx
              % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                             Dload  Upload   Total   Spent    Left  Speed
            ␍  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0␍100    17  100    17    0     0  17000      0 --:--:-- --:--:-- --:--:-- 17000
            hello from web-0
            [exit 0, stderr 317 bytes]
            $ curl -s http://nosuch
            [exit 6]
            $ curl http://nosuch
              % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
                                             Dload  Upload   Total   Spent    Left  Speed
            ␍  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0curl: (6) Could not resolve host: nosuch
            [exit 6, stderr 278 bytes]
            $ curl -sS http://cache
            curl: (7) Failed to connect to cache port 80 after 0 ms: Couldn't connect to server
            [exit 7, stderr 84 bytes]
            $ curl -s http://web-1.nginx/
            <html>␍
            <head><title>403 Forbidden</title></head>␍
            <body>␍
            <center><h1>403 Forbidden</h1></center>␍
            <hr><center>nginx/1.25.5</center>␍
            </body>␍
            </html>␍
            [exit 0]
            $ curl -sf http://web-1.nginx/missing
            [exit 22]
            $ curl -s http://plain/usr
            <html>␍
            <head><title>404 Not Found</title></head>␍
            <body>␍
            <center><h1>404 Not Found</h1></center>␍
            <hr><center>nginx/1.25.5</center>␍
            </body>␍
            </html>␍
            [exit 0]
            $ curl -s http://localhost/
            hello from web-0
            [exit 0]
            $ curl -sS -m 3 http://gone
            curl: (28) Connection timed out after 3001 milliseconds
            [exit 28, 3000 ms, stderr 56 bytes]
            $ curl -x http://localhost/
            curl: option -x: is unknown
            curl: try 'curl --help' or 'curl --manual' for more information
            [exit 2, stderr 92 bytes]
            $ curl
            curl: no URL specified!
            curl: try 'curl --help' or 'curl --manual' for more information
            [exit 2, stderr 88 bytes]
        "#]],
    );
}

#[test]
fn nginx_and_apache_responses() {
    let ImageLookup::Pullable(nginx) = lookup("nginx:1.25") else {
        panic!()
    };
    let ImageLookup::Pullable(httpd) = lookup("httpd:2.4") else {
        panic!()
    };
    let mut transcript = String::new();
    let mut show = |label: &str, result: HttpResult| {
        let text = match result {
            HttpResult::Response(response) => format!(
                "{} {} location={:?}\n{}",
                response.status, response.reason, response.location, response.body
            ),
            other => format!("{other:?}\n"),
        };
        transcript.push_str(&format!("== {label}\n{}", text.replace('\r', "␍")));
    };
    let mut nginx_root = nginx.root_filesystem();
    let image_fs = ContainerFs::new(&mut nginx_root);
    show("nginx image /", serve_http(&nginx, &image_fs, "/"));
    show("nginx /missing", serve_http(&nginx, &image_fs, "/missing"));
    drop(image_fs);
    let mut empty_volume = FileTree::new();
    let mounted = ContainerFs::new(&mut nginx_root).with_mount(
        "/usr/share/nginx/html",
        &mut empty_volume,
        false,
    );
    show("nginx empty PV /", serve_http(&nginx, &mounted, "/"));
    drop(mounted);
    let mut volume = volume_with(&[("/index.html", "hi\n")]);
    volume.mkdir("/docs", false).unwrap();
    let mounted =
        ContainerFs::new(&mut nginx_root).with_mount("/usr/share/nginx/html", &mut volume, false);
    show("nginx PV /?x=1", serve_http(&nginx, &mounted, "/?x=1"));
    show("nginx PV /docs", serve_http(&nginx, &mounted, "/docs"));
    show("nginx PV /docs/", serve_http(&nginx, &mounted, "/docs/"));
    show(
        "nginx PV /../../etc/hosts",
        serve_http(&nginx, &mounted, "/../../etc/hosts"),
    );
    drop(mounted);
    let mut httpd_root = httpd.root_filesystem();
    let mut empty_volume = FileTree::new();
    let mounted = ContainerFs::new(&mut httpd_root).with_mount(
        "/usr/local/apache2/htdocs",
        &mut empty_volume,
        false,
    );
    show("httpd empty PV /", serve_http(&httpd, &mounted, "/"));
    show("httpd /missing", serve_http(&httpd, &mounted, "/missing"));
    drop(mounted);
    let image_fs = ContainerFs::new(&mut httpd_root);
    show("httpd image /", serve_http(&httpd, &image_fs, "/"));
    expect![[r#"
        == nginx image /
        200 OK location=None
        <!DOCTYPE html>
        <html>
        <head>
        <title>Welcome to nginx!</title>
        <style>
        html { color-scheme: light dark; }
        body { width: 35em; margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif; }
        </style>
        </head>
        <body>
        <h1>Welcome to nginx!</h1>
        <p>If you see this page, the nginx web server is successfully installed and
        working. Further configuration is required.</p>

        <p>For online documentation and support please refer to
        <a href="http://nginx.org/">nginx.org</a>.<br/>
        Commercial support is available at
        <a href="http://nginx.com/">nginx.com</a>.</p>

        <p><em>Thank you for using nginx.</em></p>
        </body>
        </html>
        == nginx /missing
        404 Not Found location=None
        <html>␍
        <head><title>404 Not Found</title></head>␍
        <body>␍
        <center><h1>404 Not Found</h1></center>␍
        <hr><center>nginx/1.25.5</center>␍
        </body>␍
        </html>␍
        == nginx empty PV /
        403 Forbidden location=None
        <html>␍
        <head><title>403 Forbidden</title></head>␍
        <body>␍
        <center><h1>403 Forbidden</h1></center>␍
        <hr><center>nginx/1.25.5</center>␍
        </body>␍
        </html>␍
        == nginx PV /?x=1
        200 OK location=None
        hi
        == nginx PV /docs
        301 Moved Permanently location=Some("/docs/")
        <html>␍
        <head><title>301 Moved Permanently</title></head>␍
        <body>␍
        <center><h1>301 Moved Permanently</h1></center>␍
        <hr><center>nginx/1.25.5</center>␍
        </body>␍
        </html>␍
        == nginx PV /docs/
        403 Forbidden location=None
        <html>␍
        <head><title>403 Forbidden</title></head>␍
        <body>␍
        <center><h1>403 Forbidden</h1></center>␍
        <hr><center>nginx/1.25.5</center>␍
        </body>␍
        </html>␍
        == nginx PV /../../etc/hosts
        400 Bad Request location=None
        <html>␍
        <head><title>400 Bad Request</title></head>␍
        <body>␍
        <center><h1>400 Bad Request</h1></center>␍
        <hr><center>nginx/1.25.5</center>␍
        </body>␍
        </html>␍
        == httpd empty PV /
        200 OK location=None
        <!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">
        <html>
         <head>
          <title>Index of /</title>
         </head>
         <body>
        <h1>Index of /</h1>
        <ul></ul>
        </body></html>
        == httpd /missing
        404 Not Found location=None
        <!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
        <html><head>
        <title>404 Not Found</title>
        </head><body>
        <h1>Not Found</h1>
        <p>The requested URL was not found on this server.</p>
        </body></html>
        == httpd image /
        200 OK location=None
        <html><body><h1>It works!</h1></body></html>
    "#]]
    .assert_eq(&transcript);
}

#[test]
fn servers_and_entrypoints() {
    check(
        web0(),
        &[
            &["nginx", "-g", "daemon off;"],
            &["nginx", "-v"],
            &["/docker-entrypoint.sh", "echo", "hi"],
            &["sh", "-c", "nginx -t"],
        ],
        expect![[r#"
            $ nginx -g daemon off;
            [exit 0, blocks forever]
            $ nginx -v
            nginx version: nginx/1.25.5
            [exit 0, stderr 28 bytes]
            $ /docker-entrypoint.sh echo hi
            hi
            [exit 0]
            $ sh -c nginx -t
            nginx: the configuration file /etc/nginx/nginx.conf syntax is ok
            nginx: configuration file /etc/nginx/nginx.conf test is successful
            [exit 0, stderr 132 bytes]
        "#]],
    );
}

#[test]
fn start_errors() {
    expect![[r#"failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nslookupx": executable file not found in $PATH: unknown"#]].assert_eq(&start_error_message("nslookupx"));
}

#[test]
fn bounds_stop_runaway_scripts() {
    let nested = (0..20).fold("echo deep".to_string(), |inner, _| {
        format!("echo $({inner})")
    });
    let recursive = "echo 'sh /tmp/again' > /tmp/again; sh /tmp/again".to_string();
    let many = "echo x; ".repeat(3000);
    let big = "cat /etc/hosts /etc/hosts /etc/hosts /etc/hosts; ".repeat(400);
    let mut cluster = cluster(busybox());
    let summary: Vec<String> = [nested, recursive, many, big]
        .iter()
        .map(|script| {
            let outcome = exec(
                &["sh".to_string(), "-c".to_string(), script.clone()],
                &mut cluster,
            );
            format!(
                "exit={} stdout={} truncated={} stderr={:?}",
                outcome.exit_code,
                outcome.stdout.len(),
                outcome.truncated,
                outcome.stderr.lines().next().unwrap_or("")
            )
        })
        .collect();
    expect![[r#"
        exit=0 stdout=1 truncated=true stderr="sh: too many nested command substitutions (simulation limit)"
        exit=2 stdout=0 truncated=true stderr="sh: too many nested shells (simulation limit)"
        exit=1 stdout=1998 truncated=true stderr=""
        exit=0 stdout=65536 truncated=true stderr="""#]]
    .assert_eq(&summary.join("\n"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

        #[test]
        fn exec_never_panics_on_arbitrary_argv(argv in proptest::collection::vec(".{0,12}", 0..6)) {
            let mut cluster = cluster(busybox());
            let outcome = exec(&argv, &mut cluster);
            prop_assert!(outcome.output.len() <= MAX_OUTPUT_BYTES);
        }

        #[test]
        fn exec_never_panics_on_arbitrary_scripts(script in "[ a-z0-9$'\"`()|&;<>\\\\/.=*!#{}\\-\n]{0,80}") {
            for pod in [busybox(), web0()] {
                let mut cluster = cluster(pod);
                let argv = vec!["sh".to_string(), "-c".to_string(), script.clone()];
                let outcome = exec(&argv, &mut cluster);
                prop_assert!(outcome.output.len() <= MAX_OUTPUT_BYTES);
            }
        }

        #[test]
        fn exec_never_panics_on_tool_words(
            tool in proptest::sample::select(vec!["cat", "ls", "rm", "mv", "mkdir", "echo", "sleep", "nslookup", "wget", "curl", "hostname", "env", "touch", "rmdir", "sh"]),
            args in proptest::collection::vec("(-[a-zA-Z]{1,3}|/[a-z/.]{0,10}|[a-z.:/0-9-]{0,14})", 0..4),
        ) {
            let mut argv = vec![tool.to_string()];
            argv.extend(args);
            let mut cluster = cluster(busybox());
            let _ = exec(&argv, &mut cluster);
            let mut cluster = cluster_with_web0();
            let _ = exec(&argv, &mut cluster);
        }
    }

    fn cluster_with_web0() -> FakeCluster {
        cluster(web0())
    }
}
