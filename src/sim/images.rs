//! The image catalogue: which container images a simulated node can pull, what is inside them
//! and what their main process does.
//!
//! **What it models.** The kubelet's image step (`pkg/kubelet/images/image_manager.go`:
//! `applyDefaultImageTag`, then a CRI `PullImage`) against containerd, plus the parts of an
//! image a learner can observe: which tools its shell has (`nslookup` in busybox but not in
//! nginx), its default files (nginx's welcome page), what it serves on port 80, and whether its
//! default process keeps running (nginx), exits at once (`busybox` → `Completed`) or fails
//! without configuration (`mysql` without `MYSQL_ROOT_PASSWORD` → `CrashLoopBackOff`).
//!
//! **Sources.**
//! * Reference grammar and normalization: `github.com/distribution/reference` (`normalize.go`,
//!   `regexp.go`, `reference.go`): `splitDockerDomain`, the lowercase check
//!   (`invalid reference format: repository name (library/Nginx) must be lowercase`), default
//!   domain `docker.io`, prefix `library/`, default tag `latest`.
//! * The kubelet's wrapping: `Failed to apply default image tag %q: couldn't parse image name
//!   %q: <reference error>` (`image_manager.go`, `pkg/util/parsers/parsers.go`), which becomes the
//!   container's `InvalidImageName` waiting message.
//! * containerd 1.7/2.x pull errors as seen in `Failed to pull image …` events:
//!   * missing tag: `rpc error: code = NotFound desc = failed to pull and unpack image
//!     "docker.io/library/nginx:doesnotexist": failed to resolve reference
//!     "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found`;
//!   * missing repository on Docker Hub (which answers 401, not 404): `rpc error: code = Unknown
//!     desc = failed to pull and unpack image "docker.io/library/nosuch:latest": failed to resolve
//!     reference "docker.io/library/nosuch:latest": pull access denied, repository does not exist
//!     or may require authorization: server message: insufficient_scope: authorization failed`;
//!   * unknown registry host: `… failed to do request: Head
//!     "https://HOST/v2/PATH/manifests/TAG": dial tcp: lookup HOST: no such host`.
//! * Image contents: the official images' Dockerfiles (docker-library), the nginx welcome page
//!   (615 bytes since nginx 1.21.1, 612 before), BusyBox's applet list.
//!
//! **The plausible-tag rule** (documented in `docs/images.md`): a tag is pullable when it is one
//! of the image's named tags (`latest`, `stable`, `alpine`, codenames…) or a version inside the
//! range the image has really published, optionally followed by one of its variant suffixes
//! (`-alpine`, `-perl`, `-slim`…). Each `*_tag` function below states its range. Anything else
//! (`nginx:doesnotexist`, `nginx:1.999`, `nginx:1.25.99`) is "not found". A digest (`@sha256:…`)
//! on a catalogued repository is always accepted: real digests cannot be checked offline.
//!
//! **Left out.** Authentication and private registries, platforms/architectures, layer sharing,
//! pull progress, image garbage collection, `imagePullPolicy` (the kubelet's concern), real
//! digests (ours are a deterministic hash of the reference).
//!
//! **Invariants.** [`lookup`] is pure and total: the same string always gives the same answer,
//! no input panics, and every loop is bounded by the input's length.

use crate::sim::fs::{FileTree, Userland};

/// Docker Hub, the default registry.
pub const DEFAULT_DOMAIN: &str = "docker.io";
/// Docker Hub's repository prefix for official images.
pub const OFFICIAL_REPO_PREFIX: &str = "library/";
/// The tag the kubelet adds when an image names neither tag nor digest.
pub const DEFAULT_TAG: &str = "latest";
/// distribution/reference's `NameTotalLengthMax`.
pub const NAME_TOTAL_LENGTH_MAX: usize = 255;

/// A parsed, normalized image reference (`docker.io/library/nginx:1.25`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImageReference {
    /// Registry host (and port), e.g. `docker.io`, `registry.k8s.io`, `localhost:5000`.
    pub domain: String,
    /// Repository path inside the registry, e.g. `library/nginx`.
    pub path: String,
    /// The tag; `latest` when the reference named neither tag nor digest.
    pub tag: Option<String>,
    /// The digest (`sha256:…`), if the reference pinned one.
    pub digest: Option<String>,
}

impl ImageReference {
    /// `domain/path`, e.g. `docker.io/library/nginx`.
    pub fn name(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// The fully qualified reference containerd resolves, e.g. `docker.io/library/nginx:1.25`.
    pub fn canonical(&self) -> String {
        let mut text = self.name();
        if let Some(tag) = &self.tag {
            text.push(':');
            text.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            text.push('@');
            text.push_str(digest);
        }
        text
    }
}

fn is_lower_alnum(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit()
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn is_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() || !is_lower_alnum(bytes[0]) || !is_lower_alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut index = 0;
    while index < bytes.len() {
        if is_lower_alnum(bytes[index]) {
            index += 1;
            continue;
        }
        // A separator run: ".", "_", "__" or one or more "-".
        let start = index;
        while index < bytes.len() && !is_lower_alnum(bytes[index]) {
            index += 1;
        }
        let separator = &component[start..index];
        let valid = separator == "."
            || separator == "_"
            || separator == "__"
            || separator.bytes().all(|byte| byte == b'-');
        if !valid {
            return false;
        }
    }
    true
}

/// `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.…)*(?::[0-9]+)?`
fn is_domain(domain: &str) -> bool {
    let (host, port) = match domain.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (domain, None),
    };
    if let Some(port) = port {
        if port.is_empty() || !port.bytes().all(|byte| byte.is_ascii_digit()) {
            return false;
        }
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            let bytes = label.as_bytes();
            !bytes.is_empty()
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric()
                && bytes
                    .iter()
                    .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
        })
}

/// `[\w][\w.-]{0,127}`
fn is_tag(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    !bytes.is_empty()
        && bytes.len() <= 128
        && word(bytes[0])
        && bytes
            .iter()
            .all(|byte| word(*byte) || *byte == b'.' || *byte == b'-')
}

