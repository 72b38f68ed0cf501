// esbuild plugin: `import tree from 'vectors:<path>'` embeds spec/fixtures/vectors/<path> at build time,
// so specs read vectors without file access and run unchanged in every runtime.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

const ROOT = new URL('../spec/fixtures/vectors/', import.meta.url).pathname;
const TEXT = new Set(['.req', '.creq', '.sts', '.authz', '.sreq', '.txt', '.md']);

function read(path) {
  if (statSync(path).isDirectory()) {
    const out = {};
    for (const name of readdirSync(path).sort()) out[name] = read(join(path, name));
    return out;
  }
  const ext = extname(path);
  if (ext === '.json') return { json: readFileSync(path, 'utf8') };
  if (TEXT.has(ext)) return { text: readFileSync(path, 'utf8') };
  return { b64: readFileSync(path).toString('base64') };
}

function emit(node) {
  if ('json' in node && typeof node.json === 'string') return `(${node.json})`;
  if ('text' in node && typeof node.text === 'string') return JSON.stringify(node.text);
  if ('b64' in node && typeof node.b64 === 'string') return `b(${JSON.stringify(node.b64)})`;
  return '{' + Object.entries(node).map(([k, v]) => `${JSON.stringify(k)}:${emit(v)}`).join(',') + '}';
}

const DECODE = 'const b=s=>{const r=atob(s),u=new Uint8Array(r.length);for(let i=0;i<r.length;i++)u[i]=r.charCodeAt(i);return u};';

/** @type {import('esbuild').Plugin} */
export const vectors = {
  name: 'vectors',
  setup(build) {
    build.onResolve({ filter: /^vectors:/ }, (args) => ({ path: args.path.slice(8), namespace: 'vectors' }));
    build.onLoad({ filter: /.*/, namespace: 'vectors' }, (args) => {
      const dir = join(ROOT, args.path);
      return { contents: `${DECODE}export default ${emit(read(dir))};`, loader: 'js', watchFiles: [dir] };
    });
  },
};
