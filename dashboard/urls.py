"""Every URL of Vantage. Each page's view lives in its own module under dashboard/views/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from dashboard.forms.accounts import SignInForm
from dashboard.record_kinds import ASSESSMENT, STANCE, RecordKind
from dashboard.views import (
    accounts,
    coding,
    compare,
    decks,
    editing_records,
    editing_sources,
    errors,
    events,
    experts,
    exports,
    history,
    home,
    imports,
    issues,
    method,
    overview,
    people,
    present,
    review,
    scenarios,
    search,
    sources,
)


def record_urls(kind: RecordKind) -> list:
    """The editing URLs of one kind of quoted record; the views get the kind from here."""
    at = f"{kind.prefix}/<int:pk>"

    def route(pattern, view, action):
        return path(pattern, view, {"kind": kind}, name=kind.url_name(action))

    return [
        route(f"sources/<int:pk>/{kind.prefix}/new/", editing_records.new, "new"),
        route(f"{at}/edit/", editing_records.edit, "edit"),
        route(f"{at}/row/", editing_records.row, "row"),
        route(f"{at}/publish/", review.publish, "publish"),
        route(f"{at}/history/", history.history, "history"),
        route(f"{at}/revert/<int:history_id>/", history.revert, "revert"),
        route(f"{at}/delete/", history.delete, "delete"),
        route(f"{at}/deprecate/", editing_records.deprecate, "deprecate"),
        route(f"{at}/restore/", history.restore, "restore"),
    ]


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
    path("views/add-to-deck/", decks.add_to_deck, name="add-to-deck"),
    path("views/<int:pk>/delete/", decks.delete_saved_view, name="delete-saved-view"),
    path("views/<int:pk>/duplicate/", decks.duplicate_saved_view, name="duplicate-saved-view"),
    path("decks/", decks.decks, name="decks"),
    path("decks/<int:pk>/", decks.deck, name="deck"),
    path("decks/<int:pk>/add/", decks.deck_add, name="deck-add"),
    path("decks/<int:pk>/reorder/", decks.deck_reorder, name="deck-reorder"),
    path("decks/<int:pk>/slides/<int:slide_pk>/move/", decks.deck_move, name="deck-move"),
    path(
        "decks/<int:pk>/slides/<int:slide_pk>/evidence/", decks.deck_evidence, name="deck-evidence"
    ),
    path("decks/<int:pk>/slides/<int:slide_pk>/remove/", decks.deck_remove, name="deck-remove"),
    path("decks/<int:pk>/share/", decks.deck_share, name="deck-share"),
    path("decks/<int:pk>/revoke/", decks.deck_revoke, name="deck-revoke"),
    path("decks/<int:pk>/duplicate/", decks.deck_duplicate, name="deck-duplicate"),
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
    path("sources/pending/<int:pk>/", editing_sources.source_proposal, name="source-proposal"),
    path("sources/<int:pk>/to-code/", coding.coding_queue, name="source-coding"),
    path(
        "sources/<int:pk>/to-code/<int:index>/reviewed/",
        coding.mark_reviewed_view,
        name="passage-reviewed",
    ),
    path("people/experts/new/", people.expert_new, name="expert-new"),
    path("people/experts/<slug:slug>/edit/", people.expert_edit, name="expert-edit"),
    path("people/experts/<slug:slug>/merge/", people.expert_merge, name="expert-merge"),
    path("people/experts/<slug:slug>/history/", people.expert_history, name="expert-history"),
    path("people/organisations/", people.organisations, name="organisations"),
    path("people/organisations/new/", people.organisation_new, name="organisation-new"),
    path("people/organisations/<int:pk>/edit/", people.organisation_edit, name="organisation-edit"),
    *record_urls(STANCE),
    *record_urls(ASSESSMENT),
    # Events (issue 12): dated happenings drawn on the timelines, edited with review.
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_new, name="event-new"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/delete/", events.event_delete, name="event-delete"),
    path("method/", method.method, name="method"),
    path("review/", review.review_queue, name="review"),
    path("review/mine/", review.my_changes, name="my-changes"),
    path("review/accept/", review.accept_selected, name="review-accept-selected"),
    path("review/<int:pk>/decide/", review.decide, name="review-decide"),
    path("review/<int:pk>/withdraw/", review.withdraw, name="review-withdraw"),
    path("review/people/<int:pk>/decide/", review.people_decide, name="review-people-decide"),
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
    # Accounts (issue 13): Django's own password views; one-time links for invitations and
    # resets, made by reviewers and administrators on the users page.
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/users/", accounts.users, name="users"),
    path("accounts/users/<int:pk>/", accounts.account_update, name="account-update"),
    path("accounts/users/<int:pk>/reset/", accounts.account_reset, name="account-reset"),
    path("admin/", admin.site.urls),
]

# Error pages in the site's frame, with the reason the app gave (dashboard/views/errors.py).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
