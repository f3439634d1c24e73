/**
 * bpmn-js's `translate` service, routed through the app's i18n layer: palette, context
 * pad, properties panel and lint texts follow the app's locale.
 */
import { translateDiagram } from '../../i18n';

export default {
  translate: ['value', translateDiagram],
};
