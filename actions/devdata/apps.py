from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Development data: the demo plans (`load_demo`) and synthetic plans of any size (`seed_scale`).

    No models and nothing at start-up: only the two commands and the builders behind them. Production
    needs none of it.
    """

    name = "actions.devdata"
    label = "devdata"
    verbose_name = "Development data"
