"""Ask Datasette, in-process, what canned queries return.

Usage: python3 datasette_query.py DB METADATA PATH...
Prints a JSON list: the rows of each PATH (e.g. /apsc/partner.json?name=ROK&_shape=array).
"""
import asyncio
import json
import sys

from datasette.app import Datasette

db, metadata, *paths = sys.argv[1:]


async def main():
    ds = Datasette(files=[db], metadata=json.load(open(metadata, encoding="utf-8")))
    found = []
    for path in paths:
        response = await ds.client.get(path)
        if response.status_code != 200:
            sys.exit(f"{path}: HTTP {response.status_code}: {response.text[:500]}")
        found.append(response.json())
    print(json.dumps(found))


asyncio.run(main())
