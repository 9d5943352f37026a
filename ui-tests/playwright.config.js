/**
 * Playwright configuration of the jupyter-autopilot browser tests.
 *
 * - Galata's base config, driving Debian's Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH):
 *   no `npx playwright install` is ever needed.
 * - The webServer starts JupyterLab itself (`npm start`: prepare_jobs.py fills the jobs folder,
 *   then `jupyter lab --config jupyter_server_test_config.py`) on a fixed port.
 * - One worker: the tests share one JupyterLab (and 2 cores). Failing tests leave a screenshot
 *   and a trace (open it with `npx playwright show-trace <trace.zip>`) in test-results/.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

const PORT = Number(process.env.AUTOPILOT_UI_TESTS_PORT || 8917);
const BASE_URL = `http://localhost:${PORT}`;

module.exports = {
  ...baseConfig,
  testDir: './tests',
  outputDir: 'test-results',
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }]
  ],
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // generous: 2 cores, and the first chart of a run loads plotly.js
  timeout: 120 * 1000,
  expect: { timeout: 20 * 1000 },
  use: {
    ...baseConfig.use,
    baseURL: BASE_URL,
    viewport: { width: 1400, height: 900 },
    video: 'off', // would need Playwright's own ffmpeg download
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 20 * 1000,
    navigationTimeout: 60 * 1000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic'
      ]
    }
  },
  webServer: {
    command: 'npm start',
    url: `${BASE_URL}/lab`,
    // the first start trains the demo jobs with the local runner
    timeout: 420 * 1000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe'
  }
};
