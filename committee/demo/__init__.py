"""The demo data: a real scrutiny board's 2018/19 business, and a live current year."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.demo import cli

    app.cli.add_command(cli.seed_demo_command)
    app.cli.add_command(cli.demo_sign_in_command)
