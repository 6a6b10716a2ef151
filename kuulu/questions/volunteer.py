"""Public pages for the volunteer roles (resident developer, developer-customer, peer
supporter). Each role is met in one or more participation channels of a kind; the application
on the page goes into the channels app's own membership flow (channels.services.
submit_application), so the coordinator reviews it where every other application is reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from kuulu.channels import services as channel_services
from kuulu.channels.forms import ApplicationForm
from kuulu.channels.models import Channel
from kuulu.core.forms import add_service_errors
from kuulu.core.ratelimits import public_form_rate
from kuulu.organisation.selectors import default_county


@dataclass(frozen=True)
class VolunteerRole:
    slug: str
    title: Promise
    what: Promise
    who: Promise
    kinds: tuple[str, ...]


ROLES = {
    role.slug: role
    for role in (
        VolunteerRole(
            slug="resident-developer",
            title=gettext_lazy("Resident developer"),
            what=gettext_lazy(
                "Resident developers bring residents' everyday experience to the planning of "
                "services: they test new services, comment on plans and meet the people who "
                "make decisions a few times a year."
            ),
            who=gettext_lazy(
                "Anyone who lives in the county can join. You do not need any training: your "
                "own experience is enough. Travel costs are paid."
            ),
            kinds=(
                Channel.Kind.RESIDENT_FORUM,
                Channel.Kind.RESIDENT_PANEL,
                Channel.Kind.INFLUENCER_NETWORK,
            ),
        ),
        VolunteerRole(
            slug="developer-customer",
            title=gettext_lazy("Developer-customer"),
            what=gettext_lazy(
                "Developer-customers are customers or their family members who help one "
                "service to improve: they take part in the unit's development meetings and "
                "tell what using the service is like."
            ),
            who=gettext_lazy(
                "You have used the service yourself or cared for someone who has. The "
                "coordinator tells you about the short introduction before you start."
            ),
            kinds=(Channel.Kind.DEVELOPER_CUSTOMERS,),
        ),
        VolunteerRole(
            slug="peer-supporter",
            title=gettext_lazy("Peer supporter"),
            what=gettext_lazy(
                "Peer supporters listen to and encourage people in a similar situation, in "
                "groups or one to one, together with the county's professionals."
            ),
            who=gettext_lazy(
                "You have lived through something similar and want to support others. You get "
                "a peer-supporter training and a contact person."
            ),
            kinds=(Channel.Kind.PEER_GROUP,),
        ),
    )
}


class VolunteerApplicationForm(ApplicationForm):
    """The channels app's application form, with the choice of the group to join."""

    channel = forms.ModelChoiceField(label=gettext_lazy("Group to join"), queryset=None)  # type: ignore[arg-type]

    field_order = ["channel"]

    def __init__(self, *args, channels, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, channel=channels[0], **kwargs)
        self.fields["channel"].queryset = Channel.objects.filter(pk__in=[c.pk for c in channels])
        self.fields["channel"].initial = channels[0].pk
        self.fields.pop("seat_wish", None)
        self.order_fields(["channel"])


def _channels(role: VolunteerRole) -> list[Channel]:
    county = default_county()
    if county is None:
        return []
    return list(
        Channel.objects.filter(
            county=county, kind__in=role.kinds, is_published=True, accepts_applications=True
        ).order_by("name")
    )


def roles_index(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/volunteer_index.html", {"roles": list(ROLES.values())})


@require_http_methods(["GET", "POST"])
@ratelimit(group="channel-application", key="ip", rate=public_form_rate, method="POST", block=True)
def role_page(request: HttpRequest, slug: str) -> HttpResponse:
    role = ROLES.get(slug)
    if role is None:
        raise Http404
    channels = _channels(role)
    form = None
    if channels:
        initial = {"language": get_language()}
        if request.user.is_authenticated:
            initial |= {"name": request.user.get_full_name(), "email": request.user.email}
        form = VolunteerApplicationForm(
            request.POST if request.method == "POST" else None,
            channels=channels,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                channel_services.submit_application(
                    channel=data["channel"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    municipality=data["municipality"],
                    motivation=data["motivation"],
                    seat_wish=str(role.title),
                    language=data["language"],
                    consent=data["consent"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your application has been received; the participation "
                        "coordinator will contact you by email."
                    ),
                )
                return redirect("portal:volunteer_role", slug=role.slug)
    return render(
        request,
        "questions/volunteer_role.html",
        {
            "role": role,
            "channels": channels,
            "form": form,
            "consent_text": channel_services.consent_text(channels[0]) if channels else "",
        },
    )


# --- Plain-language Finnish (selkokieli) pages ----------------------------------------------

PLAIN_PAGES = {
    "palaute": ("feedback:give", "questions/plain/palaute.html"),
    "muistutus": ("feedback:complaint_give", "questions/plain/muistutus.html"),
    "paneeli": ("panels:index", "questions/plain/paneeli.html"),
    "aanestys": ("budgeting:index", "questions/plain/aanestys.html"),
}


def plain_page(request: HttpRequest, flow: str) -> HttpResponse:
    """Selkokieli versions exist in Finnish only; in Swedish and English the standard page."""
    if flow not in PLAIN_PAGES:
        raise Http404
    standard, template = PLAIN_PAGES[flow]
    if get_language() != "fi":
        return redirect(standard)
    return render(request, template, {"standard": standard})
