"""The static site names no other origin: every URL in its sources is relative or same-origin."""
import os
import re

from sitebuild import paths

# XML namespaces are identifiers, not requests.
NAMESPACES = {"http://www.w3.org/2000/svg"}


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
            for url in re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"')]*", f.read()):
                if url not in NAMESPACES:
                    found.append((os.path.relpath(path, paths.SITE), url))
    assert not found


def test_the_page_forbids_other_origins_by_content_security_policy():
    with open(os.path.join(paths.SITE, "index.html"), encoding="utf-8") as f:
        html = f.read()
    policy = re.search(r'http-equiv="Content-Security-Policy"\s+content="([^"]+)"', html).group(1)
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
