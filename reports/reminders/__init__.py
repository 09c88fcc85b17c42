"""Reminders: in-site notifications and e-mail about required training and more.

``services.send_reminders`` (run by the beat task ``reports.tasks.send_reminders``)
finds what is due and delivers each reminder once per recipient, kind,
subject and period (``delivery``); ``services.remind_overdue`` is HR's chase.
"""
