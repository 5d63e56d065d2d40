"""Ship the top-level migrations/ and templates/ inside the package, and wsgi.py beside it.

Everything else about the package is in pyproject.toml; only this mapping needs setup.py.
"""

from setuptools import find_namespace_packages, setup

setup(
    packages=[
        *find_namespace_packages(include=["committee", "committee.*", "workflows", "workflows.*"]),
        "committee.migrations",
        "committee.migrations.versions",
        "committee.templates",
    ],
    package_dir={"committee.migrations": "migrations", "committee.templates": "templates"},
    py_modules=["wsgi"],
)
