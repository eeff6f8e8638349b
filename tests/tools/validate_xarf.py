#!/usr/bin/python3
"""Validate X-ARF reports against the published X-ARF JSON schemas (schema version 3).

usage: validate_xarf.py SCHEMA_DIR FILE...

Every schema file of SCHEMA_DIR is loaded into the resolver's store under its own $id, so the
schemas' references ("xarf_shared.schema.json#/...") resolve without the network. Prints one
line per file: "ok FILE (ReportType)" or "invalid FILE: WHERE: WHY" for each error; exits 0 when
every file is valid, 1 otherwise, 2 on a usage error.
"""
import json
import pathlib
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema_dir = pathlib.Path(argv[1])
    store = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[schema["$id"]] = schema
    root = json.loads((schema_dir / "xarf.schema.json").read_text(encoding="utf-8"))
    resolver = jsonschema.RefResolver(base_uri=root["$id"], referrer=root, store=store)
    validator = jsonschema.Draft7Validator(root, resolver=resolver,
                                           format_checker=jsonschema.FormatChecker())
    failed = 0
    for name in argv[2:]:
        try:
            report = json.loads(pathlib.Path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"invalid {name}: not JSON: {e}")
            failed += 1
            continue
        # oneOf over every report type: say why against the report's own type, not all of them.
        kind = str(report.get("Report", {}).get("ReportType", "")).lower()
        own = schema_dir / f"{kind}.schema.json"
        errors = list(validator.iter_errors(report))
        if errors and own.is_file():
            own_schema = store[json.loads(own.read_text(encoding="utf-8"))["$id"]]
            errors = list(jsonschema.Draft7Validator(
                own_schema, resolver=jsonschema.RefResolver(own_schema["$id"], own_schema,
                                                            store=store),
                format_checker=jsonschema.FormatChecker()).iter_errors(report)) or errors
        if errors:
            failed += 1
            for e in errors:
                where = "/".join(str(p) for p in e.absolute_path) or "(top)"
                print(f"invalid {name}: {where}: {e.message}")
        else:
            print(f"ok {name} ({report.get('Report', {}).get('ReportType')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
