import { exampleParams, type Format, type GenerateInput, type Scope } from '../../server/src/generate';

/** A scope's example input (account 111122223333, stage prod, the roles the snippets use). */
export function exampleInput(scope: Scope, format: Format = 'json'): GenerateInput {
  return { ...exampleParams(scope), format };
}

export const ACCOUNT = '111122223333';
export const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
