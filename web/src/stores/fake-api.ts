/** A fake of the API for store tests: routes `METHOD path` to a JSON answer, records requests. */
import { createApiClient, type ApiClient } from '../api/client';

export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  body: unknown;
}

export function fakeApi(
  routes: Record<string, FakeAnswer | ((request: RecordedRequest) => FakeAnswer)>,
): {
  client: ApiClient;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    requests.push(recorded);
    const route = routes[`${request.method} ${url.pathname}`];
    const answer = typeof route === 'function' ? route(recorded) : route;
    if (!answer) return new Response(null, { status: 404 });
    const status = answer.status ?? 200;
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  return { client: createApiClient('http://api.test', fetchImpl), requests };
}
