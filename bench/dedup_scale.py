"""Near-duplicate grouping of campaign comments at scale, in the pure core alone (issue 18, goal 2).

Usage: .venv/bin/python bench/dedup_scale.py [--sizes 25000,50000,100000,200000] [--old 4000[,20000]]
       [--seed N] [--add 1000]

Generates seeded comments shaped like a consultation's: six form letters (two each in English, French and
Spanish) copied by 60 % of the commenters, each copy with small edits (a changed or dropped greeting, a word
swapped for another, two sentences in the other order, an added personal sentence, a signature), and unique
comments in the three languages. Prints, for the pairwise algorithm (every copy inserted into the LSH index and
compared with every earlier candidate; a copy of the old code) at --old sizes and for `Grouper` at --sizes: CPU
seconds (time.process_time), confirmations (rapidfuzz calls), groups, and pair precision and recall against the
generator's truth; whether the two give the same groups where both ran; the doubling ratio between the last two
sizes; and the CPU cost of adding --add comments to a round of 100,000 already grouped, from a saved state
(`Grouper.state()` → `Grouper.restore()`) as the background task does. No assertion: the figures are for the issue.
"""

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from assay.domain import dedup
from assay.domain.dedup import Grouper, group_near_duplicates, normalise

PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("--sizes", default="25000,50000,100000,200000")
PARSER.add_argument("--old", default="4000", help="sizes for the pairwise algorithm (20000 takes minutes)")
PARSER.add_argument("--seed", type=int, default=18)
PARSER.add_argument("--add", type=int, default=1000)

LETTERS = {
    "en": [
        "The standard must not let buyers walk away from artisanal miners at the first problem. Buyers should stay "
        "engaged, finance improvement and be judged on the progress their suppliers make over time. A buyer that "
        "leaves a cooperative without warning pushes its miners towards smugglers. We ask the committee to require "
        "a plan with dates before any buyer may end a relationship with a producer.",
        "Mercury is poisoning our rivers and our children. The standard should set a date after which no certified "
        "site may burn amalgam in the open, and it should pay for retorts and training before that date. Women who "
        "process ore at home are the most exposed and must be counted in every indicator on mercury.",
    ],
    "fr": [
        "Le standard ne doit pas permettre aux acheteurs d'abandonner les mineurs artisanaux au premier problème. "
        "Les acheteurs doivent rester engagés, financer l'amélioration et être jugés sur les progrès de leurs "
        "fournisseurs. Un acheteur qui quitte une coopérative sans préavis pousse les mineurs vers la contrebande. "
        "Nous demandons au comité d'exiger un plan daté avant toute rupture avec un producteur.",
        "Les audits coûtent trop cher pour les petites coopératives de l'est du pays. Le standard devrait permettre "
        "une certification de groupe, partager le coût des audits entre les acheteurs et accepter les rapports des "
        "comités locaux de suivi. Sans cela seules les grandes entreprises pourront être certifiées.",
    ],
    "es": [
        "La norma no debe permitir que los compradores abandonen a los mineros artesanales ante el primer problema. "
        "Los compradores deben seguir comprometidos, financiar la mejora y ser evaluados por el progreso de sus "
        "proveedores. Un comprador que deja una cooperativa sin aviso empuja a los mineros hacia el contrabando. "
        "Pedimos al comité que exija un plan con fechas antes de terminar cualquier relación con un productor.",
        "El agua de nuestras comunidades se contamina con el cianuro de las plantas de beneficio. La norma debería "
        "exigir pruebas mensuales del agua publicadas en la comunidad, un fondo para accidentes y la consulta previa "
        "a los pueblos indígenas antes de abrir una nueva planta cerca de un río.",
    ],
}
GREETINGS = {"en": ["Dear committee,", "Hello,", "To the secretariat:", "Dear all,"],
             "fr": ["Madame, Monsieur,", "Bonjour,", "Au comité :", "Chers membres,"],
             "es": ["Estimado comité:", "Hola,", "A la secretaría:", "Estimados señores,"]}
