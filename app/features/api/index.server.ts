// The public API's domain: the zod schemas of /api/v1, the OpenAPI document made from them, paging and validators.
export * from "./openapi";
export * from "./ranking-page.server";
export * from "./schemas";
