#!/usr/bin/python3
"""Publish NRTMv4 files (RFC 10063) as a registry would, for the test world and the bench.

  nrtm_publish.py keygen --kind ed25519|p256 --private KEY.pem --public PUB.pem
  nrtm_publish.py publish PLAN.json --dir DIR

PLAN.json:
  {"source": "RIPE", "session_id": UUID, "key": "KEY.pem", "timestamp": RFC3339 (default now),
   "snapshot": {"version": 1, "files": [RPSL files, plain or .gz] | "objects": [RPSL texts]},
   "deltas": [{"version": 2, "changes": [{"action": "add_modify", "object": TEXT} |
                                         {"action": "delete", "object_class": C,
                                          "primary_key": K}]}],
   "next_signing_key": "PUB.pem",
   "tamper": "signature" | "snapshot-hash" | "delta-hash" | "delta-truncated"}

Writes DIR/update-notification-file.jose (a compact JWS: ES256 for a P-256 key, EdDSA for
Ed25519), the gzipped snapshot and the deltas, named as the RIPE NCC names them. Throw-away keys
only: nothing here is meant to sign anything real.
"""
import argparse
import base64
import datetime
import gzip
import hashlib
import json
import os
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def keygen(args):
    key = ed25519.Ed25519PrivateKey.generate() if args.kind == "ed25519" else \
        ec.generate_private_key(ec.SECP256R1())
    with open(args.private, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    with open(args.public, "wb") as f:
        f.write(key.public_key().public_bytes(serialization.Encoding.PEM,
                                              serialization.PublicFormat.SubjectPublicKeyInfo))


def sign(key, payload):
    if isinstance(key, ed25519.Ed25519PrivateKey):
        header, sig = {"alg": "EdDSA"}, None
    else:
        header = {"alg": "ES256"}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(payload)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        sig = key.sign(signing_input.encode())
    else:
        r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing_input + "." + b64url(sig)


def rpsl_objects(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        lines = []
        for line in f:
            if line.startswith(("%", "#")):
                continue
            if line.strip():
                lines.append(line)
            elif lines:
                yield "".join(lines)
                lines = []
        if lines:
            yield "".join(lines)


def seq(records):
    return b"".join(b"\x1e" + json.dumps(r).encode() + b"\n" for r in records)


def publish(args):
    plan = json.load(open(args.plan))
    base = os.path.dirname(os.path.abspath(args.plan))
    def path_of(p):
        return p if os.path.isabs(p) else os.path.join(base, p)
    key = serialization.load_pem_private_key(open(path_of(plan["key"]), "rb").read(), None)
    source, session = plan["source"], plan["session_id"]
    os.makedirs(args.dir, exist_ok=True)
    tamper = plan.get("tamper", "")

    def header(kind, version):
        return {"nrtm_version": 4, "type": kind, "source": source, "session_id": session,
                "version": version}

    snap = plan["snapshot"]
    def snapshot_records():
        yield header("snapshot", snap["version"])
        for text in snap.get("objects", []):
            yield {"object": text}
        for f in snap.get("files", []):
            for text in rpsl_objects(path_of(f)):
                yield {"object": text}
    snap_name = f"nrtm-snapshot.{snap['version']}.{session[:8]}.json.gz"
    digest = hashlib.sha256()
    with open(os.path.join(args.dir, snap_name), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            for r in snapshot_records():
                gz.write(b"\x1e" + json.dumps(r).encode() + b"\n")
    digest.update(open(os.path.join(args.dir, snap_name), "rb").read())
    snapshot = {"version": snap["version"], "url": snap_name, "hash": digest.hexdigest()}
    if tamper == "snapshot-hash":
        snapshot["hash"] = "0" * 64

    deltas = []
    for d in plan.get("deltas", []):
        body = gzip.compress(seq([header("delta", d["version"])] + d["changes"]), mtime=0)
        name = f"nrtm-delta.{d['version']}.{session[:8]}.json.gz"
        digest = hashlib.sha256(body).hexdigest()
        if tamper == "delta-truncated" and d is plan["deltas"][-1]:
            body = body[:len(body) // 2]   # the hash announced is the whole file's
        if tamper == "delta-hash" and d is plan["deltas"][-1]:
            digest = "0" * 64
        with open(os.path.join(args.dir, name), "wb") as f:
            f.write(body)
        deltas.append({"version": d["version"], "url": name, "hash": digest})

    version = deltas[-1]["version"] if deltas else snap["version"]
    stamp = plan.get("timestamp") or \
        datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    unf = {"nrtm_version": 4, "timestamp": stamp, "type": "notification", "source": source,
           "session_id": session, "version": version, "snapshot": snapshot}
    if deltas:
        unf["deltas"] = deltas
    if plan.get("next_signing_key"):
        unf["next_signing_key"] = open(path_of(plan["next_signing_key"])).read()
    jws = sign(key, json.dumps(unf).encode())
    if tamper == "signature":
        head, payload, sig = jws.split(".")
        unf["version"] = version + 100
        jws = head + "." + b64url(json.dumps(unf).encode()) + "." + sig
    tmp = os.path.join(args.dir, ".update-notification-file.jose.tmp")
    with open(tmp, "w") as f:
        f.write(jws + "\n")
    os.replace(tmp, os.path.join(args.dir, "update-notification-file.jose"))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    k = sub.add_parser("keygen")
    k.add_argument("--kind", choices=["ed25519", "p256"], default="ed25519")
    k.add_argument("--private", required=True)
    k.add_argument("--public", required=True)
    pub = sub.add_parser("publish")
    pub.add_argument("plan")
    pub.add_argument("--dir", required=True)
    args = p.parse_args()
    keygen(args) if args.cmd == "keygen" else publish(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
