"""Demo comments on the demo consultation round: about 200 submitted responses, a campaign and dispositions.

Every person, organisation and place named here is invented, and every e-mail address is at example.org. The
comments were written for the demo. Everything goes through the consultation services, as a respondent and the
committee would, and the result is the same on every run (random.Random(2018)).
"""

import random
import re
import unicodedata

from django.db import transaction
from rapidfuzz import fuzz, process

from assay.consultation import services
from assay.consultation.models import AnswerType, Comment, Consent, Decision, Question, Round, Sector
from assay.domain.dedup import normalise
from assay.standards.models import Criterion

SEED = 2018
CAMPAIGN_SIZE = 35
GUARD = 80  # a demo text at least this close (token-set ratio) to an earlier one is written again
TRIES = 16

# --- Who answers ----------------------------------------------------------------------------------------------

REGULAR = {Sector.ASM: 36, Sector.TRADE: 16, Sector.REFINING: 12, Sector.BRANDS: 16, Sector.CIVIL_SOCIETY: 26,
           Sector.GOVERNMENT: 14, Sector.FINANCE: 11, Sector.RESEARCH: 16, Sector.OTHER: 16}
CAMPAIGNERS = {Sector.CIVIL_SOCIETY: 20, Sector.OTHER: 9, Sector.ASM: 3, Sector.RESEARCH: 3}

EVERYWHERE = {c: 1 for c in ("CD", "RW", "UG", "PE", "CO", "BO", "GH", "CH", "DE", "US", "GB", "FR")}
COUNTRIES = {
    Sector.ASM: {"CD": 10, "RW": 4, "UG": 5, "PE": 6, "CO": 5, "BO": 4, "GH": 5},
    Sector.TRADE: {"CD": 4, "RW": 2, "UG": 2, "PE": 2, "CO": 2, "BO": 2, "GH": 2, "CH": 1, "GB": 1},
    Sector.REFINING: {"CH": 4, "DE": 1, "US": 2, "GB": 2, "PE": 1, "RW": 1, "FR": 1},
    Sector.BRANDS: {"DE": 3, "US": 3, "GB": 3, "FR": 3, "CH": 3},
    Sector.CIVIL_SOCIETY: {"CD": 4, "RW": 2, "UG": 2, "PE": 3, "CO": 3, "BO": 2, "GH": 2, "GB": 1, "US": 1, "DE": 1,
                           "FR": 1, "CH": 1},
    Sector.GOVERNMENT: {"CD": 3, "RW": 2, "UG": 2, "PE": 2, "CO": 2, "BO": 2, "GH": 2, "DE": 1, "US": 1, "GB": 1,
                        "FR": 1},
    Sector.FINANCE: {"CH": 3, "GB": 3, "US": 2, "DE": 1, "FR": 1, "CO": 1, "PE": 1},
    Sector.RESEARCH: EVERYWHERE,
    Sector.OTHER: EVERYWHERE,
}
# The campaign letter circulated in English, among English-speaking supporters.
CAMPAIGN_COUNTRIES = {"UG": 3, "GH": 3, "GB": 4, "US": 4, "RW": 2, "DE": 1, "CH": 1}
CAMPAIGN_ASM_COUNTRIES = {"UG": 1, "GH": 1, "RW": 1}

LANGUAGES = {"CD": "fr", "FR": "fr", "PE": "es", "CO": "es", "BO": "es", "UG": "en", "GH": "en", "US": "en",
             "GB": "en", "DE": "en"}  # RW and CH: French or English

NAMES = {
    "great_lakes": (["Amani", "Bahati", "Chantal", "Espérance", "Furaha", "Gloire", "Innocent", "Josué", "Nadège",
                     "Patience", "Solange", "Jean-Pierre", "Mireille", "Dieudonné", "Aline", "Fiston", "Claudine",
                     "Olivier", "Neema", "Bienvenu"],
                    ["Kabeya", "Mulumba", "Bisimwa", "Mushagalusa", "Tshibanda", "Lukusa", "Ngoy", "Kasereka",
                     "Mutombo", "Habimana", "Uwimana", "Niyonsaba", "Mugisha", "Nsengiyumva"]),
    "uganda": (["Grace", "Moses", "Sarah", "Isaac", "Brenda", "Ronald", "Esther", "Joseph", "Prossy", "Denis"],
               ["Okello", "Namutebi", "Ssemwogerere", "Atuhaire", "Kato", "Nakato", "Byaruhanga", "Akello",
                "Tumusiime", "Kisembo"]),
    "ghana": (["Kwame", "Akosua", "Kofi", "Ama", "Yaw", "Abena", "Kojo", "Efua", "Kwabena", "Adwoa"],
              ["Mensah", "Boateng", "Owusu", "Asante", "Darko", "Agyeman", "Ofori", "Amoah", "Appiah", "Frimpong"]),
    "andes": (["María", "José", "Rosa", "Luis", "Carmen", "Juan Carlos", "Yolanda", "Wilber", "Flor", "Edwin",
               "Lucía", "Néstor", "Sonia", "Andrés", "Marisol", "Julián", "Paola", "Diego"],
              ["Quispe", "Mamani", "Huamán", "Condori", "Flores", "Rojas", "Vargas", "Cárdenas", "Mosquera",
               "Restrepo", "Ríos", "Chambi", "Ticona", "Palacios", "Ortiz"]),
    "french": (["Camille", "Julien", "Claire", "Mathieu", "Élodie", "Thomas", "Sophie", "Nicolas", "Hélène",
                "Lucas", "Margaux", "Étienne"],
               ["Moreau", "Girard", "Fontaine", "Chevalier", "Perrin", "Rochat", "Favre", "Bonvin", "Lambert",
                "Marchand"]),
    "english": (["Emma", "James", "Olivia", "Daniel", "Hannah", "Lukas", "Laura", "Michael", "Anna", "Samuel",
                 "Rachel", "Felix", "Katharina", "Ben", "Megan", "Tobias"],
                ["Fletcher", "Whitaker", "Harper", "Brennan", "Keller", "Hoffmann", "Schneider", "Brooks",
                 "Caldwell", "Morgan", "Weber", "Novak", "Ashdown", "Pembury"]),
}
NAME_REGION = {"CD": "great_lakes", "RW": "great_lakes", "UG": "uganda", "GH": "ghana", "PE": "andes", "CO": "andes",
               "BO": "andes", "FR": "french", "GB": "english", "US": "english", "DE": "english"}

# Invented places, for invented organisations.
PLACES = {
    "fr": ["Colline-Claire", "Rivière-Rouge", "Mont-Soleil", "Vallée-Verte", "Deux-Ruisseaux", "Pierre-Blanche",
           "Haute-Source", "Trois-Collines", "Bois-Doré", "Lac-Paisible"],
    "es": ["Las Tres Quebradas", "Piedra Dorada", "Alto Nublado", "Llano Sereno", "Quebrada Escondida",
           "Vista Cóndor", "Río Manso", "Cerro Tranquilo", "Loma Brillante", "Valle Quieto"],
    "en": ["Riverbend", "Red Hill", "Greenvale", "Stonebridge", "Twin Creeks", "Sunridge", "Oakmere",
           "Brightwater", "Kestrel Ridge", "Millbrook"],
}
ORGANISATIONS = {
    Sector.ASM: {"fr": ["Coopérative minière de {p}", "Association des orpailleurs de {p}",
                        "Coopérative des creuseurs artisanaux de {p}"],
                 "en": ["{p} Artisanal Miners' Association", "{p} Gold Diggers Cooperative",
                        "{p} Small-Scale Miners' Group"],
                 "es": ["Cooperativa Minera {p}", "Asociación de Mineros Artesanales de {p}",
                        "Cooperativa Aurífera {p}"]},
    Sector.TRADE: {"fr": ["Comptoir {p} Minerais", "Société d'achat d'or de {p}"],
                   "en": ["{p} Gold Traders Ltd", "{p} Minerals Export"],
                   "es": ["Comercializadora {p} S.A.C.", "Acopio y Comercio {p}"]},
    Sector.REFINING: {"fr": ["Affinerie de {p} SA"], "en": ["{p} Precious Metals Refinery", "{p} Refining AG"],
                      "es": ["Refinería {p}"]},
    Sector.BRANDS: {"fr": ["Maison {p} Joaillerie", "Horlogerie de {p}"],
                    "en": ["{p} Jewellery Co.", "{p} Electronics GmbH", "{p} Watches"],
                    "es": ["Joyería {p}"]},
    Sector.CIVIL_SOCIETY: {"fr": ["Action pour les communautés minières de {p}", "Réseau des femmes de {p}"],
                           "en": ["Friends of {p} Mining Communities", "{p} Women in Mining Network"],
                           "es": ["Red de Mujeres Mineras de {p}", "Colectivo Minería Justa {p}"]},
    Sector.GOVERNMENT: {"fr": ["Division provinciale des mines de {p}", "Service d'encadrement minier de {p}"],
                        "en": ["{p} District Mines Office", "{p} Mineral Development Unit"],
                        "es": ["Dirección Regional de Minería de {p}", "Oficina de Formalización Minera {p}"]},
    Sector.FINANCE: {"fr": ["{p} Finance Solidaire"], "en": ["{p} Impact Capital", "{p} Trade Finance Bank"],
                     "es": ["Fondo {p} de Microcrédito"]},
    Sector.RESEARCH: {"fr": ["Centre d'études minières de {p}"],
                      "en": ["{p} Institute for Mining Studies", "University of {p}, Department of Geography"],
                      "es": ["Instituto de Estudios Mineros {p}"]},
    Sector.OTHER: {"fr": ["{p} Conseil"], "en": ["{p} Consulting"], "es": ["Consultora {p}"]},
}

# A first sentence saying who writes; {n}, {w}, {k}, {kg} and {y} are filled with invented figures.
OPENERS = {
    Sector.ASM: {
        "en": ["Our cooperative has {n} members, {w} of them women, working two alluvial sites.",
               "I am the secretary of a miners' association of about {n} people.",
               "We are a small group of {n} gold miners selling to two local traders."],
        "fr": ["Notre coopérative compte {n} membres, dont {w} femmes, sur deux sites alluvionnaires.",
               "Je suis secrétaire d'une association d'environ {n} creuseurs artisanaux.",
               "Nous sommes un petit groupe de {n} orpailleurs qui vendent à deux négociants locaux."],
        "es": ["Nuestra cooperativa tiene {n} socios, {w} de ellos mujeres, en dos frentes aluviales.",
               "Escribo en nombre de una asociación de unos {n} mineros artesanales.",
               "En nuestra mina trabajamos unas {n} personas, entre ellas {w} pallaqueras."]},
    Sector.TRADE: {
        "en": ["We are a licensed trading house buying from about {k} mine sites.",
               "As an exporter we ship around {kg} kg of gold a year, almost all of it from artisanal sites."],
        "fr": ["Nous sommes un comptoir agréé qui achète auprès d'environ {k} sites miniers.",
               "En tant qu'exportateur, nous expédions environ {kg} kg d'or par an, presque entièrement d'origine "
               "artisanale."],
        "es": ["Somos una comercializadora autorizada que compra a unos {k} sitios mineros.",
               "Como exportadores enviamos alrededor de {kg} kg de oro al año, casi todo de origen artesanal."]},
    Sector.REFINING: {
        "en": ["We refine gold from several countries and already follow the OECD guidance.",
               "Our refinery takes in material from about {k} artisanal suppliers today."],
        "fr": ["Notre affinerie traite de l'or de plusieurs pays et applique déjà le Guide de l'OCDE.",
               "Notre affinerie reçoit aujourd'hui de la matière d'environ {k} fournisseurs artisanaux."],
        "es": ["Nuestra refinería procesa oro de varios países y ya aplica la Guía de la OCDE."]},
    Sector.BRANDS: {
        "en": ["We are a brand that wants to buy more artisanal gold, not less.",
               "Our company buys its gold through {r} refiners."],
        "fr": ["Nous sommes une marque qui souhaite acheter davantage d'or artisanal, pas moins.",
               "Notre entreprise achète son or par l'intermédiaire de {r} affineurs."],
        "es": ["Somos una marca que quiere comprar más oro artesanal, no menos."]},
    Sector.CIVIL_SOCIETY: {
        "en": ["Our organisation works with mining communities in {k} districts.",
               "We have supported women miners' groups for {y} years."],
        "fr": ["Notre organisation accompagne des communautés minières dans {k} territoires.",
               "Nous travaillons depuis {y} ans avec des associations de femmes orpailleuses."],
        "es": ["Nuestra organización acompaña a comunidades mineras en {k} municipios.",
               "Trabajamos desde hace {y} años con asociaciones de mujeres mineras."]},
    Sector.GOVERNMENT: {
        "en": ["I write as an official of the district mines office.",
               "I work in the unit that supports artisanal miners to formalise."],
        "fr": ["J'écris en tant qu'agent du service provincial des mines.",
               "Je travaille au service chargé de l'encadrement de l'exploitation artisanale."],
        "es": ["Escribo desde la dirección regional de minería.",
               "Trabajo en la oficina de formalización minera."]},
    Sector.FINANCE: {
        "en": ["We are an impact investor with loans to {k} mining cooperatives.",
               "We finance pre-export contracts for gold traders."],
        "fr": ["Nous sommes un fonds d'investissement à impact qui prête à {k} coopératives minières."],
        "es": ["Somos una entidad de microfinanzas con créditos a {k} cooperativas mineras."]},
    Sector.RESEARCH: {
        "en": ["I study artisanal gold supply chains and have interviewed {n} miners over the years.",
               "Our institute has followed {k} mine sites for the last {y} years."],
        "fr": ["Je mène des recherches sur l'or artisanal et j'ai interrogé {n} mineurs au fil des ans.",
               "Notre centre suit {k} sites miniers depuis {y} ans."],
        "es": ["Investigo las cadenas del oro artesanal y he entrevistado a {n} mineros a lo largo de los años.",
               "Nuestro instituto sigue {k} sitios mineros desde hace {y} años."]},
    Sector.OTHER: {
        "en": ["I am a consultant who has helped several cooperatives prepare for audits.",
               "I live in a mining town and follow this work with interest."],
        "fr": ["Dans mon travail de conseil, j'ai aidé plusieurs coopératives à préparer des audits.",
               "J'habite une ville minière et je suis ces travaux avec intérêt."],
        "es": ["En mi trabajo de consultoría he ayudado a varias cooperativas a prepararse para auditorías.",
               "Vivo en un pueblo minero y sigo este trabajo con interés."]},
}

