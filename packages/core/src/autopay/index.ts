export * from "./outcome";
export * from "./rules";
export * from "./run";
export * from "./saved-cards";
