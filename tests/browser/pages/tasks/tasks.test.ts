// The staff inbox in Chromium against a real server: claim, the client beside the task,
// the generated form, completion, release, and the server's refusals.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO } from '../../../support/testServer';
import {
  screenshotOnFailure,
  signIn,
  startBrowserEnvironment,
  type BrowserEnvironment,
} from '../../support/browserEnvironment';

const CALL_BACK = readFileSync(
  join(REPO, 'tests', 'browser', 'pages', 'tasks', 'tasks.callBack.bpmn'),
  'utf8',
);

interface StartedTask {
  clientId: string;
  processInstanceKey: string;
  userTaskKey: string;
  elementInstanceKey: string;
}

describe('the tasks page', () => {
  let env: BrowserEnvironment;
  let page: Page | undefined;

  beforeAll(async () => {
    env = await startBrowserEnvironment('browser_tasks');
    const deployed = await env.server.api.deploy({ 'client-call-back.bpmn': CALL_BACK });
    expect(deployed.status).toBe(200);
  });
  afterAll(async () => {
    await env?.close();
  });
  beforeEach(async (context) => {
    screenshotOnFailure(context, () => page);
    page = await env.newPage();
  });

  /** POST /api/clients as demo/demo. */
  async function createClient(body: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${env.server.url}/api/clients`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('demo:demo').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** A client and a running call-back instance bound to it, with its open user task. */
  async function startCallBack(): Promise<StartedTask> {
    const clientId = await createClient({
      name: 'Acme Ltd',
      kind: 'company',
      segment: 'SMB',
      email: 'office@acme.example',
      phone: '+44 20 7946 0000',
      lifecycleStage: 'attraction',
    });
    const started = await env.server.api.post('/process-instances', {
      processDefinitionId: 'client-call-back',
      variables: { clientId },
    });
    expect(started.status).toBe(200);
    const processInstanceKey = started.body.processInstanceKey as string;
    let task: any;
    await expect
      .poll(async () => {
        const search = await env.server.api.post('/user-tasks/search', {
          filter: { processInstanceKey },
        });
        task = search.body.items[0];
        return task?.state;
      })
      .toBe('CREATED');
    return {
      clientId,
      processInstanceKey,
      userTaskKey: task.userTaskKey,
      elementInstanceKey: task.elementInstanceKey,
    };
  }

  /** The instance's variables by name: the parsed value and the scope that holds it. */
  async function instanceVariables(processInstanceKey: string) {
    const search = await env.server.api.post('/variables/search', {
      filter: { processInstanceKey },
      page: { limit: 100 },
    });
    expect(search.status).toBe(200);
    return new Map<string, { value: unknown; scopeKey: string }>(
      search.body.items.map((item: any) => [
        item.name,
        { value: JSON.parse(item.value), scopeKey: item.scopeKey },
      ]),
    );
  }

  const taskLink = (key: string) => page!.locator(`a.task-item[data-task-key="${key}"]`);

  it('lets staff claim a group task, see its client, fill the form and complete it', async () => {
    // given a call-back task for the sales group, about a client
    const started = await startCallBack();

    // when staff signs in, they land on their tasks, where nothing is assigned to them yet
    await page!.goto('/');
    await signIn(page!, 'staff');
    await page!.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
    expect(new URL(page!.url()).pathname).toBe('/tasks');
    await page!.getByText('Nothing assigned to you').waitFor();

    // and the task is under their groups' tasks, opened from the keyboard
    await page!.getByRole('link', { name: /My groups' tasks/ }).click();
    const link = taskLink(started.userTaskKey);
    await link.waitFor();
    expect(await link.textContent()).toContain('Call the client back');
    expect(await link.textContent()).toContain('Client call-back');
    expect(await link.textContent()).toContain('Due');
    await link.focus();
    await page!.keyboard.press('Enter');
    await page!.getByRole('heading', { name: 'Call the client back', level: 2 }).waitFor();
    expect(new URL(page!.url()).searchParams.get('task')).toBe(started.userTaskKey);
    expect(await page!.getByLabel('topic').isDisabled()).toBe(true);

    // when they claim it
    await page!.getByRole('button', { name: 'Claim' }).click();

    // then it is theirs and the form opens, with a field typed after each value
    await page!.getByText('Assigned to you').waitFor();
    await expect.poll(() => page!.getByLabel('topic').isEnabled()).toBe(true);
    expect(new URL(page!.url()).searchParams.get('view')).toBe('mine');
    const topic = page!.getByLabel('topic');
    expect(await topic.getAttribute('type')).toBe('text');
    expect(await topic.inputValue()).toBe('Renewal offer');
    const attempts = page!.getByLabel('callAttempts');
    expect(await attempts.getAttribute('type')).toBe('number');
    expect(await attempts.inputValue()).toBe('2');
    const interested = page!.getByRole('switch', { name: 'interested' });
    expect(await interested.isChecked()).toBe(true);
    const callBackOn = page!.getByLabel('callBackOn');
    expect(await callBackOn.getAttribute('type')).toBe('date');
    expect(await callBackOn.inputValue()).toBe('2025-03-01');
    const reachableFrom = page!.getByLabel('reachableFrom');
    expect(await reachableFrom.getAttribute('type')).toBe('datetime-local');
    const contact = page!.getByLabel('contact');
    expect(JSON.parse(await contact.inputValue())).toEqual({ preferred: 'phone' });

    // and the client is shown beside the task
    const client = page!.getByRole('complementary', { name: 'Client' });
    await client.getByRole('heading', { name: 'Acme Ltd' }).waitFor();
    const card = await client.textContent();
    for (const shown of ['Company', 'SMB', 'office@acme.example', '+44 20 7946 0000', 'Attraction'])
      expect(card).toContain(shown);
    expect(await client.getByRole('link', { name: 'Open client' }).getAttribute('href')).toBe(
      `/clients?id=${started.clientId}`,
    );

    // when they edit every field, type broken JSON, add a number variable and complete
    await topic.fill('Upgrade offer');
    await attempts.fill('3');
    await interested.uncheck();
    await callBackOn.fill('2025-04-15');
    await contact.fill('{"preferred": ');
    await page!.getByRole('button', { name: 'Add variable' }).click();
    const added = page!.getByRole('group', { name: 'New variable' });
    await added.getByLabel('Name').fill('dealValue');
    await added.getByLabel('Type').selectOption('number');
    await added.getByLabel('Value').fill('1250.5');
    await page!.getByRole('button', { name: 'Complete' }).click();

    // then the JSON field says what is wrong, and nothing is sent
    await page!.getByText('1 field(s) need attention').waitFor();
    expect(
      await page!.locator('[data-variable="contact"] .task-field-error').textContent(),
    ).toMatch(/^This is not valid JSON: /);
    expect(await contact.getAttribute('aria-invalid')).toBe('true');
    expect((await env.server.api.get(`/user-tasks/${started.userTaskKey}`)).body.state).toBe(
      'CREATED',
    );

    // when they fix it and complete
    await contact.fill('{"preferred": "email", "slots": [9, 14]}');
    await page!.getByRole('button', { name: 'Complete' }).click();

    // then the page says so and the task leaves their list
    await page!.getByText('The task is completed.').waitFor();
    await expect.poll(() => taskLink(started.userTaskKey).count()).toBe(0);

    // and the server holds the submitted values with their JSON types: the input-mapped
    // ones in the task's scope, the new one propagated to the process
    const task = await env.server.api.get(`/user-tasks/${started.userTaskKey}`);
    expect(task.body.state).toBe('COMPLETED');
    const variables = await instanceVariables(started.processInstanceKey);
    const inTask = { scopeKey: started.elementInstanceKey };
    expect(variables.get('topic')).toEqual({ value: 'Upgrade offer', ...inTask });
    expect(variables.get('callAttempts')).toEqual({ value: 3, ...inTask });
    expect(variables.get('interested')).toEqual({ value: false, ...inTask });
    expect(variables.get('callBackOn')).toEqual({ value: '2025-04-15', ...inTask });
    // a date-time left as it was keeps its exact text
    expect(variables.get('reachableFrom')).toEqual({ value: '2025-03-01T09:30:00Z', ...inTask });
    expect(variables.get('contact')).toEqual({
      value: { preferred: 'email', slots: [9, 14] },
      ...inTask,
    });
    expect(variables.get('dealValue')).toEqual({
      value: 1250.5,
      scopeKey: started.processInstanceKey,
    });
    expect(variables.get('clientId')?.value).toBe(started.clientId);
  });

  it('lets staff release a task they hold, back to their groups', async () => {
    // given a call-back task that staff has claimed
    const started = await startCallBack();
    const claimed = await env.server.api
      .as('staff')
      .post(`/user-tasks/${started.userTaskKey}/assignment`, { assignee: 'staff' });
    expect(claimed.status).toBe(204);

    // when staff opens it from their tasks and releases it
    await page!.goto('/');
    await signIn(page!, 'staff');
    await taskLink(started.userTaskKey).click();
    await page!.getByText('Assigned to you').waitFor();
    await page!.getByRole('button', { name: 'Release' }).click();

    // then it is unassigned, offered to sales again, and the form waits for a claim
    await page!.getByText('Unassigned, offered to sales').waitFor();
    await page!.getByRole('button', { name: 'Claim' }).waitFor();
    expect(await page!.getByLabel('topic').isDisabled()).toBe(true);
    const task = await env.server.api.get(`/user-tasks/${started.userTaskKey}`);
    expect(task.body.assignee).toBeNull();
    await expect.poll(() => taskLink(started.userTaskKey).count()).toBe(0);
    await page!.getByRole('link', { name: /My groups' tasks/ }).click();
    await taskLink(started.userTaskKey).waitFor();
  });

  it("shows the server's refusal when someone else took the task meanwhile", async () => {
    // given a link to an unassigned group task, opened by staff after signing in
    const started = await startCallBack();
    await page!.goto(`/tasks?view=groups&task=${started.userTaskKey}`);
    await signIn(page!, 'staff');
    await page!.getByRole('heading', { name: 'Call the client back', level: 2 }).waitFor();
    expect(await taskLink(started.userTaskKey).getAttribute('aria-current')).toBe('true');

    // when an admin assigns it to themselves, and then staff tries to claim it
    const taken = await env.server.api
      .as('admin')
      .post(`/user-tasks/${started.userTaskKey}/assignment`, { assignee: 'admin' });
    expect(taken.status).toBe(204);
    await page!.getByRole('button', { name: 'Claim' }).click();

    // then the page shows the server's problem, and the task stays with the admin
    const alert = page!.locator('.task-status [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('The task could not be claimed.');
    expect(text).toContain('HTTP 403');
    expect(text).toContain(`'staff' may not assign user task '${started.userTaskKey}'`);
    const task = await env.server.api.get(`/user-tasks/${started.userTaskKey}`);
    expect(task.body.assignee).toBe('admin');
    await expect.poll(() => taskLink(started.userTaskKey).count()).toBe(0);
  });
});
