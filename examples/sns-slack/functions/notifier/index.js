// Posts every SNS message to a Slack incoming webhook. The webhook URL is a secret: it is read at
// run time from the SSM SecureString parameter named in SLACK_WEBHOOK_PARAMETER (never from the
// environment or Terraform), kept in memory for a few minutes, and never logged.
const { SSMClient, GetParameterCommand } = require('@aws-sdk/client-ssm');

const ssm = new SSMClient({});
const CACHE_MS = 5 * 60 * 1000;
const TIMEOUT_MS = 5000;
const MAX_TEXT = 3000;
let cached; // { url, until }

exports.handler = async function handler(event) {
  const parameter = process.env.SLACK_WEBHOOK_PARAMETER;
  if (!parameter) throw new Error('SLACK_WEBHOOK_PARAMETER is not set: the pattern sets it to the SSM parameter name');
  const records = ((event && event.Records) || []).filter((r) => r.EventSource === 'aws:sns' && r.Sns);
  if (records.length === 0) return { delivered: 0 };

  const url = await webhookUrl(parameter);
  for (const record of records) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: format(record.Sns) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) {
      // A revoked or rotated webhook: read the parameter again next time.
      if (response.status === 403 || response.status === 404 || response.status === 410) cached = undefined;
      const reason = (await response.text()).slice(0, 200);
      // Throwing makes SNS retry the delivery.
      throw new Error(`Slack refused message ${record.Sns.MessageId}: HTTP ${response.status} ${reason}`);
    }
    // The id, never the URL or the text: `vpc-lambda-gen verify` looks for it after publishing.
    console.log(`delivered SNS message ${record.Sns.MessageId} to Slack`);
  }
  return { delivered: records.length };
};

async function webhookUrl(parameter) {
  if (cached && cached.until > Date.now()) return cached.url;
  let result;
  try {
    result = await ssm.send(new GetParameterCommand({ Name: parameter, WithDecryption: true }));
  } catch (error) {
    if (error && error.name === 'ParameterNotFound') {
      throw new Error(
        `SSM parameter ${parameter} does not exist: create it with "aws ssm put-parameter --type SecureString --name ${parameter} --value <webhook URL>"`,
      );
    }
    throw error;
  }
  const url = result.Parameter && result.Parameter.Value;
  if (!url || !/^https:\/\//.test(url)) {
    throw new Error(`SSM parameter ${parameter} does not hold an https:// webhook URL; store the Slack incoming-webhook URL in it`);
  }
  cached = { url, until: Date.now() + CACHE_MS };
  return url;
}

/** A CloudWatch alarm becomes one readable line; anything else is its subject and message. */
function format(sns) {
  let text;
  try {
    const alarm = JSON.parse(sns.Message);
    if (alarm && alarm.AlarmName && alarm.NewStateValue) {
      const icon = alarm.NewStateValue === 'ALARM' ? ':rotating_light:' : alarm.NewStateValue === 'OK' ? ':white_check_mark:' : ':grey_question:';
      text = `${icon} *${alarm.AlarmName}* is ${alarm.NewStateValue}: ${alarm.NewStateReason || ''}`.trim();
    }
  } catch {
    // not JSON: plain text
  }
  if (!text) text = sns.Subject ? `*${sns.Subject}*\n${sns.Message}` : String(sns.Message);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

// For the unit tests: forget the cached URL.
exports._resetCache = () => {
  cached = undefined;
};
