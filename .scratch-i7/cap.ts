import { validateConfig } from '../generator/config/validate';
for (const [id, mask, extra] of [['internal-alb', 28, {}], ['privatelink', 27, {allowedPrincipals:['123456789012']}], ['endpoints', 28, {endpoints:['sts','ssm','sqs','kms','logs','secretsmanager','sns','events','states','xray']}]] as const) {
  try { validateConfig({ name: 'demo', pattern: { id, ...extra }, functions: [{ name: 'caller' }, { name: 'target' }], ssmHost: true, network: { privateSubnetMask: mask } }); console.log(id, 'ok'); }
  catch (e) { console.log((e as Error).message); }
}
