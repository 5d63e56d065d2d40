"""State machine definitions, independent of the application.

Nothing here imports from `committee`: the machines are plain data plus the
`transitions` library, so they can be tested, drawn and reasoned about without
Flask or a database.
"""
