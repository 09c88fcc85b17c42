"""The StreamField blocks a lesson body is made of.

Each block renders with its own template in ``templates/courses/blocks/`` and is
styled by ``static/courses/blocks.css``; everything a learner can do with a
block (answer a check, open a discussion, play a video) works without
JavaScript.
"""

import posixpath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .cmi5_blocks import Cmi5AuBlock, button_label_block

HEADING_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
BODY_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
VIDEO_EXTENSIONS = {"mp4": "video/mp4", "webm": "video/webm"}
SUBTITLE_EXTENSIONS = {"vtt"}
PREVIEW_TEMPLATE = "courses/blocks/preview.html"
CALLOUT_KINDS = [("key_point", _("Key point")), ("warning", _("Warning"))]


def subtitle_languages():
    """Offer the site's languages; a callable keeps them out of migrations."""
    return settings.LANGUAGES


def extension(document) -> str:
    """Return the lower-case file extension of a Wagtail document."""
    return posixpath.splitext(document.file.name)[1][1:].lower()


def block_uid(context) -> str:
    """Return an id unique on the page for the block being rendered.

    A stream child puts its UUID into the context as ``id`` (Wagtail's
    ``StreamChild.render``); a block rendered on its own gets a random one.
    """
    return str((context or {}).get("id") or get_random_string(12))


def _error(block_name: str, message) -> blocks.StructBlockValidationError:
    return blocks.StructBlockValidationError(
        block_errors={block_name: ValidationError(message)}
    )