# --- What they say: comments by topic, in the three languages ----------------------------------------------------

TOPICS = {
    "grievance": {
        "en": ["A grievance mechanism that only accepts written complaints will not work where many miners cannot "
               "read; oral complaints should count.",
               "Criterion 1.4 should accept a mechanism shared by several sites or run by the cooperative union, "
               "since a single small site cannot staff one.",
               "People will only use a grievance channel if they can complain without the site manager knowing who "
               "they are.",
               "Please say how quickly a complaint must be answered; thirty days seems reasonable for most cases.",
               "Women should be able to raise a complaint with a woman, not only with the site committee, which is "
               "all men.",
               "We would like the standard to count how many complaints were resolved, not just whether a "
               "complaints box exists.",
               "Complaints about security forces need a route outside the site entirely, for example through a "
               "trusted civil society group."],
        "fr": ["Un mécanisme de plainte qui n'accepte que les plaintes écrites ne fonctionnera pas là où beaucoup "
               "de creuseurs ne savent pas lire ; les plaintes orales doivent être prises en compte.",
               "Le critère 1.4 devrait admettre un mécanisme commun à plusieurs sites ou géré par l'union des "
               "coopératives, car un petit site seul n'a pas les moyens d'en faire fonctionner un.",
               "Les gens n'utiliseront un mécanisme de plainte que s'ils peuvent se plaindre sans que le chef de "
               "chantier sache qui ils sont.",
               "Il faudrait préciser dans quel délai une plainte doit recevoir une réponse ; trente jours paraît "
               "raisonnable.",
               "Les femmes doivent pouvoir déposer une plainte auprès d'une femme, et pas seulement devant le "
               "comité du site, composé d'hommes.",
               "Nous souhaitons que la norme mesure le nombre de plaintes effectivement résolues, et pas seulement "
               "l'existence d'une boîte à plaintes.",
               "Les plaintes visant les forces de sécurité doivent pouvoir être portées hors du site, par exemple "
               "auprès d'une organisation de la société civile de confiance."],
        "es": ["Un mecanismo de quejas que solo acepte quejas por escrito no funcionará donde muchos mineros no "
               "saben leer; las quejas orales deben contar.",
               "El criterio 1.4 debería aceptar un mecanismo compartido por varios sitios o gestionado por la "
               "federación de cooperativas, porque un sitio pequeño no puede sostener uno propio.",
               "La gente solo usará el mecanismo si puede quejarse sin que el jefe de la mina sepa quién es.",
               "Convendría fijar un plazo para responder a cada queja; treinta días parece razonable.",
               "Las mujeres deberían poder presentar una queja ante otra mujer y no solo ante el comité del sitio, "
               "formado por hombres.",
               "Nos gustaría que el estándar midiera cuántas quejas se resolvieron de verdad, no solo si existe un "
               "buzón.",
               "Las quejas contra las fuerzas de seguridad necesitan una vía fuera del sitio, por ejemplo a través "
               "de una organización de la sociedad civil de confianza."]},
    "mercury": {
        "en": ["Measuring mercury use per gram of gold is the right indicator, but few sites own a scale precise "
               "enough to record it.",
               "A ban on whole-ore amalgamation from day one would exclude most alluvial sites in our region; a "
               "two-year phase-out with support would work better.",
               "Retorts cost little, but miners will not use them unless buyers pay the same price for retorted "
               "gold.",
               "The standard should recognise gravity concentration as a real step forward, even when mercury is "
               "still used on the concentrate.",
               "Burning amalgam inside homes is the practice that harms children most, and it deserves to be a red "
               "line.",
               "Please align criterion 6.1 with the national action plans under the Minamata Convention, so that "
               "sites are not asked to report twice.",
               "Mercury is often sold by the same traders who buy the gold, so buyers have leverage here and should "
               "use it."],
        "fr": ["Mesurer le mercure utilisé par gramme d'or est le bon indicateur, mais rares sont les sites qui "
               "possèdent une balance assez précise.",
               "Interdire l'amalgamation du minerai brut dès le premier jour exclurait la plupart des sites "
               "alluvionnaires de notre région ; une sortie progressive sur deux ans, avec un accompagnement, "
               "serait plus réaliste.",
               "Les cornues coûtent peu, mais les orpailleurs ne les utiliseront pas si les acheteurs ne paient pas "
               "le même prix pour l'or ainsi traité.",
               "La norme devrait reconnaître la concentration gravimétrique comme un vrai progrès, même si le "
               "mercure est encore utilisé sur le concentré.",
               "Le brûlage de l'amalgame à domicile est la pratique la plus dangereuse pour les enfants et devrait "
               "être une ligne rouge.",
               "Le critère 6.1 devrait s'aligner sur les plans d'action nationaux de la Convention de Minamata, "
               "pour que les sites n'aient pas à déclarer deux fois.",
               "Le mercure est souvent vendu par les mêmes négociants qui achètent l'or : les acheteurs ont donc un "
               "levier et devraient s'en servir."],
        "es": ["Medir el mercurio usado por gramo de oro es el indicador correcto, pero pocos sitios tienen una "
               "balanza lo bastante precisa.",
               "Prohibir la amalgamación de todo el mineral desde el primer día dejaría fuera a casi todos los "
               "sitios aluviales de nuestra región; una eliminación gradual en dos años, con apoyo, sería más "
               "realista.",
               "Las retortas son baratas, pero los mineros no las usarán si los compradores no pagan el mismo "
               "precio por el oro refogado con retorta.",
               "El estándar debería reconocer la concentración gravimétrica como un avance real, aunque todavía se "
               "use mercurio sobre el concentrado.",
               "Quemar la amalgama dentro de las casas es lo que más daña a los niños y debería ser una línea roja.",
               "El criterio 6.1 debería alinearse con los planes de acción nacionales del Convenio de Minamata, "
               "para que los sitios no reporten dos veces.",
               "El mercurio muchas veces lo venden los mismos acopiadores que compran el oro, así que los "
               "compradores tienen influencia y deberían usarla."]},
    "cahra": {
        "en": ["The CAHRA multiplier is a good idea, but the standard must say who draws the map of "
               "conflict-affected areas and how often it is updated.",
               "A multiplier of 1.5 could tempt some to have a calm area declared high-risk; the designation needs "
               "an independent source.",
               "Progress in an area with armed groups costs far more than the same progress elsewhere, so some "
               "extra weight is fair.",
               "We worry that the multiplier makes scores from different countries impossible to compare.",
               "Rather than multiplying scores, the standard could lower the threshold of each level in high-risk "
               "areas.",
               "Please publish the list of high-risk areas used for scoring, so that buyers and producers can "
               "check it."],
        "fr": ["Le coefficient pour les zones de conflit ou à haut risque est une bonne idée, mais la norme doit "
               "dire qui établit la carte de ces zones et à quelle fréquence elle est mise à jour.",
               "Un coefficient de 1,5 pourrait inciter certains à faire classer une zone calme comme zone à haut "
               "risque ; ce classement doit reposer sur une source indépendante.",
               "Progresser dans une zone où opèrent des groupes armés coûte beaucoup plus cher qu'ailleurs ; il est "
               "juste d'en tenir compte.",
               "Nous craignons que le coefficient rende impossible la comparaison des scores entre pays.",
               "Plutôt que de multiplier les scores, la norme pourrait abaisser les seuils de chaque niveau dans les "
               "zones à haut risque.",
               "Merci de publier la liste des zones à haut risque utilisée pour la notation, afin que les acheteurs "
               "et les producteurs puissent la vérifier."],
        "es": ["El multiplicador para zonas de conflicto o de alto riesgo es una buena idea, pero el estándar debe "
               "decir quién traza el mapa de esas zonas y cada cuánto se actualiza.",
               "Un multiplicador de 1,5 podría tentar a algunos a que una zona tranquila se declare de alto riesgo; "
               "la designación necesita una fuente independiente.",
               "Avanzar en una zona con grupos armados cuesta mucho más que lograr el mismo avance en otra parte, "
               "así que es justo darle más peso.",
               "Nos preocupa que el multiplicador haga imposible comparar puntuaciones entre países.",
               "En lugar de multiplicar las puntuaciones, el estándar podría bajar el umbral de cada nivel en las "
               "zonas de alto riesgo.",
               "Por favor publiquen la lista de zonas de alto riesgo que se usa para puntuar, para que compradores "
               "y productores puedan revisarla."]},
    "audit": {
        "en": ["A third-party audit can cost more than a small cooperative earns in a year, so someone other than "
               "the producer has to pay for it.",
               "We suggest pooled audits, where one assessor visits several neighbouring sites on the same trip and "
               "the cost is shared.",
               "Buyers who require audits should contribute to their cost in proportion to the volume they buy.",
               "At entry level, a self-assessment checked by a local monitor could replace a full audit.",
               "Assessors flown in from abroad are expensive; training and accrediting local assessors would cut "
               "the cost and build trust.",
               "An audit every year is too often for a site whose risks have not changed; every two years, with a "
               "light check in between, would do."],
        "fr": ["Un audit par tierce partie peut coûter plus que ce qu'une petite coopérative gagne en un an ; il "
               "faut que quelqu'un d'autre que le producteur le finance.",
               "Nous proposons des audits groupés : un même évaluateur visite plusieurs sites voisins lors d'une "
               "seule mission et le coût est partagé.",
               "Les acheteurs qui exigent des audits devraient contribuer à leur coût au prorata des volumes qu'ils "
               "achètent.",
               "Au niveau d'entrée, une auto-évaluation vérifiée par un observateur local pourrait remplacer un "
               "audit complet.",
               "Faire venir des auditeurs de l'étranger coûte cher ; former et accréditer des évaluateurs locaux "
               "réduirait les coûts et renforcerait la confiance.",
               "Un audit chaque année, c'est trop pour un site dont les risques n'ont pas changé ; un audit tous "
               "les deux ans, avec un contrôle léger entre les deux, suffirait."],
        "es": ["Una auditoría de tercera parte puede costar más de lo que una cooperativa pequeña gana en un año; "
               "alguien distinto del productor tiene que pagarla.",
               "Proponemos auditorías agrupadas: un mismo evaluador visita varios sitios vecinos en un solo viaje y "
               "el costo se reparte.",
               "Los compradores que exigen auditorías deberían aportar a su costo según el volumen que compran.",
               "En el nivel de entrada, una autoevaluación verificada por un monitor local podría reemplazar la "
               "auditoría completa.",
               "Traer auditores del extranjero es caro; formar y acreditar evaluadores locales bajaría los costos y "
               "generaría confianza.",
               "Una auditoría cada año es demasiado para un sitio cuyos riesgos no cambian; cada dos años, con una "
               "verificación ligera entre medio, bastaría."]},
    "women": {
        "en": ["Women do much of the crushing, washing and panning, yet they are rarely members of the cooperative "
               "that sells the gold.",
               "Counting the share of women among workers says little unless you also ask who is paid and who "
               "decides.",
               "Criterion 5.6 should credit sites where women hold seats on the management committee, not only "
               "sites that employ them.",
               "Some rules meant to protect women, such as barring them from the pits, end up pushing them into the "
               "lowest-paid work.",
               "Childcare near the site would do more for women's participation than any policy document.",
               "Please make sure women can take part in assessment interviews without men from the site being "
               "present."],
        "fr": ["Les femmes assurent une grande partie du concassage, du lavage et du tamisage, mais elles sont "
               "rarement membres de la coopérative qui vend l'or.",
               "Compter la part des femmes parmi les travailleurs ne dit pas grand-chose si l'on ne demande pas "
               "aussi qui est payé et qui décide.",
               "Le critère 5.6 devrait valoriser les sites où des femmes siègent au comité de gestion, et pas "
               "seulement ceux qui les emploient.",
               "Certaines règles censées protéger les femmes, comme leur interdire l'accès aux puits, les relèguent "
               "en fait vers les tâches les moins payées.",
               "Une garderie près du site ferait plus pour la participation des femmes que n'importe quel document "
               "de politique.",
               "Veillez à ce que les femmes puissent participer aux entretiens d'évaluation sans la présence des "
               "hommes du site."],
        "es": ["Las mujeres hacen buena parte del chancado, el lavado y el bateo, pero rara vez son socias de la "
               "cooperativa que vende el oro.",
               "Contar la proporción de mujeres entre los trabajadores dice poco si no se pregunta también quién "
               "cobra y quién decide.",
               "El criterio 5.6 debería premiar los sitios donde hay mujeres en la directiva, no solo los que las "
               "emplean.",
               "Algunas reglas pensadas para proteger a las mujeres, como prohibirles entrar a la mina, terminan "
               "empujándolas a los trabajos peor pagados.",
               "Una guardería cerca del sitio haría más por la participación de las mujeres que cualquier política "
               "escrita.",
               "Asegúrense de que las mujeres puedan participar en las entrevistas de evaluación sin que estén "
               "presentes los hombres del sitio."]},
    "formalisation": {
        "en": ["In our country a mining title can take three years to obtain, so criterion 2.1 should accept a "
               "pending application with proof of filing.",
               "Formalisation is the state's job as much as the miners'; the standard should not punish producers "
               "for delays at the cadastre office.",
               "Criterion 2.4 is welcome because it rewards steps toward formalisation instead of demanding a "
               "licence at the start.",
               "Please accept registration with the local authority as a first step where national registration is "
               "out of reach.",
               "Sites on land held under a large company's concession cannot be formalised at all; the standard "
               "needs a route for them.",
               "The cost of registering a cooperative, including lawyers and travel to the capital, should be taken "
               "into account."],
        "fr": ["Dans notre pays, obtenir un titre minier peut prendre trois ans ; le critère 2.1 devrait accepter "
               "une demande en cours, avec preuve du dépôt.",
               "La formalisation relève autant de l'État que des mineurs ; la norme ne doit pas sanctionner les "
               "producteurs pour les lenteurs du cadastre.",
               "Le critère 2.4 est bienvenu, car il récompense les pas vers la formalisation au lieu d'exiger un "
               "permis dès le départ.",
               "Là où l'enregistrement national est hors de portée, un enregistrement auprès de l'autorité locale "
               "devrait être accepté comme première étape.",
               "Les sites situés sur la concession d'une grande société ne peuvent pas être formalisés ; la norme "
               "doit prévoir une voie pour eux.",
               "Le coût de l'enregistrement d'une coopérative, avocats et voyages vers la capitale compris, devrait "
               "être pris en compte."],
        "es": ["En nuestro país un título minero puede tardar tres años; el criterio 2.1 debería aceptar una "
               "solicitud en trámite con constancia de presentación.",
               "La formalización es tarea del Estado tanto como de los mineros; el estándar no debería castigar a "
               "los productores por las demoras del catastro.",
               "El criterio 2.4 es bienvenido porque premia los pasos hacia la formalización en lugar de exigir una "
               "licencia desde el inicio.",
               "Donde el registro nacional no está al alcance, debería aceptarse como primer paso un registro ante "
               "la autoridad local.",
               "Los sitios ubicados en la concesión de una gran empresa no pueden formalizarse; el estándar "
               "necesita una vía para ellos.",
               "El costo de registrar una cooperativa, con abogados y viajes a la capital, debería tenerse en "
               "cuenta."]},
    "buyers": {
        "en": ["Buyers should get credit for pre-financing equipment, not only for paying a premium.",
               "Criterion 8.3 should say what counts as support: cash, technical advice, or simply a guaranteed "
               "price for a season.",
               "A buyer that suspends trade while a supplier fixes a problem should not lose credit, as long as it "
               "stays in contact and sets a date to resume.",
               "Long-term sourcing in 8.6 should mean contracts of at least two years; otherwise the credit is too "
               "easy to earn.",
               "Credit for engagement must be checked with the producers themselves, not only in the buyer's own "
               "report.",
               "Please avoid double counting when several buyers claim the same improvement at the same site."],
        "fr": ["Les acheteurs devraient être crédités pour le préfinancement d'équipements, pas seulement pour le "
               "paiement d'une prime.",
               "Le critère 8.3 devrait préciser ce qui compte comme soutien : de l'argent, un appui technique ou "
               "simplement un prix garanti pour une saison.",
               "Un acheteur qui suspend ses achats le temps qu'un fournisseur règle un problème ne devrait pas "
               "perdre son crédit, s'il reste en contact et fixe une date de reprise.",
               "L'approvisionnement de long terme du critère 8.6 devrait supposer des contrats d'au moins deux "
               "ans ; sinon, le crédit est trop facile à obtenir.",
               "Le crédit accordé pour l'engagement doit être vérifié auprès des producteurs eux-mêmes, et pas "
               "seulement dans le rapport de l'acheteur.",
               "Évitez le double comptage lorsque plusieurs acheteurs revendiquent la même amélioration sur le même "
               "site."],
        "es": ["Los compradores deberían recibir crédito por prefinanciar equipos, no solo por pagar una prima.",
               "El criterio 8.3 debería decir qué cuenta como apoyo: dinero, asistencia técnica o simplemente un "
               "precio garantizado durante una temporada.",
               "Un comprador que suspende las compras mientras un proveedor corrige un problema no debería perder "
               "crédito, siempre que mantenga el contacto y fije una fecha para reanudar.",
               "El abastecimiento a largo plazo del criterio 8.6 debería exigir contratos de al menos dos años; si "
               "no, el crédito es demasiado fácil de obtener.",
               "El crédito por compromiso debe verificarse con los propios productores, no solo con el informe del "
               "comprador.",
               "Eviten la doble contabilidad cuando varios compradores reclaman la misma mejora en el mismo "
               "sitio."]},
    "confidentiality": {
        "en": ["Publishing the names of sites together with their production figures could expose miners to theft "
               "and extortion.",
               "Income data in 9.6 should be shared only in aggregate, never for a named site or person.",
               "Traders will not share their supplier lists if competitors can read them; disclosure should be "
               "limited to the assessor and the secretariat.",
               "Please state who can see each piece of data, how long it is kept, and how a producer can ask for it "
               "to be removed.",
               "GPS coordinates of artisanal sites are sensitive where armed groups are active and should never be "
               "published.",
               "Records kept on paper at the site should be accepted; not every cooperative can run a database."],
        "fr": ["Publier le nom des sites avec leurs chiffres de production pourrait exposer les creuseurs au vol et "
               "au racket.",
               "Les données de revenus du critère 9.6 ne devraient être diffusées que de manière agrégée, jamais "
               "pour un site ou une personne identifiés.",
               "Les négociants ne partageront pas leur liste de fournisseurs si leurs concurrents peuvent la lire ; "
               "la diffusion doit être limitée à l'évaluateur et au secrétariat.",
               "Merci d'indiquer qui peut voir chaque donnée, combien de temps elle est conservée et comment un "
               "producteur peut en demander la suppression.",
               "Les coordonnées GPS des sites artisanaux sont sensibles là où des groupes armés sont actifs et ne "
               "devraient jamais être publiées.",
               "Des registres tenus sur papier sur le site devraient être acceptés ; toutes les coopératives ne "
               "peuvent pas gérer une base de données."],
        "es": ["Publicar el nombre de los sitios junto con sus cifras de producción podría exponer a los mineros a "
               "robos y extorsiones.",
               "Los datos de ingresos del criterio 9.6 solo deberían compartirse de forma agregada, nunca para un "
               "sitio o una persona identificados.",
               "Los comerciantes no compartirán su lista de proveedores si la competencia puede leerla; el acceso "
               "debería limitarse al evaluador y a la secretaría.",
               "Indiquen quién puede ver cada dato, cuánto tiempo se conserva y cómo puede un productor pedir que se "
               "elimine.",
               "Las coordenadas GPS de los sitios artesanales son delicadas donde hay grupos armados y nunca "
               "deberían publicarse.",
               "Deberían aceptarse los registros en papel que se llevan en el sitio; no todas las cooperativas "
               "pueden manejar una base de datos."]},
    "training": {
        "en": ["Numbering the training criterion 1.0 is confusing; it reads like an introduction rather than a "
               "requirement.",
               "Training should be measured by how many people can explain the policy in their own words, not by "
               "attendance sheets.",
               "Training sessions have to be held in local languages and outside working hours at the pits.",
               "It makes sense to put training first, since nobody can follow a policy that was never explained to "
               "them.",
               "Please accept training given by the cooperative's own trained members, which costs far less than "
               "outside trainers."],
        "fr": ["Numéroter 1.0 le critère sur la formation prête à confusion : on dirait une introduction plutôt "
               "qu'une exigence.",
               "La formation devrait se mesurer au nombre de personnes capables d'expliquer la politique avec leurs "
               "propres mots, pas aux feuilles de présence.",
               "Les formations doivent se faire dans les langues locales et en dehors des heures de travail aux "
               "puits.",
               "Il est logique de placer la formation en premier : personne ne peut appliquer une politique qu'on "
               "ne lui a jamais expliquée.",
               "Veuillez accepter les formations données par des membres de la coopérative eux-mêmes formés, bien "
               "moins chères que des formateurs externes."],
        "es": ["Numerar 1.0 el criterio de capacitación confunde; parece una introducción y no un requisito.",
               "La capacitación debería medirse por cuántas personas pueden explicar la política con sus propias "
               "palabras, no por las listas de asistencia.",
               "Las capacitaciones deben darse en idiomas locales y fuera del horario de trabajo en la mina.",
               "Tiene sentido poner la capacitación primero, porque nadie puede seguir una política que nunca le "
               "explicaron.",
               "Acepten la capacitación impartida por socios de la cooperativa que ya fueron formados; cuesta mucho "
               "menos que contratar capacitadores externos."]},
    "emergency": {
        "en": ["The new criterion on emergency preparedness is welcome; pit collapses in the rainy season are our "
               "biggest risk.",
               "Criterion 5.8 should ask for a simple evacuation plan and a working way to call for help, not a "
               "full emergency manual.",
               "Please link 5.8 to the nearest health centre: a plan is useless if the injured cannot be carried "
               "there.",
               "One drill a year would be enough for small sites; more would take miners away from work they cannot "
               "afford to lose.",
               "Emergency preparedness should also cover what happens to the families of miners injured or killed "
               "at the site."],
        "fr": ["Le nouveau critère sur la préparation aux situations d'urgence est bienvenu : les éboulements en "
               "saison des pluies sont notre premier risque.",
               "Le critère 5.8 devrait demander un plan d'évacuation simple et un moyen d'alerte qui fonctionne, "
               "pas un manuel d'urgence complet.",
               "Il faudrait relier le critère 5.8 au centre de santé le plus proche : un plan ne sert à rien si "
               "l'on ne peut pas y transporter les blessés.",
               "Un exercice par an suffirait pour les petits sites ; davantage priverait les creuseurs de journées "
               "de travail qu'ils ne peuvent pas perdre.",
               "La préparation aux urgences devrait aussi prévoir ce qu'il advient des familles des mineurs blessés "
               "ou tués sur le site."],
        "es": ["El nuevo criterio sobre preparación ante emergencias es bienvenido; los derrumbes en temporada de "
               "lluvias son nuestro mayor riesgo.",
               "El criterio 5.8 debería pedir un plan de evacuación sencillo y un medio para pedir ayuda que "
               "funcione, no un manual completo de emergencias.",
               "Vinculen el 5.8 con el centro de salud más cercano: un plan no sirve si no se puede llevar allí a "
               "los heridos.",
               "Un simulacro al año bastaría para los sitios pequeños; más que eso les quitaría a los mineros días "
               "de trabajo que no pueden perder.",
               "La preparación ante emergencias debería incluir qué pasa con las familias de los mineros heridos o "
               "fallecidos en el sitio."]},
    "indigenous": {
        "en": ["Why was the criterion on the rights of indigenous peoples removed from draft 0.2? Many artisanal "
               "sites in the Amazon are on or near indigenous territories.",
               "Free, prior and informed consent must stay in the standard, whether as its own criterion or inside "
               "7.2 on land access.",
               "If the committee merged indigenous rights into community relations, please say so plainly, because "
               "readers will think they were dropped.",
               "Indigenous communities are sometimes miners themselves; the standard should support their own "
               "mining, not only protect them from outsiders.",
               "Land access agreements should be made with the customary authority, not only with whoever holds a "
               "paper title."],
        "fr": ["Pourquoi le critère sur les droits des peuples autochtones a-t-il disparu du projet 0.2 ? De "
               "nombreux sites artisanaux se trouvent sur des territoires autochtones ou à proximité.",
               "Le consentement libre, préalable et éclairé doit rester dans la norme, que ce soit dans un critère "
               "distinct ou dans le critère 7.2 sur l'accès à la terre.",
               "Si le comité a fondu les droits des peuples autochtones dans les relations avec les communautés, il "
               "faut le dire clairement, sinon les lecteurs croiront qu'ils ont été abandonnés.",
               "Les communautés autochtones exploitent parfois elles-mêmes l'or ; la norme devrait soutenir leur "
               "propre activité minière, et pas seulement les protéger des gens venus d'ailleurs.",
               "Les accords d'accès à la terre devraient être conclus avec l'autorité coutumière, et pas seulement "
               "avec le détenteur d'un titre écrit."],
        "es": ["¿Por qué se eliminó del borrador 0.2 el criterio sobre los derechos de los pueblos indígenas? "
               "Muchos sitios artesanales de la Amazonía están en territorios indígenas o cerca de ellos.",
               "La consulta previa, libre e informada debe seguir en el estándar, ya sea como criterio propio o "
               "dentro del 7.2 sobre acceso a la tierra.",
               "Si el comité integró los derechos indígenas en las relaciones con la comunidad, díganlo "
               "claramente, porque los lectores pensarán que se eliminaron.",
               "Las comunidades indígenas a veces son mineras; el estándar debería apoyar su propia minería y no "
               "solo protegerlas de los de afuera.",
               "Los acuerdos de acceso a la tierra deberían firmarse con la autoridad tradicional, no solo con "
               "quien tiene un título en papel."]},
    "child": {
        "en": ["The red line on the worst forms of child labour is right, but the standard should make clear that "
               "light chores at home are not in scope.",
               "School attendance in criterion 5.4 depends on there being a school at all; sites should get credit "
               "for helping to fund one.",
               "Counting the children found working on the day of the visit will miss those sent away when the "
               "assessor arrives.",
               "When a child is found working, the first response should be to get the child into school, not to "
               "drop the site.",
               "School fees are the main reason children go to the pits in our area; a small fund from buyers "
               "would change that."],
        "fr": ["La ligne rouge sur les pires formes de travail des enfants est juste, mais la norme doit préciser "
               "que les petites tâches domestiques ne sont pas visées.",
               "La scolarisation prévue au critère 5.4 dépend de l'existence même d'une école ; les sites devraient "
               "être crédités quand ils contribuent à en financer une.",
               "Compter les enfants trouvés au travail le jour de la visite ne permettra pas de voir ceux qu'on "
               "éloigne à l'arrivée de l'évaluateur.",
               "Quand un enfant est trouvé au travail, la première réponse doit être de le remettre à l'école, pas "
               "de rompre avec le site.",
               "Les frais de scolarité sont la principale raison pour laquelle les enfants vont aux puits chez "
               "nous ; un petit fonds alimenté par les acheteurs changerait la donne."],
        "es": ["La línea roja sobre las peores formas de trabajo infantil es correcta, pero el estándar debe "
               "aclarar que las tareas ligeras en casa no entran.",
               "La asistencia escolar del criterio 5.4 depende de que haya una escuela; los sitios deberían recibir "
               "crédito por ayudar a financiarla.",
               "Contar a los niños que trabajan el día de la visita no detectará a los que mandan a casa cuando "
               "llega el evaluador.",
               "Cuando se encuentra a un niño trabajando, lo primero debe ser llevarlo a la escuela, no abandonar "
               "el sitio.",
               "El costo de la escuela es la principal razón por la que los niños van a la mina en nuestra zona; un "
               "pequeño fondo de los compradores lo cambiaría."]},
    "security": {
        "en": ["In many places the only security at the site is the police or the army, and miners cannot refuse "
               "them; the criterion should reflect that.",
               "Criterion 4.1 should ask whether security providers are paid by the site or extort payments, since "
               "that is the real risk.",
               "Please refer to the Voluntary Principles on Security and Human Rights, in a simplified form that a "
               "cooperative can apply.",
               "Illegal taxes at checkpoints on the road to the trading town should count as a risk, even though "
               "they are levied off site."],
        "fr": ["Dans bien des endroits, la seule sécurité sur le site est assurée par la police ou l'armée, et les "
               "creuseurs ne peuvent pas la refuser ; le critère doit en tenir compte.",
               "Le critère 4.1 devrait demander si les forces de sécurité sont rémunérées par le site ou si elles "
               "prélèvent des paiements de force, car c'est là le vrai risque.",
               "Merci de vous référer aux Principes volontaires sur la sécurité et les droits de l'homme, sous une "
               "forme simplifiée qu'une coopérative peut appliquer.",
               "Les taxes illégales prélevées aux barrages sur la route du centre de négoce devraient compter comme "
               "un risque, même si elles ont lieu hors du site."],
        "es": ["En muchos lugares la única seguridad del sitio es la policía o el ejército, y los mineros no pueden "
               "rechazarlos; el criterio debería reconocerlo.",
               "El criterio 4.1 debería preguntar si las fuerzas de seguridad reciben un pago del sitio o cobran "
               "cupos por la fuerza, porque ese es el riesgo real.",
               "Hagan referencia a los Principios Voluntarios de Seguridad y Derechos Humanos, en una versión "
               "simplificada que una cooperativa pueda aplicar.",
               "Los cobros ilegales en los retenes del camino hacia el pueblo donde se vende el oro deberían contar "
               "como riesgo, aunque ocurran fuera del sitio."]},
    "taxes": {
        "en": ["Miners often pay the same fee several times to different offices; criterion 4.5 should accept "
               "receipts from any official body.",
               "Asking producers to disclose every payment is fair only if officials give receipts, which they "
               "often refuse to do.",
               "Royalties paid by the exporter on behalf of the producers should count for the producers too.",
               "The criterion on bribery should distinguish demands a miner cannot refuse from payments offered to "
               "gain an advantage.",
               "Please publish an example of an acceptable payment register, since many sites have never kept "
               "one."],
        "fr": ["Les creuseurs paient souvent la même taxe plusieurs fois à différents services ; le critère 4.5 "
               "devrait accepter les reçus de tout organisme officiel.",
               "Demander aux producteurs de déclarer chaque paiement n'est juste que si les agents délivrent des "
               "reçus, ce qu'ils refusent souvent de faire.",
               "Les redevances payées par l'exportateur pour le compte des producteurs devraient aussi compter pour "
               "ces derniers.",
               "Le critère sur la corruption devrait distinguer les exigences qu'un creuseur ne peut pas refuser "
               "des paiements offerts pour obtenir un avantage.",
               "Merci de publier un modèle de registre des paiements, car beaucoup de sites n'en ont jamais tenu."],
        "es": ["Los mineros muchas veces pagan la misma tasa varias veces a distintas oficinas; el criterio 4.5 "
               "debería aceptar recibos de cualquier entidad oficial.",
               "Pedir a los productores que declaren cada pago solo es justo si los funcionarios entregan recibos, "
               "y a menudo se niegan.",
               "Las regalías que paga el exportador en nombre de los productores también deberían contar para "
               "ellos.",
               "El criterio sobre soborno debería distinguir entre las exigencias que un minero no puede rechazar y "
               "los pagos ofrecidos para obtener una ventaja.",
               "Publiquen un modelo de registro de pagos, porque muchos sitios nunca han llevado uno."]},
    "redlines": {
        "en": ["The red lines are the right ones, and it is good that they follow Annex II of the OECD guidance so "
               "closely.",
               "Who decides that a red line has been crossed, and can a site appeal? The draft is silent on this.",
               "A single incident by one worker should not disqualify a whole cooperative if it reported the case "
               "and acted at once.",
               "Criterion 3.6 should say what happens when armed groups tax the road rather than the site itself.",
               "Please give concrete examples of 'other gross human-rights abuses'; the phrase is too vague to "
               "audit.",
               "The standard should say how long a site stays excluded after a red line is crossed, and what it "
               "must do to return."],
        "fr": ["Les lignes rouges sont les bonnes, et il est heureux qu'elles suivent d'aussi près l'annexe II du "
               "Guide de l'OCDE.",
               "Qui décide qu'une ligne rouge est franchie, et un site peut-il faire appel ? Le projet ne dit rien "
               "à ce sujet.",
               "Un incident isolé commis par un seul travailleur ne devrait pas exclure toute une coopérative si "
               "elle l'a signalé et a réagi immédiatement.",
               "Le critère 3.6 devrait préciser ce qui se passe lorsque des groupes armés taxent la route plutôt "
               "que le site lui-même.",
               "Merci de donner des exemples concrets d'« autres violations graves des droits de l'homme » ; la "
               "formule est trop vague pour être auditée.",
               "La norme devrait dire combien de temps un site reste exclu après le franchissement d'une ligne "
               "rouge, et ce qu'il doit faire pour revenir."],
        "es": ["Las líneas rojas son las correctas, y es bueno que sigan tan de cerca el Anexo II de la Guía de la "
               "OCDE.",
               "¿Quién decide que se cruzó una línea roja, y puede un sitio apelar? El borrador no dice nada al "
               "respecto.",
               "Un incidente aislado de un solo trabajador no debería descalificar a toda una cooperativa si lo "
               "reportó y actuó de inmediato.",
               "El criterio 3.6 debería aclarar qué pasa cuando los grupos armados cobran en el camino y no en el "
               "sitio.",
               "Den ejemplos concretos de «otras violaciones graves de derechos humanos»; la expresión es demasiado "
               "vaga para auditarla.",
               "El estándar debería decir cuánto tiempo queda excluido un sitio después de cruzar una línea roja y "
               "qué debe hacer para volver."]},
    "process": {
        "en": ["Thank you for consulting in three languages; the draft was easy to follow.",
               "The consultation period is short for cooperatives that must meet before they answer; please accept "
               "late comments from producers.",
               "Please hold meetings at mining sites in the next round, since most miners will never see this "
               "website.",
               "It would help to publish a table of what changed between draft 0.1 and draft 0.2, and why.",
               "Please have the French and Spanish texts read by people from mining regions; some terms read "
               "oddly there."],
        "fr": ["Merci de consulter en trois langues ; la version française du projet se lisait facilement.",
               "La période de consultation est courte pour des coopératives qui doivent se réunir avant de "
               "répondre ; merci d'accepter les commentaires tardifs des producteurs.",
               "Organisez des réunions sur les sites miniers lors du prochain tour, car la plupart des creuseurs ne "
               "verront jamais ce site internet.",
               "Il serait utile de publier un tableau des changements entre le projet 0.1 et le projet 0.2, avec "
               "leurs raisons.",
               "La traduction française emploie parfois des termes que l'on n'utilise pas au Kivu ; une relecture "
               "par des gens de la région aiderait."],
        "es": ["Gracias por consultar en tres idiomas; la versión en español del borrador se entiende bien.",
               "El plazo de la consulta es corto para cooperativas que deben reunirse antes de responder; acepten "
               "comentarios tardíos de los productores.",
               "Hagan reuniones en los sitios mineros en la próxima ronda, porque la mayoría de los mineros nunca "
               "verá esta página web.",
               "Sería útil publicar una tabla con lo que cambió entre el borrador 0.1 y el 0.2, y por qué.",
               "La traducción al español usa algunos términos que no se usan en los Andes; una revisión regional "
               "ayudaría."]},
}