SWAPS = {"en": [("buyers", "purchasers"), ("miners", "workers"), ("standard", "norm"), ("children", "kids"),
                ("committee", "board"), ("site", "mine")],
         "fr": [("acheteurs", "clients"), ("mineurs", "ouvriers"), ("standard", "référentiel"), ("comité", "conseil"),
                ("coopératives", "associations")],
         "es": [("compradores", "clientes"), ("mineros", "trabajadores"), ("norma", "regla"), ("comité", "consejo"),
                ("comunidades", "pueblos")]}
PERSONAL = {"en": ["In {place} the {thing} closed when the buyers left.", "I have worked in {place} for {n} years.",
                   "My {kin} in {place} fell ill last year.", "Our {thing} in {place} needs help now."],
            "fr": ["À {place} l'{thing} a fermé quand les acheteurs sont partis.",
                   "Je travaille à {place} depuis {n} ans.", "Mon {kin} à {place} est tombé malade.",
                   "Notre {thing} à {place} a besoin d'aide."],
            "es": ["En {place} la {thing} cerró cuando se fueron los compradores.",
                   "Trabajo en {place} desde hace {n} años.", "Mi {kin} en {place} enfermó el año pasado.",
                   "Nuestra {thing} en {place} necesita ayuda."]}
PLACES = ["Kamituga", "Mongbwalu", "Shabunda", "Walikale", "Puerto Maldonado", "La Rinconada", "Ocoña", "Segovia",
          "Zaragoza", "Kolwezi", "Misisi", "Lugushwa"]
THINGS = {"en": ["school", "clinic", "market", "road"], "fr": ["école", "clinique", "usine", "coopérative"],
          "es": ["escuela", "clínica", "cooperativa", "carretera"]}
KIN = {"en": ["brother", "daughter", "neighbour"], "fr": ["frère", "fils", "voisin"],
       "es": ["hermano", "hijo", "vecino"]}
SYLLABLES = ["ka", "mi", "to", "ra", "ne", "lu", "so", "ba", "di", "que", "ver", "pan", "tion", "ment", "dor", "les"]


def _vocabulary(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def _copy(rng: random.Random, letter: str, lang: str, i: int) -> str:
    sentences = [s.strip() + "." for s in letter.split(".") if s.strip()]
    if rng.random() < 0.3:  # two sentences in the other order
        a, b = rng.sample(range(len(sentences)), 2)
        sentences[a], sentences[b] = sentences[b], sentences[a]
    text = " ".join(sentences)
    if rng.random() < 0.4:  # a word swapped for another
        old, new = rng.choice(SWAPS[lang])
        text = text.replace(old, new, 1)
    if rng.random() < 0.6:
        text = rng.choice(GREETINGS[lang]) + " " + text
    if rng.random() < 0.4:  # an added personal sentence
        text += " " + rng.choice(PERSONAL[lang]).format(place=rng.choice(PLACES), thing=rng.choice(THINGS[lang]),
                                                        n=rng.randint(2, 30), kin=rng.choice(KIN[lang]))
    if rng.random() < 0.3:
        text += f" {rng.choice(['Signed', 'Firmado', 'Signé'])} {rng.choice(PLACES)} {i}"
    if rng.random() < 0.1:
        text = text.upper()
    return text


def comments(n: int, seed: int) -> tuple[dict[int, str], dict[int, str]]:
    """n comments (id -> text) and their truth (id -> campaign, or a unique label)."""
    rng = random.Random(seed)
    vocab = {lang: _vocabulary(rng, 2000) for lang in LETTERS}
    letters = [(lang, letter) for lang, ls in LETTERS.items() for letter in ls]
    weights = [30, 20, 20, 10, 12, 8]
    texts, truth = {}, {}
    for i in range(n):
        if rng.random() < 0.6:
            (lang, letter), = rng.choices(letters, weights)
            texts[i], truth[i] = _copy(rng, letter, lang, i), f"campaign:{letters.index((lang, letter))}"
        else:
            lang = rng.choice(list(LETTERS))
            texts[i] = " ".join(rng.choice(vocab[lang]) for _ in range(rng.randint(8, 60))) + "."
            truth[i] = f"unique:{i}"
    return texts, truth


def pairwise(texts: Mapping[int, str]) -> tuple[list[list[int]], int]:
    """The algorithm before issue 18 (a copy): every text of six words or more in the LSH index, each new one
    confirmed against every earlier candidate. Returns the groups and the confirmations made."""
    normal = {k: normalise(t) for k, t in texts.items()}
    parent = {k: k for k in texts}
    comparisons = 0

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    lsh = MinHashLSH(threshold=dedup.LSH_THRESHOLD, num_perm=dedup.NUM_PERM)
    exact: dict[str, int] = {}
    for key, text in normal.items():
        if text in exact:
            parent[find(key)] = find(exact[text])
            continue
        exact[text] = key
        words = text.split()
        if len(words) < dedup.MIN_WORDS:
            continue
        m = MinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED)
        m.update_batch([s.encode() for s in {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}])
        for other in lsh.query(m):
            comparisons += 1
            if fuzz.token_set_ratio(text, normal[other]) >= dedup.CONFIRM_RATIO:
                ra, rb = find(other), find(key)
                if ra != rb:
                    parent[rb] = ra
        lsh.insert(key, m)
    groups: dict[int, list[int]] = {}
    for key in texts:
        groups.setdefault(find(key), []).append(key)
    return sorted(groups.values(), key=lambda g: (-len(g), str(g[0]))), comparisons


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def precision_recall(groups: list[list[int]], truth: Mapping[int, str]) -> tuple[float, float]:
    """Over pairs of comments: of those grouped together, the share from the same campaign (precision); of those
    from the same campaign, the share grouped together (recall). A unique comment pairs with nothing."""
    grouped = sum(_pairs(len(g)) for g in groups)
    true = sum(_pairs(n) for n in Counter(truth.values()).values())
    both = sum(_pairs(n) for g in groups for n in Counter(truth[k] for k in g).values())
    return (both / grouped if grouped else 1.0), (both / true if true else 1.0)


