"""Every URL of Vantage. Each page's view lives in its own module under dashboard/views/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from dashboard.forms.accounts import SignInForm
from dashboard.views import (
    compare,
    decks,
    editing_records,
    editing_sources,
    errors,
    experts,
    exports,
    history,
    home,
    imports,
    issues,
    overview,
    present,
    review,
    scenarios,
    search,
    sources,
)

urlpatterns = [
    path("", overview.overview, name="overview"),
    path("overview/cell/<slug:expert>/<slug:issue>/", overview.cell_quotes, name="cell-quotes"),
    path("record/", home.home, name="home"),
    path("compare/", compare.compare, name="compare"),
    path("compare/experts/", compare.expert_picker, name="expert-picker"),
    path("issues/<slug:slug>/", issues.issue_page, name="issue"),
    path("issues/<slug:slug>/chart.json", issues.issue_chart_data, name="issue-chart-data"),
    path("experts/<slug:slug>/", experts.expert_page, name="expert"),
    path("sources/<int:pk>/", sources.source_reader, name="source"),
    path("stances/<int:pk>/", sources.stance_redirect, name="stance"),
    path("assessments/<int:pk>/", sources.assessment_redirect, name="assessment"),
    path("scenarios/", scenarios.scenario_board, name="scenarios"),
    path("scenarios/<slug:slug>/", scenarios.scenario_page, name="scenario"),
    path("search/", search.search, name="search"),
    # Present: full-screen slides, saved views, decks and read-only shared decks.
    path("present/overview/", present.present, {"kind": "overview"}, name="present-overview"),
    path("present/issues/<slug:slug>/", present.present, {"kind": "issue"}, name="present-issue"),
    path("present/compare/", present.present, {"kind": "compare"}, name="present-compare"),
    path("present/scenarios/", present.present, {"kind": "scenarios"}, name="present-scenarios"),
    path("views/", decks.saved_views, name="saved-views"),
    path("views/new/", present.save_view, name="save-view"),
    path("views/<int:pk>/delete/", decks.delete_saved_view, name="delete-saved-view"),
    path("decks/", decks.decks, name="decks"),
    path("decks/<int:pk>/", decks.deck, name="deck"),
    path("decks/<int:pk>/add/", decks.deck_add, name="deck-add"),
    path("decks/<int:pk>/slides/<int:slide_pk>/move/", decks.deck_move, name="deck-move"),
    path("decks/<int:pk>/slides/<int:slide_pk>/remove/", decks.deck_remove, name="deck-remove"),
    path("decks/<int:pk>/share/", decks.deck_share, name="deck-share"),
    path("decks/<int:pk>/revoke/", decks.deck_revoke, name="deck-revoke"),
    path("decks/<int:pk>/print/", decks.deck_print, name="deck-print"),
    path("decks/<int:pk>/deck.pptx", decks.deck_pptx, name="deck-pptx"),
    path("decks/<int:pk>/<int:number>/", decks.deck_slide, name="deck-slide"),
    path("decks/<int:pk>/<int:number>/notes/", decks.deck_notes, name="deck-notes"),
    path("shared/<str:token>/", decks.shared_deck, name="shared"),
    path("shared/<str:token>/print/", decks.shared_print, name="shared-print"),
    path("shared/<str:token>/<int:number>/", decks.shared_slide, name="shared-slide"),
    # Editing (issue 4): sources added in the browser, stance/assessment forms, review,
    # history, deleted records, spreadsheet exits and import.
    path("sources/new/", editing_sources.source_new, name="source-new"),
    path("sources/<int:pk>/attribution/", editing_sources.attribution, name="source-attribution"),
    path("sources/<int:pk>/stances/new/", editing_records.stance_new, name="stance-new"),
    path(
        "sources/<int:pk>/assessments/new/", editing_records.assessment_new, name="assessment-new"
    ),
    path("stances/<int:pk>/edit/", editing_records.stance_edit, name="stance-edit"),
    path("stances/<int:pk>/row/", editing_records.stance_row, name="stance-row"),
    path("stances/<int:pk>/publish/", review.stance_publish, name="stance-publish"),
    path("stances/<int:pk>/history/", history.stance_history, name="stance-history"),
    path("stances/<int:pk>/revert/<int:history_id>/", history.stance_revert, name="stance-revert"),
    path("stances/<int:pk>/delete/", history.stance_delete, name="stance-delete"),
    path("stances/<int:pk>/deprecate/", editing_records.stance_deprecate, name="stance-deprecate"),
    path("stances/<int:pk>/restore/", history.stance_restore, name="stance-restore"),
    path("assessments/<int:pk>/edit/", editing_records.assessment_edit, name="assessment-edit"),
    path("assessments/<int:pk>/row/", editing_records.assessment_row, name="assessment-row"),
    path("assessments/<int:pk>/publish/", review.assessment_publish, name="assessment-publish"),
    path("assessments/<int:pk>/history/", history.assessment_history, name="assessment-history"),
    path(
        "assessments/<int:pk>/revert/<int:history_id>/",
        history.assessment_revert,
        name="assessment-revert",
    ),
    path("assessments/<int:pk>/delete/", history.assessment_delete, name="assessment-delete"),
    path(
        "assessments/<int:pk>/deprecate/",
        editing_records.assessment_deprecate,
        name="assessment-deprecate",
    ),
    path("assessments/<int:pk>/restore/", history.assessment_restore, name="assessment-restore"),
    path("review/", review.review_queue, name="review"),
    path("review/mine/", review.my_changes, name="my-changes"),
    path("review/accept/", review.accept_selected, name="review-accept-selected"),
    path("review/<int:pk>/decide/", review.decide, name="review-decide"),
    path("review/<int:pk>/withdraw/", review.withdraw, name="review-withdraw"),
    path("deleted/", history.deleted_records, name="deleted-records"),
    path("stances.csv", exports.stances_csv, name="stances-csv"),
    path("stances.json", exports.stances_json, name="stances-json"),
    path("export.json", exports.record_json, name="record-json"),
    path("import/", imports.import_upload, name="import"),
    path("import/apply/", imports.import_apply, name="import-apply"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

# Error pages in the site's frame, with the reason the app gave (dashboard/views/errors.py).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
