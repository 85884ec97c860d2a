"""The registry demo: about 60 fictional actors in five mining supply chains, and their producers' assessments.

Producers in DR Congo, Peru and Colombia sell through traders and exporters (also in Uganda and Rwanda) to
refiners, manufacturers and brands; financiers and some buyers support producers directly. Each producer is
assessed two to four times between 2023 and 2025 against the published demo standard (MES 0.1), so levels,
progress, the CAHRA multiplier, a Tier I breach and its remediation, and an ineligible producer all show.

Everything is drawn from one seeded Random and fixed dates: every load gives the same data. All names are
invented; any likeness to a real organisation is a coincidence.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from assay.assessments.models import Answer, Assessment, AssessmentKind, Commitment
from assay.assessments.services import (
    AnswerInput,
    assessment_review,
    assessment_save_answers,
    assessment_start,
    assessment_submit,
    commitment_add,
)
from assay.registry.models import Actor, CahraArea, MemberRole, Membership, Relationship, RelationshipKind, Site
from assay.registry.services import cahra_import, registry_save
from assay.standards.models import ActorRole, Criterion, Kind, StandardVersion

SEED = 2017
DEMO_PASSWORD = "assay-demo-2026"
TODAY = date(2026, 11, 26)  # the demo's "now": commitments due before it show as overdue
FIRST_DAY, LAST_DAY = date(2023, 1, 9), date(2025, 11, 28)
MIN_GAP = 200  # days between a producer's assessments: above the standard's 180, so progress counts


@dataclass(frozen=True)
class ProducerSpec:
    key: str
    name: str
    country: str
    region: str
    site: str
    minerals: tuple[str, ...] = ("gold",)


@dataclass(frozen=True)
class BuyerSpec:
    """Any actor downstream of producers; `sells_to` lists candidate buyers, the first always used."""

    key: str
    name: str
    role: str
    country: str
    region: str
    minerals: tuple[str, ...]
    sells_to: tuple[str, ...]
    profile: str


T3 = ("tin", "tantalum", "tungsten")

PRODUCERS = [
    ProducerSpec("tujenge", "Coopérative Minière Tujenge", "CD", "South Kivu", "Chantier Tujenge"),
    ProducerSpec("umoja", "Coopérative des Creuseurs Umoja", "CD", "South Kivu", "Chantier Umoja",
                 ("tin", "tantalum")),
    ProducerSpec("tumaini", "Coopérative Minière Tumaini ya Kesho", "CD", "South Kivu", "Chantier Tumaini"),
    ProducerSpec("imani", "Coopérative Minière Imani", "CD", "South Kivu", "Chantier Imani", ("tungsten", "tin")),
    ProducerSpec("maendeleo", "Coopérative des Exploitants Artisanaux Maendeleo", "CD", "North Kivu",
                 "Chantier Maendeleo", T3),
    ProducerSpec("juhudi", "Association des Creuseurs Juhudi", "CD", "North Kivu", "Chantier Juhudi"),
    ProducerSpec("amani", "Coopérative Minière Amani Kwetu", "CD", "North Kivu", "Chantier Amani",
                 ("tantalum", "tin")),
    ProducerSpec("neema", "Coopérative Minière Neema", "CD", "Ituri", "Chantier Neema"),
    ProducerSpec("bidii", "Coopérative des Orpailleurs Bidii", "CD", "Ituri", "Chantier Bidii"),
    ProducerSpec("furaha", "Coopérative des Creuseurs Furaha", "CD", "Ituri", "Chantier Furaha"),
    ProducerSpec("upendo", "Coopérative Minière Upendo wa Uele", "CD", "Haut-Uélé", "Chantier Upendo"),
    ProducerSpec("baraka", "Association des Orpailleurs Baraka", "CD", "Haut-Uélé", "Chantier Baraka"),
    ProducerSpec("nueva-esperanza", "Asociación de Mineros Artesanales Nueva Esperanza", "PE", "Puno",
                 "Frente Nueva Esperanza"),
    ProducerSpec("aurora", "Cooperativa Minera Aurora del Altiplano", "PE", "Puno", "Frente Aurora"),
    ProducerSpec("cumbre-dorada", "Asociación de Productores Mineros Cumbre Dorada", "PE", "Puno",
                 "Frente Cumbre Dorada"),
    ProducerSpec("estrella-del-sur", "Cooperativa Minera Estrella del Sur", "PE", "Arequipa", "Labor Estrella"),
    ProducerSpec("luz-del-desierto", "Asociación de Mineros Artesanales Luz del Desierto", "PE", "Arequipa",
                 "Labor Luz del Desierto"),
    ProducerSpec("horizonte", "Cooperativa Minera Horizonte Costero", "PE", "Arequipa", "Labor Horizonte"),
    ProducerSpec("amanecer", "Asociación de Mineros Artesanales Amanecer Amazónico", "PE", "Madre de Dios",
                 "Concesión Amanecer"),
    ProducerSpec("selva-viva", "Cooperativa Minera Selva Viva", "PE", "Madre de Dios", "Concesión Selva Viva"),
    ProducerSpec("rio-esperanza", "Asociación de Productores Auríferos Río Esperanza", "PE", "Madre de Dios",
                 "Concesión Río Esperanza"),
    ProducerSpec("el-porvenir", "Asociación de Mineros Artesanales El Porvenir", "CO", "Antioquia",
                 "Mina El Porvenir"),
    ProducerSpec("filo-de-oro", "Cooperativa Minera Filo de Oro", "CO", "Antioquia", "Mina Filo de Oro"),
    ProducerSpec("cerro-azul", "Asociación de Mineros Tradicionales Cerro Azul", "CO", "Antioquia",
                 "Mina Cerro Azul"),
    ProducerSpec("unidos", "Cooperativa de Mineros Unidos por la Paz", "CO", "Antioquia", "Mina La Paz"),
    ProducerSpec("vereda-alta", "Asociación Agrominera Vereda Alta", "CO", "Antioquia", "Mina Vereda Alta"),
    ProducerSpec("quebrada-bonita", "Asociación Minera Quebrada Bonita", "CO", "Antioquia",
                 "Mina Quebrada Bonita"),
    ProducerSpec("agua-clara", "Asociación de Barequeras Agua Clara", "CO", "Chocó", "Playa Agua Clara"),
    ProducerSpec("rio-sagrado", "Asociación Minera Artesanal Río Sagrado", "CO", "Chocó", "Mina Río Sagrado"),
    ProducerSpec("manos-unidas", "Cooperativa Minera Ancestral Manos Unidas", "CO", "Chocó",
                 "Mina Manos Unidas"),
]

BUYERS = [
    # Traders
    BuyerSpec("kivu-lumiere", "Maison d'Achat Kivu Lumière", ActorRole.TRADER, "CD", "South Kivu", ("gold", *T3),
              ("or-du-kivu", "mille-collines"),
              "Maison d'achat agréée à Bukavu qui achète l'or et les 3T de coopératives artisanales du Sud-Kivu."),
    BuyerSpec("mwangaza", "Établissements Mwangaza", ActorRole.TRADER, "CD", "North Kivu", (*T3, "gold"),
              ("mille-collines", "great-lakes"),
              "Négociant agréé à Goma qui achète la cassitérite, le coltan et l'or des coopératives du Nord-Kivu."),
    BuyerSpec("etoile-ituri", "Maison d'Achat Étoile de l'Ituri", ActorRole.TRADER, "CD", "Ituri", ("gold",),
              ("great-lakes", "or-du-kivu"),
              "Comptoir d'achat d'or établi à Bunia, qui s'approvisionne auprès des orpailleurs de l'Ituri et du "
              "Haut-Uélé."),
    BuyerSpec("lakeside", "Lakeside Gold Traders Ltd", ActorRole.TRADER, "UG", "Central", ("gold",),
              ("great-lakes",),
              "Kampala-based gold trader buying from artisanal cooperatives in eastern DR Congo and passing full lot "
              "records on to its exporter."),
    BuyerSpec("ikaze", "Société Ikaze Minerals", ActorRole.TRADER, "RW", "Kigali", T3, ("mille-collines",),
              "Négociant en étain, tantale et tungstène basé à Kigali, qui s'approvisionne auprès de coopératives "
              "des deux Kivus."),
    BuyerSpec("altiplano", "Comercializadora Altiplano Oro S.A.C.", ActorRole.TRADER, "PE", "Puno", ("gold",),
              ("inca-aurum", "cordillera"),
              "Comercializadora de oro con sede en Juliaca que compra a mineros artesanales formalizados de Puno y "
              "Madre de Dios."),
    BuyerSpec("sur-andino", "Acopiadora Sur Andino S.A.C.", ActorRole.TRADER, "PE", "Arequipa", ("gold",),
              ("cordillera", "inca-aurum"),
              "Acopiadora de mineral aurífero que compra a productores formalizados de la costa de Arequipa."),
    BuyerSpec("amazonia", "Acopiadora Amazonía Dorada S.A.C.", ActorRole.TRADER, "PE", "Madre de Dios", ("gold",),
              ("inca-aurum",),
              "Compradora de oro en Puerto Maldonado que solo trabaja con mineros inscritos en el proceso de "
              "formalización."),
    BuyerSpec("nordeste", "Comercializadora Nordeste Aurífero S.A.S.", ActorRole.TRADER, "CO", "Antioquia",
              ("gold",), ("andina",),
              "Comercializadora de oro del nordeste antioqueño que compra a asociaciones mineras con trazabilidad "
              "por lote."),
    BuyerSpec("pacifico", "Compraventa Pacífico Dorado S.A.S.", ActorRole.TRADER, "CO", "Chocó", ("gold",),
              ("andina",),
              "Compraventa de oro en Quibdó que trabaja con barequeras y asociaciones mineras del Chocó."),
    # Exporters
    BuyerSpec("or-du-kivu", "Comptoir d'Exportation Or du Kivu SARL", ActorRole.EXPORTER, "CD", "South Kivu",
              ("gold",), ("gulf-crescent", "alpenglanz"),
              "Comptoir agréé d'exportation d'or à Bukavu, qui expédie des lots traçables vers des affineurs "
              "audités."),
    BuyerSpec("mille-collines", "Mille Collines Minerals Export SARL", ActorRole.EXPORTER, "RW", "Kigali", T3,
              ("straits",),
              "Exportateur de concentrés d'étain, de tantale et de tungstène basé à Kigali, qui livre des fonderies "
              "auditées."),
    BuyerSpec("great-lakes", "Great Lakes Bullion Exports Ltd", ActorRole.EXPORTER, "UG", "Central", ("gold",),
              ("alpenglanz", "gulf-crescent"),
              "Entebbe-based exporter shipping artisanal gold from the Great Lakes region to audited refiners."),
    BuyerSpec("inca-aurum", "Exportadora Inca Aurum S.A.C.", ActorRole.EXPORTER, "PE", "Lima", ("gold",),
              ("deccan", "alpenglanz"),
              "Exportadora limeña de oro artesanal formalizado con destino a refinerías auditadas."),
    BuyerSpec("cordillera", "Exportadora Cordillera Dorada S.A.C.", ActorRole.EXPORTER, "PE", "Arequipa",
              ("gold",), ("alpenglanz", "deccan"),
              "Exportadora de oro con sede en Arequipa que adjunta la trazabilidad de sus proveedores a cada envío."),
    BuyerSpec("andina", "Exportadora Andina de Metales S.A.S.", ActorRole.EXPORTER, "CO", "Antioquia", ("gold",),
              ("alpenglanz", "deccan"),
              "Exportadora de Medellín que abastece a refinerías auditadas con oro de la minería artesanal "
              "formalizada."),
    # Refiners
    BuyerSpec("alpenglanz", "Alpenglanz Precious Metals SA", ActorRole.REFINER, "CH", "Ticino", ("gold",),
              ("jurafine", "lumora", "orafo"),
              "Gold refiner in Ticino running an artisanal-gold programme with site visits by its own field team."),
    BuyerSpec("gulf-crescent", "Gulf Crescent Gold Refinery LLC", ActorRole.REFINER, "AE", "Dubai", ("gold",),
              ("marlowe", "oakhaven", "orafo"),
              "Dubai refinery that buys artisanal doré only through exporters with verified chain-of-custody "
              "records."),
    BuyerSpec("deccan", "Deccan Sunrise Refinery Pvt Ltd", ActorRole.REFINER, "IN", "Gujarat", ("gold",),
              ("northfield", "orafo", "harbourlight"),
              "Gold refinery in Gujarat supplying jewellery and electronics makers with a growing share of "
              "traceable artisanal gold."),
    BuyerSpec("straits", "Straits Tin & Tantalum Smelting Sdn Bhd", ActorRole.REFINER, "MY", "Penang", T3,
              ("lindenhall", "kisaragi", "harbourlight"),
              "Penang smelter processing tin, tantalum and tungsten concentrates from audited Great Lakes "
              "exporters."),
    # Manufacturers
    BuyerSpec("jurafine", "Jurafine Watch Components SA", ActorRole.MANUFACTURER, "CH", "Jura", ("gold",),
              ("lumora",), "Maker of gold watch cases and dials in the Swiss Jura, supplied by one audited refiner."),
    BuyerSpec("orafo", "Orafo Lumina S.p.A.", ActorRole.MANUFACTURER, "IT", "Veneto", ("gold",), (),
              "Jewellery manufacturer in Vicenza making chains and settings for European brands."),
    BuyerSpec("lindenhall", "Lindenhall Capacitors GmbH", ActorRole.MANUFACTURER, "DE", "Bavaria",
              ("tantalum", "tin"), (),
              "Maker of tantalum capacitors and solder for the automotive and medical industries."),
    BuyerSpec("kisaragi", "Kisaragi Components K.K.", ActorRole.MANUFACTURER, "JP", "Nagano", T3, ("harbourlight",),
              "Electronic component maker in Nagano sourcing tin, tantalum and tungsten from audited smelters."),
    BuyerSpec("northfield", "Northfield Circuits Inc.", ActorRole.MANUFACTURER, "US", "Texas", ("gold", "tin"), (),
              "Circuit-board assembler in Texas using gold plating and tin solder from audited refiners."),
    # Brands
    BuyerSpec("lumora", "Lumora Watches SA", ActorRole.BRAND, "CH", "Geneva", ("gold",), (),
              "Geneva watch brand that publishes the origin of the gold in every collection."),
    BuyerSpec("marlowe", "Marlowe & Finch Jewellers Ltd", ActorRole.BRAND, "GB", "London", ("gold",), (),
              "London jeweller buying a growing share of its gold from progressing artisanal mines."),
    BuyerSpec("oakhaven", "Oakhaven Jewellery B.V.", ActorRole.BRAND, "NL", "North Holland", ("gold",), (),
              "Dutch jewellery brand that co-funds improvement plans at the artisanal mines in its supply chain."),
    BuyerSpec("harbourlight", "Harbourlight Devices Inc.", ActorRole.BRAND, "US", "California", ("gold", *T3), (),
              "Consumer-electronics brand that maps its mineral supply chain down to the mine site."),
    # Financiers
    BuyerSpec("fairlode", "Fairlode Impact Fund", ActorRole.FINANCIER, "GB", "London", ("gold",), (),
              "Impact fund lending working capital to artisanal mining organisations that follow an improvement "
              "plan."),
    BuyerSpec("lodestar", "Lodestar ASM Finance Facility", ActorRole.FINANCIER, "NL", "South Holland",
              ("gold", "tin"), (),
              "Blended-finance facility for equipment and mercury-free processing at artisanal mines."),
]

# Engagements other than sourcing: (buyer, supplier, kind).
SUPPORT = [
    ("fairlode", "tujenge", RelationshipKind.FINANCE),
    ("fairlode", "neema", RelationshipKind.FINANCE),
    ("fairlode", "nueva-esperanza", RelationshipKind.FINANCE),
    ("lodestar", "maendeleo", RelationshipKind.FINANCE),
    ("lodestar", "el-porvenir", RelationshipKind.FINANCE),
    ("marlowe", "agua-clara", RelationshipKind.TECHNICAL_SUPPORT),
    ("harbourlight", "umoja", RelationshipKind.TECHNICAL_SUPPORT),
    ("alpenglanz", "aurora", RelationshipKind.TECHNICAL_SUPPORT),
    ("oakhaven", "filo-de-oro", RelationshipKind.TECHNICAL_SUPPORT),
]

# Where producers sell outside DR Congo (first: the local trader).
TRADERS_BY_REGION = {
    "Puno": ("altiplano", "sur-andino"),
    "Arequipa": ("sur-andino", "altiplano"),
    "Madre de Dios": ("amazonia", "altiplano"),
    "Antioquia": ("nordeste", "pacifico"),
    "Chocó": ("pacifico", "nordeste"),
}

# Latitude and longitude ranges inside each region's mining districts, so map pins land on land.
BOUNDS = {
    "South Kivu": ((-3.60, -2.30), (27.90, 28.90)),
    "North Kivu": ((-1.60, -0.40), (27.90, 29.10)),
    "Ituri": ((1.30, 2.30), (29.80, 30.40)),
    "Haut-Uélé": ((2.80, 3.50), (28.60, 29.80)),
    "Puno": ((-14.95, -14.10), (-70.20, -69.35)),
    "Arequipa": ((-15.85, -15.45), (-74.05, -73.30)),
    "Madre de Dios": ((-13.05, -12.55), (-70.55, -69.60)),
    "Antioquia": ((6.55, 7.55), (-75.85, -74.55)),
    "Chocó": ((4.95, 5.85), (-76.75, -76.45)),
}

# Ituri's designation ends, so its later assessments show the multiplier falling away.
CAHRA_CSV = """country,region,source,start,end
CD,South Kivu,Assay demo CAHRA list,2015-01-01,
CD,North Kivu,Assay demo CAHRA list,2015-01-01,
CD,Ituri,Assay demo CAHRA list,2015-01-01,2024-06-30
CO,Chocó,Assay demo CAHRA list,2019-03-01,
"""
CAHRA_REGIONS = {"South Kivu", "North Kivu", "Ituri", "Chocó"}

LANGUAGE = {"CD": "fr", "RW": "fr", "PE": "es", "CO": "es"}
MINERALS_FR = {"gold": "de l'or", "tin": "de la cassitérite", "tantalum": "du coltan", "tungsten": "de la wolframite"}
PLACE_FR = {"South Kivu": "au Sud-Kivu", "North Kivu": "au Nord-Kivu", "Ituri": "en Ituri",
            "Haut-Uélé": "dans le Haut-Uélé"}

# The story producers: one with a Tier I breach later remediated, one whose title lapses, one returned.
TIER_ONE, INELIGIBLE, RETURNED = "bidii", "rio-sagrado", "luz-del-desierto"

# Per-assessment maturity steps by trend: (steps, weights).
STEPS = {
    "fast": ((0, 1, 2), (2, 5, 3)),
    "improve": ((0, 1, 2), (4, 5, 1)),
    "stagnate": ((-1, 0, 1), (1, 8, 1)),
    "regress": ((-2, -1, 0), (1, 4, 5)),
}
DIRECTION = {"fast": 1, "improve": 1, "stagnate": 0, "regress": -1}

NA_NOTES = {
    "4.1": {"fr": "Aucune force de sécurité, publique ou privée, sur le site.",
            "es": "No hay fuerzas de seguridad públicas ni privadas en el sitio."},
    "6.3": {"fr": "Traitement gravimétrique seulement : aucun produit chimique utilisé.",
            "es": "Solo concentración gravimétrica: no se usan productos químicos."},
    "7.4": {"fr": "Aucun peuple autochtone dans la zone d'influence du site.",
            "es": "No hay pueblos indígenas en el área de influencia del sitio."},
}

# Commitments a producer might make where a criterion is at maturity 0 or 1: code → (French, Spanish) action.
ACTIONS = {
    "4.2": ("Publier au bureau de la coopérative la liste des taxes officielles et refuser tout paiement informel.",
            "Publicar en la oficina la lista de tasas oficiales y rechazar todo pago informal."),
    "4.3": ("Peser et enregistrer chaque lot à la sortie du site, avec le nom du creuseur et la date.",
            "Pesar y registrar cada lote a la salida de la mina, con el nombre del minero y la fecha."),
    "4.5": ("Déclarer la production mensuelle au service des mines et conserver les quittances.",
            "Declarar la producción mensual ante la autoridad minera y conservar los comprobantes."),
    "5.1": ("Doter chaque équipe de casques, bottes et gants, et tenir un registre de distribution.",
            "Dotar a cada cuadrilla de cascos, botas y guantes, y llevar un registro de entrega."),
    "5.2": ("Étançonner les galeries principales et fermer les puits abandonnés.",
            "Entibar las galerías principales y cerrar los socavones abandonados."),
    "6.1": ("Installer une cornue pour récupérer le mercure et former les responsables d'équipe.",
            "Instalar retortas para recuperar el mercurio y capacitar a los jefes de cuadrilla."),
    "6.2": ("Cesser l'amalgamation du minerai brut : concentrer d'abord par gravimétrie.",
            "Dejar de amalgamar mineral en bruto: concentrar primero por gravimetría."),
    "1.4": ("Installer une boîte à plaintes et désigner deux personnes de confiance pour les traiter.",
            "Instalar un buzón de quejas y nombrar a dos personas de confianza para atenderlas."),
}
OWNERS = {"fr": ("Comité de gestion", "Président de la coopérative", "Responsable santé et sécurité"),
          "es": ("Junta directiva", "Presidente de la organización", "Responsable de seguridad y salud")}

DEMO_USERS = ("coop", "trader", "brand", "assessor", "secretariat")


@transaction.atomic
def load_demo_registry(admin_user: Any) -> dict[str, int]:
    """Load the registry and assessment demo once, acting as `admin_user` (staff); a second call changes nothing.

    Needs the published demo standard (load_demo_standard). Returns how many of each record there are.
    """
    if Actor.objects.exists():
        return _counts()
    rng = random.Random(SEED)
    version = StandardVersion.objects.get(standard__slug="mes", label="0.1")
    actors = _create_actors(admin_user, rng)
    sites = {spec.key: _create_site(admin_user, rng, spec, actors[spec.key]) for spec in PRODUCERS}
    # Before any assessment, so every stored score already knows whether its site is in a CAHRA.
    cahra_import(admin_user, CAHRA_CSV.encode())
    buyers = _create_relationships(admin_user, rng, actors)
    users = _create_users(admin_user, actors)
    _assess_producers(admin_user, rng, version, actors, sites, buyers, users["assessor"], users["secretariat"])
    _assess_trader(admin_user, rng, version, actors[BUYERS[0].key])
    return _counts()


def _counts() -> dict[str, int]:
    return {
        "actors": Actor.objects.count(),
        "sites": Site.objects.count(),
        "CAHRA areas": CahraArea.objects.count(),
        "relationships": Relationship.objects.count(),
        "demo users": get_user_model().objects.filter(username__in=DEMO_USERS).count(),
        "assessments": Assessment.objects.count(),
        "answers": Answer.objects.count(),
        "commitments": Commitment.objects.count(),
    }


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _producer_profile(spec: ProducerSpec, miners: int) -> str:
    organisation = spec.name.split()[0]
    if LANGUAGE[spec.country] == "fr":
        parts = [MINERALS_FR[m] for m in spec.minerals]
        minerals = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
        return (f"{organisation} de {miners} mineurs artisanaux produisant {minerals} {PLACE_FR[spec.region]}, "
                "engagée dans une démarche de progrès.")
    return (f"{organisation} de {miners} mineros artesanales que producen oro en {spec.region}, comprometida con "
            "la mejora continua de sus prácticas.")


def _create_actors(user: Any, rng: random.Random) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for spec in PRODUCERS:
        miners = int(40 + 1160 * rng.random() ** 2)  # most ASM organisations are small
        actors[spec.key] = registry_save(user, Actor(
            name=spec.name, slug=slugify(spec.name)[:80], role=ActorRole.PRODUCER, country=spec.country,
            region=spec.region, minerals=list(spec.minerals), miners=miners,
            profile=_producer_profile(spec, miners),
        ))
    for spec in BUYERS:
        actors[spec.key] = registry_save(user, Actor(
            name=spec.name, slug=slugify(spec.name)[:80], role=spec.role, country=spec.country, region=spec.region,
            minerals=list(spec.minerals), profile=spec.profile,
        ))
    return actors


def _create_site(user: Any, rng: random.Random, spec: ProducerSpec, actor: Actor) -> Site:
    (lat0, lat1), (lon0, lon1) = BOUNDS[spec.region]
    return registry_save(user, Site(
        actor=actor, name=spec.site, country=spec.country, region=spec.region,
        latitude=Decimal(f"{rng.uniform(lat0, lat1):.5f}"), longitude=Decimal(f"{rng.uniform(lon0, lon1):.5f}"),
    ))


def _traders_for(spec: ProducerSpec) -> tuple[str, str]:
    if spec.country != "CD":
        return TRADERS_BY_REGION[spec.region]
    local = {"South Kivu": "kivu-lumiere", "North Kivu": "mwangaza"}.get(spec.region, "etoile-ituri")
    # 3T crosses into Rwanda, gold into Uganda.
    return (local, "lakeside") if "gold" in spec.minerals else (local, "ikaze")


def _shares(rng: random.Random, n: int) -> list[Decimal | None]:
    """Shares of one supplier's output for n buyers: each 0.1–0.8, at most 1 together, some not known."""
    left, shares = 100, []
    for i in range(n):
        cents = rng.randint(10, min(80, left - 10 * (n - i - 1)))
        left -= cents
        shares.append(None if rng.random() < 0.2 else Decimal(cents) / 100)
    return shares


