"""The demo outreach: partner organisations and contacts, a mailing list (confirmed, pending and unsubscribed
subscribers), the cover e-mail in three languages, one mailing sent, and a pilot-site event with answer sheets."""

from datetime import timedelta

from django.db import transaction

from assay.consultation import services as consultation
from assay.consultation.models import PilotEvent, Round
from assay.outreach import services
from assay.outreach.models import Contact, EmailTemplate, MailingList, Partner
from assay.registry.models import Site

BASE = "http://127.0.0.1:8000"

PARTNERS = [  # name, sector, country, language, contacts
    ("Fédération des coopératives minières du Sud-Kivu", "asm", "CD", "fr",
     [("Aline Bahati", "aline.bahati@fecomisk.example"), ("Prosper Mugisho", "p.mugisho@fecomisk.example")]),
    ("Red de Minería Artesanal del Sur", "asm", "PE", "es", [("Rosa Quispe", "rquispe@redmas.example")]),
    ("Great Lakes Sourcing Watch", "civil_society", "UG", "en", [("Grace Achieng", "grace@glsw.example")]),
    ("Responsible Refiners Forum", "refining", "CH", "en", [("Lukas Meier", "l.meier@rrf.example")]),
    ("Asociación de Comercializadoras de Oro", "trade", "CO", "es", [("Camilo Rojas", "crojas@aco.example")]),
]
INDIVIDUALS = [("Marie Kabila", "marie.k@example.org", "fr"), ("Tom Ellis", "tom.ellis@example.org", "en"),
               ("Lucía Fernández", "lucia.f@example.org", "es"), ("Samuel Otieno", "s.otieno@example.org", "en")]

SUBJECT = {"en": "Your views on the draft Market Entry Standard, by {{ deadline }}",
           "fr": "Votre avis sur le projet de Norme d'accès au marché, d'ici le {{ deadline }}",
           "es": "Su opinión sobre el borrador del Estándar de Acceso al Mercado, antes del {{ deadline }}"}
BODY = {
    "en": "Dear {{ contact }},\n\nThe draft Market Entry Standard for artisanal and small-scale mining is open for "
          "public consultation until {{ deadline }}. We would be grateful if {{ partner }} could share it with its "
          "members and send us their views.\n\nRead the draft and answer the questions here: {{ link }}\n\nThe "
          "attached package holds a two-page summary, a printable questionnaire, an XLSForm for KoboToolbox or ODK "
          "Collect, and a kit for running a consultation meeting at a mine site.\n\nWith thanks,\nThe Secretariat",
    "fr": "Bonjour {{ contact }},\n\nLe projet de Norme d'accès au marché pour l'exploitation minière artisanale et "
          "à petite échelle est soumis à consultation publique jusqu'au {{ deadline }}. Nous vous serions "
          "reconnaissants si {{ partner }} pouvait le diffuser auprès de ses membres et nous transmettre leurs "
          "avis.\n\nLire le projet et répondre aux questions : {{ link }}\n\nLe dossier joint contient un résumé de "
          "deux pages, un questionnaire à imprimer, un XLSForm pour KoboToolbox ou ODK Collect et un kit pour "
          "animer une réunion de consultation sur un site minier.\n\nAvec nos remerciements,\nLe Secrétariat",
    "es": "Estimado/a {{ contact }}:\n\nEl borrador del Estándar de Acceso al Mercado para la minería artesanal y de "
          "pequeña escala está en consulta pública hasta el {{ deadline }}. Le agradeceríamos que {{ partner }} lo "
          "compartiera con sus miembros y nos hiciera llegar sus opiniones.\n\nLea el borrador y responda a las "
          "preguntas aquí: {{ link }}\n\nEl paquete adjunto contiene un resumen de dos páginas, un cuestionario "
          "para imprimir, un XLSForm para KoboToolbox u ODK Collect y una guía para organizar una reunión de "
          "consulta en un sitio minero.\n\nCon nuestro agradecimiento,\nLa Secretaría",
}


@transaction.atomic
def load_demo_outreach(user, round_: Round) -> dict[str, int]:
    if Partner.objects.exists():
        return {"partners": Partner.objects.count()}
    for name, sector, country, language, people in PARTNERS:
        partner = Partner.objects.create(name=name, sector=sector, country=country, language=language)
        for person, email in people:
            Contact.objects.create(name=person, email=email, partner=partner, language=language)
    for person, email, language in INDIVIDUALS:
        Contact.objects.create(name=person, email=email, language=language)
    updates = MailingList.objects.create(
        name="Consultation updates", slug="consultation-updates",
        description_en="News of consultation rounds on the Market Entry Standard: openings, reminders, synopses.",
        description_fr="Nouvelles des consultations sur la Norme d'accès au marché : ouvertures, rappels, synthèses.",
        description_es="Novedades de las consultas sobre el Estándar de Acceso al Mercado: aperturas, "
                       "recordatorios, síntesis.")
    contacts = list(Contact.objects.order_by("id"))
    for i, contact in enumerate(contacts):
        sub = services.subscription_request(updates, name=contact.name, email=contact.email,
                                            language=contact.language, base_url=BASE)
        if i < len(contacts) - 2:
            services.subscription_confirm(sub)
    services.subscription_cancel(services.subscription_confirm(sub))  # the last one left again; one stays pending
    template = EmailTemplate.objects.create(
        name="Invitation to comment", for_packages=True, **{f"subject_{k}": v for k, v in SUBJECT.items()},
        **{f"body_{k}": v for k, v in BODY.items()})
    services.mailing_create(user, template, updates, round_, BASE)  # sent at once by the demo's task backend
    _demo_event(user, round_)
    return {"partners": Partner.objects.count(), "contacts": len(contacts)}


def _demo_event(user, round_: Round) -> PilotEvent:
    site = Site.objects.filter(country="CD").order_by("id").first()
    event = consultation.event_create(
        user, round_, place=site.name if site else "Kamituga, South Kivu", site=site,
        held_on=round_.opens_on + timedelta(days=6), facilitator="Fédération des coopératives minières du Sud-Kivu",
        language="Swahili, French", attendance={("asm", "women"): 11, ("asm", "men"): 19, ("trade", "men"): 3,
                                                ("trade", "women"): 1, ("civil_society", "women"): 2,
                                                ("government", "not_stated"): 1})
    questions = {q.position: q for q in round_.questions.all()}
    sheets = [
        ({"name": "Furaha M.", "sector": "asm", "country": "CD", "consent": "anonymous", "language": "fr"},
         {0: ("", "Le coût de l'évaluation et le manque de papiers pour la coopérative."), 1: ("yes", "")},
         "Il faut des réunions en swahili."),
        ({"name": "Bienvenu K.", "sector": "asm", "country": "CD", "consent": "named", "language": "fr"},
         {0: ("", "Les négociants ne paient pas plus pour l'or évalué."), 1: ("no", "Le travail des enfants au "
                                                                                  "tamisage n'est pas clair.")}, ""),
        ({"name": "Neema A.", "sector": "trade", "country": "CD", "consent": "private", "language": "fr"},
         {1: ("yes", "")}, "Nous voulons des formations sur la traçabilité."),
    ]
    for i, (respondent, answers, general) in enumerate(sheets):
        consultation.event_response_enter(
            user, event, respondent,
            {questions[pos].pk: consultation.AnswerInput(v, t) for pos, (v, t) in answers.items()},
            general, f"demo-sheet-{i}")
    return event
