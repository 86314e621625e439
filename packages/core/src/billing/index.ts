export * from "./advance";
export * from "./demo";
export * from "./jobs";
export * from "./lines";
export * from "./numbering";
export * from "./period";
export * from "./prorate";
export * from "./run";
