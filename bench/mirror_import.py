#!/usr/bin/env python3
"""How long a full-size import takes, and in how much memory: a synthetic RIPE database of the
real one's size (4.5 M inetnum, 1 M inet6num, 100 k organisation and 100 k role objects by
default), written as gzipped split files, then `renraku mirror update --from` it.

  scripts/bench --mirror-import [--inetnums N] [--inet6nums N] [--orgs N] [--roles N] [--keep]
  scripts/bench --mirror-import --nrtm [...]

With --nrtm the same database is published as NRTMv4 (a snapshot signed with a throw-away key,
served over HTTPS on loopback as nrtm.db.ripe.net) and loaded by `renraku mirror update`; then a
delta of 10,000 changes (5,000 roles' abuse-mailbox changed, 2,500 networks added inside
assignments, 2,500 assignments removed) is published and applied: time and memory of each.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mirror_files  # noqa: E402
from proc_memory import high_water_kb  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--renraku", default=os.path.join(HERE, "..", "build", "bin", "renraku"))
    ap.add_argument("--inetnums", type=int, default=4_500_000)
    ap.add_argument("--inet6nums", type=int, default=1_000_000)
    ap.add_argument("--orgs", type=int, default=100_000)
    ap.add_argument("--roles", type=int, default=100_000)
    ap.add_argument("--keep", action="store_true", help="keep the files and the mirror")
    ap.add_argument("--nrtm", action="store_true", help="by NRTMv4: a snapshot, then a delta")
    args = ap.parse_args()
    if args.nrtm:
        return nrtm_bench(args)
    work = tempfile.mkdtemp(prefix="renraku-mirror-import-")
    try:
        split = os.path.join(work, "split")
        t0 = time.monotonic()
        mirror_files.write_full_ripe(split, args.inetnums, args.inet6nums, args.orgs, args.roles)
        written = time.monotonic() - t0
        size = sum(os.path.getsize(os.path.join(split, f)) for f in os.listdir(split))
        cfg = os.path.join(work, "renraku.toml")
        with open(cfg, "w") as f:
            f.write(f'[mirror]\nregistries = ["ripe"]\ndir = "{os.path.join(work, "mirrors")}"\n')
        t0 = time.monotonic()
        proc = subprocess.Popen([args.renraku, "mirror", "update", "--config", cfg, "--from", split,
                                 "--registry", "ripe"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        peak_kb = 0
        while proc.poll() is None:
            peak_kb = max(peak_kb, high_water_kb(proc.pid))
            time.sleep(0.2)
        took = time.monotonic() - t0
        out, err = proc.communicate()
        mirror = os.path.join(work, "mirrors", "ripe.sqlite")
        print(f"files: {size / 1e6:.0f} MB gzipped, written in {written:.0f} s")
        print(f"import: {took:.0f} s, peak memory {peak_kb / 1024:.0f} MB, exit {proc.returncode}, "
              f"mirror {os.path.getsize(mirror) / 1e6:.0f} MB" if os.path.exists(mirror) else
              f"import failed after {took:.0f} s: {err.decode()[-500:]}")
        print(out.decode().strip())
        # A few lookups from the imported mirror, timed.
        t0 = time.monotonic()
        p = subprocess.run([args.renraku, "lookup", "--config", cfg, "--offline", "-q", "-s", "ripe",
                            "-f", "jsonl", "-"], input="31.0.4.9\n31.0.200.200\n2a00:1::1\n", capture_output=True,
                           text=True)
        print(f"3 lookups from it: {time.monotonic() - t0:.2f} s, exit {p.returncode}")
        for line in p.stdout.splitlines():
            r = json.loads(line)
            to = [c.get("email") for c in r["contacts"] if c.get("recommend") == "to"]
            print(f"  {r['indicator']}: to {to}, {[n['message'][:90] for n in r.get('notes', [])][:1]}")
        return 0 if proc.returncode == 0 else 1
    finally:
        if args.keep:
            print("kept", work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


def timed(cmd):
    """(seconds, peak memory MB, CompletedProcess-like) of a renraku run."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_kb = 0
    while proc.poll() is None:
        peak_kb = max(peak_kb, high_water_kb(proc.pid))
        time.sleep(0.02)
    out, err = proc.communicate()
    return time.monotonic() - t0, peak_kb / 1024, proc.returncode, out.decode(), err.decode()


