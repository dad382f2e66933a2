"""The page shell's build step: write the table of pages for the shell and check every page's head.

The shell (site/js/shell/nav.js) writes the header, icon and manifest of every page at run time;
what a page must still say itself before any script runs is checked here, so a page cannot drift
from the one definition: its CSP ``<meta>`` must be exactly the policy sitebuild/server.py sends for
it (``policy_for``), and its header must be the shell's empty ``data-shell-header`` one.
"""
import os
import re

from . import pages, server
from .paths import SITE

META = re.compile(r'<meta http-equiv="Content-Security-Policy"\s+content="([^"]*)">')
HEADER = '<header class="top-bar not-embed" data-shell-header>'


def page_policy(html):
    """The policies of the CSP ``<meta>`` tags in ``html`` (a page's text), in order."""
    return META.findall(html)


def problems(site=SITE):
    """What is wrong with the pages' heads, as sentences (none when all agree with the shell)."""
    found = []
    for page in pages.built_pages(site):
        with open(os.path.join(site, page["file"]), encoding="utf-8") as f:
            html = f.read()
        want = server.policy_for("/" + page["file"])
        if page_policy(html) != [want]:
            found.append("%s: its Content-Security-Policy <meta> must be exactly %r (sitebuild/server.py)"
                         % (page["file"], want))
        if html.count(HEADER) != 1:
            found.append("%s: needs exactly one %s</header> (the shell fills it)" % (page["file"], HEADER))
    return found


def build_shell(site=SITE):
    """Write site/js/generated/pages.js and check the pages; raises SystemExit on a bad page."""
    pages.write_generated(site)
    bad = problems(site)
    if bad:
        raise SystemExit("page shell:\n  " + "\n  ".join(bad))
