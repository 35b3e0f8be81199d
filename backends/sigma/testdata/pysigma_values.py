# Reads a JSON list of Sigma rules (YAML text) on stdin and prints, for each,
# pySigma's values of every detection item after modifiers, as JSON:
# {"error": "..."} or {"values": [[part, ...], ...]} where a part is
# ["s", text], ["*"] or ["?"]. Used by valuemods_test.go; argv[1] is the
# directory holding pySigma's "sigma" package.
import json
import sys

sys.path.insert(0, sys.argv[1])

from sigma.rule import SigmaRule  # noqa: E402
from sigma.types import SigmaExpansion, SigmaString, SpecialChars  # noqa: E402


def strings(v):
    if isinstance(v, SigmaExpansion):
        return [x for e in v.values for x in strings(e)]
    if not isinstance(v, SigmaString):
        raise TypeError("not a string: %r" % (v,))
    parts = []
    for p in v.s:
        if isinstance(p, str):
            if parts and parts[-1][0] == "s":
                parts[-1][1] += p
            elif p:
                parts.append(["s", p])
        elif p == SpecialChars.WILDCARD_MULTI:
            parts.append(["*"])
        elif p == SpecialChars.WILDCARD_SINGLE:
            parts.append(["?"])
        else:
            raise TypeError("special %r" % (p,))
    return [parts]


def items(d):
    for item in d.detection_items:
        if hasattr(item, "detection_items"):
            yield from items(item)
        else:
            yield item


out = []
for text in json.load(sys.stdin):
    try:
        rule = SigmaRule.from_yaml(text)
        vals = []
        for det in rule.detection.detections.values():
            for item in items(det):
                for v in item.value:
                    vals.extend(strings(v))
        out.append({"values": vals})
    except Exception as e:  # pySigma refuses the rule
        out.append({"error": "%s: %s" % (type(e).__name__, e)})
print(json.dumps(out))