def _create_relationships(user: Any, rng: random.Random, actors: dict[str, Actor]) -> dict[str, list[Relationship]]:
    """Sourcing links up every chain, then the support engagements; returns each producer's sourcing links."""
    candidates = [(spec.key, _traders_for(spec), 2) for spec in PRODUCERS]
    candidates += [(spec.key, spec.sells_to, 3 if spec.role == ActorRole.REFINER else 2)
                   for spec in BUYERS if spec.sells_to]
    links: dict[str, list[Relationship]] = {}
    for supplier, buyers, most in candidates:
        producer = actors[supplier].role == ActorRole.PRODUCER
        # Refiners sell to at least two; other suppliers to one, or sometimes more.
        least = 2 if most == 3 else 1
        n = min(len(buyers), rng.randint(least, most))
        # Producers' links predate their first assessment, so a second-party assessor is already a buyer.
        last_start = date(2022, 12, 31) if producer else date(2023, 12, 31)
        for i, (buyer, share) in enumerate(zip(buyers[:n], _shares(rng, n), strict=True)):
            start = _day(rng, date(2021, 1, 1), last_start)
            # A few secondary links ended in 2024; a supplier's main buyer stays.
            end = _day(rng, date(2024, 1, 15), date(2024, 12, 15)) if i and rng.random() < 0.25 else None
            links.setdefault(supplier, []).append(registry_save(user, Relationship(
                buyer=actors[buyer], supplier=actors[supplier], kind=RelationshipKind.SOURCING, share=share,
                start=start, end=end,
            )))
    for buyer, supplier, kind in SUPPORT:
        registry_save(user, Relationship(buyer=actors[buyer], supplier=actors[supplier], kind=kind,
                                         start=_day(rng, date(2022, 1, 1), date(2023, 6, 30))))
    return links


