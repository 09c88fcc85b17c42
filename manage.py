#!/usr/bin/env python
import os
import secrets
import sys

# Commands that only read the code (never serve, sign or touch data) run
# without a real SECRET_KEY; the settings refuse everything else without one
# while DEBUG is off.
CODE_ONLY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    if len(sys.argv) > 1 and sys.argv[1] in CODE_ONLY_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
