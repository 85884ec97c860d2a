from django import template

from assay.registry.regions import region_name as _region_name

register = template.Library()


@register.filter
def region_name(region: str) -> str:
    """A stored region name in the page's language."""
    return _region_name(region or "")