def _create_users(user: Any, actors: dict[str, Actor]) -> dict[str, Any]:
    User = get_user_model()
    users = {}
    for username in DEMO_USERS:
        users[username] = User.objects.filter(username=username).first() or User.objects.create_user(
            username, f"{username}@assay.example", DEMO_PASSWORD)
    first_trader = next(s.key for s in BUYERS if s.role == ActorRole.TRADER)
    first_brand = next(s.key for s in BUYERS if s.role == ActorRole.BRAND)
    for username, key, role in (("coop", PRODUCERS[0].key, MemberRole.ADMIN),
                                ("trader", first_trader, MemberRole.EDITOR),
                                ("brand", first_brand, MemberRole.VIEWER)):
        registry_save(user, Membership(user=users[username], actor=actors[key], role=role))
    # The groups and their permissions are the roles' (assay.accounts.roles, created by a migration).
    users["assessor"].groups.add(Group.objects.get(name="Assessors"))
    # The secretariat verifies what the admin entered (nobody verifies an assessment they submitted).
    users["secretariat"].groups.add(Group.objects.get(name="Secretariat"))
    users["secretariat"].is_staff = True  # the admin holds the access log and the CAHRA list
    users["secretariat"].save(update_fields=["is_staff"])
    return users


@dataclass
class _Trajectory:
    """One producer's state from one assessment to the next: maturities, n/a choices, indicator values."""

    trend: str
    maturity: dict[str, int]
    na: set[str]
    indicators: dict[str, float]
    gold: bool
    mitigations: frozenset[str]

    def advance(self, rng: random.Random) -> None:
        steps, weights = STEPS[self.trend]
        better = DIRECTION[self.trend]
        # An improving producer first puts a plan behind every risk to mitigate (maturity 1), as Entry asks.
        floor = {code: 1 if better > 0 and code in self.mitigations else 0 for code in self.maturity}
        self.maturity = {code: min(3, max(floor[code], m + rng.choices(steps, weights)[0]))
                         for code, m in self.maturity.items()}
        ind = self.indicators
        ind["9.1"] = min(1200.0, max(40.0, ind["9.1"] * rng.uniform(0.95, 1.12)))
        ind["9.2"] = min(45.0, max(5.0, ind["9.2"] + better * rng.uniform(0.5, 4) + rng.uniform(-1, 1)))
        if self.gold:
            factor = {1: rng.uniform(0.55, 0.9), 0: rng.uniform(0.95, 1.05), -1: rng.uniform(1.05, 1.3)}[better]
            ind["9.3"] = min(3.0, ind["9.3"] * factor)
        ind["9.4"] = min(12, max(0, ind["9.4"] - better * rng.randint(0, 3) + rng.randint(-1, 1)))
        ind["9.5"] = min(6, max(0, ind["9.5"] - better * rng.randint(0, 2)))
        ind["9.6"] = min(400, max(80, ind["9.6"] + better * rng.randint(10, 60) + rng.randint(-10, 10)))

    def indicator_text(self, code: str) -> str:
        value = self.indicators[code]
        return {"9.2": f"{value:.1f}", "9.3": f"{value:.2f}"}.get(code, str(round(value)))


