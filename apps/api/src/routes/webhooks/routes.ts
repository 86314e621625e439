import { createRouter } from "../../http/router";
import { webhookDeliveryRoutes } from "./deliveries";
import { webhookEndpointRoutes } from "./endpoints";

export const webhookRoutes = createRouter()
  .route("/", webhookEndpointRoutes)
  .route("/", webhookDeliveryRoutes);
