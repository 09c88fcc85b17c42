"""The reports app's models, each kept beside the code that uses it."""

from .api.models import ReportToken
from .exports.models import ExportJob

__all__ = ["ExportJob", "ReportToken"]
