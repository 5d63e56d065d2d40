"""Messages: what is due (the sweep), how it reads (compose), the outbox, and delivery.

Messages are written to the outbox inside the job's transaction and sent
after it commits; each outbox row has a unique key, so whatever runs twice,
nothing is sent twice.
"""