/// `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
fn is_digest_syntax(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    let algorithm_ok = algorithm.split(['-', '_', '+', '.']).all(|part| {
        let bytes = part.as_bytes();
        !bytes.is_empty()
            && bytes[0].is_ascii_alphabetic()
            && bytes.iter().all(|byte| byte.is_ascii_alphanumeric())
    });
    algorithm_ok && hex.len() >= 32 && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Splits `name[:tag][@digest]` and checks it against distribution/reference's
/// `ReferenceRegexp`. Returns (name, tag, digest).
fn match_reference(text: &str) -> Option<(String, Option<String>, Option<String>)> {
    let (name_and_tag, digest) = match text.split_once('@') {
        Some((left, right)) => (left, Some(right)),
        None => (text, None),
    };
    if let Some(digest) = digest {
        if !is_digest_syntax(digest) {
            return None;
        }
    }
    let last_slash = name_and_tag.rfind('/').map_or(0, |index| index + 1);
    let (name, tag) = match name_and_tag[last_slash..].rfind(':') {
        Some(index) => (
            &name_and_tag[..last_slash + index],
            Some(&name_and_tag[last_slash + index + 1..]),
        ),
        None => (name_and_tag, None),
    };
    if let Some(tag) = tag {
        if !is_tag(tag) {
            return None;
        }
    }
    let all_path = name.split('/').all(is_path_component);
    let domain_then_path = match name.split_once('/') {
        Some((domain, rest)) => is_domain(domain) && rest.split('/').all(is_path_component),
        None => false,
    };
    if !(all_path || domain_then_path) {
        return None;
    }
    Some((
        name.to_string(),
        tag.map(str::to_string),
        digest.map(str::to_string),
    ))
}

/// distribution/reference's `ParseNormalizedNamed`, returning its error text on failure.
fn parse_normalized_named(text: &str) -> Result<ImageReference, String> {
    if text.len() == 64
        && text
            .bytes()
            .all(|byte| matches!(byte, b'a'..=b'f' | b'0'..=b'9'))
    {
        return Err(format!(
            "invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        ));
    }
    // splitDockerDomain
    let (mut domain, mut remainder) = match text.split_once('/') {
        Some((first, rest))
            if first.contains(['.', ':'])
                || first == "localhost"
                || first.to_lowercase() != first =>
        {
            (first.to_string(), rest.to_string())
        }
        _ => (DEFAULT_DOMAIN.to_string(), text.to_string()),
    };
    if domain == "index.docker.io" {
        domain = DEFAULT_DOMAIN.to_string();
    }
    if domain == DEFAULT_DOMAIN && !remainder.contains('/') {
        remainder = format!("{OFFICIAL_REPO_PREFIX}{remainder}");
    }
    let remote_name = match remainder.find(':') {
        Some(index) => &remainder[..index],
        None => remainder.as_str(),
    };
    if remote_name.to_lowercase() != remote_name {
        return Err(format!(
            "invalid reference format: repository name ({remote_name}) must be lowercase"
        ));
    }
    let full = format!("{domain}/{remainder}");
    let Some((name, tag, digest)) = match_reference(&full) else {
        if full.is_empty() {
            return Err("repository name must have at least one component".to_string());
        }
        if match_reference(&full.to_lowercase()).is_some() {
            return Err("repository name must be lowercase".to_string());
        }
        return Err("invalid reference format".to_string());
    };
    if name.len() > NAME_TOTAL_LENGTH_MAX {
        return Err(format!(
            "repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
        ));
    }
    if let Some(digest) = &digest {
        if let Some(hex) = digest.strip_prefix("sha256:") {
            if hex.len() != 64 {
                return Err("invalid checksum digest length".to_string());
            }
        } else if !digest.starts_with("sha384:") && !digest.starts_with("sha512:") {
            return Err("unsupported digest algorithm".to_string());
        }
    }
    let (domain, path) = match name.split_once('/') {
        Some((domain, path)) => (domain.to_string(), path.to_string()),
        None => (DEFAULT_DOMAIN.to_string(), name.clone()),
    };
    Ok(ImageReference {
        domain,
        path,
        tag,
        digest,
    })
}

/// Parses an image string as the kubelet does and adds the default tag. On failure returns the
/// kubelet's message, e.g. `Failed to apply default image tag "Nginx:1": couldn't parse image
/// name "Nginx:1": invalid reference format: repository name (library/Nginx) must be lowercase`.
pub fn parse_reference(image: &str) -> Result<ImageReference, String> {
    match parse_normalized_named(image) {
        Ok(mut reference) => {
            if reference.tag.is_none() && reference.digest.is_none() {
                reference.tag = Some(DEFAULT_TAG.to_string());
            }
            Ok(reference)
        }
        Err(reason) => Err(format!(
            "Failed to apply default image tag {image:?}: couldn't parse image name {image:?}: {reason}"
        )),
    }
}

/// The catalogued image families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ImageFamily {
    /// `docker.io/library/nginx`.
    Nginx,
    /// `registry.k8s.io/nginx-slim` (the StatefulSet tutorial's image).
    NginxSlim,
    /// `docker.io/library/busybox`.
    Busybox,
    /// `docker.io/library/alpine`.
    Alpine,
    /// `docker.io/library/redis`.
    Redis,
    /// `docker.io/library/mysql`.
    Mysql,
    /// `docker.io/library/postgres`.
    Postgres,
    /// `docker.io/library/zookeeper`.
    Zookeeper,
    /// `registry.k8s.io/kubernetes-zookeeper` (the ZooKeeper tutorial's image).
    KubernetesZookeeper,
    /// `registry.k8s.io/pause`.
    Pause,
    /// `docker.io/library/httpd`.
    Httpd,
    /// `docker.io/library/ubuntu`.
    Ubuntu,
    /// `docker.io/library/debian`.
    Debian,
}

/// Repository names (`domain/path`) each family answers to. `k8s.gcr.io` and
/// `gcr.io/google_containers` are the old homes of the Kubernetes images; they redirect to
/// `registry.k8s.io`.
const CATALOGUE: &[(&str, ImageFamily)] = &[
    ("docker.io/library/nginx", ImageFamily::Nginx),
    ("docker.io/library/busybox", ImageFamily::Busybox),
    ("docker.io/library/alpine", ImageFamily::Alpine),
    ("docker.io/library/redis", ImageFamily::Redis),
    ("docker.io/library/mysql", ImageFamily::Mysql),
    ("docker.io/library/postgres", ImageFamily::Postgres),
    ("docker.io/library/zookeeper", ImageFamily::Zookeeper),
    ("docker.io/library/httpd", ImageFamily::Httpd),
    ("docker.io/library/ubuntu", ImageFamily::Ubuntu),
    ("docker.io/library/debian", ImageFamily::Debian),
    ("registry.k8s.io/nginx-slim", ImageFamily::NginxSlim),
    ("k8s.gcr.io/nginx-slim", ImageFamily::NginxSlim),
    (
        "gcr.io/google_containers/nginx-slim",
        ImageFamily::NginxSlim,
    ),
    ("registry.k8s.io/pause", ImageFamily::Pause),
    ("k8s.gcr.io/pause", ImageFamily::Pause),
    ("gcr.io/google_containers/pause", ImageFamily::Pause),
    (
        "registry.k8s.io/kubernetes-zookeeper",
        ImageFamily::KubernetesZookeeper,
    ),
    (
        "k8s.gcr.io/kubernetes-zookeeper",
        ImageFamily::KubernetesZookeeper,
    ),
    (
        "gcr.io/google_containers/kubernetes-zookeeper",
        ImageFamily::KubernetesZookeeper,
    ),
];

/// Registries that exist (they answer "not found" for unknown repositories) as opposed to
/// hosts that do not resolve at all.
const KNOWN_REGISTRIES: &[&str] = &[
    "docker.io",
    "registry.k8s.io",
    "k8s.gcr.io",
    "gcr.io",
    "quay.io",
    "ghcr.io",
    "public.ecr.aws",
    "mcr.microsoft.com",
    "registry.gitlab.com",
];

/// The shell `/bin/sh` is in an image; it decides the wording of shell errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ShellFlavor {
    /// BusyBox `ash` (busybox, alpine, `-alpine` variants): `sh: nslookup: not found`.
    Ash,
    /// Debian's `dash` (debian, ubuntu and images built on them): `sh: 1: nslookup: not found`.
    Dash,
    /// GNU bash as `sh` (Oracle Linux based mysql): `sh: line 1: nslookup: command not found`.
    Bash,
}

/// How BusyBox's `nslookup` prints: the applet was rewritten in BusyBox 1.29.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum NslookupStyle {
    /// BusyBox ≤ 1.28 (`busybox:1.28`, alpine ≤ 3.8): uses the libc resolver (search path
    /// applies) and prints `Name:      web-0.nginx` / `Address 1: 10.244.1.6 …`.
    Legacy,
    /// BusyBox ≥ 1.29: its own resolver, search domains only for dotless names, prints
    /// `Name:\tweb-0.nginx.default.svc.cluster.local` / `Address: 10.244.1.6`.
    Modern,
}

/// The kind of HTTP server an image runs.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum HttpServerKind {
    /// nginx; the string is the `Server:` version, e.g. `nginx/1.25.5`.
    Nginx(String),
    /// Apache httpd; the string is the version, e.g. `2.4.62`.
    Apache(String),
}

/// What an image serves over HTTP.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct HttpServer {
    /// Container port (80 for all catalogued servers).
    pub port: u16,
    /// The document root, e.g. `/usr/share/nginx/html`.
    pub document_root: &'static str,
    /// nginx or Apache semantics.
    pub kind: HttpServerKind,
}

/// What the image's default process (its entrypoint + cmd) does once started.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum DefaultProcess {
    /// A server: keeps running until stopped.
    RunsForever,
    /// Exits at once, e.g. `sh` or `bash` with no terminal attached (→ `Completed`).
    ExitsImmediately {
        /// The exit code (0 → reason `Completed`).
        exit_code: i32,
    },
    /// Runs forever if at least one of `any_of` is set in the container's environment; else
    /// prints `log` and exits with `exit_code` (→ `Error`, then `CrashLoopBackOff`).
    RunsForeverIfEnv {
        /// Environment variable names of which one must be present.
        any_of: &'static [&'static str],
        /// Exit code without them.
        exit_code: i32,
        /// What the entrypoint prints (on standard error) before exiting.
        log: &'static str,
    },
}

/// What the kubelet should do with a started container, decided by [`ImageInfo::start`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ProcessBehaviour {
    /// Stays `Running`.
    RunsForever,
    /// Terminates with this exit code after printing `log` (0 → `Completed`, else `Error`).
    Exits {
        /// Exit code.
        exit_code: i32,
        /// Container log output.
        log: String,
    },
    /// Run this argv through [`crate::sim::shell::exec`] and use its outcome.
    RunCommand(Vec<String>),
}

