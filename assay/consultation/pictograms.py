"""Pictograms the server draws for the field kit and the purpose pages: simple black line drawings as inline SVG.

They print in black and white and carry no meaning by colour: each is a shape with its words beside it, and
its title says what it shows to a screen reader. All are drawn on a 64 × 64 grid.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_S = 'fill="none" stroke="#000" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"'

# Each drawing is SVG markup of our own, written here; none holds text from users.
DRAWINGS: dict[str, str] = {
    # people and stakeholder groups
    "miner": f'<g {_S}><circle cx="26" cy="18" r="7"/><path d="M17 14a9 8 0 0 1 18 0z" fill="#000"/>'
             f'<path d="M26 25v19M26 44l-8 14M26 44l8 14M26 31l12 6"/><path d="M38 37l14-18M44 15l14 8"/></g>',
    "trader": f'<g {_S}><path d="M32 10v44M18 54h28M12 20h40"/><path d="M12 20l-7 16h14zM52 20l-7 16h14z"/>'
              f'<circle cx="32" cy="10" r="3" fill="#000"/></g>',
    "refinery": f'<g {_S}><path d="M6 56V30l14 8v-8l14 8v-8l14 8V12h8v44z"/><path d="M12 48h6M26 48h6M40 48h6"/>'
                f'</g>',
    "brand": f'<g {_S}><path d="M12 22h40l-4 34H16z"/><path d="M24 28V16a8 8 0 0 1 16 0v12"/></g>',
    "finance": f'<g {_S}><ellipse cx="32" cy="16" rx="18" ry="6"/><path d="M14 16v10c0 3 8 6 18 6s18-3 18-6V16"/>'
               f'<path d="M14 26v10c0 3 8 6 18 6s18-3 18-6V26M14 36v10c0 3 8 6 18 6s18-3 18-6V36"/></g>',
    "community": f'<g {_S}><circle cx="16" cy="22" r="6"/><circle cx="32" cy="16" r="7"/>'
                 f'<circle cx="48" cy="22" r="6"/>'
                 f'<path d="M6 50c0-10 4-16 10-16s10 6 10 16M22 50c0-14 4-24 10-24s10 10 10 24'
                 f'M38 50c0-10 4-16 10-16s10 6 10 16"/></g>',
    "government": f'<g {_S}><path d="M6 24L32 8l26 16zM8 56h48M10 50h44"/>'
                  f'<path d="M14 28v22M26 28v22M38 28v22M50 28v22"/></g>',
    "research": f'<g {_S}><circle cx="26" cy="26" r="15"/><path d="M37 37l19 19" stroke-width="6"/>'
                f'<path d="M19 30l5-7 5 5 6-9"/></g>',
    "person": f'<g {_S}><circle cx="32" cy="16" r="8"/><path d="M16 58c0-18 6-30 16-30s16 12 16 30"/></g>',
    "child": f'<g {_S}><circle cx="32" cy="24" r="6"/><path d="M32 30v14M32 44l-6 12M32 44l6 12M24 36h16"/>'
             f'<path d="M8 56h48"/></g>',
    # red lines
    "stop": f'<g {_S}><path d="M22 6h20l14 14v20L42 58H22L8 40V20z" stroke-width="4"/>'
            f'<path d="M22 22l20 20M42 22L22 42" stroke-width="5"/></g>',
    "chain": f'<g {_S}><rect x="6" y="24" width="22" height="14" rx="7"/><rect x="36" y="24" width="22" height="14" '
             f'rx="7"/><path d="M22 31h20" stroke-width="4"/></g>',
    "hand": f'<g {_S}><path d="M20 58V30c0-3 5-3 5 0V12c0-3 5-3 5 0v16V8c0-3 5-3 5 0v20V12c0-3 5-3 5 0v26l4-8'
            f'c2-4 7-2 5 2l-8 18c-2 5-6 8-12 8z"/></g>',
    "weapon": f'<g {_S}><path d="M6 26h40l8-4v10H30l-4 12h-8l2-12H6z"/><path d="M8 58L58 8" stroke-width="5"/></g>',
    "fire": f'<g {_S}><path d="M8 56V34L24 22l16 12v22z"/><path d="M44 56c-6-4-8-10-4-18 2 4 4 4 5 2 1-6 4-10 8-12'
            f'-1 6 4 10 4 18 0 5-4 9-7 10"/></g>',
    "shield": f'<g {_S}><path d="M32 6l22 8v16c0 14-10 24-22 28C20 54 10 44 10 30V14z"/><path d="M22 32l7 7 13-14"/>'
              f'</g>',
    # progress and scoring
    "stairs": f'<g {_S}><path d="M6 56h13V44h13V32h13V20h13v36H6z"/><path d="M8 30L40 6M30 6h10v10"/></g>',
    "star": f'<g {_S}><path d="M32 6l7 17 18 1-14 12 5 18-16-10-16 10 5-18L7 24l18-1z"/></g>',
    "pin": f'<g {_S}><path d="M32 58S12 36 12 24a20 20 0 0 1 40 0c0 12-20 34-20 34z"/>'
           f'<path d="M24 24h16M32 16v16" stroke-width="4"/></g>',
    "handshake": f'<g {_S}><path d="M4 26l12-6 10 4 8-4 12 2 14 6M4 26l10 18 6 4M60 28L50 44l-12 8-6-4-6 4-6-4"/>'
                 f'<path d="M26 24l-6 8c2 3 6 3 8 0l6-6 14 14"/></g>',
    "checklist": f'<g {_S}><rect x="12" y="6" width="40" height="52" rx="3"/><path d="M20 20l4 4 7-8M36 20h10'
                 f'M20 34l4 4 7-8M36 34h10M20 48h6M36 48h10"/></g>',
    "calendar": f'<g {_S}><rect x="8" y="12" width="48" height="44" rx="3"/><path d="M8 24h48M20 6v12M44 6v12"/>'
                f'<path d="M18 34h6M30 34h6M42 34h6M18 44h6M30 44h6"/></g>',
    "speech": f'<g {_S}><path d="M8 12h48v32H28L16 56V44H8z"/><path d="M18 24h28M18 33h18"/></g>',
    "eye": f'<g {_S}><path d="M4 32s10-16 28-16 28 16 28 16-10 16-28 16S4 32 4 32z"/><circle cx="32" cy="32" r="7" '
           f'fill="#000"/></g>',
    "money_up": f'<g {_S}><circle cx="22" cy="38" r="14"/><path d="M22 30v16M18 34h6a3 3 0 0 1 0 6h-4a3 3 0 0 0 0 6h6"'
                f' stroke-width="2.5"/><path d="M42 40L56 14M48 14h8v8"/></g>',
    "tools": f'<g {_S}><path d="M10 54l26-26M30 12a10 10 0 0 0 14 14l8 8 6-6-8-8A10 10 0 0 0 36 6l6 6-4 4z"/></g>',
}


def pictogram(name: str, label: str = "", size: int = 64) -> SafeString:
    """One drawing as an inline SVG `size` pixels square; `label` (translated) is what it says to a screen reader,
    and an unlabelled drawing is decorative (its words stand next to it)."""
    drawing = DRAWINGS.get(name, DRAWINGS["person"])
    title = f'<title>{escape(label)}</title>' if label else ""
    role = 'role="img"' if label else 'aria-hidden="true"'
    return mark_safe(  # our own drawings; the label is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="{int(size)}" height="{int(size)}" '
        f'{role} focusable="false" class="picto">{title}{drawing}</svg>')
