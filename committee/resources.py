"""Where the files the code reads live: inside the installed package, or at the top of a checkout.

A wheel ships migrations/ and templates/ inside the package (setup.py maps
them in); a checkout, and an editable install of it, keeps them at the top.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def shipped(folder: str) -> Path:
    """Return the folder ("migrations", "templates") wherever this copy of the service keeps it."""
    inside = PACKAGE / folder
    return inside if inside.is_dir() else CHECKOUT / folder
