#!/usr/bin/env python3
"""How long a full-size import takes, and in how much memory: a synthetic RIPE database of the
real one's size (4.5 M inetnum, 1 M inet6num, 100 k organisation and 100 k role objects by
default), written as gzipped split files, then `renraku mirror update --from` it.

  scripts/bench --mirror-import [--inetnums N] [--inet6nums N] [--orgs N] [--roles N] [--keep]
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
    args = ap.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
