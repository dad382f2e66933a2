"""The page shell (site/js/shell/nav.js, sitebuild/pages.py, sitebuild/shell.py): every page has the
same header drawn from the one table of pages, a navigation that folds into a keyboard-operable menu
where the header has no room (a phone, or more pages than fit), an overview with a picture of each
page, and a Content-Security-Policy defined once (sitebuild/server.py) that the served header and
every page's <meta> agree with."""
import json
import os
import re
import urllib.request

import pytest

from sitebuild import pages, paths, server, shell

pytestmark = pytest.mark.browser

BUILT = pages.built_pages(paths.SITE)
NAV = "Array.from(document.querySelectorAll('.site-nav .nav-menu a'), a => [a.textContent, a.getAttribute('href')])"
# The header as the shell wrote it, with the current page's mark taken out: the same on every page.
HEADER = """() => { const nav = document.querySelector('.top-bar .site-nav').cloneNode(true);
    nav.querySelectorAll('[aria-current]').forEach((a) => a.removeAttribute('aria-current'));
    nav.classList.remove('folded', 'open');
    return document.querySelector('.top-bar h1').outerHTML + nav.outerHTML; }"""
VISIBLE = "(s) => Array.from(document.querySelectorAll(s)).filter((el) => el.getClientRects().length > 0).length"


def nav_order(rows):
    """[label, file] of ``rows`` in the order the navigation lists them: by group, then the ungrouped."""
    order = [g["id"] for g in pages.GROUPS] + [None]
    return [[r["label"], r["file"]] for r in sorted(rows, key=lambda r: order.index(r["group"]))]


def shell_ready(page, url):
    page.goto(url)
    page.wait_for_function("document.querySelector('.top-bar .site-nav a') !== null")


def test_every_page_has_the_same_header_listing_every_page_of_the_table(page, site_url):
    assert {"index.html", "overview.html"} <= {p["file"] for p in BUILT}
    table = nav_order(BUILT)
    headers = set()
    for row in BUILT:
        shell_ready(page, site_url + row["file"])
        assert page.evaluate(NAV) == table, row["file"]
        assert page.locator(".site-nav a[aria-current=page]").count() == 1
        assert page.locator(".site-nav a[aria-current=page]").get_attribute("href") == row["file"]
        assert page.locator(".top-bar h1").inner_text() == "pyplayground"
        assert page.evaluate("document.querySelector('.top-bar').classList.contains('not-embed')")  # embeds hide it
        assert page.locator("head link[rel=icon]").count() == 1 and page.locator("head link[rel=manifest]").count() == 1
        headers.add(page.evaluate(HEADER))
    assert len(headers) == 1
    # Grouped as the field groups the methods: structure, what units and inputs do, learning.
    groups = page.evaluate("Array.from(document.querySelectorAll('.site-nav .nav-group[role=group]'),"
                           " (g) => g.getAttribute('aria-label'))")
    assert groups == [g["title"] for g in pages.GROUPS if any(p["group"] == g["id"] for p in BUILT)]


def test_a_page_still_to_come_is_not_linked():
    files = {p["file"] for p in BUILT}
    for row in pages.PAGES:
        assert (row["file"] in files) == os.path.isfile(os.path.join(paths.SITE, row["file"]))
    with open(os.path.join(paths.SITE, "js", "generated", "pages.js"), encoding="utf-8") as f:
        assert f.read() == pages.javascript(paths.SITE)  # the build wrote the table as it is


def test_the_header_is_styled_and_sized_before_any_script_runs(browser, site_url):
    """No flash: the stylesheets are in every page's head and the header keeps its height while the
    shell has not yet run (here: never, with JavaScript off)."""
    sizes = {}
    for enabled in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=enabled,
                                      service_workers="block")
        page = context.new_page()
        page.goto(site_url + "clusters.html")
        if enabled:
            page.wait_for_function("document.querySelector('.top-bar .site-nav a') !== null")
        sizes[enabled] = page.evaluate("""() => { const bar = document.querySelector('.top-bar');
            return [bar.getBoundingClientRect().height, getComputedStyle(bar).backgroundColor]; }""")
        context.close()
    assert abs(sizes[False][0] - sizes[True][0]) < 1 and sizes[False][1] == sizes[True][1] == "rgb(24, 61, 78)", sizes


