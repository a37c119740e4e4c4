"""An :class:`ApiModel` → the text of each generated file, through ``templates/``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .constraints import literal
from .model import ApiModel

TEMPLATES = Path(__file__).parent / "templates"
HEADER_START = "# generated — do not edit.\n"
HEADER = (
    HEADER_START
    + "# Source: specs/{source} (sha256 {digest:.16}); regenerate with `make generate`.\n"
)


def docstring(text: str) -> str:
    """A one-line docstring of ``text``, whatever quotes and backslashes it holds."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return f'"""{text[:-1]}\\""""' if text.endswith('"') else f'"""{text}"""'


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(py=repr, literal=literal, docstring=docstring)
    return env


def render_model(
    api: ApiModel, digest: str, *, header: str | None = None, spec_path: str | None = None
) -> dict[str, str]:
    """Every generated file of one API, file name → unformatted text.  ``header``
    and ``spec_path`` (how the files name their source) are HEADER's and
    ``specs/<file>`` unless a package outside this repo says otherwise."""
    header = header or HEADER.format(source=api.path.name, digest=digest)
    common = {"header": header, "api": api}
    source = api.path.name
    contexts: dict[str, dict[str, Any] | None] = {
        "__init__.py": {},
        "models.py": {},
        "client.py": {**_client(api), "spec_path": spec_path or f"specs/{api.path.name}"},
        "waiter.py": None if api.waiter is None else {"waiter": api.waiter, "source": source},
        "errors.py": None if api.errors is None else _errors(api),
        "tasks.py": None if api.tasks is None else _tasks(api),
    }
    return {
        name: environment().get_template(f"{name}.jinja2").render(**common, **context)
        for name, context in contexts.items()
        if context is not None
    }


def _client(api: ApiModel) -> dict[str, Any]:
    return {
        "title": api.title,
        "client_class": api.client_class,
        "server": api.server,
        "timeout": api.timeout_source,
        "codec": api.codec_source,
        "operations": api.operations,
        "imports": api.client_imports,
        "has_errors": api.errors is not None,
        "checks": api.checks,
        "waiter_checks": list(api.waiter_checks),
        "has_answers": any(op.answer for op in api.operations),
        "has_clamps": any(op.clamped for op in api.operations),
        "secrets": api.secrets,
        "started": api.waiter.result.started if api.waiter and api.waiter.result else None,
        "has_starts": any(op.starts and op.exposed for op in api.operations),
    }


def _errors(api: ApiModel) -> dict[str, Any]:
    assert api.errors is not None
    names = [name for name, _ in api.errors.named]
    return {"errors": api.errors, "source": api.path.name, "exports": sorted(["ERRORS", *names])}


def _tasks(api: ApiModel) -> dict[str, Any]:
    assert api.tasks is not None
    exports = [*api.tasks.exported, "TASK_TYPES"]
    return {"tasks": api.tasks, "source": api.path.name, "exports": exports}


def absolute_runtime(text: str) -> str:
    """``text`` with the runtime's relative imports (``from ..._wire.models import``,
    three dots: an API's package sits in ``taskpoll``) made imports of
    ``taskpoll.runtime``, which re-exports those names publicly: for a generated
    package that lives outside ``taskpoll`` (a type checker does not read a
    library's private modules)."""
    return re.sub(
        r"^(\s*from )\.\.\.[\w.]* import ", r"\1taskpoll.runtime import ", text, flags=re.M
    )
