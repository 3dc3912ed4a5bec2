//! The HTTP responders of the images that serve files: nginx (`ngx_http_static_module`,
//! `ngx_http_index_module`, `ngx_http_special_response.c`) and Apache httpd (`mod_dir`,
//! `mod_autoindex`, the default `httpd.conf` with `Options Indexes`).
//!
//! nginx: `/` and any path ending in `/` serve that directory's `index.html`; a directory
//! without one is `403 Forbidden` (autoindex is off) — what a learner sees right after mounting
//! an empty PersistentVolume over `/usr/share/nginx/html`; a missing file is `404 Not Found`; a
//! directory named without its trailing slash is `301 Moved Permanently` to the slash form.
//! Error pages are nginx's built-in ones, with CRLF line ends and the `nginx/<version>` footer.
//! httpd: the same, except a directory without an index gets an "Index of" listing.
//!
//! Left out: methods other than GET, headers, percent-decoding, `try_files`, custom
//! configuration (the simulated `default.conf` is never read back).

use super::net::{HttpResponse, HttpResult};
use crate::sim::fs::{normalize_path, ContainerFs, EntryKind};
use crate::sim::images::{HttpServerKind, ImageInfo};

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Internal Server Error",
    }
}

fn nginx_error_page(status: u16, version: &str) -> String {
    let title = format!("{status} {}", reason(status));
    format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>{version}</center>\r\n</body>\r\n</html>\r\n"
    )
}

fn apache_error_page(status: u16, detail: &str) -> String {
    let phrase = reason(status);
    format!(
        "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>{status} {phrase}</title>\n</head><body>\n<h1>{phrase}</h1>\n<p>{detail}</p>\n</body></html>\n"
    )
}

fn response(status: u16, body: String, location: Option<String>) -> HttpResult {
    HttpResult::Response(HttpResponse {
        status,
        reason: reason(status).to_string(),
        location,
        body,
    })
}

/// Answers `GET path` from the container's files the way the image's server would.
/// Images that serve nothing refuse the connection.
pub fn serve_http(image: &ImageInfo, fs: &ContainerFs<'_>, path: &str) -> HttpResult {
    let Some(server) = &image.serves else {
        return HttpResult::ConnectionRefused;
    };
    let uri = path.split(['?', '#']).next().unwrap_or("/");
    let uri = if uri.starts_with('/') {
        uri.to_string()
    } else {
        format!("/{uri}")
    };
    // nginx rejects a URI whose `..` climbs above the root (`ngx_http_parse_complex_uri`).
    let mut depth: i64 = 0;
    for component in uri.split('/') {
        match component {
            "" | "." => {}
            ".." => depth -= 1,
            _ => depth += 1,
        }
        if depth < 0 {
            return match &server.kind {
                HttpServerKind::Nginx(version) => {
                    response(400, nginx_error_page(400, version), None)
                }
                HttpServerKind::Apache(_) => response(
                    400,
                    apache_error_page(400, "Your browser sent a request that this server could not understand.<br />\n"),
                    None,
                ),
            };
        }
    }
    let wants_directory = uri.ends_with('/');
    let relative = normalize_path("/", &uri);
    let root = server.document_root;
    let file_path = if relative == "/" {
        root.to_string()
    } else {
        format!("{root}{relative}")
    };
    let kind = fs.kind(&file_path);
    match &server.kind {
        HttpServerKind::Nginx(version) => {
            let error = |status: u16| response(status, nginx_error_page(status, version), None);
            match kind {
                Some(EntryKind::Directory) if wants_directory || relative == "/" => {
                    let index = format!("{}/index.html", file_path.trim_end_matches('/'));
                    match fs.kind(&index) {
                        Some(EntryKind::File) => match fs.read(&index) {
                            Ok(body) => response(200, body, None),
                            Err(_) => error(403),
                        },
                        _ => error(403),
                    }
                }
                Some(EntryKind::Directory) => {
                    let location = format!("{relative}/");
                    response(301, nginx_error_page(301, version), Some(location))
                }
                Some(EntryKind::File) if !wants_directory => match fs.read(&file_path) {
                    Ok(body) => response(200, body, None),
                    Err(_) => error(403),
                },
                _ => error(404),
            }
        }
        HttpServerKind::Apache(_) => match kind {
            Some(EntryKind::Directory) if wants_directory || relative == "/" => {
                let index = format!("{}/index.html", file_path.trim_end_matches('/'));
                if let Ok(body) = fs.read(&index) {
                    return response(200, body, None);
                }
                let mut listing = format!(
                    "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>Index of {relative}</title>\n </head>\n <body>\n<h1>Index of {relative}</h1>\n<ul>"
                );
                if relative != "/" {
                    let parent = crate::sim::fs::parent_of(&relative);
                    let parent = if parent == "/" {
                        "/".to_string()
                    } else {
                        format!("{parent}/")
                    };
                    listing.push_str(&format!(
                        "<li><a href=\"{parent}\"> Parent Directory</a></li>\n"
                    ));
                }
                for entry in fs.list(&file_path).unwrap_or_default() {
                    let suffix = if entry.kind == EntryKind::Directory {
                        "/"
                    } else {
                        ""
                    };
                    listing.push_str(&format!(
                        "<li><a href=\"{name}{suffix}\"> {name}{suffix}</a></li>\n",
                        name = entry.name
                    ));
                }
                listing.push_str("</ul>\n</body></html>\n");
                response(200, listing, None)
            }
            Some(EntryKind::Directory) => {
                let location = format!("{relative}/");
                let body = apache_error_page(
                    301,
                    &format!("The document has moved <a href=\"{location}\">here</a>."),
                );
                response(301, body, Some(location))
            }
            Some(EntryKind::File) if !wants_directory => match fs.read(&file_path) {
                Ok(body) => response(200, body, None),
                Err(_) => response(
                    403,
                    apache_error_page(403, "You don't have permission to access this resource."),
                    None,
                ),
            },
            _ => response(
                404,
                apache_error_page(404, "The requested URL was not found on this server."),
                None,
            ),
        },
    }
}
