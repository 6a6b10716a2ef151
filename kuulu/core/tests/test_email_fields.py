"""No form accepts an email address longer than an email column stores."""

import importlib
import pkgutil

import pytest
from django import forms
from django.test import Client

import kuulu
from kuulu.core.forms import EMAIL_MAX_LENGTH, EmailField
from kuulu.feedback.models import Feedback


def _form_classes():  # type: ignore[no-untyped-def]
    for module_info in pkgutil.walk_packages(kuulu.__path__, "kuulu."):
        name = module_info.name
        if ".tests" in name or ".migrations" in name or not name.endswith("forms"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                yield value


def test_every_email_field_of_every_form_stops_at_what_a_column_holds():
    """Django's form EmailField accepts 320 characters and the model's column holds 254: an
    address of 255-320 characters (valid by its syntax) was a 500 on PostgreSQL when saved,
    on the public feedback form among others."""
    checked = 0
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.EmailField):
                checked += 1
                assert field.max_length is not None, f"{form_class.__name__}.{name}"
                assert field.max_length <= EMAIL_MAX_LENGTH, f"{form_class.__name__}.{name}"
    assert checked >= 15  # the forms with an email field were all found


def test_the_field_keeps_a_smaller_limit_given_to_it():
    assert EmailField().max_length == EMAIL_MAX_LENGTH
    assert EmailField(max_length=100).max_length == 100


@pytest.mark.django_db
def test_the_public_feedback_form_refuses_an_over_long_address_and_saves_nothing(org):
    long_address = "a" * 60 + "." + "b" * 60 + "@" + "c" * 60 + "." + "d" * 60 + ".example.test"
    assert EMAIL_MAX_LENGTH < len(long_address) <= 320
    response = Client().post(
        "/en/feedback/give/",
        {
            "kind": "idea",
            "text": "Iltavastaanotto olisi hyvä.",
            "contact_email": long_address,
            "wants_reply": "on",
        },
    )
    assert response.status_code in (200, 400)
    assert "at most 254 characters" in response.content.decode()
    assert Feedback.objects.count() == 0
