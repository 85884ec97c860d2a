from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Comment, Question, Response, Round


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0


@admin.register(Round)
class RoundAdmin(TranslationAdmin):
    list_display = ["title", "kind", "number", "opens_on", "closes_on", "synthesised"]
    list_filter = ["kind", "synthesised"]
    inlines = [QuestionInline]


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    can_delete = False  # nothing is ever deleted; moderation hides with a reason
    readonly_fields = ["question", "criterion", "value", "text"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Personal data of respondents: for the secretariat; read-only."""

    list_display = ["round", "sector", "country", "consent", "submitted_at"]
    list_filter = ["round", "sector", "consent"]
    readonly_fields = [f.name for f in Response._meta.fields if f.name != "id"]
    inlines = [CommentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
