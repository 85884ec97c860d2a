"""Form fields for the edge of the pages: they parse what a browser posts and leave every decision to the service
that receives it, so a page says exactly what the service says (and the API, which calls the same service)."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class _ShowsInitialWhenAbsent:
    """A field left out of the POST shows its initial value again (a radio group with nothing picked keeps its
    default; a date the browser did not send shows the default date)."""

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial if data is None else data


class PostedText(_ShowsInitialWhenAbsent, forms.Field):
    """Text exactly as posted, `missing` when the field was not posted at all. No stripping, no length or NUL
    check: the service trims, bounds and refuses it in its own words."""

    def __init__(self, *, missing: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.missing = missing

    def to_python(self, value: Any) -> str:
        return self.missing if value is None else str(value)


class PostedList(forms.Field):
    """Every value posted under one name (the boxes ticked of a group of checkboxes), in their order."""

    widget = forms.SelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:
        return [str(v) for v in value or ()]


class PostedFile(forms.Field):
    """An uploaded file as it came, or None: its size and type are the service's to judge (an empty file too)."""

    widget = forms.FileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class PostedInt(forms.Field):
    """A whole number as Python reads it (`int`), `missing` when left empty; anything else is invalid."""

    default_error_messages = forms.IntegerField.default_error_messages

    def __init__(self, *, missing: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.missing = missing

    def to_python(self, value: Any) -> int:
        if value in self.empty_values:
            return self.missing
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ISODateField(_ShowsInitialWhenAbsent, forms.DateField):
    """A day as YYYY-MM-DD (what a date input sends in every language), read as `date.fromisoformat` reads it."""

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PickedFrom(forms.ModelChoiceField):  # type: ignore[type-arg]  # not subscriptable at run time
    """An optional pick among `queryset`: an id that names nothing there is no pick (a stale page, or another
    actor's site), as the pages always treated it; a value that is not an id at all is invalid."""

    def __init__(self, queryset: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if self.queryset is None:
            return None
        try:
            return self.queryset.filter(pk=value).first()
        except (TypeError, ValueError, ValidationError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


def add_service_error(form: forms.BaseForm, exc: ValidationError,
                      field_of: Callable[[str], str | None] | None = None) -> None:
    """Put a service's refusal on the form: a problem keyed by one of the form's fields (`field_of` maps the
    service's key to it) goes on that field, every other one on the form as a whole."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, messages in exc.message_dict.items():
        field = field_of(key) if field_of is not None else key
        form.add_error(field if field in form.fields else None, messages)

