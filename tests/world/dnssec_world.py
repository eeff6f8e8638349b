"""Signs the test world's zones at start, so that renraku's DNSSEC validation meets every case.

Keys are made fresh each start (ldns-keygen, ECDSA P-256, one key per zone) and each zone is
signed with ldns-signzone, children before parents so that each parent carries its children's DS
records. The world's root zone's key is written as the trust anchor (ANCHOR_FILE in the run
folder) that the world's renraku config names in `network.dnssec_trust_anchor_file`.

What each case looks like:
  - secure: every zone below, unless named here;
  - insecure: UNSIGNED zones (delegated with no DS record in the parent);
  - bogus: BROKEN_SIGNATURE zones (one byte of the SOA's signature changed after signing) and
    EXPIRED zones (signed with a validity period that ended in 2020).
"""
import os
import shutil
import subprocess

ANCHOR_FILE = "root-anchor.key"
UNSIGNED = {"unsigned.test", "128/26.2.0.192.in-addr.arpa"}
BROKEN_SIGNATURE = {"bogus.test"}
EXPIRED = {"expired.test"}


def _parent(name, zones):
    """The nearest enclosing zone of `name` among `zones` ("" for the root)."""
    if name == ".":
        return None
    labels = name.split(".")
    for i in range(1, len(labels)):
        candidate = ".".join(labels[i:])
        if candidate in zones:
            return candidate
    return "."


def _origin(name):
    return "." if name == "." else name + "."


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is missing (Debian package ldnsutils)")
    return path


def _break_soa_signature(signed_path, origin):
    """Change one character of the apex SOA's RRSIG signature: a tampered answer."""
    with open(signed_path) as f:
        lines = f.readlines()
    for i, line in enumerate(lines):
        fields = line.split()
        if len(fields) > 5 and fields[0] == origin and fields[3] == "RRSIG" and fields[4] == "SOA":
            sig = fields[-1]
            flipped = ("B" if sig[0] != "B" else "C") + sig[1:]
            lines[i] = line.replace(sig, flipped)
            break
    else:
        raise RuntimeError(f"no SOA signature in {signed_path}")
    with open(signed_path, "w") as f:
        f.writelines(lines)


def sign_zones(run_dir, zones_dir, zone_files):
    """Sign the zones in `zones_dir` (name -> file name) in place of their plain files; returns
    name -> the file NSD should load. Writes the root's trust anchor to run_dir/ANCHOR_FILE."""
    keygen, signzone = _tool("ldns-keygen"), _tool("ldns-signzone")
    keys_dir = os.path.join(run_dir, "keys")
    shutil.rmtree(keys_dir, ignore_errors=True)
    os.makedirs(keys_dir)
    served = {}
    ds_of = {}
    # Children first: the deepest names sign before the zones that delegate to them.
    for name in sorted(zone_files, key=lambda n: (-len(n.split(".")) if n != "." else 0, n)):
        fname = zone_files[name]
        path = os.path.join(zones_dir, fname)
        children_ds = [ds for child, ds in ds_of.items() if _parent(child, zone_files) == name]
        if children_ds:
            with open(path, "a") as f:
                f.write("; DS records of the signed children, added at world start\n")
                f.writelines(ds + "\n" for ds in children_ds)
        if name in UNSIGNED:
            served[name] = fname
            continue
        base = subprocess.run([keygen, "-a", "ECDSAP256SHA256", "-k", _origin(name)], cwd=keys_dir,
                              check=True, capture_output=True, text=True).stdout.strip()
        cmd = [signzone, "-o", _origin(name), "-f", path + ".signed"]
        if name in EXPIRED:
            cmd += ["-i", "20191201000000", "-e", "20200101000000"]
        subprocess.run(cmd + [path, os.path.join(keys_dir, base)], check=True, capture_output=True)
        if name in BROKEN_SIGNATURE:
            _break_soa_signature(path + ".signed", _origin(name))
        with open(os.path.join(keys_dir, base + ".ds")) as f:
            ds_of[name] = f.read().strip()
        served[name] = fname + ".signed"
    with open(os.path.join(run_dir, ANCHOR_FILE + ".tmp"), "w") as f:
        f.write("; the test world's root key: its DS record\n" + ds_of["."] + "\n")
    os.replace(os.path.join(run_dir, ANCHOR_FILE + ".tmp"), os.path.join(run_dir, ANCHOR_FILE))
    return served
