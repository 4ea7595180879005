/**
 * Everything written to stdout and stderr while `fn` runs: Powertools Logger lines and EMF metric
 * documents both go there. Nothing reaches the terminal meanwhile.
 */
export async function captureOutput(fn: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const sink = (chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(sink);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(sink);
  try {
    await fn();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks.join('');
}
