import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withArticle } from '../../server/src/text';

describe('withArticle: the indefinite article by sound', () => {
  const table: [string, string][] = [
    ['s3', 'an s3'],
    ['ec2', 'an ec2'],
    ['iam', 'an iam'],
    ['sns', 'an sns'],
    ['rds', 'an rds'],
    ['ARN', 'an ARN'],
    ['IpAddress', 'an IpAddress'],
    ['elasticloadbalancing', 'an elasticloadbalancing'],
    ['xray', 'an xray'],
    ['dynamodb', 'a dynamodb'],
    ['lambda', 'a lambda'],
    ['kms', 'a kms'],
    ['String', 'a String'],
    ['Numeric', 'a Numeric'],
    ['user', 'a user'],
    ['unknown', 'an unknown'],
    ['app', 'an app'],
  ];
  for (const [word, expected] of table) it(`${word} -> ${expected}`, () => assert.equal(withArticle(word), expected));
});
