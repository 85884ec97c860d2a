"""A simulation of a draft's rules (or of a sandbox's parameters) on the registry, and each actor's move in it.

Nothing here is a score: a simulation never writes to the stored scores (assay.assessments.models.Score)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Simulation(models.Model):
    version = models.ForeignKey("standards.StandardVersion", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("rules of"),
                                help_text=_("The draft (or any version) whose rules are simulated."))
    base = models.ForeignKey("standards.StandardVersion", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("assessments made on"))
    overrides = models.JSONField(_("parameter overrides"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=SimulationStatus.choices,
                              default=SimulationStatus.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps"), default=0)
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    snapshot_on = models.DateField(_("registry snapshot of"), null=True, blank=True)
    snapshot = models.JSONField(_("registry counts"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)
    # the consultation round whose public summary this is (frozen with the simulation's date and snapshot)
    round = models.ForeignKey("consultation.Round", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="simulations", verbose_name=_("consultation round"))
    attached_at = models.DateTimeField(_("attached"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("simulation")
        verbose_name_plural = _("simulations")

    def __str__(self) -> str:
        return self.title or f"{self.version} / {self.base}"

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def running(self) -> bool:
        return self.status in (SimulationStatus.QUEUED, SimulationStatus.RUNNING)


class SimulatedMove(models.Model):
    """One actor's latest verified assessment, by the base's rules and by the simulated ones ("as 0": criteria new
    in the draft answered at maturity 0; "left out": those criteria removed). Levels are None unless the outcome
    is a level; the outcome is kept too."""

    simulation = models.ForeignKey(Simulation, on_delete=models.CASCADE, related_name="moves")
    actor = models.ForeignKey("registry.Actor", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20)
    country = models.CharField(max_length=2)
    minerals = models.JSONField(default=list)
    in_cahra = models.BooleanField(default=False)
    kind = models.CharField(max_length=20)
    old_outcome = models.CharField(max_length=12)
    new_outcome = models.CharField(max_length=12)
    new_outcome_out = models.CharField(max_length=12)
    old_level = models.SmallIntegerField(null=True)
    new_level = models.SmallIntegerField(null=True)
    new_level_out = models.SmallIntegerField(null=True)
    old_overall = models.FloatField(null=True)
    new_overall = models.FloatField(null=True)
    new_overall_out = models.FloatField(null=True)
    old_residual = models.FloatField(null=True)
    new_residual = models.FloatField(null=True)
    old_progress = models.FloatField(null=True)
    new_progress = models.FloatField(null=True)
    eligible_before = models.BooleanField(default=False)
    eligible_after = models.BooleanField(default=False)
    eligible_after_out = models.BooleanField(default=False)
    why_before = models.CharField(max_length=20, blank=True)
    why_after = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["simulation", "id"]
        constraints = [models.UniqueConstraint(fields=["simulation", "actor"], name="one_move_per_actor")]
        verbose_name = _("simulated move")
        verbose_name_plural = _("simulated moves")

    def __str__(self) -> str:
        return f"{self.actor_id}: {self.old_category} → {self.new_category}"

    @property
    def old_category(self) -> str:
        return str(self.old_level) if self.old_outcome == "level" else self.old_outcome

    @property
    def new_category(self) -> str:
        return str(self.new_level) if self.new_outcome == "level" else self.new_outcome

    @property
    def new_category_out(self) -> str:
        return str(self.new_level_out) if self.new_outcome_out == "level" else self.new_outcome_out
