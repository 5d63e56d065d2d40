"""The work programme: its entries, their lifecycle and history, and the papers they need."""

from flask import Flask


def init_app(app: Flask) -> None:
    from committee.work_programme import cli, views
    from workflows.entry import CHANGE_WORDS, state_in_words

    def change_words(event: str) -> str:
        """ "Ask for the paper" for "open_briefing": a change as the history says it."""
        return CHANGE_WORDS.get(event, event.replace("_", " ").capitalize())

    app.add_template_filter(state_in_words, "state_words")
    app.add_template_filter(change_words)
    app.register_blueprint(views.pages)
    app.register_blueprint(views.api)
    app.cli.add_command(cli.entries_cli)