# Answers to the round's questions (the pools are chosen by answer type, see _pool_for).
BARRIERS = {
    "en": ["The cost of the assessment is the main obstacle; we cannot pay it before we sell more gold.",
           "Most of our members have no smartphone, and the nearest internet connection is two hours away by "
           "motorbike.",
           "We fear that once our problems are written down, buyers will stop buying from us instead of helping.",
           "The forms are long and our secretary will need help to fill them in.",
           "Nothing would stop us if a buyer agreed to pay a better price once we reach the entry level.",
           "Our licence is still being processed, and we do not know whether that stops us from starting.",
           "In the rainy season the site is cut off for months, so any visit has to be planned around that."],
    "fr": ["Le coût de l'évaluation est le principal obstacle ; nous ne pouvons pas le payer avant d'avoir vendu "
           "davantage d'or.",
           "La plupart de nos membres n'ont pas de smartphone, et la connexion internet la plus proche est à deux "
           "heures de moto.",
           "Nous craignons qu'une fois nos problèmes mis par écrit, les acheteurs cessent de nous acheter au lieu "
           "de nous aider.",
           "Les formulaires sont longs et notre secrétaire aura besoin d'aide pour les remplir.",
           "Rien ne nous arrêterait si un acheteur acceptait de payer un meilleur prix dès que nous atteignons le "
           "niveau d'entrée.",
           "Notre permis est encore en cours de traitement et nous ne savons pas si cela nous empêche de "
           "commencer.",
           "En saison des pluies, le site est coupé du monde pendant des mois ; toute visite doit être planifiée "
           "en conséquence."],
    "es": ["El costo de la evaluación es el principal obstáculo; no podemos pagarlo antes de vender más oro.",
           "La mayoría de los socios no tiene teléfono inteligente, y el internet más cercano está a dos horas en "
           "moto.",
           "Tenemos miedo de que, una vez escritos nuestros problemas, los compradores dejen de comprarnos en vez "
           "de ayudarnos.",
           "Los formularios son largos y nuestra secretaria necesitará ayuda para llenarlos.",
           "Nada nos detendría si un comprador aceptara pagar un mejor precio cuando lleguemos al nivel de "
           "entrada.",
           "Nuestro permiso sigue en trámite y no sabemos si eso nos impide empezar.",
           "En temporada de lluvias el sitio queda aislado durante meses, así que cualquier visita tiene que "
           "planificarse teniendo eso en cuenta."],
}
RED_LINES_CLEAR = {
    "yes": {"en": ["Yes, the list is short and everyone at the site understands what is forbidden.",
                   "Clear enough, although a one-page summary with drawings would help miners who cannot read.",
                   "Yes, and we like that they match what our buyers already ask under the OECD guidance.",
                   "They are clear; the hard part will be proving a negative, for example that no armed group "
                   "takes a share."],
            "fr": ["Oui, la liste est courte et tout le monde sur le site comprend ce qui est interdit.",
                   "Assez claires, mais un résumé d'une page avec des dessins aiderait les creuseurs qui ne savent "
                   "pas lire.",
                   "Oui, et nous apprécions qu'elles correspondent à ce que nos acheteurs demandent déjà au titre "
                   "du Guide de l'OCDE.",
                   "Elles sont claires ; le plus difficile sera de prouver une absence, par exemple qu'aucun groupe "
                   "armé ne prélève sa part."],
            "es": ["Sí, la lista es corta y todos en el sitio entienden lo que está prohibido.",
                   "Bastante claras, aunque un resumen de una página con dibujos ayudaría a los mineros que no "
                   "saben leer.",
                   "Sí, y nos gusta que coincidan con lo que nuestros compradores ya piden según la Guía de la "
                   "OCDE.",
                   "Son claras; lo difícil será demostrar algo que no ocurre, por ejemplo que ningún grupo armado "
                   "se lleva una parte."]},
    "no": {"en": ["Not yet: 'support to armed groups' needs examples, since paying at a roadblock to pass may or "
                  "may not count.",
                  "No, the text is written for lawyers; the site committee could not apply it without help.",
                  "The line between forced labour and a debt owed to the pit owner is not clear to us.",
                  "No, because it does not say who checks the red lines between two assessments."],
           "fr": ["Pas encore : le « soutien aux groupes armés » a besoin d'exemples, car payer à un barrage pour "
                  "passer peut compter ou non.",
                  "Non, le texte est écrit pour des juristes ; le comité du site ne pourrait pas l'appliquer sans "
                  "aide.",
                  "La frontière entre travail forcé et dette envers le propriétaire du puits n'est pas claire pour "
                  "nous.",
                  "Non, car rien n'indique qui vérifie les lignes rouges entre deux évaluations."],
           "es": ["Todavía no: el «apoyo a grupos armados» necesita ejemplos, porque pagar en un retén para pasar "
                  "puede contar o no.",
                  "No, el texto está escrito para abogados; el comité del sitio no podría aplicarlo sin ayuda.",
                  "No nos queda clara la diferencia entre trabajo forzoso y la deuda con el dueño del socavón.",
                  "No, porque no dice quién verifica las líneas rojas entre dos evaluaciones."]},
}
SCORE_HELPS = {  # by value band: 1-2, 3, 4-5
    "low": {"en": ["A score alone will not convince our compliance team; they need to see the evidence behind it.",
                   "Our customers ask for zero risk, and a progress score openly shows that risks remain.",
                   "We would still need our own site visit, so the score saves us little."],
            "fr": ["Un score seul ne convaincra pas notre service conformité ; il lui faut les preuves qui le "
                   "fondent.",
                   "Nos clients exigent un risque nul, et un score de progrès montre ouvertement que des risques "
                   "subsistent.",
                   "Nous devrions de toute façon visiter le site nous-mêmes, donc le score nous ferait gagner peu "
                   "de temps."],
            "es": ["Una puntuación por sí sola no convencerá a nuestro equipo de cumplimiento; necesita ver la "
                   "evidencia detrás.",
                   "Nuestros clientes exigen riesgo cero, y una puntuación de progreso muestra abiertamente que "
                   "quedan riesgos.",
                   "Igual tendríamos que visitar el sitio nosotros mismos, así que la puntuación nos ahorraría "
                   "poco."]},
    "mid": {"en": ["It helps as a screening tool, but we would still decide case by case.",
                   "Useful if different assessors score consistently; we would want to see calibration data first.",
                   "Helpful, provided the score shows the trend over time and not only the latest result."],
            "fr": ["C'est utile pour un premier tri, mais nous déciderions toujours au cas par cas.",
                   "Utile si les scores des différents évaluateurs sont cohérents ; nous voudrions d'abord voir des "
                   "données d'étalonnage.",
                   "Utile, à condition que le score montre l'évolution dans le temps et pas seulement le dernier "
                   "résultat."],
            "es": ["Sirve como primer filtro, pero seguiríamos decidiendo caso por caso.",
                   "Útil si las puntuaciones de distintos evaluadores son coherentes; primero querríamos ver datos "
                   "de calibración.",
                   "Útil, siempre que la puntuación muestre la evolución en el tiempo y no solo el último "
                   "resultado."]},
    "high": {"en": ["Very much: today we have no common way to tell an improving site from a stagnant one.",
                    "A public, comparable score is exactly what our board needs to approve sourcing from ASM.",
                    "It would let us set targets with suppliers and reward them as they move up the levels."],
             "fr": ["Beaucoup : aujourd'hui, nous n'avons aucun moyen commun de distinguer un site qui progresse "
                    "d'un site qui stagne.",
                    "Un score public et comparable est exactement ce dont notre conseil d'administration a besoin "
                    "pour approuver des achats auprès de l'EMAPE.",
                    "Il nous permettrait de fixer des objectifs avec nos fournisseurs et de les récompenser à mesure "
                    "qu'ils franchissent les niveaux."],
             "es": ["Mucho: hoy no tenemos una forma común de distinguir un sitio que mejora de uno que está "
                    "estancado.",
                    "Una puntuación pública y comparable es justo lo que nuestro directorio necesita para aprobar "
                    "compras a la MAPE.",
                    "Nos permitiría fijar metas con los proveedores y premiarlos a medida que suben de nivel."]},
}
MULTIPLIER = {  # by choice
    "1.25": {"en": ["A modest multiplier rewards the extra effort without distorting the overall picture.",
                    "Anything above 1.25 would let a high-risk site outrank a safer one that has done more."],
             "fr": ["Un coefficient modeste récompense l'effort supplémentaire sans fausser l'image d'ensemble.",
                    "Au-delà de 1,25, un site à haut risque pourrait dépasser un site plus sûr qui en a fait "
                    "davantage."],
             "es": ["Un multiplicador moderado premia el esfuerzo adicional sin distorsionar el panorama general.",
                    "Por encima de 1,25, un sitio de alto riesgo podría superar a uno más seguro que ha hecho "
                    "más."]},
    "1.5": {"en": ["1.5 seems a fair balance; it should be reviewed after the first two years of data.",
                   "The draft's value is reasonable, as long as the list of high-risk areas is public."],
            "fr": ["1,5 semble un bon équilibre ; il faudrait le revoir après deux ans de données.",
                   "La valeur du projet est raisonnable, pourvu que la liste des zones à haut risque soit "
                   "publique."],
            "es": ["1,5 parece un equilibrio justo; habría que revisarlo después de dos años de datos.",
                   "El valor del borrador es razonable, siempre que la lista de zonas de alto riesgo sea "
                   "pública."]},
    "2": {"en": ["Working in these areas costs at least twice as much, so the reward should match.",
                 "Only a strong multiplier will move buyers' money toward the places that need it most."],
          "fr": ["Travailler dans ces zones coûte au moins deux fois plus cher ; la récompense doit être à la "
                 "hauteur.",
                 "Seul un coefficient élevé orientera l'argent des acheteurs vers les endroits qui en ont le plus "
                 "besoin."],
          "es": ["Trabajar en estas zonas cuesta al menos el doble, así que el premio debería estar a la altura.",
                 "Solo un multiplicador alto llevará el dinero de los compradores a los lugares que más lo "
                 "necesitan."]},
    "No multiplier": {
        "en": ["Scores should mean the same everywhere; support for high-risk areas belongs in funding, not in "
               "the score.",
               "A multiplier makes the score harder to explain to our customers."],
        "fr": ["Un score devrait avoir le même sens partout ; le soutien aux zones à haut risque relève du "
               "financement, pas de la notation.",
               "Un coefficient rend le score plus difficile à expliquer à nos clients."],
        "es": ["Las puntuaciones deberían significar lo mismo en todas partes; el apoyo a las zonas de alto riesgo "
               "debe ir por la vía del financiamiento, no de la puntuación.",
               "Un multiplicador hace que la puntuación sea más difícil de explicar a nuestros clientes."]},
}
INDICATORS = {
    "en": ["Miners' income over time is the indicator that matters most, and it is missing from the outcomes.",
           "Add the number of serious accidents per thousand workers, so that sites of different sizes can be "
           "compared.",
           "Track whether miners' children are enrolled in school, not only whether children are found at the "
           "site.",
           "Measure the share of the export price that reaches the miner; it shows whether due diligence pays at "
           "the pit.",
           "An indicator on mercury in the water downstream would show real environmental change better than "
           "declared use.",
           "Count the grievances received and resolved each year; a mechanism nobody uses is a warning sign.",
           "We suggest asking miners themselves, in a short survey, whether their situation has improved since "
           "the last visit."],
    "fr": ["Le revenu des mineurs dans le temps est l'indicateur le plus important, et il manque parmi les "
           "résultats mesurés.",
           "Ajoutez le nombre d'accidents graves pour mille travailleurs, afin de pouvoir comparer des sites de "
           "tailles différentes.",
           "Suivez la scolarisation des enfants de mineurs, et pas seulement la présence d'enfants sur le site.",
           "Mesurez la part du prix à l'exportation qui revient au creuseur ; elle montre si le devoir de diligence "
           "profite à ceux qui travaillent au puits.",
           "Un indicateur sur le mercure dans l'eau en aval montrerait mieux l'évolution réelle de l'environnement "
           "que la consommation déclarée.",
           "Comptez les plaintes reçues et résolues chaque année ; un mécanisme que personne n'utilise est un "
           "signal d'alerte.",
           "Nous proposons de demander aux mineurs eux-mêmes, par une courte enquête, si leur situation s'est "
           "améliorée depuis la dernière visite."],
    "es": ["El ingreso de los mineros a lo largo del tiempo es el indicador más importante, y falta entre los "
           "resultados.",
           "Agreguen el número de accidentes graves por cada mil trabajadores, para poder comparar sitios de "
           "distinto tamaño.",
           "Midan si los hijos de los mineros están matriculados en la escuela, no solo si hay niños en el sitio.",
           "Midan qué parte del precio de exportación llega al minero; eso muestra si la debida diligencia se nota "
           "en la mina.",
           "Un indicador de mercurio en el agua río abajo mostraría el cambio ambiental real mejor que el uso "
           "declarado.",
           "Cuenten las quejas recibidas y resueltas cada año; un mecanismo que nadie usa es una señal de alerta.",
           "Proponemos preguntar a los propios mineros, con una encuesta corta, si su situación mejoró desde la "
           "última visita."],
}
TRANSLATIONS = {
    "en": ["Swahili matters across eastern Congo, Uganda and Rwanda, and should come first after French.",
           "Please add Kinyarwanda and Luganda, and audio versions for people who do not read.",
           "Translations should be checked by people from mining areas; technical words often come out wrong.",
           "A short illustrated guide in local languages would reach more miners than a full translation.",
           "Twi would help in Ghana, at least for the summary of the red lines.",
           "Portuguese is missing, which leaves out miners in Brazil and Mozambique."],
    "fr": ["Le swahili est indispensable dans tout l'est du Congo et devrait venir juste après le français.",
           "Merci de prévoir aussi le kinyarwanda et le mashi, ainsi que des versions audio pour ceux qui ne "
           "lisent pas.",
           "Les traductions devraient être relues par des gens des zones minières ; les termes techniques sont "
           "souvent mal rendus.",
           "Un guide court et illustré dans les langues locales toucherait plus de creuseurs qu'une traduction "
           "intégrale.",
           "Le lingala est utile à Kinshasa et dans l'administration, mais sur les sites de l'Est, c'est le "
           "swahili qui compte."],
    "es": ["El quechua es imprescindible en el sur del Perú y en Bolivia, y también haría falta el aimara.",
           "Las traducciones deberían revisarlas personas de las zonas mineras; los términos técnicos suelen "
           "quedar mal.",
           "Una guía corta con dibujos en idiomas locales llegaría a más mineros que una traducción completa.",
           "Pedimos versiones en audio para las radios comunitarias, que es como se informa la gente en los "
           "campamentos.",
           "Falta el portugués, y sin él quedan fuera los mineros de la Amazonía brasileña."],
}
# Which languages each country asks for, with a probability each.
LANGUAGE_WISHES = {
    "CD": {"French": 1.0, "Swahili": 0.9, "Lingala": 0.5},
    "RW": {"French": 0.6, "Swahili": 0.8},
    "UG": {"Swahili": 0.9, "French": 0.2},
    "GH": {"French": 0.6, "Spanish": 0.2},
    "PE": {"Spanish": 1.0, "Quechua": 0.9},
    "BO": {"Spanish": 1.0, "Quechua": 0.9},
    "CO": {"Spanish": 1.0, "Quechua": 0.2},
}
# Which of the "cahra" sentences can follow each multiplier choice without contradicting it.
CAHRA_FITS = {"1.25": [0, 1, 3, 5], "1.5": [0, 1, 2, 5], "2": [0, 2, 5], "No multiplier": [1, 3, 4]}
WISHES_ELSEWHERE = {"French": 0.8, "Spanish": 0.8, "Swahili": 0.6, "Lingala": 0.2, "Quechua": 0.3}

