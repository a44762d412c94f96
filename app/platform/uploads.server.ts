import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * A multipart form with its files in memory, reading no further than `maxBytes` per file; null
 * when a file is larger. Call it after the access check, so nobody else makes the server buffer.
 */
export async function readMultipartForm(request: Request, maxBytes: number): Promise<FormData | null> {
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}
