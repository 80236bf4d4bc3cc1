"""Validate data packages with frictionless, in one process.

Usage: python3 frictionless_validate.py DATAPACKAGE.json...
Prints a JSON object: for each package, whether it is valid and, if not,
the errors frictionless found.
"""
import json
import sys

from frictionless import validate


def main():
    found = {}
    for path in sys.argv[1:]:
        report = validate(path)
        found[path] = {"valid": report.valid, "errors": report.flatten(["type", "note"])}
    print(json.dumps(found))


# Frictionless may validate in worker processes that import this file again.
if __name__ == "__main__":
    main()
