"""A minimal PEP 517 build backend for the pure-Python chatguard package: it zips chatguard/ into a
wheel with its metadata. It exists so that `pip install bindings/python` needs no build tools from a
package index (the machines this is built on reach none)."""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "chatguard", "0.1.0"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = "py3-none-any"

def _files():
    pkg = os.path.join(ROOT, NAME)
    for base, _, names in os.walk(pkg):
        for n in sorted(names):
            if n.endswith(".py"):
                full = os.path.join(base, n)
                yield full, os.path.relpath(full, ROOT)

def _record_line(arc, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arc},sha256={digest},{len(data)}"

def _metadata():
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: Python bindings to libchatguard: marketplace chat moderation for Russian text\n"
            "Requires-Python: >=3.8\nLicense: MIT\n").encode()

def get_requires_for_build_wheel(config_settings=None):
    return []

def get_requires_for_build_sdist(config_settings=None):
    return []

def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, f"{NAME}-{VERSION}.dist-info")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "METADATA"), "wb") as f:
        f.write(_metadata())
    return os.path.basename(d)

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    name = f"{NAME}-{VERSION}-{TAG}.whl"
    info = f"{NAME}-{VERSION}.dist-info"
    records = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for full, arc in _files():
            with open(full, "rb") as f:
                data = f.read()
            z.writestr(arc, data)
            records.append(_record_line(arc, data))
        meta = {f"{info}/METADATA": _metadata(),
                f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: chatguard-backend\nRoot-Is-Purelib: true\nTag: {TAG}\n".encode()}
        for arc, data in meta.items():
            z.writestr(arc, data)
            records.append(_record_line(arc, data))
        records.append(f"{info}/RECORD,,")
        z.writestr(f"{info}/RECORD", "\n".join(records) + "\n")
    return name

def build_sdist(sdist_directory, config_settings=None):
    import tarfile
    name = f"{NAME}-{VERSION}"
    path = os.path.join(sdist_directory, name + ".tar.gz")
    with tarfile.open(path, "w:gz") as t:
        for rel in ["pyproject.toml", "_build/backend.py"] + [arc for _, arc in _files()]:
            t.add(os.path.join(ROOT, rel), arcname=f"{name}/{rel}")
    return os.path.basename(path)
