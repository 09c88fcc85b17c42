"""The OpenAPI 3 description of the HR API, made from the registered reports' columns."""

from django.conf import settings
from django.utils import timezone

from reports.filters import ELECTIVE, FIRST_YEAR, LAST_YEAR, REQUIRED, ReportFilters
from reports.tables import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    get_report,
    report_names,
)

TYPES = {
    INTEGER: {"type": "integer"},
    DECIMAL: {"type": "number"},
    BOOLEAN: {"type": "boolean"},
    DATE: {"type": "string", "format": "date"},
    DATETIME: {"type": "string", "format": "date-time"},
}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def _parameter(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def parameters() -> list[dict]:
    most = settings.REPORT_API_MAX_PAGE_SIZE
    year = {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}
    return [
        _parameter("year", year, "The training year (default: this year)."),
        _parameter("department", ID, "A department id in the token's subtree."),
        _parameter(
            "course",
            {"type": "string", "format": "uuid"},
            "A course's translation key.",
        ),
        _parameter(
            "bucket", {"type": "string", "enum": [REQUIRED, ELECTIVE]}, "Course kind."
        ),
        _parameter("position", ID, "A position id."),
        _parameter("grade", ID, "A grade id."),
        _parameter(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": most},
            f"Rows per page (default {settings.REPORT_API_PAGE_SIZE}, at most {most}).",
        ),
        _parameter("cursor", {"type": "string"}, "The `next` link's cursor."),
    ]


def row_schema(report) -> dict:
    filters = ReportFilters(year=timezone.localdate().year)
    properties = {}
    for column in report.columns(filters):
        schema = dict(TYPES.get(column.kind, {"type": "string"}))
        schema.update(nullable=True, description=str(column.label))
        if column.personal:
            schema["description"] += " (partly hidden unless the token is full)"
        properties[column.key] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _page_schema(report) -> dict:
    return {
        "type": "object",
        "required": ["report", "year", "identity", "results", "next"],
        "properties": {
            "report": {"type": "string", "enum": [report.name]},
            "year": {"type": "integer"},
            "identity": {"type": "string", "enum": ["masked", "full"]},
            "results": {"type": "array", "items": row_schema(report)},
            "next": {"type": "string", "nullable": True},
        },
        "additionalProperties": False,
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }


def _operation(report) -> dict:
    return {
        "get": {
            "operationId": f"report_{report.name}",
            "summary": str(report.title),
            "parameters": parameters(),
            "responses": {
                "200": {
                    "description": "A page of rows in keyset order.",
                    "content": {"application/json": {"schema": _page_schema(report)}},
                },
                "400": _error("A parameter that cannot be used."),
                "401": _error("No token, or one unknown, expired or revoked."),
            },
        }
    }


def openapi(prefix: str) -> dict:
    """The description, with each report at ``prefix + name``."""
    reports = [get_report(name) for name in report_names()]
    return {
        "openapi": "3.0.3",
        "info": {"title": "HR reports API", "version": "1"},
        "paths": {prefix + r.name: _operation(r) for r in reports},
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error", "field"],
                    "properties": {
                        "error": {"type": "string"},
                        "field": {"type": "string", "nullable": True},
                    },
                }
            },
        },
    }
