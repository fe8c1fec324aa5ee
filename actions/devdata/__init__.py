"""Development data, apart from what runs in production: no models, no views, no URLs.

- demo.py: `demo_load(today=...)`, the two published council plans with fictional people, dated so
  that they look current (`manage.py load_demo`, run by `make run`); its words in demo_words.py;
- scale.py: `scale_plan_seed(actions=..., periods=...)`, one synthetic plan of any size for load tests
  and benchmarks (`manage.py seed_scale`, bench/*.py); its word pools in scale_words.py.
This package imports nothing at load time: Django loads it as an app before the models.
"""
