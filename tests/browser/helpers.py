"""Small helpers shared by the browser tests."""


def state(page):
    return page.evaluate("window.playground.state()")


def hash_params(url):
    """The key=value pairs of a URL's hash as a dict of strings."""
    text = url.split("#", 1)[1] if "#" in url else ""
    return dict(part.split("=", 1) for part in text.split("&") if "=" in part)


def notices(page):
    return " | ".join(page.evaluate("window.playground.notices()"))
