import type { Router } from "../http/router";
import { apiKeyRoutes } from "./api-keys/routes";
import { applicationRoutes } from "./applications/routes";
import { authRoutes } from "./auth/routes";
import { healthRoutes } from "./health/routes";
import { operatorApplicationRoutes } from "./operator-applications/routes";
import { operatorUserRoutes } from "./operator-users/routes";
import { userRoutes } from "./users/routes";

/** Every resource's routes, mounted on the root app (paths inside each router are absolute). */
export function registerRoutes(app: Router) {
  app.route("/", healthRoutes);
  app.route("/", authRoutes);
  app.route("/", apiKeyRoutes);
  app.route("/", applicationRoutes);
  app.route("/", operatorApplicationRoutes);
  app.route("/", operatorUserRoutes);
  app.route("/", userRoutes);
}
