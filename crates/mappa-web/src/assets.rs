//! Static assets (stylesheet, scripts, images), built from GOV.UK Frontend and MoJ Frontend by
//! `build.rs` and embedded in the binary.
//!
//! - [`router`] serves them under `/assets/`.
//! - [`url`] gives the URL to put in a page: `/assets/application.css?v=<hash>`. A request that
//!   carries the current hash may be cached for a year (`immutable`); any other is `no-cache`, so
//!   a new build is picked up at once.
//!
//! Everything is an external file: the CSP allows no inline script or style.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing;

/// One embedded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asset {
    /// Path under `/assets/`, e.g. `application.css` or `images/favicon.svg`.
    pub path: &'static str,
    pub bytes: &'static [u8],
    /// The `Content-Type` header value.
    pub content_type: &'static str,
    /// Short content hash (16 hex digits), used as the `v` query parameter and the ETag.
    pub hash: &'static str,
}

// Defines `static ASSETS: &[Asset]`, sorted by path.
include!(concat!(env!("OUT_DIR"), "/assets_manifest.rs"));

const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";
const CACHE_REVALIDATE: &str = "no-cache";

/// Every embedded asset, sorted by path.
pub fn all() -> &'static [Asset] {
    ASSETS
}

/// The asset at `path` (relative to `/assets/`), if there is one.
pub fn get(path: &str) -> Option<&'static Asset> {
    ASSETS.binary_search_by(|asset| asset.path.cmp(path)).ok().map(|index| &ASSETS[index])
}

/// The URL of the asset at `path` (relative to `/assets/`) with its cache-busting hash:
/// `url("application.css")` is `/assets/application.css?v=0123456789abcdef`. For an unknown path
/// it is `/assets/<path>` without a hash (and a warning is logged), which then answers 404.
pub fn url(path: &str) -> String {
    match get(path) {
        Some(asset) => format!("/assets/{}?v={}", asset.path, asset.hash),
        None => {
            tracing::warn!(path, "no such asset");
            format!("/assets/{path}")
        }
    }
}

/// `GET /assets/{*path}` (and `HEAD`). Merge it into the application's router.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/assets/{*path}", routing::get(serve))
}

