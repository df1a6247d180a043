/** JSON over HTTP to the emulator's API, for test harnesses: a non-2xx answer throws with its error. */
export async function requestJson<T>(url: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await res.json()) as T & { error?: { code?: string; message?: string } };
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${answer.error?.code ?? ''} ${answer.error?.message ?? ''}`);
  return answer;
}
