import { useLocation } from 'preact-iso'
import { useEffect } from 'preact/hooks'
import { Loading } from './states.tsx'

export function Redirect({ to }: { to: string }) {
  const { route } = useLocation()
  useEffect(() => route(to, true), [to])
  return <Loading label="Redirecting…" />
}
