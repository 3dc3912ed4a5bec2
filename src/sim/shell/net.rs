//! Name resolution and the network tools: `nslookup`, `wget`, `curl`.
//!
//! **Resolution.** Programs that call `getaddrinfo` (`wget`, `curl`, BusyBox ≤ 1.28's
//! `nslookup`) read the kubelet's `/etc/hosts` (`localhost`, the pod's own names) and then ask
//! the cluster DNS with the pod's `resolv.conf`: `search <ns>.svc.cluster.local
//! svc.cluster.local cluster.local`, `options ndots:5`. A name with fewer than 5 dots tries the
//! search domains first, then the name as is; a name ending in `.` is absolute.
//!
//! **`nslookup`.** BusyBox rewrote it in 1.29 (`networking/nslookup.c`). The modern applet sends
//! its own A and AAAA queries, appends search domains only to names *without any dot*, prints
//! `Server:\t\t10.96.0.10` / `Address:\t10.96.0.10:53`, a blank line, then one block per reply:
//! `Name:\t<name>` / `Address: <ip>` for answers, `** server can't find <name>: NXDOMAIN` for
//! missing names (exit code 1), nothing for an empty (NODATA) reply; each block ends with a
//! blank line. So `nslookup web-0.nginx` in `busybox:1.36` fails while
//! `nslookup web-0.nginx.default.svc.cluster.local` works, exactly as on a real cluster (the
//! Kubernetes docs therefore used `busybox:1.28`). We print replies in query order (all A, then
//! all AAAA); a real resolver prints them in arrival order. `Non-authoritative answer:` is printed
//! for names outside `cluster.local` (CoreDNS is authoritative for its zone). The legacy applet
//! (≤ 1.28) prints `Server:    10.96.0.10` / `Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local`,
//! then `Name:      <name as typed>` / `Address 1: <ip> [<reverse name>]`, or
//! `nslookup: can't resolve '<name>'` on standard error.
//!
//! **`wget`** (BusyBox 1.36): `-q`, `-O FILE`/`-O-`, `-T SECONDS`; follows redirects; errors
//! `wget: bad address 'x'`, `wget: can't connect to remote host (10.x.x.x): Connection refused`,
//! `wget: server returned error: HTTP/1.1 404 Not Found`, `wget: download timed out`.
//!
//! **`curl`** (curl 7.88 / 8.x): `-s`, `-S`, `-f`, `-L`, `-o FILE`, `-m`/`--max-time`,
//! `--connect-timeout`; the progress meter on standard error when not silent (stdout is not a
//! terminal under `kubectl exec`); errors `curl: (6) Could not resolve host: x`,
//! `curl: (7) Failed to connect to x port 80 after 0 ms: Couldn't connect to server`,
//! `curl: (22) The requested URL returned error: 404`, `curl: (28) …`.
//!
//! **Left out.** IPv6 (pods have one IPv4 address), TLS (`https://` only changes the default
//! port), proxies, request bodies, headers output, real transfer speeds (the meter shows a
//! fixed 1 ms transfer).

use super::{search_domains, ExecContext, Io, Shell, CLUSTER_DOMAIN, NAMESERVER};
use crate::sim::fs::{base_name, normalize_path};
use crate::sim::images::NslookupStyle;

/// CoreDNS's answer to one A query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DnsAnswer {
    /// The name exists with these addresses.
    Addresses(Vec<String>),
    /// The name exists but has no A record (e.g. a headless Service with no ready pods).
    NoData,
    /// The name does not exist.
    NxDomain,
}

/// The result of resolving a name the way the C library does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    /// The absolute name that answered (`web-0.nginx.default.svc.cluster.local`), if any.
    pub fqdn: Option<String>,
    /// Its addresses; empty when the name did not resolve.
    pub addresses: Vec<String>,
}

/// An HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Reason phrase (`OK`, `Not Found`…).
    pub reason: String,
    /// `Location` for redirects.
    pub location: Option<String>,
    /// The body.
    pub body: String,
}

