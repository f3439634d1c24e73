/** How the monitor writes dates, states and variable values. */
import type { MessageSubscriptionState } from '../../api/messageSubscriptions';
import type { ProcessInstanceState } from '../../api/processInstances';
import { h } from '../../dom/h';
import { timeElement } from '../../dom/timeElement';
import { t, type MessageKey } from '../../i18n';

const STATE_LABELS: Readonly<Record<ProcessInstanceState, MessageKey>> = {
  ACTIVE: 'monitor.state.active',
  COMPLETED: 'monitor.state.completed',
  TERMINATED: 'monitor.state.terminated',
};

const SUBSCRIPTION_STATE_LABELS: Readonly<Record<MessageSubscriptionState, MessageKey>> = {
  CREATED: 'monitor.subscriptionState.created',
  CORRELATED: 'monitor.subscriptionState.correlated',
  DELETED: 'monitor.subscriptionState.deleted',
  MIGRATED: 'monitor.subscriptionState.migrated',
};

const INCIDENT_TYPES: Readonly<Record<string, MessageKey>> = {
  JOB_NO_RETRIES: 'monitor.incidentType.jobNoRetries',
  IO_MAPPING_ERROR: 'monitor.incidentType.ioMapping',
  CONDITION_ERROR: 'monitor.incidentType.condition',
  EXTRACT_VALUE_ERROR: 'monitor.incidentType.extractValue',
  UNHANDLED_ERROR_EVENT: 'monitor.incidentType.unhandledError',
  CALLED_ELEMENT_ERROR: 'monitor.incidentType.calledElement',
  UNKNOWN: 'monitor.incidentType.unknown',
};

/** A `<time>` in the user's locale, to the second; a dash when there is no date. */
export function dateTime(iso: string | null): HTMLElement {
  return iso ? timeElement(iso, 'medium') : h('span', { class: 'muted' }, t('monitor.noDate'));
}

/** A state badge; an active instance with an incident says so. */
export function stateBadge(state: ProcessInstanceState, hasIncident = false): HTMLElement {
  const incident = state === 'ACTIVE' && hasIncident;
  return h(
    'span',
    { class: `monitor-state monitor-state-${incident ? 'incident' : state.toLowerCase()}` },
    t(incident ? 'monitor.state.incident' : STATE_LABELS[state]),
  );
}

/** A message subscription's state as a badge: open (CREATED), correlated, or closed. */
export function subscriptionStateBadge(state: MessageSubscriptionState): HTMLElement {
  const label = SUBSCRIPTION_STATE_LABELS[state];
  return h(
    'span',
    { class: `monitor-state monitor-state-${state.toLowerCase()}`, 'data-state': state },
    label ? t(label) : state,
  );
}

/** An incident's error type in words; an unknown type shows as the server names it. */
export function incidentTypeLabel(errorType: string): string {
  const key = INCIDENT_TYPES[errorType];
  return key ? t(key) : errorType;
}

const MAX_VALUE_LENGTH = 200;

/** A variable's JSON text, shortened when long (the whole value in its title). */
export function variableValue(json: string): HTMLElement {
  const short = json.length > MAX_VALUE_LENGTH ? `${json.slice(0, MAX_VALUE_LENGTH)}…` : json;
  return h('code', { class: 'monitor-value', title: short === json ? null : json }, short);
}
