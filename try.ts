import { analyze } from './server/src/analyze';
import { initTerraform } from './server/src/terraform';
import { hoverAt } from './server/src/features/hover';
import { completeAt } from './server/src/features/completion';
const text = `resource "aws_kms_key" "app" {
  description = "x"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "App"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/orders-app" }
      Action    = ["kms:Decrypt", "kms:Encrypt"]
      Resource  = "*"
      Condition = { StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" } }
    }]
  })
}

resource "aws_kms_key" "b" {
  policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}
EOF
}

data "aws_iam_policy_document" "c" {
  statement {
    sid = "Doc"
    effect = "Allow"
    principals {
      type = "AWS"
      identifiers = ["arn:aws:iam::111122223333:role/reader"]
    }
    actions = ["kms:Decrypt"]
    resources = ["*"]
    condition {
      test = "StringEquals"
      variable = "kms:ViaService"
      values = ["s3.eu-west-1.amazonaws.com"]
    }
  }
}
resource "aws_kms_key" "c" {
  policy = data.aws_iam_policy_document.c.json
}
`;
(async () => {
  await initTerraform();
  const a = analyze({ path: 'main.tf', text });
  for (const s of a.sources) console.log(s.kind, s.name, s.span, text.slice(s.span.start, s.span.start + 30).replace(/\n/g, ' '));
  for (const needle of ['kms:Encrypt', '"App"', 'Allow', 'kms:ViaService', 'StringEquals', 'role/orders-app', 'kms:*', 'arn:aws:iam::111122223333:root', '"Doc"', 'role/reader', '"kms:Decrypt"]\n    resources', 'AWS"\n', 'identifiers', 'test =', '"StringEquals"\n      var', 'variable']) {
    const off = text.indexOf(needle) + 2;
    const h = hoverAt(a, off);
    console.log(JSON.stringify(needle), '=>', h ? h.markdown.slice(0, 110).replace(/\n/g, ' ') + ' @' + JSON.stringify(text.slice(h.span.start, h.span.end)) : 'none');
  }
  for (const needle of ['kms:En', 'Allow', 'kms:Via', 'StringEq', 'kms:*', '"kms:Decrypt"]\n    resources']) {
    const off = text.indexOf(needle) + needle.length - 1;
    const c = completeAt(a, off);
    console.log('complete', JSON.stringify(needle), c.length, c.slice(0, 3).map((x) => x.label + ' -> ' + JSON.stringify(x.edit) + ' ' + JSON.stringify(text.slice(x.edit.start, x.edit.end))));
  }
})();
