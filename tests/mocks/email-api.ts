import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";

export const EMAIL_API_URL = "https://email.example.test/v1/send";

export interface SentEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  authorization: string | null;
}

/** A stand-in for the third-party HTTP e-mail API: records what it is sent; can be told to fail. */
export function emailApi() {
  const sent: SentEmail[] = [];
  let failWith: number | null = null;
  const server = setupServer(
    http.post(EMAIL_API_URL, async ({ request }) => {
      if (failWith) return new HttpResponse("provider down", { status: failWith });
      sent.push({ ...((await request.json()) as Omit<SentEmail, "authorization">), authorization: request.headers.get("authorization") });
      return HttpResponse.json({ id: `msg_${sent.length}` });
    }),
  );
  return {
    server,
    sent,
    fail(status: number | null) {
      failWith = status;
    },
  };
}
