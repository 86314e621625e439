import { createRouter } from "../../http/router";
import { operatorPartnerRoutes } from "../operator-partners/routes";
import { partnerRoutes } from "../partner/routes";
import { publicRoutes } from "./routes";

/** Issue #7: the widgets' public endpoints, the partner back end's route, the operator's partners. */
export const partnerApiRoutes = createRouter()
  .route("/", publicRoutes)
  .route("/", partnerRoutes)
  .route("/", operatorPartnerRoutes);
