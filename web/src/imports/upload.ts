/**
 * A `fetch` for urql that reports how much of the request body has been sent. urql serializes an
 * operation whose variables hold a File as a GraphQL multipart request (FormData: `operations`,
 * `map`, then the files) and hands it to `context.fetch`; `fetch` itself cannot tell how far an
 * upload has got, XMLHttpRequest can (`upload.onprogress`), so this sends the same request with it.
 */
export function fetchWithUploadProgress(onProgress: (sent: number, total: number) => void): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const request = new XMLHttpRequest();
      const url = input instanceof Request ? input.url : String(input);
      request.open(init.method ?? 'POST', url);
      request.withCredentials = init.credentials !== 'omit';
      request.responseType = 'blob';
      new Headers(init.headers).forEach((value, name) => request.setRequestHeader(name, value));
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      };
      request.onload = () => {
        const headers = new Headers();
        for (const line of request.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        resolve(new Response(request.response as Blob, { status: request.status, statusText: request.statusText, headers }));
      };
      request.onerror = () => reject(new TypeError('Network request failed'));
      request.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      init.signal?.addEventListener('abort', () => request.abort());
      request.send(init.body as XMLHttpRequestBodyInit | null);
    });
}

/**
 * The context of an upload operation: the progress-reporting fetch, and the header the server's
 * CSRF prevention asks of requests a plain HTML form could also send (a multipart body is one).
 */
export function uploadContext(onProgress: (sent: number, total: number) => void) {
  return {
    fetch: fetchWithUploadProgress(onProgress),
    fetchOptions: { headers: { 'x-graphql-yoga-csrf': '1' } },
    requestPolicy: 'network-only' as const,
  };
}
