// `npm run demo`: Keyscope's packaged .vsix in code-server (VS Code in the browser) on examples/, until Ctrl+C.
import { join } from 'node:path';
import { ROOT, startCodeServer } from './code-server';

async function main(): Promise<void> {
  const folder = join(ROOT, process.argv[2] ?? 'examples');
  const port = process.env.PORT ? Number(process.env.PORT) : undefined;
  const cs = await startCodeServer(folder, { copy: false, port });
  const url = `${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`;
  console.log(`\nKeyscope is running in VS Code at\n\n    ${url}\n\nOpen it in a browser on this machine. Press Ctrl+C to stop.\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server');
    await cs.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cs.proc.once('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited (${code}):\n${cs.log().slice(-4000)}`);
    process.exit(1);
  });
}

main().catch((e) => {
  console.error(String(e instanceof Error ? e.message : e));
  process.exit(1);
});