/// What an HTTP GET to an address gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpResult {
    /// A response.
    Response(HttpResponse),
    /// Nothing listens on that port (`ECONNREFUSED`), e.g. a pod without a server, or a
    /// ClusterIP Service without endpoints (kube-proxy rejects).
    ConnectionRefused,
    /// No answer at all (`ETIMEDOUT`), e.g. an IP no pod has any more.
    TimedOut,
    /// `EHOSTUNREACH`.
    HostUnreachable,
}

fn is_ipv4(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.len() <= 3 && part.parse::<u8>().is_ok())
}

/// Resolves `name` like `getaddrinfo` in a pod: `/etc/hosts`, then DNS with the search path and
/// `ndots:5`.
pub fn resolve_name<C: ExecContext + ?Sized>(ctx: &C, name: &str) -> Resolution {
    let lowered = name.to_ascii_lowercase();
    if is_ipv4(&lowered) {
        return Resolution {
            fqdn: None,
            addresses: vec![lowered],
        };
    }
    let hostname = ctx.hostname().to_ascii_lowercase();
    let fqdn = ctx.fqdn().to_ascii_lowercase();
    let trimmed = lowered.strip_suffix('.').unwrap_or(&lowered);
    if trimmed == "localhost" || trimmed == "ip6-localhost" {
        return Resolution {
            fqdn: Some("localhost".to_string()),
            addresses: vec!["127.0.0.1".to_string()],
        };
    }
    if trimmed == hostname || trimmed == fqdn {
        return Resolution {
            fqdn: Some(fqdn),
            addresses: vec![ctx.pod_ip()],
        };
    }
    if trimmed.is_empty() || trimmed.len() > 253 {
        return Resolution {
            fqdn: None,
            addresses: Vec::new(),
        };
    }
    let mut candidates: Vec<String> = Vec::new();
    if lowered.ends_with('.') {
        candidates.push(trimmed.to_string());
    } else {
        let dots = trimmed.matches('.').count();
        let searched: Vec<String> = search_domains(&ctx.namespace())
            .into_iter()
            .map(|domain| format!("{trimmed}.{domain}"))
            .collect();
        if dots >= 5 {
            candidates.push(trimmed.to_string());
            candidates.extend(searched);
        } else {
            candidates.extend(searched);
            candidates.push(trimmed.to_string());
        }
    }
    for candidate in candidates {
        if let DnsAnswer::Addresses(addresses) = ctx.dns_a(&candidate) {
            if !addresses.is_empty() {
                return Resolution {
                    fqdn: Some(candidate),
                    addresses,
                };
            }
        }
    }
    Resolution {
        fqdn: None,
        addresses: Vec::new(),
    }
}

/// `nslookup NAME [SERVER]`.
pub(super) fn nslookup(shell: &mut Shell<'_>, args: &[String], io: &mut Io) -> i32 {
    let operands: Vec<&String> = args.iter().filter(|arg| !arg.starts_with('-')).collect();
    let Some(name) = operands.first().map(|name| name.as_str()) else {
        io.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,any\n");
        return 1;
    };
    let server = operands
        .get(1)
        .map_or(NAMESERVER.to_string(), |server| server.to_string());
    match shell.ctx.image().nslookup_style {
        NslookupStyle::Legacy => nslookup_legacy(shell, name, &server, io),
        NslookupStyle::Modern => nslookup_modern(shell, name, &server, io),
    }
}

fn nslookup_legacy(shell: &mut Shell<'_>, name: &str, server: &str, io: &mut Io) -> i32 {
    let server_name = if server == NAMESERVER {
        " kube-dns.kube-system.svc.cluster.local".to_string()
    } else {
        String::new()
    };
    io.out(&format!(
        "Server:    {server}\nAddress 1: {server}{server_name}\n\n"
    ));
    let resolution = shell.ctx.resolve(name);
    if resolution.addresses.is_empty() {
        io.err(&format!("nslookup: can't resolve '{name}'\n"));
        return 1;
    }
    io.out(&format!("Name:      {name}\n"));
    for (index, address) in resolution.addresses.iter().enumerate() {
        match shell.ctx.reverse_dns(address) {
            Some(reverse) => io.out(&format!("Address {}: {address} {reverse}\n", index + 1)),
            None => io.out(&format!("Address {}: {address}\n", index + 1)),
        }
    }
    0
}

