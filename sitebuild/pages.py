"""The site's table of pages (the one definition) and its generated copy for the page shell.

Each row is one page: ``id`` (names it in the URL-free parts of the shell), ``file`` (its HTML file
under site/), ``group`` (a key of GROUPS, or None for a page outside the groups), ``label`` (its
link text in the navigation), ``question`` (the one line the overview shows: what the page answers)
and ``alt`` (the text alternative of its picture, which is ``picture(page)``: img/pages/<id>.webp,
taken by sitebuild/pictures.py). The navigation
(site/js/shell/nav.js) and the overview (site/js/overview/main.js) are drawn from this table, so a
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
     "question": "How do layers, units and settings shape what a small network learns?",
     "alt": ("The playground: the data set on the left, a network of two hidden layers in the middle, the "
             "output it has learnt over the plane on the right")},
    {"id": "models", "file": "models.html", "group": "structure", "label": "Models",
     "question": "What does a trained digit classifier look like, layer by layer?",
     "alt": ("The Models page: a pad to draw a digit on, beside the chosen model's probability for each "
             "class")},
    {"id": "graph", "file": "graph.html", "group": "structure", "label": "Graph",
     "question": "How is a large model put together, module by module?",
     "alt": "The Graph page: a large model drawn as a graph of its modules"},
    {"id": "cnn", "file": "cnn.html", "group": "structure", "label": "CNN",
     "question": "What do convolution layers learn when you build and train one?",
     "alt": "The CNN page: a convolutional network being built and trained"},
    {"id": "relevance", "file": "relevance.html", "group": "inside", "label": "Relevance",
     "question": "Which pixels made the network decide?",
     "alt": "The Relevance page: a pad to draw a digit on, with the choice of model and relevance method"},
    {"id": "units", "file": "units.html", "group": "inside", "label": "Units",
     "question": "What makes each hidden unit fire?",
     "alt": "The Units page: a drawn zero and the activation of every unit of the model's first layers"},
    {"id": "clusters", "file": "clusters.html", "group": "inside", "label": "Clusters",
     "question": "Which neurons respond alike, and how do they feed the next layer?",
     "alt": ("The Clusters page: test digits to pick from, and a convolution layer's neurons in clusters "
             "with the bundled edges to the next layer")},
    {"id": "dynamics", "file": "dynamics.html", "group": "learning", "label": "Training",
     "question": "What happens inside every layer while a network trains?",
     "alt": "The Training page: charts of every layer's statistics over the epochs of training"},
    {"id": "landscapes", "file": "landscapes.html", "group": "learning", "label": "Landscapes",
     "question": "What does the loss look like around the trained weights?",
     "alt": "The Landscapes page: what a loss landscape is, above the table of trained models"},
    {"id": "gan", "file": "gan.html", "group": "learning", "label": "GAN",
     "question": "How does a generator learn to fool a discriminator?",
     "alt": ("The GAN page: real points (green) and generated points (purple) on the plane, over the "
             "discriminator's verdict")},
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
