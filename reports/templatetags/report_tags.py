"""Template filters of the report pages."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def query(filters) -> str:
    """The filters as a query string, to keep them across links (``filters|query``)."""
    if filters is None:
        return ""
    return urlencode(filters.as_query())
