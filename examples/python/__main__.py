"""One Roboflow Dedicated Deployment, its URL as a stack output, with the typed SDK."""
import pulumi
import pulumi_roboflow as roboflow

config = pulumi.Config()

inference = roboflow.DedicatedDeployment(
    "inference",
    deployment_name=config.get("deploymentName") or "py-infer",
    machine_type="dev-gpu",
    creator_email=config.require("creatorEmail"),
    duration=3,
    # Changed in place (`/pause`, `/resume`); every other input replaces the deployment.
    paused=config.get_bool("paused") or False,
)

pulumi.export("url", inference.url)
pulumi.export("status", inference.status)
