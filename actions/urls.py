"""The actions app's pages, one list per feature, in one namespace: `actions:plan-detail`."""

from actions.cycle import urls as cycle
from actions.findings import urls as findings
from actions.importing import urls as importing
from actions.measures import urls as measures

app_name = "actions"
# Importing first: "plans/import/" must win over any pattern that could read it as a plan.
urlpatterns = [*importing.urlpatterns, *measures.urlpatterns, *findings.urlpatterns, *cycle.urlpatterns]
