"""What each role gets from each URL: the permission matrix's table.

One rule per URL name, or a glob over names; the first rule that matches a
pattern is its rule. Outcomes are per role, in the order of ``ROLES``:

    anon, learner, trainer, reviewer, hr_in, hr_out, admin

``hr_in`` is the HR officer of 西安市, whose scope holds the objects the URLs
name (the 西安市 learner's staff record, the 西安市 officer's roster import);
``hr_out`` is the HR officer of 宝鸡市, for whom they are out of scope. A
``Case`` calls the same URL with another person's object. ``admin`` holds the
Administrator role and is not a superuser.

GET is called as every role. Each role the GET refuses also POSTs (without a
CSRF token, so the refusal is the view's own) and must be refused again;
``post=`` gives the POST outcomes instead, with ``_`` for a role not called
(the one the action is for: a POST that works would change the world the
other calls see). ``post=()`` means no POST at all.

Adding a URL is one line, e.g.
``Rule("certificates:verify", PUBLIC, arguments={"code": "certificate_code"}),``
"""

from .permission_matrix import DENIED as D
from .permission_matrix import LOGIN as L
from .permission_matrix import MISSING, Case, Rule
from .permission_matrix import REDIRECT as R
from .permission_matrix import REFUSED as X

_ = None  # not POSTed

