from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from corpus.models import (
    Deck,
    DeckSlide,
    Event,
    Expert,
    ExpertAlias,
    Generation,
    Issue,
    Organisation,
    Passage,
    PassageReview,
    PendingChange,
    PendingSource,
    PeopleChange,
    SavedView,
    Scenario,
    ScenarioAssessment,
    Source,
    SourceFile,
    Stance,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name", "country"]


class ExpertAliasInline(admin.TabularInline):
    model = ExpertAlias
    extra = 1


@admin.register(Expert)
class ExpertAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "organisation", "role"]
    list_filter = ["kind", "organisation__country", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "slug", "aliases__name", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ExpertAliasInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published_display", "date_precision", "path"]
    list_filter = ["kind", "date_precision", "publisher"]
    search_fields = ["title", "publisher", "sha256", "path"]
    readonly_fields = ["sha256", "text", "created_at", "created_by"]
    date_hierarchy = "published_on"

    @admin.display(description="published", ordering="published_on")
    def published_display(self, obj):
        return obj.published_display


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["source", "index", "speaker_label", "expert", "start", "end"]
    list_filter = ["source", "expert"]
    list_select_related = ["source", "expert"]
    search_fields = ["text", "speaker_label", "expert__name"]
    readonly_fields = ["source", "index", "start", "end", "text"]


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "question", "order"]
    search_fields = ["name", "slug", "question"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Scenario)
class ScenarioAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "horizon", "order"]
    search_fields = ["title", "slug", "description"]
    filter_horizontal = ["issues"]
    prepopulated_fields = {"slug": ["title"]}


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shown, not edited: changes to the record go through the app (corpus.changes)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class QuotedRecordAdmin(ReadOnlyAdmin):
    list_select_related = ["expert", "source"]
    list_filter = ["status", "confidence", "source__kind", "expert__organisation__country"]
    search_fields = ["quote", "expert__name", "source__title"]
    readonly_fields = ["version", "quote_start", "quote_end", "created_at", "updated_at"]
    autocomplete_fields = ["expert"]
    date_hierarchy = "stated_on"


@admin.register(Stance)
class StanceAdmin(QuotedRecordAdmin):
    list_display = ["expert", "issue", "position", "stated_on", "status", "confidence", "source"]
    list_filter = ["issue", *QuotedRecordAdmin.list_filter]
    list_select_related = ["expert", "source", "issue"]
    search_fields = [*QuotedRecordAdmin.search_fields, "summary"]


@admin.register(ScenarioAssessment)
class ScenarioAssessmentAdmin(QuotedRecordAdmin):
    list_display = ["expert", "scenario", "likelihood", "stated_on", "status", "source"]
    list_filter = ["scenario", *QuotedRecordAdmin.list_filter]
    list_select_related = ["expert", "source", "scenario"]
    search_fields = [*QuotedRecordAdmin.search_fields, "rationale"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["label", "happened_on", "precision", "status", "source"]
    list_filter = ["status", "issues"]
    list_select_related = ["source"]
    search_fields = ["label", "description", "quote"]
    readonly_fields = ["version", "quote_start", "quote_end", "created_at", "updated_at"]
    date_hierarchy = "happened_on"


@admin.register(SavedView)
class SavedViewAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "target", "query", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "note", "query", "target"]


class DeckSlideInline(admin.TabularInline):
    model = DeckSlide
    extra = 0
    autocomplete_fields = ["saved_view"]


@admin.register(Deck)
class DeckAdmin(SimpleHistoryAdmin):
    list_display = ["title", "created_by", "created_at", "is_shared"]
    search_fields = ["title"]
    inlines = [DeckSlideInline]

    @admin.display(boolean=True, description="shared")
    def is_shared(self, obj):
        return bool(obj.share_token)


@admin.register(ExpertAlias)
class ExpertAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "expert"]
    list_select_related = ["expert"]
    search_fields = ["name", "expert__name"]
    autocomplete_fields = ["expert"]


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["source", "name", "format", "size"]
    list_filter = ["format"]
    exclude = ["data"]


@admin.register(PendingSource)
class PendingSourceAdmin(admin.ModelAdmin):
    list_display = ["title", "format", "created_by", "created_at"]
    exclude = ["data", "text"]


@admin.register(PassageReview)
class PassageReviewAdmin(admin.ModelAdmin):
    list_display = ["passage", "reviewed_by", "reviewed_at"]
    list_select_related = ["passage__source", "reviewed_by"]


@admin.register(PendingChange)
class PendingChangeAdmin(ReadOnlyAdmin):
    list_display = ["kind", "state", "stance", "assessment", "author", "updated_at", "reviewer"]
    list_filter = ["kind", "state"]
    list_select_related = ["stance", "assessment", "author", "reviewer"]
    search_fields = ["comment", "stance__summary", "assessment__rationale"]


@admin.register(PeopleChange)
class PeopleChangeAdmin(ReadOnlyAdmin):
    list_display = ["state", "expert", "organisation", "author", "updated_at", "reviewer"]
    list_filter = ["state"]
    list_select_related = ["expert", "organisation", "author", "reviewer"]
    search_fields = ["comment", "expert__name", "organisation__name"]


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):
    list_display = ["scope", "value"]
    search_fields = ["scope"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
