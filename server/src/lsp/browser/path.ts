/**
 * `node:path` in the browser bundles (scripts/bundle.mjs resolves `node:path` here): the POSIX functions the
 * engine uses, over `/`-separated absolute paths (the paths of the workspace URIs). A test holds each to
 * Node's `path.posix` on the same inputs.
 */
export const sep = '/';
export const delimiter = ':';

/** The segments of `path` with `.` and `..` applied; `..` above the start is kept when `keepAbove`. */
function segments(path: string, keepAbove: boolean): string[] {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') out.push(part);
    else if (out.length && out[out.length - 1] !== '..') out.pop();
    else if (keepAbove) out.push('..');
  }
  return out;
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export function normalize(path: string): string {
  if (path === '') return '.';
  const absolute = isAbsolute(path);
  let body = segments(path, !absolute).join('/');
  if (!body && !absolute) body = '.';
  if (body && path.endsWith('/')) body += '/';
  return absolute ? `/${body}` : body;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p !== '').join('/');
  return joined ? normalize(joined) : '.';
}

/** Absolute paths only: a relative result is taken from `/` (a worker has no current folder). */
export function resolve(...parts: string[]): string {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && !isAbsolute(path); i--) {
    if (parts[i]) path = path ? `${parts[i]}/${path}` : parts[i];
  }
  return `/${segments(path, false).join('/')}`;
}

export function relative(from: string, to: string): string {
  const a = segments(resolve(from), false);
  const b = segments(resolve(to), false);
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  return [...a.slice(same).map(() => '..'), ...b.slice(same)].join('/');
}

export function dirname(path: string): string {
  if (path === '') return '.';
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const slash = path.lastIndexOf('/', end - 1);
  if (slash < 0) return '.';
  return slash === 0 ? '/' : path.slice(0, slash);
}

export function basename(path: string, ext?: string): string {
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const base = path.slice(path.lastIndexOf('/', end - 1) + 1, end);
  return ext && base !== ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || base === '..' ? '' : base.slice(dot);
}

export const posix = { sep, delimiter, isAbsolute, normalize, join, resolve, relative, dirname, basename, extname };
export default posix;
