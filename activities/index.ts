export { createActivities, sign, type CaseActivities, type WebhookConfig } from './webhook';