/// Everything the simulation knows about one pullable image.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ImageInfo {
    /// The normalized reference.
    pub reference: ImageReference,
    /// Which catalogue entry it is.
    pub family: ImageFamily,
    /// Compressed size in bytes, as the kubelet's `Pulled` event prints it.
    pub size_bytes: u64,
    /// Simulated pull time in milliseconds (proportional to the size, a few seconds).
    pub pull_duration_ms: u64,
    /// The image ID a pod status shows: `docker.io/library/nginx@sha256:…`.
    pub image_id: String,
    /// The software version the tag resolves to (e.g. `1.25.5` for `nginx:1.25`).
    pub version: String,
    /// BusyBox applets or GNU coreutils.
    pub userland: Userland,
    /// `/bin/sh`, if the image has a shell at all (`pause` has none).
    pub shell: Option<ShellFlavor>,
    /// Executables on `$PATH`, by name (`sh`, `cat`, `curl`…), sorted.
    pub tools: Vec<&'static str>,
    /// BusyBox `nslookup` output style, when the image has it.
    pub nslookup_style: NslookupStyle,
    /// HTTP server, if the image runs one.
    pub serves: Option<HttpServer>,
    /// The default process.
    pub default_process: DefaultProcess,
    /// `ENTRYPOINT`.
    pub entrypoint: Vec<&'static str>,
    /// `CMD`.
    pub cmd: Vec<&'static str>,
    /// Executables that run as long-lived servers when started as a container's command.
    pub server_commands: Vec<&'static str>,
    /// The image's `ENV` (PATH first).
    pub env: Vec<(&'static str, String)>,
    /// `WORKDIR` (the working directory of `kubectl exec`).
    pub workdir: &'static str,
}

/// The answer to "can a node pull this image?".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ImageLookup {
    /// Known image with a plausible tag.
    Pullable(Box<ImageInfo>),
    /// The runtime cannot pull it; `error` is the CRI error text the kubelet puts after
    /// `Failed to pull image "<image as written>": ` (reason `ErrImagePull`).
    NotPullable {
        /// The normalized reference.
        reference: ImageReference,
        /// containerd's error text (starts with `rpc error: code = …`).
        error: String,
    },
    /// The string is not a valid reference; `message` is the container's `InvalidImageName`
    /// waiting message (also the `InspectFailed` event text).
    InvalidImageName {
        /// The kubelet's message.
        message: String,
    },
}

/// Looks an image string up in the catalogue.
pub fn lookup(image: &str) -> ImageLookup {
    let reference = match parse_reference(image) {
        Ok(reference) => reference,
        Err(message) => return ImageLookup::InvalidImageName { message },
    };
    let name = reference.name();
    let family = CATALOGUE
        .iter()
        .find(|(catalogued, _)| *catalogued == name)
        .map(|(_, family)| *family);
    let canonical = reference.canonical();
    let Some(family) = family else {
        let error = if reference.domain == DEFAULT_DOMAIN {
            format!(
                "rpc error: code = Unknown desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"
            )
        } else if KNOWN_REGISTRIES.contains(&reference.domain.as_str()) {
            not_found_error(&canonical)
        } else {
            let object = reference
                .digest
                .clone()
                .or_else(|| reference.tag.clone())
                .unwrap_or_default();
            let (host, port) = match reference.domain.split_once(':') {
                Some((host, port)) => (host, port),
                None => (reference.domain.as_str(), "443"),
            };
            let is_address = host.split('.').count() == 4
                && host.split('.').all(|part| part.parse::<u8>().is_ok());
            // localhost and literal addresses resolve; nothing listens there on a node.
            let dial_error = if host == "localhost" || is_address {
                let address = if host == "localhost" {
                    "127.0.0.1"
                } else {
                    host
                };
                format!("dial tcp {address}:{port}: connect: connection refused")
            } else {
                format!("dial tcp: lookup {host}: no such host")
            };
            format!(
                "rpc error: code = Unknown desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": failed to do request: Head \"https://{}/v2/{}/manifests/{object}\": {dial_error}",
                reference.domain, reference.path
            )
        };
        return ImageLookup::NotPullable { reference, error };
    };
    let tag = reference.tag.clone().unwrap_or_default();
    let variant = if reference.digest.is_some() && reference.tag.is_none() {
        // Pulled by digest alone: accept, as the default variant of the newest version.
        resolve_tag(family, DEFAULT_TAG)
    } else {
        resolve_tag(family, &tag)
    };
    match variant {
        Some(variant) => ImageLookup::Pullable(Box::new(build_info(reference, family, variant))),
        None => ImageLookup::NotPullable {
            error: not_found_error(&canonical),
            reference,
        },
    }
}

fn not_found_error(canonical: &str) -> String {
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": {canonical}: not found"
    )
}

/// What a tag resolves to inside a family.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Variant {
    /// The software version, e.g. `1.25.5`.
    version: String,
    /// Built on Alpine (BusyBox userland) rather than Debian/Ubuntu/Oracle Linux.
    alpine: bool,
    /// Extra size factor in percent (e.g. `-perl` variants are bigger, `-slim` smaller).
    size_percent: u64,
    /// BusyBox ≤ 1.28 inside (legacy nslookup).
    legacy_busybox: bool,
    /// A Debian variant of an image whose default base is something else (mysql `-debian`).
    debian: bool,
}

impl Variant {
    fn new(version: impl Into<String>) -> Variant {
        Variant {
            version: version.into(),
            alpine: false,
            size_percent: 100,
            legacy_busybox: false,
            debian: false,
        }
    }
}

/// A parsed numeric version `major[.minor[.patch]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Version {
    major: u32,
    minor: Option<u32>,
    patch: Option<u32>,
}

fn parse_version(text: &str) -> Option<Version> {
    let mut numbers = [None; 3];
    for (count, part) in text.split('.').enumerate() {
        if count == 3 || part.is_empty() || part.len() > 4 {
            return None;
        }
        if !part.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        numbers[count] = part.parse::<u32>().ok();
    }
    Some(Version {
        major: numbers[0]?,
        minor: numbers[1],
        patch: numbers[2],
    })
}

/// Splits `base[-suffix]` where `suffix` must be one of `allowed` ("" = none).
fn split_suffix<'t>(tag: &'t str, allowed: &[&str]) -> Option<(&'t str, &'static str)> {
    // Try the longest allowed suffix first so `1.25-alpine-perl` is not read as `-perl`.
    let mut best: Option<(&'t str, &'static str)> = None;
    for suffix in allowed {
        let suffix: &'static str = suffix_static(suffix);
        if suffix.is_empty() {
            if best.is_none() {
                best = Some((tag, ""));
            }
            continue;
        }
        if let Some(base) = tag.strip_suffix(suffix) {
            if let Some(base) = base.strip_suffix('-') {
                if best.is_none_or(|(_, chosen)| suffix.len() > chosen.len()) {
                    best = Some((base, suffix));
                }
            }
        }
    }
    best
}

/// Maps a suffix to its `'static` spelling from [`ALL_SUFFIXES`] (suffixes are compared as
/// strings; this keeps `split_suffix` free of lifetimes tied to the allow-list).
fn suffix_static(suffix: &str) -> &'static str {
    ALL_SUFFIXES
        .iter()
        .find(|candidate| **candidate == suffix)
        .copied()
        .unwrap_or("")
}

const ALL_SUFFIXES: &[&str] = &[
    "",
    "alpine",
    "perl",
    "alpine-perl",
    "alpine-slim",
    "bookworm",
    "bullseye",
    "trixie",
    "bookworm-perl",
    "trixie-perl",
    "musl",
    "glibc",
    "uclibc",
    "oracle",
    "oraclelinux9",
    "debian",
    "slim",
];

/// The last nginx patch release of each 1.x minor line (7 ..= 29).
const NGINX_LAST_PATCH: &[(u32, u32)] = &[
    (7, 12),
    (8, 1),
    (9, 15),
    (10, 3),
    (11, 13),
    (12, 2),
    (13, 12),
    (14, 2),
    (15, 12),
    (16, 1),
    (17, 10),
    (18, 0),
    (19, 10),
    (20, 2),
    (21, 6),
    (22, 1),
    (23, 4),
    (24, 0),
    (25, 5),
    (26, 3),
    (27, 5),
    (28, 0),
    (29, 3),
];

/// nginx: named tags `latest`, `mainline` (→ 1.29.3), `stable` (→ 1.28.0), or `1`, `1.M`,
/// `1.M.P` with 7 ≤ M ≤ 29 and P at most that line's last patch release; optional suffixes
/// `-alpine`, `-perl`, `-alpine-perl`, `-alpine-slim`, `-bookworm`, `-bullseye`, `-trixie`,
/// `-bookworm-perl`, `-trixie-perl`. A suffix alone (`nginx:alpine`) means the newest version.
fn nginx_tag(tag: &str) -> Option<Variant> {
    let allowed = [
        "",
        "alpine",
        "perl",
        "alpine-perl",
        "alpine-slim",
        "bookworm",
        "bullseye",
        "trixie",
        "bookworm-perl",
        "trixie-perl",
    ];
    let (base, suffix) = if allowed.contains(&tag) && !tag.is_empty() {
        ("mainline", suffix_static(tag))
    } else {
        split_suffix(tag, &allowed)?
    };
    let version = match base {
        "latest" if suffix.is_empty() => "1.29.3".to_string(),
        "mainline" => "1.29.3".to_string(),
        "stable" => "1.28.0".to_string(),
        _ => {
            let version = parse_version(base)?;
            if version.major != 1 {
                return None;
            }
            let minor = version.minor.unwrap_or(29);
            let last_patch = NGINX_LAST_PATCH.iter().find(|(line, _)| *line == minor)?.1;
            let patch = version.patch.unwrap_or(last_patch);
            if patch > last_patch {
                return None;
            }
            format!("1.{minor}.{patch}")
        }
    };
    let mut variant = Variant::new(version);
    variant.alpine = suffix.starts_with("alpine");
    variant.size_percent = match suffix {
        "alpine" => 29,
        "alpine-slim" => 7,
        "alpine-perl" => 43,
        "perl" | "bookworm-perl" | "trixie-perl" => 115,
        _ => 100,
    };
    Some(variant)
}

