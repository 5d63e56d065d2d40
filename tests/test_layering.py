"""Imports run one way, in every area: views and commands -> operations -> queries -> models.

Below the entry points (views, commands), an area imports only the areas
before it in `committee.areas.AREAS`; the state machines in `workflows/`
import nothing of the application; and no module imports itself round a loop.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from committee.areas import AREAS

ROOT = Path(__file__).resolve().parent.parent

#: Modules outside the areas that every area may use: they import no area.
CORE = {
    "config",
    "db",
    "errors",
    "fields",
    "timeutil",
    "formatting",
    "logs",
    "migrate",
    "cli",
    "resources",
    "extensions",
    "documents",
    "background",
}
#: The pages' and the API's framework: entry points use them; they know only sign-in.
FRAMEWORK = {"api", "web"}
#: The application itself: it brings every area together.
APPLICATION = {"__init__", "areas", "scheduler"}

DOMAIN, QUERIES, OPERATIONS, ENTRY = 1, 2, 3, 4
LAYER_NAMES = {DOMAIN: "models", QUERIES: "queries", OPERATIONS: "operations", ENTRY: "views"}
#: Each area module's layer, by its file name.
LAYERS = {
    # Tables, payload shapes, and pure logic over them (no database session, no request).
    "models": DOMAIN,
    "schemas": DOMAIN,
    "actors": DOMAIN,
    "calendar": DOMAIN,
    "chain": DOMAIN,
    "clocks": DOMAIN,
    "ical": DOMAIN,
    "leads": DOMAIN,
    "parse": DOMAIN,
    "readers": DOMAIN,
    "mailer": DOMAIN,
    "compose": DOMAIN,
    "convert": DOMAIN,
    "signals": DOMAIN,
    "frontsheet": DOMAIN,
    "messages": DOMAIN,
    "outstanding": DOMAIN,
    # Reads.
    "queries": QUERIES,
    "permissions": QUERIES,
    "feeds": QUERIES,
    "export": QUERIES,
    "document": QUERIES,
    "programme": QUERIES,
    # Changes of state (flush, never commit).
    "operations": OPERATIONS,
    "lifecycle": OPERATIONS,
    "outbox": OPERATIONS,
    "delivery": OPERATIONS,
    "sweep": OPERATIONS,
    "seed": OPERATIONS,
    "pack": OPERATIONS,
    "renditions": OPERATIONS,
    "editions": OPERATIONS,
    "notices": OPERATIONS,
    # Entry points: nothing imports them but the application.
    "views": ENTRY,
    "api_views": ENTRY,
    "admin": ENTRY,
    "forms": ENTRY,
    "cli": ENTRY,
    "auth": ENTRY,
    "links": ENTRY,
    "__init__": ENTRY,
}
WEB_LIBRARIES = ("flask", "flask_wtf", "spectree", "werkzeug")


def touches_the_request(library: str) -> bool:
    return library.split(".")[0] in WEB_LIBRARIES and library != "werkzeug.security"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from committee.x import y` imports the module committee.x.y where there is one.
            submodules = {f"{node.module}.{alias.name}" for alias in node.names}
            modules = submodules & ALL_MODULES
            found |= modules if modules == submodules else {node.module} | modules
    return found


MODULES = {module_name(path): path for path in (ROOT / "committee").rglob("*.py")}
ALL_MODULES = set(MODULES)
IMPORTS = {name: {i for i in imports_of(path) if i in MODULES} for name, path in MODULES.items()}
THIRD_PARTY = {name: imports_of(path) for name, path in MODULES.items()}


def where(module: str) -> tuple[str | None, int | None]:
    """Return a module's area (None outside the areas) and layer."""
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in AREAS:
        file = parts[2] if len(parts) > 2 else "__init__"
        return parts[1], LAYERS.get(file)
    return None, None


def test_every_area_is_a_package_and_every_module_has_a_layer():
    unknown = [
        name
        for name in MODULES
        if (where(name)[0] is not None and where(name)[1] is None)
        or (
            where(name)[0] is None
            and name.split(".")[-1] not in CORE | FRAMEWORK | APPLICATION
            and name != "committee"
        )
    ]
    assert unknown == [], "classify these in LAYERS (or CORE, FRAMEWORK, APPLICATION)"
    assert [area for area in AREAS if f"committee.{area}" not in MODULES] == []


def test_the_state_machines_import_nothing_of_the_application():
    offenders = [
        f"{path.name} imports {module}"
        for path in (ROOT / "workflows").rglob("*.py")
        for module in imports_of(path)
        if module.split(".")[0] in {"committee", "flask", "sqlalchemy", "sqlmodel"}
    ]
    assert offenders == []