# Clause comments: which criteria each topic speaks to (codes of draft 0.2), and each sector's topics.
CODES = {"grievance": ["1.4"], "training": ["1.0"], "confidentiality": ["1.3", "8.5", "9.6"],
         "formalisation": ["2.1", "2.2", "2.4"], "child": ["3.3", "5.4", "9.5"], "redlines": ["3.4", "3.6"],
         "security": ["4.1"], "taxes": ["4.2", "4.5"], "women": ["5.6", "9.2"], "emergency": ["5.8"],
         "mercury": ["6.1", "6.2", "9.3"], "indigenous": ["7.2"], "buyers": ["8.2", "8.3", "8.6"],
         "audit": ["8.4"]}
SECTOR_TOPICS = {
    Sector.ASM: ["grievance", "grievance", "mercury", "formalisation", "audit", "women", "emergency",
                 "confidentiality", "taxes", "child", "training", "process", "redlines", "security"],
    Sector.TRADE: ["confidentiality", "taxes", "formalisation", "audit", "buyers", "redlines", "security", "cahra",
                   "mercury"],
    Sector.REFINING: ["audit", "buyers", "cahra", "confidentiality", "redlines", "taxes", "process"],
    Sector.BRANDS: ["buyers", "cahra", "audit", "mercury", "child", "women", "process"],
    Sector.CIVIL_SOCIETY: ["women", "grievance", "grievance", "indigenous", "child", "mercury", "security",
                           "confidentiality", "redlines", "process", "cahra"],
    Sector.GOVERNMENT: ["formalisation", "taxes", "mercury", "security", "training", "process", "cahra"],
    Sector.FINANCE: ["buyers", "cahra", "audit", "confidentiality", "formalisation"],
    Sector.RESEARCH: ["mercury", "women", "cahra", "confidentiality", "child", "indigenous", "process", "audit",
                      "grievance"],
    Sector.OTHER: ["process", "mercury", "audit", "training", "emergency", "women", "grievance"],
}
CODE_RE = re.compile(r"\b\d\.\d\b")