/// nginx-slim: `0.1` ..= `0.27` (no `latest`: the repository never published one).
fn nginx_slim_tag(tag: &str) -> Option<Variant> {
    let version = parse_version(tag)?;
    if version.major != 0 || version.patch.is_some() || !(1..=27).contains(&version.minor?) {
        return None;
    }
    Some(Variant::new(tag))
}

/// busybox: `latest` (→ 1.37.0), `stable` (→ 1.36.1), `musl`, `glibc`, `uclibc`, or `1.M`,
/// `1.M.P` with 21 ≤ M ≤ 37 and P ≤ 6, optional suffix `-musl`, `-glibc`, `-uclibc`.
fn busybox_tag(tag: &str) -> Option<Variant> {
    let allowed = ["", "musl", "glibc", "uclibc"];
    let (base, _) = if ["musl", "glibc", "uclibc"].contains(&tag) {
        ("latest", "")
    } else {
        split_suffix(tag, &allowed)?
    };
    let (minor, version) = match base {
        "latest" => (37, "1.37.0".to_string()),
        "stable" => (36, "1.36.1".to_string()),
        _ => {
            let version = parse_version(base)?;
            let minor = version.minor?;
            if version.major != 1 || !(21..=37).contains(&minor) || version.patch.unwrap_or(0) > 6 {
                return None;
            }
            (minor, format!("1.{minor}.{}", version.patch.unwrap_or(0)))
        }
    };
    let mut variant = Variant::new(version);
    variant.alpine = true;
    variant.legacy_busybox = minor <= 28;
    Some(variant)
}

/// alpine: `latest`, `edge`, `3` (→ 3.22), `3.M`, `3.M.P` with 1 ≤ M ≤ 22 and P ≤ 12.
fn alpine_tag(tag: &str) -> Option<Variant> {
    let (minor, version) = match tag {
        "latest" | "3" => (22, "3.22.2".to_string()),
        "edge" => (23, "edge".to_string()),
        _ => {
            let version = parse_version(tag)?;
            let minor = version.minor?;
            if version.major != 3 || !(1..=22).contains(&minor) || version.patch.unwrap_or(0) > 12 {
                return None;
            }
            (minor, tag.to_string())
        }
    };
    let mut variant = Variant::new(version);
    variant.alpine = true;
    variant.legacy_busybox = minor <= 8;
    Some(variant)
}

/// Checks `major[.minor[.patch]]` against a table of (major, minor range) lines and a patch
/// bound. Returns the version string (as written).
fn versioned(base: &str, lines: &[(u32, u32, u32)], patch_max: u32) -> Option<String> {
    let version = parse_version(base)?;
    let matching: Vec<&(u32, u32, u32)> = lines
        .iter()
        .filter(|(major, _, _)| *major == version.major)
        .collect();
    if matching.is_empty() {
        return None;
    }
    if let Some(minor) = version.minor {
        if !matching
            .iter()
            .any(|(_, low, high)| (*low..=*high).contains(&minor))
        {
            return None;
        }
    }
    if version.patch.unwrap_or(0) > patch_max {
        return None;
    }
    Some(base.to_string())
}

/// Named-or-versioned tags with Alpine/Debian variants, shared by redis, postgres and httpd.
fn named_or_versioned(
    tag: &str,
    newest: &str,
    lines: &[(u32, u32, u32)],
    patch_max: u32,
    alpine_percent: u64,
) -> Option<Variant> {
    let allowed = ["", "alpine", "bookworm", "bullseye", "trixie"];
    let (base, suffix) = if ["alpine", "bookworm", "bullseye", "trixie"].contains(&tag) {
        ("latest", suffix_static(tag))
    } else {
        split_suffix(tag, &allowed)?
    };
    let version = if base == "latest" && (suffix.is_empty() || base != tag) {
        newest.to_string()
    } else {
        versioned(base, lines, patch_max)?
    };
    let mut variant = Variant::new(version);
    if suffix == "alpine" {
        variant.alpine = true;
        variant.size_percent = alpine_percent;
    }
    Some(variant)
}

/// redis: `latest`, `alpine`, `bookworm`, `trixie`, or versions of the lines 2.6–2.8, 3.0–3.2,
/// 4.0, 5.0, 6.0–6.2, 7.0–7.4, 8.0–8.4 (patch ≤ 20), optional `-alpine`/`-bookworm`/`-trixie`.
fn redis_tag(tag: &str) -> Option<Variant> {
    let lines = [
        (2, 6, 8),
        (3, 0, 2),
        (4, 0, 0),
        (5, 0, 0),
        (6, 0, 2),
        (7, 0, 4),
        (8, 0, 4),
    ];
    named_or_versioned(tag, "8.2.3", &lines, 20, 38)
}

/// postgres: `latest`, `alpine`, …, or majors 9 (9.3–9.6) and 10–18 with minor ≤ 25,
/// optional `-alpine`/`-bookworm`/`-bullseye`/`-trixie`.
fn postgres_tag(tag: &str) -> Option<Variant> {
    let lines = [
        (9, 3, 6),
        (10, 0, 25),
        (11, 0, 25),
        (12, 0, 25),
        (13, 0, 25),
        (14, 0, 25),
        (15, 0, 25),
        (16, 0, 25),
        (17, 0, 25),
        (18, 0, 25),
    ];
    named_or_versioned(tag, "18.1", &lines, 25, 65)
}

/// httpd: `latest`, `alpine`, …, or `2`, `2.2`, `2.4` with patch ≤ 65, optional variants.
fn httpd_tag(tag: &str) -> Option<Variant> {
    let lines = [(2, 2, 2), (2, 4, 4)];
    named_or_versioned(tag, "2.4.65", &lines, 65, 36)
}

/// mysql: `latest`, `lts`, `innovation`, `oracle`, `debian`, or 5.5–5.7, 8.0–8.4, 9.0–9.5
/// (patch ≤ 45), optional `-oracle`, `-oraclelinux9`, `-debian`, `-bookworm`.
fn mysql_tag(tag: &str) -> Option<Variant> {
    let allowed = ["", "oracle", "oraclelinux9", "debian", "bookworm"];
    let (base, suffix) = if ["oracle", "debian"].contains(&tag) {
        ("latest", suffix_static(tag))
    } else {
        split_suffix(tag, &allowed)?
    };
    let version = match base {
        "latest" | "innovation" => "9.5.0".to_string(),
        "lts" => "8.4.7".to_string(),
        _ => versioned(base, &[(5, 5, 7), (8, 0, 4), (9, 0, 5)], 45)?,
    };
    let mut variant = Variant::new(version);
    variant.debian = suffix == "debian" || suffix == "bookworm";
    Some(variant)
}

/// zookeeper (official): `latest`, or 3.4–3.9 (patch ≤ 20).
fn zookeeper_tag(tag: &str) -> Option<Variant> {
    if tag == "latest" {
        return Some(Variant::new("3.9.4"));
    }
    versioned(tag, &[(3, 4, 9)], 20).map(Variant::new)
}

/// kubernetes-zookeeper: exactly `1.0-3.4.10`, the only tag the tutorial's image has.
fn kubernetes_zookeeper_tag(tag: &str) -> Option<Variant> {
    (tag == "1.0-3.4.10").then(|| Variant::new("3.4.10"))
}

/// pause: `latest`, `0.8.0`, `1.0`, `2.0`, `3.0` ..= `3.10`.
fn pause_tag(tag: &str) -> Option<Variant> {
    let three_point = tag
        .strip_prefix("3.")
        .and_then(|minor| minor.parse::<u32>().ok().map(|number| (minor, number)))
        .is_some_and(|(minor, number)| number <= 10 && minor == number.to_string());
    let ok = matches!(tag, "latest" | "0.8.0" | "1.0" | "2.0") || three_point;
    ok.then(|| Variant::new(if tag == "latest" { "3.10" } else { tag }))
}

