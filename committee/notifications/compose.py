"""How messages read: subject, text and HTML, rendered from an area's `templates/emails`."""

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from committee import formatting


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _environment(package: str) -> Environment:
    environment = Environment(
        loader=PackageLoader(package, "templates/emails"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("meeting_when", "long_date", "short_date", "clock_time"):
        environment.filters[name] = getattr(formatting, name)
    return environment


def render_email(package: str, name: str, subject: str, **context: object) -> Rendered:
    """Render `name`.txt and `name`.html from the package's templates/emails."""
    environment = _environment(package)
    return Rendered(
        subject=subject,
        text=environment.get_template(f"{name}.txt").render(subject=subject, **context),
        html=environment.get_template(f"{name}.html").render(subject=subject, **context),
    )
