"""The demo's data files hang together, and its generator draws the same demo every time (no database needed)."""

from assay.web.demo.history import History
from assay.web.demo.loader import DATA, read


def test_every_data_file_loads():
    assert {p.name for p in DATA.glob("*.yaml")} >= {"standard.yaml", "consultation.yaml", "comments.yaml",
                                                     "registry.yaml", "assessments.yaml", "users.yaml",
                                                     "outreach.yaml", "reporting.yaml", "mes-0.1.yaml"}
    for path in DATA.glob("*.yaml"):
        assert isinstance(read(path.name), dict), path.name


def test_every_key_named_is_an_actor():
    registry, plan, users = read("registry.yaml"), read("assessments.yaml"), read("users.yaml")
    producers = [p["key"] for p in registry["producers"]]
    buyers = [b["key"] for group in registry["buyers"].values() for b in group]
    keys = set(producers) | set(buyers)
    assert len(keys) == len(producers) + len(buyers), "a key is used twice"
    named = [k for a in registry["producers"] + [b for g in registry["buyers"].values() for b in g]
             for k in a.get("sells_to", [])]
    named += [s[end] for s in registry["support"] for end in ("buyer", "supplier")]
    named += [u["member_of"] for u in users["users"] if "member_of" in u] + [plan["draft"]["trader"]]
    named += [story["producer"] for story in plan["story"].values()]
    assert set(named) <= keys
    assert all(p["region"] in registry["bounds"] and p["country"] in registry["languages"]
               for p in registry["producers"])
    usernames = {u["username"] for u in users["users"]}
    assert {plan["assessor"], plan["reviewer"]} <= usernames and set(users["totp"]) <= usernames | {"admin"}


def test_one_trend_per_ordinary_producer():
    registry, plan = read("registry.yaml"), read("assessments.yaml")
    story = {plan["story"]["tier_one"]["producer"], plan["story"]["ineligible"]["producer"]}
    assert sum(plan["trends"].values()) == len([p for p in registry["producers"] if p["key"] not in story])
    assert set(plan["trends"]) == set(plan["trend_steps"])


def test_the_committee_answers_only_topics_and_pools_there_are():
    comments = read("comments.yaml")
    pools = {"barriers", "indicators", "red_yes", "red_no", "score_low", "score_mid", "score_high", "multiplier",
             "translations", "campaign"}
    assert set(comments["responses"]) <= set(comments["topics"]) | pools
    assert set(comments["codes"]) <= set(comments["topics"])
    assert all(set(t) <= set(comments["topics"]) for t in comments["sector_topics"].values())


def test_the_generator_draws_the_same_registry_every_time():
    def draw():
        history = History(read("registry.yaml"))
        return history.miners(), history.coordinates(), history.links()

    first = draw()
    assert first == draw()
    miners, coordinates, links = first
    assert len(miners) == len(coordinates) == 41 and all(40 <= n <= 1200 for n in miners.values())
    sourcing = [link for link in links if link.kind == "sourcing"]
    assert {link.supplier for link in sourcing} >= set(miners)  # every producer sells to someone
    assert all(link.end is None or link.end >= link.start for link in links)


def test_every_commodity_group_has_producers_whose_buyers_deal_in_their_minerals():
    registry, standard = read("registry.yaml"), read("mes-0.1.yaml")
    producers = registry["producers"]
    buyers = {b["key"]: b for group in registry["buyers"].values() for b in group}
    minerals = {p["key"]: set(p.get("minerals", ["gold"])) for p in producers} | {
        k: set(b["minerals"]) for k, b in buyers.items()}
    groups = [{"gold"}, {"tin", "tantalum", "tungsten"}, {"cobalt"}, {"gemstones"}]
    assert set().union(*groups) == set(standard["commodities"])
    for group in groups:  # enough producers that a figure for the group is not withheld (k = 5)
        assert len([p for p in producers if minerals[p["key"]] & group]) >= 5, group
    # a link carries what the supplier has and the buyer deals in (the loader's rule): never nothing
    for supplier in producers + list(buyers.values()):
        for buyer in supplier.get("sells_to", []):
            assert minerals[supplier["key"]] & minerals[buyer], (supplier["key"], buyer)
    for s in registry["support"]:
        assert minerals[s["supplier"]] & minerals[s["buyer"]], s
