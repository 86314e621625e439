// The product's client for server-to-server HTTP (acquirer, cash register, webhooks to partners):
// a library of the product, so that no provider client imports a sandbox app to talk to it.
export { nodeFetch } from "./node-fetch";
export { traced, tracedFetch } from "./traced";