def test_shared_modules_import_no_area():
    offenders = [
        f"{name} imports {imported}"
        for name in MODULES
        if name.split(".")[-1] in CORE and where(name)[0] is None
        for imported in IMPORTS[name]
        if where(imported)[0] is not None or imported.split(".")[-1] in FRAMEWORK | APPLICATION
    ]
    assert offenders == []


def test_the_framework_knows_only_sign_in():
    offenders = [
        f"{name} imports {imported}"
        for name in MODULES
        if name.split(".")[-1] in FRAMEWORK
        for imported in IMPORTS[name]
        if where(imported)[0] is not None and imported != "committee.people.auth"
    ]
    assert offenders == []


@pytest.mark.parametrize("area", AREAS)
def test_layers_run_one_way(area):
    offenders = []
    for name in MODULES:
        own_area, layer = where(name)
        if own_area != area or layer is None:
            continue
        for imported in IMPORTS[name]:
            _, other_layer = where(imported)
            if other_layer is not None and other_layer > layer and other_layer != ENTRY:
                offenders.append(f"{name} ({LAYER_NAMES[layer]}) imports {imported}")
            if layer < ENTRY and other_layer == ENTRY:
                offenders.append(
                    f"{name} ({LAYER_NAMES[layer]}) imports the entry point {imported}"
                )
            if layer < ENTRY and imported.split(".")[-1] in FRAMEWORK | APPLICATION:
                offenders.append(f"{name} ({LAYER_NAMES[layer]}) imports {imported}")
        if layer < ENTRY:
            offenders += [
                f"{name} ({LAYER_NAMES[layer]}) imports {library}: only views touch the request"
                for library in THIRD_PARTY[name]
                if touches_the_request(library)
            ]
    assert offenders == []


@pytest.mark.parametrize("area", AREAS)
def test_below_the_entry_points_an_area_imports_only_earlier_areas(area):
    rank = {name: index for index, name in enumerate(AREAS)}
    offenders = [
        f"{name} imports {imported}"
        for name in MODULES
        if where(name)[0] == area and (where(name)[1] or ENTRY) < ENTRY
        for imported in IMPORTS[name]
        if where(imported)[0] is not None and rank[where(imported)[0]] > rank[area]  # type: ignore[index]
    ]
    assert offenders == []


def test_no_module_imports_itself_round_a_loop():
    graph = defaultdict(set)
    for name, imported in IMPORTS.items():
        graph[name] |= {other for other in imported if other != name}
    state: dict[str, int] = {}
    loops: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for following in sorted(graph[node]):
            if state.get(following) == 1:
                loops.append([*trail[trail.index(following) :], following])
            elif following not in state:
                visit(following, [*trail, following])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert loops == []


def _defining(pattern: str) -> list[str]:
    return sorted(
        name for name, path in MODULES.items() if re.search(pattern, path.read_text(), re.M)
    )


def test_what_was_untangled_stays_apart():
    """Moves a review asked for: each kept by a test, so none creeps back."""
    # The people area knows nothing of committees: roles on them are the committees area's.
    assert [
        f"{name} imports {imported}"
        for name in MODULES
        if where(name)[0] == "people"
        for imported in IMPORTS[name]
        if where(imported)[0] == "committees"
    ] == []
    # The limiter and CSRF protection are made once, in the extensions every area shares.
    assert _defining(r"^(limiter|csrf) = ") == ["committee.extensions"]
    # Papers are downloaded where they are published: the papers area serves no pages.
    assert "committee.papers.views" not in MODULES
    # Changing a meeting is the meetings area's; the agenda and programme follow its signal.
    assert _defining(r"^def update_meeting\(") == ["committee.meetings.operations"]
    # Recommendations are an area of their own, apart from the minutes that send them.
    assert _defining(r"^class Recommendation\(") == ["committee.recommendations.models"]
    # The minutes' forms, pages and API are apart.
    assert {"committee.minutes.forms", "committee.minutes.api_views"} <= ALL_MODULES
    # One rule for private business: nothing else decides who reads it.
    assert _defining(r"def (may_see_private_business|sits_on|may_see_private_detail)\b") == []
    # One writer of every lifecycle's history rows.
    assert (
        _defining(r"(?<!class )\b(StateChange|AgendaChange|MinutesChange|RecommendationChange)\(")
        == []
    )
    assert _defining(r"^def record_move\(") == ["committee.people.operations"]
