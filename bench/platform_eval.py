#!/usr/bin/env python3
"""How often the platform's desk is the top recommendation for platform-hosted indicators.

Runs `renraku lookup --format json` once over tests/data/platform-indicators.tsv (sixty URLs,
host names and addresses, each with the platform that can act on it) against the config given
(the test world: every source runs, nothing leaves loopback), and counts the indicators whose
first contact is recommended `to` and is that platform's desk (the platform source's evidence
names it). Prints the figures and the misses; exits 1 below the bar (default 95 %).

    bench/platform_eval.py --renraku build/bin/renraku --config build/tests/renraku-world.toml
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            indicator, platform = line.split("\t")
            rows.append((indicator, platform))
    return rows


def desk_of(contact, platform):
    """Whether the contact is `platform`'s desk, as the platform source reported it."""
    for ev in contact.get("evidence", []):
        if ev.get("source") == "platform" and (
                platform in ev.get("field", "") or contact.get("organization") == platform):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--renraku", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--set", default=os.path.join(HERE, "..", "tests", "data",
                                                   "platform-indicators.tsv"))
    ap.add_argument("--bar", type=float, default=0.95)
    args = ap.parse_args()
    rows = load(args.set)
    run = subprocess.run([args.renraku, "lookup", "-c", args.config, "-f", "json", "-"],
                         input="\n".join(i for i, _ in rows) + "\n", capture_output=True,
                         text=True, timeout=600)
    results = {r["indicator"]: r for r in json.loads(run.stdout)}
    kinds = {"url": [0, 0], "host": [0, 0], "address": [0, 0]}
    misses = []
    for indicator, platform in rows:
        r = results.get(indicator)
        kind = "url" if "://" in indicator else "address" if (
            ":" in indicator or indicator.replace(".", "").isdigit()) else "host"
        kinds[kind][1] += 1
        first = r["contacts"][0] if r and r.get("contacts") else None
        ok = first is not None and first.get("recommend") == "to" and desk_of(first, platform)
        if ok:
            kinds[kind][0] += 1
        else:
            got = (first.get("email") or first.get("url")) if first else "no contact"
            misses.append(f"{indicator}: expected {platform}, first is {got}")
    hit = sum(k[0] for k in kinds.values())
    total = len(rows)
    print(f"platform desk first: {hit}/{total} ({100.0 * hit / total:.1f} %)")
    for kind, (h, t) in kinds.items():
        print(f"  {kind}: {h}/{t}")
    for m in misses:
        print("  miss: " + m)
    return 0 if hit >= args.bar * total else 1


if __name__ == "__main__":
    sys.exit(main())
