"""The static site names no other origin: every URL in its sources is relative or same-origin."""
import os
import re

from sitebuild import paths

# XML namespaces are identifiers, not requests.
NAMESPACES = {"http://www.w3.org/2000/svg"}
W3C = "http://www.w3.org/"
URL = r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"')]*"


def site_sources():
    for base, dirs, files in os.walk(paths.SITE):
        dirs[:] = [d for d in dirs if d not in ("vendor", "wheels", "artifacts")]
        for name in files:
            if name.endswith((".html", ".js", ".css", ".svg")):
                yield os.path.join(base, name)


def test_site_sources_reference_no_other_origin():
    found = []
    for path in site_sources():
        with open(path, encoding="utf-8") as f:
            for url in re.findall(URL, f.read()):
                if url not in NAMESPACES:
                    found.append((os.path.relpath(path, paths.SITE), url))
    assert not found


def test_vendored_libraries_reference_no_other_origin():
    """plotly and dagre as served (sitebuild.vendor_js.offline_copy): no URL of another origin, not even a
    link, and the scripts still parse (the Landscapes page tests draw with plotly)."""
    found = []
    for name in ("plotly", "dagre"):
        folder = os.path.join(paths.SITE, "vendor", name)
        for file in os.listdir(folder):
            if file.endswith(".js"):
                with open(os.path.join(folder, file), encoding="utf-8") as f:
                    found += [(file, url) for url in re.findall(URL, f.read()) if not url.startswith(W3C)]
    assert not found


def test_offline_copy_makes_urls_inert_and_keeps_namespaces():
    from sitebuild.vendor_js import offline_copy
    source = b"a='<a href=\"https://plotly.com/\">';b=\"http://tile.osm.org/{z}.png\";c='http://www.w3.org/2000/svg'"
    out = offline_copy(source).decode()
    assert "plotly.com" not in out and "osm.org" not in out and "http://www.w3.org/2000/svg" in out
    assert out.count("about:blank#offline:") == 2 and out.count("'") == source.decode().count("'")


def test_the_page_forbids_other_origins_by_content_security_policy():
    with open(os.path.join(paths.SITE, "index.html"), encoding="utf-8") as f:
        html = f.read()
    policy = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', html).group(1)
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
