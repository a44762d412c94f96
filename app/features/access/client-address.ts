/**
 * The client's address as the server determined it (the socket, or the proxies TRUST_PROXY names),
 * carried on the request under a header of ours. The server entry overwrites whatever a client
 * sent under that name, so every limiter (better-auth's included) counts the real address, never
 * an X-Forwarded-For the client made up.
 */
export const CLIENT_ADDRESS_HEADER = "x-zhiping-client-address";

export const clientAddress = (request: Request): string | null => request.headers.get(CLIENT_ADDRESS_HEADER);
