import { Server, ServerResponse } from 'node:http';

// server.close() only drops idle connections; a capture agent keeps its connection busy with one batch after another
// (each answered once stored), so on stop every response, in flight or new, ends its connection instead.
export function endKeepAliveOnStop(server: Server): () => void {
  let stopping = false;
  const open = new Set<ServerResponse>();
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (stopping) response.setHeader('connection', 'close');
    open.add(response);
    response.once('close', () => open.delete(response));
  });
  return () => {
    stopping = true;
    for (const response of open)
      if (!response.headersSent) response.setHeader('connection', 'close');
  };
}
