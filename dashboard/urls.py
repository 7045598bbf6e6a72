"""Every URL of Vantage. Each page's view lives in its own module under dashboard/views/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from dashboard.views import (
    compare,
    editing_records,
    editing_sources,
    experts,
    exports,
    history,
    home,
    imports,
    issues,
    overview,
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
    # Editing (issue 4): sources added in the browser, stance/assessment forms, review,
    # history, deleted records, spreadsheet exits and import.
    path("sources/new/", editing_sources.source_new, name="source-new"),
    path("sources/<int:pk>/attribution/", editing_sources.attribution, name="source-attribution"),
    path("sources/<int:pk>/annotate/", editing_sources.annotate, name="source-annotate"),
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
    path("assessments/<int:pk>/restore/", history.assessment_restore, name="assessment-restore"),
    path("review/", review.review_queue, name="review"),
    path("deleted/", history.deleted_records, name="deleted-records"),
    path("stances.csv", exports.stances_csv, name="stances-csv"),
    path("stances.json", exports.stances_json, name="stances-json"),
    path("export.json", exports.record_json, name="record-json"),
    path("import/", imports.import_upload, name="import"),
    path("import/apply/", imports.import_apply, name="import-apply"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
