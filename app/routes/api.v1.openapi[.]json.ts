import { openApiDocument } from "~/features/api/index.server";

/** GET /api/v1/openapi.json — the API's contract (OpenAPI 3.1), public: it describes, it holds no data. */
export function loader() {
  return Response.json(openApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}
