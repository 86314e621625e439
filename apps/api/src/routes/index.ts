import type { Router } from "../http/router";
import { apiKeyRoutes } from "./api-keys/routes";
import { applicationRoutes } from "./applications/routes";
import { authRoutes } from "./auth/routes";
import { callRoutes } from "./calls/routes";
import { healthRoutes } from "./health/routes";
import { operatorCallRoutes } from "./operator-calls/routes";
import { trafficRoutes } from "./traffic/routes";
import { operatorApplicationRoutes } from "./operator-applications/routes";
import { operatorUserRoutes } from "./operator-users/routes";
import { userRoutes } from "./users/routes";
import { webhookRoutes } from "./webhooks/routes";

/** Every resource's routes, mounted on the root app (paths inside each router are absolute). */
export function registerRoutes(app: Router) {
  app.route("/", healthRoutes);
  app.route("/", authRoutes);
  app.route("/", apiKeyRoutes);
  app.route("/", webhookRoutes);
  app.route("/", applicationRoutes);
  app.route("/", operatorApplicationRoutes);
  app.route("/", operatorUserRoutes);
  app.route("/", userRoutes);
  app.route("/", callRoutes);
  app.route("/", trafficRoutes);
  app.route("/", operatorCallRoutes);
}
