from .activities import Attendance, ExternalClaim, OfflineClass
from .entries import AppendOnlyError, Bucket, Source, StudyHourEntry
from .policy import PolicyTarget, StudyPolicy, YearClose, YearFigures
from .studytime import LessonStudyTime, StudyClock, VideoViewing

__all__ = [
    "AppendOnlyError",
    "Attendance",
    "ExternalClaim",
    "LessonStudyTime",
    "StudyClock",
    "VideoViewing",
    "OfflineClass",
    "Bucket",
    "PolicyTarget",
    "Source",
    "StudyHourEntry",
    "StudyPolicy",
    "YearClose",
    "YearFigures",
]
