"""A static file server for the built site: loopback only, correct MIME types, a strict CSP.

Standard library only; ``python sitebuild/server.py DIR`` (the site's own ``serve.py``) also
works on a kiosk that has just a copy of the site folder and this file.

Every response carries a Content-Security-Policy header (see :func:`content_security_policy`):
a Web Worker takes its policy from its own script's response, not from the page, so a
``<meta>`` tag in the page cannot cover the worker that loads the runtime. Directories are
never listed, and requests whose Host header is not a loopback name (or one allowed with
``--allow-host``) are refused, which defeats DNS rebinding.
"""
import argparse
import email.utils
import functools
import http.server
import os
import sys

MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",   # required for WebAssembly streaming compilation
    ".data": "application/octet-stream",
    ".whl": "application/zip",
    ".npz": "application/octet-stream",
    ".png": "image/png",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".wgsl": "text/wgsl; charset=utf-8",
}

# Host names that reach this machine only. Anything else in a Host header means the browser was
# pointed here under another name (DNS rebinding), so it is refused unless allowed by name.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# The site's Content-Security-Policy: the one definition, for the servers' headers and the pages'
# <meta http-equiv> tags (the build refuses a page whose tag says otherwise: sitebuild/shell.py;
# tests/browser/test_shell.py checks the served header against the pages). Pages and every other
# file: nothing but this origin, no eval, no inline script or style, no forms.
CSP_DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data: blob:"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)
PAGE_SCRIPT_SRC = dict(CSP_DIRECTIVES)["script-src"]
PAGE_STYLE_SRC = dict(CSP_DIRECTIVES)["style-src"]
# The engine worker: Pyodide 0.17.1 compiles its wasm ('wasm-unsafe-eval') and also evaluates
# strings as JavaScript when it starts ('unsafe-eval'; without it: "EvalError: Evaluating a string
# as JavaScript violates ... script-src"). Only the worker gets this, never a page.
WORKER_SCRIPT_SRC = "'self' 'unsafe-eval' 'wasm-unsafe-eval'"
WORKER_PATHS = ("/js/worker/",)  # scripts started with new Worker(...) that load the runtime
# Pages that draw with Plotly: even its strict build (no eval) adds <style> rules and style
# attributes (measured: with style-src 'self' Chromium refuses them with console errors), so these
# pages, and only these, also allow inline styles. Scripts stay 'self' only.
INLINE_STYLE_PAGES = ("/landscapes.html",)
INLINE_STYLE_SRC = "'self' 'unsafe-inline'"


def content_security_policy(script_src=PAGE_SCRIPT_SRC, frame_ancestors=None, style_src=PAGE_STYLE_SRC):
    """The CSP header value. ``frame_ancestors``: None (any page may frame the site, as embedding
    in course pages needs) or a list of origins (``'self'`` always included)."""
    chosen = {"script-src": script_src, "style-src": style_src}
    directives = [name + " " + chosen.get(name, value) for name, value in CSP_DIRECTIVES]
    if frame_ancestors is not None:
        directives.append("frame-ancestors " + " ".join(["'self'"] + list(frame_ancestors)))
    return "; ".join(directives)


def script_src_for(path):
    """script-src for the file at URL path ``path`` (the worker's is looser; see WORKER_SCRIPT_SRC)."""
    return WORKER_SCRIPT_SRC if path.startswith(WORKER_PATHS) else PAGE_SCRIPT_SRC


def style_src_for(path):
    """style-src for the file at URL path ``path`` (see INLINE_STYLE_PAGES)."""
    return INLINE_STYLE_SRC if path in INLINE_STYLE_PAGES else PAGE_STYLE_SRC


def policy_for(path, frame_ancestors=None):
    """The CSP of the file at URL path ``path`` ("/landscapes.html"); for a page without
    ``frame_ancestors``, exactly what its <meta http-equiv> tag must say."""
    return content_security_policy(script_src_for(path), frame_ancestors, style_src_for(path))


