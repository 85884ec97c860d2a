"""What every router of the JSON API shares: the `Problems` answer, bounded parameter types, a parser that reads
JSON bodies only, and the exception handlers that turn every refusal into a documented 4xx instead of a 500."""

import re
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpRequest, HttpResponse, RawPostDataException, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from .text import COMMENT_MAX, LONG_TEXT_MAX

MAX_ID = 2**63 - 1  # a BigAutoField; a larger integer overflows the database driver (a 500, not a miss)
EARLIEST, LATEST = date(1900, 1, 1), date(2099, 12, 31)  # date arithmetic near year 1 or 9999 overflows
NO_NUL = r"^[^\x00]*$"  # PostgreSQL refuses NUL in text: refuse it here, with a 400
_SURROGATE = re.compile("[\ud800-\udfff]")  # one scan in C, not a Python step per character


class Problems(Schema):
    """Every refusal: what went wrong, and every problem keyed by the field (or `__all__`)."""

    detail: str
    problems: dict[str, list[str]] = {}


def _storable(value: str) -> str:
    if "\x00" in value:  # the same translated message as every other entry point (assay.lib.text)
        raise ValueError(str(ProhibitNullCharactersValidator.message))
    if _SURROGATE.search(value):  # cannot be stored in UTF-8
        raise ValueError("contains an unpaired surrogate")
    return value


def text(max_length: int) -> Any:
    """A string of at most `max_length` characters, without NUL (the pattern documents it; the validator says it
    in words)."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_storable),
                     Field(json_schema_extra={"pattern": NO_NUL})]


# text(n) as names mypy accepts in an annotation, for the lengths the schemas use most
CodeText = Annotated[str, StringConstraints(max_length=20), AfterValidator(_storable),
                     Field(json_schema_extra={"pattern": NO_NUL})]
NameText = Annotated[str, StringConstraints(max_length=120), AfterValidator(_storable),
                     Field(json_schema_extra={"pattern": NO_NUL})]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(_storable),
                     Field(json_schema_extra={"pattern": NO_NUL})]
CommentText = Annotated[str, StringConstraints(max_length=COMMENT_MAX), AfterValidator(_storable),
                        Field(json_schema_extra={"pattern": NO_NUL})]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
DAY_PATTERN = r"^(19|20)\d\d-\d\d-\d\d$"


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would otherwise read `0` or `1e9` as a Unix timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not re.fullmatch(DAY_PATTERN, value):
        raise ValueError("use the form YYYY-MM-DD, a year from 1900 to 2099")
    return value


# JSON Schema has no bounds for a date: the pattern says which the validator takes.
Day = Annotated[date, BeforeValidator(_iso_day),
                Field(ge=EARLIEST, le=LATEST, json_schema_extra={"pattern": DAY_PATTERN})]
Slug = text(100)


def errors(*codes: int) -> dict[int, type[Problems]]:
    """The error answers an operation really gives, for its `response=` and so for the OpenAPI document."""
    return dict.fromkeys(codes, Problems)


class JSONParser(Parser):
    """Bodies are JSON, said so by their Content-Type: a form or plain text is refused rather than guessed at."""

    def parse_body(self, request: HttpRequest) -> Any:
        if request.content_type != "application/json":
            raise ValueError("not JSON")
        return super().parse_body(request)


BODY_PROBLEM = {"body": ["Send the body as JSON, with the header Content-Type: application/json."]}


def _key(loc: Sequence[str | int]) -> str:
    """`("body", "data", "answers", "1.1")` → `answers.1.1`; `("query", "offset")` → `offset`."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
        if loc[0] == "body" and len(parts) > 1:  # the view's parameter name (`data`) says nothing to a client
            parts = parts[1:]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    """One place that shapes every error of `api`, so no endpoint repeats try/except."""

    def answer(request: HttpRequest, status: int, detail: str, problems: dict[str, list[str]] | None = None
               ) -> HttpResponse:
        return api.create_response(request, {"detail": detail, "problems": problems or {}}, status=status)

    @api.exception_handler(ValidationError)
    def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        problems: dict[str, list[str]] = {}
        for error in exc.errors:
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")  # our validators' own words
            problems.setdefault(_key(error.get("loc", ())), []).append(message)
        return answer(request, 400, "invalid", problems)

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        problems = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return answer(request, 400, "invalid", problems)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return answer(request, 403, "forbidden")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return answer(request, 404, "not found")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        body_problem = exc.status_code == 400 and str(exc).startswith("Cannot parse request body")
        return answer(request, exc.status_code, str(exc), BODY_PROBLEM if body_problem else None)

    # A form Content-Type makes the session's CSRF check read the body as a form first: it is then gone, or
    # it was not a valid form at all. Either way the client sent something other than JSON.
    @api.exception_handler(RawPostDataException)
    @api.exception_handler(MultiPartParserError)
    @api.exception_handler(UnreadablePostError)
    def unreadable_body(request: HttpRequest, exc: Exception) -> HttpResponse:
        return answer(request, 400, "Cannot parse request body", BODY_PROBLEM)
