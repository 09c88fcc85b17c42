"""What the SCORM player's script needs to know about a package. No database."""

from urllib.parse import quote

from django.urls import reverse

from . import manifest

# The profile's category activity, in every statement the player sends
# (xAPI SCORM Profile, "Context Activities"; profile IRI https://w3id.org/xapi/scorm).
SCORM_PROFILE = "https://w3id.org/xapi/scorm"


def player_config(package, token: str) -> dict:
    """Return the player's configuration: the runtime version and the SCOs' URLs.

    The SCO URLs reuse the player's token, so that they expire together.
    """
    root = reverse("packages:package_root", kwargs={"token": token})
    return {
        "version": "1.2" if package.kind == manifest.SCORM12 else "2004",
        "profile": SCORM_PROFILE,
        "course": {"id": package.activity_id, "title": package.manifest_title},
        "scos": [
            {
                "id": sco["activity_id"],
                "identifier": sco["identifier"],
                "title": sco["title"],
                "url": _sco_url(root, sco["launch_path"]),
                "mastery": sco["mastery"],
            }
            for sco in package.scos
        ],
    }


def _sco_url(root: str, launch_path: str) -> str:
    path, _sep, query = launch_path.partition("?")
    url = root + quote(path, safe="/")
    return f"{url}?{query}" if query else url
