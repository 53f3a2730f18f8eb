import { createGraphQLError, type Plugin } from 'graphql-yoga';

/**
 * Request body limits by kind (in place of Yoga's single `maxRequestBodySize`): JSON and
 * everything else keep the 1 MiB limit; a multipart upload (GraphQL multipart request spec, the
 * import's file) may be as large as DEVOLVE_MAX_UPLOAD_BYTES. A declared Content-Length over the
 * limit is refused at once, and one within it is bounded by it; a body without one (chunked) is
 * counted as it is read. Both are 413.
 */
export function useBodyLimits(limits: { json: number; upload: number }): Plugin {
  // In both languages like every refusal, and complete here: an error the masking replaced would be
  // logged as the server's own (errors.ts).
  const tooLarge = (limit: number) => {
    const messageZh = `请求过大：最多 ${limit} 字节`;
    const messageEn = `The request body is too large: at most ${limit} bytes`;
    return createGraphQLError(messageEn, { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE', limit, messageZh, messageEn } });
  };
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const upload = (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
      const limit = upload ? limits.upload : limits.json;
      const declared = request.headers.get('content-length');
      if (declared != null) {
        if (!/^\d+$/.test(declared)) throw createGraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        if (Number(declared) > limit) throw tooLarge(limit);
        // Node's HTTP parser ends the body at its Content-Length (and refuses one sent with a chunked
        // Transfer-Encoding too), so a body within the declared limit needs no counting: the
        // counting stream and the second Request cost every mutation about a tenth of its Node CPU.
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => {
        let read = 0;
        const counted = req.body!.pipeThrough(
          new fetchAPI.TransformStream<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(tooLarge(limit));
              else controller.enqueue(chunk);
            },
          }),
        );
        // duplex is needed for a streamed body and missing from the lib's RequestInit.
        return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body: counted, duplex: 'half' } as RequestInit));
      });
    },
  };
}
