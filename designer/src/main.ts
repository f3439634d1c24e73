/** The browser app's entry: locale, styles, then the shell on #app. */
import { App } from './app/App';
import { setLocale } from './i18n';
import './styles/app.css';

setLocale(navigator.languages);
const root = document.getElementById('app');
if (root) void new App(root).start();
