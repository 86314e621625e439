import type { Router } from "../http/router";
import { authRoutes } from "./auth/routes";
import { healthRoutes } from "./health/routes";

/** Every resource's routes, mounted on the root app (paths inside each router are absolute). */
export function registerRoutes(app: Router) {
  app.route("/", healthRoutes);
  app.route("/", authRoutes);
}
