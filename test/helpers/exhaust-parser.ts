// Run by test/unit/terraform/parser-recovery.test.ts in a process of its own, with --expose-gc and a small
// parser heap (KEYSCOPE_TREE_SITTER_HEAP_MB): exhausts the heap for real, then collects the failed runtime's
// objects (their finalizers run) and analyses again. Prints one JSON line with what it saw.
import { analyze } from '../../server/src/analyze';
import { initTerraform } from '../../server/src/terraform';

const gc = (globalThis as { gc?: () => void }).gc;
const KEY = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = true\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::111122223333:root" }, Action = "kms:Decrpyt", Resource = "*" }] })\n}\n';
const EXHAUSTING = `locals {\n  numbers = [${'1,'.repeat(100_000)}]\n}\n`;

async function collect(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
}

(async () => {
  await initTerraform();
  const codes = (path: string, text: string) => analyze({ path, text }).findings.map((f) => f.ruleId);
  // Trees of the first runtime kept in the parse cache: their finalizers run after the failure.
  const before = [1, 2, 3].map((i) => codes(`/a/${i}.tf`, KEY));
  const failed = analyze({ path: '/b/huge.tf', text: EXHAUSTING }).findings.map((f) => f.message);
  await collect();
  await initTerraform();
  const after = [4, 5].map((i) => codes(`/c/${i}.tf`, KEY));
  await collect();
  process.stdout.write(JSON.stringify({ gc: !!gc, before, failed, after }) + '\n');
})();
