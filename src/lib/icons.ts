import { LabIcon } from '@jupyterlab/ui-components';
import autopilotSvg from '../../style/icons/autopilot.svg';

/** The sidebar / tab icon (theme-aware through the jp-icon3 class). */
export const autopilotIcon = new LabIcon({
  name: 'jupyter-autopilot:autopilot',
  svgstr: autopilotSvg
});
