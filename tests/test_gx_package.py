"""lkjcheck.gx is a package of its own; an installed wheel must carry it like every other folder."""
import tomllib

from conftest import ROOT


def test_every_package_folder_is_shipped():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "lkjcheck").rglob("__init__.py")}
    assert "lkjcheck.gx" in folders
    assert folders <= listed, sorted(folders - listed)


def test_gx_uses_only_public_names_of_the_engine():
    import ast

    for path in (ROOT / "lkjcheck" / "gx").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("lkjcheck."):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "N":
                assert not node.attr.startswith("_"), f"{path.name} uses lang.nodes.{node.attr}"