def serve_nrtm(work, folder):
    """nrtm.db.ripe.net's /nrtmv4/RIPE/ over HTTPS on loopback; returns (ca file, port)."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    sys.path.insert(0, os.path.join(HERE, "..", "tests", "world"))
    import rdap_server
    rdap_server.CERT_HOSTS = ["nrtm.db.ripe.net"]
    ca, cert, key = rdap_server.make_certificates(work)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            name = self.path[len("/nrtmv4/RIPE/"):]
            path = os.path.join(folder, name)
            ok = self.path.startswith("/nrtmv4/RIPE/") and "/" not in name and os.path.isfile(path)
            self.send_response(200 if ok else 404)
            size = os.path.getsize(path) if ok else 0
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if ok:
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, self.wfile)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return ca, srv.server_address[1]


def nrtm_bench(args):
    publish = [sys.executable if os.path.exists("/usr/bin/python3") is False else "/usr/bin/python3",
               os.path.join(HERE, "..", "tests", "tools", "nrtm_publish.py")]
    work = tempfile.mkdtemp(prefix="renraku-mirror-nrtm-")
    try:
        split = os.path.join(work, "split")
        mirror_files.write_full_ripe(split, args.inetnums, args.inet6nums, args.orgs, args.roles)
        served = os.path.join(work, "served")
        subprocess.run(publish + ["keygen", "--kind", "p256", "--private", os.path.join(work, "k.pem"),
                                  "--public", os.path.join(work, "k.pub")], check=True)
        plan = {"source": "RIPE", "session_id": "9d0c7b6a-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                "key": os.path.join(work, "k.pem"),
                "snapshot": {"version": 1, "files": [os.path.join(split, f) for f in sorted(os.listdir(split))]}}
        plan_file = os.path.join(work, "plan.json")

        def publish_plan():
            with open(plan_file, "w") as f:
                json.dump(plan, f)
            t0 = time.monotonic()
            subprocess.run(publish + ["publish", plan_file, "--dir", served], check=True)
            return time.monotonic() - t0

        took_publish = publish_plan()
        ca, port = serve_nrtm(work, served)
        cfg = os.path.join(work, "renraku.toml")
        with open(cfg, "w") as f:
            f.write(f'[network]\ntls_ca_file = "{ca}"\nconnect_to = ["nrtm.db.ripe.net:443:127.0.0.1:{port}"]\n'
                    f'[mirror]\nregistries = ["ripe"]\ndir = "{os.path.join(work, "mirrors")}"\n'
                    f'nrtm_keys = {{ ripe = "k.pub" }}\n')
        update = [args.renraku, "mirror", "update", "--config", cfg, "--registry", "ripe"]
        snap_s, snap_mb, rc, out, err = timed(update)
        size = os.path.getsize(os.path.join(served, [n for n in os.listdir(served) if "snapshot" in n][0]))
        print(f"snapshot: {size / 1e6:.0f} MB gzipped, published in {took_publish:.0f} s")
        print(f"snapshot loaded: {snap_s:.0f} s, peak memory {snap_mb:.0f} MB, exit {rc}")
        print(out.strip() or err.strip()[-500:])
        # The delta: roles changed, networks added inside assignments, assignments removed.
        changes = []
        for r in range(min(5000, args.roles)):
            changes.append({"action": "add_modify", "object":
                            f"role:           Role {r}\nnic-hdl:        R{r}-RIPE\n"
                            f"abuse-mailbox:  changed@r{r}.example\nsource:         RIPE # Filtered\n"})
        for i in range(2500):
            a, third = i // 100, 2 * (i % 100)
            hi, lo = mirror_files.RIPE_8[(a // 256) % len(mirror_files.RIPE_8)], a % 256
            changes.append({"action": "add_modify", "object":
                            f"inetnum:        {hi}.{lo}.{third}.0 - {hi}.{lo}.{third}.63\n"
                            f"netname:        ADDED-{i}\nabuse-c:        R{i}-RIPE\nsource:         RIPE\n"})
            changes.append({"action": "delete", "object_class": "inetnum",
                            "primary_key": f"{hi}.{lo}.{third}.128 - {hi}.{lo}.{third}.255"})
        plan["deltas"] = [{"version": 2, "changes": changes}]
        took_publish = publish_plan()
        delta_s, delta_mb, rc, out, err = timed(update)
        print(f"delta of {len(changes)} changes: published in {took_publish:.1f} s; applied in "
              f"{delta_s:.1f} s (download, hash, signature, read, one transaction), peak memory "
              f"{delta_mb:.0f} MB, exit {rc}")
        print(out.strip() or err.strip()[-500:])
        hi, lo = mirror_files.RIPE_8[0], 0
        p = subprocess.run([args.renraku, "lookup", "--config", cfg, "--offline", "-q", "-s", "ripe",
                            "-f", "jsonl", "-"], capture_output=True, text=True,
                           input=f"{hi}.{lo}.0.10\n{hi}.{lo}.0.200\n")
        for line in p.stdout.splitlines():
            r = json.loads(line)
            to = [c.get("email") for c in r["contacts"] if c.get("recommend") == "to"]
            print(f"  {r['indicator']}: to {to}")
        return 0 if rc == 0 else 1
    finally:
        if args.keep:
            print("kept", work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
