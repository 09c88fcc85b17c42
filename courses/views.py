"""Learner-facing views: the catalogue, a course, a lesson, the dashboard, and their actions.

Pages render without JavaScript and every action is a plain POST form. GETs
never write (STYLE.md): starting a course and completing a lesson are POSTs.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from packages.cmi5_runtime import LaunchError
from packages.cmi5_views import fetch_response

from . import caching, extensions, launch, selectors, services
from .cmi5_blocks import au_block, course_for
from .exceptions import CourseError
from .forms import AssignmentForm, CatalogueFilterForm
from .models import (
    Assignment,
    CataloguePage,
    CourseKind,
    CoursePage,
    LessonPage,
)

CATALOGUE_PAGE_SIZE = 20


def catalogue(request, page):
    """List published courses with search, filters and the learner's status on each."""
    filters = CatalogueFilterForm(request.GET).filters()
    language = get_language()
    ids = caching.catalogue_listing(request, filters, language=language)
    listing = Paginator(ids, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    cards = caching.catalogue_cards(
        request, tuple(listing.object_list), language=language
    )
    statuses = selectors.statuses_for(request.user, [card.key for card in cards])
    return TemplateResponse(
        request,
        "courses/catalogue_page.html",
        {
            "page": page,
            "self": page,
            "entries": [(card, statuses.get(card.key)) for card in cards],
            "listing": listing,
            "filters": filters,
            "topics": caching.catalogue_topics(request, language=language),
            "kinds": CourseKind.choices,
            "hour_ranges": _hour_range_labels(),
            "content_languages": _languages(),
            "query_string": _query_without_page(request),
        },
    )


def _hour_range_labels():
    return [
        ("short", _("Up to 1 study hour")),
        ("medium", _("1.5 to 3 study hours")),
        ("long", _("More than 3 study hours")),
    ]


def _languages():
    from django.conf import settings

    return settings.WAGTAIL_CONTENT_LANGUAGES


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def course(request, page: CoursePage):
    """Show a course: syllabus with each lesson's state, progress, and one start button.

    Wagtail's preview (a reviewer's, of a course in review) lists the lessons'
    drafts: a new course's lessons are all drafts until the review publishes them.
    """
    preview = getattr(request, "is_preview", False)
    plan = selectors.syllabus(page, request.user, preview=preview)
    missing = []
    if request.user.is_authenticated:
        missing = page.unmet_prerequisites(request.user)
    return TemplateResponse(
        request,
        "courses/course_page.html",
        {
            "page": page,
            "self": page,
            "syllabus": plan,
            "preview": preview,
            "missing_prerequisites": missing,
            "links": extensions.course_links(page, request.user),
            "credit_hours": page.effective_credit_hours,
        },
    )


def lesson(request, page: LessonPage):
    """Show a lesson to a learner who has started its course.

    What every learner sees alike (the outline of the course and, for lessons
    without a package form, the rendered body) comes from the cache; only the
    learner's enrolment and progress are read per request.
    """
    outline = caching.course_outline(request, page)
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?next={request.path}")
    progress = selectors.outline_progress(request.user, outline)
    if progress.enrolment is None or not progress.enrolment.is_started:
        messages.info(request, _("Start the course to open its lessons."))
        return redirect(outline.url)
    position = outline.position(page.translation_key)
    launch_url = _launch_url(page)
    return TemplateResponse(
        request,
        "courses/lesson_page.html",
        {
            "page": page,
            "self": page,
            "outline": outline,
            "progress": progress,
            "number": position + 1,
            "completed": page.translation_key in progress.done,
            "previous": outline.lessons[position - 1] if position > 0 else None,
            "next": outline.lessons[position + 1]
            if position + 1 < len(outline.lessons)
            else None,
            "package_launch_url": launch_url,
            "links": extensions.lesson_links(page, request.user),
            "panels": extensions.lesson_panels(
                request, page, page.translation_key in progress.done
            ),
            "body_html": None if launch_url else caching.lesson_body(request, page),
        },
    )


def _launch_url(page: LessonPage) -> str | None:
    from django.urls import reverse

    if page.package_block() is None and au_block(page) is None:
        return None
    return reverse("courses:launch_package", args=[page.pk])


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)


@login_required
@require_POST
def start(request, page_id: int):
    """Enrol if needed, start the course, and go to the lesson to resume."""
    course_page = _live(CoursePage, page_id)
    try:
        resume = services.start_course(user=request.user, course=course_page)
    except CourseError as error:
        messages.error(request, str(error))
        return redirect(course_page.url)
    if resume is None:
        messages.info(request, _("This course has no lessons yet."))
        return redirect(course_page.url)
    return redirect(resume.localized.url)


