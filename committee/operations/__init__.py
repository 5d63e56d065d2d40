"""Everything that changes state. Operations check the actor's role, flush, and never commit.

The caller (a view, a CLI command, a job) commits once, so a request is one
transaction and the history row always lands with the change it records.
"""
