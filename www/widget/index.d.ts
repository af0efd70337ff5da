/** Panel names of `<zoom-summary-doctor>`. `live` exists only with a `proxy-url`. */
export type ZoomSummaryDoctorPanel = 'token' | 'failure' | 'request' | 'webhook' | 'live';

/** Colour scheme of the element. `auto` follows `prefers-color-scheme`. */
export type ZoomSummaryDoctorTheme = 'light' | 'dark' | 'auto';

/** The element's HTML attributes, each reflected by the property of the same name in camelCase. */
export interface ZoomSummaryDoctorAttributes {
  /** Panel shown. Defaults to `token`. */
  panel?: ZoomSummaryDoctorPanel;
  /** Base URL of the worker for the Live panel, absolute or relative to the page. */
  'proxy-url'?: string;
  /** Colour scheme. Defaults to `auto`. */
  theme?: ZoomSummaryDoctorTheme;
  /** Fixed clock in epoch seconds, as a decimal string. */
  now?: string;
}

/** Detail of `zoom-summary-doctor:result`, fired when a panel shows a new result. */
export interface ZoomSummaryDoctorResultDetail {
  panel: ZoomSummaryDoctorPanel;
  /**
   * The token kind (token panel), the failure kind (failure panel), `request` (request
   * panel), `valid` or the rejection reason (webhook panel), or `diagnose` or the problem
   * kind (live panel).
   */
  kind: string;
  /** The package's result object. A built request's Authorization header is masked. */
  result: unknown;
  /** Token panel: the `preflightSummaryAccess` result, or null when it could not be made. */
  preflight?: unknown;
  /** Token panel: whether the token has expired. */
  expired?: boolean;
  /** Webhook panel: whether the delivery verified. */
  valid?: boolean;
  /** Live panel: the HTTP status the worker returned. */
  status?: number;
}

/** Detail of `zoom-summary-doctor:error`, fired when a panel cannot produce a result. */
export interface ZoomSummaryDoctorErrorDetail {
  panel: ZoomSummaryDoctorPanel;
  /** Stable code: the package's code (such as `invalid_argument`) or one of the widget's own. */
  code: string;
  message: string;
}

/** Detail of `zoom-summary-doctor:support-bundle`, fired when the support bundle is made. */
export interface ZoomSummaryDoctorSupportBundleDetail {
  panel: 'failure';
  /** The redacted text: no token, secret or response body. */
  text: string;
}

/** Detail of `zoom-summary-doctor:panel-change`, fired when the user selects another panel. */
export interface ZoomSummaryDoctorPanelChangeDetail {
  panel: ZoomSummaryDoctorPanel;
}

/** The `<zoom-summary-doctor>` element. */
export declare class ZoomSummaryDoctorElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Registers the element; a second registration of the same tag or class is ignored. */
  static define(tag?: string, registry?: CustomElementRegistry): typeof ZoomSummaryDoctorElement;
  /** Reflects the `panel` attribute. */
  panel: ZoomSummaryDoctorPanel;
  /** Reflects the `proxy-url` attribute. */
  proxyUrl: string | null;
  /** Reflects the `theme` attribute. */
  theme: ZoomSummaryDoctorTheme;
  /** Reflects the `now` attribute: a fixed clock in epoch seconds, or null for the real clock. */
  now: number | null;
  /** Fills in and runs a built-in example: `master-path-104`, `s2s-403`, `me-with-s2s` or `expired-token`. */
  runExample(id: 'master-path-104' | 's2s-403' | 'me-with-s2s' | 'expired-token'): Promise<void>;
}

export default ZoomSummaryDoctorElement;

declare global {
  interface HTMLElementTagNameMap {
    'zoom-summary-doctor': ZoomSummaryDoctorElement;
  }

  interface HTMLElementEventMap {
    'zoom-summary-doctor:ready': CustomEvent<Record<string, never>>;
    'zoom-summary-doctor:result': CustomEvent<ZoomSummaryDoctorResultDetail>;
    'zoom-summary-doctor:error': CustomEvent<ZoomSummaryDoctorErrorDetail>;
    'zoom-summary-doctor:support-bundle': CustomEvent<ZoomSummaryDoctorSupportBundleDetail>;
    'zoom-summary-doctor:panel-change': CustomEvent<ZoomSummaryDoctorPanelChangeDetail>;
  }
}
