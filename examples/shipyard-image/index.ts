// One Shipyard deployment of a raw container image, its URL as a stack output. The API key is the secret
// stack config `shipyard:apiKey` (or SHIPYARD_API_KEY); `shipyard:apiUrl` (or SHIPYARD_API_URL) is your
// installation's URL, or an emulator's: Shipyard has no public default.
// Changing `logLevel` or `release` updates the deployment in place (new env vars, or a rollout restart);
// changing the image, port or name replaces it.
import * as pulumi from "@pulumi/pulumi";
import { shipyard } from "pulumi-dedicated-deployments";

const config = new pulumi.Config();

const app = new shipyard.Deployment("app", {
  image: config.get("image") ?? "myregistry.example.com/app:v1.0.0",
  name: config.get("name") ?? "image-app",
  containerPort: 3000,
  envVars: {
    NODE_ENV: "production",
    LOG_LEVEL: config.get("logLevel") ?? "info",
    DATABASE_PASSWORD: config.requireSecret("databasePassword"),
  },
  autoUpdate: { enabled: true, strategy: "rolling" },
  // Any new value restarts the pods in place, as `kubectl rollout restart` does.
  restartTrigger: config.get("release") ?? "1",
});

export const name = app.name;
export const url = app.url;
export const status = app.status;
