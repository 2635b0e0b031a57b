import { useApp } from '../state/context.ts'

/** One polite live region for confirmations; errors stay next to what failed. */
export function Notices() {
  const { notices } = useApp()
  return (
    <div class="notices" role="status" aria-live="polite">
      {notices.items.value.map((notice) => (
        <div key={notice.id} class={`notice notice-${notice.tone}`}>
          <span>{notice.text}</span>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => notices.dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