class RichTextBlock(blocks.RichTextBlock):
    """Running text: paragraphs, sub-headings, lists and links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", HEADING_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        help_text = _("Paragraphs, level 3–4 headings, lists and links.")
        description = _("Running text with headings, lists and links.")
        template = "courses/blocks/rich_text.html"
        preview_value = "<p>一站式网上政务服务以群众需求为中心。</p>"
        preview_template = PREVIEW_TEMPLATE


class HeadingBlock(blocks.StructBlock):
    """A section heading; the page title is the only level 1 heading."""

    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        help_text = _("Start a section of the lesson.")
        description = _("A section heading.")
        template = "courses/blocks/heading.html"
        preview_value = {"text": "数据共享与业务协同", "level": "h2"}
        preview_template = PREVIEW_TEMPLATE


class ImageBlock(blocks.StructBlock):
    """An image with the text alternative a screen reader reads instead."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        help_text = _("Shown at most 800 pixels wide.")
        description = _("An image with alternative text and a caption.")
        template = "courses/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video: an uploaded MP4/WebM file with optional subtitles, or an embed."""

    file = DocumentChooserBlock(
        label=_("Video file"),
        required=False,
        help_text=_("An MP4 or WebM document. Leave empty to embed a video."),
    )
    poster = ImageChooserBlock(
        label=_("Poster image"),
        required=False,
        help_text=_("Shown before the video plays."),
    )
    subtitles = DocumentChooserBlock(
        label=_("Subtitles"), required=False, help_text=_("A WebVTT (.vtt) document.")
    )
    subtitles_language = blocks.ChoiceBlock(
        label=_("Subtitles language"),
        choices=subtitle_languages,
        default="zh-hans",
        required=False,
    )
    embed = EmbedBlock(
        label=_("Embedded video"),
        required=False,
        help_text=_("The address of a video on a video site, instead of a file."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    forbid_skipping = blocks.BooleanBlock(
        label=_("No skipping ahead on the first viewing"),
        required=False,
        help_text=_(
            "The learner watches the video file to the end before confirming "
            "the lesson, and cannot skip ahead until then."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        help_text = _("Choose either a video file or an embedded video, not both.")
        description = _("An uploaded video with subtitles, or an embedded one.")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value["file"]) == bool(value["embed"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=[
                    ValidationError(_("Choose either a video file or an embed."))
                ]
            )
        if value["file"]:
            self._check_file(value)
        elif value["subtitles"] or value["poster"]:
            raise _error(
                "subtitles" if value["subtitles"] else "poster",
                _("Subtitles and a poster go with a video file, not an embed."),
            )
        return value

    def _check_file(self, value):
        if extension(value["file"]) not in VIDEO_EXTENSIONS:
            raise _error("file", _("The video file must be an MP4 or WebM file."))
        subtitles = value["subtitles"]
        if subtitles and extension(subtitles) not in SUBTITLE_EXTENSIONS:
            raise _error("subtitles", _("Subtitles must be a WebVTT (.vtt) file."))
        if subtitles and not value["subtitles_language"]:
            raise _error("subtitles_language", _("Choose the subtitles' language."))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value["file"]:
            context["mime_type"] = VIDEO_EXTENSIONS.get(extension(value["file"]))
            context["language_name"] = dict(subtitle_languages()).get(
                value["subtitles_language"], value["subtitles_language"]
            )
        return context


class DocumentBlock(blocks.StructBlock):
    """A file to download, shown with its type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(
        label=_("Description"), required=False, max_length=250
    )

    class Meta:
        icon = "doc-full"
        label = _("Download")
        help_text = _("A file learners can download, such as a form or a guide.")
        description = _("A download link with the file's type and size.")
        template = "courses/blocks/document.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        document = value["document"]
        if document:
            context["extension"] = extension(document).upper()
            context["size"] = self._size(document)
        return context

    @staticmethod
    def _size(document):
        # Document.get_file_size() saves what it finds; rendering must not write.
        if document.file_size is not None:
            return document.file_size
        try:
            return document.file.size
        except OSError:
            return None


class CalloutBlock(blocks.StructBlock):
    """A key point or a warning set apart from the running text."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"), choices=CALLOUT_KINDS, default="key_point"
    )
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    body = RichTextBlock(label=_("Text"), features=BODY_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        help_text = _("A key point to remember or a warning about procedure.")
        description = _("A highlighted key point or warning.")
        template = "courses/blocks/callout.html"
        preview_value = {
            "kind": "warning",
            "title": "不要在非涉密计算机上处理涉密信息",
            "body": "<p>发现异常登录时，立即报告信息安全负责人。</p>",
        }
        preview_template = PREVIEW_TEMPLATE

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value["kind"], "")
        return context


class CaseStudyBlock(blocks.StructBlock):
    """A situation, a question to think about, and a discussion to open after."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    situation = RichTextBlock(label=_("Situation"), features=BODY_FEATURES)
    question = blocks.TextBlock(label=_("Question"))
    discussion = RichTextBlock(label=_("Discussion"), features=BODY_FEATURES)

    class Meta:
        icon = "group"
        label = _("Case study")
        help_text = _("The discussion stays folded until the learner opens it.")
        description = _("A situation and question, with a discussion to reveal.")
        template = "courses/blocks/case_study.html"
        preview_value = {
            "title": "跨部门办理营业执照",
            "situation": "<p>申请人需要在三个部门之间往返提交同一份材料。</p>",
            "question": "如何用流程图减少重复提交？",
            "discussion": "<p>梳理跨部门流程，共享一次采集的数据。</p>",
        }
        preview_template = PREVIEW_TEMPLATE


class CheckChoiceBlock(blocks.StructBlock):
    """One answer to a check question, right or wrong."""

    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)

    class Meta:
        icon = "radio-full"
        label = _("Choice")


class CheckBlock(blocks.StructBlock):
    """A question learners answer in place to check their understanding.

    Not graded and not recorded: the feedback is revealed by CSS as soon as a
    choice is selected, so it works without JavaScript.
    """

    question = blocks.CharBlock(label=_("Question"), max_length=500)
    choices = blocks.ListBlock(CheckChoiceBlock(), label=_("Choices"), collapsed=False)
    explanation = RichTextBlock(label=_("Explanation"), features=BODY_FEATURES)

    class Meta:
        icon = "help"
        label = _("Check your understanding")
        help_text = _(
            "At least two choices, at least one of them correct. With several "
            "correct choices learners may select more than one."
        )
        description = _("An ungraded question answered in place.")
        template = "courses/blocks/check.html"
        preview_value = {
            "question": "收到要求提供账号密码的邮件，应当怎么做？",
            "choices": [
                {"text": "按邮件要求回复", "correct": False},
                {"text": "向信息安全负责人报告", "correct": True},
            ],
            "explanation": "<p>正规部门不会通过邮件索取密码。</p>",
        }
        preview_template = PREVIEW_TEMPLATE

    def clean(self, value):
        value = super().clean(value)
        choices = list(value["choices"])
        if len(choices) < 2:
            raise _error("choices", _("Give at least two choices."))
        if not any(choice["correct"] for choice in choices):
            raise _error("choices", _("Mark at least one choice as correct."))
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["uid"] = f"check-{block_uid(parent_context)}"
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        context["input_type"] = "checkbox" if correct > 1 else "radio"
        return context


class PackageBlock(blocks.StructBlock):
    """An uploaded xAPI package, opened in its own window from the lesson.

    The page supplies ``package_launch_url`` in its context: the URL the launch
    form posts to, with the package's UUID in the ``package`` field.
    """

    package = SnippetChooserBlock("packages.Package", label=_("Package"))
    button_label = button_label_block()

    class Meta:
        icon = "upload"
        label = _("xAPI package")
        help_text = _("An e-learning package uploaded under “xAPI packages”.")
        description = _("A button that opens an uploaded e-learning package.")
        template = "courses/blocks/package.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["launch_url"] = (parent_context or {}).get("package_launch_url")
        return context


class LessonStreamBlock(blocks.StreamBlock):
    """The body of a lesson; the child names are an interface other apps use."""

    rich_text = RichTextBlock()
    heading = HeadingBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    case_study = CaseStudyBlock()
    check = CheckBlock()
    package = PackageBlock()
    cmi5_au = Cmi5AuBlock()