@login_required
@require_POST
def enrol(request, page_id: int):
    """Add an elective course to the learner's courses without starting it."""
    course_page = _live(CoursePage, page_id)
    services.enrol_learner(user=request.user, course=course_page)
    messages.success(request, _("The course has been added to your courses."))
    return redirect(course_page.url)


@login_required
@require_POST
def complete(request, page_id: int):
    """Confirm the end of a lesson, then go to the next lesson or back to the course."""
    lesson_page = _live(LessonPage, page_id)
    course_page = lesson_page.get_parent().specific
    try:
        services.complete_lesson(user=request.user, lesson=lesson_page)
    except CourseError as error:
        messages.error(request, str(error))
        return redirect(course_page.url)
    plan = selectors.syllabus(course_page, request.user)
    if plan.enrolment is not None and plan.enrolment.is_completed:
        messages.success(
            request,
            _("Course completed: %(hours)s study hours credited.")
            % {"hours": course_page.effective_credit_hours},
        )
        return redirect(course_page.url)
    following = _following(plan, lesson_page)
    if following is None and plan.next_step is not None:
        messages.success(
            request,
            _("Lesson confirmed: every lesson is done. %(next)s")
            % {"next": plan.next_step.label},
        )
        return redirect(plan.next_step.url)
    messages.success(request, _("Lesson confirmed."))
    return redirect(following.url if following else course_page.url)


def _following(plan, lesson_page):
    keys = [state.lesson.translation_key for state in plan.lessons]
    if lesson_page.translation_key not in keys:
        return None
    position = keys.index(lesson_page.translation_key)
    later = [s.lesson for s in plan.lessons[position + 1 :] if not s.completed]
    earlier = [s.lesson for s in plan.lessons[:position] if not s.completed]
    return (later or earlier or [None])[0]


def _live(model, page_id: int):
    page = get_object_or_404(model.objects.live(), pk=page_id)
    return page.specific


@login_required
def dashboard(request):
    """The learner's home: required training, courses in progress, completed, hours."""
    board = selectors.dashboard(request.user, language=get_language())
    catalogue_page = CataloguePage.objects.live().first()
    return TemplateResponse(
        request,
        "courses/dashboard.html",
        {
            "board": board,
            "catalogue_url": catalogue_page.localized.url if catalogue_page else "",
            "sections": extensions.dashboard_sections(request),
        },
    )


@login_required
@permission_required("courses.add_assignment", raise_exception=True)
def assignments(request):
    """List the required-training rules in the user's departments, and add one."""
    form = AssignmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _assignment, count = services.create_assignment(
            created_by=request.user,
            due_date=form.cleaned_data["due_date"],
            **form.rule(),
        )
        messages.success(
            request,
            ngettext(
                "Assigned: %(count)d enrolment created or made required.",
                "Assigned: %(count)d enrolments created or made required.",
                count,
            )
            % {"count": count},
        )
        return redirect("courses:assignments")
    rules = Assignment.objects.visible_to(request.user).select_related(
        "course", "programme", "department", "position", "grade", "staff", "created_by"
    )
    listing = Paginator(rules, 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "courses/assignments.html",
        {"form": form, "listing": listing},
    )


@login_required
@require_POST
def launch_package(request, page_id: int):
    """Open a lesson's xAPI package for the learner, who must have started the course."""
    lesson_page = _live(LessonPage, page_id)
    course_page = lesson_page.get_parent().specific
    plan = selectors.syllabus(course_page, request.user)
    if plan.enrolment is None or not plan.enrolment.is_started:
        messages.info(request, _("Start the course to open its lessons."))
        return redirect(course_page.url)
    package_uuid = request.POST.get("package") or None
    back = request.build_absolute_uri(lesson_page.url)
    if package_uuid is None and au_block(lesson_page) is not None:
        return redirect(_launch_au(request, lesson_page, back))
    if lesson_page.package_block(package_uuid) is None:
        raise Http404
    url = launch.launch_package(
        user=request.user,
        lesson=lesson_page,
        return_url=back,
        package_uuid=package_uuid,
    )
    return redirect(url)


def _launch_au(request, lesson_page: LessonPage, back: str) -> str:
    if course_for(au_block(lesson_page)) is None:
        raise Http404
    try:
        return launch.launch_cmi5_au(
            user=request.user, lesson=lesson_page, return_url=back
        )
    except LaunchError as error:
        messages.error(request, str(error))
        return back


@csrf_exempt
@require_POST
def cmi5_fetch(request, nonce: str):
    """Hand a lesson's cmi5 package its credential once (cmi5 section 8.2.3)."""
    return fetch_response(launch.fetch_auth_token(nonce))
