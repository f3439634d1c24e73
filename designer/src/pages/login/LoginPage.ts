/** Sign-in with username and password against the browser-session API. */
import { ApiProblem } from '../../api/ApiProblem';
import { signIn, type SessionUser } from '../../api/session';
import type { Page } from '../../app/Page';
import { h } from '../../dom/h';
import { t } from '../../i18n';

export class LoginPage implements Page {
  readonly element: HTMLElement;
  private readonly username = h('input', {
    id: 'login-username',
    name: 'username',
    autocomplete: 'username',
    required: true,
  });
  private readonly password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  private readonly submit = h(
    'button',
    { type: 'submit', class: 'button primary' },
    t('login.submit'),
  );
  private readonly message = h('p', { class: 'login-message', role: 'alert' });

  constructor(private readonly onSignedIn: (user: SessionUser) => void) {
    const form = h(
      'form',
      { class: 'login-form', onsubmit: (event) => void this.submitForm(event) },
      h('h1', {}, t('login.heading')),
      h('p', { class: 'login-lead' }, t('login.lead')),
      h('label', { for: 'login-username' }, t('login.username')),
      this.username,
      h('label', { for: 'login-password' }, t('login.password')),
      this.password,
      this.message,
      this.submit,
    );
    this.element = h('section', { class: 'login-page' }, form);
  }

  show(query: URLSearchParams): void {
    this.showMessage(query.has('ended') ? t('login.sessionEnded') : '');
    this.username.focus();
  }

  private async submitForm(event: Event) {
    event.preventDefault();
    this.submit.disabled = true;
    this.showMessage('');
    try {
      const user = await signIn(this.username.value.trim(), this.password.value);
      this.onSignedIn(user);
    } catch (error) {
      this.password.value = '';
      this.showMessage(signInFailure(error));
      this.password.focus();
    } finally {
      this.submit.disabled = false;
    }
  }

  private showMessage(text: string) {
    this.message.textContent = text;
    this.message.hidden = text === '';
  }
}

function signInFailure(error: unknown): string {
  if (!(error instanceof ApiProblem)) return t('error.unexpected');
  if (error.status === 401) return t('login.failed');
  if (error.status === 429) return t('login.throttled');
  if (error.status === 0) return t('error.network');
  return t('error.server', { detail: error.detail || error.title });
}
