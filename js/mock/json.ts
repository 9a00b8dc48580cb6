/** The JSON response every mock route answers with (the gateway's content type). */
export function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8' },
  });
}