def _new_trajectory(rng: random.Random, spec: ProducerSpec, trend: str, scored: list[Criterion],
                    miners: int) -> _Trajectory:
    base = rng.uniform(0.3, 1.7) + (0.8 if trend == "regress" else 0)  # a decline needs room to fall
    maturity = {c.code: min(3, max(0, round(rng.gauss(base, 0.8)))) for c in scored}
    gold = "gold" in spec.minerals
    na = set()
    if spec.region not in CAHRA_REGIONS and rng.random() < 0.4:
        na.add("4.1")
    if not gold or rng.random() < 0.4:
        na.add("6.3")
    if spec.region not in ("Puno", "Madre de Dios", "Chocó") and rng.random() < 0.5:
        na.add("7.4")
    indicators = {
        "9.1": float(miners), "9.2": rng.uniform(5, 30), "9.3": rng.uniform(1.2, 3.0) if gold else 0.0,
        "9.4": rng.randint(3, 12), "9.5": rng.randint(0, 6), "9.6": rng.randint(80, 220),
    }
    if spec.key == TIER_ONE:
        maturity["5.4"], indicators["9.5"] = 0, 6
    mitigations = frozenset(c.code for c in scored if c.kind == Kind.MITIGATION)
    return _Trajectory(trend, maturity, na, indicators, gold, mitigations)


