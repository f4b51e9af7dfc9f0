"""The package is layered: a module imports only from its own layer or the layers below.

The order is the flow of a run, read → model → lang → checks → extract → run →
report, with the command line on top; docs/architecture.md draws it. A module
that needs something from above is in the wrong place, so this test names it
rather than letting the graph grow a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "lkjcheck"

# lowest first; modules of one layer may import each other (without cycles)
LAYERS = [
    ["lkjcheck", "lkjcheck.errors", "lkjcheck.catalogue", "lkjcheck.i18n", "lkjcheck.findings"],
    ["lkjcheck.safety"],
    ["lkjcheck.read"],
    ["lkjcheck.model"],
    ["lkjcheck.lang"],
    ["lkjcheck.checks"],
    ["lkjcheck.extract", "lkjcheck.gx"],
    ["lkjcheck.run"],
    ["lkjcheck.report"],
    ["lkjcheck.scaffold"],
    ["lkjcheck.serve"],
    ["lkjcheck.cli", "lkjcheck.__main__"],
]


# Left from the move to layers, each being taken apart; the list may only shrink.
# One entry per line so that parallel work removes its own lines without conflict.
KNOWN_WRONG: set[str] = set()
KNOWN_CYCLES: set[str] = set()
KNOWN_LONG: set[str] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _imports(name: str, path: Path) -> set[str]:
    """Every lkjcheck module `name` imports, at the top or inside a function."""
    is_pkg = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "lkjcheck"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_pkg else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "lkjcheck":
                continue
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names}
    return found


def _layer(module: str) -> int:
    best, depth = None, -1
    for i, layer in enumerate(LAYERS):
        for prefix in layer:
            if (module == prefix or module.startswith(prefix + ".")) and prefix.count(".") > depth:
                best, depth = i, prefix.count(".")
    assert best is not None, f"{module} is in no layer of tests/test_layers.py"
    return best


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    return {m: {i for i in _imports(m, p) if i in mods and i != m} for m, p in mods.items()}


def test_every_module_has_a_layer():
    for m in _modules():
        _layer(m)


def test_no_module_imports_from_a_layer_above():
    wrong = sorted(f"{m} → {i}" for m, deps in _graph().items() for i in deps
                   if _layer(i) > _layer(m) and not i == "lkjcheck")
    wrong = [w for w in wrong if w not in KNOWN_WRONG]
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_no_import_cycle():
    graph = {m: {d for d in deps if d != "lkjcheck" and not m.startswith(d + ".")} for m, deps in _graph().items()}
    cycles, state = [], {}

    def visit(m, stack):
        state[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                cycles.append(" → ".join(stack[stack.index(d):] + [d]))
            elif not state.get(d):
                visit(d, stack)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [])
    cycles = [c for c in cycles if c not in KNOWN_CYCLES]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_no_module_is_too_long_to_read():
    # ~500 lines: beyond that a module does more than one job (docs/architecture.md)
    long = sorted(f"{p.relative_to(ROOT)}: {n}" for p in PKG.rglob("*.py")
                  if (n := len(p.read_text(encoding="utf-8").splitlines())) > 520
                  and str(p.relative_to(ROOT)) not in KNOWN_LONG)
    assert not long, "modules over 520 lines:\n" + "\n".join(long)


def test_known_exceptions_are_still_real():
    # an entry whose import, cycle or length is gone must leave the list, so it cannot grow back silently
    graph = _graph()
    wrong = {f"{m} → {i}" for m, deps in graph.items() for i in deps if _layer(i) > _layer(m)}
    assert KNOWN_WRONG <= wrong, sorted(KNOWN_WRONG - wrong)
    for cycle in KNOWN_CYCLES:
        hops = cycle.split(" → ")
        assert all(b in graph.get(a, ()) for a, b in zip(hops, hops[1:])), cycle
    for path in KNOWN_LONG:
        p = ROOT / path
        assert p.is_file() and len(p.read_text(encoding="utf-8").splitlines()) > 520, path
