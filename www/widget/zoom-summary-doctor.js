/**
 * Registers `<zoom-summary-doctor>` when imported. Import the class from
 * zoom-summary-doctor-element.js instead to register it under another tag or registry.
 */

import { ZoomSummaryDoctorElement } from './zoom-summary-doctor-element.js';

ZoomSummaryDoctorElement.define();

export { ZoomSummaryDoctorElement };
export default ZoomSummaryDoctorElement;
