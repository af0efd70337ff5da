/**
 * Built-in examples, one click each. The values are real-shaped Zoom responses and tokens
 * (synthetic tokens with Zoom's header and claims) from reports of these failures. Each
 * example runs at a fixed clock, `now`, so that its result does not change with the date.
 */

/** Clock in epoch seconds (2025-12-01T12:00:00Z) at which every example is judged. */
export const EXAMPLE_NOW = 1764590400;

/**
 * Examples in the order the widget shows them. `panel` is the panel that runs the example
 * and `fields` maps that panel's field names to the values filled in.
 */
export const EXAMPLES = Object.freeze([
  {
    id: "master-path-104",
    label: "Master path, code 104",
    description: "A Server-to-Server app calls the master-account path and Zoom responds that the master scope is missing.",
    panel: "failure",
    now: EXAMPLE_NOW,
    fields: {
      status: "400",
      headers: "x-zm-trackingid: v=2.0;clid=us06;rid=WEB_b6d5fa4765ccedc651cecf8bd1c50bf3\n",
      body: "{\"code\": 104, \"message\": \"Invalid access token, does not contain scopes: [phone:read:ai_call_summary:master].\"}",
      method: "GET",
      url: "https://api.zoom.us/v2/accounts/-BtKaWMavWqCvJvXwB7zZA/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3",
      token: "{\"access_token\": \"eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCIsImtpZCI6IjJkYTBjZTY1LTMxN2QtYWYwMi0xMzc5LTE4Y2VmZjkwMjgzMSJ9.eyJ2ZXIiOjEwLCJhdWlkIjoiMjg3YWI0NTgwZGNmODFmNjE4MjExMjkyMDRiOGVlY2RiMWEyYTJjYzFiZjBiYjgxNjc2NjQ0YWIyNDkxOGIxZSIsImNvZGUiOiJ3T1BKZ0d1ZTVIa1ZoNnhtb3RES0ZsYnF1bUVLV1VLZHoiLCJpc3MiOiJ6bTpjaWQ6LVVBZHRYcVhlUEVNdFJHOG5lRGpkYSIsImdubyI6MCwidHlwZSI6MywiYXVkIjoiaHR0cHM6Ly9vYXV0aC56b29tLnVzIiwidWlkIjoibGlVX0ZaS0NoWXhaY1FCSUc1ZWQ5aiIsIm5iZiI6MTc2NDU4OTgwMCwiZXhwIjoxNzY0NTkzNDAwLCJpYXQiOjE3NjQ1ODk4MDAsImFpZCI6Ii1CdEthV01hdldxQ3ZKdlh3Qjd6WkEifQ.domoMnRt0iRUrpCSe8IbOQKZd72uI7EBXaX4UzCm4MLGrdeJBoyZe80plYo6sEXnSVMuyQwOSVnUz2W5vvCu9g\", \"token_type\": \"bearer\", \"expires_in\": 3599, \"scope\": \"phone:read:ai_call_summary:admin phone:read:list_call_logs:admin user:read:user:admin phone:read:ai_call_summary:master\", \"api_url\": \"https://api.zoom.us\"}",
    },
  },
  {
    id: "s2s-403",
    label: "S2S token, 403",
    description: "A Server-to-Server token with the admin scope gets 403 on the user-level path.",
    panel: "failure",
    now: EXAMPLE_NOW,
    fields: {
      status: "403",
      headers: "x-zm-trackingid: v=2.0;clid=us06;rid=WEB_02b3fe55033894eec53edf6c724b2712\n",
      body: "{\"code\": 403, \"message\": \"You do not have permission\"}",
      method: "GET",
      url: "https://api.zoom.us/v2/phone/user/liU_FZKChYxZcQBIG5ed9j/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3",
      token: "{\"access_token\": \"eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCIsImtpZCI6IjJkYTBjZTY1LTMxN2QtYWYwMi0xMzc5LTE4Y2VmZjkwMjgzMSJ9.eyJ2ZXIiOjEwLCJhdWlkIjoiMjg3YWI0NTgwZGNmODFmNjE4MjExMjkyMDRiOGVlY2RiMWEyYTJjYzFiZjBiYjgxNjc2NjQ0YWIyNDkxOGIxZSIsImNvZGUiOiJ3T1BKZ0d1ZTVIa1ZoNnhtb3RES0ZsYnF1bUVLV1VLZHoiLCJpc3MiOiJ6bTpjaWQ6LVVBZHRYcVhlUEVNdFJHOG5lRGpkYSIsImdubyI6MCwidHlwZSI6MywiYXVkIjoiaHR0cHM6Ly9vYXV0aC56b29tLnVzIiwidWlkIjoibGlVX0ZaS0NoWXhaY1FCSUc1ZWQ5aiIsIm5iZiI6MTc2NDU4OTgwMCwiZXhwIjoxNzY0NTkzNDAwLCJpYXQiOjE3NjQ1ODk4MDAsImFpZCI6Ii1CdEthV01hdldxQ3ZKdlh3Qjd6WkEifQ.domoMnRt0iRUrpCSe8IbOQKZd72uI7EBXaX4UzCm4MLGrdeJBoyZe80plYo6sEXnSVMuyQwOSVnUz2W5vvCu9g\", \"token_type\": \"bearer\", \"expires_in\": 3599, \"scope\": \"phone:read:ai_call_summary:admin phone:read:list_call_logs:admin user:read:user:admin\", \"api_url\": \"https://api.zoom.us\"}",
    },
  },
  {
    id: "me-with-s2s",
    label: "\"me\" with S2S",
    description: "A Server-to-Server token asks for user 'me', which only user-managed apps can use.",
    panel: "failure",
    now: EXAMPLE_NOW,
    fields: {
      status: "401",
      headers: "x-zm-trackingid: v=2.0;clid=us06;rid=WEB_65e81e64953d37b0303f97e447f51669\n",
      body: "{\"code\": 124, \"message\": \"You do not have permission.\", \"status\": 401, \"statusText\": \"Unauthorized\"}",
      method: "GET",
      url: "https://api.zoom.us/v2/phone/user/me/ai_call_summary/0if0jfVXG1Oxrnk6JM0wt3",
      token: "{\"access_token\": \"eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCIsImtpZCI6IjJkYTBjZTY1LTMxN2QtYWYwMi0xMzc5LTE4Y2VmZjkwMjgzMSJ9.eyJ2ZXIiOjEwLCJhdWlkIjoiMjg3YWI0NTgwZGNmODFmNjE4MjExMjkyMDRiOGVlY2RiMWEyYTJjYzFiZjBiYjgxNjc2NjQ0YWIyNDkxOGIxZSIsImNvZGUiOiJ3T1BKZ0d1ZTVIa1ZoNnhtb3RES0ZsYnF1bUVLV1VLZHoiLCJpc3MiOiJ6bTpjaWQ6LVVBZHRYcVhlUEVNdFJHOG5lRGpkYSIsImdubyI6MCwidHlwZSI6MywiYXVkIjoiaHR0cHM6Ly9vYXV0aC56b29tLnVzIiwidWlkIjoibGlVX0ZaS0NoWXhaY1FCSUc1ZWQ5aiIsIm5iZiI6MTc2NDU4OTgwMCwiZXhwIjoxNzY0NTkzNDAwLCJpYXQiOjE3NjQ1ODk4MDAsImFpZCI6Ii1CdEthV01hdldxQ3ZKdlh3Qjd6WkEifQ.domoMnRt0iRUrpCSe8IbOQKZd72uI7EBXaX4UzCm4MLGrdeJBoyZe80plYo6sEXnSVMuyQwOSVnUz2W5vvCu9g\", \"token_type\": \"bearer\", \"expires_in\": 3599, \"scope\": \"phone:read:ai_call_summary:admin phone:read:list_call_logs:admin user:read:user:admin\", \"api_url\": \"https://api.zoom.us\"}",
    },
  },
  {
    id: "expired-token",
    label: "Expired token",
    description: "A Server-to-Server access token minted two hours earlier, one hour past its expiry.",
    panel: "token",
    now: EXAMPLE_NOW,
    fields: {
      input: "eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIiwidiI6IjIuMCIsImtpZCI6IjkxZGU1ZDFkLTRkMDQtNGFjNC0yOWI2LTJiZGQ5ZWIyN2ExYSJ9.eyJ2ZXIiOjEwLCJhdWlkIjoiN2M2NWRmZmUzMDg0YTEzOGM5Y2I0ZjMzMzllZGVjZjNhYWUzMzM1ODM1OWJmZGMzYzMxMDEzNTkxNGM3OGZmMiIsImNvZGUiOiJIUlRrWVgySzNzNWZBOGlBNHVOU1BIdEQxeHBPU24xbFciLCJpc3MiOiJ6bTpjaWQ6LVVBZHRYcVhlUEVNdFJHOG5lRGpkYSIsImdubyI6MCwidHlwZSI6MywiYXVkIjoiaHR0cHM6Ly9vYXV0aC56b29tLnVzIiwidWlkIjoibGlVX0ZaS0NoWXhaY1FCSUc1ZWQ5aiIsIm5iZiI6MTc2NDU4MzIwMCwiZXhwIjoxNzY0NTg2ODAwLCJpYXQiOjE3NjQ1ODMyMDAsImFpZCI6Ii1CdEthV01hdldxQ3ZKdlh3Qjd6WkEifQ.HqdW0YCx7VPncNfWOe5Hv33yANrtKDZmNE4K7ZPwQl91Sbf9qCwfADylszNHo7nKuvadJ2wTDC24H1iauDRWEA",
    },
  },
]);