fn reverse_zone(ip: &str) -> String {
    let mut octets: Vec<&str> = ip.split('.').collect();
    octets.reverse();
    format!("{}.in-addr.arpa", octets.join("."))
}

fn nslookup_modern(shell: &mut Shell<'_>, name: &str, server: &str, io: &mut Io) -> i32 {
    io.out(&format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n"));
    if is_ipv4(name) {
        let zone = reverse_zone(name);
        return match shell.ctx.reverse_dns(name) {
            Some(reverse) => {
                io.out(&format!("{zone}\tname = {reverse}\n\n"));
                0
            }
            None => {
                io.out(&format!("** server can't find {zone}: NXDOMAIN\n\n"));
                1
            }
        };
    }
    let names: Vec<String> = if name.contains('.') {
        vec![name.to_string()]
    } else {
        search_domains(&shell.ctx.namespace())
            .into_iter()
            .map(|domain| format!("{name}.{domain}"))
            .collect()
    };
    let answers: Vec<DnsAnswer> = names
        .iter()
        .map(|query| {
            let absolute = query
                .strip_suffix('.')
                .unwrap_or(query)
                .to_ascii_lowercase();
            if absolute.is_empty() {
                DnsAnswer::NxDomain
            } else {
                shell.ctx.dns_a(&absolute)
            }
        })
        .collect();
    let mut status = 0;
    // A replies, then AAAA replies (pods have no IPv6 addresses: existing names give NODATA).
    for (query, answer) in names.iter().zip(&answers) {
        let authoritative = query
            .strip_suffix('.')
            .unwrap_or(query)
            .ends_with(CLUSTER_DOMAIN);
        match answer {
            DnsAnswer::Addresses(addresses) if !addresses.is_empty() => {
                if !authoritative {
                    io.out("Non-authoritative answer:\n");
                }
                let shown = query.strip_suffix('.').unwrap_or(query);
                for address in addresses {
                    io.out(&format!("Name:\t{shown}\nAddress: {address}\n"));
                }
                io.out("\n");
            }
            DnsAnswer::Addresses(_) | DnsAnswer::NoData => {
                if !authoritative {
                    io.out("Non-authoritative answer:\n");
                }
                io.out("\n");
            }
            DnsAnswer::NxDomain => {
                io.out(&format!("** server can't find {query}: NXDOMAIN\n\n"));
                status = 1;
            }
        }
    }
    for (query, answer) in names.iter().zip(&answers) {
        match answer {
            DnsAnswer::NxDomain => {
                io.out(&format!("** server can't find {query}: NXDOMAIN\n\n"));
            }
            _ => {
                let authoritative = query
                    .strip_suffix('.')
                    .unwrap_or(query)
                    .ends_with(CLUSTER_DOMAIN);
                if !authoritative {
                    io.out("Non-authoritative answer:\n");
                }
                io.out("\n");
            }
        }
    }
    status
}

/// A parsed `http://host[:port]/path` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Url {
    host: String,
    port: u16,
    /// `host` or `host:port` as written (wget prints it, and it is the `Host` header).
    authority: String,
    path: String,
}

/// Parses a URL; `Err` carries the scheme when it is not http/https.
fn parse_url(text: &str) -> Result<Url, String> {
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("http".to_string(), text),
    };
    let default_port = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return Err(scheme),
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => match port.parse::<u16>() {
            Ok(port) => (host, port),
            Err(_) => (authority, default_port),
        },
        None => (authority, default_port),
    };
    Ok(Url {
        host: host.to_string(),
        port,
        authority: authority.to_string(),
        path,
    })
}

/// Resolves a URL's `Location` against the current URL.
fn follow(current: &Url, location: &str) -> Option<Url> {
    if location.contains("://") {
        return parse_url(location).ok();
    }
    let mut next = current.clone();
    if location.starts_with('/') {
        next.path = location.to_string();
    } else {
        let directory = match current.path.rfind('/') {
            Some(index) => &current.path[..=index],
            None => "/",
        };
        next.path = format!("{directory}{location}");
    }
    Some(next)
}

