/**
 * The modeler is a list of modules (as bpmn-js's own lib/Modeler.js is): bpmn-js, the
 * properties panel with its Zeebe provider and behaviours (D1), live lint, the app's
 * translate service and its deploy-problem markers. Besides Zeebe's, the moddle knows
 * jBPM's colour attributes (jbpmColor.json). jBPM's designer writes
 * `color:background-color`, `color:border-color` and `color:color` on flow nodes and
 * flows, in http://www.omg.org/spec/BPMN/non-normative/color, while bpmn-moddle keeps the
 * prefix `color` for …/color/1.0. Unregistered, the reader files them under a made-up
 * prefix that the writer cannot resolve, and Save drops them; registered under the prefix
 * `jbpmcolor`, they are read as known attributes and written back in their namespace.
 */
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import './lintTheme.css';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import LintModule from 'bpmn-js-bpmnlint';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { lintConfig } from '../lint/lintConfig';
import DeployProblemsModule from './deploy-problems';
import jbpmColorModdle from './jbpmColor.json';
import TranslateModule from './translate';

export interface ModelerContainers {
  canvas: HTMLElement;
  properties: HTMLElement;
}

/**
 * @example
 * const modeler = createModeler({ canvas, properties });
 * await modeler.importXML(xml);
 */
export function createModeler({ canvas, properties }: ModelerContainers): BpmnModeler {
  return new BpmnModeler({
    container: canvas,
    keyboard: { bind: true },
    propertiesPanel: { parent: properties },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      LintModule,
      TranslateModule,
      DeployProblemsModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle, jbpmcolor: jbpmColorModdle },
  });
}
