"""Award shortlists: frozen, dated snapshots of a ranking that later recomputation never changes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from assay.registry.models import Actor


class Category(models.TextChoices):
    PRODUCERS = "producers", _("producers by progress")
    DOWNSTREAM = "downstream", _("downstream actors by enabled impact")


class GroupBy(models.TextChoices):
    NONE = "", _("all together")
    COUNTRY = "country", _("per country")
    MINERAL = "mineral", _("per mineral")


class Frozen(models.Model):
    """Written once: a snapshot is evidence for a jury and must stay what it was when it was taken."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(_("A shortlist is a frozen snapshot and cannot change."), code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A shortlist is a frozen snapshot and cannot change."), code="frozen")


class Shortlist(Frozen):
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    size = models.PositiveSmallIntegerField(_("entries per list"))
    group_by = models.CharField(_("grouping"), max_length=10, choices=GroupBy.choices, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    engine = models.CharField(_("engine version"), max_length=40)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("taken on"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("award shortlist")
        verbose_name_plural = _("award shortlists")

    def __str__(self) -> str:
        return self.title


class ShortlistEntry(Frozen):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.PROTECT, related_name="entries")
    group = models.CharField(_("group"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"))
    rank = models.PositiveIntegerField(_("overall rank"))
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    value = models.FloatField(_("value"))
    level = models.SmallIntegerField(_("level"), null=True)
    on = models.DateField(_("date"), null=True)
    evidence = models.JSONField(_("evidence summary"), default=dict)

    class Meta:
        ordering = ["shortlist", "group", "position"]
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")

    def __str__(self) -> str:
        return f"{self.position}. {self.actor_name}"


class ReportShare(models.Model):
    """An assessed actor's admin shares one assessment's full report with a named buyer: the buyer's members may then
    open that report (its network data, never restricted data, nothing else of the actor) until it is revoked.

    A standing granted by the data's owner (DESIGN §5): it counts in assay.reporting.actor_report and nowhere else.
    """

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="report_shares",
                                   verbose_name=_("assessment"))
    # no reverse accessor on Actor: what an actor was sent is read here, in reporting
    buyer = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("buyer"))
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("shared by"))
    shared_at = models.DateTimeField(_("shared on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("revoked by"))

    class Meta:
        ordering = ["-shared_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "buyer"],
                                               condition=models.Q(revoked_at__isnull=True),
                                               name="one_active_report_share")]
        verbose_name = _("shared report")
        verbose_name_plural = _("shared reports")

    def __str__(self) -> str:
        return f"{self.assessment_id} → {self.buyer_id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ClaimQuerySet(models.QuerySet):
    """A claim is never edited nor deleted in bulk either: `update` and `delete` refuse (a withdrawal is a save of
    its three withdrawal fields, through the model)."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError(_("An issued claim cannot be edited; it can only be withdrawn."), code="frozen")

    def delete(self):  # type: ignore[no-untyped-def]
        raise ValidationError(_("An issued claim cannot be deleted; it can only be withdrawn."), code="frozen")


WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawn_reason"})


class SupplyChainClaim(models.Model):
    """A buyer's dated statement of where its sourcing of a mineral came from over a period: the share from
    producers at each level and assurance, as the registry and the assessments stood when it was issued
    (reporting.claims). Its content is frozen, with a SHA-256 fingerprint of its canonical JSON, and a public token
    lets a customer verify it by URL. It can be withdrawn, with a reason, never edited."""

    buyer = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", verbose_name=_("buyer"))
    mineral = models.CharField(_("mineral"), max_length=20)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    issued_at = models.DateTimeField(_("issued on"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("issued by"))
    content = models.JSONField(_("statement"))
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64)
    engine = models.CharField(_("engine version"), max_length=40)
    token = models.CharField(_("verification token"), max_length=64, unique=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("supply-chain claim")
        verbose_name_plural = _("supply-chain claims")

    def __str__(self) -> str:
        return f"{self.buyer_id} {self.mineral} {self.start}–{self.end}"

    def save(self, *args, **kwargs):
        """Written once; afterwards only a first withdrawal may be saved, and only its own fields."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("withdrawn_at").first()
            fields = set(kwargs.get("update_fields") or ())
            if stored is not None and (stored["withdrawn_at"] is not None or not fields
                                       or not fields <= WITHDRAWAL_FIELDS):
                raise ValidationError(_("An issued claim cannot be edited; it can only be withdrawn."),
                                      code="frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued claim cannot be deleted; it can only be withdrawn."), code="frozen")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ReportSnapshot(models.Model):
    """A page's figures as they were computed for one data version (reporting.summaries): rankings, credit pages and
    the impact report read them instead of computing at request time. Figures only, never who may see them: the
    disclosure policy is applied when a page is shown, and labels are translated then (reporting.labels)."""

    name = models.CharField(_("name"), max_length=40)
    args = models.CharField(_("period and scope"), max_length=200)
    data_version = models.BigIntegerField(_("data version"))
    engine = models.CharField(_("engine version"), max_length=40)
    computed_at = models.DateTimeField(_("computed on"))
    seconds = models.FloatField(_("time to compute (s)"), default=0)
    payload = models.JSONField(_("figures"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "args"], name="one_report_snapshot")]
        verbose_name = _("report summary")
        verbose_name_plural = _("report summaries")

    def __str__(self) -> str:
        return f"{self.name} {self.args} @{self.data_version}"


class RankingRow(models.Model):
    """One candidate of a stored ranking (a ReportSnapshot of a ranking): ranked at `position`, or not ranked for
    `reason`. Pages read one page of rows by position."""

    snapshot = models.ForeignKey(ReportSnapshot, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("rank"), null=True)
    reason = models.CharField(_("reason not ranked"), max_length=20, blank=True)
    actor_id = models.BigIntegerField(_("actor"))
    name = models.CharField(_("name"), max_length=200)
    value = models.CharField(_("value"), max_length=200, blank=True)  # a Fraction as text: exact
    level = models.SmallIntegerField(_("level"), null=True)
    on = models.DateField(_("date"), null=True)
    level_public = models.BooleanField(default=True)
    open_tier1_breach = models.BooleanField(default=False)
    detail = models.JSONField(_("explanation"), default=dict)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "position"]), models.Index(fields=["snapshot", "reason", "id"])]
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")

    def __str__(self) -> str:
        return f"{self.position or self.reason}. {self.name}"


class SummaryQueue(models.Model):
    """One row: whether a refresh of the summaries is queued and not yet started, so that many changes in a row queue
    one refresh (reporting.summaries.request_refresh)."""

    queued = models.BooleanField(default=False)
    queued_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("summary refresh queue")

    def __str__(self) -> str:
        return f"queued since {self.queued_at}" if self.queued else "idle"
