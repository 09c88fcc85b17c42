"""Pick the interface language for each request."""

from django.conf import settings
from django.utils import translation


class SiteLanguageMiddleware:
    """Activate the language the visitor chose, else the site's language.

    Django's LocaleMiddleware would follow the browser's Accept-Language header,
    so a civil servant with an English browser would land on an English site.
    The platform speaks its configured language (zh-hans by default) until the
    visitor picks another with the switcher, which sets the language cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary = response.get("Vary")
        if not patch_vary or "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