# --- The campaign letter ----------------------------------------------------------------------------------------

CAMPAIGN = [
    ("We ask the standard committee to give more credit to buyers who stay engaged with {} while they improve.",
     ["artisanal producers", "artisanal miners"]),
    ("Under draft 0.2, a buyer that {} at the first sign of risk loses nothing, while a buyer that stays and pays "
     "for a mercury reduction plan or a grievance mechanism carries the whole cost.", ["walks away", "pulls out"]),
    ("Criterion 8.2 should reward continued engagement {}, and criterion 8.6 should count every year of sourcing "
     "from an improving producer.", ["explicitly", "clearly"]),
    ("Disengagement should be the last resort, not the {} choice.", ["safest", "easiest"]),
    ("Miners cannot fix these problems {}, and a standard that rewards leaving will leave them on their own.",
     ["alone", "by themselves"]),
]
GREETINGS = ["Dear members of the committee,", "Dear committee,", "To the standard committee:", "Hello,",
             "Dear secretariat,", "To whom it may concern,", ""]
ENDORSEMENTS = ["I support this letter.", "I am adding my voice to this appeal.", "Our group endorses the text "
                "below.", "As someone who grew up in a mining town, I fully agree with the following."]
SIGNATURES = ["Regards,\n{name}", "Sincerely,\n{first}", "{name}, {org}", "Thank you.\n{first}",
              "In solidarity,\n{name}", "Signed: {name}", ""]

