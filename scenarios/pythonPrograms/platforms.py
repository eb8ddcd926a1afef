"""Deployments of one platform from Python with its typed SDK (`pulumi_<platform>`). The test rewrites
program.json between runs: the platform, its resource class, each deployment's keyword arguments (snake_case,
as a Python user writes them) and an optional lookup (it calls the API, so it runs only when asked)."""
import importlib
import json

import pulumi

with open("program.json", encoding="utf-8") as f:
    settings = json.load(f)

sdk = importlib.import_module(f"pulumi_{settings['platform']}")
resource_class = getattr(sdk, settings["resource"])

for key, args in settings["deployments"].items():
    deployment = resource_class(key, **args, opts=pulumi.ResourceOptions(import_=settings.get("import", {}).get(key)))
    pulumi.export(f"{key}_id", deployment.id)

lookup = settings.get("lookup")
if lookup:
    result = getattr(sdk, lookup["function"])(**lookup["args"])
    pulumi.export("lookup", getattr(result, lookup["field"]))