def _dates(rng: random.Random, n: int) -> list[date]:
    """n dates from early 2023 to late 2025, at least MIN_GAP days apart."""
    first = FIRST_DAY + timedelta(days=rng.randint(0, 150))
    if n == 1:
        return [first]
    span = rng.randint(MIN_GAP * (n - 1), (LAST_DAY - first).days)
    step = span / (n - 1)
    jitter = int(min(30, (step - MIN_GAP - 1) / 2))
    return [first + timedelta(days=round(k * step) + (rng.randint(-jitter, jitter) if 0 < k < n - 1 else 0))
            for k in range(n)]


def _producer_answers(criteria: list[Criterion], path: _Trajectory, gates: dict[str, str], lang: str,
                      notes: dict[str, str]) -> dict[int, AnswerInput]:
    answers = {}
    for c in criteria:
        note = notes.get(c.code, "")
        if c.kind == Kind.GATE:
            value = gates.get(c.code, "clear")
        elif c.kind == Kind.INDICATOR:
            value = path.indicator_text(c.code)
        elif c.code in path.na and c.na_allowed:
            value, note = "na", NA_NOTES.get(c.code, {}).get(lang, "")
        else:
            value = str(path.maturity[c.code])
        answers[c.pk] = AnswerInput(value, note)
    return answers