/// `wget [-q] [-O FILE] [-T SEC] URL`.
pub(super) fn wget(shell: &mut Shell<'_>, args: &[String], io: &mut Io) -> i32 {
    let mut quiet = false;
    let mut output: Option<String> = None;
    let mut timeout_seconds: Option<u64> = None;
    let mut url_text: Option<String> = None;
    let mut index = 0;
    while index < args.len() {
        let arg = &args[index];
        index += 1;
        if arg.starts_with("--") {
            match arg.as_str() {
                "--quiet" => quiet = true,
                "--spider" | "--no-check-certificate" => {}
                _ if arg.starts_with("--output-document=") => {
                    output = Some(arg["--output-document=".len()..].to_string())
                }
                _ if arg.starts_with("--timeout=") => {
                    timeout_seconds = arg["--timeout=".len()..].parse().ok()
                }
                _ => {
                    io.err(&format!("wget: unrecognized option '{arg}'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n"));
                    return 1;
                }
            }
            continue;
        }
        if arg.starts_with('-') && arg.len() > 1 {
            let flags: Vec<char> = arg.chars().skip(1).collect();
            let mut position = 0;
            while position < flags.len() {
                let flag = flags[position];
                position += 1;
                match flag {
                    'q' => quiet = true,
                    'c' | 'S' => {}
                    'O' | 'T' => {
                        let value: String = flags[position..].iter().collect();
                        position = flags.len();
                        let value = if value.is_empty() {
                            let next = args.get(index).cloned();
                            index += 1;
                            match next {
                                Some(value) => value,
                                None => {
                                    io.err(&format!(
                                        "wget: option requires an argument -- '{flag}'\n"
                                    ));
                                    return 1;
                                }
                            }
                        } else {
                            value
                        };
                        if flag == 'O' {
                            output = Some(value);
                        } else {
                            timeout_seconds = value.parse().ok();
                        }
                    }
                    other => {
                        io.err(&format!("wget: invalid option -- '{other}'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n"));
                        return 1;
                    }
                }
            }
            continue;
        }
        url_text = Some(arg.clone());
    }
    let Some(url_text) = url_text else {
        io.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n");
        return 1;
    };
    let mut url = match parse_url(&url_text) {
        Ok(url) => url,
        Err(_) => {
            io.err(&format!("wget: not an http or ftp url: {url_text}\n"));
            return 1;
        }
    };
    for _redirect in 0..20 {
        let resolution = shell.ctx.resolve(&url.host);
        let Some(address) = resolution.addresses.first().cloned() else {
            io.err(&format!("wget: bad address '{}'\n", url.host));
            return 1;
        };
        if !quiet {
            io.err(&format!(
                "Connecting to {} ({address}:{})\n",
                url.authority, url.port
            ));
        }
        let result = shell
            .ctx
            .http_get(&address, url.port, &url.authority, &url.path);
        let response = match result {
            HttpResult::Response(response) => response,
            HttpResult::ConnectionRefused => {
                io.err(&format!(
                    "wget: can't connect to remote host ({address}): Connection refused\n"
                ));
                return 1;
            }
            HttpResult::HostUnreachable => {
                shell.elapsed_ms = shell.elapsed_ms.saturating_add(3_000);
                io.err(&format!(
                    "wget: can't connect to remote host ({address}): No route to host\n"
                ));
                return 1;
            }
            HttpResult::TimedOut => {
                match timeout_seconds {
                    Some(seconds) => {
                        shell.elapsed_ms = shell
                            .elapsed_ms
                            .saturating_add(seconds.saturating_mul(1_000));
                        io.err("wget: download timed out\n");
                    }
                    None => {
                        shell.elapsed_ms = shell.elapsed_ms.saturating_add(130_000);
                        io.err(&format!("wget: can't connect to remote host ({address}): Connection timed out\n"));
                    }
                }
                return 1;
            }
        };
        if matches!(response.status, 301 | 302 | 303 | 307 | 308) {
            if let Some(next) = response
                .location
                .as_deref()
                .and_then(|location| follow(&url, location))
            {
                url = next;
                continue;
            }
        }
        if response.status != 200 {
            io.err(&format!(
                "wget: server returned error: HTTP/1.1 {} {}\n",
                response.status, response.reason
            ));
            return 1;
        }
        let target = output.clone().unwrap_or_else(|| {
            let name = base_name(url.path.split(['?', '#']).next().unwrap_or("/"));
            if name.is_empty() {
                "index.html".to_string()
            } else {
                name.to_string()
            }
        });
        let size = response.body.len();
        if target == "-" {
            if !quiet {
                io.err("writing to stdout\n");
            }
            io.out(&response.body);
            if !quiet {
                io.err(&format!(
                    "{:<20}100% |{}| {size:>5}  0:00:00 ETA\nwritten to stdout\n",
                    "-",
                    "*".repeat(31)
                ));
            }
            return 0;
        }
        let path = normalize_path(&shell.cwd, &target);
        let exists = shell.ctx.fs().exists(&path);
        if output.is_none() && exists {
            io.err(&format!("wget: can't open '{target}': File exists\n"));
            return 1;
        }
        if !quiet {
            io.err(&format!("saving to '{target}'\n"));
        }
        if let Err(error) = shell.ctx.fs().write(&path, &response.body, false) {
            io.err(&format!("wget: can't open '{target}': {error}\n"));
            return 1;
        }
        if !quiet {
            io.err(&format!(
                "{:<20}100% |{}| {size:>5}  0:00:00 ETA\n'{target}' saved\n",
                base_name(&path),
                "*".repeat(31)
            ));
        }
        return 0;
    }
    io.err("wget: too many redirections\n");
    1
}

