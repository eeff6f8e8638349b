#!/usr/bin/env python3
"""Copy recorded registry answers from the shared corpus into tests/data/corpus/, each with its
provenance row, so that a fresh clone tests itself. Only files whose source repository is under
a licence compatible with this project's (MIT) are taken; the list is in corpus-files.txt
(one path or glob per line, relative to the corpus).

  python3 tests/data/import_corpus.py ../shared/corpus
"""
import csv
import fnmatch
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ALLOWED = ("MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC-style (ARIN Labs)")


def main(corpus):
    with open(os.path.join(corpus, "PROVENANCE.tsv"), newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    header, rows = rows[0], rows[1:]
    wanted = [l.strip() for l in open(os.path.join(HERE, "corpus-files.txt")) if l.strip() and not l.startswith("#")]
    out_rows, skipped = [], []
    for row in rows:
        path, licence = row[0], row[4]
        if not any(fnmatch.fnmatch(path, w) for w in wanted):
            continue
        if licence not in ALLOWED:
            skipped.append(f"{path} ({licence})")
            continue
        dest = os.path.join(HERE, "corpus", path)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copyfile(os.path.join(corpus, path), dest)
        out_rows.append(row)
    with open(os.path.join(HERE, "corpus", "PROVENANCE.tsv"), "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(sorted(out_rows))
    print(f"copied {len(out_rows)} files; left out {len(skipped)} under other licences")
    for s in skipped:
        print("  left out:", s)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../../shared/corpus")))