/// ubuntu: `latest`, `rolling`, `devel`, the LTS and interim versions 12.04 … 25.10 and their
/// codenames (`trusty` … `questing`).
fn ubuntu_tag(tag: &str) -> Option<Variant> {
    const RELEASES: &[(&str, &str)] = &[
        ("12.04", "precise"),
        ("14.04", "trusty"),
        ("16.04", "xenial"),
        ("18.04", "bionic"),
        ("20.04", "focal"),
        ("22.04", "jammy"),
        ("23.04", "lunar"),
        ("23.10", "mantic"),
        ("24.04", "noble"),
        ("24.10", "oracular"),
        ("25.04", "plucky"),
        ("25.10", "questing"),
    ];
    let version = match tag {
        "latest" => "24.04",
        "rolling" | "devel" => "25.10",
        _ => {
            RELEASES
                .iter()
                .find(|(number, codename)| *number == tag || *codename == tag)?
                .0
        }
    };
    Some(Variant::new(version))
}

/// debian: `latest`, `stable`, `oldstable`, `testing`, `unstable`, `sid`, codenames `jessie` …
/// `forky`, versions 8–13 with an optional point release ≤ 11; every tag also with `-slim`.
fn debian_tag(tag: &str) -> Option<Variant> {
    const CODENAMES: &[(&str, &str)] = &[
        ("jessie", "8"),
        ("stretch", "9"),
        ("buster", "10"),
        ("bullseye", "11"),
        ("bookworm", "12"),
        ("trixie", "13"),
        ("forky", "14"),
        ("latest", "13"),
        ("stable", "13"),
        ("oldstable", "12"),
        ("testing", "14"),
        ("unstable", "sid"),
        ("sid", "sid"),
    ];
    let (base, suffix) = split_suffix(tag, &["", "slim"])?;
    if base == "latest" && suffix == "slim" {
        return None;
    }
    let version = match CODENAMES.iter().find(|(name, _)| *name == base) {
        Some((_, version)) => version.to_string(),
        None => {
            let version = parse_version(base)?;
            if !(8..=13).contains(&version.major)
                || version.minor.unwrap_or(0) > 11
                || version.patch.is_some()
            {
                return None;
            }
            base.to_string()
        }
    };
    let mut variant = Variant::new(version);
    if suffix == "slim" {
        variant.size_percent = 60;
    }
    Some(variant)
}

fn resolve_tag(family: ImageFamily, tag: &str) -> Option<Variant> {
    match family {
        ImageFamily::Nginx => nginx_tag(tag),
        ImageFamily::NginxSlim => nginx_slim_tag(tag),
        ImageFamily::Busybox => busybox_tag(tag),
        ImageFamily::Alpine => alpine_tag(tag),
        ImageFamily::Redis => redis_tag(tag),
        ImageFamily::Mysql => mysql_tag(tag),
        ImageFamily::Postgres => postgres_tag(tag),
        ImageFamily::Zookeeper => zookeeper_tag(tag),
        ImageFamily::KubernetesZookeeper => kubernetes_zookeeper_tag(tag),
        ImageFamily::Pause => pause_tag(tag),
        ImageFamily::Httpd => httpd_tag(tag),
        ImageFamily::Ubuntu => ubuntu_tag(tag),
        ImageFamily::Debian => debian_tag(tag),
    }
}

/// Tools every BusyBox-based image has (the applets our shell implements).
const BUSYBOX_TOOLS: &[&str] = &[
    "cat", "echo", "env", "false", "hostname", "ls", "mkdir", "mv", "nslookup", "pwd", "rm",
    "rmdir", "sh", "sleep", "touch", "true", "wget",
];

/// Tools every Debian/Ubuntu/Oracle Linux based image has (coreutils + `hostname`).
const GNU_TOOLS: &[&str] = &[
    "cat", "echo", "env", "false", "hostname", "ls", "mkdir", "mv", "pwd", "rm", "rmdir", "sh",
    "sleep", "touch", "true",
];

const STANDARD_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const MYSQL_NO_PASSWORD_LOG: &str =
    "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified
    You need to specify one of the following as an environment variable:
    - MYSQL_ROOT_PASSWORD
    - MYSQL_ALLOW_EMPTY_PASSWORD
    - MYSQL_RANDOM_ROOT_PASSWORD
";

const POSTGRES_NO_PASSWORD_LOG: &str =
    "Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".

       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about \"trust\":
       https://www.postgresql.org/docs/current/auth-trust.html
";

/// nginx's default page since 1.21.1 (615 bytes).
pub const NGINX_WELCOME_PAGE: &str = "<!DOCTYPE html>
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
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// nginx's default page before 1.21.1 (612 bytes), also used for nginx-slim.
pub const NGINX_WELCOME_PAGE_OLD: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

/// nginx's `50x.html`.
pub const NGINX_50X_PAGE: &str = "<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
";

/// Apache httpd's default `index.html`.
pub const HTTPD_DEFAULT_PAGE: &str = "<html><body><h1>It works!</h1></body></html>\n";

/// 64-bit FNV-1a, then a SplitMix64 finalizer: a small deterministic hash.
fn stable_hash(text: &str, seed: u64) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// A deterministic `sha256:<64 hex>` digest for a reference string.
pub fn fake_digest(text: &str) -> String {
    let mut digest = String::from("sha256:");
    for seed in 0..4 {
        digest.push_str(&format!("{:016x}", stable_hash(text, seed)));
    }
    digest
}

/// Baseline compressed size (bytes) of the default variant of each family.
fn base_size_bytes(family: ImageFamily) -> u64 {
    match family {
        ImageFamily::Nginx => 72_000_000,
        ImageFamily::NginxSlim => 24_000_000,
        ImageFamily::Busybox => 2_160_000,
        ImageFamily::Alpine => 3_650_000,
        ImageFamily::Redis => 45_000_000,
        ImageFamily::Mysql => 170_000_000,
        ImageFamily::Postgres => 158_000_000,
        ImageFamily::Zookeeper => 130_000_000,
        ImageFamily::KubernetesZookeeper => 113_000_000,
        ImageFamily::Pause => 321_000,
        ImageFamily::Httpd => 58_000_000,
        ImageFamily::Ubuntu => 29_700_000,
        ImageFamily::Debian => 49_000_000,
    }
}

/// Simulated pull speed: 25 MB/s plus a fixed 300 ms of registry round trips.
fn pull_duration_ms(size_bytes: u64) -> u64 {
    300 + size_bytes / 25_000
}