async fn serve(Path(path): Path<String>, uri: Uri, headers: HeaderMap) -> Response {
    let Some(asset) = get(&path) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_REVALIDATE))],
            "Not found",
        )
            .into_response();
    };

    let versioned =
        uri.query().is_some_and(|query| query.split('&').any(|pair| pair.strip_prefix("v=") == Some(asset.hash)));
    let cache_control = if versioned { CACHE_IMMUTABLE } else { CACHE_REVALIDATE };
    let etag = format!("\"{}\"", asset.hash);

    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static(cache_control)),
        (header::ETAG, HeaderValue::from_str(&etag).expect("hex is a valid header value")),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    ];

    let not_modified = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*");
    if not_modified {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }

    (common, [(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type))], asset.bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt as _;

    fn text(path: &str) -> &'static str {
        let asset = get(path).unwrap_or_else(|| panic!("{path} is embedded"));
        std::str::from_utf8(asset.bytes).expect("UTF-8")
    }

    #[test]
    fn css_and_js_are_embedded_and_not_empty() {
        for path in ["application.css", "application.js", "govuk-frontend.min.js", "moj-frontend.min.js"] {
            assert!(get(path).is_some_and(|a| a.bytes.len() > 100), "{path}");
        }
        assert_eq!(get("application.css").unwrap().content_type, "text/css; charset=utf-8");
        assert_eq!(get("application.js").unwrap().content_type, "text/javascript; charset=utf-8");
        assert!(get("images/favicon.svg").is_some());
    }

    #[test]
    fn css_uses_arial_and_never_gds_transport() {
        let css = text("application.css").to_ascii_lowercase();
        assert!(css.contains("arial"));
        assert!(!css.contains("gds transport"));
        assert!(!css.contains("@font-face"));
        // GOV.UK and MoJ components and the project's own rules are all there.
        for class in
            [".govuk-header", ".govuk-error-summary", ".govuk-summary-list", ".moj-badge", ".app-summary-list--compact"]
        {
            assert!(css.contains(class), "{class}");
        }
    }

    #[test]
    fn every_image_the_css_names_is_embedded() {
        let css = text("application.css");
        for part in css.split("url(").skip(1) {
            let target = part.split(')').next().unwrap().trim_matches(['"', '\'']);
            if target.starts_with("data:") {
                continue;
            }
            let path = target.strip_prefix("/assets/").unwrap_or_else(|| panic!("{target} outside /assets/"));
            // The Royal Arms (gov.uk's footer copyright logo) is deliberately not shipped.
            if path != "images/govuk-crest.svg" {
                assert!(get(path).is_some(), "{target} is named in the CSS but not embedded");
            }
        }
    }

    #[test]
    fn application_js_is_a_module_importing_sibling_files_only() {
        let js = text("application.js");
        for line in js.lines().filter(|l| l.starts_with("import ")) {
            let from = line.rsplit('\'').nth(1).unwrap();
            let sibling = from.strip_prefix("./").expect("relative import");
            assert!(get(sibling).is_some(), "{from} is embedded");
        }
        assert!(js.contains("initGovuk()"));
    }

    #[test]
    fn manifest_is_sorted_and_hashes_are_short_hex() {
        assert!(ASSETS.windows(2).all(|w| w[0].path < w[1].path));
        for asset in ASSETS {
            assert_eq!(asset.hash.len(), 16);
            assert!(asset.hash.bytes().all(|b| b.is_ascii_hexdigit()));
        }
    }

    #[test]
    fn url_adds_the_hash() {
        let hash = get("application.css").unwrap().hash;
        assert_eq!(url("application.css"), format!("/assets/application.css?v={hash}"));
        assert_eq!(url("no-such-file.css"), "/assets/no-such-file.css");
    }

    async fn request(uri: &str, if_none_match: Option<&str>) -> Response {
        let mut builder = Request::get(uri);
        if let Some(tag) = if_none_match {
            builder = builder.header(header::IF_NONE_MATCH, tag);
        }
        router::<()>().oneshot(builder.body(Body::empty()).unwrap()).await.unwrap()
    }

    fn header_of(response: &Response, name: header::HeaderName) -> &str {
        response.headers().get(name).map_or("", |v| v.to_str().unwrap())
    }

    #[tokio::test]
    async fn versioned_request_is_cached_for_a_year() {
        let response = request(&url("application.css"), None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/css; charset=utf-8");
        assert_eq!(header_of(&response, header::CACHE_CONTROL), CACHE_IMMUTABLE);
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(&body[..], get("application.css").unwrap().bytes);
    }

    #[tokio::test]
    async fn unversioned_or_stale_request_must_revalidate() {
        for uri in ["/assets/application.js", "/assets/application.js?v=0000000000000000"] {
            let response = request(uri, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            assert_eq!(header_of(&response, header::CONTENT_TYPE), "text/javascript; charset=utf-8");
            assert_eq!(header_of(&response, header::CACHE_CONTROL), CACHE_REVALIDATE, "{uri}");
        }
        let response = request("/assets/images/favicon.svg", None).await;
        assert_eq!(header_of(&response, header::CONTENT_TYPE), "image/svg+xml");
    }

    #[tokio::test]
    async fn matching_etag_is_not_modified() {
        let hash = get("application.css").unwrap().hash;
        let response = request("/assets/application.css", Some(&format!("\"{hash}\""))).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        let response = request("/assets/application.css", Some("\"something-else\"")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn unknown_path_is_not_found() {
        for uri in ["/assets/nope.css", "/assets/images/", "/assets/../Cargo.toml", "/assets/images/govuk-crest.svg"] {
            assert_eq!(request(uri, None).await.status(), StatusCode::NOT_FOUND, "{uri}");
        }
    }
}