def _assess_producers(admin: Any, rng: random.Random, version: StandardVersion, actors: dict[str, Actor],
                      sites: dict[str, Site], links: dict[str, list[Relationship]], assessor: Any,
                      secretariat: Any) -> None:
    criteria = list(Criterion.objects.filter(version=version).applicable_to(ActorRole.PRODUCER)
                    .order_by("module__position", "position"))
    by_code = {c.code: c for c in criteria}
    scored = [c for c in criteria if c.kind in (Kind.MITIGATION, Kind.PRACTICE)]
    ordinary = [s.key for s in PRODUCERS if s.key not in (TIER_ONE, INELIGIBLE)]
    trends = ["stagnate"] * 4 + ["regress"] * 2 + ["fast"] * 9
    trends += ["improve"] * (len(ordinary) - len(trends))
    rng.shuffle(trends)
    trend_of = dict(zip(ordinary, trends, strict=True)) | {TIER_ONE: "fast", INELIGIBLE: "improve"}
    kinds = (AssessmentKind.SELF, AssessmentKind.SECOND_PARTY, AssessmentKind.THIRD_PARTY)

    for spec in PRODUCERS:
        actor, site, lang = actors[spec.key], sites[spec.key], LANGUAGE[spec.country]
        path = _new_trajectory(rng, spec, trend_of[spec.key], scored, actor.miners)
        dates = _dates(rng, 3 if spec.key == TIER_ONE else rng.choice((2, 3, 3, 4)))
        for i, on in enumerate(dates):
            latest = i == len(dates) - 1
            if i:
                path.advance(rng)
            gates: dict[str, str] = {}
            notes: dict[str, str] = {}
            kind = rng.choices(kinds, weights=(4, 3, 3))[0]
            if spec.key == TIER_ONE and i == 0:
                kind, gates["3.3"] = AssessmentKind.THIRD_PARTY, "breach"
                notes["3.3"] = ("Des enfants de moins de quinze ans ont été vus au concassage et au lavage du minerai "
                                "sur deux des puits visités.")
            elif spec.key == TIER_ONE and i == 1:
                # Remediated: children withdrawn and schooled, with a prevention system behind it.
                kind, path.maturity["5.4"], path.indicators["9.5"] = AssessmentKind.THIRD_PARTY, 2, 0
                notes["3.3"] = ("Aucun enfant vu sur le site ; les enfants identifiés en 2023 sont scolarisés avec "
                                "l'appui de la coopérative.")
            if spec.key == INELIGIBLE and latest:
                gates["2.1"] = "breach"
                notes["2.1"] = "El título minero venció y la renovación no se ha presentado ante la autoridad minera."
            buyer = None
            if kind == AssessmentKind.SECOND_PARTY:
                active = [r.buyer for r in links[spec.key] if r.start <= on and (r.end is None or r.end >= on)]
                buyer = rng.choice(active or [links[spec.key][0].buyer])
                if not active:  # only a buyer of the producer on that date makes a second-party assessment
                    kind, buyer = AssessmentKind.SELF, None
            assessment = assessment_start(
                admin, actor, version, kind, on, site=site, assessing_actor=buyer,
                assessor=assessor if kind == AssessmentKind.THIRD_PARTY else None)
            assessment_save_answers(admin, assessment, _producer_answers(criteria, path, gates, lang, notes))
            if latest and rng.random() < 0.5:
                _add_commitments(admin, rng, assessment, path, by_code, lang)
            assessment_submit(admin, assessment)
            reviewer = assessor if kind == AssessmentKind.THIRD_PARTY else secretariat
            if spec.key == RETURNED and latest:
                assessment_review(reviewer, assessment, verify=False, comment=(
                    "Faltan las actas de asamblea y los registros de capacitación que respaldan las madureces "
                    "declaradas en 1.4 y 5.5; adjúntelos y envíe una corrección."))
            elif not latest or spec.key in (TIER_ONE, INELIGIBLE) or rng.random() < 0.7:
                assessment_review(reviewer, assessment, verify=True)
            # Otherwise the latest stays submitted, waiting for review.


