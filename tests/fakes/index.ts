/*
 * Local stand-ins for outside services, speaking their HTTP APIs on 127.0.0.1, started by
 * scripts/test.ts before the application boots. The application talks to them through the
 * official SDKs, pointed here by environment variables.
 */
import { startSendgridFake } from './sendgrid.ts'
import { startTwilioFake } from './twilio.ts'
import { startAiEmulatorFake } from './ai_emulator.ts'

export interface Fakes {
  env: Record<string, string>
  stop(): Promise<void>
}

export async function startFakes(): Promise<Fakes> {
  const started: { env: Record<string, string>; stop(): Promise<void> }[] = []
  started.push(await startSendgridFake(), await startTwilioFake(), await startAiEmulatorFake())
  const env = Object.assign({}, ...started.map((fake) => fake.env))
  return {
    env,
    async stop() {
      await Promise.all(started.map((fake) => fake.stop()))
    },
  }
}
