/**
 * A file named on the command line is judged for what its content is: an S3 bucket policy, a queue policy,
 * a Secrets Manager resource policy or an IAM identity policy is not a key policy, whatever it is called.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

const BUCKET = policy({
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::example-site/*',
});
const TOPIC = policy({
  Sid: 'Publish',
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: ['sns:Publish', 'kms:Decrpyt'],
  Resource: 'arn:aws:sns:eu-west-1:111122223333:alerts',
});
const SECRET = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/app' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
const IDENTITY = policy({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrpyt'], Resource: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
/** A key policy that nobody can administer, open to anyone: named policy.json, judged by its content. */
const KEY = policy({ Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' });

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyscope-explicit-'));
  writeFileSync(join(dir, 'bucket-policy.json'), BUCKET);
  writeFileSync(join(dir, 'topic-policy.json'), TOPIC);
  writeFileSync(join(dir, 'secret-policy.json'), SECRET);
  writeFileSync(join(dir, 'identity.json'), IDENTITY);
  writeFileSync(join(dir, 'policy.json'), KEY);
  return dir;
}
const ruleIds = (stdout: string) => [...stdout.matchAll(/\[([a-z-]+)\]$/gm)].map((m) => m[1]).sort();

describe('keyscope lint FILE: the content decides whether it is a key policy', () => {
  it('an S3 bucket policy gets no key-policy findings, exit 0 and a note that says why', () => {
    const dir = workspace();
    const r = cli(['lint', 'bucket-policy.json'], dir);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(ruleIds(r.stdout), []);
    assert.match(r.stderr, /^keyscope: note: bucket-policy\.json is not judged as a key policy: statement "PublicRead" has Resource "arn:aws:s3:::example-site\/\*", a resource of another service than KMS; only its kms: actions are checked \(--key-policy judges it as one\)$/m);
  });

  it('--key-policy judges it as a key policy all the same', () => {
    const dir = workspace();
    const r = cli(['lint', '--key-policy', 'bucket-policy.json'], dir);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.ok(ruleIds(r.stdout).includes('public-principal'), r.stdout);
    assert.ok(ruleIds(r.stdout).includes('lockout-risk'), r.stdout);
    assert.equal(r.stderr, '');
  });

  it('a policy of another service still has its kms: actions checked', () => {
    const dir = workspace();
    const r = cli(['lint', 'topic-policy.json'], dir);
    assert.equal(r.status, 1);
    assert.deepEqual(ruleIds(r.stdout), ['unknown-action']);
    assert.match(r.stderr, /topic-policy\.json is not judged as a key policy: statement "Publish" has Resource "arn:aws:sns:/);
  });

  it('a resource policy that names no kms: action, and an IAM identity policy, are not key policies', () => {
    const dir = workspace();
    const secret = cli(['lint', 'secret-policy.json'], dir);
    assert.equal(secret.status, 0, secret.stdout);
    assert.match(secret.stderr, /no statement names a kms: action \(it names "secretsmanager:GetSecretValue"\)/);
    const identity = cli(['lint', 'identity.json'], dir);
    assert.deepEqual(ruleIds(identity.stdout), ['unknown-action']);
    assert.match(identity.stderr, /identity\.json is not judged as a key policy: no statement names a Principal/);
  });

  it('a key policy is judged as one whatever its name, with no note', () => {
    const dir = workspace();
    const r = cli(['lint', 'policy.json'], dir);
    assert.equal(r.status, 1);
    assert.ok(ruleIds(r.stdout).includes('public-principal'));
    assert.ok(ruleIds(r.stdout).includes('lockout-risk'));
    assert.equal(r.stderr, '');
  });

  it('a file matching files.include is a key policy by declaration', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'bucket.kms.json'), BUCKET);
    const r = cli(['lint', 'bucket.kms.json'], dir);
    assert.equal(r.status, 1);
    assert.ok(ruleIds(r.stdout).includes('lockout-risk'));
  });

  it('SARIF carries the note as a notification of the run', () => {
    const dir = workspace();
    const r = cli(['lint', '--format', 'sarif', 'bucket-policy.json', 'policy.json'], dir);
    const run = JSON.parse(r.stdout).runs[0];
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.equal(notes.length, 1);
    assert.equal(notes[0].level, 'note');
    assert.equal(notes[0].locations[0].physicalLocation.artifactLocation.uri, 'bucket-policy.json');
    assert.ok(run.results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri === 'policy.json'));
  });
});