ADVERT = ("Looking for a reliable partner for your gold? GoldPro Example Trading buys any quantity, cash on the "
          "spot, no paperwork needed. Visit goldpro.example for our best prices this month!")
RUDE = ("With the greatest respect, whoever drafted module 8 has plainly never been near a mine and ought to be "
        "embarrassed to sign it. This is the most useless document I have read this year.")
HIDDEN = {"advert": "Advertising unrelated to the standard.",
          "rude": "A personal attack on the drafters; insults are not published under the moderation policy."}

# --- The committee's answers (in English) -----------------------------------------------------------------------

# Each answer: decision, response, the clause changed (or None), and which sentences of the comment's pool it
# answers (by position; the pools are parallel in the three languages), None for any.
RESPONSES = {
    "grievance": [
        (Decision.ACCEPTED, "Agreed. Criterion 1.4 now accepts a grievance mechanism shared by several sites or run "
         "by a cooperative union, and oral complaints recorded by a trusted person.", "1.4", (0, 1)),
        (Decision.PARTLY, "Criterion 1.4 now requires a way to complain anonymously, including about security "
         "forces, and an answer within 30 days; a channel staffed by women is recommended in the guidance rather "
         "than required.", "1.4", (2, 3, 4, 6)),
        (Decision.NOTED, "The number of grievances resolved will be reported as an impact indicator; it is not "
         "scored.", None, (5,))],
    "mercury": [
        (Decision.PARTLY, "Criterion 6.2 keeps the ban on whole-ore amalgamation and open burning, but a site at "
         "entry level may now show a dated phase-out plan of up to 24 months.", "6.2", (1,)),
        (Decision.ACCEPTED, "Criterion 6.1 now refers to the national action plans under the Minamata Convention "
         "and accepts the same data for both, including estimates where no precise scale is available.", "6.1",
         (0, 5)),
        (Decision.NOT_ACCEPTED, "Burning amalgam stays a scored criterion rather than a red line: as a red line it "
         "would exclude most sites before any support could reach them.", None, (4,)),
        (Decision.NOTED, "The guidance will explain how buyers can support retorts and gravity concentration, "
         "including through the terms on which they buy.", None, (2, 3, 6))],
    "cahra": [
        (Decision.ACCEPTED, "The list of high-risk areas used for scoring will be published, with its independent "
         "source and the date of each update.", None, (0, 1, 5)),
        (Decision.PARTLY, "The multiplier stays at 1.5 in this version and will be reviewed once two years of "
         "assessment data are available; scores will be shown both with and without it.", None, (2, 3)),
        (Decision.NOT_ACCEPTED, "Lowering the thresholds by area would make the levels mean different things in "
         "different places; the committee prefers one scale with a multiplier.", None, (4,))],
    "audit": [
        (Decision.PARTLY, "Criterion 8.4 now allows one visit to assess several neighbouring sites; who pays "
         "remains for the parties to agree.", "8.4", (1,)),
        (Decision.ACCEPTED, "Entry level can now be reached with a self-assessment checked by an accredited local "
         "assessor, with a full audit within two years.", "8.4", (3, 4)),
        (Decision.OUT_OF_SCOPE, "Assessment fees and their funding are set by the scheme's operating rules, not by "
         "the standard; the comment has been passed to the secretariat.", None, (0, 2)),
        (Decision.PARTLY, "A site whose risks have not changed is now reassessed every two years, with a desk "
         "review in between.", "8.4", (5,))],
    "women": [
        (Decision.ACCEPTED, "Criterion 5.6 now credits women's membership of the cooperative and their seats on its "
         "management committee, not only their employment.", "5.6", (0, 2)),
        (Decision.PARTLY, "Indicator 9.2 will also report the share of women who are paid directly; "
         "decision-making is covered by criterion 5.6.", "9.2", (1,)),
        (Decision.NOTED, "The assessment guidance will require separate interviews with women workers.", None,
         (5,)),
        (Decision.NOTED, "The guidance will warn against rules that keep women out of work without a safety "
         "reason, and lists childcare as good practice under criterion 5.6.", None, (3, 4))],
    "formalisation": [
        (Decision.ACCEPTED, "Criterion 2.1 now accepts a pending application for a mining title, with proof of "
         "filing, for up to three years.", "2.1", (0,)),
        (Decision.PARTLY, "Registration with the local authority is accepted at entry level under criterion 2.2; "
         "national registration is expected by the Advanced level.", "2.2", (3,)),
        (Decision.NOTED, "The committee agrees that formalisation depends on the state as well; criterion 2.4 "
         "rewards the steps a producer takes, whatever the delays elsewhere.", None, (1, 2, 5)),
        (Decision.NOTED, "A site inside another holder's concession can enter through a written agreement with "
         "the title holder; the guidance gives examples.", None, (4,))],
    "buyers": [
        (Decision.PARTLY, "Criterion 8.3 now lists the forms of support that count: pre-financing, technical "
         "assistance and a price guaranteed for a season. A premium alone earns less credit.", "8.3", (0, 1)),
        (Decision.ACCEPTED, "Criterion 8.2 now states that a temporary suspension, with contact kept and a date to "
         "resume, is not disengagement.", "8.2", (2,)),
        (Decision.NOTED, "When several buyers claim the same improvement, the credit will be shared in proportion "
         "to volume; the scoring rules will set out how.", None, (5,)),
        (Decision.PARTLY, "Long-term sourcing under criterion 8.6 now means a relationship of at least two years, "
         "confirmed with the producer; the length of contracts is not prescribed.", "8.6", (3, 4))],
    "confidentiality": [
        (Decision.ACCEPTED, "Production figures by site, GPS coordinates and individual incomes are no longer "
         "published; only aggregated figures are.", "9.6", (0, 1, 4)),
        (Decision.PARTLY, "Supplier lists are disclosed to the assessor and the secretariat only; a summary by "
         "country is published.", "1.3", (2,)),
        (Decision.NOTED, "A data-protection notice saying who sees each item, for how long, and how to ask for its "
         "removal will accompany version 1.0.", None, (3,)),
        (Decision.ACCEPTED, "Paper records kept at the site are accepted as evidence under criterion 1.3.", "1.3",
         (5,))],
    "training": [
        (Decision.ACCEPTED, "The training criterion will be numbered 1.6 again in the next draft; 1.0 was an "
         "editing error, though the committee agrees training matters from the start.", "1.0", (0, 3)),
        (Decision.PARTLY, "Training given by the cooperative's own trained members is accepted; the evidence is a "
         "short interview, not attendance sheets alone.", "1.0", (1, 4)),
        (Decision.NOTED, "The guidance now asks for training in local languages, at times that suit the miners.",
         None, (2,))],
    "emergency": [
        (Decision.ACCEPTED, "Criterion 5.8 now asks for a simple evacuation plan, a way to call for help and the "
         "route to the nearest health centre.", "5.8", (0, 1, 2)),
        (Decision.NOT_ACCEPTED, "Support for the families of injured miners goes beyond what a site can guarantee; "
         "the guidance covers it, not a criterion.", None, (4,)),
        (Decision.PARTLY, "Sites with fewer than 50 workers now need one drill a year; larger sites two.", "5.8",
         (3,))],
    "indigenous": [
        (Decision.ACCEPTED, "Removing criterion 7.4 was not meant to weaken the standard: free, prior and informed "
         "consent is now required under criterion 7.2, and the next draft will say so plainly.", "7.2", (0, 1, 2)),
        (Decision.NOTED, "The committee will consider restoring a separate criterion on the rights of indigenous "
         "peoples, including their own mining, in the second round.", None, (0, 3)),
        (Decision.ACCEPTED, "Criterion 7.2 now requires agreement with the customary authority, where there is one, "
         "as well as with the title holder.", "7.2", (4,))],
    "child": [
        (Decision.ACCEPTED, "Criterion 5.4 now credits contributions to schooling, including school fees and "
         "building costs.", "5.4", (1, 4)),
        (Decision.PARTLY, "The guidance now states that light household tasks are not child labour; indicator 9.5 "
         "is kept but read together with interviews in the community.", "9.5", (0, 2)),
        (Decision.NOT_ACCEPTED, "The red line stays as written: the site loses its level until remediation, "
         "including the child's return to school, is verified. Buyers are expected to stay engaged meanwhile.",
         None, (3,))],
    "security": [
        (Decision.PARTLY, "Criterion 4.1 now asks whether security providers extort payments and whether "
         "complaints about them can be made outside the site.", "4.1", (0, 1)),
        (Decision.NOTED, "A simplified summary of the Voluntary Principles will be added to the guidance.", None,
         (2,)),
        (Decision.ACCEPTED, "Illegal taxation at checkpoints on the way to market is now listed as a risk under "
         "criterion 4.1.", "4.1", (3,))],
    "taxes": [
        (Decision.ACCEPTED, "Criterion 4.5 now accepts receipts from any official body and counts royalties paid "
         "by the exporter on the producer's behalf.", "4.5", (0, 2)),
        (Decision.PARTLY, "Criterion 4.2 now separates payments demanded under threat, which must be recorded and "
         "reported even without a receipt, from bribes offered for an advantage.", "4.2", (1, 3)),
        (Decision.NOTED, "A model payment register will be published with the guidance.", None, (4,))],
    "redlines": [
        (Decision.PARTLY, "A red-line finding can now be appealed to the secretariat within 30 days, and the "
         "standard says how a site returns after remediation.", "3.4", (1, 5)),
        (Decision.NOT_ACCEPTED, "The red lines stay as written: a serious abuse at the site counts whoever committed "
         "it, until remediation is verified.", None, (2,)),
        (Decision.NOTED, "Examples for each red line, including taxation by armed groups on the roads, will be "
         "added to the guidance.", None, (3, 4)),
        (Decision.NOTED, "Thank you; the red lines will keep following Annex II of the OECD guidance.", None, (0,))],
    "process": [
        (Decision.NOTED, "Thank you; the next drafts will again be published in English, French and Spanish.",
         None, (0,)),
        (Decision.OUT_OF_SCOPE, "The consultation calendar is set by the governance rules; comments received up to "
         "two weeks after the close will still be read.", None, (1,)),
        (Decision.ACCEPTED, "Meetings at mining sites in the Great Lakes, the Andes and West Africa are planned for "
         "the second round.", None, (2,)),
        (Decision.NOTED, "A table of changes, with the reasons for each, will be published with every new draft.",
         None, (3,)),
        (Decision.ACCEPTED, "The French and Spanish texts will be reviewed by readers from mining regions before "
         "the next round.", None, (4,))],
    "barriers": [
        (Decision.NOTED, "The committee notes the cost and the distance; group assessments under criterion 8.4 and "
         "local assessors are meant to lower both.", None, (0, 6)),
        (Decision.OUT_OF_SCOPE, "The prices buyers pay are not set by the standard.", None, (4,)),
        (Decision.NOTED, "Assessments can be done on paper and in person; nothing in the standard requires a "
         "smartphone or internet access.", None, (1, 3)),
        (Decision.NOTED, "The standard expects buyers to stay engaged while problems are fixed (criterion 8.2): a "
         "written plan is a reason to support a supplier, not to leave.", None, (2,)),
        (Decision.ACCEPTED, "A pending licence application does not stop a site from starting; see the revised "
         "criterion 2.1.", "2.1", (5,))],
    "red_yes": [
        (Decision.NOTED, "Thank you. An illustrated one-page summary of the red lines will be published in French, "
         "Spanish and Swahili.", None, (0, 1, 2)),
        (Decision.NOTED, "The guidance will explain what evidence an assessor accepts for each red line, including "
         "interviews and buyers' records.", None, (3,))],
    "red_no": [
        (Decision.PARTLY, "Examples have been added to criterion 3.6, including payments at roadblocks.", "3.6",
         (0,)),
        (Decision.NOTED, "An illustrated one-page summary of the red lines, written for site committees, will be "
         "published in French, Spanish and Swahili.", None, (1,)),
        (Decision.PARTLY, "Criterion 3.2 now explains when a debt owed to a pit owner amounts to forced labour.",
         "3.2", (2,)),
        (Decision.NOTED, "Between assessments, suspected red-line breaches go to the grievance mechanism and the "
         "secretariat; the guidance now says so.", None, (3,))],
    "score_low": [
        (Decision.NOTED, "Assessment reports, with the evidence behind each score, will be available to buyers with "
         "the producer's consent.", None, (0, 2)),
        (Decision.NOTED, "The standard rewards progress rather than promising zero risk, as the OECD guidance does; "
         "the committee will prepare a note that buyers can share with their customers.", None, (1,))],
    "score_mid": [
        (Decision.NOTED, "Agreed: the score supports a buyer's due diligence; it does not replace it.", None, (0,)),
        (Decision.NOTED, "Assessor calibration results will be published every year.", None, (1,)),
        (Decision.ACCEPTED, "Scores will be shown with their trend over time, not only the latest result.", None,
         (2,))],
    "score_high": [
        (Decision.NOTED, "Thank you; this is the use the score is meant for.", None, None)],
    "multiplier": [
        (Decision.NOTED, "The multiplier stays at 1.5 in this version and will be reviewed after two years of "
         "data.", None, None)],
    "indicators": [
        (Decision.ACCEPTED, "Miners' income and the schooling of miners' children are now among the impact "
         "indicators.", "9.6", (0, 2)),
        (Decision.PARTLY, "Serious accidents will be reported per thousand workers under indicator 9.4.", "9.4",
         (1,)),
        (Decision.NOTED, "The share of the export price that reaches miners is hard to measure reliably; it will "
         "be tested in the pilot assessments.", None, (3,)),
        (Decision.NOT_ACCEPTED, "Water sampling is beyond what most assessments can afford; declared use, with spot "
         "checks, stays the indicator.", None, (4,)),
        (Decision.ACCEPTED, "Grievances received and resolved are now reported under criterion 1.4.", "1.4", (5,)),
        (Decision.NOTED, "The committee will test a short survey of miners in the pilot assessments.", None, (6,))],
    "translations": [  # the pools differ by language: any answer fits
        (Decision.ACCEPTED, "Swahili and Quechua translations will be prepared, with audio summaries for community "
         "radio.", None, None),
        (Decision.NOTED, "Translations will be reviewed by readers from mining regions, and an illustrated summary "
         "will accompany them.", None, None)],
    "campaign": [
        (Decision.PARTLY, "The committee agrees that buyers who stay engaged should not be worse off than those "
         "who leave. Criterion 8.2 now counts continued engagement during remediation explicitly; more credit under "
         "8.6 for each year of sourcing will be considered in the second round.", "8.2", None)],
}
DISPOSED_SHARE = 0.4