def host_name(header):
    """The name part of a Host header: "127.0.0.1:8000" -> "127.0.0.1", "[::1]:80" -> "::1"."""
    header = (header or "").strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES)
    allowed_hosts = LOOPBACK_HOSTS   # names accepted in the Host header
    frame_ancestors = None           # None, or origins allowed to frame the site (see content_security_policy)

    def _clean_path(self):
        return getattr(self, "path", "").split("?", 1)[0].split("#", 1)[0]

    def script_src(self):
        """script-src for this request's response (see script_src_for)."""
        return script_src_for(self._clean_path())

    def style_src(self):
        """style-src for this request's response (see style_src_for)."""
        return style_src_for(self._clean_path())

    def csp(self):
        """This response's Content-Security-Policy."""
        return content_security_policy(self.script_src(), self.frame_ancestors, self.style_src())

    def parse_request(self):
        if not super().parse_request():
            return False
        if host_name(self.headers.get("Host")) not in self.allowed_hosts:
            self.send_error(403, "Host not allowed", "this server answers only to %s" % ", ".join(self.allowed_hosts))
            return False
        return True

    def send_head(self):
        """A file with a gzip copy beside it (sitebuild/compress.py) goes out compressed to a client
        that accepts gzip; everything else as SimpleHTTPRequestHandler sends it."""
        path = self.translate_path(self.path)
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "").lower()
        if not (accepts and os.path.isfile(path) and os.path.isfile(path + ".gz")) or self.headers.get("Range"):
            return super().send_head()
        try:
            f = open(path + ".gz", "rb")
        except OSError:
            return super().send_head()
        stat = os.fstat(f.fileno())
        if self._unchanged_since(os.path.getmtime(path)):
            f.close()
            self.send_response(304)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(os.path.getmtime(path)))
        self.end_headers()
        return f

    def _unchanged_since(self, mtime):
        """Whether the request's If-Modified-Since covers ``mtime`` (as the plain files' 304s)."""
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            stamp = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return stamp is not None and stamp.tzinfo is not None and int(mtime) <= stamp.timestamp()

    def list_directory(self, path):
        self.send_error(404, "File not found")  # never list a folder's contents
        return None

    def end_headers(self):
        # Revalidate every time: a rebuilt wheel or runtime must never be served stale.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Content-Security-Policy", self.csp())
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("PYPLAYGROUND_SERVER_LOG"):
            super().log_message(fmt, *args)


def make_server(directory, port=8000, host="127.0.0.1", handler_class=SiteHandler, allowed_hosts=(),
                frame_ancestors=None):
    """An HTTP server for ``directory`` on ``host:port`` (port 0 picks a free one).

    ``allowed_hosts``: Host header names accepted besides the loopback ones; ``frame_ancestors``:
    None or the origins that may frame the site (see :func:`content_security_policy`).
    """
    attrs = {"allowed_hosts": tuple(LOOPBACK_HOSTS) + tuple(h.lower() for h in allowed_hosts)}
    if frame_ancestors is not None:
        attrs["frame_ancestors"] = tuple(frame_ancestors)
    configured = type(handler_class.__name__, (handler_class,), attrs)
    handler = functools.partial(configured, directory=directory)
    http.server.ThreadingHTTPServer.daemon_threads = True
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(directory, port=8000, allowed_hosts=(), frame_ancestors=None):
    try:
        server = make_server(directory, port, allowed_hosts=allowed_hosts, frame_ancestors=frame_ancestors)
    except OSError as err:
        print("error: cannot listen on 127.0.0.1:%d (%s); choose another port with --port" % (port, err.strerror),
              file=sys.stderr)
        return 2
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    print("serving %s at %s (Ctrl+C stops)" % (directory, url), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()


def add_arguments(parser):
    """The server's options (shared by this script and ``build.py serve``)."""
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="also answer to this Host name (default: loopback names only)")
    parser.add_argument("--frame-ancestors", nargs="*", metavar="ORIGIN",
                        help="only these origins (and this site) may frame the site; default: any")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    add_arguments(parser)
    args = parser.parse_args()
    sys.exit(serve(os.path.abspath(args.directory), args.port, args.allow_host, args.frame_ancestors))