fn build_info(reference: ImageReference, family: ImageFamily, variant: Variant) -> ImageInfo {
    let canonical = reference.canonical();
    // ±5 % deterministic jitter so two tags of one image differ in size.
    let jitter_per_mille = 950 + stable_hash(&canonical, 7) % 101;
    let size_bytes = base_size_bytes(family) * variant.size_percent / 100 * jitter_per_mille / 1000;
    let image_id = match &reference.digest {
        Some(digest) => format!("{}@{digest}", reference.name()),
        None => format!("{}@{}", reference.name(), fake_digest(&canonical)),
    };
    let alpine = variant.alpine;
    let (userland, shell) = if family == ImageFamily::Pause {
        (Userland::Gnu, None)
    } else if alpine {
        (Userland::Busybox, Some(ShellFlavor::Ash))
    } else if family == ImageFamily::Mysql && !variant.debian {
        (Userland::Gnu, Some(ShellFlavor::Bash))
    } else {
        (Userland::Gnu, Some(ShellFlavor::Dash))
    };
    let mut tools: Vec<&'static str> = match (family, userland) {
        (ImageFamily::Pause, _) => Vec::new(),
        (_, Userland::Busybox) => BUSYBOX_TOOLS.to_vec(),
        (_, Userland::Gnu) => GNU_TOOLS.to_vec(),
    };
    if matches!(family, ImageFamily::Nginx | ImageFamily::NginxSlim) {
        tools.push("curl");
    }
    if family == ImageFamily::Mysql && !variant.debian {
        // Oracle Linux "slim" has no `hostname` binary.
        tools.retain(|tool| *tool != "hostname");
    }
    tools.sort_unstable();
    tools.dedup();
    let version = variant.version.clone();
    let serves = match family {
        ImageFamily::Nginx | ImageFamily::NginxSlim => Some(HttpServer {
            port: 80,
            document_root: "/usr/share/nginx/html",
            kind: HttpServerKind::Nginx(format!(
                "nginx/{}",
                if family == ImageFamily::NginxSlim {
                    "1.11.1".to_string()
                } else {
                    version.clone()
                }
            )),
        }),
        ImageFamily::Httpd => Some(HttpServer {
            port: 80,
            document_root: "/usr/local/apache2/htdocs",
            kind: HttpServerKind::Apache(version.clone()),
        }),
        _ => None,
    };
    let default_process = match family {
        ImageFamily::Busybox | ImageFamily::Alpine | ImageFamily::Ubuntu | ImageFamily::Debian => {
            DefaultProcess::ExitsImmediately { exit_code: 0 }
        }
        ImageFamily::Mysql => DefaultProcess::RunsForeverIfEnv {
            any_of: &[
                "MYSQL_ROOT_PASSWORD",
                "MYSQL_ALLOW_EMPTY_PASSWORD",
                "MYSQL_RANDOM_ROOT_PASSWORD",
            ],
            exit_code: 1,
            log: MYSQL_NO_PASSWORD_LOG,
        },
        ImageFamily::Postgres => DefaultProcess::RunsForeverIfEnv {
            any_of: &["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
            exit_code: 1,
            log: POSTGRES_NO_PASSWORD_LOG,
        },
        _ => DefaultProcess::RunsForever,
    };
    let (entrypoint, cmd, server_commands): (Vec<&str>, Vec<&str>, Vec<&str>) = match family {
        ImageFamily::Nginx => (
            vec!["/docker-entrypoint.sh"],
            vec!["nginx", "-g", "daemon off;"],
            vec!["nginx"],
        ),
        ImageFamily::NginxSlim => (vec![], vec!["nginx", "-g", "daemon off;"], vec!["nginx"]),
        ImageFamily::Busybox => (vec![], vec!["sh"], vec![]),
        ImageFamily::Alpine => (vec![], vec!["/bin/sh"], vec![]),
        ImageFamily::Ubuntu => (vec![], vec!["/bin/bash"], vec![]),
        ImageFamily::Debian => (vec![], vec!["bash"], vec![]),
        ImageFamily::Redis => (
            vec!["docker-entrypoint.sh"],
            vec!["redis-server"],
            vec!["redis-server"],
        ),
        ImageFamily::Mysql => (vec!["docker-entrypoint.sh"], vec!["mysqld"], vec!["mysqld"]),
        ImageFamily::Postgres => (
            vec!["docker-entrypoint.sh"],
            vec!["postgres"],
            vec!["postgres"],
        ),
        ImageFamily::Zookeeper => (
            vec!["/docker-entrypoint.sh"],
            vec!["zkServer.sh", "start-foreground"],
            vec!["zkServer.sh"],
        ),
        ImageFamily::KubernetesZookeeper => (
            vec![],
            vec!["start-zookeeper"],
            vec!["start-zookeeper", "zkServer.sh"],
        ),
        ImageFamily::Pause => (vec!["/pause"], vec![], vec!["pause"]),
        ImageFamily::Httpd => (
            vec![],
            vec!["httpd-foreground"],
            vec!["httpd-foreground", "httpd"],
        ),
    };
    let mut env: Vec<(&'static str, String)> = vec![(
        "PATH",
        if family == ImageFamily::Httpd {
            format!("/usr/local/apache2/bin:{STANDARD_PATH}")
        } else {
            STANDARD_PATH.to_string()
        },
    )];
    match family {
        ImageFamily::Nginx => env.push(("NGINX_VERSION", version.clone())),
        ImageFamily::Redis => env.push(("REDIS_VERSION", version.clone())),
        ImageFamily::Mysql => env.push(("MYSQL_VERSION", version.clone())),
        ImageFamily::Postgres => {
            env.push(("PG_VERSION", version.clone()));
            env.push(("PGDATA", "/var/lib/postgresql/data".to_string()));
        }
        ImageFamily::Httpd => {
            env.push(("HTTPD_PREFIX", "/usr/local/apache2".to_string()));
            env.push(("HTTPD_VERSION", version.clone()));
        }
        _ => {}
    }
    let workdir = match family {
        ImageFamily::Redis => "/data",
        ImageFamily::Httpd => "/usr/local/apache2",
        ImageFamily::Zookeeper => "/apache-zookeeper-bin",
        _ => "/",
    };
    ImageInfo {
        reference,
        family,
        size_bytes,
        pull_duration_ms: pull_duration_ms(size_bytes),
        image_id,
        version,
        userland,
        shell,
        tools,
        nslookup_style: if variant.legacy_busybox {
            NslookupStyle::Legacy
        } else {
            NslookupStyle::Modern
        },
        serves,
        default_process,
        entrypoint,
        cmd,
        server_commands,
        env,
        workdir,
    }
}

