#!/usr/bin/env bash
# Refresh the gettext catalogues from the source. The English catalogue is
# generated (msgstr = msgid); the zh_Hans one keeps its translations, and the
# script lists what still needs translating there. Lines are not wrapped, so
# every message and its translation sit on one line each.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
$py manage.py makemessages -l zh_Hans -l en --no-obsolete --no-wrap \
    --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles -v0
en=locale/en/LC_MESSAGES/django.po
tmp=$(mktemp -d)
msgfilter --keep-header -i "$en" -o "$tmp/empty.po" sed -e d 2>/dev/null
msgen --no-wrap "$tmp/empty.po" -o "$tmp/en.po"
msgattrib --no-wrap --clear-fuzzy --clear-previous "$tmp/en.po" -o "$en"
rm -r "$tmp"
zh=locale/zh_Hans/LC_MESSAGES/django.po
echo "zh_Hans entries to translate or check:"
msgattrib --only-fuzzy "$zh" | grep -E '^msgid' || true
msgattrib --untranslated "$zh" | grep -E '^msgid' | grep -v '^msgid ""$' || true
msgfmt --statistics -o /dev/null "$zh"
