export * from "./archive";
export * from "./list";
export * from "./payment-invoice";
export * from "./pdf/types";
export * from "./pdf/words";
export * from "./pdf-service";
export * from "./recipients";
export * from "./reconciliation";