/// Parses `major.minor` of a version string for comparisons.
fn major_minor(version: &str) -> (u32, u32) {
    let mut parts = version
        .split('.')
        .map(|part| part.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

impl ImageInfo {
    /// `true` when `name` (a bare command name or an absolute path whose last component is
    /// checked) is an executable in this image.
    pub fn has_tool(&self, name: &str) -> bool {
        let base = name.rsplit('/').next().unwrap_or(name);
        self.tools.contains(&base)
    }

    /// The image's root filesystem as a new container's writable layer sees it: the standard
    /// directories, the files `kubectl exec … cat` might show, and the server's document root.
    /// `/etc/hostname`, `/etc/hosts` and `/etc/resolv.conf` exist (empty); the shell shows their
    /// kubelet-managed contents.
    pub fn root_filesystem(&self) -> FileTree {
        let mut tree = FileTree::new();
        for directory in [
            "/bin",
            "/dev",
            "/etc",
            "/home",
            "/proc",
            "/root",
            "/sys",
            "/tmp",
            "/usr/bin",
            "/usr/local/bin",
            "/usr/sbin",
            "/var/log",
            "/var/run",
        ] {
            let _ = tree.mkdir(directory, true);
        }
        for file in ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"] {
            let _ = tree.write(file, "", false);
        }
        let _ = tree.mkdir(self.workdir, true);
        let os_release = match (self.userland, self.family) {
            (Userland::Busybox, ImageFamily::Busybox) => None,
            (Userland::Busybox, _) => {
                Some("NAME=\"Alpine Linux\"\nID=alpine\nPRETTY_NAME=\"Alpine Linux\"\n".to_string())
            }
            (_, ImageFamily::Ubuntu) | (_, ImageFamily::KubernetesZookeeper) => {
                Some("NAME=\"Ubuntu\"\nID=ubuntu\nPRETTY_NAME=\"Ubuntu\"\n".to_string())
            }
            (_, ImageFamily::Pause) => None,
            (_, ImageFamily::Mysql) if self.shell == Some(ShellFlavor::Bash) => Some(
                "NAME=\"Oracle Linux Server\"\nID=\"ol\"\nPRETTY_NAME=\"Oracle Linux Server 9\"\n"
                    .to_string(),
            ),
            _ => Some(
                "PRETTY_NAME=\"Debian GNU/Linux\"\nNAME=\"Debian GNU/Linux\"\nID=debian\n"
                    .to_string(),
            ),
        };
        if let Some(os_release) = os_release {
            let _ = tree.write("/etc/os-release", &os_release, false);
        }
        if let Some(server) = &self.serves {
            let _ = tree.mkdir(server.document_root, true);
            let index = match (&server.kind, self.family) {
                (HttpServerKind::Apache(_), _) => HTTPD_DEFAULT_PAGE,
                (_, ImageFamily::NginxSlim) => NGINX_WELCOME_PAGE_OLD,
                _ if major_minor(&self.version) < (1, 21) => NGINX_WELCOME_PAGE_OLD,
                _ => NGINX_WELCOME_PAGE,
            };
            let _ = tree.write(
                &format!("{}/index.html", server.document_root),
                index,
                false,
            );
            if matches!(server.kind, HttpServerKind::Nginx(_)) {
                let _ = tree.write(
                    &format!("{}/50x.html", server.document_root),
                    NGINX_50X_PAGE,
                    false,
                );
                let _ = tree.mkdir("/etc/nginx/conf.d", true);
                let _ = tree.write(
                    "/etc/nginx/conf.d/default.conf",
                    "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n",
                    false,
                );
            }
        }
        match self.family {
            ImageFamily::Redis => {
                let _ = tree.mkdir("/data", true);
            }
            ImageFamily::Mysql => {
                let _ = tree.mkdir("/var/lib/mysql", true);
            }
            ImageFamily::Postgres => {
                let _ = tree.mkdir("/var/lib/postgresql/data", true);
            }
            ImageFamily::KubernetesZookeeper | ImageFamily::Zookeeper => {
                let _ = tree.mkdir("/var/lib/zookeeper/data", true);
            }
            _ => {}
        }
        tree
    }

    /// The argv a container runs, by Kubernetes' rules: `command` replaces the image's
    /// ENTRYPOINT and `args` its CMD; `args` alone keep the ENTRYPOINT.
    pub fn container_argv(&self, command: &[String], args: &[String]) -> Vec<String> {
        let mut argv: Vec<String> = if command.is_empty() {
            self.entrypoint
                .iter()
                .map(|part| part.to_string())
                .collect()
        } else {
            command.to_vec()
        };
        if command.is_empty() && args.is_empty() {
            argv.extend(self.cmd.iter().map(|part| part.to_string()));
        } else {
            argv.extend(args.iter().cloned());
        }
        argv
    }

    /// Decides what a started container does, given the container's `command`, `args` and the
    /// names of its environment variables.
    ///
    /// The image's own server (`nginx -g 'daemon off;'`, `redis-server`…), reached with or
    /// without its entrypoint script, follows [`ImageInfo::default_process`]; the image's default
    /// CMD follows it too; anything else is run through the shell ([`ProcessBehaviour::RunCommand`]).
    /// Entrypoint scripts (`docker-entrypoint.sh`) `exec "$@"` for other commands, so they are
    /// stripped.
    pub fn start(
        &self,
        command: &[String],
        args: &[String],
        env_names: &[&str],
    ) -> ProcessBehaviour {
        let mut argv = self.container_argv(command, args);
        let default_argv = self.container_argv(&[], &[]);
        let is_default = argv == default_argv;
        if !self.entrypoint.is_empty()
            && argv.len() > 1
            && argv.first().map(String::as_str) == self.entrypoint.first().copied()
            && self.entrypoint[0].ends_with("entrypoint.sh")
        {
            argv.remove(0);
        }
        let runs_server = argv.first().is_some_and(|program| {
            let base = program.rsplit('/').next().unwrap_or(program);
            self.server_commands.contains(&base)
        });
        if is_default || runs_server {
            return match &self.default_process {
                DefaultProcess::RunsForever => ProcessBehaviour::RunsForever,
                DefaultProcess::ExitsImmediately { exit_code } => ProcessBehaviour::Exits {
                    exit_code: *exit_code,
                    log: String::new(),
                },
                DefaultProcess::RunsForeverIfEnv {
                    any_of,
                    exit_code,
                    log,
                } => {
                    if any_of.iter().any(|name| env_names.contains(name)) {
                        ProcessBehaviour::RunsForever
                    } else {
                        ProcessBehaviour::Exits {
                            exit_code: *exit_code,
                            log: log.to_string(),
                        }
                    }
                }
            };
        }
        ProcessBehaviour::RunCommand(argv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn summary(image: &str) -> String {
        match lookup(image) {
            ImageLookup::Pullable(info) => format!(
                "pullable {} version={} size={} pull={}ms id={} shell={:?} userland={:?} tools=[{}] serves={:?} process={:?}",
                info.reference.canonical(),
                info.version,
                info.size_bytes,
                info.pull_duration_ms,
                info.image_id,
                info.shell,
                info.userland,
                info.tools.join(" "),
                info.serves.as_ref().map(|server| (server.port, server.document_root)),
                match info.default_process {
                    DefaultProcess::RunsForever => "RunsForever".to_string(),
                    DefaultProcess::ExitsImmediately { exit_code } => format!("Exits({exit_code})"),
                    DefaultProcess::RunsForeverIfEnv { any_of, .. } => format!("NeedsEnv({})", any_of.join("|")),
                },
            ),
            ImageLookup::NotPullable { error, .. } => format!("ErrImagePull: {error}"),
            ImageLookup::InvalidImageName { message } => format!("InvalidImageName: {message}"),
        }
    }

    fn check(images: &[&str], expect: Expect) {
        let lines: Vec<String> = images
            .iter()
            .map(|image| format!("{image}\n  {}", summary(image)))
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn invalid_names() {
        check(
            &[
                "Nginx:1",
                "nginx 1",
                "",
                "nginx:",
                "nginx@sha256:abc",
                "a".repeat(64).as_str(),
                "UPPER/nginx:1",
            ],
            expect![[r#"
                Nginx:1
                  InvalidImageName: Failed to apply default image tag "Nginx:1": couldn't parse image name "Nginx:1": invalid reference format: repository name (library/Nginx) must be lowercase
                nginx 1
                  InvalidImageName: Failed to apply default image tag "nginx 1": couldn't parse image name "nginx 1": invalid reference format

                  InvalidImageName: Failed to apply default image tag "": couldn't parse image name "": invalid reference format
                nginx:
                  InvalidImageName: Failed to apply default image tag "nginx:": couldn't parse image name "nginx:": invalid reference format
                nginx@sha256:abc
                  InvalidImageName: Failed to apply default image tag "nginx@sha256:abc": couldn't parse image name "nginx@sha256:abc": invalid reference format
                aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                  InvalidImageName: Failed to apply default image tag "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": couldn't parse image name "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": invalid repository name (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa), cannot specify 64-byte hexadecimal strings
                UPPER/nginx:1
                  ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "UPPER/nginx:1": failed to resolve reference "UPPER/nginx:1": failed to do request: Head "https://UPPER/v2/nginx/manifests/1": dial tcp: lookup UPPER: no such host"#]],
        );
    }

    #[test]
    fn not_pullable() {
        check(
            &[
                "nginx:doesnotexist",
                "nginx:1.999",
                "nginx:1.25.99",
                "nosuchimage",
                "registry.k8s.io/nginx-slim:9.9",
                "registry.k8s.io/nginx-slim",
                "myregistry.example.com/team/app:1.0",
                "localhost:5000/app",
                "quay.io/nobody/nothing:1",
            ],
            expect![[r#"
                nginx:doesnotexist
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:doesnotexist": failed to resolve reference "docker.io/library/nginx:doesnotexist": docker.io/library/nginx:doesnotexist: not found
                nginx:1.999
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found
                nginx:1.25.99
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.25.99": failed to resolve reference "docker.io/library/nginx:1.25.99": docker.io/library/nginx:1.25.99: not found
                nosuchimage
                  ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuchimage:latest": failed to resolve reference "docker.io/library/nosuchimage:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed
                registry.k8s.io/nginx-slim:9.9
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/nginx-slim:9.9": failed to resolve reference "registry.k8s.io/nginx-slim:9.9": registry.k8s.io/nginx-slim:9.9: not found
                registry.k8s.io/nginx-slim
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "registry.k8s.io/nginx-slim:latest": failed to resolve reference "registry.k8s.io/nginx-slim:latest": registry.k8s.io/nginx-slim:latest: not found
                myregistry.example.com/team/app:1.0
                  ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "myregistry.example.com/team/app:1.0": failed to resolve reference "myregistry.example.com/team/app:1.0": failed to do request: Head "https://myregistry.example.com/v2/team/app/manifests/1.0": dial tcp: lookup myregistry.example.com: no such host
                localhost:5000/app
                  ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "localhost:5000/app:latest": failed to resolve reference "localhost:5000/app:latest": failed to do request: Head "https://localhost:5000/v2/app/manifests/latest": dial tcp 127.0.0.1:5000: connect: connection refused
                quay.io/nobody/nothing:1
                  ErrImagePull: rpc error: code = NotFound desc = failed to pull and unpack image "quay.io/nobody/nothing:1": failed to resolve reference "quay.io/nobody/nothing:1": quay.io/nobody/nothing:1: not found"#]],
        );
    }

    #[test]
    fn pullable_catalogue() {
        check(
            &[
                "nginx",
                "nginx:1.13",
                "docker.io/library/nginx:1.25",
                "nginx:1.25-alpine",
                "registry.k8s.io/nginx-slim:0.24",
                "k8s.gcr.io/nginx-slim:0.8",
                "busybox:1.36",
                "busybox:1.28",
                "alpine:3.20",
                "redis:7.2-alpine",
                "mysql:8.0",
                "postgres:16",
                "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10",
                "zookeeper:3.8",
                "registry.k8s.io/pause:3.9",
                "httpd:2.4",
                "ubuntu:22.04",
                "debian:bookworm-slim",
                "index.docker.io/library/nginx:stable-alpine",
            ],
            expect![[r#"
                nginx
                  pullable docker.io/library/nginx:latest version=1.29.3 size=69768000 pull=3090ms id=docker.io/library/nginx@sha256:991f3d4d150a8cab4a6320bff8048af71d08da680051fcd07a2a097d7785ca52 shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                nginx:1.13
                  pullable docker.io/library/nginx:1.13 version=1.13.12 size=72792000 pull=3211ms id=docker.io/library/nginx@sha256:4e859c902d81d4d1b8ef562bfc52539edfa485e1a3dd42358721d7ea96eb8c75 shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                docker.io/library/nginx:1.25
                  pullable docker.io/library/nginx:1.25 version=1.25.5 size=75456000 pull=3318ms id=docker.io/library/nginx@sha256:7619fa1161b118582fffb4b13d8d5fc5907152c47b942cf9e998b92854d1d370 shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                nginx:1.25-alpine
                  pullable docker.io/library/nginx:1.25-alpine version=1.25.5 size=19836000 pull=1093ms id=docker.io/library/nginx@sha256:16e6b763470c1f65a15b8a52eddd6f501db7d2274b864d772f0d2ec98ba4c03b shell=Some(Ash) userland=Busybox tools=[cat curl echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                registry.k8s.io/nginx-slim:0.24
                  pullable registry.k8s.io/nginx-slim:0.24 version=0.24 size=24408000 pull=1276ms id=registry.k8s.io/nginx-slim@sha256:e03dca4ca8079b4a759ec4dae3edb106a5d256afd8391a40c29e08c550c3ef9f shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                k8s.gcr.io/nginx-slim:0.8
                  pullable k8s.gcr.io/nginx-slim:0.8 version=0.8 size=22920000 pull=1216ms id=k8s.gcr.io/nginx-slim@sha256:11f62b06b37e66c8d19bd3ebd11006bcbca930503de759ef1577fdd364e8f6ba shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                busybox:1.36
                  pullable docker.io/library/busybox:1.36 version=1.36.0 size=2170800 pull=386ms id=docker.io/library/busybox@sha256:f9e1702a986c880b43a898f22c2463373f2c269b344f12f84e55412187e5ca16 shell=Some(Ash) userland=Busybox tools=[cat echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=None process="Exits(0)"
                busybox:1.28
                  pullable docker.io/library/busybox:1.28 version=1.28.0 size=2144880 pull=385ms id=docker.io/library/busybox@sha256:8032e0ea2fdb32d594ab444cbe61cf0dd81458156dded316e63a693995950127 shell=Some(Ash) userland=Busybox tools=[cat echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=None process="Exits(0)"
                alpine:3.20
                  pullable docker.io/library/alpine:3.20 version=3.20 size=3620800 pull=444ms id=docker.io/library/alpine@sha256:0c5b3ce2b572e73212af2cdc1ad98daa53dfcd5f30e84768d1e7519f94294371 shell=Some(Ash) userland=Busybox tools=[cat echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=None process="Exits(0)"
                redis:7.2-alpine
                  pullable docker.io/library/redis:7.2-alpine version=7.2 size=16518600 pull=960ms id=docker.io/library/redis@sha256:a81c2900566074d40fd0516ff0b32e8211f7dc2613c788b84b4182a38d22a8e7 shell=Some(Ash) userland=Busybox tools=[cat echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=None process="RunsForever"
                mysql:8.0
                  pullable docker.io/library/mysql:8.0 version=8.0 size=168810000 pull=7052ms id=docker.io/library/mysql@sha256:f4224e5ec81ec8a4103700c4c9cd7e90cfc57ae43f23fc80d9bf622da5d4a0f7 shell=Some(Bash) userland=Gnu tools=[cat echo env false ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="NeedsEnv(MYSQL_ROOT_PASSWORD|MYSQL_ALLOW_EMPTY_PASSWORD|MYSQL_RANDOM_ROOT_PASSWORD)"
                postgres:16
                  pullable docker.io/library/postgres:16 version=16 size=157210000 pull=6588ms id=docker.io/library/postgres@sha256:517d9d0ae2cfdcdc6dbdf4285d0df7c6690cf4a194fd97c56fb70d2055a28bcf shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="NeedsEnv(POSTGRES_PASSWORD|POSTGRES_HOST_AUTH_METHOD)"
                registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10
                  pullable registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10 version=3.4.10 size=117520000 pull=5000ms id=registry.k8s.io/kubernetes-zookeeper@sha256:0edd6f12e8ed59d9733dbed8b493a6781d62c2109fcbfcb2c57763df760fdba0 shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="RunsForever"
                zookeeper:3.8
                  pullable docker.io/library/zookeeper:3.8 version=3.8 size=125060000 pull=5302ms id=docker.io/library/zookeeper@sha256:4baf50a43be8292ba84f68ad63a4cd91920d3f00a6518cd744520ac9b0d75c7d shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="RunsForever"
                registry.k8s.io/pause:3.9
                  pullable registry.k8s.io/pause:3.9 version=3.9 size=312975 pull=312ms id=registry.k8s.io/pause@sha256:03f79e33f0a46cb4ff5e1ac5b9722b3d7382ee5f2869aa34db53847663722864 shell=None userland=Gnu tools=[] serves=None process="RunsForever"
                httpd:2.4
                  pullable docker.io/library/httpd:2.4 version=2.4 size=60146000 pull=2705ms id=docker.io/library/httpd@sha256:461fe60caceb4c165a6e023eb407e624a5f8839659e3d902fb8885808e22d6b4 shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/local/apache2/htdocs")) process="RunsForever"
                ubuntu:22.04
                  pullable docker.io/library/ubuntu:22.04 version=22.04 size=29492100 pull=1479ms id=docker.io/library/ubuntu@sha256:01b1d5391fb7bd7ecd696b710c8c2acf471b69f0b214c47508b59d29823c6fd7 shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="Exits(0)"
                debian:bookworm-slim
                  pullable docker.io/library/debian:bookworm-slim version=12 size=30870000 pull=1534ms id=docker.io/library/debian@sha256:02eea489450e15d29a2b89f6e7573e0be8fd46e150a52650b6b41de201aa7c96 shell=Some(Dash) userland=Gnu tools=[cat echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=None process="Exits(0)"
                index.docker.io/library/nginx:stable-alpine
                  pullable docker.io/library/nginx:stable-alpine version=1.28.0 size=21485520 pull=1159ms id=docker.io/library/nginx@sha256:41104fed6991b577e22affd33acc64dd6824836057b0e632defaa89cc372352b shell=Some(Ash) userland=Busybox tools=[cat curl echo env false hostname ls mkdir mv nslookup pwd rm rmdir sh sleep touch true wget] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever""#]],
        );
    }

    #[test]
    fn digests() {
        let digest = format!("sha256:{}", "ab".repeat(32));
        check(
            &[
                format!("nginx@{digest}").as_str(),
                format!("nginx:1.25@{digest}").as_str(),
                format!("nosuch@{digest}").as_str(),
            ],
            expect![[r#"
                nginx@sha256:abababababababababababababababababababababababababababababababab
                  pullable docker.io/library/nginx@sha256:abababababababababababababababababababababababababababababababab version=1.29.3 size=68472000 pull=3038ms id=docker.io/library/nginx@sha256:abababababababababababababababababababababababababababababababab shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                nginx:1.25@sha256:abababababababababababababababababababababababababababababababab
                  pullable docker.io/library/nginx:1.25@sha256:abababababababababababababababababababababababababababababababab version=1.25.5 size=69984000 pull=3099ms id=docker.io/library/nginx@sha256:abababababababababababababababababababababababababababababababab shell=Some(Dash) userland=Gnu tools=[cat curl echo env false hostname ls mkdir mv pwd rm rmdir sh sleep touch true] serves=Some((80, "/usr/share/nginx/html")) process="RunsForever"
                nosuch@sha256:abababababababababababababababababababababababababababababababab
                  ErrImagePull: rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nosuch@sha256:abababababababababababababababababababababababababababababababab": failed to resolve reference "docker.io/library/nosuch@sha256:abababababababababababababababababababababababababababababababab": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed"#]],
        );
    }

    #[test]
    fn default_processes() {
        let ImageLookup::Pullable(mysql) = lookup("mysql:8.0") else {
            panic!("mysql is catalogued")
        };
        let ImageLookup::Pullable(nginx) = lookup("nginx:1.25") else {
            panic!("nginx is catalogued")
        };
        let ImageLookup::Pullable(busybox) = lookup("busybox") else {
            panic!("busybox is catalogued")
        };
        let strings = |items: &[&str]| {
            items
                .iter()
                .map(|item| item.to_string())
                .collect::<Vec<_>>()
        };
        let observed = [
            format!("{:?}", mysql.start(&[], &[], &[])),
            format!("{:?}", mysql.start(&[], &[], &["MYSQL_ROOT_PASSWORD"])),
            format!("{:?}", nginx.start(&[], &[], &[])),
            format!(
                "{:?}",
                nginx.start(&strings(&["nginx", "-g", "daemon off;"]), &[], &[])
            ),
            format!("{:?}", nginx.start(&[], &strings(&["sleep", "3600"]), &[])),
            format!("{:?}", busybox.start(&[], &[], &[])),
            format!(
                "{:?}",
                busybox.start(&strings(&["sh", "-c", "sleep 3600"]), &[], &[])
            ),
        ];
        expect![[r#"
            Exits { exit_code: 1, log: "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n" }
            RunsForever
            RunsForever
            RunsForever
            RunCommand(["sleep", "3600"])
            Exits { exit_code: 0, log: "" }
            RunCommand(["sh", "-c", "sleep 3600"])"#]].assert_eq(&observed.join("\n"));
    }

    #[test]
    fn lookup_never_panics_on_odd_input() {
        for image in [
            "/",
            ":",
            "@",
            "a/",
            "/a",
            "a//b",
            "a:b:c",
            "a@b@c",
            "docker.io/",
            "ü",
            "a:-x",
            "localhost/a",
        ] {
            let _ = lookup(image);
        }
    }
}