@pytest.mark.parametrize("file", ["index.html", "clusters.html"])
def test_on_a_phone_the_nav_is_one_line_with_a_menu_that_works_from_the_keyboard(page, site_url, file):
    page.set_viewport_size({"width": 390, "height": 844})
    shell_ready(page, site_url + file)
    toggle = page.locator(".nav-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate(VISIBLE, ".site-nav .nav-menu a") == 0  # the links are in the menu, not wrapped
    nav = page.locator(".site-nav").bounding_box()
    assert nav["height"] < 50 and nav["x"] + nav["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate(VISIBLE, ".site-nav .nav-menu a") == len(BUILT)
    assert toggle.get_attribute("aria-controls") == page.evaluate("document.querySelector('.nav-menu').id")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == BUILT[0]["file"]  # into the menu
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")  # back on the button
    assert page.evaluate(VISIBLE, ".site-nav .nav-menu a") == 0
    page.keyboard.press(" ")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.locator(".top-bar h1").click()  # a click elsewhere closes it too
    assert toggle.get_attribute("aria-expanded") == "false"


def test_twelve_pages_keep_the_header_on_one_line(page, site_url):
    """The pages still to come (graph, CNN, a second GAN page): at 1280 the playground's header stays
    one row (folded if it must be), and on a phone the menu holds all twelve."""
    rows = [dict(p, file="index.html" if p["id"] == "playground" else "overview.html") for p in pages.PAGES]
    rows.append(dict(rows[-1], id="gan-digits", label="GAN digits", group="learning"))
    assert len(rows) == 12
    redraw = """async (rows) => { const shell = await import('./js/shell/nav.js');
        const header = document.querySelector('.top-bar');
        shell.fitNav(header, shell.renderNav(header.querySelector('.site-nav'), 'playground', rows)); }"""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        shell_ready(page, site_url)
        page.evaluate(redraw, rows)
        assert page.evaluate(NAV) == nav_order(rows)
        tops = page.evaluate("""Array.from(document.querySelector('.top-bar').children,
            (el) => el.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => [r.top, r.bottom])""")
        if width == 1280:
            assert page.evaluate("document.querySelector('.top-bar').getBoundingClientRect().height") < 60
            assert all(top < tops[0][1] for top, _ in tops)  # one row
        page.locator(".nav-toggle").click()
        assert page.evaluate(VISIBLE, ".site-nav .nav-menu a") == 12
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_overview_shows_every_page_with_a_picture_and_a_text_alternative(page, site_url):
    page.goto(site_url + "overview.html")
    page.evaluate("window.overview.ready")
    others = [p for p in BUILT if p["id"] != "overview"]
    assert page.evaluate("window.overview.pages()") == [p["id"] for p in others]
    cards = page.evaluate("""Array.from(document.querySelectorAll('.overview-card'), (card) => {
        const img = card.querySelector('img');
        return {href: card.getAttribute('href'), name: card.querySelector('h3').textContent,
                line: card.querySelector('p').textContent, alt: img && img.alt, src: img && img.getAttribute('src'),
                width: img && img.naturalWidth, height: img && img.naturalHeight}; })""")
    assert [c["href"] for c in cards] == [p["file"] for p in others]
    for card, row in zip(cards, others):
        assert card["name"] == row["label"] and card["line"] == row["question"]
        assert card["alt"] == row["alt"] and len(card["alt"]) > 20, card
        assert card["src"] == pages.picture(row) and (card["width"], card["height"]) == (480, 300), card
        assert os.path.getsize(os.path.join(paths.SITE, card["src"])) < 60_000
    assert page.locator(".site-nav a[aria-current=page]").inner_text() == "Overview"


def served_policy(url):
    with urllib.request.urlopen(url) as response:
        return response.headers["Content-Security-Policy"]


def test_the_served_header_and_every_page_agree_with_the_one_definition(site_url):
    assert shell.problems() == []  # what the build checks
    for row in BUILT:
        with open(os.path.join(paths.SITE, row["file"]), encoding="utf-8") as f:
            metas = shell.page_policy(f.read())
        header = served_policy(site_url + row["file"])
        assert metas == [header] == [server.policy_for("/" + row["file"])], row["file"]
    assert "'unsafe-inline'" in served_policy(site_url + "landscapes.html")  # the one exception, Plotly's
    assert "'unsafe-eval'" in served_policy(site_url + "js/worker/engine-worker.js")  # the worker's
    # The README's documented page header is the definition's.
    with open(os.path.join(paths.ROOT, "README.md"), encoding="utf-8") as f:
        documented = re.search(r"^Content-Security-Policy: (.+)$", f.read(), re.M).group(1)
    assert documented == server.policy_for("/index.html")


def test_a_page_whose_meta_differs_is_refused_by_the_build(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    with open(os.path.join(paths.SITE, "clusters.html"), encoding="utf-8") as f:
        html = f.read()
    (site / "clusters.html").write_text(html)
    assert shell.problems(str(site)) == []
    (site / "clusters.html").write_text(html.replace("object-src 'none'", "object-src 'self'"))
    assert [p.split(":")[0] for p in shell.problems(str(site))] == ["clusters.html"]
    with pytest.raises(SystemExit):
        shell.build_shell(str(site))


def test_the_offline_list_covers_the_shell_the_overview_and_its_pictures(built_site):
    with open(os.path.join(built_site, "precache.json")) as f:
        listed = {entry["path"] for entry in json.load(f)["files"]}
    needed = {"overview.html", "js/overview/main.js", "css/overview.css", "js/generated/pages.js",
              "js/shell/nav.js", "js/shell/notices.js", "js/shell/loading-view.js", "favicon.svg", "app.webmanifest"}
    needed |= {pages.picture(p) for p in BUILT if p["id"] != "overview"}
    assert needed <= listed, needed - listed


def test_an_embed_hides_the_header(page, site_url):
    page.goto(site_url + "#embed=true")
    page.evaluate("window.playground.ready")
    assert page.locator(".top-bar").count() == 1 and not page.locator(".top-bar").is_visible()
