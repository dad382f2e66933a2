"""The site's table of pages (the one definition) and its generated copy for the page shell.

Each row is one page: ``id`` (names it in the URL-free parts of the shell), ``file`` (its HTML file
under site/), ``group`` (a key of GROUPS, or None for a page outside the groups), ``label`` (its
link text in the navigation), ``question`` (the one line the overview shows: what the page answers)
and ``picture`` (its picture on the overview, a site-relative path). The navigation
(site/js/shell/nav.js) and the overview (site/js/shell/overview.js) are drawn from this table, so a
new page is one row here, its HTML file and its picture.

``site/js/generated/pages.js`` lists only the rows whose file exists in the built site, so a page
that is still to come is never a dead link; a picture that does not exist yet is written as null.
"""
import json
import os

from .paths import SITE

HEADER = "Generated from sitebuild/pages.py by the build (python3 build.py): do not edit."

# The groups, in nav order: how the field groups these methods (cf. the chapters of interpretability
# surveys: the model's structure, what its units and inputs do, how it trains).
GROUPS = (
    {"id": "structure", "label": "Structure", "title": "The network's structure"},
    {"id": "inside", "label": "Inside", "title": "What its units and inputs do"},
    {"id": "learning", "label": "Learning", "title": "Its training, loss and generative models"},
)

PAGES = (
    {"id": "playground", "file": "index.html", "group": "structure", "label": "Playground",
     "question": "How do layers, units and settings shape what a small network learns?"},
    {"id": "models", "file": "models.html", "group": "structure", "label": "Models",
     "question": "What does a trained digit classifier look like, layer by layer?"},
    {"id": "graph", "file": "graph.html", "group": "structure", "label": "Graph",
     "question": "How is a large model put together, module by module?"},
    {"id": "cnn", "file": "cnn.html", "group": "structure", "label": "CNN",
     "question": "What do convolution layers learn when you build and train one?"},
    {"id": "relevance", "file": "relevance.html", "group": "inside", "label": "Relevance",
     "question": "Which pixels made the network decide?"},
    {"id": "units", "file": "units.html", "group": "inside", "label": "Units",
     "question": "What makes each hidden unit fire?"},
    {"id": "clusters", "file": "clusters.html", "group": "inside", "label": "Clusters",
     "question": "Which neurons respond alike, and how do they feed the next layer?"},
    {"id": "dynamics", "file": "dynamics.html", "group": "learning", "label": "Training",
     "question": "What happens inside every layer while a network trains?"},
    {"id": "landscapes", "file": "landscapes.html", "group": "learning", "label": "Landscapes",
     "question": "What does the loss look like around the trained weights?"},
    {"id": "gan", "file": "gan.html", "group": "learning", "label": "GAN",
     "question": "How does a generator learn to fool a discriminator?"},
    {"id": "overview", "file": "overview.html", "group": None, "label": "Overview",
     "question": "What does each page show, and what does it answer?"},
)


def picture(page):
    """The site-relative path of ``page``'s picture on the overview."""
    return "img/pages/%s.webp" % page["id"]


def built_pages(site=SITE):
    """The rows whose file exists under ``site``, each with its ``picture`` (None if not there yet)."""
    out = []
    for page in PAGES:
        if not os.path.isfile(os.path.join(site, page["file"])):
            continue
        pic = picture(page)
        out.append(dict(page, picture=pic if os.path.isfile(os.path.join(site, pic)) else None))
    return out


def javascript(site=SITE):
    """The text of site/js/generated/pages.js."""
    used = {p["group"] for p in built_pages(site)}
    groups = [g for g in GROUPS if g["id"] in used]
    return ("// %s\n" % HEADER
            + "export const GROUPS = Object.freeze(%s);\n" % json.dumps(groups, indent=1)
            + "export const PAGES = Object.freeze(%s);\n" % json.dumps(built_pages(site), indent=1))


def write_generated(site=SITE):
    """Write site/js/generated/pages.js if its text changed; returns whether it was written."""
    path = os.path.join(site, "js", "generated", "pages.js")
    text = javascript(site)
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
    return True
