"""``manifest.json`` of an artifacts folder: read, check against the files, write atomically.

``{"schema": 1, "artifacts": [entry, ...]}``; entry fields in docs/model-zoo.md, formally in
``manifest.schema.json`` (JSON Schema 2020-12; :func:`validate` needs ``jsonschema``).
An entry is *intact* when every file it lists exists with its recorded bytes and sha256.
"""
import hashlib
import json
import os

SCHEMA = 1
NAME = "manifest.json"
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.schema.json")


def empty():
    return {"schema": SCHEMA, "artifacts": []}


def load(out_dir):
    """The manifest in ``out_dir``, or an empty one if there is none; ValueError if unreadable."""
    path = os.path.join(out_dir, NAME)
    if not os.path.exists(path):
        return empty()
    try:
        with open(path) as f:
            data = json.load(f)
    except ValueError as err:
        raise ValueError("%s is not valid JSON (%s); delete it to rebuild every artifact" % (path, err)) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("artifacts"), list):
        raise ValueError("%s is not an artifacts manifest of schema %d; delete it to rebuild" % (path, SCHEMA))
    return data


def write(out_dir, data):
    """Write ``data`` as ``out_dir/manifest.json`` (temporary file, then rename)."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, NAME)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def file_entry(rel, data):
    """``{"path", "bytes", "sha256"}`` for ``data`` (bytes) stored at ``rel``."""
    return {"path": rel, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def intact(out_dir, entry):
    """True when every file of ``entry`` exists in ``out_dir`` with its recorded size and sha256."""
    for f in entry.get("files", []):
        path = os.path.join(out_dir, f["path"])
        if not os.path.isfile(path) or os.path.getsize(path) != f["bytes"] or sha256_file(path) != f["sha256"]:
            return False
    return True


def by_id(data):
    return {e["id"]: e for e in data["artifacts"]}


def put(data, entry, order):
    """Replace or add ``entry`` (by id); entries follow ``order`` (job ids), unknown ids last."""
    rest = [e for e in data["artifacts"] if e["id"] != entry["id"]] + [entry]
    rank = {job_id: i for i, job_id in enumerate(order)}
    rest.sort(key=lambda e: rank.get(e["id"], len(rank)))
    data["artifacts"] = rest


def remove(data, job_id):
    """Drop the entry ``job_id``; True if there was one."""
    before = len(data["artifacts"])
    data["artifacts"] = [e for e in data["artifacts"] if e["id"] != job_id]
    return len(data["artifacts"]) != before


def schema():
    with open(SCHEMA_PATH) as f:
        return json.load(f)


def validate(data):
    """Raise ``jsonschema.ValidationError`` unless ``data`` follows the schema; also check that
    ids are unique, a model's ``model`` is its own id, and no two entries list the same file."""
    import jsonschema
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    ids, paths = set(), set()
    for e in data["artifacts"]:
        if e["id"] in ids:
            raise jsonschema.ValidationError("duplicate artifact id %r" % e["id"])
        ids.add(e["id"])
        if e["kind"] == "model" and e["model"] != e["id"]:
            raise jsonschema.ValidationError("model entry %r must name itself as its model" % e["id"])
        for f in e["files"]:
            if f["path"] in paths:
                raise jsonschema.ValidationError("file %r is listed twice" % f["path"])
            paths.add(f["path"])
