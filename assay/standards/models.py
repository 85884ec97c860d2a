"""The standard as data: Standard → StandardVersion → Module → Criterion, plus the version's Levels.

A version moves draft → consultation → published → retired. Once published, nothing in it changes: the models
refuse it (PublishedVersionError), and database triggers refuse it again for any path that bypasses the ORM.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assay.domain import risk_areas
from assay.domain.disclosure import Disclosure

from .translation_status import TranslatedContent


class PublishedVersionError(ValidationError):
    """Raised on any attempt to change a published or retired version or its content."""

    def __init__(self, version: Any = None):
        label = getattr(version, "label", "")
        super().__init__(
            _("Version %(label)s is published and cannot be changed; derive a new draft instead."),
            code="published_immutable",
            params={"label": label},
        )


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    CONSULTATION = "consultation", _("in consultation")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


FROZEN_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.RETIRED)


class Kind(models.TextChoices):
    GATE = "gate", _("gate")
    MITIGATION = "mitigation", _("mitigation")
    PRACTICE = "practice", _("practice")
    INDICATOR = "indicator", _("indicator")


class Tier(models.IntegerChoices):
    TIER_1 = 1, _("Tier I (red line)")
    TIER_2 = 2, _("Tier II (mitigate)")


class ActorRole(models.TextChoices):
    PRODUCER = "producer", _("producer")
    TRADER = "trader", _("trader")
    EXPORTER = "exporter", _("exporter")
    REFINER = "refiner", _("refiner")
    MANUFACTURER = "manufacturer", _("manufacturer")
    BRAND = "brand", _("brand")
    FINANCIER = "financier", _("financier")


# The disclosure classes are the policy's own type (assay.domain.disclosure.Disclosure); fields store their codes.
DISCLOSURE_LABELS = {Disclosure.PUBLIC: _("public"), Disclosure.NETWORK: _("network"),
                     Disclosure.RESTRICTED: _("restricted"), Disclosure.PRIVATE: _("private")}
DISCLOSURE_CHOICES = [(c.code, DISCLOSURE_LABELS[c]) for c in Disclosure]


class Theme(models.TextChoices):
    MANAGEMENT = "management", _("management systems")
    LEGITIMACY = "legitimacy", _("legitimacy and formalisation")
    SERIOUS_ABUSES = "serious_abuses", _("serious abuses and armed groups")
    TIER2_RISKS = "tier2_risks", _("risks to mitigate")
    HEALTH_SAFETY_LABOUR = "health_safety_labour", _("health, safety and labour")
    ENVIRONMENT = "environment", _("mercury, chemicals and environment")
    COMMUNITY = "community", _("community relations")
    BUYER_DUE_DILIGENCE = "buyer_due_diligence", _("due diligence of buyers")
    IMPACT = "impact", _("impact")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class OecdStep(models.IntegerChoices):
    STEP_1 = 1, _("Step 1: establish strong company management systems")
    STEP_2 = 2, _("Step 2: identify and assess risk in the supply chain")
    STEP_3 = 3, _("Step 3: design and implement a strategy to respond to identified risks")
    STEP_4 = 4, _("Step 4: independent third-party audit at identified points")
    STEP_5 = 5, _("Step 5: report annually on supply-chain due diligence")


class RiskArea(models.TextChoices):
    """The risk a criterion addresses (assay.domain.risk_areas): the OECD Annex II risks, then the broader ones."""

    NONE = risk_areas.NONE, _("none")
    SERIOUS_ABUSES = risk_areas.SERIOUS_ABUSES, _("serious abuses (torture, forced labour, worst forms of child "
                                                  "labour, war crimes and other gross abuses)")
    ARMED_GROUPS = risk_areas.ARMED_GROUPS, _("direct or indirect support to non-state armed groups")
    SECURITY_FORCES = risk_areas.SECURITY_FORCES, _("public or private security forces")
    BRIBERY_ORIGIN = risk_areas.BRIBERY_ORIGIN, _("bribery and fraudulent misrepresentation of the origin of "
                                                  "minerals")
    MONEY_LAUNDERING = risk_areas.MONEY_LAUNDERING, _("money laundering")
    TAXES = risk_areas.TAXES, _("non-payment of taxes, fees and royalties")
    HEALTH_SAFETY = risk_areas.HEALTH_SAFETY, _("health and safety")
    MERCURY = risk_areas.MERCURY, _("mercury")
    ENVIRONMENT = risk_areas.ENVIRONMENT, _("environment")
    CHILD_LABOUR = risk_areas.CHILD_LABOUR, _("child labour short of its worst forms")
    GENDER = risk_areas.GENDER, _("gender")
    COMMUNITY = risk_areas.COMMUNITY, _("community")


DEFAULT_RULES = {"level_bonus": 10, "cahra_multiplier": 1.5, "min_interval_days": 180, "max_tiers": 4}

slug_validator = RegexValidator(r"^[a-z0-9]+(-[a-z0-9]+)*$", _("Use lower-case letters, digits and hyphens."))


class FrozenQuerySet(models.QuerySet):
    """Bulk update() and delete() refuse rows of a frozen version, as save() and delete() do."""

    version_lookup = "version__status__in"

    def _refuse_frozen(self) -> None:
        frozen = self.filter(**{self.version_lookup: FROZEN_STATUSES}).first()
        if frozen is not None:
            raise PublishedVersionError(frozen.frozen_version())

    def update(self, **kwargs):
        self._refuse_frozen()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen()
        return super().delete()


class CriterionQuerySet(FrozenQuerySet):
    def applicable_to(self, role: str, minerals: Iterable[str] | None = None) -> "CriterionQuerySet":
        """The criteria that apply to an actor of `role` whose assessment covers `minerals` (None: whatever the
        commodity): the one rule for "which criteria does this actor answer" (forms, services, the browser's role
        filter, the demo), as the engine's CriterionRule.applies has it."""
        # applies_to and commodities are short JSON lists of slugs; a text match on the quoted slug (or on the
        # empty list) works on SQLite and PostgreSQL alike.
        criteria = self.filter(applies_to__icontains=f'"{role}"')
        if minerals is None:
            return criteria
        any_of = Q(commodities__icontains="[]")  # commodity-independent
        for mineral in minerals:
            any_of |= Q(commodities__icontains=f'"{mineral}"')
        return criteria.filter(any_of)