# --- Planning: who says what (no database writes) ---------------------------------------------------------------

def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _for_clause(sentences: list[str], code: str) -> list[int]:
    """The sentences (by position) that fit a comment on this clause: those naming no clause, or this one."""
    return [i for i, s in enumerate(sentences) if all(c == code for c in CODE_RE.findall(s))]


def _pool_for(question: Question) -> str | None:
    kind = question.answer_type
    if kind == AnswerType.TEXT:
        return "barriers" if Sector.ASM in question.sectors else "indicators"
    return {AnswerType.YES_NO: "red_lines_clear", AnswerType.SCALE: "score_helps", AnswerType.SINGLE: "multiplier",
            AnswerType.MULTIPLE: "translations"}.get(kind)


About = tuple[str, int | None]  # what a comment is about: its topic, and the position of its leading sentence


class _Planner:
    def __init__(self, rng: random.Random, questions: list[Question]):
        self.rng = rng
        self.questions = questions
        self.seen: dict[str, list[str]] = {"en": [], "fr": [], "es": []}
        self.emails: set[str] = set()

    def fresh(self, text: str, lang: str) -> bool:
        """Whether no earlier demo text comes near this one (so that only the campaign groups); remembered."""
        norm = normalise(text)
        if process.extractOne(norm, self.seen[lang], scorer=fuzz.token_set_ratio, score_cutoff=GUARD):
            return False
        self.seen[lang].append(norm)
        return True

    def compose(self, lang: str, pool: list[str], *, most: int = 2, extra: list[str] | tuple[str, ...] = (),
                opener: str = "", allowed: list[int] | None = None) -> tuple[str, int | None]:
        """One to `most` sentences of the pool (among `allowed`), in order, perhaps one from `extra` and the
        writer's opener first. Returns the text and the position of its first pool sentence; ("", None) when every
        try came too close to an earlier text."""
        rng = self.rng
        allowed = list(range(len(pool))) if allowed is None else allowed
        if not allowed:
            return "", None
        for attempt in range(TRIES):
            bold = attempt >= TRIES // 3
            picked = sorted(rng.sample(allowed, rng.randint(1, min(most, len(allowed)))))
            parts = [pool[i] for i in picked]
            others = [s for s in extra if s not in parts]
            if others and rng.random() < (0.7 if bold else 0.3):
                parts.append(rng.choice(others))
            if opener and rng.random() < (0.8 if bold else 0.3):
                parts.insert(0, opener)
            text = " ".join(parts)
            if self.fresh(text, lang):
                return text, picked[0]
        return "", None

    def person(self, sector: str, countries: dict[str, float], language: str = "") -> dict:
        rng = self.rng
        country = _weighted(rng, countries)
        lang = language or LANGUAGES.get(country) or rng.choice(["fr", "en"])
        region = NAME_REGION.get(country) or ("french" if lang == "fr" else "english")
        first, last = rng.choice(NAMES[region][0]), rng.choice(NAMES[region][1])
        local = ".".join(_ascii(p).lower().replace(" ", "").replace("-", "").replace("'", "") for p in (first, last))
        email, n = f"{local}@example.org", 2
        while email in self.emails:
            email, n = f"{local}{n}@example.org", n + 1
        self.emails.add(email)
        organisation = ""
        if sector != Sector.OTHER or rng.random() < 0.4:
            organisation = rng.choice(ORGANISATIONS[sector][lang]).format(p=rng.choice(PLACES[lang]))
        draw = rng.random()
        consent = Consent.NAMED if draw < 0.5 else Consent.ANONYMOUS if draw < 0.85 else Consent.PRIVATE
        n_people = rng.randrange(40, 600, 5)
        opener = rng.choice(OPENERS[sector][lang]).format(
            n=n_people, w=int(n_people * rng.uniform(0.1, 0.45)), k=rng.randint(3, 40),
            kg=rng.choice([40, 80, 120, 200, 350, 600]), y=rng.randint(3, 20), r=rng.randint(2, 5))
        return {"name": f"{first} {last}", "first": first, "email": email, "sector": sector, "country": country,
                "language": lang, "consent": consent, "organisation": organisation, "opener": opener,
                "answers": {}, "clauses": {}, "general": ("", ("", None)), "hide": ""}

    def answer(self, p: dict, q: Question) -> tuple[services.AnswerInput, About] | None:
        """An answer to the question fitting its answer type, and what its text is about."""
        rng, lang, pool = self.rng, p["language"], _pool_for(q)
        opener = p["opener"]
        if pool in ("barriers", "indicators"):
            text, lead = self.compose(lang, (BARRIERS if pool == "barriers" else INDICATORS)[lang], opener=opener)
            return (services.AnswerInput("", text), (pool, lead)) if text else None
        if pool == "red_lines_clear":
            value = "yes" if rng.random() < 0.55 else "no"
            text, lead = "", None
            if rng.random() < 0.8:
                text, lead = self.compose(lang, RED_LINES_CLEAR[value][lang], most=1, extra=TOPICS["redlines"][lang],
                                          opener=opener)
            return services.AnswerInput(value, text), (f"red_{value}", lead)
        if pool == "score_helps":
            value = _weighted(rng, {"1": 1, "2": 2, "3": 4, "4": 4, "5": 2})
            band = "low" if value in ("1", "2") else "mid" if value == "3" else "high"
            text, lead = "", None
            if rng.random() < 0.85:
                text, lead = self.compose(lang, SCORE_HELPS[band][lang], opener=opener)
            return services.AnswerInput(value, text), (f"score_{band}", lead)
        if pool == "multiplier":
            choices = q.choice_list()
            value = rng.choices(choices, weights=[3, 4, 2, 2][:len(choices)] + [1] * (len(choices) - 4))[0]
            sentences = MULTIPLIER.get(value, {}).get(lang)
            text, lead = "", None
            if sentences and rng.random() < 0.8:
                extra = [TOPICS["cahra"][lang][i] for i in CAHRA_FITS.get(value, [])]
                text, lead = self.compose(lang, sentences, most=1, extra=extra, opener=opener)
            return services.AnswerInput(value, text), (pool, lead)
        if pool == "translations":
            wishes = LANGUAGE_WISHES.get(p["country"], WISHES_ELSEWHERE)
            choices = q.choice_list()
            picked = [c for c in choices if rng.random() < wishes.get(c, 0.1)] or [rng.choice(choices)]
            text, lead = self.compose(lang, TRANSLATIONS[lang], most=1) if rng.random() < 0.45 else ("", None)
            return services.AnswerInput("\n".join(picked), text), (pool, lead)
        return None

    def regular(self, sector: str) -> dict:
        rng = self.rng
        p = self.person(sector, COUNTRIES[sector])
        lang = p["language"]
        for q in self.questions:
            if q.aimed_at(sector) and rng.random() < (0.55 if q.answer_type == AnswerType.MULTIPLE else 0.75):
                answered = self.answer(p, q)
                if answered is not None:
                    p["answers"][q] = answered
                    if p["opener"] and answered[0].text.startswith(p["opener"]):
                        p["opener"] = ""  # once is enough
        topics = SECTOR_TOPICS[sector]
        for _ in range(rng.choices([0, 1, 2, 3], weights=[45, 35, 15, 5])[0]):
            topic = rng.choice([t for t in topics if t in CODES])
            code = rng.choice(CODES[topic])
            if code in p["clauses"]:
                continue
            sentences = TOPICS[topic][lang]
            text, lead = self.compose(lang, sentences, allowed=_for_clause(sentences, code))
            if text:
                p["clauses"][code] = (text, (topic, lead))
        if rng.random() < (0.85 if sector == Sector.OTHER else 0.55) or not (p["answers"] or p["clauses"]):
            for _ in range(3):
                topic = rng.choice(topics)
                text, lead = self.compose(lang, TOPICS[topic][lang], most=3, opener=p["opener"])
                if text:
                    p["general"] = (text, (topic, lead))
                    break
        return p

    def campaigner(self, sector: str) -> dict:
        rng = self.rng
        p = self.person(sector, CAMPAIGN_ASM_COUNTRIES if sector == Sector.ASM else CAMPAIGN_COUNTRIES, "en")
        changed = set(rng.sample(range(len(CAMPAIGN)), rng.randint(1, 2)))
        body = " ".join(sentence.format(words[1] if i in changed else words[0])
                        for i, (sentence, words) in enumerate(CAMPAIGN))
        if rng.random() < 0.3:
            body = rng.choice(ENDORSEMENTS) + " " + body
        signature = rng.choice(SIGNATURES)
        if not p["organisation"]:
            signature = signature.replace(", {org}", "")
        signature = signature.format(name=p["name"], first=p["first"], org=p["organisation"])
        letter = "\n\n".join(part for part in (rng.choice(GREETINGS), body, signature) if part)
        p["general"] = (letter, ("campaign", None))
        self.fresh(letter, "en")  # so that no other comment comes near the letter
        for q in self.questions:
            if q.aimed_at(sector) and q.answer_type == AnswerType.MULTIPLE and rng.random() < 0.3:
                answered = self.answer(p, q)
                if answered is not None:
                    p["answers"][q] = answered
        return p

    def plan(self) -> list[dict]:
        people = [self.campaigner(s) for s, n in CAMPAIGNERS.items() for _ in range(n)]
        people += [self.regular(s) for s, n in REGULAR.items() for _ in range(n)]
        advert = self.person(Sector.OTHER, {"US": 1})
        advert.update(organisation="GoldPro Example Trading", consent=Consent.NAMED,
                      general=(ADVERT, ("advert", None)), hide=HIDDEN["advert"])
        rude = self.person(Sector.OTHER, {"GB": 1})
        rude.update(organisation="", consent=Consent.ANONYMOUS, general=(RUDE, ("rude", None)), hide=HIDDEN["rude"])
        people += [advert, rude]
        self.rng.shuffle(people)
        return people


