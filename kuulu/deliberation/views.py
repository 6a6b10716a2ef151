"""Conversations: taking part, the public report, and moderation."""

from __future__ import annotations

import io
import tempfile
import uuid
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import client_ip_for_ratelimit
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.ratelimits import statement_ip_rate, statement_rate, vote_ip_rate, vote_rate
from kuulu.deliberation import access, opinion_map, selectors, services
from kuulu.deliberation.exports import export_zip
from kuulu.deliberation.forms import VOTES, ConversationForm, ImportForm, StatementForm, VoteForm
from kuulu.deliberation.models import Conversation, Participant, Statement
from kuulu.deliberation.polis_format import PolisFormatError, read_export
from kuulu.organisation.selectors import default_county

COOKIE = "kuulu_participant"
COOKIE_SALT = "kuulu.deliberation"
MAX_IMPORT_BYTES = 200 * 1024 * 1024


def _browser_key(request: HttpRequest) -> uuid.UUID | None:
    value = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def participant_key(group: str, request: HttpRequest) -> str:
    """Rate limits count per participant: the account, else the browser, else the address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    key = _browser_key(request)
    return f"browser:{key}" if key else f"ip:{client_ip_for_ratelimit(request)}"


def _existing_participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    if request.user.is_authenticated:
        return services.existing_participant(conversation, user=request.user)
    return services.existing_participant(conversation, browser_key=_browser_key(request))


def _participant(request: HttpRequest, conversation: Conversation) -> Participant:
    """Find or create this visitor's participant. Anonymous visitors must already hold the
    key the conversation page hands out (`_posting_refused` checks that first): inventing a key
    here would give one client a new participant, and a fresh rate limit, for every vote."""
    if request.user.is_authenticated:
        return services.participant_for(conversation=conversation, user=request.user)
    key = _browser_key(request)
    if key is None:
        raise PermissionDenied
    return services.participant_for(conversation=conversation, browser_key=key)


def _hand_out_browser_key(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give an anonymous browser its key on the conversation page (no database row yet), so
    that its first vote already counts against its own rate limit."""
    if not request.user.is_authenticated and _browser_key(request) is None:
        response.set_signed_cookie(
            COOKIE,
            str(uuid.uuid4()),
            salt=COOKIE_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def _posting_refused(request: HttpRequest, conversation: Conversation) -> HttpResponse | None:
    """Votes and statements need sign-in where the conversation asks for it, and otherwise the
    browser key: without them, the visitor is sent back to the page."""
    if access.needs_sign_in(request.user, conversation) or (
        not request.user.is_authenticated and _browser_key(request) is None
    ):
        return _back_to_page(request, conversation)
    return None


def _back_to_page(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """Sign-in needed, or no browser key yet (cookies off, or a form from before): go to the
    page, which signs in or hands out the key. htmx requests get a full-page redirect."""
    if access.needs_sign_in(request.user, conversation):
        target = redirect_to_login(reverse("deliberation:detail", args=[conversation.pk]))[
            "Location"
        ]
    else:
        messages.info(
            request,
            _(
                "Your browser did not send the conversation's cookie. Try again; voting without signing in needs cookies."
            ),
        )
        target = reverse("deliberation:detail", args=[conversation.pk])
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)


def conversation_list(request: HttpRequest) -> HttpResponse:
    # The public county's conversations only, as on the portal's front page.
    county = default_county()
    return render(
        request,
        "deliberation/list.html",
        {
            "open": selectors.open_conversations(limit=100, county=county) if county else [],
            "published": selectors.published_conversations(county=county)[:100] if county else [],
            "can_moderate": access.can_moderate(request.user),
        },
    )


def _card_context(
    request: HttpRequest, conversation: Conversation, participant: Participant | None
) -> dict:
    return {
        "conversation": conversation,
        "statement": selectors.next_statement(participant, conversation)
        if conversation.is_open()
        else None,
        "progress": selectors.progress_for(participant, conversation),
        "is_open": conversation.is_open(),
    }


def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    participant = _existing_participant(request, conversation)
    context = _card_context(request, conversation, participant)
    context.update(
        statement_form=StatementForm(),
        needs_sign_in=access.needs_sign_in(request.user, conversation),
        can_moderate=access.moderates(request.user, conversation),
    )
    return _hand_out_browser_key(request, render(request, "deliberation/detail.html", context))


@require_POST
@ratelimit(key="ip", rate=vote_ip_rate, method="POST", block=True)
@ratelimit(key=participant_key, rate=vote_rate, method="POST", block=True)
def vote(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    if refused := _posting_refused(request, conversation):
        return refused
    form = VoteForm(request.POST)
    status = 200
    participant = _existing_participant(request, conversation)
    if not form.is_valid():
        messages.error(request, _("The vote was not understood. Choose agree, disagree or pass."))
        status = 422
    else:
        statement = Statement.objects.filter(
            pk=form.cleaned_data["statement"], conversation=conversation
        ).first()
        try:
            if statement is None:
                raise ValidationError(_("This statement cannot be voted on."))
            # One transaction: a refused vote (closed conversation, hidden statement) leaves no
            # new participant behind to swell the participant count.
            with transaction.atomic():
                voter = _participant(request, conversation)
                services.cast_vote(
                    participant=voter, statement=statement, value=VOTES[form.cleaned_data["vote"]]
                )
            participant = voter
        except services.ConversationClosed as exc:
            messages.error(request, str(exc))
            status = 409
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 422
    if request.htmx:
        response = render(
            request,
            "deliberation/detail.html#card",
            _card_context(request, conversation, participant),
            status=status,
        )
    else:
        response = redirect("deliberation:detail", conversation_id=conversation.pk)
    return response


@require_POST
@ratelimit(key="ip", rate=statement_ip_rate, method="POST", block=True)
@ratelimit(key=participant_key, rate=statement_rate, method="POST", block=True)
def statement_submit(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    if refused := _posting_refused(request, conversation):
        return refused
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():  # a refused statement leaves no new participant behind
                participant = _participant(request, conversation)
                services.submit_statement(
                    conversation=conversation,
                    participant=participant,
                    text=form.cleaned_data["text"],
                )
        except services.ConversationClosed as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if conversation.moderation == Conversation.Moderation.PRE:
                messages.success(
                    request,
                    _(
                        "Thank you! Your statement is shown to others once a moderator has checked it."
                    ),
                )
            else:
                messages.success(request, _("Thank you! Your statement is now shown to others."))
            return redirect("deliberation:detail", conversation_id=conversation.pk)
    participant = _existing_participant(request, conversation)
    context = _card_context(request, conversation, participant)
    context.update(
        statement_form=form,
        needs_sign_in=False,
        can_moderate=access.moderates(request.user, conversation),
    )
    return render(request, "deliberation/detail.html", context)


def report(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    data = selectors.report(conversation)
    dots, labels = opinion_map.layout(data["base_clusters"]) if data else ([], [])
    days = selectors.participation_by_day(conversation)
    return render(
        request,
        "deliberation/report.html",
        {
            "conversation": conversation,
            "report": data,
            "dots": dots,
            "labels": labels,
            "days": days,
            "bars": opinion_map.bars([d["votes"] for d in days]),
            "can_moderate": access.moderates(request.user, conversation),
            "pending_count": selectors.moderation_queue(conversation).count()
            if access.moderates(request.user, conversation)
            else 0,
        },
    )


# --- Moderation ------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    actor, county = access.require_moderator(request.user)
    conversations = Conversation.objects.order_by("-created_at")
    if actor.county_id is not None:  # a system admin sees every county's
        conversations = conversations.filter(county=county)
    conversations = conversations[:200]
    return render(request, "deliberation/manage.html", {"conversations": conversations})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest) -> HttpResponse:
    _actor, county = access.require_moderator(request.user)
    form = ConversationForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "seed_statements"}
        data = blank_translations(data)
        try:
            conversation = services.create_conversation(
                county=county,
                data=data,
                seed_statements=form.cleaned_data["seed_statements"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The conversation has been created."))
            return redirect("deliberation:moderate", conversation_id=conversation.pk)
    return render(request, "deliberation/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_edit(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_moderator(request.user, conversation_id)
    form = ConversationForm(
        request.POST or None, instance=conversation, county_id=conversation.county_id
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in form.changed_data}
        data = blank_translations(data)
        try:
            services.update_conversation(
                conversation=Conversation.objects.get(pk=conversation.pk),
                data=data,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("deliberation:moderate", conversation_id=conversation.pk)
    return render(request, "deliberation/form.html", {"form": form, "conversation": conversation})


@login_required
def moderate(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_moderator(request.user, conversation_id)
    return render(
        request,
        "deliberation/moderate.html",
        {
            "conversation": conversation,
            "pending": selectors.moderation_queue(conversation),
            "statements": conversation.statements.exclude(status=Statement.Status.PENDING).order_by(
                "number"
            ),
            "snapshot": selectors.latest_snapshot(conversation),
        },
    )


@login_required
@require_POST
def statement_moderate(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = access.access_statement_for_moderator(request.user, statement_id)
    decision = request.POST.get("decision", "")
    try:
        services.moderate_statement(
            statement=statement, status=decision, actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return render(
            request,
            "deliberation/moderate.html#queue",
            {
                "conversation": statement.conversation,
                "pending": selectors.moderation_queue(statement.conversation),
            },
        )
    return redirect("deliberation:moderate", conversation_id=statement.conversation_id)


@login_required
def export(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = access.access_conversation_for_moderator(request.user, conversation_id)
    from kuulu.core.audit import record_event

    record_event(action="export", obj=conversation, request=request, summary="Polis export")
    response = HttpResponse(export_zip(conversation), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="conversation-{conversation.pk}-polis.zip"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_export(request: HttpRequest) -> HttpResponse:
    _actor, county = access.require_moderator(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise PolisFormatError(upload.name, 0, _("the file is larger than 200 MB"))
            with tempfile.TemporaryDirectory() as folder:
                _unzip_csvs(upload.read(), Path(folder))
                parsed = read_export(Path(folder))
            conversation = services.import_polis_export(
                county=county,
                export=parsed,
                topic=form.cleaned_data["topic"],
                actor=request.user,
                request=request,
            )
        except PolisFormatError as exc:
            form.add_error("archive", polis_error_text(exc))
        except ValidationError as exc:
            form.add_error("archive", exc.messages)
        else:
            messages.success(
                request,
                _(
                    "The conversation has been imported. The report appears when the analysis is ready."
                ),
            )
            return redirect("deliberation:moderate", conversation_id=conversation.pk)
    return render(request, "deliberation/import.html", {"form": form})


def polis_error_text(error: PolisFormatError) -> str:
    """The problem in the reader's language: the catalogues hold polis_format's English
    templates (errors raised here are translated already and pass through unchanged)."""
    message = _(error.template) % error.params if error.params else _(error.template)
    if error.line:
        return _("%(file)s, line %(line)s: %(message)s") % {
            "file": error.file,
            "line": error.line,
            "message": message,
        }
    return _("%(file)s: %(message)s") % {"file": error.file, "message": message}


def _unzip_csvs(content: bytes, folder: Path) -> None:
    """Extract only the known CSV files, flattening any folder inside the ZIP. The declared
    sizes are checked before anything is read, and reading stops at the limit anyway."""
    wanted = {"comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"}
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        with archive:
            members = [
                i for i in archive.infolist() if Path(i.filename).name in wanted and not i.is_dir()
            ]
            if sum(i.file_size for i in members) > MAX_IMPORT_BYTES:
                raise PolisFormatError("archive", 0, _("the files are larger than 200 MB in all"))
            for info in members:
                with archive.open(info) as source:
                    data = source.read(MAX_IMPORT_BYTES + 1)
                if len(data) > MAX_IMPORT_BYTES:
                    raise PolisFormatError(
                        Path(info.filename).name, 0, _("the file is larger than 200 MB")
                    )
                (folder / Path(info.filename).name).write_bytes(data)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise PolisFormatError("archive", 0, _("the file is not a readable ZIP archive")) from exc
