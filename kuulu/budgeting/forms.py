"""Forms check the shape of input; the services enforce the rules."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kuulu.budgeting import voters
from kuulu.budgeting.models import Budget, Plan, Process, Proposal
from kuulu.core import forms as core_forms
from kuulu.core.forms import HoneypotField, KuuluForm
from kuulu.core.numbers import DB_INTEGER_MAX
from kuulu.organisation.models import Municipality, Unit

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
# Saving an image again without its metadata decodes it whole (about 4 bytes a pixel): a 5 MB
# PNG of one colour can hold 400 million pixels. 50 megapixels takes any phone photo.
IMAGE_MAX_PIXELS = 50_000_000
TOO_MANY_PIXELS = _("The image is too large: at most 50 megapixels.")
# The largest values the columns hold on PostgreSQL (integer, smallint): a larger number is a
# form error, not a database error (a 500) on saving.
MAX_SMALL_INTEGER = 2**15 - 1


def check_image(upload: Any) -> Any:
    """Accept JPEG, PNG and WebP images of at most 5 MB, judged by their content."""
    if not upload:
        return upload
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except Image.DecompressionBombError:
        raise ValidationError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _("The file is not an image. Use a JPEG, PNG or WebP image.")
        ) from None
    if kind not in IMAGE_FORMATS:
        raise ValidationError(_("Use a JPEG, PNG or WebP image."))
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(TOO_MANY_PIXELS)
    return without_metadata(upload, kind)


def without_metadata(upload: Any, kind: str) -> SimpleUploadedFile:
    """The image saved again without its metadata. A phone photo's EXIF says where it was taken
    (often at the proposer's home) and with which device; published as it came, the public page
    would tell everyone. The picture is turned as the EXIF orientation said, so it still shows
    the right way up; only what the picture needs is kept: palette transparency and the colour
    profile (a phone photo in Display P3 shows dull colours without it; it says nothing about
    the person)."""
    upload.seek(0)
    with Image.open(upload) as opened:
        image = ImageOps.exif_transpose(opened)
        profile = image.info.get("icc_profile")
        image.info = {k: v for k, v in image.info.items() if k == "transparency"}
        params: dict[str, Any] = {"icc_profile": profile} if profile else {}
        if kind == "JPEG":
            params["quality"] = 90
            if image.mode not in ("RGB", "L", "CMYK"):
                image = image.convert("RGB")
        buffer = BytesIO()
        image.save(buffer, format=kind, **params)
    return SimpleUploadedFile(
        upload.name, buffer.getvalue(), content_type=getattr(upload, "content_type", None)
    )


class ProposalForm(KuuluForm):
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(
        label=_("Describe your idea"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )
    municipality = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("The whole county"),
    )
    target_group = forms.ChoiceField(label=_("For whom"), choices=Proposal.TargetGroup.choices)
    rough_cost = forms.IntegerField(
        label=_("Rough cost in euros (if you know)"), required=False, min_value=0, max_value=10**9
    )
    image = forms.FileField(
        label=_("Image (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = forms.CharField(label=_("What the image shows"), max_length=200, required=False)
    email = core_forms.EmailField(
        label=_("Your email address"),
        required=False,
        help_text=_("We send a link to confirm it. It is not shown to anyone."),
    )
    website = HoneypotField()

    def __init__(self, *args: Any, county: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)
        if signed_in:
            del self.fields["email"]
        else:
            self.fields["email"].required = True

    def clean_image(self) -> Any:
        return check_image(self.cleaned_data.get("image"))


class CommentForm(KuuluForm):
    text = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class CodeForm(KuuluForm):
    code = forms.CharField(
        label=_("Voting code"),
        max_length=40,
        help_text=_("The code in your letter, e.g. ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class EmailStartForm(KuuluForm):
    email = core_forms.EmailField(label=_("Your email address"))
    website = HoneypotField()


class EmailCodeForm(KuuluForm):
    email = core_forms.EmailField(label=_("Your email address"))
    code = forms.CharField(
        label=_("The code we sent you"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def ballot_field_name(plan: Plan) -> str:
    return f"plan_{plan.pk}"


class BallotForm(KuuluForm):
    """One field per plan: a checkbox for approval and pick-N, points for cumulative."""

    def __init__(
        self,
        *args: Any,
        budget: Budget,
        plans: list[Plan],
        initial_choices: dict | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.plans = plans
        initial_choices = initial_choices or {}
        for plan in plans:
            label = f"{plan.title} ({plan.cost:,} €)".replace(",", "\u00a0")
            if budget.vote_type == Budget.VoteType.CUMULATIVE:
                field: forms.Field = forms.IntegerField(
                    label=label, required=False, min_value=0, max_value=budget.points or 100
                )
            else:
                field = forms.BooleanField(label=label, required=False)
            field.initial = initial_choices.get(str(plan.pk))
            self.fields[ballot_field_name(plan)] = field

    def choices(self) -> dict[str, int]:
        found = {}
        for plan in self.plans:
            value = self.cleaned_data.get(ballot_field_name(plan))
            if value:
                found[str(plan.pk)] = int(value)
        return found


class PaperBallotForm(BallotForm):
    """The booth form: sheet number and the voter's identifying details first, then the plans;
    every field reachable with the keyboard, in the order of the paper sheet. The voter is
    identified as the process identifies voters online (`voter_check`), so only that field is
    shown (see paper.voter_key_for)."""

    def __init__(self, *args: Any, county: Any, voter_check: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        identification = {
            Process.VoterCheck.STRONG: forms.CharField(
                label=_("Personal identity code"),
                max_length=11,
                widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            ),
            Process.VoterCheck.CODE: forms.CharField(
                label=_("Voting code"),
                max_length=40,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            ),
            Process.VoterCheck.EMAIL: core_forms.EmailField(
                label=_("Voter's email address"),
                widget=forms.EmailInput(attrs={"autocomplete": "off"}),
            ),
        }[voter_check]
        identification.error_messages["required"] = _(voters.BOOTH_IDENTIFICATION[voter_check])
        head = {
            "booth": forms.ModelChoiceField(
                label=_("Service point"),
                queryset=Unit.objects.filter(county=county, is_active=True),
            ),
            "sheet": forms.CharField(
                label=_("Sheet number"),
                max_length=20,
                widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
            ),
            voters.BOOTH_FIELDS[voter_check]: identification,
            "age_band": forms.ChoiceField(
                label=_("Age group"),
                required=False,
                choices=[
                    ("", _("not known")),
                    ("12-17", "12-17"),
                    ("18-29", "18-29"),
                    ("30-49", "30-49"),
                    ("50-64", "50-64"),
                    ("65+", "65+"),
                ],
            ),
            "municipality_code": forms.ChoiceField(
                label=_("Home municipality"),
                required=False,
                choices=[
                    ("", _("not known")),
                    *list(Municipality.objects.filter(county=county).values_list("code", "name")),
                ],
            ),
        }
        self.fields = {**head, **self.fields}


class ReviewForm(KuuluForm):
    feasibility = forms.ChoiceField(
        label=_("Feasible"), choices=Proposal.Assessment.choices, required=False
    )
    legality = forms.ChoiceField(
        label=_("Within the county's remit and the law"),
        choices=Proposal.Assessment.choices,
        required=False,
    )
    cost_estimate = forms.IntegerField(
        label=_("Cost estimate (euros)"), required=False, min_value=0, max_value=DB_INTEGER_MAX
    )
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            county=county, is_active=True
        )


class DecisionForm(KuuluForm):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Take forward to co-development")), ("0", _("Do not take forward"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MergeForm(KuuluForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, proposal: Proposal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Proposal.objects.filter(process=proposal.process)
            .exclude(pk=proposal.pk)
            .exclude(status__in=[Proposal.Status.MERGED, Proposal.Status.UNVERIFIED])
        )


class PlanForm(KuuluForm):
    """A plan's texts in Finnish, Swedish and English: the ballot shows them in the voter's
    language (Finnish when a translation is missing)."""

    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.none())
    title_fi = forms.CharField(label=_("Title (Finnish)"), max_length=200)
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_fi = forms.CharField(
        label=_("Description (Finnish)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    description_sv = forms.CharField(
        label=_("Description (Swedish)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    plain_description_fi = forms.CharField(
        label=_("Plain-language description (Finnish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    plain_description_sv = forms.CharField(
        label=_("Plain-language description (Swedish)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    plain_description_en = forms.CharField(
        label=_("Plain-language description (English)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    cost = forms.IntegerField(label=_("Cost (euros)"), min_value=1, max_value=DB_INTEGER_MAX)
    ideas = forms.ModelMultipleChoiceField(
        label=_("Made from the proposals"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, process: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = process.budgets.all()
        self.fields["ideas"].queryset = Proposal.objects.filter(
            process=process, status__in=[Proposal.Status.ACCEPTED, Proposal.Status.IN_REVIEW]
        )


class OverrideForm(KuuluForm):
    funded = forms.TypedChoiceField(
        label=_("The plan is"),
        choices=[("1", _("funded")), ("0", _("not funded"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ImplementationForm(KuuluForm):
    status = forms.ChoiceField(label=_("Status"), choices=Plan.Status.choices)
    progress = forms.IntegerField(label=_("Progress %"), min_value=0, max_value=100)
    responsible_unit = forms.ModelChoiceField(
        label=_("Responsible unit"), queryset=Unit.objects.none(), required=False
    )
    text = forms.CharField(
        label=_("Public update"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    photo = forms.FileField(
        label=_("Photo (optional)"), required=False, help_text=_("JPEG, PNG or WebP, at most 5 MB.")
    )
    photo_alt = forms.CharField(label=_("What the photo shows"), max_length=200, required=False)

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Unit.objects.filter(
            county=county, is_active=True
        )

    def clean_photo(self) -> Any:
        return check_image(self.cleaned_data.get("photo"))


class PabulibImportForm(KuuluForm):
    file = forms.FileField(label=_("Pabulib file (.pb)"))
    rule = forms.ChoiceField(
        label=_("Counting rule"),
        choices=[("equal-shares", _("Method of Equal Shares")), ("greedy", _("greedy by votes"))],
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise ValidationError(_("The file is too large: at most 50 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None


class CodesForm(KuuluForm):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=100_000)
    municipality = forms.ModelChoiceField(
        label=_("Municipality of the letters"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("not given"),
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)


class PhaseForm(KuuluForm):
    """One phase's dates and public texts in three languages."""

    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    explanation_fi = forms.CharField(
        label=_("What happens (Finnish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    explanation_sv = forms.CharField(
        label=_("What happens (Swedish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    explanation_en = forms.CharField(
        label=_("What happens (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    what_you_can_do_fi = forms.CharField(
        label=_("What residents can do (Finnish)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    what_you_can_do_sv = forms.CharField(
        label=_("What residents can do (Swedish)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    what_you_can_do_en = forms.CharField(
        label=_("What residents can do (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ProcessForm(KuuluForm):
    title_fi = forms.CharField(label=_("Title (Finnish)"), max_length=200)
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    starts_at = forms.DateTimeField(
        label=_("Information phase starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("The phases follow back to back; change their dates afterwards."),
    )
    voter_check = forms.ChoiceField(
        label=_("How voters are identified"), choices=Process.VoterCheck.choices
    )
    rule = forms.ChoiceField(label=_("Counting rule"), choices=Process.Rule.choices)
    duplicate_rule = forms.ChoiceField(
        label=_("When a person votes both online and on paper"),
        choices=Process.DuplicateRule.choices,
    )
    double_entry = forms.BooleanField(label=_("Paper ballots are entered twice"), required=False)


class BudgetForm(KuuluForm):
    name_fi = forms.CharField(label=_("Name (Finnish)"), max_length=200)
    name_sv = forms.CharField(label=_("Name (Swedish)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("The whole county"),
    )
    amount = forms.IntegerField(label=_("Amount (euros)"), min_value=1, max_value=DB_INTEGER_MAX)
    vote_type = forms.ChoiceField(label=_("Ballot type"), choices=Budget.VoteType.choices)
    max_picks = forms.IntegerField(
        label=_("Most plans a voter may choose"),
        min_value=1,
        max_value=MAX_SMALL_INTEGER,
        required=False,
    )
    points = forms.IntegerField(
        label=_("Points per voter"), min_value=1, max_value=MAX_SMALL_INTEGER, required=False
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, initial=12)
    residents_only = forms.BooleanField(
        label=_("Residents of the area only"), required=False, initial=True
    )

    def __init__(self, *args: Any, county: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(county=county)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("vote_type") == Budget.VoteType.CHOOSE and not data.get("max_picks"):
            self.add_error("max_picks", _("Give the number of plans a voter may choose."))
        if data.get("vote_type") == Budget.VoteType.CUMULATIVE and not data.get("points"):
            self.add_error("points", _("Give the number of points a voter may share."))
        return data
