"""The demo consultation: a first public round on draft 0.2, with questions for every sector."""

from datetime import date, timedelta

from django.db import transaction

from assay.consultation import services
from assay.consultation.models import Question, Round

QUESTIONS = [
    (["asm"], "text", "",
     "What, if anything, would stop your organisation from taking part in the standard?",
     "Qu'est-ce qui pourrait empêcher votre organisation de participer à la norme ?",
     "¿Qué podría impedir que su organización participe en el estándar?"),
    (["asm", "trade"], "yes_no", "",
     "Are the red lines of module 3 clear enough to apply at a mine site?",
     "Les lignes rouges du module 3 sont-elles assez claires pour être appliquées sur un site minier ?",
     "¿Son las líneas rojas del módulo 3 lo bastante claras para aplicarlas en un sitio minero?"),
    (["refining", "brands", "finance"], "scale", "",
     "How well would the progress score help you decide to engage with an ASM supplier? (1 = not at all, 5 = very)",
     "Dans quelle mesure le score de progrès vous aiderait-il à décider de vous engager auprès d'un fournisseur "
     "EMAPE ? (1 = pas du tout, 5 = beaucoup)",
     "¿En qué medida le ayudaría la puntuación de progreso a decidir comprometerse con un proveedor de la MAPE? "
     "(1 = nada, 5 = mucho)"),
    (["brands", "finance"], "single", "1.25\n1.5\n2\nNo multiplier",
     "Which multiplier should reward progress in conflict-affected and high-risk areas?",
     "Quel coefficient devrait récompenser les progrès dans les zones de conflit ou à haut risque ?",
     "¿Qué multiplicador debería premiar el progreso en zonas de conflicto o de alto riesgo?"),
    (["civil_society", "government", "research"], "text", "",
     "Which impact indicators are missing to show what due diligence changes on the ground?",
     "Quels indicateurs d'impact manquent pour montrer ce que le devoir de diligence change sur le terrain ?",
     "¿Qué indicadores de impacto faltan para mostrar lo que la debida diligencia cambia sobre el terreno?"),
    ([], "multiple", "French\nSpanish\nSwahili\nLingala\nQuechua",
     "In which languages should the final standard and its guidance be available?",
     "Dans quelles langues la norme définitive et ses orientations devraient-elles être disponibles ?",
     "¿En qué idiomas deberían estar disponibles el estándar final y su orientación?"),
]


@transaction.atomic
def load_demo_consultation(user, version) -> Round:
    existing = Round.objects.filter(version=version).first()
    if existing is not None:
        return existing
    today = date.today()
    r = services.round_create(
        user, version, title="First public consultation on the Market Entry Standard, draft 0.2",
        purpose="Tell us whether the red lines are clear, whether progress scoring would bring buyers to engage "
                "with artisanal miners, and what would stop you from taking part.",
        announced_on=today - timedelta(days=30), opens_on=today - timedelta(days=14),
        closes_on=today + timedelta(days=60))
    r.title_fr = "Première consultation publique sur la Norme d'accès au marché, projet 0.2"
    r.title_es = "Primera consulta pública sobre el Estándar de Acceso al Mercado, borrador 0.2"
    r.purpose_fr = ("Dites-nous si les lignes rouges sont claires, si le score de progrès amènerait les acheteurs à "
                    "s'engager auprès des mineurs artisanaux, et ce qui vous empêcherait de participer.")
    r.purpose_es = ("Díganos si las líneas rojas son claras, si la puntuación de progreso llevaría a los compradores "
                    "a comprometerse con los mineros artesanales y qué le impediría participar.")
    r.save()
    for position, (sectors, kind, choices, en, fr, es) in enumerate(QUESTIONS):
        Question.objects.create(round=r, position=position, sectors=sectors, answer_type=kind,
                                choices_en=choices, choices_fr=choices, choices_es=choices,
                                text_en=en, text_fr=fr, text_es=es)
    return r
