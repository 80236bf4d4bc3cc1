"""Ask Datasette, in-process, what a canned query returns.

Usage: python3 datasette_query.py DB METADATA PATH
Prints the JSON rows of PATH (e.g. /apsc/partner.json?name=ROK&_shape=array).
"""
import asyncio
import json
import sys

from datasette.app import Datasette

db, metadata, path = sys.argv[1:4]


async def main():
    ds = Datasette(files=[db], metadata=json.load(open(metadata, encoding="utf-8")))
    response = await ds.client.get(path)
    if response.status_code != 200:
        sys.exit(f"HTTP {response.status_code}: {response.text[:500]}")
    print(response.text)


asyncio.run(main())