def _partition(groups: list[list[int]]) -> set[frozenset[int]]:
    return {frozenset(g) for g in groups}


def main() -> None:
    args = PARSER.parse_args()
    print(f"seed {args.seed}; figures: CPU seconds (time.process_time), confirmations, groups, precision, recall")
    for n in [int(s) for s in args.old.split(",") if s]:
        texts, truth = comments(n, args.seed)
        t = time.process_time()
        old, comparisons = pairwise(texts)
        cpu = time.process_time() - t
        p, r = precision_recall(old, truth)
        t = time.process_time()
        grouper: Grouper[int] = Grouper()
        grouper.add(texts)
        new_cpu = time.process_time() - t
        same = _partition(old) == _partition(group_near_duplicates(texts))
        print(f"pairwise {n:>7,}: {cpu:7.2f} s  {comparisons:>10,} confirmations  {len(old):>7,} groups  "
              f"precision {p:.4f} recall {r:.4f}")
        print(f"grouper  {n:>7,}: {new_cpu:7.2f} s  {grouper.comparisons:>10,} confirmations; same groups: {same}")
    figures = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        texts, truth = comments(n, args.seed)
        t = time.process_time()
        grouper = Grouper()
        grouper.add(texts)
        cpu = time.process_time() - t
        groups = grouper.groups()
        p, r = precision_recall(groups, truth)
        reps = sum(grouper.is_representative(k) for k in texts)
        figures.append((n, cpu))
        print(f"grouper  {n:>7,}: {cpu:7.2f} s  {grouper.comparisons:>10,} confirmations  {len(groups):>7,} groups  "
              f"precision {p:.4f} recall {r:.4f}  ({reps:,} representatives)")
    if len(figures) >= 2:
        (n1, t1), (n2, t2) = figures[-2:]
        print(f"doubling {n1:,} -> {n2:,}: {t2 / t1:.2f} x the time")
    if args.add:
        base = 100_000
        texts, _truth = comments(base + args.add, args.seed)
        keys = list(texts)
        grouper = Grouper()
        grouper.add({k: texts[k] for k in keys[:base]})
        state = grouper.state()
        t = time.process_time()
        later: Grouper[int] = Grouper.restore(state)
        restored = time.process_time() - t
        t = time.process_time()
        changed = later.add({k: texts[k] for k in keys[base:]})
        added = time.process_time() - t
        print(f"adding {args.add:,} to {base:,} grouped: restore {restored:.2f} s + add {added:.2f} s "
              f"({later.comparisons:,} confirmations, {len(changed):,} keys changed group); "
              f"{len(state.representatives):,} representatives in the saved state")


if __name__ == "__main__":
    main()
