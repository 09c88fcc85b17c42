"""What the platform's roles may do with assessments' models (collected by people)."""

from people import roles

_QUESTION_BANKS = [
    "assessments.add_questionbank",
    "assessments.change_questionbank",
    "assessments.view_questionbank",
    "assessments.add_question",
    "assessments.change_question",
    "assessments.view_question",
    "assessments.add_assessment",
    "assessments.change_assessment",
    "assessments.view_assessment",
    "assessments.view_attempt",
    "assessments.add_attemptgrant",
]

ROLE_PERMISSIONS = {
    roles.TRAINER: _QUESTION_BANKS,
    roles.REVIEWER: _QUESTION_BANKS,
    roles.ADMINISTRATOR: _QUESTION_BANKS,
}
