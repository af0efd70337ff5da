// classifyFailure on the case `seed-master-path-104` of tests/cases/failures.json (a call to the
// master-account path that Zoom rejected with code 104), next to its floor: JSON.parse of the same
// response body plus JSON.parse of the diagnosis's own JSON text. The floor is a lower bound for any
// JavaScript classifier that reads the input and returns an object of the same shape.
import { readFileSync } from 'node:fs';

import { classifyFailure } from '../pkg/index.node.js';
import { compareMedians, formatNs } from './lib.mjs';

const NOW = 1764590400;
const CASE_ID = 'seed-master-path-104';
const MAX_RATIO_TO_FLOOR = 3;

function readSeedCase() {
  const cases = JSON.parse(readFileSync(new URL('../tests/cases/failures.json', import.meta.url), 'utf8'));
  const seed = cases.find((item) => item.id === CASE_ID);
  if (!seed) {
    throw new Error(`tests/cases/failures.json has no case ${CASE_ID}`);
  }
  return seed;
}

export default {
  title: `classifyFailure on ${CASE_ID} (median time per call)`,
  run() {
    const seed = readSeedCase();
    const context = { ...seed.context, now: NOW };
    const diagnosis = classifyFailure(seed.response, context);
    if (diagnosis.kind !== seed.expect.kind) {
      throw new Error(`classifyFailure returned ${diagnosis.kind} for ${CASE_ID}, expected ${seed.expect.kind}`);
    }
    // Computed once, outside the timed loop: the floor only parses the text.
    const diagnosisText = JSON.stringify(diagnosis);

    const medians = compareMedians({
      classifyFailure: () => classifyFailure(seed.response, context),
      floor: () => [JSON.parse(seed.response.body), JSON.parse(diagnosisText)],
    });
    const ratio = medians.classifyFailure / medians.floor;

    return {
      rows: [
        ['classifyFailure', formatNs(medians.classifyFailure)],
        ['floor (2 JSON.parse)', formatNs(medians.floor)],
        ['classifyFailure / floor', `${ratio.toFixed(2)}x`],
        ['diagnosis JSON size', `${diagnosisText.length} characters`],
      ],
      checks: [{ name: `classifyFailure <= ${MAX_RATIO_TO_FLOOR}x floor`, pass: ratio <= MAX_RATIO_TO_FLOOR, detail: `${ratio.toFixed(2)}x` }],
    };
  },
};
