"""Every URL of Vantage. Each page's view lives in its own module under dashboard/views/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from dashboard.views import (
    compare,
    experts,
    home,
    issues,
    overview,
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
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