# Who may use the URL.
PUBLIC = (200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = (L, 200, 200, 200, 200, 200, 200)
ADMIN_SITE = (L, L, 200, 200, 200, 200, 200)  # anyone who reaches the admin
EDITORS = (L, L, 200, 200, D, D, 200)  # trainers, reviewers, administrators
PUBLISHERS = (L, L, D, 200, D, D, 200)  # reviewers and administrators
TRAINERS = (L, L, 200, D, D, D, 200)  # certificate templates
STAFF_ADMIN = (L, L, D, D, 200, 200, 200)  # staff management in the admin
STAFF_SITE = (L, 403, 403, 403, 200, 200, 200)  # the site's HR pages
ADMINS = (L, L, D, D, D, D, 200)
ADMINS_403 = (L, L, 403, 403, 403, 403, 200)  # the platform's own admin views
NOBODY = (L, L, D, D, D, D, D)  # no role holds the permission (superusers only)
ADMIN_POST_ONLY = (L, L, 405, 405, 405, 405, 405)
SITE_POST_ONLY = (L, 405, 405, 405, 405, 405, 405)
ADMIN_NOT_FOUND = (L, L, 404, 404, 404, 404, 404)


def everyone(outcome):
    return (outcome,) * 7


def staff_of(hr_in, hr_out, others=D):
    """A staff member's page: in or out of each officer's scope."""
    return (L, L, others, others, hr_in, hr_out, 200)


# POSTs of actions that every role they are for may use.
ANON_POST = (L, _, _, _, _, _, _)
ADMIN_POST = (L, L, _, _, _, _, _)
EDITORS_POST = (L, L, _, _, X, X, _)

# Arguments.
STAFF = {"pk": "staff"}
OTHER_STAFF = {"pk": "other_staff"}
LESSON_TYPE = {
    "content_type_app_name": "courses",
    "content_type_model_name": "lessonpage",
}
STUDY_HOURS = {"app_name": "people", "model_name": "studyhoursettings"}
STAFF_OBJECT = {"app_label": "people", "model_name": "staffmember"}
TASK = {"pk": "task", "app_label": "wagtailcore", "model_name": "groupapprovaltask"}
EXPORTS = ("", "?export=csv", "?export=xlsx")
NOT_MINE = (L, 404, 404, 404, 404, 404, 404)  # another learner's attempt

RULES = [
    # The site: pages and signing in.
    Rule("home", PUBLIC),
    Rule("healthz", PUBLIC),
    Rule("set_language", everyone(R), post=()),
    Rule("login", (200, R, R, R, R, R, R), post=()),
    Rule("logout", everyone(405), post=()),  # a POST would end the session
    Rule("otp_verify", (L, R, R, R, 200, 200, 200), post=()),
    Rule("otp_setup", (L, 200, 200, 200, R, R, R), post=()),
    Rule("otp_recovery_codes", (L, R, R, R, 200, 200, 200), post=()),
    Rule("password_change*", SIGNED_IN),
    Rule("password_reset*", PUBLIC, post=()),
    Rule("activate", PUBLIC, post=()),
    Rule("courses/", PUBLIC, path="/courses/"),
    Rule("courses/<path:path>", PUBLIC, path="{course_url}"),
    Rule("wagtail_serve", PUBLIC, path="/"),
    Rule("wagtailcore_login", PUBLIC, post=()),
    Rule("wagtail*_authenticate_with_password", everyone(404)),
    Rule("wagtaildocs_serve", PUBLIC, path="/documents/{document}/m.pdf"),
    Rule("wagtailapi:*:listing", PUBLIC),
    Rule("wagtailapi:images:detail", PUBLIC, arguments={"pk": "image"}),
    Rule("wagtailapi:documents:detail", PUBLIC, arguments={"pk": "document"}),
    Rule("wagtailapi:pages:detail", PUBLIC, arguments={"pk": "course"}),
    Rule("wagtailapi:*:find", everyone(404)),
    # Learning: one's own records only.
    Rule("courses:dashboard", SIGNED_IN),
    Rule("courses:start", SITE_POST_ONLY, post=ANON_POST),
    Rule("courses:enrol", SITE_POST_ONLY, post=ANON_POST),
    Rule("courses:complete", SITE_POST_ONLY, {"page_id": "lesson"}, post=ANON_POST),
    Rule(
        "courses:launch_package", SITE_POST_ONLY, {"page_id": "lesson"}, post=ANON_POST
    ),
    Rule("courses:cmi5_fetch", everyone(405), post=everyone(200)),
    Rule("assessments:assessment", SIGNED_IN, {"pk": "exam"}),
    Rule("assessments:start", SITE_POST_ONLY, {"pk": "exam"}, post=ANON_POST),
    Rule(
        "assessments:attempt",
        (L, 200, 404, 404, 404, 404, 404),
        {"pk": "learner_attempt"},
        cases=(Case({"pk": "other_attempt"}, NOT_MINE),),
    ),
    Rule(
        "assessments:answer",
        SITE_POST_ONLY,
        {"pk": "learner_attempt"},
        post=(L, _, 404, 404, 404, 404, 404),
        cases=(Case({"pk": "other_attempt"}, SITE_POST_ONLY, NOT_MINE),),
    ),
    Rule(
        "assessments:result",
        (L, R, 404, 404, 404, 404, 404),
        {"pk": "learner_attempt"},
        cases=(Case({"pk": "other_attempt"}, NOT_MINE),),
    ),
    # The AU's fetch URL answers anyone (the nonce is the secret); the cmi5
    # course API wants an API key, whatever the session.
    Rule("packages:cmi5_fetch", everyone(405), post=everyone(200)),
    Rule(
        "packages:cmi5_*",
        everyone(405),
        {
            "course_uuid": "00000000-0000-4000-8000-000000000000",
            "registration": "00000000-0000-4000-8000-000000000000",
            "session_id": "00000000-0000-4000-8000-000000000000",
            "index": 0,
        },
        post=everyone(401),
    ),
    Rule("packages:*", everyone(403), {"token": "forged-token"}, post=()),
    # HR on the site: the staff list, the roster import, assignments.
    Rule("people:staff_list", STAFF_SITE),
    Rule("people:roster_upload", STAFF_SITE),
    Rule("people:roster_template", STAFF_SITE),
    Rule("people:activation_codes", STAFF_SITE),
    Rule(
        "people:roster_preview",
        (L, 403, 403, 403, 200, 404, 404),
        {"pk": "hr_in_import"},
        cases=(Case({"pk": "hr_out_import"}, (L, 403, 403, 403, 404, 200, 404)),),
    ),
    Rule("courses:assignments", STAFF_SITE),
    # Certificates: public verification; the holder's own; HR's in scope.
    Rule("certificates:verify_form", PUBLIC),
    Rule(
        "certificates:verify",
        PUBLIC,
        {"code": "learner_certificate_code"},
        cases=(Case({"code": "ABCD-EFGH-JKMN-PQRS-TVWX"}, everyone(404)),),
    ),
    Rule("certificates:did", PUBLIC),
    Rule("certificates:status_list", PUBLIC, {"purpose": "revocation"}),
    Rule("certificates:mine", SIGNED_IN),
    Rule("certificates:manage", STAFF_SITE),
    Rule(
        "certificates:staff_eligibility",
        (L, 403, 403, 403, 200, 404, 200),
        STAFF,
        cases=(Case(OTHER_STAFF, (L, 403, 403, 403, 404, 200, 200)),),
    ),
    Rule(
        "certificates:archive_request",
        (L, 403, 403, 403, 405, 405, 405),
        post=(L, X, X, X, _, _, _),
    ),
    Rule(
        "certificates:archive_*",
        (L, 403, 403, 403, 200, 404, 404),
        {"pk": "archive"},
    ),
    Rule(
        "certificates:revoke",
        (L, 403, 403, 403, 405, 405, 405),
        {"serial": "learner_certificate"},
        post=(L, X, X, X, _, _, _),
    ),
    Rule(
        "certificates:correct",
        SITE_POST_ONLY,
        {"serial": "learner_certificate"},
        post=ANON_POST,
    ),
    Rule(
        "certificates:rerender",
        SITE_POST_ONLY,
        {"serial": "learner_certificate"},
        post=ANON_POST,
    ),
    Rule(
        "certificates:*",
        (L, 200, 404, 404, 200, 404, 200),
        {"serial": "learner_certificate"},
        cases=(
            Case({"serial": "other_certificate"}, (L, 404, 404, 404, 404, 200, 200)),
        ),
    ),
    # The LRS: Basic credentials, never a session (no version header: 400).
    Rule("xapi:about", PUBLIC),
    Rule("xapi:*", everyone(400), post=everyone(400)),
    Rule("xapi/*", everyone(400), path="/{route}", post=everyone(400)),
    # The platform's own admin views.
    Rule("wagtailadmin_home", ADMIN_SITE),
    Rule("wagtailadmin_reports:site_history*", ADMIN_SITE, queries=EXPORTS),
    Rule("wagtailadmin_reports:locked_pages*", ADMINS),
    Rule("wagtailadmin_reports:*", EDITORS),
    Rule("audit_log*", ADMINS_403, queries=("", "?export=csv")),
    Rule(
        "otp_admin_reset",
        ADMINS_403,
        {"pk": "user"},
        post=(L, L, 403, 403, 403, 403, _),
    ),
    Rule("assessment_statistics*", EDITORS, {"pk": "exam"}),
    Rule("assessment_grant", (L, L, R, R, D, D, R), {"pk": "exam"}, post=EDITORS_POST),
    Rule("question_bank_transfer", EDITORS, {"pk": "bank"}),
    # Importing a cmi5 course: packages.add_cmi5course (administrators) and
    # adding pages to a catalogue; anyone else in the admin is refused.
    Rule("courses_import_cmi5", ADMINS),
    # The organisation: staff scoped to the officer's departments.
    Rule("staffmember:index*", STAFF_ADMIN, queries=EXPORTS),
    Rule("staffmember:add", STAFF_ADMIN),
    Rule(
        "staffmember:edit",
        staff_of(200, 404),
        STAFF,
        cases=(Case(OTHER_STAFF, staff_of(404, 200)),),
    ),
    Rule("staffmember:delete", NOBODY, STAFF),
    Rule(
        "staffmember:*",
        staff_of(200, 404, others=404),
        STAFF,
        cases=(Case(OTHER_STAFF, staff_of(404, 200, others=404)),),
    ),
    # The ledger: the learner's own; HR's in scope; administrators close years.
    Rule("ledger:mine", SIGNED_IN),
    Rule(
        "ledger:record",
        (L, 200, 200, 200, 200, 200, 404),  # the administrator has no staff record
        {"year": 2026},
        cases=(Case({"year": 1999}, (L, 404, 404, 404, 404, 404, 404)),),
    ),
    Rule("ledger:claim_new", SIGNED_IN),
    Rule(
        "ledger:evidence",
        (L, 200, 404, 404, 200, 404, 200),
        {"pk": "learner_claim"},
        cases=(Case({"pk": "other_claim"}, (L, 404, 404, 404, 404, 200, 200)),),
    ),
    Rule("ledger:claims", STAFF_SITE),
    Rule("ledger:decide", (L, 403, 403, 403, 405, 405, 405), {"pk": "learner_claim"}),
    Rule(
        "ledger:staff",
        (L, 200, 404, 404, 200, 404, 200),
        STAFF,
        cases=(Case(OTHER_STAFF, (L, 404, 404, 404, 404, 200, 200)),),
    ),
    Rule(
        "ledger:staff_record",
        (L, 200, 404, 404, 200, 404, 200),
        {**STAFF, "year": 2026},
        cases=(
            Case({**OTHER_STAFF, "year": 2026}, (L, 404, 404, 404, 404, 200, 200)),
            Case({**STAFF, "year": 3000}, (L, 404, 404, 404, 404, 404, 404)),
        ),
    ),
    Rule("ledger:reverse", (L, 403, 403, 403, 405, 405, 405), {"pk": "learner_entry"}),
    Rule("ledger:classes", STAFF_SITE),
    Rule(
        "ledger:class_detail",
        (L, 403, 403, 403, 200, 404, 200),
        {"pk": "xian_class"},
        cases=(Case({"pk": "baoji_class"}, (L, 403, 403, 403, 404, 200, 200)),),
    ),
    Rule("ledger:years", (L, 403, 403, 403, 403, 403, 200)),
    # The study clock answers the lesson page's script: POST with the page's
    # ticket only, so a POST without one is refused to everyone.
    Rule("ledger:beat", everyone(405), post=everyone(403)),
    Rule("ledger:video", everyone(405), post=everyone(403)),
    Rule("department:*", ADMINS, {"pk": "department"}),
    Rule("position:index*", STAFF_ADMIN),
    Rule("position:delete", NOBODY, {"pk": "position"}),
    Rule("position:*", ADMINS, {"pk": "position"}),
    Rule("grade:index*", STAFF_ADMIN),
    Rule("grade:delete", NOBODY, {"pk": "grade"}),
    Rule("grade:*", ADMINS, {"pk": "grade"}),
    Rule("hrscope:*", ADMINS, {"pk": "hrscope"}),
    Rule("lrsclient:delete", NOBODY, {"pk": "client"}),
    Rule("lrsclient:*", ADMINS, {"pk": "client"}),
    # Snippets: programmes are HR's; question banks and packages the editors'.
    Rule("wagtailsnippets:index", EDITORS),
    Rule("wagtailsnippets_courses_programme:delete", ADMINS, {"pk": "programme"}),
    Rule("wagtailsnippets_courses_programme:*", STAFF_ADMIN, {"pk": "programme"}),
    Rule("wagtailsnippetchoosers_courses_programme:create", STAFF_ADMIN),
    Rule("wagtailsnippets_assessments_questionbank:delete", NOBODY, {"pk": "bank"}),
    Rule("wagtailsnippets_assessments_questionbank:*", EDITORS, {"pk": "bank"}),
    Rule("wagtailsnippets_assessments_question:delete", NOBODY, {"pk": "question"}),
    Rule("wagtailsnippets_assessments_question:*", EDITORS, {"pk": "question"}),
    Rule("wagtailsnippets_assessments_assessment:delete", NOBODY, {"pk": "exam"}),
    Rule("wagtailsnippets_assessments_assessment:*", EDITORS, {"pk": "exam"}),
    Rule("wagtailsnippets_ledger_studypolicy:delete", NOBODY, {"pk": "policy"}),
    Rule(
        "wagtailsnippets_ledger_studypolicy:revisions_revert",
        ADMINS,
        {"pk": "policy", "revision_id": "policy_revision"},
    ),
    Rule(
        "wagtailsnippets_ledger_studypolicy:revisions_compare",
        ADMINS,
        {"pk": "policy", "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    Rule("wagtailsnippets_ledger_studypolicy:*", ADMINS, {"pk": "policy"}),
    Rule("wagtailsnippets_packages_package:delete", NOBODY, {"pk": "package"}),
    Rule("wagtailsnippets_packages_package:*", EDITORS, {"pk": "package"}),
    Rule(
        "wagtailsnippets_certificates_certificatetemplate:delete",
        ADMINS,
        {"pk": "template"},
    ),
    Rule(
        "wagtailsnippets_certificates_certificatetemplate:*",
        TRAINERS,
        {"pk": "template"},
    ),
    Rule("wagtailsnippetchoosers_certificates_*:create", TRAINERS),
    Rule("wagtailsnippetchoosers_certificates_*", ADMIN_SITE, {"pk": "template"}),
    Rule("wagtailsnippetchoosers_ledger_*:create", ADMINS),
    Rule("wagtailsnippetchoosers_ledger_*", ADMIN_SITE, {"pk": "policy"}),
    Rule("wagtailsnippetchoosers_*:create", EDITORS),
    # Wagtail's choosers answer anyone in the admin: titles, no staff.
    Rule("wagtailsnippetchoosers_courses_*", ADMIN_SITE, {"pk": "programme"}),
    Rule("wagtailsnippetchoosers_*_questionbank:*", ADMIN_SITE, {"pk": "bank"}),
    Rule("wagtailsnippetchoosers_*_question:*", ADMIN_SITE, {"pk": "question"}),
    Rule("wagtailsnippetchoosers_*_assessment:*", ADMIN_SITE, {"pk": "exam"}),
    Rule("wagtailsnippetchoosers_packages_*", ADMIN_SITE, {"pk": "package"}),
    Rule("wagtail*_chooser:choose*", ADMIN_SITE),
    Rule("wagtail*_chooser:chosen_multiple", ADMIN_SITE),
    Rule("wagtailimages_chooser:*", NOBODY, {"pk": "image"}),
    Rule("wagtaildocs_chooser:*", NOBODY, {"pk": "document"}),
    Rule("wagtailadmin_choose_page*", ADMIN_SITE),
    Rule("wagtailadmin_tag_autocomplete", ADMIN_SITE),
    Rule(
        "wagtailadmin_tag_model_autocomplete",
        ADMIN_SITE,
        {"app_name": "taggit", "model_name": "tag"},
    ),
    Rule("wagtailadmin_workflows:task_cho*", ADMIN_SITE),
    Rule("wagtailembeds:*", ADMIN_SITE),
    Rule("wagtailadmin_account", ADMIN_SITE),
    Rule("wagtailadmin_dismissibles", ADMIN_SITE),
    Rule("admin/test404/", ADMIN_SITE, path="/admin/test404/"),
    # Pages: editors edit; reviewers and administrators publish.
    Rule("wagtailadmin_explore*", EDITORS),
    Rule("wagtailadmin_pages:*add*", NOBODY, LESSON_TYPE),
    Rule("create_page_once", NOBODY, LESSON_TYPE),  # the same view, once per form
    Rule("wagtailadmin_pages:type_use*", EDITORS, LESSON_TYPE),
    # Two courses may hold a lesson: editors choose one (HR sees no choice).
    Rule(
        "wagtailadmin_pages:choose_parent",
        ADMIN_SITE,
        {"app_label": "courses", "model_name": "lessonpage"},
    ),
    Rule("wagtailadmin_pages:delete", NOBODY),
    Rule("wagtailadmin_pages:unpublish", PUBLISHERS),
    Rule("wagtailadmin_pages:move", PUBLISHERS),
    Rule("wagtailadmin_pages:set_privacy", PUBLISHERS),
    Rule("wagtailadmin_pages:revisions_unschedule", PUBLISHERS),
    # Wagtail shows these confirmations to anyone in the admin; the POST checks.
    Rule("wagtailadmin_pages:move_confirm", ADMIN_SITE, post=(L, L, X, _, X, X, _)),
    Rule("wagtailadmin_pages:confirm_workflow_cancellation", ADMIN_SITE, post=()),
    Rule("wagtailadmin_pages:workflow_preview", NOBODY),
    Rule("wagtailadmin_pages:revisions_index", (L, L, R, R, R, R, R)),
    Rule("wagtailadmin_pages:revisions_compare", EDITORS, {"pk": "course"}),
    Rule("wagtailadmin_pages:workflow_history_detail", (L, L, 404, 404, D, D, 404)),
    Rule("wagtailadmin_pages:convert_alias", ADMIN_NOT_FOUND),
    Rule("wagtailadmin_pages:*workflow_action*", ADMIN_NOT_FOUND),
    Rule("wagtailadmin_pages:*_position", ADMIN_POST_ONLY, post=EDITORS_POST),
    Rule("wagtailadmin_pages:*lock", ADMIN_POST_ONLY, post=EDITORS_POST),
    Rule("wagtailadmin_pages:*", EDITORS),
    Rule(
        "wagtailadmin_api:pages:detail",
        (L, L, 200, 200, 404, 404, 200),
        {"pk": "course"},
    ),
    Rule(
        "wagtailadmin_api:pages:action",
        ADMIN_POST_ONLY,
        {"pk": "course"},
        post=EDITORS_POST,
    ),
    Rule("wagtailadmin_api:*:find", ADMIN_NOT_FOUND),
    Rule("wagtailadmin_api:images:detail", ADMIN_SITE, {"pk": "image"}),
    Rule("wagtailadmin_api:documents:detail", ADMIN_SITE, {"pk": "document"}),
    Rule("wagtailadmin_api:*", ADMIN_SITE),
    Rule("simple_translation:submit_page_translation", EDITORS),
    Rule(
        "simple_translation:submit_snippet_translation",
        (L, L, 404, 404, D, D, 404),
        {**STAFF_OBJECT, **STAFF},
    ),
    Rule(
        "wagtailadmin_editing_sessions:ping",
        ADMIN_POST_ONLY,
        {**STAFF_OBJECT, "object_id": "staff"},
        post=(L, L, 404, 404, _, 404, _),
    ),
    Rule("wagtailadmin_editing_sessions:release", ADMIN_POST_ONLY, post=ADMIN_POST),
    Rule("wagtailadmin_block_preview", ADMIN_NOT_FOUND),
    Rule(
        "wagtail_bulk_action",
        ADMIN_NOT_FOUND,
        {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
    ),
    # Wagtail's own test of the error page: it raises on purpose.
    Rule("wagtailadmin_error_test", (L, L, 500, 500, 500, 500, 500), post=()),
    # Wagtail's settings: administrators, or nobody below a superuser.
    Rule("wagtailusers_users:delete", NOBODY, {"pk": "user"}),
    Rule("wagtailusers_users:*", ADMINS, {"pk": "user"}),
    Rule("wagtailusers_groups:index*", ADMINS),
    Rule("wagtailusers_groups:*", NOBODY, {"pk": "group"}),
    Rule("wagtailsites:*", NOBODY, {"pk": "site"}),
    Rule("wagtaillocales:*", NOBODY, {"pk": "locale"}),
    Rule(
        "wagtailsettings:edit",
        (L, L, R, R, R, R, R),
        STUDY_HOURS,
        post=(),
        route="*_name>/",
    ),
    Rule("wagtailsettings:edit", ADMINS, {**STUDY_HOURS, "pk": "study_hour_settings"}),
    Rule(
        "wagtailsettings:preview_on_edit",
        (L, L, D, D, D, D, 404),
        {**STUDY_HOURS, "pk": "study_hour_settings"},
    ),
    Rule("wagtailadmin_collections:delete", ADMIN_NOT_FOUND, {"pk": "collection"}),
    Rule("wagtailadmin_collections:*", NOBODY, {"pk": "collection"}),
    Rule(
        "wagtailadmin_workflows:enable",
        ADMIN_POST_ONLY,
        {"pk": "workflow"},
        post=ADMIN_POST,
    ),
    Rule("wagtailadmin_workflows:enable_task", ADMIN_POST_ONLY, TASK, post=ADMIN_POST),
    Rule("wagtailadmin_workflows:remove", ADMIN_POST_ONLY, post=ADMIN_POST),
    Rule("wagtailadmin_workflows:*task*", NOBODY, TASK),
    Rule("wagtailadmin_workflows:*", NOBODY, {"pk": "workflow"}),
    Rule("wagtailforms:list_submissions*", ADMIN_NOT_FOUND),
    Rule("wagtailforms:delete_submissions", NOBODY),
    Rule("wagtailforms:*", EDITORS),
    Rule("wagtailredirects:*", NOBODY),
    Rule("wagtail*:add_multiple", NOBODY),
    Rule("wagtail*:*_multiple*", ADMIN_POST_ONLY, post=ADMIN_POST),
    Rule("wagtailimages:*", NOBODY),
    Rule("wagtaildocs:*", NOBODY),
    # What the admin answers without signing in.
    Rule("wagtailadmin_sprite", PUBLIC),
    Rule("wagtailadmin_login", (200, 200, D, D, D, D, D), post=()),
    Rule("wagtailadmin_password_reset*", PUBLIC, post=()),
    Rule("wagtailadmin_javascript_catalog", PUBLIC),
    Rule("wagtailadmin_logout", ADMIN_POST_ONLY, post=ADMIN_POST),
    Rule("admin/^.*/$", ADMIN_NOT_FOUND, path="/admin/no-such-page/"),
    # Reminders (issue 15, reports.reminders): everyone's own notifications and
    # preferences; HR and administrators remind the overdue of their scope (an
    # empty POST reminds nobody here: the world's training is due in 2030).
    Rule("reminders:list", SIGNED_IN),
    Rule("reminders:preferences", SIGNED_IN),
    Rule("reminders:mark_read", SITE_POST_ONLY, post=(L, 400, 400, 400, 400, 400, 400)),
    Rule(
        "reminders:remind_overdue",
        (L, 403, 403, 403, 405, 405, 405),
        post=(L, 403, 403, 403, R, R, R),
    ),
    # reports-core: HR's report pages, in scope; the rating thresholds in the admin.
    Rule("reports:department", (L, 403, 403, 403, 200, 404, 200), {"pk": "department"}),
    Rule(
        "reports:staff",
        (L, 403, 403, 403, 200, 404, 200),
        STAFF,
        cases=(Case(OTHER_STAFF, (L, 403, 403, 403, 404, 200, 200)),),
    ),
    Rule("reports:*", STAFF_SITE),
    Rule("ratingpolicy:delete", NOBODY, {"pk": "rating_policy"}),
    Rule("ratingpolicy:*", ADMINS, {"pk": "rating_policy"}),
    # exports-api: report exports and their jobs, the HR API, its tokens.
    # Every officer may export (their own scope's rows); a job is its
    # requester's alone, so another's id answers 404 like a missing one (the
    # world holds no job: tests/reports/test_export_jobs.py attacks real ones).
    Rule(
        "exports:export",
        (L, 403, 403, 403, 200, 200, 200),
        {"name": "completions"},
        queries=("", "?format=csv", "?format=xlsx", "?format=json"),
        post=(L, X, X, X, _, _, _),
        cases=(Case({"name": "no-such-report"}, (L, 403, 403, 403, 404, 404, 404)),),
    ),
    Rule("exports:jobs", (L, 403, 403, 403, 200, 200, 200)),
    Rule("exports:job*", (L, 403, 403, 403, 404, 404, 404), {"pk": MISSING}),
    # The API takes a bearer token, never a session: without one, 401 to all.
    Rule("reports_api:schema", PUBLIC),
    Rule(
        "reports_api:report",
        everyone(401),
        {"name": "completions"},
        post=everyone(405),
    ),
    Rule("reporttoken:index*", ADMINS),
    Rule("reporttoken:add", ADMINS),
    Rule("reporttoken:edit", (L, L, D, D, D, D, 404), {"pk": MISSING}),
    # Wagtail looks the token up before it checks the permission.
    Rule("reporttoken:*", ADMIN_NOT_FOUND, {"pk": MISSING}),
]
