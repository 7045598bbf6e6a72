from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from dashboard.signin import remember_role

        user_logged_in.connect(remember_role, dispatch_uid="dashboard.signin.remember_role")