class VersionQuerySet(FrozenQuerySet):
    version_lookup = "status__in"

    def update(self, **kwargs):
        # Retiring a published version is the one change allowed: it only touches status and retired_at.
        if set(kwargs) <= {"status", "retired_at"} and kwargs.get("status") == VersionStatus.RETIRED:
            if self.exclude(status__in=FROZEN_STATUSES).exists():
                raise ValidationError(_("Only a published version can be retired."))
            return models.QuerySet.update(self, **kwargs)
        return super().update(**kwargs)


class Standard(TranslatedContent):
    translated_fields = ("name", "description")

    slug = models.SlugField(_("slug"), unique=True, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.name


class StandardVersion(TranslatedContent):
    translated_fields = ("title", "summary")
    # Columns that may change on a frozen version (only by retiring it).
    mutable_when_frozen = ("status", "retired_at")

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(_("label"), max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    rules = models.JSONField(_("scoring rules"), default=dict)
    # The commodities (mineral codes) the version covers; its criteria may name only these.
    commodities = models.JSONField(_("commodities"), default=list, blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("derived from")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    consultation_at = models.DateTimeField(_("opened for consultation"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["standard", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["standard", "label"], name="unique_version_label")]
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")

    def __str__(self) -> str:
        return f"{self.standard.slug} {self.label}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_status = instance.status
        instance._loaded_values = instance._frozen_values()
        return instance

    def _frozen_values(self) -> dict[str, Any]:
        return {
            f.attname: getattr(self, f.attname)
            for f in self._meta.concrete_fields
            if f.attname not in self.mutable_when_frozen
        }

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    def frozen_version(self) -> "StandardVersion":
        return self

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_status", None)
        if loaded in FROZEN_STATUSES:
            allowed = {VersionStatus.PUBLISHED: FROZEN_STATUSES, VersionStatus.RETIRED: (VersionStatus.RETIRED,)}
            if self.status not in allowed[loaded] or self._frozen_values() != self._loaded_values:
                raise PublishedVersionError(self)
            # Translation bookkeeping must not touch a frozen row either.
            models.Model.save(self, *args, **kwargs)
        else:
            super().save(*args, **kwargs)
        self._loaded_status = self.status
        self._loaded_values = self._frozen_values()

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise PublishedVersionError(self)
        return super().delete(*args, **kwargs)

    def rule(self, name: str) -> Any:
        return self.rules.get(name, DEFAULT_RULES[name])


class VersionContent(TranslatedContent):
    """Content that belongs to one version and freezes with it."""

    class Meta:
        abstract = True

    def frozen_version(self) -> StandardVersion:
        return self.version

    def _check_not_frozen(self) -> None:
        status = StandardVersion.objects.filter(pk=self.version_id).values_list("status", flat=True).first()
        if status in FROZEN_STATUSES:
            raise PublishedVersionError(self.version)
        if self.pk and self._state.adding is False:
            old_version = type(self).objects.filter(pk=self.pk).values_list("version__status", flat=True).first()
            if old_version in FROZEN_STATUSES:
                raise PublishedVersionError(self.version)

    def save(self, *args, **kwargs):
        self._check_not_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_not_frozen()
        return super().delete(*args, **kwargs)


class Module(VersionContent):
    translated_fields = ("title", "intro")

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    oecd_step = models.PositiveSmallIntegerField(_("OECD step"), choices=OecdStep.choices)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="unique_module_code")]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Criterion(VersionContent):
    translated_fields = ("title", "text", "guidance", "evidence")

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="criteria")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="criteria")
    key = models.CharField(
        _("key"), max_length=80, validators=[slug_validator],
        help_text=_("Stable identifier across versions; lets a redline follow a criterion that moved."),
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier.choices, null=True, blank=True)
    points = models.PositiveSmallIntegerField(_("points"), default=0)
    na_allowed = models.BooleanField(_("n/a allowed"), default=False)
    applies_to = models.JSONField(_("applies to roles"), default=list)
    # Empty: commodity-independent, the criterion applies whatever the assessment's minerals.
    commodities = models.JSONField(_("commodities"), default=list, blank=True)
    disclosure = models.CharField(
        _("disclosure class"), max_length=12, choices=DISCLOSURE_CHOICES, default=Disclosure.NETWORK.code
    )
    risk = models.BooleanField(_("risk flag"), default=False)
    oecd_step = models.PositiveSmallIntegerField(_("OECD step"), choices=OecdStep.choices)
    risk_area = models.CharField(_("risk area"), max_length=20, choices=RiskArea.choices, blank=True,
                                 default=RiskArea.NONE)
    timeline_months = models.PositiveSmallIntegerField(_("improvement timeline (months)"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    better = models.CharField(_("better direction"), max_length=10, choices=Direction.choices, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("requirement"))
    guidance = models.TextField(_("guidance"), blank=True)
    evidence = models.TextField(_("evidence guidance"), blank=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["version", "module__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="unique_criterion_code"),
            models.UniqueConstraint(fields=["version", "key"], name="unique_criterion_key"),
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_red_line(self) -> bool:
        return self.kind == Kind.GATE and self.tier == Tier.TIER_1

    def role_labels(self) -> list[str]:
        labels = dict(ActorRole.choices)
        return [str(labels.get(r, r)) for r in self.applies_to]


class Level(VersionContent):
    translated_fields = ("name", "description")

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="levels")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    code = models.CharField(_("code"), max_length=40, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    all_gates_clear = models.BooleanField(_("all gates clear"), default=False)
    mitigation_min = models.PositiveSmallIntegerField(
        _("minimum maturity of every mitigation criterion"), null=True, blank=True,
        validators=[MaxValueValidator(3)],
    )
    overall_min = models.DecimalField(
        _("minimum overall score"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    every_module_min = models.DecimalField(
        _("minimum score of every module"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    module_min = models.JSONField(_("minimum score of named modules"), default=dict, blank=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["version", "rank"]
        constraints = [models.UniqueConstraint(fields=["version", "rank"], name="unique_level_rank")]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"
