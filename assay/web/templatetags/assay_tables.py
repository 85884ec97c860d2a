from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def get_pair(cells, first):
    """{(a, b): v} → {b: v} for the given a, so a template can walk a two-key table row by row."""
    return {b: v for (a, b), v in cells.items() if a == first}
