"""The audit log: who did what, to what, from where and when; append-only.

At the bottom of the layering like ``common``: it imports no app of the
project, and every app may record into it with ``audit.services.record_event``.
"""
