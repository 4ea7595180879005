import type { GetParametersByPathCommandInput, GetParametersCommandInput, GetParametersCommandOutput, Parameter } from '@aws-sdk/client-ssm';

/**
 * The worker reads a source's `settings` and `conversion-token` by name (GetParameters), never its
 * folder. Tests describe SSM as folders (what a GetParametersByPath of `<prefix>/sources/<id>` would
 * list); this answers GetParameters from such a description: names found are returned, the rest
 * are InvalidParameters, and a folder that throws makes the whole call throw (as SSM throttling does).
 */
type Folder = (input: GetParametersByPathCommandInput) => Promise<{ Parameters?: Parameter[] }> | { Parameters?: Parameter[] };

export function getParametersFromFolders(folder: Folder) {
  return async (input: GetParametersCommandInput): Promise<Partial<GetParametersCommandOutput>> => {
    const names = input.Names ?? [];
    const paths = [...new Set(names.map((n) => n.slice(0, n.lastIndexOf('/'))))];
    const listed = (await Promise.all(paths.map(async (Path) => (await folder({ Path, WithDecryption: input.WithDecryption })).Parameters ?? []))).flat();
    const Parameters = listed.filter((p) => names.includes(p.Name ?? ''));
    return { Parameters, InvalidParameters: names.filter((n) => !Parameters.some((p) => p.Name === n)) };
  };
}

/** One GetParameters fake for both readers: ingest's calls name a webhook-secret, the worker's do not. */
export function ingestOrWorkerReads<A, B>(ingest: (input: GetParametersCommandInput) => A, worker: (input: GetParametersCommandInput) => B) {
  return (input: GetParametersCommandInput): A | B => ((input.Names ?? []).some((n) => n.endsWith('/webhook-secret')) ? ingest(input) : worker(input));
}
