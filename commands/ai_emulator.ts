/*
 * `node ace ai:emulator`: runs the local AI emulator until SIGINT/SIGTERM. It needs nothing
 * from the application (no database, no providers), so it does not boot it.
 */
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { startEmulator } from '#ai/emulator/server'

export default class AiEmulator extends BaseCommand {
  static commandName = 'ai:emulator'
  static description =
    'Start the local AI emulator (OpenAI, Anthropic, Gemini and Groq wire formats)'
  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Port to listen on (0 picks a free one)', default: 4010 })
  declare port: number

  @flags.string({ description: 'Interface to bind', default: '127.0.0.1' })
  declare host: string

  @flags.number({ description: 'Pause between streamed tokens, in ms', default: 5 })
  declare tokenDelay: number

  @flags.number({ description: 'Pause before every answer starts, in ms', default: 0 })
  declare firstByteDelay: number

  async run() {
    const emulator = await startEmulator({
      port: this.port,
      host: this.host,
      tokenDelayMs: this.tokenDelay,
      firstByteDelayMs: this.firstByteDelay,
    })
    // bin/console.ts turns SIGINT/SIGTERM into app.terminate(), which runs this hook.
    this.app.terminating(async () => {
      await emulator.close()
      this.logger.info('AI emulator stopped')
    })

    this.logger.success(`AI emulator listening on ${emulator.url}`)
    this.logger.log(
      [
        `  OPENAI_BASE_URL=${emulator.url}/v1`,
        `  ANTHROPIC_BASE_URL=${emulator.url}`,
        `  GEMINI_BASE_URL=${emulator.url}`,
        `  GROQ_BASE_URL=${emulator.url}`,
        `  faults:   POST ${emulator.url}/__emulator/faults {"fault":"rate_limit","count":2}`,
        `  requests: GET  ${emulator.url}/__emulator/requests`,
      ].join('\n')
    )
  }
}
