// introspectToken on a Server-to-Server token, next to jwt-decode and the floor: the bare cost of
// reading the token (base64url-decode and JSON.parse of the payload) and of materialising the
// report in JavaScript (JSON.parse of the report's own JSON text).
import { readFileSync } from 'node:fs';

import { jwtDecode } from 'jwt-decode';

import { introspectToken } from '../pkg/index.node.js';
import { compareMedians, formatNs } from './lib.mjs';

const NOW = 1764590400;
const MAX_RATIO_TO_FLOOR = 3;

function readS2sToken() {
  const examples = JSON.parse(readFileSync(new URL('../examples/tokens.json', import.meta.url), 'utf8'));
  return examples.find((example) => example.name === 's2s-fresh').input;
}

export default {
  title: 'introspectToken on a Server-to-Server token (median time per call)',
  run() {
    const token = readS2sToken();
    const payload = token.split('.')[1];
    // Computed once, outside the timed loop: the floor only parses the text.
    const reportText = JSON.stringify(introspectToken(token, { now: NOW }));

    const medians = compareMedians({
      introspectToken: () => introspectToken(token, { now: NOW }),
      jwtDecode: () => jwtDecode(token),
      floor: () => [JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), JSON.parse(reportText)],
    });
    const ratioToFloor = medians.introspectToken / medians.floor;
    const ratioToJwtDecode = medians.introspectToken / medians.jwtDecode;

    return {
      rows: [
        ['introspectToken', formatNs(medians.introspectToken)],
        ["jwt-decode's jwtDecode", formatNs(medians.jwtDecode)],
        ['floor (decode + 2 JSON.parse)', formatNs(medians.floor)],
        ['introspectToken / floor', `${ratioToFloor.toFixed(2)}x`],
        ['introspectToken / jwtDecode', `${ratioToJwtDecode.toFixed(2)}x`],
      ],
      checks: [
        {
          name: 'introspectToken <= 3x floor',
          pass: ratioToFloor <= MAX_RATIO_TO_FLOOR,
          detail: `${ratioToFloor.toFixed(2)}x`,
        },
      ],
    };
  },
};
