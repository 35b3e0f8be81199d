"""Parse KQL queries with detection-rules' lark grammar (kql.g).

Reads one JSON string per line on stdin and writes one JSON line per query:
{"ok": true} or {"ok": false, "error": "..."}. Used by rulec's Go tests.
"""
import json
import os
import sys

from lark import Lark
from lark.exceptions import LarkError

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "kql.g")) as f:
    grammar = f.read()

# As detection-rules' kql/parser.py builds it.
parser = Lark(grammar, start=["query"], parser="lalr")

for line in sys.stdin:
    query = json.loads(line)
    try:
        parser.parse(query)
        print(json.dumps({"ok": True}))
    except LarkError as e:
        print(json.dumps({"ok": False, "error": str(e).splitlines()[0] if str(e) else type(e).__name__}))
    sys.stdout.flush()
