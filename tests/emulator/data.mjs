// Demo data: one user with one AI call summary. Field names and formats follow the 200 response of
// "Get User AI Call Summary Detail" in Zoom's Phone OpenAPI document.

/** The user id that owns the demo summary. */
export const DEMO_USER_ID = 'demo-user';

/** The id of the demo summary. */
export const DEMO_SUMMARY_ID = 'demo-summary';

/** Returns the demo summary as Zoom would send it. */
export function demoSummary() {
  return {
    ai_call_summary_id: DEMO_SUMMARY_ID,
    account_id: 'demo-account',
    call_id: '7018317023722949162',
    user_id: DEMO_USER_ID,
    call_summary_rate: 'thumb_up',
    transcript_language: 'en',
    call_summary:
      'Dana from Northwind called about invoice 4471, which was charged twice in November. ' +
      'Sam confirmed the duplicate charge and opened a refund request.',
    next_steps: 'Sam sends the refund confirmation by Friday. Dana checks the December statement.',
    detailed_summary:
      'Dana reported that the November invoice 4471 appeared twice on the company card. ' +
      'Sam found both charges in the billing system, confirmed the second one was a retry after a ' +
      'payment gateway timeout, and opened refund request R-2291. Refunds take five to seven ' +
      'business days. Dana asked for a written confirmation for the finance team.',
    created_time: '2025-11-28T15:04:12Z',
    modified_time: '2025-11-28T15:04:12Z',
    edited: false,
  };
}
