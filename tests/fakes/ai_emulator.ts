/*
 * The local AI emulator (app/ai/emulator) as a test fake. OpenAI and Anthropic get "platform"
 * keys pointing at it, as an operator's environment would; Gemini and Groq have none, so
 * organizations run them on the emulator, labelled `emulator`. Tests drive faults and read the
 * request log through its control API at FAKE_AI_URL.
 */
import { startEmulator } from '../../app/ai/emulator/server.ts'

export async function startAiEmulatorFake() {
  const emulator = await startEmulator({
    tokenDelayMs: 5,
    slowFirstByteMs: 500,
    maxLoggedRequests: 2000,
  })
  return {
    env: {
      FAKE_AI_URL: emulator.url,
      AI_EMULATOR_URL: emulator.url,
      OPENAI_API_KEY: 'sk-platform-test-key',
      OPENAI_BASE_URL: `${emulator.url}/v1`,
      ANTHROPIC_API_KEY: 'sk-ant-platform-test-key',
      ANTHROPIC_BASE_URL: emulator.url,
      GEMINI_BASE_URL: emulator.url,
      GROQ_BASE_URL: emulator.url,
      // Organizations' own credentials in tests point at the emulator on 127.0.0.1.
      AI_ALLOW_HTTP: 'true',
      AI_ALLOWED_PRIVATE_HOSTS: '127.0.0.1',
      // Short enough that the timeout tests stay fast, long enough for every healthy call.
      AI_TIMEOUT_MS: '1500',
      AI_MAX_ATTEMPTS: '2',
      // A stream opens after 0.5 s without a first token; heartbeats every 0.2 s of silence.
      AI_STREAM_OPEN_WAIT_MS: '500',
      AI_SSE_HEARTBEAT_MS: '200',
      AI_RETRY_AFTER_CAP_SECONDS: '2',
      EXECUTION_FLUSH_INTERVAL_MS: '100',
    },
    stop: () => emulator.close(),
  }
}
