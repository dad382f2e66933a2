"""A static file server for the built site: 127.0.0.1 only, correct MIME types, no caching surprises.

Standard library only; ``python sitebuild/server.py DIR`` also works on a kiosk that has
just a copy of the site folder and this file.
"""
import argparse
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
    ".wasm": "application/wasm",   # required for WebAssembly streaming compilation
    ".data": "application/octet-stream",
    ".whl": "application/zip",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".csv": "text/csv; charset=utf-8",
    ".py": "text/x-python; charset=utf-8",
    ".wgsl": "text/wgsl; charset=utf-8",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = dict(http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES)

    def end_headers(self):
        # Revalidate every time: a rebuilt wheel or runtime must never be served stale.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("PYPLAYGROUND_SERVER_LOG"):
            super().log_message(fmt, *args)


def make_server(directory, port=8000, host="127.0.0.1"):
    """An HTTP server for ``directory`` on ``host:port`` (port 0 picks a free one)."""
    handler = functools.partial(SiteHandler, directory=directory)
    http.server.ThreadingHTTPServer.daemon_threads = True
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(directory, port=8000):
    try:
        server = make_server(directory, port)
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    sys.exit(serve(os.path.abspath(args.directory), args.port))
