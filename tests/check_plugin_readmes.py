#!/usr/bin/env python3
"""Every plugin has a README.md with the fixed sections, and every ```toml example in it is
accepted by renraku's own config validator (`renraku sources --config`)."""
import glob
import os
import re
import subprocess
import sys
import tempfile

SECTIONS = ["## Description", "## Configuration", "## Signals and caveats", "## Failure modes",
            "## Examples", "## See also"]


def main(source_dir, renraku, plugin_dir):
    failures = []
    readmes = sorted(glob.glob(os.path.join(source_dir, "plugins", "*", "README.md")))
    plugin_dirs = sorted(d for d in glob.glob(os.path.join(source_dir, "plugins", "*")) if os.path.isdir(d))
    for d in plugin_dirs:
        if not os.path.exists(os.path.join(d, "README.md")):
            failures.append(f"{d}: no README.md")
    examples = 0
    for path in readmes:
        name = os.path.basename(os.path.dirname(path))
        text = open(path, encoding="utf-8").read()
        if not text.startswith(f"# {name}\n"):
            failures.append(f"{path}: must start with '# {name}'")
        positions = [text.find(s + "\n") for s in SECTIONS]
        for s, p in zip(SECTIONS, positions):
            if p < 0:
                failures.append(f"{path}: missing section '{s}'")
        if all(p >= 0 for p in positions) and positions != sorted(positions):
            failures.append(f"{path}: sections out of order")
        if f"[sources.{name}]" not in text:
            failures.append(f"{path}: no [sources.{name}] example")
        for block in re.findall(r"```toml\n(.*?)```", text, re.S):
            examples += 1
            with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
                f.write(f'[plugins]\ndirs = ["{plugin_dir}"]\n\n{block}')
                cfg = f.name
            run = subprocess.run([renraku, "sources", "--config", cfg], capture_output=True, text=True)
            os.unlink(cfg)
            if run.returncode != 0 or "warning" in run.stderr:
                failures.append(f"{path}: example rejected: {run.stderr.strip()}")
    for f in failures:
        print(f"FAIL {f}")
    print(f"{len(readmes)} READMEs, {examples} examples, {len(failures)} failures")
    return 1 if failures or not readmes else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