def _add_commitments(admin: Any, rng: random.Random, assessment: Assessment, path: _Trajectory,
                     by_code: dict[str, Criterion], lang: str) -> None:
    weak = [code for code in ACTIONS if path.maturity.get(code, 3) <= 1 and code not in path.na]
    for code in rng.sample(weak, min(len(weak), rng.randint(1, 2))):
        # Most fall due after the demo's today; about one in four is already overdue.
        if rng.random() < 0.25:
            due = _day(rng, max(assessment.date + timedelta(days=60), date(2026, 1, 15)), TODAY - timedelta(days=30))
        else:
            due = _day(rng, TODAY + timedelta(days=45), TODAY + timedelta(days=400))
        action = ACTIONS[code][0 if lang == "fr" else 1]
        commitment_add(admin, assessment, by_code[code], action, rng.choice(OWNERS[lang]), due)


def _assess_trader(admin: Any, rng: random.Random, version: StandardVersion, trader: Actor) -> None:
    """A self-assessment the trader has begun and not yet submitted."""
    criteria = list(Criterion.objects.filter(version=version).applicable_to(ActorRole.TRADER))
    assessment = assessment_start(admin, trader, version, AssessmentKind.SELF, date(2025, 10, 15))
    answers = {c.pk: AnswerInput("clear" if c.kind == Kind.GATE else str(rng.randint(1, 2))) for c in criteria}
    assessment_save_answers(admin, assessment, answers)