/// curl's 5-character size/speed column (`  615`, ` 600k`, ` 1234k`→` 1205k`, `12.3M`).
fn curl_size(bytes: u64) -> String {
    if bytes < 100_000 {
        return format!("{bytes:>5}");
    }
    let kilo = bytes / 1024;
    if kilo < 10_000 {
        return format!("{kilo:>4}k");
    }
    let mega = bytes / (1024 * 1024);
    format!("{mega:>4}M")
}

const CURL_METER_HEADER: &str = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";

fn curl_meter_line(percent: u64, bytes: u64) -> String {
    let speed = if bytes == 0 { 0 } else { bytes * 1000 };
    format!(
        "{percent:>3} {}  {percent:>3} {}    0     0  {}      0 --:--:-- --:--:-- --:--:-- {}",
        curl_size(bytes),
        curl_size(bytes),
        curl_size(speed),
        curl_size(speed)
    )
}

/// `curl [-sSfL] [-o FILE] [-m SEC] URL`.
pub(super) fn curl(shell: &mut Shell<'_>, args: &[String], io: &mut Io) -> i32 {
    let mut silent = false;
    let mut show_error = false;
    let mut fail = false;
    let mut follow_redirects = false;
    let mut output: Option<String> = None;
    let mut max_time: Option<u64> = None;
    let mut url_text: Option<String> = None;
    let mut index = 0;
    let unknown = |io: &mut Io, option: &str| {
        io.err(&format!("curl: option {option}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
        2
    };
    while index < args.len() {
        let arg = args[index].clone();
        index += 1;
        if let Some(long) = arg.strip_prefix("--") {
            match long {
                "silent" => silent = true,
                "show-error" => show_error = true,
                "fail" => fail = true,
                "location" => follow_redirects = true,
                "insecure" => {}
                "output" | "max-time" | "connect-timeout" => {
                    let Some(value) = args.get(index).cloned() else {
                        io.err(&format!("curl: option --{long}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
                        return 2;
                    };
                    index += 1;
                    if long == "output" {
                        output = Some(value);
                    } else {
                        max_time = value
                            .parse::<f64>()
                            .ok()
                            .map(|seconds| (seconds * 1000.0) as u64);
                    }
                }
                _ => return unknown(io, &arg),
            }
            continue;
        }
        if arg.starts_with('-') && arg.len() > 1 {
            let flags: Vec<char> = arg.chars().skip(1).collect();
            let mut position = 0;
            while position < flags.len() {
                let flag = flags[position];
                position += 1;
                match flag {
                    's' => silent = true,
                    'S' => show_error = true,
                    'f' => fail = true,
                    'L' => follow_redirects = true,
                    'k' => {}
                    'o' | 'm' => {
                        let rest: String = flags[position..].iter().collect();
                        position = flags.len();
                        let value = if rest.is_empty() {
                            let next = args.get(index).cloned();
                            index += 1;
                            match next {
                                Some(value) => value,
                                None => {
                                    io.err(&format!("curl: option -{flag}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n"));
                                    return 2;
                                }
                            }
                        } else {
                            rest
                        };
                        if flag == 'o' {
                            output = Some(value);
                        } else {
                            max_time = value
                                .parse::<f64>()
                                .ok()
                                .map(|seconds| (seconds * 1000.0) as u64);
                        }
                    }
                    _ => return unknown(io, &arg),
                }
            }
            continue;
        }
        url_text = Some(arg);
    }
    let Some(url_text) = url_text else {
        io.err("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n");
        return 2;
    };
    let meter = !silent && (!shell.ctx.tty() || output.is_some());
    let report_errors = !silent || show_error;
    let mut url = match parse_url(&url_text) {
        Ok(url) => url,
        Err(scheme) => {
            if report_errors {
                io.err(&format!("curl: (1) Protocol \"{scheme}\" not supported\n"));
            }
            return 1;
        }
    };
    if meter {
        io.err(CURL_METER_HEADER);
    }
    let fail_with = |io: &mut Io, code: i32, message: String| {
        if meter {
            io.err(&format!("\r{}", curl_meter_line(0, 0)));
        }
        if report_errors {
            io.err(&format!("curl: ({code}) {message}\n"));
        } else if meter {
            io.err("\n");
        }
        code
    };
    for _redirect in 0..50 {
        let resolution = shell.ctx.resolve(&url.host);
        let Some(address) = resolution.addresses.first().cloned() else {
            return fail_with(io, 6, format!("Could not resolve host: {}", url.host));
        };
        let result = shell
            .ctx
            .http_get(&address, url.port, &url.authority, &url.path);
        let response = match result {
            HttpResult::Response(response) => response,
            HttpResult::ConnectionRefused => {
                return fail_with(
                    io,
                    7,
                    format!(
                        "Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                        url.host, url.port
                    ),
                );
            }
            HttpResult::HostUnreachable => {
                shell.elapsed_ms = shell.elapsed_ms.saturating_add(3_000);
                return fail_with(
                    io,
                    7,
                    format!(
                        "Failed to connect to {} port {} after 3000 ms: Couldn't connect to server",
                        url.host, url.port
                    ),
                );
            }
            HttpResult::TimedOut => {
                return match max_time {
                    Some(limit) => {
                        shell.elapsed_ms = shell.elapsed_ms.saturating_add(limit);
                        fail_with(
                            io,
                            28,
                            format!("Connection timed out after {} milliseconds", limit + 1),
                        )
                    }
                    None => {
                        shell.elapsed_ms = shell.elapsed_ms.saturating_add(130_000);
                        fail_with(
                            io,
                            28,
                            format!("Failed to connect to {} port {} after 130000 ms: Couldn't connect to server", url.host, url.port),
                        )
                    }
                };
            }
        };
        if follow_redirects && matches!(response.status, 301 | 302 | 303 | 307 | 308) {
            if let Some(next) = response
                .location
                .as_deref()
                .and_then(|location| follow(&url, location))
            {
                url = next;
                continue;
            }
        }
        if fail && response.status >= 400 {
            return fail_with(
                io,
                22,
                format!("The requested URL returned error: {}", response.status),
            );
        }
        let size = response.body.len() as u64;
        if meter {
            io.err(&format!(
                "\r{}\r{}\n",
                curl_meter_line(0, 0),
                curl_meter_line(100, size)
            ));
        }
        match &output {
            Some(target) if target != "-" => {
                let path = normalize_path(&shell.cwd, target);
                if shell.ctx.fs().write(&path, &response.body, false).is_err() {
                    if report_errors {
                        io.err(&format!("curl: (23) Failure writing output to destination, passed {size} returned 0\n"));
                    }
                    return 23;
                }
            }
            _ => io.out(&response.body),
        }
        return 0;
    }
    fail_with(io, 47, "Maximum (50) redirects followed".to_string())
}
