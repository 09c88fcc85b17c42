from .activities import Attendance, ExternalClaim, OfflineClass
from .entries import AppendOnlyError, Bucket, Source, StudyHourEntry
from .policy import PolicyTarget, StudyPolicy, YearClose, YearFigures

__all__ = [
    "AppendOnlyError",
    "Attendance",
    "ExternalClaim",
    "OfflineClass",
    "Bucket",
    "PolicyTarget",
    "Source",
    "StudyHourEntry",
    "StudyPolicy",
    "YearClose",
    "YearFigures",
]
