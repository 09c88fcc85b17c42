"""The certificate as an Open Badges 3.0 ``OpenBadgeCredential`` (VC Data Model 2.0).

Shapes follow https://www.imsglobal.org/spec/ob/v3p0/ (3.0.3). The holder is
named by the name they go by and by their employee ID, hashed with a salt
(OB 3.0 ``IdentityObject``); the department and the plain employee ID stay
out of a credential that the holder may share with anyone.
"""

import hashlib
from datetime import datetime
from decimal import Decimal

from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from .keys import issuer_did
from .loader import OB_V3P0, VC_V2
from .proof import sign, xsd_datetime

CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
# An extension identifier type (OB 3.0 IdentifierTypeEnum allows "ext:…").
EMPLOYEE_ID_IDENTITY_TYPE = "ext:employeeId"


def build_credential(
    *,
    credential_id: str,
    snapshot: dict,
    achievement_id: str,
    achievement_name: dict,
    criteria: str,
    issued: datetime,
    valid_until: datetime | None,
    status: dict | None,
) -> dict:
    """Return the unsigned OpenBadgeCredential of one certificate.

    ``snapshot`` is the certificate's frozen record (holder_name, employee_id,
    credit_hours, score, issuer_name, language); ``achievement_name`` maps
    language codes to the course title. ``status`` is a ``status_entry``.
    The same arguments give the same document (the identity salt is derived).
    """
    language = snapshot["language"]
    title = _in_language(achievement_name, language)
    issuer = {"id": issuer_did(), "type": ["Profile"], "name": snapshot["issuer_name"]}
    with translation.override(language):
        credential = {
            "@context": [VC_V2, OB_V3P0],
            "id": credential_id,
            "type": CREDENTIAL_TYPES,
            "name": _("Certificate of completion: %(course)s") % {"course": title},
            "issuer": issuer,
            "validFrom": xsd_datetime(issued),
            "awardedDate": xsd_datetime(issued),
            "credentialSubject": _subject(
                credential_id,
                snapshot,
                _achievement(achievement_id, title, criteria, snapshot),
            ),
        }
    if valid_until is not None:
        credential["validUntil"] = xsd_datetime(valid_until)
    return credential | ({"credentialStatus": status} if status else {})


def issue(**arguments) -> dict:
    """Return ``build_credential(**arguments)`` signed by the site, as of its issue date."""
    return sign(build_credential(**arguments), created=arguments["issued"])


def identity_hash(value: str, salt: str) -> str:
    """Return an OB ``identityHash``: ``sha256$`` and the hex SHA-256 of value + salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def _achievement(
    achievement_id: str, title: str, criteria: str, snapshot: dict
) -> dict:
    hours = _number(snapshot["credit_hours"])
    achievement = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": title,
        "description": _("Completed the course “%(course)s”: %(hours)s study hours.")
        % {"course": title, "hours": snapshot["credit_hours"]},
        "criteria": {"narrative": criteria},
        # OB's credits carry the course's 学时 (class hours).
        "creditsAvailable": hours,
        "inLanguage": _language_tag(snapshot["language"]),
    }
    if snapshot.get("score") is not None:
        achievement["resultDescription"] = [
            {
                "id": f"{achievement_id}#score",
                "type": ["ResultDescription"],
                "name": _("Final exam score"),
                "resultType": "Percent",
                "valueMin": "0",
                "valueMax": "100",
            }
        ]
    return achievement


def _subject(credential_id: str, snapshot: dict, achievement: dict) -> dict:
    salt = salted_hmac("certificates.credentials.identity", credential_id).hexdigest()[
        :32
    ]
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": snapshot["holder_name"],
                "identityType": "name",
                "hashed": False,
            },
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(snapshot["employee_id"], salt),
                "identityType": EMPLOYEE_ID_IDENTITY_TYPE,
                "hashed": True,
                "salt": salt,
            },
        ],
        "achievement": achievement,
        "creditsEarned": achievement["creditsAvailable"],
    }
    if snapshot.get("score") is not None:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": achievement["resultDescription"][0]["id"],
                "value": str(_number(snapshot["score"])),
            }
        ]
    return subject


def _in_language(texts: dict, language: str) -> str:
    if texts.get(language):
        return texts[language]
    return next(text for text in texts.values() if text)


def _language_tag(language: str) -> str:
    """Return a Django language code as BCP 47 (``zh-hans`` → ``zh-Hans``)."""
    return translation.to_locale(language).replace("_", "-")


def _number(value: object) -> int | float:
    # A whole number is written as an integer: JavaScript reads 2.0 as 2, and
    # JSON-LD turns a JSON 2.0 into "2.0E0" but 2 into "2", so a float with
    # nothing after the point would canonicalise differently in a verifier.
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)
