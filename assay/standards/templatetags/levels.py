"""A level as the version names it, in the reader's language ("Avancé", not "Niveau 3")."""

from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assay.standards.selectors import level_names

register = template.Library()


@register.simple_tag(takes_context=True)
def level_name(context: Any, rank: int | None) -> str:
    """The name of level `rank` ("—" for none); the names are read once per page render."""
    if rank is None or rank == "":
        return "—"
    key = ("level_names", get_language())
    names = context.render_context.get(key)
    if names is None:
        names = context.render_context[key] = level_names()
    return names.get(int(rank)) or _("Level %(n)s") % {"n": rank}
