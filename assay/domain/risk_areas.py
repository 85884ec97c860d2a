"""The risk areas a criterion can address, in the OECD Due Diligence Guidance's frame (DESIGN §1).

The first six are the risks of Annex II of the Guidance (its model supply-chain policy): serious abuses (torture
and cruel treatment, forced labour, the worst forms of child labour, other gross human-rights abuses, war crimes);
direct or indirect support to non-state armed groups; public or private security forces; bribery and fraudulent
misrepresentation of the origin of minerals; money laundering; non-payment of taxes, fees and royalties. The others
are the broader risks the standard gathers as well. A criterion addresses at most one; "" is none (management
systems, legitimacy, buyers' own due diligence...).
"""

from typing import Final

SERIOUS_ABUSES: Final = "serious_abuses"
ARMED_GROUPS: Final = "armed_groups"
SECURITY_FORCES: Final = "security_forces"
BRIBERY_ORIGIN: Final = "bribery_origin"
MONEY_LAUNDERING: Final = "money_laundering"
TAXES: Final = "taxes"

HEALTH_SAFETY: Final = "health_safety"
MERCURY: Final = "mercury"
ENVIRONMENT: Final = "environment"
CHILD_LABOUR: Final = "child_labour"
GENDER: Final = "gender"
COMMUNITY: Final = "community"

NONE: Final = ""

# In the order of Annex II (its paragraphs 1–2 on serious abuses, 3–4 on non-state armed groups, 5–8 on security
# forces, 11–12 on bribery and misrepresentation of origin, 13 on money laundering, 14 on taxes, fees and royalties).
ANNEX_II: Final = (SERIOUS_ABUSES, ARMED_GROUPS, SECURITY_FORCES, BRIBERY_ORIGIN, MONEY_LAUNDERING, TAXES)
BROADER: Final = (HEALTH_SAFETY, MERCURY, ENVIRONMENT, CHILD_LABOUR, GENDER, COMMUNITY)
ALL: Final = (*ANNEX_II, *BROADER)


def is_annex_ii(area: str) -> bool:
    """True for the six risks of the Guidance's Annex II, False for a broader risk or none."""
    return area in ANNEX_II
