#!/usr/bin/env python3
"""What DNSSEC validation costs: the same DNS-only lookups against the signed test world with
network.dnssec = "validate" and "off", each a cold run (no cache), the median of several.

  scripts/bench --dnssec [--runs N]

Uses the test world's config (build/tests/renraku-world.toml) and starts the world in its own
folder. The indicators: every address of 192.0.2.0/24 (each a reverse-zone walk: PTR, SOA,
NXDOMAIN proofs), and the world's forward zones (SOA, MX, A/AAAA). Everything on loopback.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORLD = os.path.join(ROOT, "tests", "world", "world.py")
DOMAINS = ["example.test", "www.example.test", "sub.example.test", "implicit-mx.test",
           "nullmx.test", "nomail.test", "upstream-isp.test", "customer.test", "unsigned.test",
           "bogus.test", "expired.test", "escaped.test"]


def config_text(world_config, dnssec, run_dir):
    text = open(world_config).read()
    text = re.sub(r'dnssec = "validate"', f'dnssec = "{dnssec}"', text)
    text = re.sub(r'dnssec_trust_anchor_file = "[^"]*"',
                  f'dnssec_trust_anchor_file = "{run_dir}/root-anchor.key"', text)
    return text.replace(os.path.join(ROOT, "build", "world-run"), run_dir)


def one_run(renraku, config, indicators):
    start = time.perf_counter()
    p = subprocess.run([renraku, "lookup", "--config", config, "--no-cache", "-q", "--format",
                        "jsonl", "--sources", "dns_soa,rfc2142", "-"],
                       input="\n".join(indicators) + "\n", capture_output=True, text=True)
    took = time.perf_counter() - start
    if p.returncode not in (0, 1, 3):
        sys.exit(f"renraku failed ({p.returncode}): {p.stderr[-400:]}")
    return took, p.stdout.count("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--renraku", default=os.path.join(ROOT, "build", "bin", "renraku"))
    ap.add_argument("--world-config", default=os.path.join(ROOT, "build", "tests",
                                                           "renraku-world.toml"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    indicators = [f"192.0.2.{i}" for i in range(1, 255)] + DOMAINS
    with tempfile.TemporaryDirectory(prefix="renraku-dnssec-bench-") as run_dir:
        if subprocess.run([sys.executable, WORLD, "start", "--dir", run_dir]).returncode != 0:
            sys.exit("the test world did not start (is another one running?)")
        try:
            figures = {}
            for mode in ("off", "validate"):
                cfg = os.path.join(run_dir, f"{mode}.toml")
                with open(cfg, "w") as f:
                    f.write(config_text(args.world_config, mode, run_dir))
                times = []
                for _ in range(args.runs):
                    took, results = one_run(args.renraku, cfg, indicators)
                    times.append(took)
                figures[mode] = (statistics.median(times), min(times), max(times), results)
        finally:
            subprocess.run([sys.executable, WORLD, "stop", "--dir", run_dir])
    for mode, (med, lo, hi, n) in figures.items():
        print(f"dnssec = {mode:8}  {n} indicators  median {med:.2f} s "
              f"(min {lo:.2f}, max {hi:.2f}, {args.runs} cold runs)  "
              f"{med / n * 1000:.1f} ms an indicator")
    off, on = figures["off"][0], figures["validate"][0]
    print(f"validation costs {on - off:+.2f} s on this batch ({(on / off - 1) * 100:+.0f} %)")


if __name__ == "__main__":
    main()
