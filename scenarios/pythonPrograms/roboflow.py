"""Roboflow Dedicated Deployments from Python with the typed SDK. The test rewrites program.json between
runs: which deployments exist, their inputs, and whether the lookups run (they call the API)."""
import json

import pulumi
import pulumi_roboflow as roboflow

with open("program.json", encoding="utf-8") as f:
    settings = json.load(f)

for key, spec in settings["deployments"].items():
    deployment = roboflow.DedicatedDeployment(
        key,
        deployment_name=spec["deployment_name"],
        machine_type=spec.get("machine_type", "dev-gpu"),
        creator_email="ops@example.com",
        duration=spec.get("duration", 2),
        max_replicas=spec.get("max_replicas", 1),
        paused=spec.get("paused", False),
        opts=pulumi.ResourceOptions(import_=spec.get("import")),
    )
    pulumi.export(f"{key}_url", deployment.url)
    pulumi.export(f"{key}_status", deployment.status)

if settings.get("lookups"):
    found = roboflow.get_deployment_output(deployment_name=settings["lookups"])
    pulumi.export("looked_up_status", found.status)
    pulumi.export("looked_up_id", found.deployment_id)
    pulumi.export("machine_types", roboflow.get_machine_types().machine_types)
