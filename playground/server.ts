/**
 * The playground's own routes: the editor page, its script (bundled from playground/page with esbuild at
 * start), the built plugin (build/main.js, build/ui.js, manifest.json) and the project's fixtures/ images. The gateway is
 * mounted beside these by start.ts.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import { Hono } from 'hono'

export const PLAYGROUND_DIR = dirname(fileURLToPath(import.meta.url))
export const PROJECT_DIR = resolve(PLAYGROUND_DIR, '..')

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg'
}

export class MissingBuildError extends Error {
  override readonly name = 'MissingBuildError'
}

/** Throws a one-line explanation when the plugin has not been built. */
export function assertPluginBuilt(projectDir = PROJECT_DIR): void {
  for (const file of ['build/main.js', 'build/ui.js', 'manifest.json']) {
    if (!existsSync(join(projectDir, file))) {
      throw new MissingBuildError(
        `The plugin is not built (${file} is missing): run \`npm run build\` first.`
      )
    }
  }
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(PLAYGROUND_DIR, 'page/main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'chrome120',
    sourcemap: 'inline',
    logLevel: 'silent'
  })
  return result.outputFiles[0].text
}

function typeOf(file: string): string {
  return TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream'
}

export async function createPlaygroundApp(projectDir = PROJECT_DIR): Promise<Hono> {
  const script = await bundlePage()
  const app = new Hono()
  const send = async (file: string) =>
    new Response(await readFile(file), {
      headers: { 'content-type': typeOf(file), 'cache-control': 'no-store' }
    })

  app.get('/', (c) => c.redirect('/playground/'))
  app.get('/playground', (c) => c.redirect('/playground/'))
  app.get('/playground/', () => send(join(PLAYGROUND_DIR, 'index.html')))
  app.get('/playground/styles.css', () => send(join(PLAYGROUND_DIR, 'styles.css')))
  app.get('/playground/app.js', () => new Response(script, { headers: { 'content-type': typeOf('.js') } }))
  app.get('/playground/manifest.json', () => send(join(projectDir, 'manifest.json')))
  app.get('/playground/build/:file{(main|ui)\\.js}', (c) =>
    send(join(projectDir, 'build', c.req.param('file')))
  )
  app.get('/playground/fixtures/:file{[a-z0-9-]+\\.(png|jpg)}', (c) =>
    send(join(projectDir, 'fixtures', c.req.param('file')))
  )
  app.onError((error, c) => {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    if (missing && c.req.path.startsWith('/playground/build/')) {
      return c.text('The plugin is not built: run `npm run build`.', 404)
    }
    return c.text(missing ? 'Not found' : 'Internal error', missing ? 404 : 500)
  })
  return app
}
