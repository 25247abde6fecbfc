"""The shape of the code, checked on its source: no import circles, and the minutes reader free of Django.

Every import statement of every module under hamafza/ counts, those inside functions too: a lazy import
is still a dependency, and it is how the circles of issue 9 hid (atlas imports ↔ tasks, meetings notify →
tasks → reminders → notify). Dependencies point down: views → services → models → lib, and a task module
imports the work it runs while the work never imports its task module (STYLE.md). Imports under
`if TYPE_CHECKING:` are left out, since they never run.
"""

import ast
from collections import defaultdict
from pathlib import Path

import hamafza

ROOT = Path(hamafza.__file__).parent


def module_files(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for the package at `root` (its own name is root's directory name)."""
    modules = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(tree: ast.AST):
    """The Import and ImportFrom nodes of a module, wherever they are, except under `if TYPE_CHECKING:`."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST):
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _imports(node)


def imported_names(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The dotted names `name` imports: a module of `modules` where the name is one (`from p import m`
    depends on p.m only), else the name as written (an outside package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            found.add(full if full in modules else base)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the modules of `modules` it imports (a name inside a module counts as that module)."""
    graph = defaultdict(set)
    for name, path in modules.items():
        for target in imported_names(name, path, modules):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_of_hamafza_is_in_an_import_circle():
    modules = module_files(ROOT)
    assert len(modules) > 200  # the whole package was read
    assert circles(import_graph(modules)) == []


def test_the_check_finds_a_circle_closed_by_a_lazy_import(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "tasks.py").write_text("from pkg.work import run\n")
    (package / "work.py").write_text("def run():\n    from pkg import tasks\n\n    return tasks\n")
    (package / "views.py").write_text("from pkg import tasks, typed, work\n")
    (package / "typed.py").write_text(
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from pkg import views\n"
    )
    modules = module_files(package)
    assert circles(import_graph(modules)) == [["pkg.tasks", "pkg.work"]]

    (package / "work.py").write_text("def run():\n    return 1\n")
    assert circles(import_graph(modules)) == []


def test_the_minutes_reader_does_not_import_django():
    modules = module_files(ROOT)
    graph = import_graph(modules)
    reached = {name for name in modules if name.startswith("hamafza.minutes")}
    todo = list(reached)
    while todo:
        for target in graph[todo.pop()]:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    outside = {
        name.split(".")[0]
        for module in reached
        for name in imported_names(module, modules[module], modules)
        if not name.startswith("hamafza")
    }
    assert all(name.startswith(("hamafza.minutes", "hamafza.lib")) for name in reached), sorted(reached)
    assert "rapidfuzz" in outside  # the check sees what the reader imports
    assert not outside & {"django", "rest_framework", "django_tasks"}
