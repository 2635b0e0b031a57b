import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { SessionModel } from './session.ts'
import type { OrgModel } from './org.ts'
import type { ThemeModel } from './theme.ts'
import type { NoticeModel } from './notices.ts'

export interface AppModels {
  session: SessionModel
  org: OrgModel
  theme: ThemeModel
  notices: NoticeModel
}

export const AppContext = createContext<AppModels | null>(null)

export function useApp(): AppModels {
  const models = useContext(AppContext)
  if (!models) throw new Error('useApp() outside <AppContext.Provider>')
  return models
}