def _committee_answer(rng: random.Random, about: About) -> tuple[str, str, str | None]:
    """The committee's decision, response and changed clause for a comment: one that answers its leading
    sentence when there is such an answer."""
    topic, lead = about
    options = RESPONSES[topic]
    fitting = [o for o in options if o[3] is None or lead in o[3]] or options
    decision, text, code, _fits = rng.choice(fitting)
    return decision, text, code


# --- Loading ---------------------------------------------------------------------------------------------------

@transaction.atomic
def load_demo_comments(round_: Round) -> int:
    """Submit the demo responses to the round and dispose of about 40% of their comments; returns how many
    responses were created (0 when the round already has responses)."""
    if round_.responses.count() > 10:
        return 0
    rng = random.Random(SEED)
    criteria: dict[str, Criterion] = {}

    def criterion(code: str) -> Criterion:
        if code not in criteria:
            criteria[code] = Criterion.objects.get(version=round_.version, code=code)
        return criteria[code]

    people = _Planner(rng, list(round_.questions.all())).plan()
    abouts: dict[tuple[int, int | None, int | None], About] = {}
    hide: dict[int, str] = {}
    for i, p in enumerate(people):
        response = services.response_start(
            round_, name=p["name"], email=p["email"], sector=p["sector"], country=p["country"],
            language=p["language"], consent=p["consent"], organisation=p["organisation"])
        answers = {q.pk: a for q, (a, _about) in p["answers"].items()}
        clauses = {criterion(code).pk: text for code, (text, _about) in p["clauses"].items()}
        services.response_save(response, answers, clauses, p["general"][0])
        services.response_submit(response, f"demo-{round_.pk}-{i}")
        services.response_verify_email(response)  # the demo's respondents all opened their link
        for q, (a, about) in p["answers"].items():
            if a.text:  # a bare "yes" or "3" calls for no response
                abouts[response.pk, q.pk, None] = about
        for code, (_text, about) in p["clauses"].items():
            abouts[response.pk, None, criterion(code).pk] = about
        if p["general"][0]:
            abouts[response.pk, None, None] = p["general"][1]
        if p["hide"]:
            hide[response.pk] = p["hide"]

    comments = list(Comment.objects.filter(response__round=round_).select_related("response__round")
                    .order_by("pk"))
    for comment in comments:
        if comment.response_id in hide and not comment.question_id and not comment.criterion_id:
            services.comment_hide(None, comment, hide[comment.response_id])
    keyed = [(abouts.get((c.response_id, c.question_id, c.criterion_id)), c) for c in comments]
    campaign = [(about, c) for about, c in keyed if about and about[0] == "campaign"]
    others = [(about, c) for about, c in keyed if about and about[0] in RESPONSES and about[0] != "campaign"]
    wanted = max(0, round(DISPOSED_SHARE * len(comments)) - len(campaign))
    chosen = rng.sample(others, min(wanted, len(others))) + campaign
    for about, comment in sorted(chosen, key=lambda ac: ac[1].pk):
        decision, text, code = _committee_answer(rng, about)
        services.comment_dispose(None, comment, decision, text, criterion(code) if code else None)
    return len(people)
